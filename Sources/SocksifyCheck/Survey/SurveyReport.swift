import Foundation
import SocksifyAnalysis

/// `survey-report`: any number of result folders (the shards of one survey, from any machines)
/// merged into one report. Trees are keyed by their path as given and sorted by it, so the
/// report does not depend on how the trees were split or in which order folders are named;
/// everything that depends on when and where a tree ran is under `timings` alone (`--no-timings`
/// leaves it out), so two surveys of the same trees compare byte for byte without it.
/// A public interface: fields are added, never renamed.
public struct SurveyReport: Codable, Equatable, Sendable {
    public var version = 1
    public var tool: String = SocksifyCheckInfo.version
    /// The distinct option sets the results were made with (one, in a consistent survey).
    public var options: [SurveyOptions]
    public var totals: Totals
    public var trees: [Tree]
    /// The ten analysed trees with the smallest share of parsed units, least first.
    public var leastParsed: [Parse]
    public var timings: Timings?

    public struct Totals: Codable, Equatable, Sendable {
        public var trees: Int
        /// Trees read and parsed (whatever their verdicts).
        public var analysedTrees: Int
        /// Trees that could not be analysed at all (missing, no C, a crash, the timeout).
        public var failedTrees: Int
        /// Analysed trees whose analysis is incomplete (over 10% of units unparsed, or a socket unit).
        public var incompleteTrees: Int
        public var programs: Int
        /// Programs (and whole trees without a per-program plan) by verdict; every verdict is listed.
        public var verdicts: [String: Int]
        public var translationUnits: Int
        public var unparsedUnits: Int
        public var findings: Int
        public var findingsByRule: [String: Int]
    }

    public struct Tree: Codable, Equatable, Sendable {
        public var tree: String
        public var name: String
        public var buildSystem: String?
        public var failure: String?
        /// Why the analysis cannot vouch for the tree, when it cannot.
        public var incomplete: String?
        public var configured: Bool
        public var translationUnits: Int
        public var unparsedUnits: Int
        /// Percent of units parsed, one decimal.
        public var parsedPercent: Double
        public var missingHeaders: [String]
        public var adopt: Adopt?
        public var programs: [Program]
        public var findings: [ReportFinding]
        public var findingsByRule: [String: Int]
    }

    public struct Adopt: Codable, Equatable, Sendable {
        public var error: String?
        public var refusedForCollisions: Bool
        public var verified: Bool
        public var changedFiles: [String]
        public var instructions: [String]
    }

    public struct Program: Codable, Equatable, Sendable {
        /// `(whole tree)` when the build gave no per-program plan.
        public var name: String
        public var path: String
        public var kind: String
        /// adopt's role (`client`, `server`, `udp-or-raw-only`, …), `unknown` for a whole tree.
        public var role: String
        public var adopted: Bool
        public var verdict: SurveyVerdict
        public var reason: String
        /// Indexes into the tree's findings.
        public var findings: [Int]
    }

    public struct ReportFinding: Codable, Equatable, Sendable {
        public var rule: String
        public var severity: Severity
        public var path: String
        public var line: Int
        public var column: Int
        public var message: String
    }

    public struct Parse: Codable, Equatable, Sendable {
        public var tree: String
        public var parsedPercent: Double
        public var translationUnits: Int
        public var unparsedUnits: Int
    }

    /// The part of the report that changes run to run.
    public struct Timings: Codable, Equatable, Sendable {
        /// Seconds of all trees together (the survey's CPU-bound work, not its wall time when sharded).
        public var totalSeconds: Double
        /// The ten slowest trees, slowest first.
        public var slowest: [Time]
        /// Every tree's seconds, by tree.
        public var trees: [Time]
    }

    public struct Time: Codable, Equatable, Sendable {
        public var tree: String
        public var seconds: Double
    }

