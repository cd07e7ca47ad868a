import Foundation

/// Which build adopt edits, by what the top of the tree holds. Autotools comes first: its Makefiles
/// are generated (by configure from Makefile.in, by automake from Makefile.am) and an edit to them
/// is lost on the next `config.status`; configure.ac and Makefile.am are the sources.
enum BuildSystemKind: Equatable {
    case make, makefileText, autotools, cmake, none

    static func detect(root: String, useMake: Bool) -> BuildSystemKind {
        let has = { (name: String) in FileManager.default.fileExists(atPath: root + "/" + name) }
        if has("configure.ac") || has("configure.in") { return .autotools }
        if MakefileAdopter.makefileNames.contains(where: has) { return useMake ? .make : .makefileText }
        if has("CMakeLists.txt") { return .cmake }
        return .none
    }
}

/// What adopt does to a build it does not run (autotools, CMake): the edits to its source files,
/// the commands that build it SOCKSified, and what the user should know.
struct BuildFileAdoption {
    var edits: [FileEdit]
    var instructions: [String]
    var notes: [String]
}
