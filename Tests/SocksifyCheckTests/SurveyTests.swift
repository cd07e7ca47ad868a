import Foundation
import Testing
@testable import SocksifyCheck

/// `survey` and `survey-report` end to end through the executable: results per tree, shards
/// merged byte-identical to one run, goldens, failures as results, resuming, SARIF per tree.
@Suite struct SurveyTests {
    /// Two shards (the first takes five, the second two), every kind of verdict but `ready`, and a
    /// tree that does not exist.
    static let trees = ["Fixtures/multi-program", "Fixtures/raw-ping", "Fixtures/finger-client", "Fixtures/bind-helper",
                        "Fixtures/adopt-netkit", "Fixtures/daemon", "Fixtures/no-such-tree"]

    /// One unsharded survey of `trees`, made once for the tests that read it.
    static let unsharded: Result<TemporaryTree, any Error> = Result {
        let folder = try TemporaryTree([:])
        _ = try CommandRunner.run(["survey", "-q", "--output", folder.path] + trees)
        return folder
    }

    private func report(_ folders: [String], _ extra: [String] = []) throws -> CommandResult {
        try CommandRunner.run(["survey-report"] + folders + extra)
    }

    @Test func twoShardsMergeToTheUnshardedReport() throws {
        let one = try Self.unsharded.get()
        let shards = try TemporaryTree([:])
        var names: [[String]] = []
        for index in 1...2 {
            let result = try CommandRunner.run(["survey", "-q", "--shard", "\(index)/2", "--output", shards.path + "/\(index)"] + Self.trees)
            #expect(result.status == (index == 1 ? 3 : 0), "shard \(index) (the missing tree is in shard 1): \(result.stderr)")
            names.append(try FileManager.default.contentsOfDirectory(atPath: shards.path + "/\(index)").sorted())
        }
        #expect(names[0].count == 5 && names[1].count == 2, "\(names)")
        #expect(Set(names[0]).isDisjoint(with: names[1]))
        let merged = try report([shards.path + "/1", shards.path + "/2"], ["--no-timings"])
        let single = try report([one.path], ["--no-timings"])
        #expect(merged.status == 0 && single.status == 0, "\(merged.stderr)")
        #expect(!merged.stdout.isEmpty && merged.stdout == single.stdout)
        // With timings, only the `timings` member differs.
        func withoutTimings(_ text: String) throws -> Data {
            var object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            #expect(object["timings"] != nil)
            object["timings"] = nil
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        #expect(try withoutTimings(report([shards.path + "/2", shards.path + "/1"]).stdout) == withoutTimings(report([one.path]).stdout))
    }

    private func golden(_ name: String, _ actual: String) throws {
        let path = Package.root + "/Tests/SocksifyCheckTests/Goldens/" + name
        let placeheld = actual.replacingOccurrences(of: "\"\(SocksifyCheckInfo.version)\"", with: "\"<version>\"")
            .replacingOccurrences(of: "socksify-check \(SocksifyCheckInfo.version)", with: "socksify-check <version>")
        if Package.updatingGoldens { try Data(placeheld.utf8).write(to: URL(fileURLWithPath: path)) }
        #expect(placeheld == (try String(contentsOfFile: path, encoding: .utf8)), "\(name)")
    }

    @Test func reportAndPageMatchGoldens() throws {
        let one = try Self.unsharded.get()
        let out = try TemporaryTree([:])
        let result = try report([one.path], ["--no-timings", "--json", out.path + "/report.json", "--html", out.path + "/report.html",
                                             "--source-url", "https://sources.example/{name}/{path}#L{line}"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("7 trees (1 not analysed, 0 incomplete)"), "\(result.stderr)")
        try golden("survey-report.json", String(contentsOfFile: out.path + "/report.json", encoding: .utf8))
        let page = try String(contentsOfFile: out.path + "/report.html", encoding: .utf8)
        try golden("survey-report.html", page)
        // Self-contained: nothing is fetched (the SVG namespace is a name, not a request).
        #expect(!page.contains("src=") && !page.contains("<link") && !page.contains("@import"))
        #expect(page.contains("<a href=\"https://sources.example/bind-helper/client.c#L24\">"))
    }

    @Test func verdictsOfTheFixtures() throws {
        let one = try Self.unsharded.get()
        let json = try report([one.path], ["--no-timings"]).stdout
        let report = try JSONDecoder().decode(SurveyReport.self, from: Data(json.utf8))
        var verdicts: [String: String] = [:]
        for tree in report.trees {
            for program in tree.programs { verdicts["\(tree.name)/\(program.name)"] = program.verdict.rawValue }
        }
        #expect(verdicts["finger-client/finger"] == "ready-after-adopt")
        #expect(verdicts["raw-ping/ping"] == "not-socksifiable")
        #expect(verdicts["bind-helper/libclient.a"] == "needs-source-changes")
        #expect(verdicts["multi-program/(whole tree)"] == "needs-source-changes")
        #expect(verdicts["daemon/(whole tree)"] == "not-socksifiable")
        // netkit's Makefiles include what its configure makes: adopt cannot read the build, and the
        // tree's client is never called ready for it.
        #expect(verdicts["adopt-netkit/(whole tree)"] == "not-analysed")
        #expect(verdicts["no-such-tree/(whole tree)"] == "not-analysed")
        #expect(report.trees.first { $0.name == "no-such-tree" }?.failure == "Fixtures/no-such-tree: no such directory")
        #expect(report.totals.verdicts.values.reduce(0, +) == report.totals.programs)
    }

    @Test func treesThatCannotBeAnalysedAreResultsAndExitThree() throws {
        let trees = try TemporaryTree(["file.c": "int x;\n", "empty/README": "no C here\n"])
        let out = try TemporaryTree([:])
        let result = try CommandRunner.run(["survey", "--output", out.path, trees.path + "/missing", trees.path + "/file.c", trees.path + "/empty"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("3 trees could not be analysed"), "\(result.stderr)")
        let results = try FileManager.default.contentsOfDirectory(atPath: out.path).map { try SurveyResult.read(out.path + "/" + $0) }
        let failures = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.failure ?? "") })
        #expect(failures["missing"]?.hasSuffix("missing: no such directory") == true, "\(failures)")
        #expect(failures["file.c"]?.contains("not a directory") == true, "\(failures)")
        #expect(failures["empty"]?.contains("no C translation units") == true, "\(failures)")
    }

