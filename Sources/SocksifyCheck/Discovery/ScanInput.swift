import Foundation
import SocksifyAnalysis

/// What to scan, as the user said it.
public struct ScanOptions: Sendable {
    public var paths: [String]
    /// `-p DIR`: where compile_commands.json is.
    public var compileCommandsDirectory: String?
    /// Flags after `--` (and `--extra-arg`), added to every unit.
    public var extraArguments: [String]
    /// `--extra-arg-before`: put before every unit's own flags.
    public var argumentsBefore: [String] = []
    /// `--library NAME` (or `library:`): the SOCKS library the build will link; when installed, the
    /// renames it cannot satisfy make those calls unrenamed (rcmd against libsocksd).
    public var library: String?
    public var jobs: Int
    public var showParseErrors: Bool
    public var profile: Profile
    /// Severity overrides by rule id (`rules:` in the configuration); `off` drops the rule's findings.
    public var ruleSettings: [String: RuleSetting] = [:]
    /// Globs of root-relative paths to leave out (`exclude:`).
    public var exclude: [String] = []
    /// Findings to hide (`--baseline`).
    public var baseline: Baseline?
    /// Parse only the units that can matter (`--no-prefilter` turns it off).
    public var prefilter = true
    /// Extract each function of a project header once per parser, and parse later units with its
    /// body blanked (HeaderFunctionMemo); off, every unit is parsed and extracted whole. The same
    /// findings either way.
    public var shareHeaderFunctions = true
    /// Where per-unit results are kept between runs; nil: no cache.
    public var cacheDirectory: String?
    /// With no cacheDirectory: keep the cache in `.socksify-check-cache` under the scanned root.
    public var cacheUnderRoot = false
    /// Seconds one unit may take to parse and analyse before it is reported and left behind.
    public var unitTimeout: TimeInterval? = 300
    /// Where units are parsed: threads of this process (the library's default), or worker processes
    /// that a crash or a memory-hungry unit cannot take down (the command line's).
    public var unitIsolation: UnitIsolation = .threads
    /// `--configure`: run the tree's configure step (autotools, CMake) in a scratch copy and take
    /// the units and their flags from the configured build.
    public var configure = false
    /// `--configure-arg`: given to ./configure or cmake.
    public var configureArguments: [String] = []
    /// Called as units finish: done, total, the unit's file.
    public var progress: (@Sendable (Int, Int, String) -> Void)?

    public init(paths: [String], compileCommandsDirectory: String? = nil, extraArguments: [String] = [],
                jobs: Int = 1, showParseErrors: Bool = false, profile: Profile = .socks4) {
        self.profile = profile
        self.paths = paths
        self.compileCommandsDirectory = compileCommandsDirectory
        self.extraArguments = extraArguments
        self.jobs = jobs
        self.showParseErrors = showParseErrors
    }
}

/// Why a scan could not start: the CLI turns each into exit status 3 with this text.
public enum ScanInputError: Error, Equatable, CustomStringConvertible {
    case missingPath(String)
    case unreadable(String, reason: String)
    case noSources(String)
    case badCompilationDatabase(String, reason: String)
    /// A file named on the command line that is not a C source.
    case notC(String)
    /// `--configure`: the configure step could not run, or its build says nothing usable.
    case configure(String)

    public var description: String {
        switch self {
        case let .missingPath(path): "\(path): no such file or directory"
        case let .unreadable(path, reason): "\(path): cannot be read: \(reason)"
        case let .noSources(path): "\(path): no C translation units found (looked for .c files and compile_commands.json)"
        case let .badCompilationDatabase(path, reason): "\(path): cannot use this compile database: \(reason)"
        case let .notC(path): "\(path): not a C source file (.c); name a tree or C files"
        case let .configure(reason): reason
        }
    }
}
