/// Splits a command line into words the way a POSIX shell does for `compile_commands.json`'s
/// `command` field and for response files: blanks separate words, single quotes keep everything,
/// double quotes keep everything but `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes keeps
/// the next character. (clang's own JSON reader does the same; expansions are not performed.)
/// Works on UTF-8 bytes: every character that matters is ASCII, and a database of a thousand
/// commands split by grapheme took a tenth of a re-run.
public enum ShellWords {
    public static func split(_ line: String) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        var inWord = false
        var bytes = line.utf8.makeIterator()
        func finish() {
            words.append(String(decoding: word, as: UTF8.self))
            word.removeAll(keepingCapacity: true)
            inWord = false
        }
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if inWord { finish() }
            case UInt8(ascii: "'"):
                inWord = true
                while let next = bytes.next(), next != UInt8(ascii: "'") { word.append(next) }
            case UInt8(ascii: "\""):
                inWord = true
                while let next = bytes.next(), next != UInt8(ascii: "\"") {
                    if next == UInt8(ascii: "\\"), let escaped = bytes.next() {
                        if !"\"\\$`".utf8.contains(escaped) { word.append(UInt8(ascii: "\\")) }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            case UInt8(ascii: "\\"):
                inWord = true
                if let escaped = bytes.next(), escaped != UInt8(ascii: "\n") { word.append(escaped) }
            default:
                inWord = true
                word.append(byte)
            }
        }
        if inWord { finish() }
        return words
    }
}
