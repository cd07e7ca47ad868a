import Foundation

/// `socksify-check: ignore RULE[,RULE]` (this line) or `socksify-check: ignore-next-line RULE[,RULE]`
/// inside a comment.
struct SuppressionDirective: Equatable {
    enum Scope: Equatable { case sameLine, nextLine }

    static let prefix = "socksify-check:"

    var scope: Scope
    var rules: [String]

    /// nil when the comment holds no directive. A directive without rules is kept (and reported as
    /// suppressing nothing), never read as "every rule".
    static func parse(_ comment: String) -> SuppressionDirective? {
        guard let range = comment.range(of: prefix) else { return nil }
        let rest = comment[range.upperBound...].drop { $0 == " " || $0 == "\t" }
        let words = rest.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard let keyword = words.first else { return nil }
        let scope: Scope
        switch keyword {
        case "ignore": scope = .sameLine
        case "ignore-next-line": scope = .nextLine
        default: return nil
        }
        let list = words.count > 1 ? words[1].prefix { $0 != "*" && $0 != "\n" } : ""
        let rules = list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            .map(String.init).filter { !$0.isEmpty }
        return SuppressionDirective(scope: scope, rules: rules)
    }
}
