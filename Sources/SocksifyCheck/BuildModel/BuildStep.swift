import Foundation

/// A command of a dry run that compiles, links or archives C: what goes in, what comes out, with
/// every path absolute. Anything else a recipe runs (echo, install, sed) is not a build step.
struct BuildStep: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// `cc -c`: sources to objects.
        case compile
        /// `cc … -o prog`: objects (or sources, compiled on the way) into a program.
        case link
        /// `cc -shared … -o lib.so`.
        case sharedLibrary
        /// `ar rcs lib.a members…`.
        case archive
    }

    var kind: Kind
    var directory: String
    /// The command as make printed it (for messages).
    var words: [String]
    /// The `.c` files named on the command line.
    var sources: [String]
    /// Objects and archives named as inputs, in order.
    var inputs: [String]
    /// What it writes: the object, program, library or archive.
    var output: String
    /// The `-l` libraries, in order, each with its position among the words.
    var libraries: [(name: String, index: Int)]
    /// Where the last input (object, archive or source) is among the words.
    var lastInputIndex: Int?

    static func == (lhs: BuildStep, rhs: BuildStep) -> Bool {
        lhs.kind == rhs.kind && lhs.directory == rhs.directory && lhs.words == rhs.words
    }

    static func isArchiver(_ word: String) -> Bool {
        let name = (word as NSString).lastPathComponent
        return name == "ar" || name.hasSuffix("-ar") || name == "llvm-ar" || name == "gcc-ar"
    }

    /// The build step a simple command is, or nil.
    init?(_ command: ShellCommandLine.Simple) {
        var words = command.words
        var offset = 0
        while let first = words.first, ["ccache", "distcc", "sccache", "icecc", "libtool", "nice"].contains((first as NSString).lastPathComponent) {
            words.removeFirst()
            offset += 1
            // libtool's own options (`--tag=CC --mode=compile`) come before the compiler.
            if (first as NSString).lastPathComponent == "libtool" {
                while let option = words.first, option.hasPrefix("--") || option == "--silent" {
                    words.removeFirst()
                    offset += 1
                }
            }
        }
        // automake runs libtool through the shell: `/bin/bash ../libtool --tag=CC --mode=link gcc …`.
        if words.count > 2, ["sh", "bash", "dash"].contains((words[0] as NSString).lastPathComponent),
           (words[1] as NSString).lastPathComponent == "libtool" {
            words.removeFirst(2)
            offset += 2
            while let option = words.first, option.hasPrefix("--") {
                words.removeFirst()
                offset += 1
            }
        }
        guard let driver = words.first else { return nil }
        let directory = command.directory
        func absolute(_ path: String) -> String { FilePaths.normalize(FilePaths.resolve(path, against: directory)) }
        if Self.isArchiver(driver) {
            guard words.count >= 3, !words[1].contains("t"), !words[1].contains("x"), words[1].contains("r") || words[1].contains("q"),
                  words[2].hasSuffix(".a") else { return nil }
            let members = words.dropFirst(3).filter { $0.hasSuffix(".o") }.map(absolute)
            self.init(kind: .archive, directory: directory, words: command.words, sources: [], inputs: members,
                      output: absolute(words[2]), libraries: [], lastInputIndex: nil)
            return
        }
        guard CompilerDriver.isCompiler(driver) else { return nil }
        var sources: [String] = []
        var inputs: [String] = []
        var output: String?
        var libraries: [(String, Int)] = []
        var compileOnly = false
        var shared = false
        var lastInput: Int?
        var index = 1
        // Options whose value is the next word.
        let separateValue: Set<String> = ["-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter",
                                          "-x", "-MF", "-MT", "-MQ", "-L", "-Xlinker", "-Xassembler", "-Xpreprocessor", "-arch",
                                          "-l", "-T", "-u", "-z", "--sysroot", "-target", "-aux-info"]
        while index < words.count {
            let word = words[index]
            defer { index += 1 }
            switch word {
            case "-c", "-S", "-E", "-M", "-MM": compileOnly = true
            case "-shared": shared = true
            case "-o":
                if index + 1 < words.count { output = words[index + 1] }
                index += 1
            case "-l":
                if index + 1 < words.count { libraries.append((words[index + 1], index + offset + 1)) }
                index += 1
            default:
                if word.hasPrefix("-o") && word.count > 2 && !word.hasPrefix("-openmp") {
                    output = String(word.dropFirst(2))
                } else if word.hasPrefix("-l") && word.count > 2 {
                    libraries.append((String(word.dropFirst(2)), index + offset))
                } else if separateValue.contains(word) {
                    index += 1
                } else if !word.hasPrefix("-") {
                    if word.hasSuffix(".c") {
                        sources.append(absolute(word))
                        lastInput = index + offset
                    } else if word.hasSuffix(".o") || word.hasSuffix(".a") || word.hasSuffix(".lo") || word.hasSuffix(".la") || word.range(of: #"\.so(\.[0-9]+)*$"#, options: .regularExpression) != nil {
                        inputs.append(absolute(word))
                        lastInput = index + offset
                    }
                }
            }
        }
        if compileOnly {
            // `cc -E` and dependency runs write no object.
            guard command.words.contains("-c"), sources.count >= 1 else { return nil }
            let object = output.map(absolute) ?? absolute(((sources[0] as NSString).lastPathComponent as NSString).deletingPathExtension + ".o")
            self.init(kind: .compile, directory: directory, words: command.words, sources: sources, inputs: [], output: object,
                      libraries: [], lastInputIndex: lastInput)
            return
        }
        guard !sources.isEmpty || inputs.contains(where: { $0.hasSuffix(".o") || $0.hasSuffix(".a") }) else { return nil }
        self.init(kind: shared ? .sharedLibrary : .link, directory: directory, words: command.words, sources: sources, inputs: inputs,
                  output: absolute(output ?? "a.out"), libraries: libraries, lastInputIndex: lastInput)
    }

    init(kind: Kind, directory: String, words: [String], sources: [String], inputs: [String], output: String,
         libraries: [(name: String, index: Int)], lastInputIndex: Int?) {
        self.kind = kind
        self.directory = directory
        self.words = words
        self.sources = sources
        self.inputs = inputs
        self.output = output
        self.libraries = libraries
        self.lastInputIndex = lastInputIndex
    }

    /// The command as one line, for messages.
    var text: String { words.joined(separator: " ") }
}
