/// The text `explain RULE` prints.
public enum RuleExplanation {
    public static func render(_ rule: RuleDescription) -> String {
        var text = """
            \(rule.id) (\(rule.severity.rawValue)): \(rule.name)
            \(rule.summary)
            Profiles: \(rule.profiles.map(\.rawValue).joined(separator: ", "))

            Why:
            \(rule.rationale)

            What SOCKS does:
            \(rule.socksBehavior)

            How to fix:
            \(rule.fix)
            """
        if !rule.triggering.isEmpty {
            text += "\n\nReported (the finding is at the marked call):\n"
            text += rule.triggering.map { indent($0.code) }.joined(separator: "\n\n")
        }
        if !rule.nonTriggering.isEmpty {
            text += "\n\nNot reported:\n"
            text += rule.nonTriggering.map { indent($0.code.replacingOccurrences(of: "↓", with: "")) }.joined(separator: "\n\n")
        }
        return text
    }

    private static func indent(_ code: String) -> String {
        code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}
