import ClangSupport
import Foundation
import SocksifyAnalysis

/// What a scan produced, ready for a reporter.
public struct ScanResult: Sendable {
    public var report: Report
    /// Put before a finding's path so text output opens from the user's directory.
    public var displayPrefix: String
    /// The real directory findings are relative to (to read source lines for text output).
    public var rootDirectory: String
    /// Findings an inline suppression silenced.
    public var suppressed = 0
    /// Findings the baseline hid, and its entries that matched nothing.
    public var baselined = 0
    public var staleBaselineEntries: [Baseline.Entry] = []
    /// Every finding before suppressions and the baseline: what --write-baseline records.
    public var unfiltered: [Finding] = []
    /// Units parsed by libclang in this run, and units whose facts came from the cache.
    public var parsedUnits = 0
    public var cachedUnits = 0
    /// Wall-clock time of each stage, in order (`--timings`).
    public var timings: [(stage: String, seconds: Double)] = []
    /// What the run took from the last one instead of computing it.
    public var reuse = ScanReuse()
    /// Each unit (absolute path) and the socket operations its functions perform (`socket`,
    /// `connect`, `bind`, `listen`, `accept`, …): adopt tells clients from programs that never
    /// touch the network.
    /// What the analysis could not see: units that did not parse, missing headers, an unconfigured build.
    /// Each unit (absolute path): what its functions do to sockets and which project functions
    /// they call. adopt tells clients from servers and from programs that never touch the network.
    public var socketUse: [String: UnitSocketUse] = [:]
    public var coverage = AnalysisCoverage(translationUnits: 0, unitsWithParseErrors: [], socketUnitsWithParseErrors: [],
                                           missingHeaders: [])
}

/// What a scan took from the last run (the cache's run memo) instead of computing it again.
public struct ScanReuse: Equatable, Sendable {
    /// How the prefilter's verdicts were found.
    public enum Prefilter: Equatable, Sendable {
        /// Computed (or no prefilter).
        case computed
        /// The last run's: every changed file scans as it did.
        case lastRun
        /// Every unit kept again: the last run kept every unit and each changed file only gained
        /// names, functions and includes.
        case everyUnitKept
    }

    /// The last run's result, whole: no file it depends on changed.
    public var previousResult = false
    /// The last run's result: files changed, but the units that read them gave the same facts.
    public var sameFacts = false
    public var prefilter = Prefilter.computed
}

/// Wall-clock time per stage of one scan.
struct StageClock {
    private var last = ContinuousClock.now
    private(set) var laps: [(stage: String, seconds: Double)] = []

    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        let elapsed = last.duration(to: now).components
        laps.append((stage, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18))
        last = now
    }
}

/// Counts finished units for a progress display, from any worker thread.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: (@Sendable (Int, Int, String) -> Void)?

    init(total: Int, report: (@Sendable (Int, Int, String) -> Void)?) {
        self.total = total
        self.report = report
    }

    func finished(_ file: String) {
        guard let report else { return }
        let count = lock.withLock { done += 1; return done }
        report(count, total, file)
    }
}

/// The pipeline, top to bottom: discover units → parse and extract facts (parallel) → resolve
/// values across units → run the rules → relative, sorted, de-duplicated findings.
/// One unit's result: its own facts, the parts its headers contribute, where they came from.
struct UnitOutcome: Sendable {
    var facts: UnitFacts
    var headers: [UnitFacts]
    var unparsable: Bool
    var origin: CheckPipeline.UnitSource
    /// The files its result depends on: its own, the headers it included.
    var dependencies: [String] = []
    /// False when the result must not be reused (a timeout, a missing header).
    var memoizable = true
    /// The prefilter kept it.
    var relevant = true
    /// What identifies its facts in the cache (nil: not kept).
    var factsID: [String]? = nil
    /// Set when its facts are not at hand (a unit taken from the last run's memo): whether its own
    /// code does something with a socket, as the memo recorded it.
    var recordedSocketUse: Bool? = nil

