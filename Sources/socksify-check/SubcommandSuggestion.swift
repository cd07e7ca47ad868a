/// "did you mean": the subcommand a mistyped first argument was probably meant to be. `check` is
/// the default subcommand, so a typo would otherwise be taken for a path.
enum SubcommandSuggestion {
    static let names = ["check", "adopt", "rules", "explain"]

    /// The subcommand within two edits of `word`, if exactly one is closest.
    static func closest(to word: String) -> String? {
        guard !word.contains("/"), !word.contains(".") else { return nil }
        let scored = names.map { ($0, distance(Array(word.lowercased()), Array($0))) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return scored.filter { $0.1 == best.1 }.count == 1 ? best.0 : nil
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
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
