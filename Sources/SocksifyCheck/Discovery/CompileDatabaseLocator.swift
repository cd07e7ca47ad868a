import ClangSupport
import Foundation

/// Finds compile_commands.json the way clang-tidy does and turns its entries into parse requests.
enum CompileDatabaseLocator {
    static let fileName = CompilationDatabase.fileName

    /// The database file: `-p DIR` (or `-p FILE`), else PATH/compile_commands.json or
    /// PATH/build/compile_commands.json for a single PATH.
    static func locate(options: ScanOptions, targets: [String]) throws -> String? {
        if let explicit = options.compileCommandsDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: explicit, isDirectory: &isDirectory) else {
                let named = explicit.hasSuffix(".json") ? explicit : explicit + "/" + fileName
                throw ScanInputError.badCompilationDatabase(named, reason: "no such file or directory")
            }
            let file = isDirectory.boolValue ? explicit + "/" + fileName : explicit
            guard FileManager.default.fileExists(atPath: file) else {
                throw ScanInputError.badCompilationDatabase(file, reason: "no such file")
            }
            return file
        }
        guard targets.count == 1, let root = targets.first else { return nil }
        return [root + "/" + fileName, root + "/build/" + fileName].first { FileManager.default.fileExists(atPath: $0) }
    }

    static func units(from database: String, limitedTo targets: [String], extraArguments: [String]) throws -> [ParseRequest] {
        let commands: [CompileCommand]
        do {
            commands = try CompilationDatabase.load(file: database)
        } catch let error as CompilationDatabaseError {
            switch error {
            case let .unreadable(path, reason), let .malformed(path, reason):
                throw ScanInputError.badCompilationDatabase(path, reason: reason)
            }
        }
        // A database that yields no unit is never traded for a guess at every .c file: the user (or
        // the build) pointed at it, so an empty one is a mistake to name, not a reason to fall back.
        guard !commands.isEmpty else {
            throw ScanInputError.badCompilationDatabase(database, reason: "it has no entries (an empty list); generate it with the build (cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, bear -- make)")
        }
        var seen: Set<String> = []
        let units = commands.compactMap { command -> ParseRequest? in
            // Duplicate entries (one file built twice, e.g. for a static and a shared library): the first wins.
            guard command.file.hasSuffix(".c"), targets.contains(where: { FilePaths.isInside(FilePaths.real(command.file), directory: $0) }),
                  seen.insert(command.file).inserted else { return nil }
            return ParseRequest(file: command.file, arguments: compilerArguments(command) + extraArguments,
                                workingDirectory: command.directory)
        }
        .sorted { $0.file < $1.file }
        guard !units.isEmpty else {
            let count = commands.count
            throw ScanInputError.badCompilationDatabase(database, reason: "none of its \(count) entr\(count == 1 ? "y is" : "ies is") a C source (.c) under \(targets.joined(separator: ", "))")
        }
        return units
    }

    /// The command's parse flags, with `-w` added: the project's warnings are not ours to report.
    static func compilerArguments(_ command: CompileCommand) -> [String] {
        command.parseArguments + ["-w"]
    }
}
