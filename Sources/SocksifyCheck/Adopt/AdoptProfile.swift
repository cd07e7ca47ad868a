import SocksifyAnalysis

/// The renames and the library one adoption puts into a build.
struct AdoptProfile: Equatable {
    var profile: Profile
    var library: String

    /// The `R…` symbols the library exports, when it could be asked; nil: not installed here.
    var exports: Set<String>?

    init(profile: Profile, library: String? = nil, exports: Set<String>? = nil) {
        self.profile = profile
        self.library = library ?? profile.defaultLibrary
        self.exports = exports
    }

    /// The profile's renames the library can satisfy: `-Drcmd=Rrcmd` against a library without
    /// Rrcmd would break the link of every program that calls rcmd.
    var renamedFunctions: [String] {
        profile.renamedFunctions.filter { exports?.contains("R" + $0) ?? true }
    }

    /// The profile's renames the library cannot satisfy.
    var missingRenames: [String] {
        profile.renamedFunctions.filter { !(exports?.contains("R" + $0) ?? true) }
    }

    var defines: String {
        renamedFunctions.map { "-D\($0)=R\($0)" }.joined(separator: " ")
    }

    var linkFlag: String { "-l\(library)" }

}