    /// A result that could not be read, and why.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Every result in `folders`; one per tree (the latest made, when shards overlap).
    public static func results(in folders: [String]) -> (results: [SurveyResult], problems: [Problem]) {
        var byTree: [String: (result: SurveyResult, bytes: Data)] = [:]
        var problems: [Problem] = []
        for folder in folders {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                problems.append(Problem(path: folder, reason: "cannot be read: \(PlainError.describe(error))"))
                continue
            }
            // Dot files are OutputFile's temporary files of a write in progress.
            for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
                let path = folder + "/" + name
                let data: Data, result: SurveyResult
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: path))
                    result = try JSONDecoder().decode(SurveyResult.self, from: data)
                } catch {
                    problems.append(Problem(path: path, reason: "not a survey result: \(PlainError.describe(error))"))
                    continue
                }
                if let known = byTree[result.tree] {
                    // The later one, then the bytes: the same choice whatever order folders come in.
                    let later = (result.timings.finished, data.lexicographicallyPrecedes(known.bytes) ? 0 : 1)
                        > (known.result.timings.finished, known.bytes.lexicographicallyPrecedes(data) ? 0 : 1)
                    if !later { continue }
                }
                byTree[result.tree] = (result, data)
            }
        }
        return (byTree.keys.sorted().compactMap { byTree[$0]?.result }, problems)
    }

    public init(results: [SurveyResult], timings: Bool = true) {
        let sorted = results.sorted { $0.tree < $1.tree }
        var optionSets: [SurveyOptions] = []
        for result in sorted where !optionSets.contains(result.options) { optionSets.append(result.options) }
        let encoder = SurveyResult.encoder()
        options = optionSets.sorted { (try? encoder.encode($0)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            < (try? encoder.encode($1)).map { String(decoding: $0, as: UTF8.self) } ?? "" }
        trees = sorted.map(Self.tree)
        var verdicts = Dictionary(uniqueKeysWithValues: SurveyVerdict.allCases.map { ($0.rawValue, 0) })
        var byRule: [String: Int] = [:]
        for tree in trees {
            for program in tree.programs { verdicts[program.verdict.rawValue, default: 0] += 1 }
            for (rule, count) in tree.findingsByRule { byRule[rule, default: 0] += count }
        }
        totals = Totals(trees: trees.count, analysedTrees: trees.count { $0.failure == nil }, failedTrees: trees.count { $0.failure != nil },
                        incompleteTrees: trees.count { $0.failure == nil && $0.incomplete != nil },
                        programs: trees.reduce(0) { $0 + $1.programs.count }, verdicts: verdicts,
                        translationUnits: trees.reduce(0) { $0 + $1.translationUnits },
                        unparsedUnits: trees.reduce(0) { $0 + $1.unparsedUnits },
                        findings: trees.reduce(0) { $0 + $1.findings.count }, findingsByRule: byRule)
        leastParsed = Array(trees.filter { $0.failure == nil }
            .sorted { ($0.parsedPercent, $0.tree) < ($1.parsedPercent, $1.tree) }
            .prefix(10).map { Parse(tree: $0.tree, parsedPercent: $0.parsedPercent, translationUnits: $0.translationUnits, unparsedUnits: $0.unparsedUnits) })
        if timings {
            let times = sorted.map { Time(tree: $0.tree, seconds: ($0.timings.seconds * 10).rounded() / 10) }
            self.timings = Timings(totalSeconds: (sorted.reduce(0) { $0 + $1.timings.seconds } * 10).rounded() / 10,
                                   slowest: Array(times.sorted { ($0.seconds, $1.tree) > ($1.seconds, $0.tree) }.prefix(10)),
                                   trees: times)
        }
    }

    private static func tree(_ result: SurveyResult) -> Tree {
        let coverage = result.coverage
        let units = coverage?.translationUnits ?? 0
        let unparsed = coverage?.unitsWithParseErrors.count ?? 0
        let judged = SurveyVerdict.judge(result)
        let programs = judged.map { program, judgement in
            if let program {
                return Program(name: program.plan.name, path: program.plan.path, kind: program.plan.kind, role: program.plan.role,
                               adopted: program.plan.adopted, verdict: judgement.verdict, reason: judgement.reason,
                               findings: program.findings)
            }
            return Program(name: "(whole tree)", path: ".", kind: "tree", role: "unknown", adopted: false, verdict: judgement.verdict,
                           reason: judgement.reason, findings: Array(result.findings.indices))
        }
        var byRule: [String: Int] = [:]
        for finding in result.findings { byRule[finding.rule, default: 0] += 1 }
        return Tree(
            tree: result.tree, name: result.name, buildSystem: result.buildSystem, failure: result.failure,
            incomplete: result.failure == nil ? coverage?.incompleteness(maxParseFailures: AnalysisCoverage.defaultMaxParseFailures) : nil,
            configured: coverage?.configuredWith != nil, translationUnits: units, unparsedUnits: unparsed,
            parsedPercent: result.failure != nil ? 0 : units == 0 ? 100 : (Double(units - unparsed) * 1000 / Double(units)).rounded() / 10,
            missingHeaders: coverage?.missingHeaders.map(\.header) ?? [],
            adopt: result.adopt.map { Adopt(error: $0.error, refusedForCollisions: $0.refusedForCollisions, verified: $0.verified,
                                            changedFiles: $0.changedFiles, instructions: $0.instructions) },
            programs: programs,
            findings: result.findings.map { ReportFinding(rule: $0.rule, severity: $0.severity, path: $0.path, line: $0.line,
                                                          column: $0.column, message: $0.message) },
            findingsByRule: byRule)
    }

    public func json() -> Data {
        // Strings, numbers and arrays of them: encoding cannot fail.
        (try! SurveyResult.encoder().encode(self)) + Data("\n".utf8)
    }

    /// One SARIF log per analysed tree, through the check's SARIF reporter: URIs relative to the
    /// tree (SRCROOT is the tree when it is on this machine, to read the lines fingerprints hash).
    public static func sarif(_ result: SurveyResult) -> String {
        var report = Report(root: result.tree, findings: result.findings, translationUnits: result.coverage?.translationUnits ?? 0,
                            filesWithParseErrors: result.coverage?.unitsWithParseErrors.count ?? 0)
        report.coverage = result.coverage
        let local = FileManager.default.fileExists(atPath: result.tree) ? FilePaths.real(result.tree) : nil
        return SARIFReporter.render(report, root: local ?? result.tree, prefix: "", base: local)
    }
}
