import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// The survey page in a real browser (Debian's chromium, headless; .ci/install-deps installs it):
/// the script runs, sorts the table on load, and a header's second click reverses the order.
@Suite struct SurveyHTMLBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Three trees whose hazard counts order differently from their names.
    static func page() -> String {
        func finding(_ rule: String, _ line: Int) -> Finding {
            Finding(rule: rule, severity: .error, path: "main.c", line: line, column: 1, endColumn: nil, function: "main", message: "m", notes: [])
        }
        func result(_ tree: String, hazards: Int) -> SurveyResult {
            var result = SurveyResult(tree: tree, name: tree, tool: SocksifyCheckInfo.version, options: SurveyOptions(),
                                      timings: .init(seconds: 1, finished: 0))
            result.coverage = AnalysisCoverage(translationUnits: 1, unitsWithParseErrors: [], socketUnitsWithParseErrors: [], missingHeaders: [])
            result.findings = (0..<hazards).map { finding("udp-socket", $0 + 1) }
            result.adopt = .init(verified: true, changedFiles: ["Makefile"])
            result.programs = [SurveyProgram(plan: PlannedProgram(name: "p", path: "p", kind: "program", role: "client", adopted: true,
                                                                  forced: false, reason: "connects", units: ["main.c"], warnings: []),
                                             findings: Array(0..<hazards))]
            return result
        }
        let report = SurveyReport(results: [result("alpha", hazards: 1), result("beta", hazards: 3), result("gamma", hazards: 0)])
        return SurveyHTML.render(report, sourceURL: "https://example.invalid/{tree}/{path}#L{line}")
    }

    /// The page after its script ran, as chromium's DOM, and the trees in table order.
    private func load(_ fragment: String) throws -> (dom: String, order: [String]) {
        let folder = try TemporaryTree(["survey.html": Self.page()])
        let result = try shell([Self.chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(folder.path)/profile",
                                "--dump-dom", "file://\(folder.path)/survey.html\(fragment)"], in: folder.path, timeout: 90)
        try #require(result.status == 0, "\(result.stderr)")
        let rows = try NSRegularExpression(pattern: #"<tr data-tree="([^"]+)""#)
        let dom = result.stdout
        let order = rows.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).compactMap { Range($0.range(at: 1), in: dom).map { String(dom[$0]) } }
        return (dom, order)
    }

    @Test(.enabled(if: chromium != nil, "needs chromium (Debian's chromium package; .ci/install-deps installs it)"))
    func theScriptSortsTheTable() throws {
        #expect(Self.page().contains("<tr data-tree=\"alpha\""), "the page as written is in tree order")
        let plain = try load("")
        #expect(plain.dom.contains("data-sorted-by=\"tree\""), "the script ran and sorted by tree on load")
        #expect(plain.order == ["alpha", "beta", "gamma"])
        let byHazards = try load("#sort=hazards")
        #expect(byHazards.dom.contains("data-sorted-by=\"hazards\""))
        #expect(byHazards.order == ["gamma", "alpha", "beta"])
        // Two clicks on the header: descending.
        let reversed = try load("#sort=hazards-desc")
        #expect(reversed.dom.contains("data-sorted-by=\"hazards-desc\""))
        #expect(reversed.dom.contains("aria-sort=\"descending\""))
        #expect(reversed.order == ["beta", "alpha", "gamma"])
        // Verdicts in their own order, not alphabetically: gamma (ready-after-adopt) before the two that need changes.
        let byVerdict = try load("#sort=verdict")
        #expect(byVerdict.order == ["gamma", "alpha", "beta"])
    }
}
