import Foundation
import SocksifyAnalysis

/// One tree, in this process (`survey --worker`, started by SurveyRunner): adopt's plan in dry-run
/// form, which runs the check's scan and reads the build model, then the findings attributed to
/// the programs the build links. Nothing in the tree is written; configure and make's dry runs
/// happen in scratch copies, as with `adopt` (and only with `--configure` for configure steps).
public enum SurveyWorker {
    public static func survey(_ tree: String, options: SurveyOptions, isolation: UnitIsolation) async -> SurveyResult {
        let started = ContinuousClock.now
        let stamp = TreeStamp.of(tree)
        if let problem = SurveyRunner.unreadable(tree) {
            var result = SurveyResult.failed(tree, options: options, reason: problem, seconds: SurveyRunner.seconds(since: started))
            result.stamp = stamp
            return result
        }
        let real = FilePaths.real(tree)
        let key = SurveyTree.key(tree)
        // Messages name the tree as the survey does, never the machine's absolute path.
        func plain(_ text: String) -> String {
            text.replacingOccurrences(of: real + "/", with: key + "/").replacingOccurrences(of: real, with: key)
        }
        var result = SurveyResult(tree: key, name: SurveyTree.name(tree), tool: SocksifyCheckInfo.version, options: options,
                                  timings: .init(seconds: 0, finished: 0))
        result.stamp = stamp
        var adoptOptions = AdoptOptions(root: tree, profile: options.profile, library: options.library)
        adoptOptions.configure = options.configure
        adoptOptions.configureArguments = options.configureArguments
        adoptOptions.unitIsolation = isolation
        // A name the renames would rewrite (often a harmless parameter named `accept`) makes adopt
        // refuse the -D form; the survey still wants each program's role and findings, and keeps
        // the collisions as findings and as `refusedForCollisions`.
        adoptOptions.allowCollisions = true
        var scan: ScanResult?
        var planned: [PlannedProgram] = []
        do {
            let plan = try await Adopter.plan(adoptOptions)
            scan = plan.scan
            result.buildSystem = plan.buildSystem.rawValue
            planned = plan.programs
            let refused = !plan.collisions.isEmpty
            result.adopt = SurveyResult.AdoptSummary(
                error: nil, refusedForCollisions: refused, verified: plan.verified, changedFiles: plan.changes.map(\.path),
                patchLines: plan.patch.count { $0 == UInt8(ascii: "\n") }, instructions: plan.instructions.map(plain),
                warnings: plan.warnings.map(plain), notes: plan.notes.map(plain))
            if scan == nil { result.failure = "\(key): no C translation units found" }
        } catch {
            result.buildSystem = BuildSystem.detect(root: real, useMake: true)?.rawValue
            result.adopt = SurveyResult.AdoptSummary(error: plain("\(error)"))
            // adopt could not plan (no Makefile, make's dry run failed, configure failed, the
            // adopted build did not verify): the check still reads the tree, so its findings and
            // coverage are known.
            var scanOptions = ScanOptions(paths: [tree], jobs: ProcessInfo.processInfo.activeProcessorCount, profile: options.profile)
            scanOptions.library = options.library
            scanOptions.unitIsolation = isolation
            // Configured as adopt's scan was: adopt may fail after a good configured scan (its
            // check of the adopted build), and an unconfigured parse of an autotools tree misses
            // config.h everywhere. When the configure step itself fails (a missing build
            // dependency), the tree is read unconfigured.
            let attempts = options.configure ? [true, false] : [false]
            for (attempt, configure) in attempts.enumerated() {
                scanOptions.configure = configure
                scanOptions.configureArguments = configure ? options.configureArguments : []
                do {
                    scan = try await CheckPipeline.scan(scanOptions)
                    break
                } catch where attempt + 1 < attempts.count {
                    continue
                } catch {
                    result.failure = plain("\(error)")
                }
            }
        }
        if let scan {
            result.coverage = scan.coverage
            result.coverage?.configuredWith = scan.coverage.configuredWith?.map(plain)
            result.coverage?.notConfigured = scan.coverage.notConfigured.map(plain)
            result.findings = scan.report.findings
            var operations: Set<String> = []
            for use in scan.socketUse.values {
                for set in use.functions.values { operations.formUnion(set.filter { !$0.contains("@") }) }
            }
            result.socketOperations = operations.sorted()
            result.programs = attribute(result.findings, to: planned, use: scan.socketUse, root: scan.rootDirectory)
            result.timings.stages = scan.timings.map { .init(stage: $0.stage, seconds: $0.seconds) }
        }
        result.timings.seconds = SurveyRunner.seconds(since: started)
        result.timings.finished = Date().timeIntervalSince1970
        return result
    }

    /// Each program with the findings in its code: those in its units; else, for a finding in a
    /// header or a file no program compiles, those in a function its units define or call; else
    /// (nothing tells) every program: a finding is never lost by attribution, at worst shared.
    static func attribute(_ findings: [Finding], to programs: [PlannedProgram], use: [String: UnitSocketUse], root: String) -> [SurveyProgram] {
        let byUnit = Dictionary(use.map { (FilePaths.isInside($0.key, directory: root) ? String($0.key.dropFirst(root.count + 1)) : $0.key, $0.value) }) { a, _ in a }
        let units = programs.map { Set($0.units) }
        let functions: [Set<String>] = programs.map { program in
            var names: Set<String> = []
            for unit in program.units {
                guard let use = byUnit[unit] else { continue }
                names.formUnion(use.functions.keys)
                names.formUnion(use.calls.keys)
                for callees in use.calls.values { names.formUnion(callees) }
            }
            return names
        }
        var owned = Array(repeating: [Int](), count: programs.count)
        for (index, finding) in findings.enumerated() {
            var owners = units.indices.filter { units[$0].contains(finding.path) }
            if owners.isEmpty, let function = finding.function {
                owners = functions.indices.filter { functions[$0].contains(function) }
            }
            if owners.isEmpty { owners = Array(programs.indices) }
            for owner in owners { owned[owner].append(index) }
        }
        return zip(programs, owned).map { SurveyProgram(plan: $0, findings: $1) }
    }
}

extension SurveyResult {
    /// A tree that could not be analysed at all, with the reason.
    static func failed(_ tree: String, options: SurveyOptions, reason: String, seconds: Double) -> SurveyResult {
        var result = SurveyResult(tree: SurveyTree.key(tree), name: SurveyTree.name(tree), tool: SocksifyCheckInfo.version,
                                  options: options, timings: .init(seconds: seconds, finished: Date().timeIntervalSince1970))
        result.failure = reason
        return result
    }
}
