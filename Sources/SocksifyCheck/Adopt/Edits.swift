import Foundation

/// Replace `range` of the file at `path` (bytes) with `replacement`. Edits are data: grouped per file,
/// identical ones (a header seen by two units) merged, overlapping ones refused.
struct FileEdit: Hashable, Sendable {
    var path: String
    var range: Range<Int>
    var replacement: String
}

struct EditConflict: Error, CustomStringConvertible {
    var path: String
    var first: Range<Int>
    var second: Range<Int>

    var description: String {
        "\(path): overlapping edits at bytes \(first.lowerBound)-\(first.upperBound) and \(second.lowerBound)-\(second.upperBound); nothing was changed"
    }
}

struct EditSet {
    private(set) var byFile: [String: [FileEdit]] = [:]

    mutating func add(_ edit: FileEdit) {
        if byFile[edit.path]?.contains(edit) == true { return }
        byFile[edit.path, default: []].append(edit)
    }

    mutating func add(_ edits: [FileEdit]) { edits.forEach { add($0) } }

    var isEmpty: Bool { byFile.values.allSatisfy(\.isEmpty) }

    /// The file's new bytes. Throws when two edits overlap (two insertions at one point count).
    static func apply(_ edits: [FileEdit], to bytes: [UInt8]) throws -> [UInt8] {
        let sorted = edits.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        for (a, b) in zip(sorted, sorted.dropFirst())
        where b.range.lowerBound < a.range.upperBound || (a.range.isEmpty && b.range.lowerBound == a.range.lowerBound) {
            throw EditConflict(path: a.path, first: a.range, second: b.range)
        }
        var result: [UInt8] = []
        var position = 0
        for edit in sorted {
            result += bytes[position..<edit.range.lowerBound]
            result += Array(edit.replacement.utf8)
            position = edit.range.upperBound
        }
        result += bytes[position...]
        return result
    }
}
