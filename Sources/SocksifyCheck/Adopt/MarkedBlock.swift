import Foundation

/// The block adopt owns in a build file, between `# socksify-check: begin` and `# socksify-check: end`
/// lines: a second adopt replaces it instead of adding another.
enum MarkedBlock {
    /// The byte range of the existing block, begin line to end line inclusive.
    static func find(in bytes: [UInt8]) -> Range<Int>? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let begin = text.range(of: MakefileAdopter.blockBegin),
              let end = text.range(of: MakefileAdopter.blockEnd, range: begin.upperBound..<text.endIndex) else { return nil }
        let lineStart = text[..<begin.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        var lineEnd = end.upperBound
        if lineEnd < text.endIndex, text[lineEnd] == "\n" { lineEnd = text.index(after: lineEnd) }
        return text.utf8.distance(from: text.startIndex, to: lineStart)..<text.utf8.distance(from: text.startIndex, to: lineEnd)
    }

    /// The edit that puts `lines` (a block) into `path`: over the old block, else at `insertAt(bytes)`.
    static func edit(path: String, lines: [String], insertAt: ([UInt8]) -> Int) throws -> FileEdit {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AdoptError.unreadable(path: path, reason: "cannot read it")
        }
        let bytes = [UInt8](data)
        if bytes.contains(0) { throw AdoptError.notText(path: path) }
        let text = (lines).joined(separator: "\n") + "\n"
        if let block = find(in: bytes) { return FileEdit(path: path, range: block, replacement: text) }
        let at = insertAt(bytes)
        return FileEdit(path: path, range: at..<at, replacement: text)
    }

    /// The byte offset just after the line that ends the first command whose line starts with one of
    /// `commands` (case-insensitive), counting parentheses so a command over several lines is whole;
    /// nil when there is none.
    static func offset(afterCommand commands: [String], in bytes: [UInt8]) -> Int? {
        lineStart(ofCommand: commands, in: bytes).map { start in
            var depth = 0
            var seenParen = false
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "(") { depth += 1; seenParen = true }
                if byte == UInt8(ascii: ")") { depth -= 1 }
                if byte == UInt8(ascii: "\n") && (!seenParen || depth <= 0) { return index + 1 }
                index += 1
            }
            return bytes.count
        }
    }

    /// The byte offset where the first line that starts with one of `commands` begins.
    static func lineStart(ofCommand commands: [String], in bytes: [UInt8]) -> Int? {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
            if commands.contains(where: { line.hasPrefix($0.lowercased()) }) { return start }
            start = end + 1
        }
        return nil
    }

    static func header(_ profile: AdoptProfile, sourceMode: Bool) -> String {
        "\(MakefileAdopter.blockBegin) (\(SocksifyCheckInfo.name) adopt\(sourceMode ? " --source" : "") --profile \(profile.profile.rawValue) --library \(profile.library); run it again to update this block)"
    }
}
