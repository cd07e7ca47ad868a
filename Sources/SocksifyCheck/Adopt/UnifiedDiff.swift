/// A unified diff of one file, in the form both `git apply` and `patch -p1` accept: `a/`, `b/`
/// prefixes, three lines of context, `\ No newline at end of file` where a side ends without one.
enum UnifiedDiff {
    static let context = 3

    /// `old` nil for a new file. Bytes, not text: a Latin-1 comment must survive the round trip.
    static func file(path: String, old: [UInt8]?, new: [UInt8]) -> [UInt8] {
        let before = lines(old ?? [])
        let after = lines(new)
        guard old == nil || before != after else { return [] }
        var header = "diff --git a/\(path) b/\(path)\n"
        if old == nil { header += "new file mode 100644\n" }
        header += "--- \(old == nil ? "/dev/null" : "a/" + path)\n+++ b/\(path)\n"
        return Array(header.utf8) + hunks(before, after).flatMap { $0 }
    }

    /// Lines with their terminators kept, so a missing final newline is a difference of its own.
    private static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            result.append(Array(bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { result.append(Array(bytes[start...])) }
        return result
    }

    private enum Step: Equatable { case keep, delete, insert }

    /// Myers' O(ND) shortest edit script: adoption changes few lines, so D stays small.
    private static func script(_ a: [[UInt8]], _ b: [[UInt8]]) -> [Step] {
        let n = a.count, m = b.count
        let offset = n + m + 1
        var frontier = [Int](repeating: 0, count: 2 * offset + 1)
        var trace: [[Int]] = []
        search: for d in 0...(n + m) {
            trace.append(frontier)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]))
                    ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                frontier[offset + k] = x
                if x >= n && y >= m { break search }
            }
        }
        var steps: [Step] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY { steps.append(.keep); x -= 1; y -= 1 }
            if d > 0 { steps.append(x == previousX ? .insert : .delete) }
            x = previousX
            y = previousY
        }
        return steps.reversed()
    }

    private static func hunks(_ a: [[UInt8]], _ b: [[UInt8]]) -> [[UInt8]] {
        let steps = script(a, b)
        // Each step's position in a and b.
        var positions: [(Step, Int, Int)] = []
        var i = 0, j = 0
        for step in steps {
            positions.append((step, i, j))
            switch step {
            case .keep: i += 1; j += 1
            case .delete: i += 1
            case .insert: j += 1
            }
        }
        let changed = positions.indices.filter { positions[$0].0 != .keep }
        guard !changed.isEmpty else { return [] }
        var groups: [ClosedRange<Int>] = []
        for index in changed {
            let low = max(0, index - context), high = min(positions.count - 1, index + context)
            if let last = groups.last, low <= last.upperBound + 1 {
                groups[groups.count - 1] = last.lowerBound...max(last.upperBound, high)
            } else {
                groups.append(low...high)
            }
        }
        return groups.map { group in
            var body: [UInt8] = []
            var oldCount = 0, newCount = 0
            for index in group {
                let (step, x, y) = positions[index]
                switch step {
                case .keep: body += line(" ", a[x]); oldCount += 1; newCount += 1
                case .delete: body += line("-", a[x]); oldCount += 1
                case .insert: body += line("+", b[y]); newCount += 1
                }
            }
            let (_, firstOld, firstNew) = positions[group.lowerBound]
            let oldStart = oldCount == 0 ? firstOld : firstOld + 1
            let newStart = newCount == 0 ? firstNew : firstNew + 1
            return Array("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n".utf8) + body
        }
    }

    private static func line(_ marker: String, _ bytes: [UInt8]) -> [UInt8] {
        let text = Array(marker.utf8) + bytes
        return bytes.last == UInt8(ascii: "\n") ? text : text + Array("\n\\ No newline at end of file\n".utf8)
    }
}
