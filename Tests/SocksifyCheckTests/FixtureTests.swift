import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Each tree under Fixtures/ has its expected JSON report checked in beside it as expected.json.
@Suite struct FixtureTests {
    static let names: [String] = {
        let directory = Package.root + "/Fixtures"
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// The report as `socksify-check --format json Fixtures/NAME` prints it from the package root.
    static func report(for name: String, jobs: Int = 2) async throws -> String {
        // As the command line would: a fixture's own .socksify-check.yml applies.
        let configuration = try Configuration.locate(explicit: nil, root: Package.fixture(name))
        var options = ScanOptions(paths: [Package.fixture(name)], extraArguments: configuration?.clangArgs ?? [], jobs: jobs,
                                  profile: configuration?.profile ?? .socks4)
        options.ruleSettings = configuration?.rules ?? [:]
        options.exclude = configuration?.exclude ?? []
        var result = try await CheckPipeline.scan(options)
        result.report.root = "Fixtures/" + name
        return JSONReporter.render(result.report)
    }

    @Test func everyFixtureTreeHasExpectedFindings() throws {
        #expect(Self.names.count >= 7)
        for name in Self.names {
            #expect(FileManager.default.fileExists(atPath: Package.fixture(name) + "/expected.json"), "\(name)")
        }
    }

    @Test(arguments: names)
    func fixtureMatchesExpectedJSON(_ name: String) async throws {
        let actual = try await Self.report(for: name)
        let path = Package.fixture(name) + "/expected.json"
        if Package.updatingGoldens {
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected)
    }

    @Test(arguments: names)
    func outputDoesNotDependOnParallelism(_ name: String) async throws {
        let one = try await Self.report(for: name, jobs: 1)
        #expect(try await Self.report(for: name, jobs: 8) == one)
        #expect(try await Self.report(for: name, jobs: 3) == one)
    }

    @Test func cliPrintsTheSameJSONFromThePackageRoot() throws {
        let result = try CommandRunner.run(["--format", "json", "Fixtures/dual-helper"])
        #expect(result.status == 1)
        let expected = try String(contentsOfFile: Package.fixture("dual-helper") + "/expected.json", encoding: .utf8)
        #expect(result.stdout == expected)
    }
}
