import Foundation

/// The block adopt owns in a build file, between `# socksify-check: begin` and `# socksify-check: end`
/// lines: a second adopt replaces it instead of adding another.
enum MarkedBlock {
    /// The byte range of the existing block: from the line the begin marker starts to the end of
    /// the end marker's line (CRLF or LF).
    static func find(in bytes: [UInt8]) -> Range<Int>? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let begin = text.range(of: "\n" + MakefileAdopter.blockBegin).map({ text.index(after: $0.lowerBound) })
                ?? (text.hasPrefix(MakefileAdopter.blockBegin) ? text.startIndex : nil),
              let endMarker = text.range(of: MakefileAdopter.blockEnd, range: begin..<text.endIndex) else { return nil }
        var end = endMarker.upperBound
        if end < text.endIndex, text[end] == "\r\n" || text[end] == "\n" { end = text.index(after: end) }
        return text.utf8.distance(from: text.startIndex, to: begin)..<text.utf8.distance(from: text.startIndex, to: end)
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

    /// The begin marker with the command that wrote the block (`options`: further arguments).
    static func header(_ profile: AdoptProfile, sourceMode: Bool, options: [String] = []) -> String {
        let command = ["adopt"] + (sourceMode ? ["--source"] : []) + ["--profile", profile.profile.rawValue, "--library", profile.library] + options
        return "\(MakefileAdopter.blockBegin) (\(SocksifyCheckInfo.name) \(command.joined(separator: " ")); run it again to update this block)"
    }
}
