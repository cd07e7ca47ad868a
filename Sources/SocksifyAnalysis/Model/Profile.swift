/// Which SOCKS library the program will be linked against: what it renames, what it links, and
/// what it can carry. The one place that knows; rules, the extractor and adopt read it from here.
public enum Profile: String, CaseIterable, Codable, Sendable {
    /// The classic SOCKS v4.2 library: the seven renames, `-lsocks`, IPv4 only.
    case socks4
    /// Dante's libsocksd (SOCKS v4 and v5): `-lsocksd`, no Rrcmd.
    case dante

    /// The functions `-Dname=Rname` renames: the seed's seven for the classic library; Dante has no
    /// Rrcmd, but wraps the calls SOCKS v5 relays for UDP.
    public var renamedFunctions: [String] {
        switch self {
        case .socks4: ["connect", "getsockname", "bind", "accept", "listen", "rcmd", "select"]
        case .dante: ["connect", "getsockname", "bind", "accept", "listen", "select",
                      "getpeername", "send", "sendto", "sendmsg", "recv", "recvfrom", "recvmsg"]
        }
    }

    /// The library a build links when `--library` does not say.
    public var defaultLibrary: String {
        switch self {
        case .socks4: "socks"
        case .dante: "socksd"
        }
    }

    /// SOCKS v5 carries IPv6 addresses; v4 carries IPv4 only.
    public var carriesIPv6: Bool { self == .dante }

    /// A SOCKSified program's UDP goes through the proxy. Neither library does it for the plain
    /// sendto/recvfrom a client writes: Dante's UDP ASSOCIATE needs its own setup, and the end-to-end
    /// tests see an unconnected UDP socket bypass danted.
    public var relaysUDP: Bool { false }

    /// The library has Rrcmd, so rsh-style programs go through the proxy.
    public var hasRrcmd: Bool { renamedFunctions.contains("rcmd") }

    /// A name `-lNAME` can take and a Makefile can hold: letters, digits, `_ . + -`, not starting
    /// with `-` (a newline or a space would write a Makefile make rejects, or a second flag).
    public static func isValidLibraryName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "-" else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "_.+-".unicodeScalars.contains(scalar))
        }
    }

    /// Every name some profile renames: what the extractor collects, before a profile is chosen.
    public static let anyRenamedFunction: Set<String> = Set(allCases.flatMap(\.renamedFunctions))
}
