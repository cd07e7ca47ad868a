import Foundation

/// One entry of a compile_commands.json, with its paths made absolute.
public struct CompileCommand: Hashable, Sendable {
    public init(directory: String, file: String, arguments: [String]) {
        self.directory = directory
        self.file = file
        self.arguments = arguments
    }

    /// The directory the compiler ran in (absolute).
    public var directory: String
    /// The source file (absolute, `.`/`..` removed).
    public var file: String
    /// The whole command line, compiler first, response files (`@file`) expanded.
    public var arguments: [String]
}

extension CompileCommand {
    /// Compiler launchers that put the real compiler second on the line.
    public static let launchers: Set<String> = ["ccache", "distcc", "sccache", "icecc"]

    /// The command as flags for a parse of `file`: without the compiler (and its launcher), the
    /// source file however it is spelled (bear writes `file` absolute and the argument relative),
    /// the output and dependency options.
    public var parseArguments: [String] {
        var words = arguments[...]
        if let first = words.first, Self.launchers.contains((first as NSString).lastPathComponent) { words = words.dropFirst() }
        var result: [String] = []
        var rest = words.dropFirst().makeIterator()
        while let argument = rest.next() {
            switch argument {
            case "-c", "-MD", "-MMD", "-M", "-MM", "-MP": continue
            case "-o", "-MF", "-MT", "-MQ": _ = rest.next()
            case _ where argument.hasPrefix("-o") && argument.count > 2: continue
            case _ where !argument.hasPrefix("-") && CompilationDatabase.absolute(argument, from: directory) == file: continue
            default: result.append(argument)
            }
        }
        return result
    }
}

public enum CompilationDatabaseError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): cannot be read: \(reason)"
        case let .malformed(path, reason): "\(path): not a compile database: \(reason)"
        }
    }
}

/// Reads compile_commands.json as CMake, bear, compiledb and meson write it. Our own reader rather
/// than libclang's: libclang prints its YAML errors to stderr and resolves a relative `directory`
/// against the current directory, where the format means the database's own folder.
public enum CompilationDatabase {
    public static let fileName = "compile_commands.json"

    public static func load(directory: String) throws -> [CompileCommand] {
        try load(file: directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName)
    }

    public static func load(file path: String) throws -> [CompileCommand] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CompilationDatabaseError.unreadable(path: path, reason: (error as NSError).localizedFailureReason ?? "no such file or permission denied")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CompilationDatabaseError.malformed(path: path, reason: "invalid JSON (\(Self.jsonProblem(error)))")
        }
        guard let entries = json as? [Any] else {
            throw CompilationDatabaseError.malformed(path: path, reason: "the top level must be an array of entries")
        }
        let databaseFolder = (absolute(path, from: FileManager.default.currentDirectoryPath) as NSString).deletingLastPathComponent
        return try entries.enumerated().map { position, entry in
            func problem(_ text: String) -> CompilationDatabaseError {
                .malformed(path: path, reason: "entry \(position + 1): \(text)")
            }
            guard let entry = entry as? [String: Any] else { throw problem("not an object") }
            guard let directoryField = entry["directory"] as? String else { throw problem("no \"directory\" string") }
            guard let fileField = entry["file"] as? String else { throw problem("no \"file\" string") }
            let directory = absolute(directoryField, from: databaseFolder)
            var words: [String]
            if let arguments = entry["arguments"] {
                guard let list = arguments as? [String] else { throw problem("\"arguments\" is not a list of strings") }
                words = list
            } else if let command = entry["command"] {
                guard let line = command as? String else { throw problem("\"command\" is not a string") }
                words = ShellWords.split(line)
            } else {
                throw problem("neither \"arguments\" nor \"command\"")
            }
            guard !words.isEmpty else { throw problem("an empty command") }
            words = expandResponseFiles(words, directory: directory)
            return CompileCommand(directory: directory, file: absolute(fileField, from: directory), arguments: words)
        }
    }

    /// `path` made absolute against `base`, with `.` and `..` removed.
    public static func absolute(_ path: String, from base: String) -> String {
        PathSyntax.normalize(path.hasPrefix("/") ? path : base + "/" + path)
    }

    /// `@file` words replaced by the words the file holds (relative to the compiler's directory),
    /// nested ones too; a response file that cannot be read stays as written, as gcc leaves it.
    static func expandResponseFiles(_ words: [String], directory: String, depth: Int = 0) -> [String] {
        guard depth < 16, words.contains(where: { $0.hasPrefix("@") }) else { return words }
        return words.flatMap { word -> [String] in
            guard word.hasPrefix("@"), word.count > 1,
                  let text = try? String(contentsOfFile: absolute(String(word.dropFirst()), from: directory), encoding: .utf8)
            else { return [word] }
            return expandResponseFiles(ShellWords.split(text), directory: directory, depth: depth + 1)
        }
    }

    private static func jsonProblem(_ error: Error) -> String {
        let info = (error as NSError).userInfo
        return (info["NSDebugDescription"] as? String) ?? "unreadable"
    }
}
