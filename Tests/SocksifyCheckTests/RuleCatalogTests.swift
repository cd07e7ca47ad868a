import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Keeps the rule list, the docs and the ids in step.
@Suite struct RuleCatalogTests {
    @Test func idsAreUniqueAndKebabCase() {
        let ids = RuleRegistry.ids
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(id)")
        }
    }

    @Test(arguments: RuleRegistry.ids)
    func everyRuleIsDocumentedAndExemplified(_ id: String) throws {
        let rule = try #require(RuleRegistry.description(for: id))
        #expect(!rule.triggering.isEmpty)
        #expect(!rule.nonTriggering.isEmpty)
        #expect(!rule.rationale.isEmpty && !rule.fix.isEmpty && !rule.socksBehavior.isEmpty)
        let readme = try String(contentsOfFile: Package.root + "/README.md", encoding: .utf8)
        #expect(readme.contains("`\(id)`"), "README.md must describe \(id)")
    }

    @Test func rulesCommandListsEveryRule() throws {
        let result = try CommandRunner.run(["rules"])
        #expect(result.status == 0)
        for rule in RuleRegistry.descriptions {
            #expect(result.stdout.contains(rule.id) && result.stdout.contains(rule.summary))
        }
    }

    @Test(arguments: RuleRegistry.ids)
    func explainPrintsRationaleFixAndExamples(_ id: String) throws {
        let rule = try #require(RuleRegistry.description(for: id))
        let result = try CommandRunner.run(["explain", id])
        #expect(result.status == 0)
        #expect(result.stdout.contains("How to fix:"))
        #expect(result.stdout.contains(String(rule.fix.prefix(30))))
        #expect(result.stdout.contains(MarkedExample(rule.nonTriggering[0].code).source.split(separator: "\n")[0]))
    }
}

/// Every rule has at least one fixture tree whose expected report contains it.
@Suite struct RuleCoverageTests {
    @Test func everyRuleFiresInSomeFixture() throws {
        var seen: Set<String> = []
        for name in FixtureTests.names {
            let data = try Data(contentsOf: URL(fileURLWithPath: Package.fixture(name) + "/expected.json"))
            let report = try JSONDecoder().decode(Report.self, from: data)
            seen.formUnion(report.findings.map(\.rule))
        }
        #expect(seen == Set(RuleRegistry.ids))
    }
}
