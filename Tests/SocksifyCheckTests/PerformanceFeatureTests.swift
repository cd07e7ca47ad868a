import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// The prefilter and the cache must never change a finding: every fixture and every rule example
/// gives the same bytes with and without them.
@Suite struct PerformanceFeatureTests {
    private func json(_ path: String, prefilter: Bool, cache: String? = nil, sharing: Bool = true, jobs: Int = 2) async throws -> String {
        var options = ScanOptions(paths: [path], jobs: jobs)
        options.prefilter = prefilter
        options.cacheDirectory = cache
        options.shareHeaderFunctions = sharing
        var result = try await CheckPipeline.scan(options)
        result.report.root = "<root>"
        return JSONReporter.render(result.report)
    }

    @Test(arguments: FixtureTests.names)
    func prefilterLosesNothingOnFixtures(_ name: String) async throws {
        #expect(try await json(Package.fixture(name), prefilter: true) == (try json(Package.fixture(name), prefilter: false)))
    }

    /// Cold with the cache written, then from the cache (the last run's result), then with one
    /// worker: the same bytes as without any of it.
    @Test(arguments: FixtureTests.names)
    func cacheAndJobsChangeNothingOnFixtures(_ name: String) async throws {
        let copy = try copyOfFixture(name)
        let cache = try TemporaryTree([:])
        let plain = try await json(copy.path, prefilter: false)
        #expect(try await json(copy.path, prefilter: true, cache: cache.path) == plain)
        #expect(try await json(copy.path, prefilter: true, cache: cache.path) == plain, "from the cache")
        var options = ScanOptions(paths: [copy.path], jobs: 1)
        options.cacheDirectory = nil
        var single = try await CheckPipeline.scan(options)
        single.report.root = "<root>"
        #expect(JSONReporter.render(single.report) == plain, "one worker")
    }

    /// Header functions read once per parser, their bodies blanked in later units: the same bytes
    /// as every unit parsed and extracted whole (one worker, so every unit after the first shares).
    @Test(arguments: FixtureTests.names)
    func sharedHeaderFunctionsChangeNothingOnFixtures(_ name: String) async throws {
        let path = Package.fixture(name)
        #expect(try await json(path, prefilter: true, jobs: 1) == (try json(path, prefilter: true, sharing: false, jobs: 1)))
    }

    @Test(arguments: ExampleCase.all)
    func sharedHeaderFunctionsChangeNothingOnRuleExamples(_ example: ExampleCase) async throws {
        let files = example.example.otherFiles.merging(["example.c": MarkedExample(example.example.code).source]) { $1 }
        let tree = try TemporaryTree(files)
        #expect(try await json(tree.path, prefilter: true, jobs: 1) == (try json(tree.path, prefilter: true, sharing: false, jobs: 1)))
    }

    /// A header function whose meaning each unit decides (a macro the unit defines first, a branch
    /// inside its body) is not taken from another unit: each unit's socket type is its own.
    @Test func aSharedHeaderFunctionMeansWhatEachUnitMakesIt() async throws {
        let header = """
            #include <sys/socket.h>
            #include <netinet/in.h>
            static inline int open_plain(void) { return socket(AF_INET, SOCK_STREAM, 0); }
            static inline int open_kind(void) { return socket(AF_INET, KIND, 0); }
            static inline int open_branch(void) {
            #ifdef DATAGRAMS
                return socket(AF_INET, SOCK_DGRAM, 0);
            #else
                return socket(AF_INET, SOCK_STREAM, 0);
            #endif
            }

            """
        func unit(_ name: String, kind: String, datagrams: Bool) -> String {
            (datagrams ? "#define DATAGRAMS 1\n" : "") + "#define KIND \(kind)\n#include \"net.h\"\n"
                + "int \(name)(void) { return open_plain() + open_kind() + open_branch(); }\n"
        }
        let tree = try TemporaryTree([
            "net.h": header,
            "a.c": unit("a", kind: "SOCK_STREAM", datagrams: false),
            "b.c": unit("b", kind: "SOCK_STREAM", datagrams: false),
            "c.c": unit("c", kind: "SOCK_DGRAM", datagrams: false),
            "d.c": unit("d", kind: "SOCK_STREAM", datagrams: true),
            "e.c": unit("e", kind: "SOCK_STREAM", datagrams: false),
        ])
        let shared = try await json(tree.path, prefilter: true, jobs: 1)
        #expect(shared == (try await json(tree.path, prefilter: true, sharing: false, jobs: 1)))
        #expect(shared.contains("udp-socket"), "c.c's KIND and d.c's branch make UDP sockets")
    }

