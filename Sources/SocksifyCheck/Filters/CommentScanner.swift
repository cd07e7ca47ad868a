/// The comments of a C file, found by a small lexer that knows string and character literals (a
/// `/*` inside a string is no comment) and line continuations. Used only to read suppression
/// directives; the analysis itself never reads C text.
struct SourceComment: Equatable {
    var text: String
    var line: Int
    var column: Int
    var endLine: Int
}

enum CommentScanner {
    static func comments(in bytes: [UInt8]) -> [SourceComment] {
        var comments: [SourceComment] = []
        var index = 0
        var line = 1
        var lineStart = 0
        func advance() {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if byte == UInt8(ascii: "/") && next == UInt8(ascii: "/") {
                let start = index, startLine = line, column = index - lineStart + 1
                while index < bytes.count {
                    // A backslash-newline continues a // comment onto the next line.
                    if bytes[index] == UInt8(ascii: "\n") && !(index > 0 && bytes[index - 1] == UInt8(ascii: "\\")) { break }
                    advance()
                }
                comments.append(SourceComment(text: String(decoding: bytes[(start + 2)..<index], as: UTF8.self),
                                              line: startLine, column: column, endLine: line))
            } else if byte == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                let start = index, startLine = line, column = index - lineStart + 1
                advance(); advance()
                while index < bytes.count && !(bytes[index] == UInt8(ascii: "*") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/")) {
                    advance()
                }
                let end = min(index, bytes.count)
                comments.append(SourceComment(text: String(decoding: bytes[(start + 2)..<max(start + 2, end)], as: UTF8.self),
                                              line: startLine, column: column, endLine: line))
                if index < bytes.count { advance(); advance() }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                advance()
                while index < bytes.count && bytes[index] != byte && bytes[index] != UInt8(ascii: "\n") {
                    if bytes[index] == UInt8(ascii: "\\") && index + 1 < bytes.count { advance() }
                    advance()
                }
                if index < bytes.count { advance() }
            } else {
                advance()
            }
        }
        return comments
    }
}
