import Foundation
import SocksifyAnalysis

/// How a survey runs: where results go, with which options, how many trees at once, how long one may take.
public struct SurveyRun: Sendable {
    public var output: String
    public var options: SurveyOptions
    /// Trees surveyed at once (each tree's parse already uses every core).
    public var jobs = 1
    /// Seconds one tree may take before its worker is stopped and the tree is a failed result.
    public var treeTimeout: TimeInterval = 1800
    /// This tool's executable: each tree is surveyed by `EXECUTABLE survey --worker … TREE`.
    public var executable: String
    /// Survey every tree again, current results or not.
    public var fresh = false
    /// Survey again the trees whose current result is a failure (a crash, the timeout).
    public var retryFailed = false
    /// Options every worker gets as well (`--libclang PATH`).
    public var workerArguments: [String] = []
    /// One line per tree as it is done (or skipped).
    public var progress: (@Sendable (String) -> Void)?
    /// Where workers run, so that trees named by relative paths are found: the directory the
    /// survey was started from, taken once (an in-process libclang parse elsewhere in the process
    /// moves the current directory while it runs).
    public var directory: String

    public init(output: String, options: SurveyOptions, executable: String,
                directory: String = FileManager.default.currentDirectoryPath) {
        self.output = output
        self.options = options
        self.executable = executable
        self.directory = directory
    }
}

public enum SurveyRunner {
    /// What became of one tree in this run.
    public struct TreeOutcome: Sendable {
        public var result: SurveyResult
        /// Its result was current: it was not surveyed again.
        public var skipped: Bool
    }

    public struct OutputError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Surveys the trees of `shard` (all without one), each in a worker process of its own, and
    /// writes one result per tree into `run.output`. A tree that is missing, unreadable, crashes
    /// its worker or outlasts the timeout is a result with the reason: the survey goes on.
    public static func run(trees: [String], shard: SurveyShard?, _ run: SurveyRun) async throws(OutputError) -> [TreeOutcome] {
        do {
            try FileManager.default.createDirectory(atPath: run.output, withIntermediateDirectories: true)
        } catch {
            throw OutputError(description: "\(run.output): cannot be made a folder for the results: \(PlainError.describe(error))")
        }
        guard FileManager.default.isWritableFile(atPath: run.output) else {
            throw OutputError(description: "\(run.output): cannot be written: permission denied")
        }
        var seen: Set<String> = []
        let selected = trees.filter { seen.insert(SurveyTree.key($0)).inserted && (shard?.contains($0) ?? true) }
        let total = selected.count
        let counter = Counter()
        return await withTaskGroup(of: (Int, TreeOutcome).self) { group in
            var outcomes: [TreeOutcome?] = Array(repeating: nil, count: selected.count)
            var next = 0
            func start() {
                let index = next
                let tree = selected[index]
                next += 1
                group.addTask {
                    let outcome = await survey(tree, run)
                    let done = counter.next()
                    run.progress?(progressLine(outcome, done: done, total: total))
                    return (index, outcome)
                }
            }
            while next < min(max(1, run.jobs), selected.count) { start() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if next < selected.count { start() }
            }
            return outcomes.compactMap { $0 }
        }
    }

    /// The result file of `tree` in `output`.
    public static func resultPath(_ tree: String, output: String) -> String {
        output + "/" + SurveyTree.resultFileName(tree)
    }

    /// A result is current when the same tool made it with the same options from a tree whose
    /// stamp (TreeStamp: entry count and newest modification time) is the same as now.
    public static func isCurrent(_ result: SurveyResult, tree: String, options: SurveyOptions) -> Bool {
        result.format == SurveyResult.currentFormat
            && result.tool == SocksifyCheckInfo.version && result.tree == SurveyTree.key(tree) && result.options == options
            && result.stamp != nil && result.stamp == TreeStamp.of(tree)
    }

    private static func survey(_ tree: String, _ run: SurveyRun) async -> TreeOutcome {
        let path = resultPath(tree, output: run.output)
        if !run.fresh, let existing = try? SurveyResult.read(path), isCurrent(existing, tree: tree, options: run.options),
           !(run.retryFailed && existing.failure != nil) {
            return TreeOutcome(result: existing, skipped: true)
        }
        // Gone first: a result file present after the worker is the worker's.
        try? FileManager.default.removeItem(atPath: path)
        let started = ContinuousClock.now
        let stamp = TreeStamp.of(tree)
        func failed(_ reason: String) -> TreeOutcome {
            var result = SurveyResult.failed(tree, options: run.options, reason: reason, seconds: seconds(since: started))
            result.stamp = stamp
            // A result that cannot be written is still reported: the run's status says the tree failed.
            try? OutputFile.write(result.encoded(), to: path)
            return TreeOutcome(result: result, skipped: false)
        }
        if let problem = unreadable(tree) { return failed(problem) }
        var command = [run.executable, "survey", "--worker", "--output", run.output, "--profile", run.options.profile.rawValue]
        if let library = run.options.library { command += ["--library", library] }
        if run.options.configure { command.append("--configure") }
        for argument in run.options.configureArguments { command.append("--configure-arg=" + argument) }
        command += run.workerArguments
        command.append(tree)
        let outcome: ProcessRunner.Result
        do {
            outcome = try await ProcessRunner(timeout: run.treeTimeout).run(command, in: run.directory)
        } catch {
            return failed("the survey worker could not be started: \(error)")
        }
        if let result = try? SurveyResult.read(path), result.tree == SurveyTree.key(tree) {
            return TreeOutcome(result: result, skipped: false)
        }
        if outcome.timedOut {
            return failed("timed out: not done after \(Int(run.treeTimeout)) s (--tree-timeout); its worker was stopped")
        }
        let last = outcome.output.split(separator: "\n").suffix(3).joined(separator: " / ")
        if outcome.status > 128 {
            return failed("the survey worker crashed (\(signalName(outcome.status - 128)))" + (last.isEmpty ? "" : ": " + last))
        }
        return failed("the survey worker exited with status \(outcome.status) and wrote no result" + (last.isEmpty ? "" : ": " + last))
    }

    /// Why `tree` cannot be surveyed at all, before a worker is started for it.
    static func unreadable(_ tree: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tree, isDirectory: &isDirectory) else { return "\(tree): no such directory" }
        guard isDirectory.boolValue else { return "\(tree): not a directory (a survey takes source trees)" }
        guard FileManager.default.isReadableFile(atPath: tree), FileManager.default.isExecutableFile(atPath: tree),
              (try? FileManager.default.contentsOfDirectory(atPath: tree)) != nil else {
            return "\(tree): cannot be read: permission denied"
        }
        return nil
    }

    private static func signalName(_ number: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGKILL: "SIGKILL",
                                      SIGTERM: "SIGTERM", SIGFPE: "SIGFPE", SIGTRAP: "SIGTRAP"]
        return names[number] ?? "signal \(number)"
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = start.duration(to: .now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }

    private static func progressLine(_ outcome: TreeOutcome, done: Int, total: Int) -> String {
        let result = outcome.result
        let what: String
        if let failure = result.failure {
            what = "not analysed: \(failure)"
        } else {
            let units = result.coverage?.translationUnits ?? 0
            let programs = result.programs.count
            what = "\(programs) program\(programs == 1 ? "" : "s"), \(units) unit\(units == 1 ? "" : "s"), \(result.findings.count) finding\(result.findings.count == 1 ? "" : "s")"
        }
        let time = outcome.skipped ? "current result kept" : String(format: "%.1f s", result.timings.seconds)
        return "[\(done)/\(total)] \(result.tree): \(what) (\(time))"
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}
