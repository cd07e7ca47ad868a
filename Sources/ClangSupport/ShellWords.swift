import Foundation

/// The one shell-word splitter. Three readers need a command line cut into words, each with a
/// little more of the shell's grammar:
/// - `compile_commands.json`'s `command` field and response files (`split`): blanks separate words,
///   single quotes keep everything, double quotes keep everything but `\"`, `\\`, `\$` and `` \` ``,
///   a backslash outside quotes keeps the next character (clang's own JSON reader does the same;
///   expansions are not performed);
/// - a line of a make dry run as the shell runs it (`.shellLine`): also the operators `;`, `&`,
///   `&&`, `|`, `||`, newline and a subshell's parentheses, with `$(…)` and `` `…` `` kept whole;
/// - a Makefile recipe as written (`.makeRecipe`): make's `$(…)`/`${…}` references are one word
///   however many blanks they hold, quotes stay in the word, and each word keeps its byte range so
///   an edit can be placed after it.
/// Works on UTF-8 bytes: every character that matters is ASCII, and a database of a thousand
/// commands split by grapheme took a tenth of a re-run.
public enum ShellWords {
    public enum Grammar: Sendable {
        case compileCommand, shellLine, makeRecipe
    }

    public struct Token: Equatable, Sendable {
        /// The word as the shell passes it on (quotes removed), or the operator (`;`, `&&`, `(`, newline).
        public var value: String
        /// The word as written.
        public var raw: String
        /// Byte range within the text.
        public var range: Range<Int>
        public var isOperator: Bool
    }

    public static func split(_ line: String) -> [String] {
        tokens(line, grammar: .compileCommand).map(\.value)
    }

    /// Words a shell reads back as `words`: single-quoted when one holds anything but plain characters.
    public static func quote(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }

    public static func quote(_ word: String) -> String {
        let plain = word.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "-_./=+:,@%".utf8.contains(byte)
        }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    public static func tokens(_ text: String, grammar: Grammar) -> [Token] {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var value: [UInt8] = []
        var start: Int?
        var index = 0
        func finish(at end: Int) {
            guard let begin = start else { return }
            tokens.append(Token(value: String(decoding: value, as: UTF8.self), raw: String(decoding: bytes[begin..<end], as: UTF8.self),
                                range: begin..<end, isOperator: false))
            value.removeAll(keepingCapacity: true)
            start = nil
        }
        func op(_ length: Int) {
            finish(at: index)
            tokens.append(Token(value: String(decoding: bytes[index..<(index + length)], as: UTF8.self),
                                raw: String(decoding: bytes[index..<(index + length)], as: UTF8.self),
                                range: index..<(index + length), isOperator: true))
            index += length
        }
        /// Copies a `$(…)`/`${…}` (or a backquoted command) whole, nested ones included; returns the index after it.
        func copyGroup(from open: Int) -> Int {
            var depth = 0
            var at = open
            let closing: UInt8 = bytes[open] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
            let opening = bytes[open]
            while at < bytes.count {
                let byte = bytes[at]
                value.append(byte)
                if byte == opening { depth += 1 }
                if byte == closing { depth -= 1; if depth == 0 { return at + 1 } }
                at += 1
            }
            return at
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                finish(at: index)
                index += 1
            case UInt8(ascii: "\n"):
                if grammar == .shellLine { op(1) } else { finish(at: index); index += 1 }
            case let byte where grammar == .shellLine && ";&|()".utf8.contains(byte):
                // `2>&1` and `>&2` redirect: the `&` belongs to the word.
                if byte == UInt8(ascii: "&"), let last = value.last, last == UInt8(ascii: ">") || last == UInt8(ascii: "<") {
                    if start == nil { start = index }
                    value.append(byte)
                    index += 1
                } else {
                    let doubled = (byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: ";"))
                        && index + 1 < bytes.count && bytes[index + 1] == byte
                    op(doubled ? 2 : 1)
                }
            case UInt8(ascii: "'"):
                if start == nil { start = index }
                if grammar == .makeRecipe { value.append(byte) }
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "'") { value.append(bytes[index]); index += 1 }
                if grammar == .makeRecipe, index < bytes.count { value.append(bytes[index]) }
                index += 1
            case UInt8(ascii: "\""):
                if start == nil { start = index }
                if grammar == .makeRecipe { value.append(byte) }
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, grammar != .makeRecipe {
                        let escaped = bytes[index + 1]
                        if !"\"\\$`".utf8.contains(escaped) { value.append(UInt8(ascii: "\\")) }
                        value.append(escaped)
                        index += 2
                    } else {
                        value.append(bytes[index])
                        index += 1
                    }
                }
                if grammar == .makeRecipe, index < bytes.count { value.append(bytes[index]) }
                index += 1
            case UInt8(ascii: "`") where grammar == .shellLine:
                if start == nil { start = index }
                value.append(byte)
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "`") { value.append(bytes[index]); index += 1 }
                if index < bytes.count { value.append(bytes[index]) }
                index += 1
            case UInt8(ascii: "$") where grammar != .compileCommand && index + 1 < bytes.count
                    && (bytes[index + 1] == UInt8(ascii: "(") || (grammar == .makeRecipe && bytes[index + 1] == UInt8(ascii: "{"))):
                if start == nil { start = index }
                value.append(byte)
                index = copyGroup(from: index + 1)
            case UInt8(ascii: "\\") where grammar != .makeRecipe:
                if start == nil { start = index }
                if index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") { value.append(bytes[index + 1]) }
                index += 2
            default:
                if start == nil { start = index }
                value.append(byte)
                index += 1
            }
        }
        finish(at: min(index, bytes.count))
        return tokens
    }
}