    @Test(arguments: ExampleCase.all)
    func prefilterLosesNothingOnRuleExamples(_ example: ExampleCase) async throws {
        let files = example.example.otherFiles.merging(["example.c": MarkedExample(example.example.code).source]) { $1 }
        let tree = try TemporaryTree(files)
        #expect(try await json(tree.path, prefilter: true) == (try json(tree.path, prefilter: false)))
    }

    @Test func prefilterSkipsUnitsThatCannotMatterButKeepsCallersOfSocketHelpers() async throws {
        let tree = try TemporaryTree([
            "net.c": "#include <sys/socket.h>\n#include <netinet/in.h>\nint open_udp(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n",
            "helpers.c": "int open_udp(void);\nint start(void) { return open_udp(); }\n",
            "app.c": "int start(void);\nint main(void) { return start(); }\n",
            "math.c": "int add(int a, int b) { return a + b; }\n",
            "strings.c": "/* connect() is mentioned only in a comment */\nconst char *name = \"bind\";\n",
        ])
        let options = ScanOptions(paths: [tree.path], jobs: 2)
        let result = try await CheckPipeline.scan(options)
        #expect(result.parsedUnits == 3, "net.c, helpers.c (calls a socket helper), app.c (calls a caller of one)")
        #expect(result.report.summary.translationUnits == 5)
    }

    @Test func cacheReusesUnitsAndFollowsChangesAcrossFiles() async throws {
        let tree = try TemporaryTree([
            "helper.c": "#include <sys/socket.h>\nint open_any(int family, int kind) { return socket(family, kind, 0); }\n",
            "caller.c": "#include <sys/socket.h>\n#include <netinet/in.h>\nint open_any(int, int);\nint use(void) { return open_any(AF_INET, SOCK_STREAM); }\n",
            "other.c": "#include <sys/socket.h>\nint other(void) { return socket(AF_UNIX, SOCK_STREAM, 0); }\n",
        ])
        let cache = tree.path + "/.cache"
        var options = ScanOptions(paths: [tree.path], jobs: 2)
        options.cacheDirectory = cache
        let cold = try await CheckPipeline.scan(options)
        #expect(cold.parsedUnits == 3 && cold.cachedUnits == 0 && cold.report.findings.isEmpty)
        let warm = try await CheckPipeline.scan(options)
        #expect(warm.parsedUnits == 0 && warm.cachedUnits == 3)
        #expect(JSONReporter.render(warm.report) == JSONReporter.render(cold.report))

        // A change in the caller's file makes a finding appear in the helper's file, which is not re-parsed.
        try tree.write("caller.c", "#include <sys/socket.h>\n#include <netinet/in.h>\nint open_any(int, int);\nint use(void) { return open_any(AF_INET, SOCK_DGRAM); }\n")
        let changed = try await CheckPipeline.scan(options)
        #expect(changed.parsedUnits == 1 && changed.cachedUnits == 2)
        #expect(changed.report.findings.map(\.path) == ["helper.c"])
        #expect(JSONReporter.render(changed.report) == (try await json(tree.path, prefilter: false)).replacingOccurrences(of: "\"<root>\"", with: "\"\(tree.path)\""))

        // A header's change invalidates the units that include it.
        try tree.write("kinds.h", "#define KIND SOCK_STREAM\n")
        try tree.write("other.c", "#include <sys/socket.h>\n#include <netinet/in.h>\n#include \"kinds.h\"\nint other(void) { return socket(AF_INET, KIND, 0); }\n")
        #expect(try await CheckPipeline.scan(options).report.findings.count == 1)
        try tree.write("kinds.h", "#define KIND SOCK_DGRAM\n")
        let header = try await CheckPipeline.scan(options)
        #expect(header.parsedUnits == 1)
        #expect(header.report.findings.map(\.path) == ["helper.c", "other.c"])
    }

