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
    /// make's dry run failed or timed out.
    case makeFailed(directory: String, reason: String)
    /// The dry run of the adopted tree shows a program that would not be SOCKSified.
    case notVerified([String])
    /// A Makefile includes a file outside the tree adopt was given.
    case includeOutside(makefile: String, included: String)
    /// make's dry run links nothing.
    case nothingBuilt(String)
    /// The build model could not be worked out (the configure step in the scratch copy, CMake's
    /// file API): its own words, which name the tree and the step.
    case buildModel(String)
    /// `--program NAME` names nothing the build links.
    case unknownProgram(String, known: [String])

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
        case let .makeFailed(directory, reason): return "\(directory): make's dry run failed: \(reason)"
        case let .notVerified(problems):
            return "the adopted build would not be SOCKSified:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        case let .includeOutside(makefile, included):
            return "\(makefile): includes \(included), which lies outside the tree adopt was given; adopt the directory that holds both"
        case let .nothingBuilt(message): return message
        case let .buildModel(message): return message
        case let .unknownProgram(name, known):
            return "--program \(name): the build links no such program or library (it links: \(known.joined(separator: ", ")))"
        case let .badLibrary(name): return "--library: '\(name)' is not a library name (letters, digits, _ . + -, as in -lNAME)"
        }
    }
}
