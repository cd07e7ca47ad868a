import ArgumentParser
import Foundation
import SocksifyAnalysis
import SocksifyCheck

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule: id, default severity, what it reports."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "text (a line per rule) or json (id, name, severity, summary, profiles).")
    var format: Format = .text

    func run() {
        let descriptions = RuleRegistry.descriptions
        if format == .json {
            let rules: [[String: String]] = descriptions.map {
                ["id": $0.id, "name": $0.name, "severity": $0.severity.rawValue, "summary": $0.summary,
                 "profiles": $0.profiles.map(\.rawValue).joined(separator: ",")]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: (try? encoder.encode(rules)) ?? Data(), as: UTF8.self))
            return
        }
        let width = descriptions.map(\.id.count).max() ?? 0
        for rule in descriptions {
            let id = rule.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let severity = rule.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let only = rule.profiles == Profile.allCases ? "" : " (--profile \(rule.profiles.map(\.rawValue).joined(separator: ", ")) only)"
            print("\(id)  \(severity)  \(rule.summary)\(only)")
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a rule: why it matters, what SOCKS does, how to fix it, examples."
    )

    @Argument(help: "A rule id, as `rules` lists them.")
    var rule: String

    func validate() throws {
        guard RuleRegistry.description(for: rule) != nil else {
            throw ValidationError(Suggestion.unknownRule(rule))
        }
    }

    func run() {
        guard let description = RuleRegistry.description(for: rule) else { return }
        print(RuleExplanation.render(description))
    }
}
