import SocksifyAnalysis

/// "did you mean": the one word a mistyped one was probably meant to be. Used wherever a rule id
/// (or a subcommand, a configuration key, a --fail-on word) is read, so a typo gets one answer
/// everywhere.
public enum Suggestion {
    /// The candidate closest to `word`: within a third of its length in edits (at least two), or the
    /// only one that contains it (`udp` → `udp-socket`); nil when none is, or two are equally close.
    public static func closest(to word: String, among candidates: [String], maxDistance: Int? = nil) -> String? {
        let typed = Array(word.lowercased())
        guard !typed.isEmpty else { return nil }
        let limit = maxDistance ?? max(2, typed.count / 3)
        let scored = candidates.map { ($0, distance(typed, Array($0.lowercased()))) }.filter { $0.1 <= limit }
        if let best = scored.map(\.1).min() {
            let tied = scored.filter { $0.1 == best }
            return tied.count == 1 ? tied[0].0 : nil
        }
        guard maxDistance == nil, typed.count >= 3 else { return nil }
        let containing = candidates.filter { $0.lowercased().contains(String(typed)) }
        return containing.count == 1 ? containing[0] : nil
    }

    /// " (did you mean 'udp-socket'?)" or "".
    public static func phrase(for word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The one message for a rule id that is not one: "unknown rule 'udp-sockt' (did you mean
    /// 'udp-socket'?); rules are: ...".
    public static func unknownRule(_ rule: String) -> String {
        "unknown rule '\(rule)'\(phrase(for: rule, among: RuleRegistry.ids)); rules are: \(RuleRegistry.ids.joined(separator: ", "))"
    }

    /// Levenshtein distance.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
