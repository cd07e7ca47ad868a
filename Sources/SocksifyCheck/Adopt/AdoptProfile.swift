/// The renames and the library one adoption puts into a build.
struct AdoptProfile: Equatable {
    var profile: Profile
    var library: String

    init(profile: Profile, library: String? = nil) {
        self.profile = profile
        self.library = library ?? (profile == .dante ? "socksd" : "socks")
    }

    /// The seed's seven renames; Dante has no Rrcmd, but wraps the calls SOCKS v5 relays for UDP.
    var renamedFunctions: [String] {
        switch profile {
        case .socks4: ["connect", "getsockname", "bind", "accept", "listen", "rcmd", "select"]
        case .dante: ["connect", "getsockname", "bind", "accept", "listen", "select",
                      "getpeername", "send", "sendto", "sendmsg", "recv", "recvfrom", "recvmsg"]
        }
    }

    var defines: String {
        renamedFunctions.map { "-D\($0)=R\($0)" }.joined(separator: " ")
    }

    var linkFlag: String { "-l\(library)" }
}
