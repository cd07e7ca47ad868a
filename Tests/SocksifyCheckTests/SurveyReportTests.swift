import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Verdicts and merging on results written by hand: no libclang, every verdict and its reason.
@Suite struct SurveyReportTests {
    static func result(_ tree: String, role: String = "client", findings: [Finding] = [], changed: [String] = ["Makefile"],
                       parsed: Int = 10, of units: Int = 10, finished: Double = 0) -> SurveyResult {
        var result = SurveyResult(tree: tree, name: tree, tool: SocksifyCheckInfo.version, options: SurveyOptions(),
                                  timings: .init(seconds: 1, finished: finished))
        result.coverage = AnalysisCoverage(translationUnits: units, unitsWithParseErrors: (0..<(units - parsed)).map { "u\($0).c" },
                                           socketUnitsWithParseErrors: [], missingHeaders: [])
        result.findings = findings
        result.adopt = .init(verified: true, changedFiles: changed)
        result.programs = [SurveyProgram(plan: PlannedProgram(name: "p", path: "p", kind: "program", role: role, adopted: role == "client",
                                                              forced: false, reason: "why", units: ["main.c"], warnings: []),
                                         findings: Array(findings.indices))]
        result.socketOperations = ["connect", "socket"]
        return result
    }

    static func finding(_ rule: String, _ severity: Severity) -> Finding {
        Finding(rule: rule, severity: severity, path: "main.c", line: 3, column: 1, endColumn: nil, function: "main", message: "m", notes: [])
    }

    private func verdict(_ result: SurveyResult) -> SurveyVerdict? {
        SurveyVerdict.judge(result).first?.judgement.verdict
    }

    @Test func verdictsOfPrograms() {
        #expect(verdict(Self.result("a", changed: [])) == .ready)
        #expect(verdict(Self.result("a")) == .readyAfterAdopt)
        #expect(verdict(Self.result("a", findings: [Self.finding("parse-error", .note)])) == .readyAfterAdopt, "a note is no hazard")
        #expect(verdict(Self.result("a", findings: [Self.finding("nonblocking-connect", .warning)])) == .needsSourceChanges)
        #expect(verdict(Self.result("a", role: "server")) == .notSocksifiable)
        #expect(verdict(Self.result("a", role: "udp-or-raw-only")) == .notSocksifiable)
        #expect(verdict(Self.result("a", role: "no-network")) == .noNetwork)
        // A program is judged on its own units: the tree's units that did not parse are not its.
        #expect(verdict(Self.result("a", parsed: 89, of: 100)) == .readyAfterAdopt)
        var own = Self.result("a", parsed: 99, of: 100)
        own.programs[0].plan.units = ["main.c", "u0.c"]
        #expect(verdict(own) == .notAnalysed, "1 of its 2 units did not parse")
        var socketUnit = Self.result("a", parsed: 99, of: 100)
        socketUnit.programs[0].plan.units = ["u0.c"] + (1...19).map { "v\($0).c" }
        #expect(verdict(socketUnit) == .readyAfterAdopt, "5% of its units")
        socketUnit.coverage?.socketUnitsWithParseErrors = ["u0.c"]
        #expect(verdict(socketUnit) == .notAnalysed, "but one that calls the socket API")
        // Without its units (nothing tells which are its), the tree's coverage decides.
        var unknown = Self.result("a", parsed: 89, of: 100)
        unknown.programs[0].plan.units = []
        #expect(verdict(unknown) == .notAnalysed)
        #expect(verdict(Self.result("a", parsed: 90, of: 100)) == .readyAfterAdopt)
        var failed = Self.result("a")
        failed.failure = "a: no such directory"
        #expect(SurveyVerdict.judge(failed).map(\.judgement) == [.init(verdict: .notAnalysed, reason: "a: no such directory")])
    }

    @Test func verdictsOfWholeTrees() {
        var tree = Self.result("t")
        tree.programs = []
        #expect(verdict(tree) == .readyAfterAdopt)
        tree.adopt?.error = "t: make's dry run failed"
        #expect(verdict(tree) == .notAnalysed, "a client whose build adopt cannot read is not vouched for")
        tree.findings = [Self.finding("udp-socket", .error)]
        #expect(verdict(tree) == .needsSourceChanges)
        tree.findings = [Self.finding("server-socket", .warning)]
        tree.socketOperations = ["listen", "socket"]
        #expect(verdict(tree) == .notSocksifiable)
        tree.socketOperations = []
        #expect(verdict(tree) == .noNetwork)
    }

    /// A tree in two folders counts once, the later result, whichever folder is named first; and
    /// a file that is not a result is named, not fatal.
    @Test func mergingKeepsOneResultPerTree() throws {
        let old = Self.result("t", finished: 1)
        var new = Self.result("t", findings: [Self.finding("udp-socket", .error)], finished: 2)
        new.timings.seconds = 9
        let a = try TemporaryTree(["t.json": String(decoding: old.encoded(), as: UTF8.self), "junk.json": "{}"])
        let b = try TemporaryTree(["t.json": String(decoding: new.encoded(), as: UTF8.self), ".t.json.123.tmp": "partial"])
        for folders in [[a.path, b.path], [b.path, a.path]] {
            let (results, problems) = SurveyReport.results(in: folders)
            #expect(results == [new])
            #expect(problems.count == 1 && problems[0].path.hasSuffix("junk.json"), "\(problems)")
        }
        let report = SurveyReport(results: [new])
        #expect(report.totals.verdicts["needs-source-changes"] == 1 && report.totals.findingsByRule == ["udp-socket": 1])
        #expect(report.timings?.slowest.first?.seconds == 9)
        #expect(SurveyReport(results: [new], timings: false).timings == nil)
    }

    @Test func sourceLinksAreEscaped() {
        let tree = SurveyReport(results: [Self.result("x y")]).trees[0]
        let finding = SurveyReport.ReportFinding(rule: "r", severity: .error, path: "dir/a b.c", line: 7, column: 1, message: "m")
        #expect(SurveyHTML.link("https://e.invalid/{tree}/{path}#L{line}", tree: tree, finding: finding) == "https://e.invalid/x%20y/dir/a%20b.c#L7")
        #expect(SurveyHTML.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }
}
