import Foundation

/// Runs GNU make in dry-run mode and nothing else: `make -n -B -w [ARGS]`. make still executes
/// `$(shell …)` while it reads the Makefiles and recipe lines that invoke `$(MAKE)` (so that
/// recursive makes print their commands); adopt runs it in a scratch mirror of the tree so that
/// whatever those lines write lands there, not in the user's tree.
struct MakeRunner: Sendable {
    struct Result: Sendable {
        var status: Int32
        /// stdout and stderr together, in the order make wrote them.
        var output: String
        var timedOut: Bool
    }

    var executable = "make"
    var timeout: TimeInterval = 120

    /// The arguments every run gets: print the commands, run none, consider every target out of
    /// date (so an already built tree still shows each compile and link), announce directories, also
    /// where a Makefile sets `GNUMAKEFLAGS = --no-print-directory` (lighttpd's Makefile.am: the
    /// command line's empty value overrides it, in sub-makes too).
    static let dryRunArguments = ["-n", "-B", "-w", "GNUMAKEFLAGS="]

    /// The arguments for a freshly configured copy (ConfiguredUnits): no `-B`, which would remake
    /// every Makefile through config.status in every sub-make, each rerunning configure (nothing
    /// is built in the copy, so every compile and link is due anyway); `-k` to go past what only a
    /// sibling directory's make would have built.
    static let configuredDryRunArguments = ["-n", "-k", "-w", "GNUMAKEFLAGS="]

    func dryRun(in directory: String, arguments: [String], base: [String] = dryRunArguments) async throws -> Result {
        try await run(base + arguments, in: directory)
    }

    /// make with exactly these arguments. Only GeneratedHeaders runs make for real, and only in a
    /// scratch copy, for the header targets it names.
    func run(_ arguments: [String], in directory: String) async throws -> Result {
        var runner = ProcessRunner(timeout: timeout)
        // An outer make's flags (`make adopt` from another Makefile) must not reach this one; the C
        // locale makes "Entering directory" messages readable.
        for name in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES", "MAKEOVERRIDES", "GNUMAKEFLAGS"] { runner.environment[name] = .some(nil) }
        runner.environment["LC_ALL"] = "C"
        let result = try await runner.run([executable] + arguments, in: directory)
        return Result(status: result.status, output: result.output, timedOut: result.timedOut)
    }
}
