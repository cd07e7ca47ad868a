import ClangSupport

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
struct Diagnosis: Hashable {
    var rule: String
    var severity: Severity
    var location: SourceLocation
    var length: Int?
    var function: String?
    var message: String
    var notes: [DiagnosisNote]
    var removable: Bool? = nil
    var fixIt: DiagnosisFixIt? = nil
}

struct DiagnosisFixIt: Hashable {
    var start: SourceLocation
    var end: SourceLocation
    var replacement: String
}

struct DiagnosisNote: Hashable {
    var location: SourceLocation
    var message: String
}

/// Everything the rules look at, for the whole tree.
struct RuleContext {
    var sockets: [ResolvedSocket]
    var units: [UnitFacts]
    /// Every project function's expanded, analysed socket graph, in USR order.
    var functions: [AnalyzedFunction]
    var profile: Profile
    var showParseErrors: Bool
    /// Files that could not be analysed at all, and why.
    var inputProblems: [SourceWalker.Problem] = []
}

protocol Rule: Sendable {
    static var description: RuleDescription { get }
    func check(_ context: RuleContext) -> [Diagnosis]
}
