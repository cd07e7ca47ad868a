import Foundation
import Testing
@testable import SocksifyCheck

/// Every rule's own examples are its tests: triggering ones produce this rule's finding exactly at
/// each marker; non-triggering ones produce none; and wrapped in a comment, a string or `#if 0`,
/// no example produces anything at all.
struct ExampleCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var example: RuleExample
    var triggering: Bool
    var number: Int

    var testDescription: String { "\(rule) \(triggering ? "triggering" : "non-triggering") #\(number)" }

    static let all: [ExampleCase] = RuleRegistry.descriptions.flatMap { rule in
        rule.triggering.enumerated().map { ExampleCase(rule: rule.id, example: $1, triggering: true, number: $0 + 1) }
            + rule.nonTriggering.enumerated().map { ExampleCase(rule: rule.id, example: $1, triggering: false, number: $0 + 1) }
    }
}

@Suite struct RuleExampleTests {
    private func findings(of code: String, otherFiles: [String: String]) throws -> [Finding] {
        let tree = try TemporaryTree(otherFiles.merging(["example.c": code]) { $1 })
        return try scan(tree.path).report.findings
    }

    private func positions(_ findings: [Finding], rule: String) -> [MarkedExample.Position] {
        findings.filter { $0.rule == rule && $0.path == "example.c" }
            .map { MarkedExample.Position(line: $0.line, column: $0.column) }.sorted()
    }

    @Test(arguments: ExampleCase.all)
    func exampleFindsExactlyTheMarkedSpots(_ example: ExampleCase) throws {
        let marked = MarkedExample(example.example.code)
        #expect(example.triggering == !marked.expected.isEmpty, "triggering examples need a ↓ marker, others none")
        let found = try findings(of: marked.source, otherFiles: example.example.otherFiles)
        #expect(positions(found, rule: example.rule) == marked.expected.sorted(), "\(found)")
        if example.rule != ParseErrorRule.description.id {
            #expect(!found.contains { $0.rule == ParseErrorRule.description.id }, "examples must parse cleanly: \(found)")
        }
    }

    @Test(arguments: ExampleCase.all.filter(\.example.wrappable))
    func wrappedExampleFindsNothing(_ example: ExampleCase) throws {
        let source = MarkedExample(example.example.code).source
        for wrapping in MarkedExample.wrappings(of: source) {
            let found = try findings(of: wrapping.code, otherFiles: [:])
            #expect(found.isEmpty, "inside \(wrapping.name): \(found)")
        }
    }

    /// Columns are bytes, as clang counts them: a multi-byte line above the code moves findings by one
    /// line and nothing else.
    @Test(arguments: ExampleCase.all.filter(\.triggering))
    func findingsSurviveAMultiBytePrefix(_ example: ExampleCase) throws {
        let marked = MarkedExample(example.example.code)
        let found = try findings(of: "// Grüße, 漢字, ünïcödé ✓\n" + marked.source, otherFiles: example.example.otherFiles)
        let shifted = marked.expected.map { MarkedExample.Position(line: $0.line + 1, column: $0.column) }.sorted()
        #expect(positions(found, rule: example.rule) == shifted)
    }
}