    /// A run over unchanged files takes the last run's result: nothing parsed, nothing loaded, the
    /// same report; any change (a file's content, a flag) runs the analysis again.
    /// The coverage says whether any analysed C unit uses sockets (beside C++ sources that do): a
    /// run that takes the last run's result, or the facts of units it did not parse again, must say
    /// what a cold run says (the memo's units carry no facts to look at).
    @Test func reusedResultsKeepTheCoverageOfAColdRun() async throws {
        let tree = try TemporaryTree([
            "net.c": "#include <sys/socket.h>\n#include <netinet/in.h>\nint open_udp(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n",
            "util.c": "int twice(int n) { return 2 * n; }\n",
            "client.cpp": "#include <sys/socket.h>\nint dial(int s) { return connect(s, 0, 0); }\n",
        ])
        let cold = try await json(tree.path, prefilter: true)
        #expect(cold.contains("\"analysedUnitsUseSockets\" : true"))
        let cache = tree.path + "/.cache"
        #expect(try await json(tree.path, prefilter: true, cache: cache) == cold)
        #expect(try await json(tree.path, prefilter: true, cache: cache) == cold, "the last run's result")
        try tree.write("util.c", "/* a comment */\nint twice(int n) { return 2 * n; }\n")
        #expect(try await json(tree.path, prefilter: true, cache: cache) == cold, "the same facts for the changed unit")
        try tree.write("util.c", "int twice(int n) { return n > 0 ? twice(n - 1) + 2 : 0; }\n")
        #expect(try await json(tree.path, prefilter: true, cache: cache) == cold, "new code: the other units from the cache")
    }

    @Test func anUnchangedTreeReusesTheLastRunsResult() async throws {
        let tree = try TemporaryTree([
            "a.c": "#include <sys/socket.h>\n#include <netinet/in.h>\n#include \"kinds.h\"\nint a(void) { return socket(AF_INET, KIND, 0); }\n",
            "kinds.h": "#define KIND SOCK_DGRAM\n",
        ])
        var options = ScanOptions(paths: [tree.path], jobs: 1)
        options.cacheDirectory = tree.path + "/.cache"
        let first = try await CheckPipeline.scan(options)
        let again = try await CheckPipeline.scan(options)
        #expect(again.parsedUnits == 0 && again.reuse.previousResult)
        #expect(JSONReporter.render(again.report) == JSONReporter.render(first.report))
        // Same bytes, new mtime: the digest decides, the result is still reused.
        try tree.write("kinds.h", "#define KIND SOCK_DGRAM\n")
        #expect(try await CheckPipeline.scan(options).reuse.previousResult)
        // A comment added at the end of a line: the unit is parsed again, its facts are the same, so
        // is the result.
        try tree.write("a.c", "#include <sys/socket.h>\n#include <netinet/in.h>\n#include \"kinds.h\"\nint a(void) { return socket(AF_INET, KIND, 0); } /* x */\n")
        let commented = try await CheckPipeline.scan(options)
        #expect(commented.parsedUnits == 1 && commented.reuse.sameFacts)
        #expect(JSONReporter.render(commented.report) == JSONReporter.render(first.report))
        // A line added above: the facts moved with it, the analysis runs, the finding moves too.
        try tree.write("a.c", "/* edited */\n#include <sys/socket.h>\n#include <netinet/in.h>\n#include \"kinds.h\"\nint a(void) { return socket(AF_INET, KIND, 0); }\n")
        let moved = try await CheckPipeline.scan(options)
        #expect(!moved.reuse.sameFacts)
        #expect(moved.report.findings.map(\.line) == [5])
        try tree.write("kinds.h", "#define KIND SOCK_STREAM\n")
        let changed = try await CheckPipeline.scan(options)
        #expect(changed.parsedUnits == 1 && changed.report.findings.isEmpty)
        options.profile = .dante
        #expect(!(try await CheckPipeline.scan(options)).reuse.previousResult, "another profile")
        try Data("not a memo".utf8).write(to: URL(fileURLWithPath: tree.path + "/.cache/last-run.sxc"))
        #expect(try await CheckPipeline.scan(options).report.findings.isEmpty, "a corrupt memo is a miss")
    }

    /// When the last run kept every unit, an edit that only adds names and includes keeps every unit
    /// again without running the prefilter; one that removes a name runs it. Either way the result
    /// is a cold run's.
    @Test func editsThatOnlyAddNamesKeepTheVerdicts() async throws {
        let helper = "#include <sys/socket.h>\nint helper(int fd) { return bind(fd, 0, 0); }\n"
        let tree = try TemporaryTree([
            "a.c": "#include <sys/socket.h>\nint helper(int);\nint a(void) { int s = socket(AF_INET, SOCK_DGRAM, 0); return helper(s); }\n",
            "b.c": helper,
        ])
        var options = ScanOptions(paths: [tree.path], jobs: 1)
        options.cacheDirectory = tree.path + "/.cache"
        _ = try await CheckPipeline.scan(options)
        try tree.write("b.c", helper + "int more(int n) { return n > 0 ? more(n - 1) : connect(n, 0, 0); }\n")
        let grown = try await CheckPipeline.scan(options)
        #expect(grown.reuse.prefilter == .everyUnitKept)
        #expect(try await json(tree.path, prefilter: true) == (try json(tree.path, prefilter: true, cache: tree.path + "/.cache")))
        try tree.write("b.c", "int helper(int fd) { return fd; }\n")
        let shrunk = try await CheckPipeline.scan(options)
        #expect(shrunk.reuse.prefilter == .computed, "bind and the include are gone: the prefilter runs")
        var cold = options
        cold.cacheDirectory = nil
        #expect(JSONReporter.render(shrunk.report) == JSONReporter.render(try await CheckPipeline.scan(cold).report))
    }

