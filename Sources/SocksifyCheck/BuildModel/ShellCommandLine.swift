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
            var words = part
            // `VAR=value cmd …`, `exec cmd`, `{ cmd; }`: the command is what follows.
            while let first = words.first, first == "exec" || first == "{" || first == "}"
                    || (first.contains("=") && !first.hasPrefix("-") && !first.hasPrefix("=")) {
                words.removeFirst()
            }
            guard !words.isEmpty else { continue }
            if words[0] == "cd", words.count >= 2 {
                current = FilePaths.normalize(FilePaths.resolve(words[1], against: current))
                continue
            }
            result.append(Simple(directory: current, words: words))
        }
        commands = result
    }

    /// The words of each simple command: the line cut at the shell's operators (`;`, `&&`, `||`,
    /// `|`, `&`, newline, a subshell's parentheses) outside quotes and `$(…)`.
    static func simpleCommands(_ line: String) -> [[String]] {
        var parts: [[String]] = [[]]
        for token in ShellWords.tokens(line, grammar: .shellLine) {
            if token.isOperator {
                if !parts[parts.count - 1].isEmpty { parts.append([]) }
            } else {
                parts[parts.count - 1].append(token.value)
            }
        }
        return parts.filter { !$0.isEmpty }
    }
}
