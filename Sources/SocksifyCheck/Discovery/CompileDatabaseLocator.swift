import ClangSupport
import Foundation

/// Finds compile_commands.json the way clang-tidy does and turns its entries into parse requests.
enum CompileDatabaseLocator {
    static let fileName = "compile_commands.json"

    static func locate(options: ScanOptions, targets: [String]) throws -> String? {
        if let explicit = options.compileCommandsDirectory {
            guard FileManager.default.fileExists(atPath: explicit + "/" + fileName) else {
                throw ScanInputError.badCompilationDatabase(explicit + "/" + fileName)
            }
            return explicit
        }
        guard targets.count == 1, let root = targets.first else { return nil }
        return [root, root + "/build"].first { FileManager.default.fileExists(atPath: $0 + "/" + fileName) }
    }

    static func units(from directory: String, limitedTo targets: [String], extraArguments: [String]) throws -> [ParseRequest] {
        let commands: [CompileCommand]
        do {
            commands = try CompilationDatabase.load(directory: directory)
        } catch {
            throw ScanInputError.badCompilationDatabase(directory + "/" + fileName)
        }
        var seen: Set<String> = []
        return commands.compactMap { command in
            let file = FilePaths.normalize(command.file.hasPrefix("/") ? command.file : command.directory + "/" + command.file)
            guard file.hasSuffix(".c"), targets.contains(where: { FilePaths.isInside(FilePaths.real(file), directory: $0) }),
                  seen.insert(file).inserted else { return nil }
            return ParseRequest(file: file, arguments: compilerArguments(command, file: file) + extraArguments,
                                workingDirectory: command.directory)
        }
        .sorted { $0.file < $1.file }
    }

    /// The command without the compiler, the source file and the output options; `-w` added since
    /// the project's warnings are not ours to report.
    static func compilerArguments(_ command: CompileCommand, file: String) -> [String] {
        var result: [String] = []
        var arguments = command.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "-c": continue
            case "-o", "-MF", "-MT", "-MQ": _ = arguments.next()
            case "-MD", "-MMD", "-M", "-MM": continue
            case command.file, file: continue
            default: result.append(argument)
            }
        }
        return result + ["-w"]
    }
}
