import SocksifyAnalysis

/// The settings a run uses, resolved in one place: a flag wins over the file, the file over the
/// default. `check` and `adopt` both build their options from it; the defaults are declared here
/// and nowhere else.
public struct ResolvedSettings: Equatable, Sendable {
    public var profile: Profile
    /// nil: the library that is installed (adopt probes for it).
    public var library: String?
    public var failOn: FailOn
    public var maxParseFailures: Double
    public var exclude: [String]
    public var clangArgs: [String]
    public var rules: [String: RuleSetting]

    public static let defaultProfile = Profile.socks4
    public static let defaultFailOn = FailOn.default
    public static let defaultMaxParseFailures = AnalysisCoverage.defaultMaxParseFailures

    /// `flags` holds what the command line said, in the file's shape; `enable` turns rules the file
    /// turned off back on at their default severity.
    public init(flags: Configuration, file: Configuration?, enable: [String] = []) {
        profile = flags.profile ?? file?.profile ?? Self.defaultProfile
        library = flags.library ?? file?.library
        failOn = flags.failOn ?? file?.failOn ?? Self.defaultFailOn
        maxParseFailures = flags.maxParseFailures ?? file?.maxParseFailures ?? Self.defaultMaxParseFailures
        // Lists add up (a flag's exclude joins the file's); flags after `--` replace the file's.
        exclude = (file?.exclude ?? []) + flags.exclude
        clangArgs = flags.clangArgs.isEmpty ? (file?.clangArgs ?? []) : flags.clangArgs
        rules = file?.rules ?? [:]
        for rule in enable { rules[rule] = nil }
        rules.merge(flags.rules) { $1 }
    }
}
