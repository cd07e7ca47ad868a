import SocksifyCheck

/// "did you mean": the subcommand a mistyped first argument was probably meant to be. `check` is
/// the default subcommand, so a typo would otherwise be taken for a path.
enum SubcommandSuggestion {
    static let names = ["check", "adopt", "survey", "survey-report", "rules", "explain"]

    /// The subcommand within two edits of `word`, if exactly one is closest.
    static func closest(to word: String) -> String? {
        guard !word.contains("/"), !word.contains(".") else { return nil }
        return Suggestion.closest(to: word, among: names, maxDistance: 2)
    }
}
