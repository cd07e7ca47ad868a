import ArgumentParser
import Foundation
import SocksifyAnalysis
import SocksifyCheck

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse every C translation unit of a tree with libclang and report each SOCKS hazard.",
        // Paragraphs one line apart, never a blank line: generate-manual copies a blank line into
        // the man page as is, which mdoc warns about ("Empty input line"; ManPageTests).
        discussion: """
            Compiler flags for every unit may follow `--`, e.g. `socksify-check . -- -DHAVE_CONFIG_H -Iinclude`.
            Settings also come from .socksify-check.yml at the scanned root (or --config); a flag wins over the file.
            Exit status: 0 nothing reached --fail-on, 1 a finding did, 2 usage or configuration error, \
            3 the input cannot be analysed (path missing or unreadable, no C sources, a bad or empty compile database, no usable libclang), \
            4 a file asked for could not be written, 5 the analysis is incomplete (--max-parse-failures).
            """
    )


    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "Source trees or C files to check (default: the current directory).", completion: .file())
    var paths: [String] = []

    @Option(help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"),
            completion: .file())
    var output: String?

    @Option(name: .customLong(Setting.library.rawValue),
            help: ArgumentHelp("The SOCKS library the build will link (-lNAME); when it is installed, calls whose rename it does not export (rcmd against libsocksd) are unrenamed-call findings.", valueName: "name"))
    var library: String?

    @Option(name: .customLong(Setting.exclude.rawValue),
            help: ArgumentHelp("A glob of root-relative paths to leave out; repeatable, added to the file's exclude:.", valueName: "glob"))
    var exclude: [String] = []

    // Values start with `-`: taken as they are, never as options of ours.
    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("A compiler flag appended to every unit's flags (as clang-tidy's); repeatable.", valueName: "flag"))
    var extraArg: [String] = []

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("A compiler flag put before every unit's flags; repeatable.", valueName: "flag"))
    var extraArgBefore: [String] = []

    @Flag(help: "Configure a scratch copy of an autotools or CMake tree (autoreconf when there is no configure script, ./configure; or cmake -S -B) and parse the units its build compiles, with its flags. The tree itself is never written.")
    var configure = false

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An argument for ./configure or cmake with --configure (--configure-arg=--without-ssl); repeatable.", valueName: "arg"))
    var configureArg: [String] = []

    @Option(help: ArgumentHelp("Turn a rule off for this run; repeatable.", valueName: "rule"),
            completion: .list(RuleRegistry.ids))
    var disable: [String] = []

    @Option(help: ArgumentHelp("Turn a rule the configuration turned off back on, at its default severity; repeatable.", valueName: "rule"),
            completion: .list(RuleRegistry.ids))
    var enable: [String] = []

    @Option(name: .customShort("p"), help: ArgumentHelp("Directory holding compile_commands.json.", valueName: "dir"))
    var compileCommandsDirectory: String?

    // -j4 as make spells it, as well as -j 4 and --jobs 4.
    @Option(name: [.customShort("j", allowingJoined: true), .long], parsing: .unconditional,
            help: ArgumentHelp("Translation units parsed in parallel (default: the number of cores).", valueName: "n"),
            transform: NumericOption.integer(in: 1...1024, "a number of parallel parses"))
    var jobs: Int?

    @Option(help: "Output format: text (clang style), json, sarif (SARIF 2.1.0), github (Actions annotations).")
    var format: ReportFormat = .text

    @Option(name: .customLong(Setting.failOn.rawValue), help: ArgumentHelp(Setting.failOn.help, valueName: "list"))
    var failOn: String?

    @Option(name: .customLong(Setting.profile.rawValue), help: ArgumentHelp(Setting.profile.help))
    var profile: Profile?

    @Option(help: ArgumentHelp("Settings file (default: .socksify-check.yml at the scanned root).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Hide the findings recorded in this baseline file.", valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp("Record the current findings in this baseline file, then exit 0.", valueName: "file"))
    var writeBaseline: String?

    @Flag(help: "List each of clang's parse errors under its unit's parse-error note.")
    var showParseErrors = false

    @Option(help: "Color text output: auto (only on a terminal, never with NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(help: "Parse every unit, not only those whose text (or project headers) can matter.")
    var noPrefilter = false

    @Flag(help: "Parse and extract every unit whole (by default a function of a project header is read once per worker, and later units are parsed with its body blanked; the findings are the same).")
    var noSharedHeaders = false

    @Option(help: ArgumentHelp("Keep per-unit results here between runs (default: .socksify-check-cache under the scanned root).", valueName: "dir"))
    var cacheDir: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Seconds one translation unit may take before it is reported and left behind (default 300; 0: no limit).", valueName: "seconds"),
            transform: NumericOption.number(from: 0, "a number of seconds", note: " (0: no limit)"))
    var unitTimeout: Double?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Memory one translation unit may use in its parse worker before it is reported and left behind (default: a share of RAM per job, at most 2G; 'unlimited').", valueName: "size"),
            transform: NumericOption.memoryLimit)
    var unitMemory: NumericOption.MemoryLimit?

    @Flag(help: "Parse in threads of this process instead of worker processes: a little faster, but a crash or a unit that exhausts memory ends the whole run.")
    var inProcess = false

    @Flag(help: "Neither read nor write the result cache.")
    var noCache = false

    @Option(name: .customLong(Setting.maxParseFailures.rawValue), parsing: .unconditional,
            help: ArgumentHelp(Setting.maxParseFailures.help, valueName: "percent"),
            transform: NumericOption.number(from: 0, upTo: 100, "a percentage"))
    var maxParseFailures: Double?

    @Flag(help: "Print the wall-clock time of each stage of the scan on stderr.")
    var timings = false

    @Flag(name: [.short, .long], help: "No progress line and no summary on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("The libclang to load (default: $SOCKSIFY_LIBCLANG, else the newest libclang-N.so.1 found, N from 20 down to 14).", valueName: "path"),
            completion: .file())
    var libclang: String?

    /// For the build-tool plugin: a file written when the run passes its gate (a build command needs an output).
    @Option(help: .hidden)
    var stamp: String?

    func validate() throws {
        // `socksify-check adpot .` would otherwise read as two paths and fail on a missing one.
        if let first = paths.first, !FileManager.default.fileExists(atPath: first),
           let suggestion = SubcommandSuggestion.closest(to: first) {
            throw ValidationError("unknown subcommand '\(first)'; did you mean '\(suggestion)'?")
        }
        if let library, !Profile.isValidLibraryName(library) {
            throw ValidationError("--library: '\(library)' is not a library name (letters, digits, _ . + -, as in -lNAME)")
        }
        for rule in disable + enable where RuleRegistry.description(for: rule) == nil {
            throw ValidationError("--\(disable.contains(rule) ? "disable" : "enable"): \(Suggestion.unknownRule(rule))")
        }
        if let failOn {
            do { _ = try FailOn(parsing: failOn) } catch { throw ValidationError("--fail-on: \(error)") }
        }
    }

    func run() async throws {
        try loadLibClang(libclang)
        let settings = try resolvedSettings()
        let result: ScanResult
        do {
            result = try await CheckPipeline.scan(settings.options)
            ProgressLine.shared.clear()
        } catch let error as ScanInputError {
            throw Outcome(ExitStatus.badInput, "\(error)")
        }
        if let writeBaseline {
            let recorded = Baseline(findings: result.unfiltered, root: result.rootDirectory)
            do {
                try OutputFile.write(recorded.encoded(), to: writeBaseline)
            } catch {
                throw Outcome(ExitStatus.writeFailed, "\(error)")
            }
            writeError("socksify-check: recorded \(recorded.entries.count) finding\(recorded.entries.count == 1 ? "" : "s") in \(writeBaseline)")
            return
        }
        let rendered: String
        do {
            rendered = try format.reporter(useColor: output == nil && useColor, parseErrorsInline: showParseErrors).render(result)
        } catch {
            // Only GitHub annotations refuse: a finding outside the repository has no path there.
            throw Outcome(ExitStatus.badInput, "\(error)")
        }
        if let output {
            do {
                try OutputFile.write(rendered.utf8, to: output)
            } catch {
                throw Outcome(ExitStatus.writeFailed, "\(error)")
            }
        } else {
            print(rendered, terminator: "")
        }
        if timings {
            let total = result.timings.reduce(0) { $0 + $1.seconds }
            for (stage, seconds) in result.timings {
                let label = (stage + ":").padding(toLength: 44, withPad: " ", startingAt: 0)
                writeError("socksify-check: timing: " + label + String(format: "%8.3f s  %5.1f%%", seconds, total > 0 ? seconds * 100 / total : 0))
            }
        }
        let coverage = result.coverage
        if !quiet {
            if let problem = settings.options.cacheWriteProblem(root: result.rootDirectory) {
                writeError("socksify-check: note: the result cache cannot be written (\(problem)); every run parses every unit again: give --cache-dir a writable directory, or --no-cache")
            }
            for line in coverage.explanation { writeError("socksify-check: note: \(line)") }
            writeError(TextReporter.summary(result))
        }
        let incompleteness = coverage.incompleteness(maxParseFailures: settings.maxParseFailures)
        if let incompleteness {
            writeError("socksify-check: error: analysis incomplete: \(incompleteness); \(coverage.incompletenessAdvice(maxParseFailures: settings.maxParseFailures))")
        }
        if !quiet, let stale = result.staleBaselineEntries.first {
            let count = result.staleBaselineEntries.count
            writeError("socksify-check: note: \(count) baseline entr\(count == 1 ? "y matches" : "ies match") no finding any more (first: \(stale.rule) in \(stale.path): '\(stale.text)'); refresh it with --write-baseline")
        }
        if result.report.findings.contains(where: settings.gate.fails(on:)) {
            throw Outcome(ExitStatus.findings)
        }
        if incompleteness != nil { throw Outcome(ExitStatus.incomplete) }
        if let stamp {
            let text = "socksify-check passed: \(TextReporter.summary(result.report))\n"
            do {
                try OutputFile.write(text.utf8, to: stamp)
            } catch {
                throw Outcome(ExitStatus.writeFailed, "\(error)")
            }
        }
    }

    private struct Resolved {
        var options: ScanOptions
        var gate: FailOn
        var maxParseFailures: Double
    }

    /// Flags win over the configuration file, which wins over the defaults.
    private func resolvedSettings() throws -> Resolved {
        let root = paths.count == 1 && FileManager.default.fileExists(atPath: paths[0] + "/.") ? paths[0] : "."
        let file: Configuration?
        let loadedBaseline: Baseline?
        do {
            file = try Configuration.locate(explicit: config, root: root)
            loadedBaseline = try baseline.map(Baseline.read)
        } catch {
            throw Outcome(ExitStatus.usage, "\(error)")
        }
        var flags = Configuration()
        flags.profile = profile
        flags.library = library
        flags.failOn = try failOn.map { try FailOn(parsing: $0) }
        flags.maxParseFailures = maxParseFailures
        flags.exclude = exclude
        flags.clangArgs = CompilerPassthrough.arguments
        for rule in disable { flags.rules[rule] = .off }
        let settings = ResolvedSettings(flags: flags, file: file, enable: enable)
        var options = ScanOptions(paths: paths, compileCommandsDirectory: compileCommandsDirectory,
                                  extraArguments: settings.clangArgs + extraArg,
                                  jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, showParseErrors: showParseErrors,
                                  profile: settings.profile)
        options.argumentsBefore = extraArgBefore
        options.library = settings.library
        options.ruleSettings = settings.rules
        options.exclude = settings.exclude
        options.baseline = loadedBaseline
        options.prefilter = !noPrefilter
        options.shareHeaderFunctions = !noSharedHeaders
        options.configure = configure
        options.configureArguments = configureArg
        if !configureArg.isEmpty && !configure {
            throw ValidationError("--configure-arg is given to the configure step: add --configure")
        }
        // The help states the default (300 s) in words: ArgumentParser would print "300.0".
        let timeout = unitTimeout ?? 300
        options.unitTimeout = timeout > 0 ? timeout : nil
        if !inProcess {
            // Workers are this executable again; `/proc/self/exe` is it even when run through a link.
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            options.unitIsolation = .workerProcesses(executable: executable,
                                                     memoryLimit: unitMemory.map(\.bytes) ?? MemorySize.defaultUnitLimit(jobs: options.jobs))
        }
        options.cacheDirectory = noCache ? nil : cacheDir
        options.cacheUnderRoot = !noCache
        if !quiet && isatty(STDERR_FILENO) != 0 {
            ProgressLine.shared.begin()
            options.progress = ProgressLine.shared.update
        }
        return Resolved(options: options, gate: settings.failOn, maxParseFailures: settings.maxParseFailures)
    }

    private var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }
}

extension Profile: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
