import SocksifySource
import Foundation

/// The edit that deletes a needless `bind(...);` statement: only when the call is a statement of its
/// own (what precedes it ends a statement or opens a block, a `;` follows it), so deleting it cannot
/// change what the code around it means. A line left empty goes entirely.
package enum BindFixIt {
    package static func deletion(of call: SourceRange) -> DiagnosisFixIt? {
        guard let data = FileManager.default.contents(atPath: call.start.file) else { return nil }
        let bytes = [UInt8](data)
        var end = call.end.offset
        guard end <= bytes.count else { return nil }
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { return nil }
        end += 1
        var before = call.start.offset - 1
        while before >= 0, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[before]) {
            before -= 1
        }
        guard before < 0 || [UInt8(ascii: ";"), UInt8(ascii: "{"), UInt8(ascii: "}")].contains(bytes[before]) else { return nil }

        var start = call.start.offset
        var lineStart = start
        while lineStart > 0, bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") { lineStart -= 1 }
        var lineEnd = end
        while lineEnd < bytes.count, bytes[lineEnd] == UInt8(ascii: " ") || bytes[lineEnd] == UInt8(ascii: "\t") { lineEnd += 1 }
        if (lineStart == 0 || bytes[lineStart - 1] == UInt8(ascii: "\n")), lineEnd < bytes.count, bytes[lineEnd] == UInt8(ascii: "\n") {
            start = lineStart
            end = lineEnd + 1
        }
        return DiagnosisFixIt(start: location(of: start, in: bytes, file: call.start.file),
                              end: location(of: end, in: bytes, file: call.start.file), replacement: "")
    }

    private static func location(of offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return SourceLocation(file: file, line: line, column: offset - lineStart + 1, offset: offset)
    }
}
