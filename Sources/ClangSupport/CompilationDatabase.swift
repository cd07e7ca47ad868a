import CClang

/// One entry of a compile_commands.json, as libclang's own reader splits it.
public struct CompileCommand: Hashable, Sendable {
    public var directory: String
    public var file: String
    /// The whole command line, compiler first.
    public var arguments: [String]
}

public enum CompilationDatabaseError: Error, Equatable, Sendable {
    case cannotLoad(directory: String)
}

public enum CompilationDatabase {
    /// Reads `directory/compile_commands.json`.
    public static func load(directory: String) throws -> [CompileCommand] {
        var error = CXCompilationDatabase_NoError
        guard let database = clang_CompilationDatabase_fromDirectory(directory, &error),
              error == CXCompilationDatabase_NoError else {
            throw CompilationDatabaseError.cannotLoad(directory: directory)
        }
        defer { clang_CompilationDatabase_dispose(database) }
        guard let commands = clang_CompilationDatabase_getAllCompileCommands(database) else { return [] }
        defer { clang_CompileCommands_dispose(commands) }
        return (0..<clang_CompileCommands_getSize(commands)).map { position in
            let command = clang_CompileCommands_getCommand(commands, position)
            return CompileCommand(
                directory: consume(clang_CompileCommand_getDirectory(command)),
                file: consume(clang_CompileCommand_getFilename(command)),
                arguments: (0..<clang_CompileCommand_getNumArgs(command)).map {
                    consume(clang_CompileCommand_getArg(command, $0))
                }
            )
        }
    }
}
