/// Which SOCKS library the program will be linked against; some hazards depend on it.
public enum Profile: String, CaseIterable, Codable, Sendable {
    /// The classic SOCKS v4.2 library: the seven renames, `-lsocks`, IPv4 only.
    case socks4
    /// Dante's libsocksd (SOCKS v4 and v5): `-lsocksd`, no Rrcmd.
    case dante
}
