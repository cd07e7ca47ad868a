import ArgumentParser

/// The exit statuses are a public contract: CI jobs branch on them.
enum ExitStatus {
    /// Nothing reached the gate.
    static let clean = ExitCode(0)
    /// A finding reached `--fail-on`.
    static let findings = ExitCode(1)
    /// The command line was wrong.
    static let usage = ExitCode(2)
    /// The input cannot be analysed at all: path missing or unreadable, no C sources.
    static let badInput = ExitCode(3)
    /// A file the user asked for could not be written (adopt --write / --output, --write-baseline,
    /// the plugin's stamp); every file adopt would change is as it was.
    static let writeFailed = ExitCode(4)
    /// The analysis ran but saw too little to vouch for the tree: too many units did not parse, or a
    /// unit that calls the socket API did not (`--max-parse-failures`).
    static let incomplete = ExitCode(5)
}
