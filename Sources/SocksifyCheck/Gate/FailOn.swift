import Foundation
import SocksifyAnalysis

/// What makes a run fail (exit 1): severities (a finding at least that severe) and/or rule ids.
public struct FailOn: Equatable, Sendable {
    public private(set) var severities: Set<Severity> = []
    public private(set) var rules: Set<String> = []

    public static let `default` = FailOn(severities: [.error])

    init(severities: Set<Severity>, rules: Set<String> = []) {
        self.severities = severities
        self.rules = rules
    }

    /// No finding fails the run (`never`): for producing a report in CI without gating on it. A run
    /// that cannot analyse its input still exits non-zero.
    public static let never = FailOn(severities: [])

    /// Parses `error,udp-socket`, or `never`. Unknown words are an error that lists the valid ones.
    public init(parsing text: String) throws(FailOnError) {
        if text.trimmingCharacters(in: .whitespaces) == "never" { return }
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if let severity = Severity(rawValue: item) {
                severities.insert(severity)
            } else if RuleRegistry.ids.contains(item) {
                rules.insert(item)
            } else {
                throw FailOnError(item: item)
            }
        }
        if severities.isEmpty && rules.isEmpty { throw FailOnError(item: text) }
    }

    public func fails(on finding: Finding) -> Bool {
        rules.contains(finding.rule) || severities.contains { finding.severity >= $0 }
    }
}

public struct FailOnError: Error, CustomStringConvertible {
    public var item: String

    public var description: String {
        let choices = Severity.allCases.reversed().map(\.rawValue) + ["never"] + RuleRegistry.ids
        return "'\(item)' is neither a severity nor a rule id\(Suggestion.phrase(for: item, among: choices)); choose from: \(choices.joined(separator: ", "))"
    }
}
