import Foundation
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// A rule example with its `↓` markers taken out and turned into expected (line, column) positions,
/// counted the way clang counts columns: in bytes.
struct MarkedExample {
    static let marker = "↓"

    let source: String
    let expected: [Position]

    struct Position: Hashable, Comparable, CustomStringConvertible {
        var line: Int
        var column: Int
        static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
        var description: String { "\(line):\(column)" }
    }

    init(_ code: String) {
        var source = ""
        var expected: [Position] = []
        for (number, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var text = String(line)
            while let range = text.range(of: Self.marker) {
                expected.append(Position(line: number + 1, column: text[..<range.lowerBound].utf8.count + 1))
                text.removeSubrange(range)
            }
            source += text + "\n"
        }
        self.source = source
        self.expected = expected
    }

    /// The same code where no finding may come from: commented out, in a string, in `#if 0`.
    static func wrappings(of source: String) -> [(name: String, code: String)] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let commented = lines.map { "// " + $0 }.joined(separator: "\n") + "\n"
        let quoted = "static const char *example =\n" + lines.map { line in
            "    \"" + line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\\n\""
        }.joined(separator: "\n") + ";\n"
        let disabled = "#if 0\n" + source + "#endif\n"
        return [("comment", commented), ("string", quoted), ("#if 0", disabled)]
    }
}
