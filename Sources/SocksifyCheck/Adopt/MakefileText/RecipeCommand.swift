import ClangSupport

/// One recipe line read as a shell command: its words as written (a `$(...)` reference is one word)
/// with their byte positions, and what they expand to.
struct RecipeCommand {
    struct Word {
        var text: String
        /// Byte range within the recipe line's text.
        var range: Range<Int>
    }

    let line: MakefileSyntax.RecipeLine
    let words: [Word]
    let expanded: [String]

    init(_ line: MakefileSyntax.RecipeLine, variables: MakeVariables) {
        self.line = line
        words = Self.split(line.text)
        expanded = variables.expand(line.text).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// True when some word runs a C compiler (`$(CC)`, `cc`, `x86_64-linux-gnu-gcc`, `gcc-12`).
    var runsCompiler: Bool { expanded.contains(where: CompilerDriver.isCompiler) }

    var runsMake: Bool {
        line.text.contains("$(MAKE)") || line.text.contains("${MAKE}")
            || expanded.first.map { $0 == "make" || $0 == "gmake" } == true
    }

    /// Dependency generation (`-M`, `-MM`) and preprocessing (`-E`) compile nothing.
    var onlyPreprocesses: Bool { expanded.contains { ["-M", "-MM", "-E"].contains($0) } }

    var compiles: Bool { runsCompiler && !onlyPreprocesses && expanded.contains("-c") }

    var links: Bool { runsCompiler && !onlyPreprocesses && !expanded.contains("-c") && expanded.contains("-o") }

    /// A word that names the link's inputs: object files, archives, sources, or `$^`-style variables.
    func isInput(_ word: Word, variables: MakeVariables, prerequisites: [String]) -> Bool {
        let automatic = ["$^", "$+", "$<", "$?", "$(^)", "$(+)", "$(<)", "$(?)"]
        let values = automatic.contains(word.text)
            ? prerequisites.flatMap { variables.expand($0).split(separator: " ").map(String.init) }
            : variables.expand(word.text).split(separator: " ").map(String.init)
        return values.contains { $0.hasSuffix(".o") || $0.hasSuffix(".a") || $0.hasSuffix(".c") || $0.hasSuffix(".so") }
            || (automatic.contains(word.text) && prerequisites.isEmpty)
    }

    /// Splits on blanks outside `$(...)`/`${...}` and quotes, keeping byte positions.
    static func split(_ text: String) -> [Word] {
        ShellWords.tokens(text, grammar: .makeRecipe).map { Word(text: $0.raw, range: $0.range) }
    }
}