    /// Whether the unit's own code does something with a socket (the coverage note on C++ sources).
    var usesSockets: Bool {
        recordedSocketUse ?? (!facts.socketCreations.isEmpty || facts.flows.contains { flow in
            flow.nodes.contains { $0.events.contains { $0.kind != .call } }
        })
    }
}

public enum CheckPipeline {
    /// Discovers, parses and analyses the tree. The work blocks (parse threads, their watchdog), so
    /// it runs on a thread of its own: the caller's task suspends instead of holding a thread of
    /// Swift's cooperative pool, which the parse workers' exchanges and other runs need.
    public static func scan(_ options: ScanOptions) async throws -> ScanResult {
        guard options.configure else { return try await scan(options, configured: nil) }
        let configured = try await configure(options)
        // The copy holds the generated headers the units include: it goes when the parse is done.
        defer { configured.build.copy.remove() }
        return try await scan(options, configured: configured)
    }

    /// A scan with the units of a tree already configured in a scratch copy, when there is one
    /// (adopt configures once for its scan, its plan and its renames).
    static func scan(_ options: ScanOptions, configured: ConfiguredScan?) async throws -> ScanResult {
        let exports: Set<String>? = if let library = options.library { await SocksLibraryProbe().exports(of: library) } else { nil }
        let result = try await OffPool.run { try scan(options, exports: exports, configured: configured) }
        // Headers the units of a configured make build still miss may be ones make generates: made
        // in the copy when a Makefile there has a rule for them, then the tree is read again.
        guard var configured, configured.build.system == .autotools,
              let missing = result.report.coverage?.missingHeaders.map(\.header), !missing.isEmpty else { return result }
        let made = await GeneratedHeaders(configured: configured.build).missing(missing, units: configured.units)
        guard !made.isEmpty else { return result }
        configured.build.generated += made
        let again = configured
        return try await OffPool.run { try scan(options, exports: exports, configured: again) }
    }

