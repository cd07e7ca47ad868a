import SocksifySource

/// What `rules` lists and `explain` prints, and what the test suite runs: one per rule, beside it.
public struct RuleDescription: Sendable {
    public var id: String
    public var name: String
    public var severity: Severity
    /// One line, for `rules` and SARIF's shortDescription.
    public var summary: String
    public var rationale: String
    /// What the SOCKS library really does with such code.
    public var socksBehavior: String
    public var fix: String
    /// Examples that must produce a finding of this rule at each `↓` marker, and nowhere else.
    public var triggering: [RuleExample]
    /// Examples that must produce no finding of this rule.
    public var nonTriggering: [RuleExample]
    /// The profiles under which the rule applies (ipv6-socket only where the library cannot carry
    /// IPv6); the pipeline runs a rule only under these. Shown by `rules`, `explain` and in SARIF.
    public var profiles: [Profile] = Profile.allCases
}

/// A small C translation unit. `↓` marks where a finding starts (the callee token).
public struct RuleExample: Sendable, CustomStringConvertible {
    public var code: String
    /// More files of the same tree (headers, helper units), by path relative to the example's root.
    public var otherFiles: [String: String]
    /// False for examples whose meaning changes when wrapped (a parse error inside `#if 0` is gone).
    public var wrappable: Bool
    /// The profile the example is checked with.
    public var profile: Profile

    public init(_ code: String, otherFiles: [String: String] = [:], wrappable: Bool = true, profile: Profile = .socks4) {
        self.code = code
        self.otherFiles = otherFiles
        self.wrappable = wrappable
        self.profile = profile
    }

    public var description: String { code }
}

/// A finding before paths are made relative and severities configured.
package struct Diagnosis: Hashable, Codable, Sendable {
    package var rule: String
    package var severity: Severity
    package var location: SourceLocation
    package var length: Int?
    package var function: String?
    package var message: String
    package var notes: [DiagnosisNote]
    package var removable: Bool? = nil
    package var fixIt: DiagnosisFixIt? = nil
    /// udp-socket, raw-socket: the same call may also create a stream (TCP) socket, its type chosen
    /// at run time (`useudp ? SOCK_DGRAM : SOCK_STREAM`), so the program is not datagram-only.
    package var mayAlsoBeStream: Bool? = nil

    package init(rule: String, severity: Severity, location: SourceLocation, length: Int? = nil, function: String? = nil, message: String, notes: [DiagnosisNote], removable: Bool? = nil, fixIt: DiagnosisFixIt? = nil) {
        self.rule = rule
        self.severity = severity
        self.location = location
        self.length = length
        self.function = function
        self.message = message
        self.notes = notes
        self.removable = removable
        self.fixIt = fixIt
    }
}

package struct DiagnosisFixIt: Hashable, Codable, Sendable {
    package var start: SourceLocation
    package var end: SourceLocation
    package var replacement: String

    package init(start: SourceLocation, end: SourceLocation, replacement: String) {
        self.start = start
        self.end = end
        self.replacement = replacement
    }
}

package struct DiagnosisNote: Hashable, Codable, Sendable {
    package var location: SourceLocation
    package var message: String

    package init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }
}

/// Everything the rules look at, for the whole tree.
package struct RuleContext {
    package var sockets: [ResolvedSocket]
    package var units: [UnitFacts]
    /// Every project function's expanded, analysed socket graph, in USR order.
    package var functions: [AnalyzedFunction]
    package var profile: Profile
    package var showParseErrors: Bool
    /// Files that could not be analysed at all, and why.
    package var inputProblems: [InputProblem] = []
    /// Renames of the profile that the library named with `--library` does not export (it was asked
    /// with nm); empty when no library was named.
    package var missingRenames: Set<String> = []
    /// Where getsockname() left a connected socket's own address (ListenClassifier): server-socket
    /// and bind-order both ask, so it is worked out once.
    package let ownAddressPlaces: [String: Set<String>]

    package init(sockets: [ResolvedSocket], units: [UnitFacts], functions: [AnalyzedFunction], profile: Profile, showParseErrors: Bool, inputProblems: [InputProblem] = [], missingRenames: Set<String> = []) {
        self.sockets = sockets
        self.units = units
        self.functions = functions
        ownAddressPlaces = ListenClassifier.ownAddressPlaces(functions)
        self.profile = profile
        self.showParseErrors = showParseErrors
        self.inputProblems = inputProblems
        self.missingRenames = missingRenames
    }
}

package protocol Rule: Sendable {
    static var description: RuleDescription { get }
    func check(_ context: RuleContext) -> [Diagnosis]
}
