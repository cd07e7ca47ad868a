import Foundation

/// Line/column positions of a fix-it turned back into byte edits of the file.
enum SourceText {
    static func edit(_ fix: FixIt, root: String) -> FileEdit? {
        let path = FilePaths.resolve(fix.path, against: root)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard let start = offset(line: fix.line, column: fix.column, in: bytes),
              let end = offset(line: fix.endLine, column: fix.endColumn, in: bytes), start <= end else { return nil }
        return FileEdit(path: path, range: start..<end, replacement: fix.replacement)
    }

    static func offset(line: Int, column: Int, in bytes: [UInt8]) -> Int? {
        var current = 1
        var index = 0
        while current < line {
            guard let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            index = newline + 1
            current += 1
        }
        let offset = index + column - 1
        return offset <= bytes.count ? offset : nil
    }
}