    /// `--configure`: the tree's configure step in a scratch copy, and the units its build compiles.
    static func configure(_ options: ScanOptions) async throws -> ConfiguredScan {
        guard options.paths.count <= 1, options.compileCommandsDirectory == nil else {
            throw ScanInputError.configure("--configure takes one tree and no compile database (-p): it works the flags out itself")
        }
        let path = options.paths.first ?? "."
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ScanInputError.missingPath(path) }
        guard isDirectory.boolValue else { throw ScanInputError.configure("\(path): --configure takes a tree (a directory), not a file") }
        do {
            var build = try await ConfigureStep(arguments: options.configureArguments).run(root: FilePaths.real(path))
            do {
                let units = try await ConfiguredUnits.units(of: build)
                if build.system == .autotools { build.generated = await GeneratedHeaders(configured: build).builtSources() }
                guard !units.isEmpty else {
                    throw ScanInputError.configure("\(path): the configured build compiles no C source of the tree (ran: \(build.commands.joined(separator: "; ")))")
                }
                return ConfiguredScan(build: build, units: units)
            } catch {
                build.copy.remove()
                throw error
            }
        } catch let error as BuildModelError {
            throw ScanInputError.configure(error.description)
        }
    }

    private static func scan(_ options: ScanOptions, exports: Set<String>?, configured: ConfiguredScan?) throws -> ScanResult {
        // libclang 16 makes a unit's working directory the process's while it parses it (in-process
        // parses only; workers are other processes): put back the user's for what follows.
        let startDirectory = FileManager.default.currentDirectoryPath
        defer { _ = FileManager.default.changeCurrentDirectoryPath(startDirectory) }
        var clock = StageClock()
        let tree = try ProjectTree.discover(options, configured: configured)
        clock.lap("discover")
        let cacheDirectory = options.cacheDirectory ?? (options.cacheUnderRoot ? tree.rootDirectory + "/" + UnitCache.defaultDirectoryName : nil)
        let cache = cacheDirectory.flatMap { UnitCache(directory: $0, root: tree.rootDirectory) }
        let missing = exports.map { exports in options.profile.renamedFunctions.filter { !exports.contains("R" + $0) } } ?? []
        let memoKey = RunMemo.key(options: options, tree: tree, missingRenames: missing)
        let previous = cache.flatMap { $0.runMemo(key: memoKey) }
        clock.lap("last run's memo (read, files compared)")
        if let cache, let (memo, changed) = previous, changed.isEmpty {
            cache.finish()
            clock.lap("previous result (no file changed)")
            return report(tree: tree, options: options, diagnoses: memo.diagnoses, units: Self.outcomes(memo, fresh: [:]),
                          socketUse: memo.socketUse, clock: clock, reuse: ScanReuse(previousResult: true))
        }
        let prefilter: (relevant: Set<String>, scanned: Set<String>, summaries: [String: String])
        var reuse = ScanReuse()
        // The changed files the last run's prefilter read, scanned again (nil: one cannot be judged).
        let rescanned = options.prefilter ? previous.flatMap { Self.changedScans($0.changed, memo: $0.memo) } : nil
        if let memo = previous?.memo, let rescanned, rescanned.allSatisfy({ memo.scanSummaries[$0.key] == $0.value.summary }) {
            // Every changed file scans as it did: the verdicts are the last run's.
            prefilter = (Set(memo.units.filter(\.relevant).map(\.file)), Set(memo.scanSummaries.keys), memo.scanSummaries)
            reuse.prefilter = .lastRun
        } else if let memo = previous?.memo, let rescanned, memo.units.allSatisfy(\.relevant),
                  rescanned.allSatisfy({ memo.scanSummaries[$0.key].map($0.value.onlyAdds) ?? false }) {
            // The last run kept every unit and each changed file only gained names and includes: the
            // verdicts can only grow, so every unit is kept again (a cheaper way to the same verdicts).
            let summaries = memo.scanSummaries.merging(rescanned.mapValues(\.summary)) { $1 }
            prefilter = (Set(tree.units.map(\.file)), Set(summaries.keys), summaries)
            reuse.prefilter = .everyUnitKept
        } else if options.prefilter {
            // The scans' summaries are kept only with a cache, for the next run.
            prefilter = Prefilter.verdicts(tree.units, root: tree.rootDirectory, headerDirectories: tree.headerDirectories,
                                           known: tree.scans, summaries: cache != nil)
        } else {
            prefilter = (Set(tree.units.map(\.file)), [], [:])
        }
        let relevant = prefilter.relevant
        clock.lap(reuse.prefilter == .everyUnitKept ? "prefilter (every unit kept again: the changed files only gained names)" : "prefilter")
        let isolation = options.unitIsolation
        let poolTimeout = UnitParser.poolTimeout(isolation, unitTimeout: options.unitTimeout)
        // With a cache, what the parsers share of the project's headers is kept for the next run.
        let makeParser = { UnitParser(isolation, timeout: options.unitTimeout, sharing: options.shareHeaderFunctions,
                                      kept: cache?.directory) }
        let parts = HeaderPartInterner()
        // Some files changed: parse the units that read them; if their facts are what they were, so
        // is the result.
        var fresh: [String: UnitOutcome] = [:]
        if let cache, let (memo, changed) = previous, memo.units.allSatisfy({ relevant.contains($0.file) == $0.relevant }) {
            let affected = memo.units.filter { $0.relevant && !changed.isDisjoint(with: $0.dependencies + [$0.file]) }
            let requests = tree.units.filter { request in affected.contains { $0.file == request.file } }
            let outcomes: [UnitOutcome?] = parallelUnits(requests, jobs: options.jobs, timeout: poolTimeout, timedOut: { _ in nil },
                                                         makeParser: makeParser, release: { $0.close() }) { request, parser in
                var outcome = Self.outcome(request, parser: parser, cache: cache, parts: parts)
                outcome.relevant = relevant.contains(request.file)
                return outcome
            }
            for outcome in outcomes.compactMap({ $0 }) { fresh[outcome.facts.file] = outcome }
            let same = outcomes.count == affected.count && affected.allSatisfy { unit in
                guard let now = fresh[unit.file], let id = now.factsID else { return false }
                return id == unit.factsID && now.unparsable == unit.unparsable && now.facts.parseErrors == unit.parseErrors
            }
            if same {
                let units = Self.outcomes(memo, fresh: fresh)
                Self.remember(cache: cache, key: memoKey, units: units, prefilter: prefilter, diagnoses: memo.diagnoses,
                              socketUse: memo.socketUse)
                cache.finish()
                clock.lap("parse the changed units (their facts did not change)")
                reuse.sameFacts = true
                return report(tree: tree, options: options, diagnoses: memo.diagnoses, units: units, socketUse: memo.socketUse, clock: clock,
                              reuse: reuse)
            }
        }
        let counter = ProgressCounter(total: tree.units.count, report: options.progress)
        let units = parallelUnits(tree.units, jobs: options.jobs, timeout: poolTimeout, timedOut: { request in
            let lost = UnitExtraction.lost(request, reason: UnitExtraction.timedOutReason(options.unitTimeout))
            return UnitOutcome(facts: lost.facts, headers: [], unparsable: true, origin: .parsed, memoizable: false)
        }, makeParser: makeParser, release: { $0.close() }) { request, parser in
            defer { counter.finished(request.file) }
            if let known = fresh[request.file] { return known }
            // A unit the prefilter rules out cannot change any finding: it is counted, not parsed.
            guard relevant.contains(request.file) || InputTriage.problem(request.file) != nil else {
                return UnitOutcome(facts: UnitFacts(file: request.file), headers: [], unparsable: false, origin: .skipped,
                                   dependencies: [request.file], relevant: false)
            }
            var outcome = Self.outcome(request, parser: parser, cache: cache, parts: parts)
            outcome.relevant = relevant.contains(request.file)
            return outcome
        }
        _ = FileManager.default.changeCurrentDirectoryPath(startDirectory)
        clock.lap("parse and extract (or load cached facts)")
        if units.allSatisfy(\.unparsable) {
            throw ScanInputError.unreadable(tree.displayRoot, reason: "libclang could not parse any translation unit")
        }
        // Each unit's own facts, and each distinct header part once: a header's functions are read
        // once however many units include it.
        let headerParts = Self.distinctHeaderParts(units)
        let allFacts = units.map(\.facts) + headerParts
        let resolver = InterproceduralResolver(units: allFacts)
        let sockets = allFacts.flatMap(\.socketCreations).map(resolver.resolve)
        let summaries = FunctionSummaries(flows: allFacts.flatMap(\.flows))
        let functions = (summaries.flows.keys.sorted().compactMap { summaries.flows[$0] } + summaries.otherDefinitions)
            .map { AnalyzedFunction(summaries.expanded($0)) }
        clock.lap("whole-program resolution")
        let problems = tree.problems + units.compactMap { unit in
            unit.facts.inputProblem.map { SourceWalker.Problem(path: unit.facts.file, reason: $0) }
        }
        let context = RuleContext(sockets: sockets, units: allFacts, functions: functions,
                                  profile: options.profile, showParseErrors: options.showParseErrors, inputProblems: problems,
                                  missingRenames: Set(missing))
        let diagnoses = RuleRegistry.rules.filter { type(of: $0).description.profiles.contains(options.profile) }
            .flatMap { $0.check(context) }
        clock.lap("rules")
        // A unit whose facts are the last run's has the last run's socket use.
        let last = previous?.memo
        let lastFactsIDs = Dictionary(last?.units.compactMap { unit in unit.factsID.map { (unit.file, $0) } } ?? []) { first, _ in first }
        var socketUse: [String: UnitSocketUse] = [:]
        for unit in units {
            let file = unit.facts.file
            let unchanged = unit.factsID != nil && lastFactsIDs[file] == unit.factsID
            if let use = unchanged ? last?.socketUse[file] : Self.socketUse(of: [unit.facts] + unit.headers) {
                socketUse[file] = use
            }
        }
        if let cache {
            Self.remember(cache: cache, key: memoKey, units: units, prefilter: prefilter, diagnoses: diagnoses, socketUse: socketUse)
            cache.finish()
        }
        return report(tree: tree, options: options, diagnoses: diagnoses, units: units, socketUse: socketUse, clock: clock, reuse: reuse)
    }

    /// Each distinct header part once, in order of first appearance. With the cache every part has
    /// its content hash (equal hashes, equal parts), which is far cheaper to compare than the facts.
    static func distinctHeaderParts(_ units: [UnitOutcome]) -> [UnitFacts] {
        if units.allSatisfy({ $0.headers.isEmpty || $0.factsID?.count == $0.headers.count + 1 }) {
            var seen: Set<String> = []
            return units.flatMap { unit in
                zip((unit.factsID ?? []).dropFirst(), unit.headers).filter { seen.insert($0.0).inserted }.map(\.1)
            }
        }
        var seen: Set<UnitFacts> = []
        return units.flatMap(\.headers).filter { seen.insert($0).inserted }
    }

    /// One unit's facts: from the cache, else parsed (and kept).
    private static func outcome(_ request: ParseRequest, parser: UnitParser, cache: UnitCache?, parts: HeaderPartInterner) -> UnitOutcome {
        if let problem = InputTriage.problem(request.file) {
            var facts = UnitFacts(file: request.file)
            facts.inputProblem = problem
            return UnitOutcome(facts: facts, headers: [], unparsable: true, origin: .skipped, dependencies: [request.file])
        }
        if let cached = cache?.lookup(request) {
            return UnitOutcome(facts: cached.own, headers: parts.intern(cached.headers, hashes: Array(cached.factsID.dropFirst())),
                               unparsable: false, origin: .cached,
                               dependencies: [request.file] + cached.dependencies, factsID: cached.factsID)
        }
        let result = parser.extract(request)
        if result.lost {
            // A crash, the memory limit or the timeout: nothing to keep, and the next run tries again.
            return UnitOutcome(facts: result.facts, headers: [], unparsable: true, origin: .parsed,
                               dependencies: [request.file], memoizable: false)
        }
        let split = result.facts.splitByFile()
        let id = result.unparsable ? nil : cache?.store(request, own: split.own, headers: split.headers, includedFiles: result.included)
        // A unit that missed a header is not kept: installing the header must change the result.
        let missedHeader = result.facts.parseErrors.contains { MissingHeaderHint.header(inMessage: $0.message) != nil }
        let headers = parts.intern(split.headers, hashes: id.map { Array($0.dropFirst()) })
        return UnitOutcome(facts: split.own, headers: headers, unparsable: result.unparsable, origin: .parsed,
                           dependencies: [request.file] + result.included.map(FilePaths.normalize), memoizable: !missedHeader,
                           factsID: id)
    }

    /// The units as the memo has them, with the ones parsed again in this run.
    private static func outcomes(_ memo: RunMemo, fresh: [String: UnitOutcome]) -> [UnitOutcome] {
        memo.units.map { unit in
            if let now = fresh[unit.file] { return now }
            var facts = UnitFacts(file: unit.file)
            facts.parseErrors = unit.parseErrors
            facts.inputProblem = unit.inputProblem
            return UnitOutcome(facts: facts, headers: [], unparsable: unit.unparsable, origin: unit.relevant ? .cached : .skipped,
                               dependencies: unit.dependencies, relevant: unit.relevant, factsID: unit.factsID,
                               recordedSocketUse: unit.usesSockets)
        }
    }

    /// Keeps this run's result for the next one, unless a unit's result must not be reused.
    private static func remember(cache: UnitCache, key: String, units: [UnitOutcome],
                                 prefilter: (relevant: Set<String>, scanned: Set<String>, summaries: [String: String]),
                                 diagnoses: [Diagnosis], socketUse: [String: UnitSocketUse]) {
        guard units.allSatisfy(\.memoizable) else { return }
        cache.storeRunMemo(key: key, dependencies: Set(units.flatMap(\.dependencies)).union(prefilter.scanned), diagnoses: diagnoses,
                           units: units.map { RunMemo.Unit(file: $0.facts.file, parseErrors: $0.facts.parseErrors,
                                                           inputProblem: $0.facts.inputProblem, unparsable: $0.unparsable,
                                                           relevant: $0.relevant, factsID: $0.factsID, dependencies: $0.dependencies,
                                                           usesSockets: $0.usesSockets) },
                           socketUse: socketUse, scanSummaries: prefilter.summaries)
    }

    /// The changed files the last run's prefilter read, each scanned again; nil when the last run
    /// kept no scans, or a changed file is neither one it read nor a system header (which it never
    /// reads), or is gone.
    private static func changedScans(_ changed: Set<String>, memo: RunMemo) -> [String: IdentifierScan]? {
        guard !memo.scanSummaries.isEmpty else { return nil }
        var scans: [String: IdentifierScan] = [:]
        for path in changed {
            guard memo.scanSummaries[path] != nil else {
                if memo.systemFiles[path] != nil { continue }
                return nil
            }
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            scans[path] = IdentifierScan([UInt8](data))
        }
        return scans
    }

    /// Suppressions, severities, baseline, coverage: what every run does with its diagnoses.
    private static func report(tree: ProjectTree, options: ScanOptions, diagnoses: [Diagnosis], units: [UnitOutcome],
                               socketUse: [String: UnitSocketUse], clock: StageClock, reuse: ScanReuse) -> ScanResult {
        var clock = clock
        let post = PostProcessing(ruleSettings: options.ruleSettings, baseline: options.baseline,
                                  files: tree.units.map { tree.relativePath($0.file) }, root: tree.rootDirectory)
            .apply(Self.merged(diagnoses).map { finding(from: $0, in: tree) })
        let findings = post.findings
        clock.lap("suppressions, severities, baseline")
        var report = Report(
            root: tree.displayRoot,
            findings: findings,
            translationUnits: tree.units.count,
            filesWithParseErrors: units.count { !$0.facts.parseErrors.isEmpty }
        )
        let coverage = Self.coverage(of: units.map(\.facts), in: tree, usedDatabase: tree.fromDatabase,
                                     usingSockets: units.contains(where: \.usesSockets))
        // Also when the run configured the tree: what ran is part of how the findings were made.
        if coverage.hasProblems || coverage.configuredWith != nil { report.coverage = coverage }
        clock.lap("coverage")
        return ScanResult(report: report, displayPrefix: tree.displayPrefix, rootDirectory: tree.rootDirectory,
                          suppressed: post.suppressed, baselined: post.baselined, staleBaselineEntries: post.stale,
                          unfiltered: post.unfiltered,
                          parsedUnits: units.count { $0.origin == .parsed }, cachedUnits: units.count { $0.origin == .cached },
                          timings: clock.laps, reuse: reuse, socketUse: socketUse, coverage: coverage)
    }

    /// What one unit's functions do to sockets, from its own facts and its headers' parts (nil:
    /// nothing). Sockets created in the unit's own file are also listed by line.
    static func socketUse(of parts: [UnitFacts]) -> UnitSocketUse? {
        guard let file = parts.first?.file else { return nil }
        var use = UnitSocketUse()
        for part in parts {
            for flow in part.flows {
                for node in flow.nodes {
                    for event in node.events where event.kind != .call && event.kind != .create {
                        use.functions[event.function, default: []].insert("\(event.kind)")
                    }
                }
            }
            // Where each socket is created (`socket@LINE`), to match against udp-socket and raw-socket.
            for creation in part.socketCreations {
                let function = creation.function?.name ?? ""
                use.functions[function, default: []].insert("socket")
                if creation.location.file == file { use.functions[function, default: []].insert("socket@\(creation.location.line)") }
            }
            for call in part.calls {
                use.calls[call.caller?.name ?? "", default: []].insert(call.callee.name)
            }
        }
        for part in parts {
            for flow in part.flows where use.functions[flow.function.name] == nil && use.calls[flow.function.name] == nil {
                use.functions[flow.function.name] = []
            }
        }
        return use.functions.isEmpty && use.calls.isEmpty ? nil : use
    }

    /// The calls that make a unit's parse matter: a unit that names none of them cannot hide a finding.
    static let socketCalls = SocketAPICatalogue.hazardous

    /// The file's text names one of `socketCalls` (a file too large or unreadable does not).
    private static func namesSocketCall(_ file: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: file), data.count <= InputTriage.sizeLimit else { return false }
        return !IdentifierScan([UInt8](data)).identifiers.isDisjoint(with: socketCalls)
    }

    static func coverage(of units: [UnitFacts], in tree: ProjectTree, usedDatabase: Bool, usingSockets: Bool) -> AnalysisCoverage {
        let broken = units.filter { !$0.parseErrors.isEmpty }
        let socketUnits = broken.filter { namesSocketCall($0.file) }
        var counts: [String: Int] = [:]
        for unit in broken {
            let headers = Set(unit.parseErrors.compactMap { MissingHeaderHint.header(inMessage: $0.message) })
            for header in headers { counts[header, default: 0] += 1 }
        }
        let hints = MissingHeaderHint(root: tree.rootDirectory)
        let missing = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { header, count in
            AnalysisCoverage.MissingHeader(header: header, units: count, hint: hints.hint(for: header))
        }
        var coverage = AnalysisCoverage(
            translationUnits: units.count,
            unitsWithParseErrors: broken.map { tree.relativePath($0.file) }.sorted(),
            socketUnitsWithParseErrors: socketUnits.map { tree.relativePath($0.file) }.sorted(),
            missingHeaders: missing,
            notConfigured: BuildConfiguration.notConfiguredNote(root: tree.rootDirectory, usedDatabase: usedDatabase)
        )
        coverage.configuredWith = tree.configuredWith
        guard !tree.otherLanguageSources.isEmpty else { return coverage }
        coverage.unanalysedSources = tree.otherLanguageSources.map(tree.relativePath).sorted()
        coverage.socketUnanalysedSources = tree.otherLanguageSources.filter(namesSocketCall).map(tree.relativePath).sorted()
        coverage.analysedUnitsUseSockets = usingSockets
        return coverage
    }

    /// Where a unit's facts came from in this run.
    enum UnitSource: Sendable { case parsed, cached, skipped }

    /// One finding per rule and place: a helper's call reached from several callers (or a header seen
    /// by several units) is reported once, with the notes of every way it was reached.
    static func merged(_ diagnoses: [Diagnosis]) -> [Diagnosis] {
        var order: [String] = []
        var byPlace: [String: Diagnosis] = [:]
        for diagnosis in diagnoses {
            let key = "\(diagnosis.rule)\u{0}\(diagnosis.location.file)\u{0}\(diagnosis.location.offset)"
            guard var existing = byPlace[key] else {
                byPlace[key] = diagnosis
                order.append(key)
                continue
            }
            for note in diagnosis.notes where !existing.notes.contains(note) { existing.notes.append(note) }
            if diagnosis.severity > existing.severity { existing.severity = diagnosis.severity }
            byPlace[key] = existing
        }
        return order.compactMap { byPlace[$0] }
    }

    private static func finding(from diagnosis: Diagnosis, in tree: ProjectTree) -> Finding {
        var finding = Finding(
            rule: diagnosis.rule,
            severity: diagnosis.severity,
            path: tree.relativePath(diagnosis.location.file),
            line: diagnosis.location.line,
            column: diagnosis.location.column,
            endColumn: diagnosis.length.map { diagnosis.location.column + $0 },
            function: diagnosis.function,
            message: diagnosis.message,
            notes: diagnosis.notes.map {
                Note(path: tree.relativePath($0.location.file), line: $0.location.line,
                     column: $0.location.column, message: $0.message)
            },
            removable: diagnosis.removable,
            fixIts: diagnosis.fixIt.map { fix in
                [FixIt(path: tree.relativePath(fix.start.file), line: fix.start.line, column: fix.start.column,
                       endLine: fix.end.line, endColumn: fix.end.column, replacement: fix.replacement)]
            }
        )
        finding.mayAlsoBeStream = diagnosis.mayAlsoBeStream == true ? true : nil
        return finding
    }
}
