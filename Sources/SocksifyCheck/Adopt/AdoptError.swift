/// Why adopt cannot go on. Each names the file and the problem; the CLI maps them to exit statuses.
public enum AdoptError: Error, Equatable, CustomStringConvertible {
    /// No Makefile: what there is instead, so the user can add the flags by hand.
    case noMakefile(directory: String, found: [String])
    case notText(path: String)
    case unreadable(path: String, reason: String)
    case outsideTree(path: String)
    case conflict(String)
    case writeFailed(path: String, reason: String)
    case badLibrary(String)
    case readOnly(path: String)

    public var description: String {
        switch self {
        case let .noMakefile(directory, found):
            let other = found.isEmpty ? "" : " (found \(found.joined(separator: ", ")): adopt reads Makefiles only and never guesses another build system's)"
            return "\(directory): no Makefile, GNUmakefile or makefile\(other)"
        case let .notText(path): return "\(path): not a text file (it contains NUL bytes); refusing to read it as a Makefile"
        case let .unreadable(path, reason): return "\(path): cannot be read: \(reason)"
        case let .outsideTree(path): return "\(path): lies outside the tree (or is reached through a symlink that leaves it); refusing to edit it"
        case let .conflict(message): return message
        case let .writeFailed(path, reason): return "\(path): could not be written: \(reason); every file is as it was"
        case let .readOnly(path): return "\(path): is read-only; adopt --write leaves it alone unless --force, and nothing was changed"
        case let .badLibrary(name): return "--library: '\(name)' is not a library name (letters, digits, _ . + -, as in -lNAME)"
        }
    }
}
