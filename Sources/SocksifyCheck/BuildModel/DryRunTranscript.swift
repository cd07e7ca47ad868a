import Foundation

/// What `make -n -B -w` printed, as the build steps it would run, each in the directory make (or a
/// `cd` in the recipe) would run it in. `-w` makes every make, recursive ones included, print the
/// directory it enters and leaves.
struct DryRunTranscript {
    var steps: [BuildStep]
    /// Directories make entered, in order (each once).
    var directories: [String]
    /// Recursive makes the recipes run that make itself did not follow in its dry run (a line that
    /// runs `${SUBMAKE}` rather than `$(MAKE)`): directory and arguments, for adopt to dry-run.
    var unfollowedMakes: [(directory: String, arguments: [String])] = []
    /// The programs recipe lines run that are neither compilers, archivers nor make (`./compile`).
    var otherPrograms: [String] = []
    /// make's own messages (`make[1]: *** No rule to make target …`), for error reports.
    var messages: [String]

    init(output: String, directory: String) {
        var stack = [directory]
        var steps: [BuildStep] = []
        var directories: [String] = []
        var messages: [String] = []
        var pending = ""
        var makes: [(directory: String, arguments: [String])] = []
        var otherPrograms: [String] = []
        var waiting: [(directory: String, arguments: [String])] = []
        for rawLine in output.split(separator: "\n", omittingEmptySubsequences: false) {
            // A recipe line continued with a backslash is printed as make ran it: join it back.
            if rawLine.hasSuffix("\\") {
                pending += rawLine.dropLast() + " "
                continue
            }
            let line = Self.withoutSourceTests(pending + rawLine)
            pending = ""
            if let (verb, path) = Self.directoryMessage(line) {
                // A make invocation followed at once by a directory entry is one make ran itself.
                if verb == "Entering" { waiting = [] }
                makes += waiting
                waiting = []
                if verb == "Entering" {
                    stack.append(path)
                    if !directories.contains(path) { directories.append(path) }
                } else if stack.count > 1 {
                    stack.removeLast()
                }
                continue
            }
            if Self.isMakeMessage(line) {
                messages.append(line)
                continue
            }
            for command in ShellCommandLine(line, directory: stack.last ?? directory).commands {
                if let step = BuildStep(command) {
                    steps.append(step)
                } else if let first = command.words.first, !["echo", "printf", "true", ":", "test", "[", "rm", "mkdir", "cat", "set"].contains(first),
                          !Self.makePrograms.contains((first as NSString).lastPathComponent), !otherPrograms.contains(first) {
                    otherPrograms.append(first)
                }
                if let make = Self.makeInvocation(command) { waiting.append(make) }
            }
            if !line.trimmingCharacters(in: .whitespaces).isEmpty, !waiting.isEmpty, !line.contains("make") {
                makes += waiting
                waiting = []
            }
        }
        self.steps = steps
        self.directories = directories.isEmpty ? [directory] : directories
        self.messages = messages
        unfollowedMakes = makes + waiting
        self.otherPrograms = otherPrograms
    }

    static let makePrograms: Set<String> = ["make", "gmake", "gnumake"]

    /// `make -C sub all` or `cd sub; make all`: the directory it runs in and the arguments left
    /// (without -C, -f and the dry-run flags the caller adds back).
    static func makeInvocation(_ command: ShellCommandLine.Simple) -> (directory: String, arguments: [String])? {
        guard let first = command.words.first, makePrograms.contains((first as NSString).lastPathComponent) else { return nil }
        var directory = command.directory
        var arguments: [String] = []
        var index = 1
        let words = command.words
        while index < words.count {
            let word = words[index]
            if word == "-C", index + 1 < words.count {
                directory = FilePaths.normalize(FilePaths.resolve(words[index + 1], against: directory))
                index += 2
                continue
            }
            if word.hasPrefix("-C") && word.count > 2 {
                directory = FilePaths.normalize(FilePaths.resolve(String(word.dropFirst(2)), against: directory))
            } else if word.hasPrefix("--directory=") {
                directory = FilePaths.normalize(FilePaths.resolve(String(word.dropFirst("--directory=".count)), against: directory))
            } else if word.hasPrefix("-") && !word.hasPrefix("--") && !word.contains("=") && word.allSatisfy({ $0.isLetter || $0 == "-" }) {
                // Single-letter flags (`-Bnw`, `-e`, `-s`): keep -e (environment overrides), drop the rest.
                if word.contains("e") && !word.hasPrefix("--") { arguments.append("-e") }
            } else {
                arguments.append(word)
            }
            index += 1
        }
        return (directory, arguments)
    }

    /// `make[2]: Entering directory '/x/y'` → ("Entering", "/x/y").
    static func directoryMessage(_ line: String) -> (String, String)? {
        guard isMakeMessage(line), let colon = line.firstIndex(of: ":") else { return nil }
        let rest = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        for verb in ["Entering", "Leaving"] where rest.hasPrefix(verb + " directory ") {
            var path = String(rest.dropFirst(verb.count + " directory ".count))
            if let first = path.first, "'`\"".contains(first) { path.removeFirst() }
            if let last = path.last, "'\"".contains(last) { path.removeLast() }
            return (verb, path)
        }
        return nil
    }

    /// Lines make prints itself: `make: …`, `make[3]: …`, `gmake: …`.
    static func isMakeMessage(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        var program = line[..<colon]
        if program.hasSuffix("]"), let bracket = program.lastIndex(of: "[") {
            guard program[program.index(after: bracket)..<program.index(before: program.endIndex)].allSatisfy(\.isNumber) else { return false }
            program = program[..<bracket]
        }
        return makePrograms.contains((String(program) as NSString).lastPathComponent)
    }

    /// automake names the source of an object with per-program flags through the shell:
    /// `` `test -f 'talkie.c' || echo './'`talkie.c ``, the file in the build directory if it is
    /// there, else in the source directory. The copy builds in place (the source directory is the
    /// build directory), so the file's own name is what the shell would give.
    static func withoutSourceTests(_ line: String) -> String {
        guard line.contains("`test -f '") else { return line }
        return line.replacingOccurrences(of: #"`test -f '[^'`]*' \|\| echo '[^'`]*'`"#, with: "", options: .regularExpression)
    }
}
