import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Never a quiet pass: a tree the analysis could not read fails the run (status 5) and says why.
@Suite struct CoverageTests {
    static let udp = "#include <sys/socket.h>\nint u(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n"

    /// curl before this tool inferred its include/: most units broken, one UDP socket unseen.
    @Test func mostUnitsUnparsedFailsWithStatusFive() throws {
        var files: [String: String] = [:]
        for index in 0..<5 { files["lib/u\(index).c"] = "#include <vendor/missing.h>\nint f\(index)(void) { return VENDOR_THING; }\n" }
        files["lib/ok.c"] = "int ok(void) { return 0; }\n"
        let tree = try TemporaryTree(files)
        let result = try CommandRunner.run(["--no-cache", tree.path])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("analysis incomplete: 5 of 6 translation units did not parse (83.3%, over the 10% allowed"))
        #expect(result.stderr.contains("'vendor/missing.h' not found in 5 translation units"))
        #expect(!result.stdout.contains("[parse-error]"), "one line per missing header, not one note per unit: \(result.stdout)")
        let accepted = try CommandRunner.run(["--no-cache", "--max-parse-failures", "100", tree.path])
        #expect(accepted.status == 0)
        let listed = try CommandRunner.run(["--no-cache", "--show-parse-errors", "--max-parse-failures", "100", tree.path])
        #expect(listed.stdout.contains("[parse-error]"), "the details stay behind --show-parse-errors")
    }

    @Test func aBrokenUnitThatCallsTheSocketAPIFailsEvenWhenFew() throws {
        var files: [String: String] = ["net.c": "#include <openssl/not-installed.h>\n" + Self.udp]
        for index in 0..<20 { files["u\(index).c"] = "int f\(index)(void) { return \(index); }\n" }
        let tree = try TemporaryTree(files)
        let result = try CommandRunner.run(["--no-cache", "--fail-on", "raw-socket", tree.path])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("1 translation unit that calls the socket API did not parse (first: net.c)"))
        #expect(result.stderr.contains("Debian's libssl-dev usually provides it"))
        let json = try CommandRunner.run(["--no-cache", "--format", "json", "--fail-on", "raw-socket", tree.path])
        #expect(json.stdout.contains("\"socketUnitsWithParseErrors\" : [\n      \"net.c\""), "\(json.stdout)")
    }

    @Test func findingsThatFailTheGateStillExitOne() throws {
        let tree = try TemporaryTree(["net.c": "#include <openssl/not-installed.h>\n" + Self.udp])
        #expect(try CommandRunner.run(["--no-cache", tree.path]).status == 1)
    }

    @Test func unconfiguredAutotoolsTreeIsNoted() throws {
        let tree = try TemporaryTree(["configure.ac": "AC_INIT([x], [1])\n", "configure": "#!/bin/sh\n", "net.c": Self.udp])
        let result = try CommandRunner.run(["--no-cache", tree.path])
        #expect(result.stderr.contains("note: not configured: give --configure (configures a scratch copy), run ./configure, or give -p with a compile database"), "\(result.stderr)")
        try tree.write("config.status", "#!/bin/sh\n")
        #expect(try !CommandRunner.run(["--no-cache", tree.path]).stderr.contains("not configured"))
        let cmake = try TemporaryTree(["CMakeLists.txt": "project(x C)\n", "net.c": Self.udp])
        #expect(try CommandRunner.run(["--no-cache", cmake.path]).stderr.contains("not configured: give --configure (configures a scratch copy), or run cmake -B build"))
    }

    /// A unit that missed a header is not cached: once the header is installed, the next run sees it.
    @Test func aHeaderThatAppearsIsSeenByTheNextCachedRun() throws {
        let tree = try TemporaryTree(["net.c": "#include <sys/socket.h>\n#include <appears.h>\nint u(void) { return socket(AF_INET, APPEARS_KIND, 0); }\n"])
        let system = try TemporaryTree([:])
        let first = try CommandRunner.run(["--max-parse-failures", "100", tree.path, "--", "-isystem", system.path])
        #expect(first.status == 0)
        try system.write("appears.h", "#define APPEARS_KIND SOCK_DGRAM\n")
        let second = try CommandRunner.run([tree.path, "--", "-isystem", system.path])
        #expect(second.status == 1, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("[udp-socket]"))
    }

    @Test func aLongSourceLineIsShownAsAWindow() throws {
        let line = "int u(void) { /*" + String(repeating: "padding ", count: 125_000) + "*/ return socket(AF_INET, SOCK_DGRAM, 0); }\n"
        let tree = try TemporaryTree(["net.c": "#include <sys/socket.h>\n" + line])
        let result = try CommandRunner.run(["--no-cache", tree.path])
        #expect(result.status == 1)
        #expect(result.stdout.utf8.count < 2_000, "not the whole 1 MB line: \(result.stdout.utf8.count) bytes")
        let lines = result.stdout.split(separator: "\n")
        let excerpt = try #require(lines.dropFirst().first), caret = try #require(lines.dropFirst(2).first)
        #expect(excerpt.hasPrefix("..."), "the start of the line is cut")
        let column = caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) } ?? -1
        #expect(excerpt.dropFirst(column).hasPrefix("socket("), "the caret still points at the call")
    }

    /// iperf 2's shape: the sockets live in .cpp files beside C helpers. Not analysed, so not passed.
    @Test func socketCodeOnlyInCPlusPlusFailsWithStatusFive() throws {
        let tree = try TemporaryTree([
            "util.c": "#include <stdio.h>\nint helper(void) { return puts(\"x\"); }\n",
            "src/Client.cpp": "#include <sys/socket.h>\nint Client() { return socket(AF_INET, SOCK_DGRAM, 0); }\n",
            "src/Settings.cpp": "int parse() { return 0; }\n",
        ])
        let result = try CommandRunner.run(["--no-cache", tree.path])
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("2 C++/Objective-C sources are not analysed; 1 of them calls the socket API (first: src/Client.cpp)"))
        #expect(result.stderr.contains("the socket API is called only in 1 C++/Objective-C source"))
        let json = try CommandRunner.run(["--no-cache", "--format", "json", tree.path])
        #expect(json.stdout.contains("\"unanalysedSources\" : [\n      \"src/Client.cpp\",\n      \"src/Settings.cpp\"\n    ]"), "\(json.stdout)")
        // Accepted on purpose, and a C unit that uses sockets itself is checked as usual.
        #expect(try CommandRunner.run(["--no-cache", "--max-parse-failures", "100", tree.path]).status == 0)
        try tree.write("net.c", "#include <sys/socket.h>\nint tcp(void) { return socket(AF_INET, SOCK_STREAM, 0); }\n")
        let mixed = try CommandRunner.run(["--no-cache", tree.path])
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(mixed.stderr.contains("1 of them calls the socket API"))
    }

    @Test func cPlusPlusSourcesAreCountedPurely() {
        var coverage = AnalysisCoverage(translationUnits: 3, unitsWithParseErrors: [], socketUnitsWithParseErrors: [], missingHeaders: [])
        #expect(!coverage.hasProblems && coverage.incompleteness(maxParseFailures: 10) == nil)
        coverage.unanalysedSources = ["a.cpp", "b.mm"]
        coverage.socketUnanalysedSources = []
        coverage.analysedUnitsUseSockets = false
        #expect(coverage.hasProblems && coverage.incompleteness(maxParseFailures: 10) == nil, "no socket code in them: nothing hidden")
        #expect(coverage.explanation == ["2 C++/Objective-C sources are not analysed; none of them calls the socket API"])
        coverage.socketUnanalysedSources = ["a.cpp"]
        #expect(coverage.incompleteness(maxParseFailures: 10)?.hasPrefix("the socket API is called only in 1 C++/Objective-C source (first: a.cpp)") == true)
        #expect(coverage.incompletenessAdvice(maxParseFailures: 10).contains("--max-parse-failures 100"))
        coverage.analysedUnitsUseSockets = true
        #expect(coverage.incompleteness(maxParseFailures: 10) == nil)
    }

    @Test func shareAndReasonsArePure() {
        let coverage = AnalysisCoverage(translationUnits: 10, unitsWithParseErrors: ["a.c"], socketUnitsWithParseErrors: [],
                                        missingHeaders: [.init(header: "zlib.h", units: 1, hint: nil)])
        #expect(coverage.incompleteness(maxParseFailures: 10) == nil)
        #expect(coverage.incompleteness(maxParseFailures: 5)?.contains("1 of 10 translation units did not parse (10%, over the 5% allowed") == true)
        #expect(coverage.explanation == ["'zlib.h' not found in 1 translation unit"])
        #expect(MissingHeaderHint.header(inMessage: "'zlib.h' file not found") == "zlib.h")
        #expect(MissingHeaderHint(root: "/").hint(for: "openssl/ssl.h")?.contains("libssl-dev") == true)
        #expect(MissingHeaderHint(root: "/").hint(for: "winsock2.h")?.contains("Windows") == true)
    }
}
