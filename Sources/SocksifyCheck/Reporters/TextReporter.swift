import Foundation
import SocksifyAnalysis

/// clang's diagnostic format, so editors and terminals that understand clang understand this:
/// `path:line:col: error: message [rule]`, the source line, a caret under the reported token.
public struct TextReporter {
    public var useColor: Bool
    /// Print each unit's parse-error note; otherwise the CLI summarises them by missing header.
    public var parseErrorsInline: Bool

    public init(useColor: Bool, parseErrorsInline: Bool = true) {
        self.useColor = useColor
        self.parseErrorsInline = parseErrorsInline
    }

    public func render(_ result: ScanResult) -> String {
        var sources = SourceLines(rootDirectory: result.rootDirectory)
        var output = ""
        for finding in result.report.findings where parseErrorsInline || finding.rule != "parse-error" {
            let place = displayPath(finding.path, prefix: result.displayPrefix)
            output += header(place, finding.line, finding.column, label(finding.severity),
                             "\(finding.message) [\(finding.rule)]")
            output += excerpt(&sources, finding.path, finding.line, finding.column,
                              width: (finding.endColumn ?? finding.column + 1) - finding.column)
            for note in finding.notes {
                output += header(displayPath(note.path, prefix: result.displayPrefix), note.line, note.column,
                                 label(.note), note.message)
                output += excerpt(&sources, note.path, note.line, note.column, width: 1)
            }
        }
        return output
    }

    /// The summary with what suppressions and the baseline hid.
    public static func summary(_ result: ScanResult) -> String {
        var hidden: [String] = []
        if result.suppressed > 0 { hidden.append("\(result.suppressed) suppressed") }
        if result.baselined > 0 { hidden.append("\(result.baselined) in the baseline") }
        return summary(result.report) + (hidden.isEmpty ? "" : "; " + hidden.joined(separator: ", "))
    }

    /// The line stderr gets: `3 errors, 1 warning in 12 translation units`.
    public static func summary(_ report: Report) -> String {
        let summary = report.summary
        var parts = [plural(summary.errors, "error"), plural(summary.warnings, "warning")]
        if summary.notes > 0 { parts.append(plural(summary.notes, "note")) }
        var line = parts.joined(separator: ", ") + " in " + plural(summary.translationUnits, "translation unit")
        if summary.filesWithParseErrors > 0 {
            line += " (\(summary.filesWithParseErrors) with parse errors)"
        }
        return line
    }

    private static func plural(_ count: Int, _ word: String) -> String {
        "\(count) \(word)\(count == 1 ? "" : "s")"
    }

    private func displayPath(_ path: String, prefix: String) -> String {
        // A byte of a name that is not UTF-8 as `\xFF`, as ls -b shows it, not as a private-use character.
        RawFileName.escaped(FilePaths.display(path, prefix: prefix))
    }

    private func header(_ path: String, _ line: Int, _ column: Int, _ label: String, _ message: String) -> String {
        "\(paint("\(path):\(line):\(column):", .bold)) \(label) \(paint(message, .bold))\n"
    }

    private func label(_ severity: Severity) -> String {
        switch severity {
        case .error: paint("error:", .red)
        case .warning: paint("warning:", .magenta)
        case .note: paint("note:", .cyan)
        }
    }

    /// The source line with tabs expanded as a terminal shows them, and the caret under the column.
    private func excerpt(_ sources: inout SourceLines, _ path: String, _ line: Int, _ column: Int, width: Int) -> String {
        // No excerpt from binary data: it would put control bytes on the user's terminal.
        guard var text = sources.line(line, of: path), !text.contains("\u{0}") else { return "" }
        var column = column
        var bytes = Array(text.utf8)
        // A window of a long line around the column, as clang shows it, never the whole of a minified
        // or generated megabyte.
        if bytes.count > Self.lineWindow {
            let start = Self.characterBoundary(bytes, max(0, min(column - 1 - Self.lineWindow / 2, bytes.count - Self.lineWindow)))
            let end = Self.characterBoundary(bytes, min(bytes.count, start + Self.lineWindow))
            let prefix = start > 0 ? "..." : ""
            text = prefix + String(decoding: bytes[start..<end], as: UTF8.self) + (end < bytes.count ? "..." : "")
            column = column - start + prefix.utf8.count
            bytes = Array(text.utf8)
        }
        let before = String(decoding: bytes.prefix(max(0, column - 1)), as: UTF8.self)
        let shown = Self.expandTabs(text)
        let indent = Self.expandTabs(before).count
        let caret = "^" + String(repeating: "~", count: max(0, width - 1))
        return shown + "\n" + String(repeating: " ", count: indent) + paint(caret, .green) + "\n"
    }

    /// Bytes of a long source line shown around the reported column.
    static let lineWindow = 160

    /// `index` moved back to the start of the UTF-8 character it falls in.
    static func characterBoundary(_ bytes: [UInt8], _ index: Int) -> Int {
        var index = index
        while index > 0, index < bytes.count, bytes[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }

    static func expandTabs(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "\t" {
                result += String(repeating: " ", count: 8 - result.count % 8)
            } else {
                result.append(character)
            }
        }
        return result
    }

    private enum Style: String {
        case bold = "1", red = "1;31", magenta = "1;35", cyan = "1;36", green = "1;32"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
