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

/// How a command ended when it did not pass: its exit status and the error to print. Commands throw
/// it; `Main` alone prints the message, in the one format (`socksify-check: error: ...`), and exits.
struct Outcome: Error {
    var status: ExitCode
    /// nil when what there is to say was already printed (the findings, a report's notes).
    var message: String?

    init(_ status: ExitCode, _ message: String? = nil) {
        self.status = status
        self.message = message
    }
}
