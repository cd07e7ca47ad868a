import Foundation
import SocksifyAnalysis

/// The renames and the library one adoption puts into a build.
struct AdoptProfile: Equatable {
    var profile: Profile
    var library: String

    init(profile: Profile, library: String? = nil) {
        self.profile = profile
        self.library = library ?? profile.defaultLibrary
    }

    var renamedFunctions: [String] { profile.renamedFunctions }

    var defines: String {
        renamedFunctions.map { "-D\($0)=R\($0)" }.joined(separator: " ")
    }

    var linkFlag: String { "-l\(library)" }

    static func isValidLibraryName(_ name: String) -> Bool { Profile.isValidLibraryName(name) }
}
