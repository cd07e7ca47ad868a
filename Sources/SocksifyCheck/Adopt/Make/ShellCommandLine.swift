import Foundation
import ClangSupport

/// One line of a make dry run as the shell would run it: simple commands split at `;`, `&&`, `||`
/// and `|` outside quotes, with the directory each runs in (`cd sub; cc …` runs cc in `sub`).
struct ShellCommandLine: Equatable {
    struct Simple: Equatable {
        var directory: String
        var words: [String]
    }

    var commands: [Simple]

    init(_ line: String, directory: String) {
        var current = directory
        var result: [Simple] = []
        for part in Self.simpleCommands(line) {
            var words = ShellWords.split(part)
            // `VAR=value cmd …`, `exec cmd`, `( cmd )`: the command is what follows.
            while let first = words.first, first == "exec" || first == "(" || first == "{"
                    || (first.contains("=") && !first.hasPrefix("-") && !first.hasPrefix("=")) {
                words.removeFirst()
            }
            if let first = words.first, first.hasPrefix("("), first.count > 1 { words[0].removeFirst() }
            guard !words.isEmpty else { continue }
            if words[0] == "cd", words.count >= 2 {
                current = FilePaths.normalize(FilePaths.resolve(words[1], against: current))
                continue
            }
            result.append(Simple(directory: current, words: words))
        }
        commands = result
    }

    /// The line cut at the shell's command separators outside quotes and `$(…)`.
    static func simpleCommands(_ line: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var depth = 0
        var previous: Character = " "
        var characters = line.makeIterator()
        var pending: Character?
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return characters.next()
        }
        while let character = next() {
            defer { previous = character }
            if let open = quote {
                current.append(character)
                if character == open && previous != "\\" { quote = nil }
                continue
            }
            switch character {
            case "'", "\"", "`":
                if previous == "\\" { current.append(character); continue }
                quote = character
                current.append(character)
            case "(" where previous == "$":
                depth += 1
                current.append(character)
            case ")" where depth > 0:
                depth -= 1
                current.append(character)
            case "(", ")":
                // A subshell's parentheses group commands: they end one.
                parts.append(current)
                current = ""
            case ";" where depth == 0, "&" where depth == 0, "|" where depth == 0:
                if let following = next() {
                    if following != character { pending = following }
                }
                parts.append(current)
                current = ""
            case "\n" where depth == 0:
                parts.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
