import Foundation

/// The block adopt owns in a build file, between `# socksify-check: begin` and `# socksify-check: end`
/// lines: a second adopt replaces it instead of adding another.
enum MarkedBlock {
    static let begin = "# socksify-check: begin"
    static let end = "# socksify-check: end"

    /// The byte range of the existing block: from the line the begin marker starts to the end of
    /// the end marker's line (CRLF or LF).
    static func find(in bytes: [UInt8]) -> Range<Int>? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "\n" + Self.begin).map({ text.index(after: $0.lowerBound) })
                ?? (text.hasPrefix(Self.begin) ? text.startIndex : nil),
              let endMarker = text.range(of: Self.end, range: start..<text.endIndex) else { return nil }
        var stop = endMarker.upperBound
        if stop < text.endIndex, text[stop] == "\r\n" || text[stop] == "\n" { stop = text.index(after: stop) }
        return text.utf8.distance(from: text.startIndex, to: start)..<text.utf8.distance(from: text.startIndex, to: stop)
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

    /// The edit that puts `lines` over the old block, else at the end of `path` (on a line of its
    /// own when the file does not end with a newline).
    static func append(path: String, lines: [String]) throws -> FileEdit {
        var edit = try edit(path: path, lines: lines) { $0.count }
        if edit.range.isEmpty, let last = FileManager.default.contents(atPath: path)?.last, last != UInt8(ascii: "\n") {
            edit.replacement = "\n" + edit.replacement
        }
        return edit
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

    /// The edit that puts the block's lines (begin and end markers included) into a Makefile, in
    /// its line endings: over the block an earlier adopt wrote, else at the end after a blank line.
    static func place(_ lines: [String], in makefile: LoadedMakefile) -> FileEdit {
        let newline = makefile.syntax.lineEnding
        let text = lines.joined(separator: newline) + newline
        if let block = makefile.block {
            return FileEdit(path: makefile.path, range: block.range, replacement: text)
        }
        let count = makefile.syntax.bytes.count
        let separator = count == 0 ? "" : (makefile.syntax.endsWithNewline ? newline : newline + newline)
        return FileEdit(path: makefile.path, range: count..<count, replacement: separator + text)
    }

    /// The begin marker with the command that wrote the block (`options`: further arguments).
    static func header(_ profile: AdoptProfile, sourceMode: Bool, options: [String] = []) -> String {
        let command = ["adopt"] + (sourceMode ? ["--source"] : []) + ["--profile", profile.profile.rawValue, "--library", profile.library] + options
        return "\(Self.begin) (\(SocksifyCheckInfo.name) \(command.joined(separator: " ")); run it again to update this block)"
    }
}
