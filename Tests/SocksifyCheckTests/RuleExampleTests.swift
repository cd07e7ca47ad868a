import Foundation
import Testing
@testable import SocksifyAnalysis
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
    /// A finding's place, with its file: helpers in other files carry markers too.
    struct Spot: Hashable, Comparable, CustomStringConvertible {
        var path: String
        var position: MarkedExample.Position
        static func < (a: Self, b: Self) -> Bool { (a.path, a.position) < (b.path, b.position) }
        var description: String { "\(path):\(position)" }
    }

    private func findings(of files: [String: String], profile: Profile = .socks4) async throws -> [Finding] {
        let tree = try TemporaryTree(files)
        return try await CheckPipeline.scan(ScanOptions(paths: [tree.path], jobs: 2, profile: profile)).report.findings
    }

    private func spots(_ findings: [Finding], rule: String) -> [Spot] {
        findings.filter { $0.rule == rule }
            .map { Spot(path: $0.path, position: MarkedExample.Position(line: $0.line, column: $0.column)) }.sorted()
    }

    /// Every file of the example with its markers removed, and where the markers were.
    private func marked(_ example: RuleExample, prefix: String = "") -> (files: [String: String], spots: [Spot]) {
        var files: [String: String] = [:]
        var spots: [Spot] = []
        for (path, code) in example.otherFiles.merging(["example.c": prefix + example.code], uniquingKeysWith: { $1 }) {
            let marked = MarkedExample(code)
            files[path] = marked.source
            spots += marked.expected.map { Spot(path: path, position: $0) }
        }
        return (files, spots.sorted())
    }

    @Test(arguments: ExampleCase.all)
    func exampleFindsExactlyTheMarkedSpots(_ example: ExampleCase) async throws {
        let (files, expected) = marked(example.example)
        #expect(example.triggering == !expected.isEmpty, "triggering examples need a ↓ marker, others none")
        let found = try await findings(of: files, profile: example.example.profile)
        #expect(spots(found, rule: example.rule) == expected, "\(found)")
        if example.rule != ParseErrorRule.description.id {
            #expect(!found.contains { $0.rule == ParseErrorRule.description.id }, "examples must parse cleanly: \(found)")
        }
    }

    @Test(arguments: ExampleCase.all.filter(\.example.wrappable))
    func wrappedExampleFindsNothing(_ example: ExampleCase) async throws {
        let source = MarkedExample(example.example.code).source
        for wrapping in MarkedExample.wrappings(of: source) {
            let found = try await findings(of: ["example.c": wrapping.code], profile: example.example.profile)
            #expect(found.isEmpty, "inside \(wrapping.name): \(found)")
        }
    }

    /// Columns are bytes, as clang counts them: a multi-byte line above the code moves findings by one
    /// line and nothing else.
    // input-error is about a whole file and always sits at 1:1.
    @Test(arguments: ExampleCase.all.filter { $0.triggering && $0.rule != InputErrorRule.description.id })
    func findingsSurviveAMultiBytePrefix(_ example: ExampleCase) async throws {
        let (files, expected) = marked(example.example, prefix: "// Grüße, 漢字, ünïcödé ✓\n")
        let found = try await findings(of: files, profile: example.example.profile)
        #expect(spots(found, rule: example.rule) == expected)
    }
}
