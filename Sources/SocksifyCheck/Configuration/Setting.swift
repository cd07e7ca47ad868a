/// Every setting is declared once, here: its key in `.socksify-check.yml` is also its command-line
/// flag (`fail-on` is `--fail-on`), and its help text serves both. A flag wins over the file.
public enum Setting: String, CaseIterable, Sendable {
    case profile
    case library
    case failOn = "fail-on"
    case exclude
    case clangArgs = "clang-args"
    case rules
    case maxParseFailures = "max-parse-failures"

    public var help: String {
        switch self {
        case .profile: "The SOCKS library the build will use: socks4 (the classic v4.2 library, default) or dante (libsocksd, SOCKS v5)."
        case .library: "Link against -lNAME instead of the profile's library (Debian: socksd)."
        case .failOn: "Severities (error, warning, note) and/or rule ids, comma separated, that fail the run, or never; default error."
        case .exclude: "Globs of root-relative paths to leave out (file: a list)."
        case .clangArgs: "Compiler flags added to every unit (command line: after --)."
        case .rules: "Rule id to off, note, warning or error (file only)."
        case .maxParseFailures: "Percentage of translation units that may fail to parse before the run fails with status 5 (default 10; 100 accepts any, including units that call the socket API)."
        }
    }
}
