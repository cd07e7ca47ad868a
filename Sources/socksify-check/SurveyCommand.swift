import ArgumentParser
import Foundation
import SocksifyAnalysis
import SocksifyCheck

struct SurveyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Survey many source trees: build model, check and adopt's plan per tree, one JSON result each in a folder.",
        // Paragraphs one line apart, never a blank line: generate-manual copies a blank line into
        // the man page as is, which mdoc warns about ("Empty input line"; ManPageTests).
        discussion: """
            Each TREE is surveyed by a worker process of its own (this tool again): adopt's plan in dry-run form, \
            which runs the check's scan of the tree and reads its build (make's dry runs in a scratch mirror; with \
            --configure, the configure step or cmake in a scratch copy), and the findings in each program's code. \
            Nothing in a tree is written and no real build runs. The result is written atomically to \
            DIR/NAME-HASH.json (HASH: a stable hash of the tree's path as given). A tree that is missing, unreadable, \
            has no C, crashes its worker or takes longer than --tree-timeout is a result with the reason; the survey goes on. \
            A re-run keeps a tree's result when it is current: made by the same tool version with the same options, \
            from a tree whose files and directories are as many and none newer than when it was surveyed (--fresh \
            surveys every tree again, --retry-failed the failed ones). --shard K/N takes the trees whose path hashes \
            to shard K of N: any machine or CI job can run a shard, and survey-report merges the folders.
            Exit status: 0 every tree analysed, 2 usage error, 3 some tree could not be analysed at all (every \
            result is written first), 4 the output folder cannot be written, 5 some tree was analysed incompletely \
            (over 10% of its units, or one that calls the socket API, did not parse). Findings do not change the status.
            """
    )

    @Argument(help: "The source trees to survey.", completion: .directory)
    var trees: [String] = []

    @Option(help: ArgumentHelp("The folder for the results (made when missing).", valueName: "dir"), completion: .directory)
    var output: String

    @Flag(help: "Configure a scratch copy of each autotools or CMake tree to read its programs and flags (as check --configure and adopt do).")
    var configure = false

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An argument for ./configure or cmake with --configure; repeatable.", valueName: "arg"))
    var configureArg: [String] = []

    @Option(help: ArgumentHelp("Survey only shard K of N (K from 1 to N), by a stable hash of each tree's path.", valueName: "K/N"),
            transform: { text in try SurveyShard(parsing: text) })
    var shard: SurveyShard?

    @Option(name: [.customShort("j", allowingJoined: true), .long], parsing: .unconditional,
            help: ArgumentHelp("Trees surveyed at once (default 1: each tree's parse already uses every core).", valueName: "n"),
            transform: NumericOption.integer(in: 1...256, "a number of trees"))
    var jobs: Int = 1

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Seconds one tree may take before its worker is stopped and the tree is a failed result (default 1800).", valueName: "seconds"),
            transform: NumericOption.number(from: 1, "a number of seconds"))
    var treeTimeout: Double = 1800

    @Option(name: .customLong(Setting.profile.rawValue), help: ArgumentHelp(Setting.profile.help))
    var profile: Profile = .socks4

    @Option(name: .customLong(Setting.library.rawValue), help: ArgumentHelp(Setting.library.help, valueName: "name"))
    var library: String?

    @Flag(help: "Survey every tree again, even those with a current result.")
    var fresh = false

    @Flag(help: "Survey again the trees whose current result is a failure (a crash, the timeout).")
    var retryFailed = false

    @Flag(name: [.short, .long], help: "No line per tree on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("The libclang to load (default: $SOCKSIFY_LIBCLANG, else the newest libclang-N.so.1 found, N from 20 down to 14).", valueName: "path"),
            completion: .file())
    var libclang: String?

    /// The worker side: survey the one TREE in this process and write its result (SurveyRunner starts it).
    @Flag(help: .hidden)
    var worker = false

    func validate() throws {
        if trees.isEmpty { throw ValidationError("name at least one TREE to survey") }
        if worker && trees.count != 1 { throw ValidationError("--worker surveys exactly one tree") }
        if !configureArg.isEmpty && !configure { throw ValidationError("--configure-arg is given to the configure step: add --configure") }
        if let library, !Profile.isValidLibraryName(library) {
            throw ValidationError("--library: '\(library)' is not a library name (letters, digits, _ . + -, as in -lNAME)")
        }
    }

    private var options: SurveyOptions {
        SurveyOptions(profile: profile, library: library, configure: configure, configureArguments: configureArg)
    }

    /// This executable (parse workers and survey workers are it again), also through a link.
    private var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    func run() async throws {
        try loadLibClang(libclang)
        if worker { return try await runWorker() }
        var run = SurveyRun(output: output, options: options, executable: executable)
        run.jobs = jobs
        run.treeTimeout = treeTimeout
        run.fresh = fresh
        run.retryFailed = retryFailed
        if let libclang { run.workerArguments = ["--libclang", libclang] }
        if !quiet { run.progress = { writeError("socksify-check: survey: " + $0) } }
        let outcomes: [SurveyRunner.TreeOutcome]
        do {
            outcomes = try await SurveyRunner.run(trees: trees, shard: shard, run)
        } catch {
            throw Outcome(ExitStatus.writeFailed, "\(error)")
        }
        let failed = outcomes.filter { $0.result.failure != nil }
        let incomplete = outcomes.filter {
            $0.result.failure == nil && $0.result.coverage?.incompleteness(maxParseFailures: AnalysisCoverage.defaultMaxParseFailures) != nil
        }
        if !quiet {
            let skipped = outcomes.count { $0.skipped }
            let shardText = shard.map { " (shard \($0) of the \(trees.count) named)" } ?? ""
            writeError("socksify-check: survey: \(outcomes.count) tree\(outcomes.count == 1 ? "" : "s")\(shardText): "
                + "\(outcomes.count - skipped) surveyed, \(skipped) current result\(skipped == 1 ? "" : "s") kept, "
                + "\(failed.count) not analysed, \(incomplete.count) incomplete; results in \(output)")
        }
        if let first = failed.first {
            throw Outcome(ExitStatus.badInput, "\(failed.count) tree\(failed.count == 1 ? "" : "s") could not be analysed (first: \(first.result.tree): \(first.result.failure ?? ""))")
        }
        if let first = incomplete.first {
            throw Outcome(ExitStatus.incomplete, "\(incomplete.count) tree\(incomplete.count == 1 ? " was" : "s were") analysed incompletely (first: \(first.result.tree))")
        }
    }

    private func runWorker() async throws {
        // Units are parsed in parse workers of their own: a unit that crashes libclang costs that
        // unit, not the tree.
        let jobs = ProcessInfo.processInfo.activeProcessorCount
        let isolation = UnitIsolation.workerProcesses(executable: executable, memoryLimit: MemorySize.defaultUnitLimit(jobs: jobs))
        let result = await SurveyWorker.survey(trees[0], options: options, isolation: isolation)
        do {
            try OutputFile.write(result.encoded(), to: SurveyRunner.resultPath(trees[0], output: output))
        } catch {
            throw Outcome(ExitStatus.writeFailed, "\(error)")
        }
    }
}
