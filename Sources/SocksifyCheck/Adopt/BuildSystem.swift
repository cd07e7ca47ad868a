import Foundation

/// Which build adopt edits, and how it read it. The raw values are the JSON plan's `buildSystem`
/// (a public interface: cases are added, never renamed).
public enum BuildSystem: String, Sendable, Codable, CaseIterable {
    /// Plain Makefiles read through make's dry runs.
    case make
    /// Plain Makefiles read as text only (`--no-make`).
    case makefileText = "makefile-text"
    case autotools
    case cmake

    /// The build system by what the top of the tree holds; nil when none is known. Autotools comes
    /// first: its Makefiles are generated (by configure from Makefile.in, by automake from
    /// Makefile.am) and an edit to them is lost on the next `config.status`; configure.ac and
    /// Makefile.am are the sources.
    static func detect(root: String, useMake: Bool) -> BuildSystem? {
        let has = { (name: String) in FileManager.default.fileExists(atPath: root + "/" + name) }
        if has("configure.ac") || has("configure.in") { return .autotools }
        if LoadedMakefile.names.contains(where: has) { return useMake ? .make : .makefileText }
        if has("CMakeLists.txt") { return .cmake }
        return nil
    }

    /// Build files of systems adopt does not read, for the message that says there is no Makefile.
    static func otherBuildFiles(in directory: String) -> [String] {
        ["CMakeLists.txt", "configure.ac", "configure.in", "Makefile.am", "Makefile.in", "meson.build", "configure"]
            .filter { FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }
}

/// What adopt does to a build it does not run (autotools, CMake): the edits to its source files,
/// the commands that build it SOCKSified, and what the user should know.
struct BuildFileAdoption {
    var edits: [FileEdit]
    var instructions: [String]
    var notes: [String]
}