    @Test func scanSummariesTellAdditionsFromRemovals() {
        let before = IdentifierScan(Array("#include \"a.h\"\nint f(int x) { return g(x); }\n".utf8))
        let added = IdentifierScan(Array("#include \"a.h\"\n#include <b.h>\nint f(int x) { return g(x) + h(x); }\nint h(int y) { return y; }\n".utf8))
        let removed = IdentifierScan(Array("#include \"a.h\"\nint f(int x) { return x; }\n".utf8))
        #expect(added.onlyAdds(to: before.summary))
        #expect(before.onlyAdds(to: before.summary))
        #expect(!removed.onlyAdds(to: before.summary), "g is gone")
        #expect(!before.onlyAdds(to: added.summary))
        #expect(!before.onlyAdds(to: "not a summary"))
    }

    @Test func corruptOrForeignCacheEntriesAreIgnored() async throws {
        let tree = try TemporaryTree(["a.c": "#include <sys/socket.h>\n#include <netinet/in.h>\nint a(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n"])
        let cache = tree.path + "/.cache"
        var options = ScanOptions(paths: [tree.path], jobs: 1)
        options.cacheDirectory = cache
        let first = try await CheckPipeline.scan(options)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache)
            .filter { $0.hasSuffix(".sxc") && $0 != "last-run.sxc" }
        #expect(entries.count == 1)
        #expect(FileManager.default.fileExists(atPath: cache + "/.gitignore"), "a cache inside the tree ignores itself")
        // The unit entries are what is tested here: the last run's memo (tested below) goes first.
        let memo = cache + "/last-run.sxc"
        try FileManager.default.removeItem(atPath: memo)
        // A truncated entry, then one that claims a finding-free result for this very file.
        try Data("{\"format\": 1, \"tool\"".utf8).write(to: URL(fileURLWithPath: cache + "/" + entries[0]))
        #expect(try await CheckPipeline.scan(options).parsedUnits == 1)
        try FileManager.default.removeItem(atPath: memo)
        let valid = try #require(FileManager.default.contents(atPath: cache + "/" + entries[0]))
        var entry = try UnitCache.Entry(decoding: valid)
        #expect(entry.encoded == valid, "the same entry, the same bytes")
        entry.parts = []
        entry.contentHash = "forged"
        try entry.encoded.write(to: URL(fileURLWithPath: cache + "/" + entries[0]))
        let again = try await CheckPipeline.scan(options)
        #expect(again.parsedUnits == 1)
        #expect(JSONReporter.render(again.report) == JSONReporter.render(first.report))
    }

    /// A cache that cannot be written costs speed, not the run: one note says so (here a cache
    /// directory under a regular file, which fails for root as well), and the findings are intact.
    @Test func unwritableCacheIsOneNote() throws {
        let tree = try TemporaryTree(["a.c": HostileInputTests.udp, "b.c": "int b;\n", "blocker": "a file, not a directory\n"])
        let result = try CommandRunner.run(["--cache-dir", tree.path + "/blocker/cache", tree.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("a.c:3:25: error:"))
        let notes = result.stderr.components(separatedBy: "\n").filter { $0.contains("cache cannot be written") }
        #expect(notes == ["socksify-check: note: the result cache cannot be written (\(tree.path)/blocker/cache: not a directory); every run parses every unit again: give --cache-dir a writable directory, or --no-cache"])
        let writable = try CommandRunner.run(["--cache-dir", tree.path + "/cache", tree.path])
        #expect(!writable.stderr.contains("cache"), "\(writable.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.path + "/cache").contains { $0.hasSuffix(".sxc") }, "it was written")
        #expect(!(try CommandRunner.run(["--no-cache", tree.path]).stderr.contains("cache")))
    }
}