    /// A tree that keeps its worker busy past --tree-timeout is stopped and becomes a result.
    @Test func aTreePastTheTimeoutIsAResult() throws {
        let defines = (0..<5000).map { "#define MACRO_\($0) (\($0) + 1)\n" }.joined()
        let slow = try TemporaryTree([
            "defs.h": defines,
            "slow.c": "#include <sys/socket.h>\nint s(void) { return socket(2, SOCK_STREAM, 0); }\n" + String(repeating: "#include \"defs.h\"\n", count: 400),
        ])
        let out = try TemporaryTree([:])
        let start = Date()
        let result = try CommandRunner.run(["survey", "--tree-timeout", "2", "--output", out.path, slow.path])
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(result.status == 3, "\(result.stderr)")
        let saved = try SurveyResult.read(SurveyRunner.resultPath(slow.path, output: out.path))
        #expect(saved.failure == "timed out: not done after 2 s (--tree-timeout); its worker was stopped")
    }

    /// A worker that dies of a signal: the runner writes the result with the reason itself.
    @Test func aCrashedWorkerIsAResult() async throws {
        let tools = try TemporaryTree(["crash": "#!/bin/sh\nkill -SEGV $$\n"])
        chmod(tools.path + "/crash", 0o755)
        let tree = try TemporaryTree(["a.c": "int main(void) { return 0; }\n"])
        let out = try TemporaryTree([:])
        let outcomes = try await SurveyRunner.run(trees: [tree.path], shard: nil,
                                                  SurveyRun(output: out.path, options: SurveyOptions(), executable: tools.path + "/crash",
                                                            directory: "/"))
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.result.failure?.hasPrefix("the survey worker crashed (SIGSEGV)") == true, "\(String(describing: outcomes.first?.result.failure))")
        #expect(try SurveyResult.read(SurveyRunner.resultPath(tree.path, output: out.path)).failure == outcomes.first?.result.failure)
    }

    /// A re-run keeps current results; an edited tree or other options are surveyed again.
    @Test func aRerunSurveysOnlyWhatChanged() throws {
        let tree = try copyOfFixture("finger-client")
        let out = try TemporaryTree([:])
        let first = try CommandRunner.run(["survey", "--output", out.path, tree.path])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try CommandRunner.run(["survey", "--output", out.path, tree.path])
        #expect(again.stderr.contains("1 current result kept"), "\(again.stderr)")
        let options = try CommandRunner.run(["survey", "--profile", "dante", "--output", out.path, tree.path])
        #expect(options.stderr.contains("1 surveyed"), "\(options.stderr)")
        try "/* edited */\n".write(toFile: tree.path + "/added.h", atomically: true, encoding: .utf8)
        let edited = try CommandRunner.run(["survey", "--profile", "dante", "--output", out.path, tree.path])
        #expect(edited.stderr.contains("1 surveyed"), "\(edited.stderr)")
        let fresh = try CommandRunner.run(["survey", "--profile", "dante", "--fresh", "--output", out.path, tree.path])
        #expect(fresh.stderr.contains("1 surveyed"), "\(fresh.stderr)")
        #expect(try SurveyResult.read(SurveyRunner.resultPath(tree.path, output: out.path)).options.profile == .dante)
    }

    @Test func sarifPerAnalysedTree() throws {
        let one = try Self.unsharded.get()
        let out = try TemporaryTree([:])
        let result = try report([one.path], ["--sarif-dir", out.path + "/sarif"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path + "/sarif").sorted()
        #expect(files.count == Self.trees.count - 1, "every tree but the missing one: \(files)")
        let bind = try #require(files.first { $0.hasPrefix("bind-helper-") })
        let log = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out.path + "/sarif/" + bind))) as! [String: Any]
        let results = ((log["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
        #expect(results.count == 4 && results.allSatisfy { $0["ruleId"] as? String == "bind-before-connect" })
    }

    @Test func usageErrors() throws {
        #expect(try CommandRunner.run(["survey", "--output", "/tmp/x"]).status == 2)
        #expect(try CommandRunner.run(["survey", "--shard", "3/2", "--output", "/tmp/x", "a"]).status == 2)
        #expect(try CommandRunner.run(["survey-report"]).status == 2)
        #expect(try CommandRunner.run(["survey-report", "/tmp", "--source-url", "file:///{path}"]).status == 2)
        let empty = try TemporaryTree(["file": "not a folder\n"])
        let unwritable = try CommandRunner.run(["survey", "--output", empty.path + "/file/results", "Fixtures/raw-ping"])
        #expect(unwritable.status == 4 && unwritable.stderr.contains("cannot be made a folder for the results"), "\(unwritable.stderr)")
        let none = try CommandRunner.run(["survey-report", empty.path])
        #expect(none.status == 3 && none.stderr.contains("no survey result in"), "\(none.stderr)")
    }
}
