import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// What lets a team gate CI on UDP without switching the gate off: inline suppressions, baselines
/// and the configuration file.
@Suite struct GateTests {
    static let udp = "#include <sys/socket.h>\n#include <netinet/in.h>\n"

    private func rules(_ tree: TemporaryTree, _ extra: [String] = []) throws -> (result: CommandResult, rules: [String]) {
        let result = try CommandRunner.run(["--format", "json"] + extra + [tree.path])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        return (result, report.findings.map { "\($0.rule)@\($0.line)" })
    }

    /// The byte search that rules out files without a directive before any lexing.
    @Test func directiveSearchFindsThePrefixAnywhere() {
        func mentions(_ text: String) -> Bool { Suppressions.mentionsDirective(Data(text.utf8)) }
        #expect(mentions("socksify-check: ignore udp-socket"))
        #expect(mentions("int x; /* socksify-check:ignore */"))
        #expect(mentions("sssocksify-checksocksify-check:"), "a candidate that fails, then the real one")
        #expect(!mentions(""))
        #expect(!mentions("socksify-check"))
        #expect(!mentions("int main(void) { return 0; } /* socksify-check */ socksify-chec"))
        #expect(!mentions("s"))
    }

    @Test func suppressionsOnTheLineAndTheLineBefore() throws {
        let tree = try TemporaryTree(["a.c": Self.udp + """
            int a(void) { return socket(AF_INET, SOCK_DGRAM, 0); } /* socksify-check: ignore udp-socket */
            // socksify-check: ignore-next-line raw-socket, udp-socket
            int b(void) { return socket(AF_INET, SOCK_RAW, 0) + socket(AF_INET, SOCK_DGRAM, 0); }
            int c(void) { return socket(AF_INET, SOCK_DGRAM, 0); }
            static const char *s = "/* socksify-check: ignore udp-socket */"; int d(void) { return socket(AF_INET, SOCK_DGRAM, 0); }
            """])
        let (result, found) = try rules(tree)
        #expect(found == ["udp-socket@6", "udp-socket@7"], "a string is no comment: \(found)")
        #expect(result.status == 1)
        #expect(result.stderr.contains("3 suppressed"))
    }

    @Test func suppressionThatSuppressesNothingIsANote() async throws {
        let tree = try TemporaryTree(["a.c": Self.udp + """
            // socksify-check: ignore-next-line udp-socket
            int a(void) { return socket(AF_INET, SOCK_STREAM, 0); }
            int b(void) { return 0; } /* socksify-check: ignore no-such-rule */
            """])
        let report = try await scan(tree.path).report
        #expect(report.findings.map(\.rule) == ["unused-suppression", "unused-suppression"])
        #expect(report.findings[0].message.contains("matches no finding"))
        #expect(report.findings[1].message.contains("unknown rule 'no-such-rule'") && report.findings[1].message.contains("udp-socket"))
        #expect(report.findings.allSatisfy { $0.severity == .note })
    }

    @Test func directiveParserReadsRuleLists() {
        #expect(SuppressionDirective.parse(" socksify-check: ignore udp-socket,raw-socket ") == SuppressionDirective(scope: .sameLine, rules: ["udp-socket", "raw-socket"]))
        #expect(SuppressionDirective.parse(" socksify-check: ignore-next-line udp-socket */") == SuppressionDirective(scope: .nextLine, rules: ["udp-socket"]))
        #expect(SuppressionDirective.parse(" socksify-check: ignore") == SuppressionDirective(scope: .sameLine, rules: []))
        #expect(SuppressionDirective.parse(" socksify-check is great") == nil)
        #expect(CommentScanner.comments(in: Array("x = \"/* no */\"; // yes\n/* a\nb */".utf8)).map(\.text) == [" yes", " a\nb "])
    }

    @Test func baselineHidesKnownFindingsEvenWhenCodeMoves() throws {
        let tree = try TemporaryTree(["a.c": Self.udp + "int a(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n"])
        let baseline = tree.path + "/baseline.json"
        let written = try CommandRunner.run(["--write-baseline", baseline, tree.path])
        #expect(written.status == 0 && written.stderr.contains("recorded 1 finding"))
        let recorded = try Baseline.read(baseline)
        #expect(recorded.entries == [Baseline.Entry(rule: "udp-socket", path: "a.c", text: "int a(void) { return socket(AF_INET, SOCK_DGRAM, 0); }")])

        try tree.write("a.c", "/* moved\n   down */\n" + Self.udp + "int   a(void) {  return socket(AF_INET, SOCK_DGRAM, 0); }\n")
        let hidden = try CommandRunner.run(["--fail-on", "udp-socket", "--baseline", baseline, tree.path])
        #expect(hidden.status == 0, "a known finding does not fail the gate: \(hidden.stdout)")
        #expect(hidden.stderr.contains("1 in the baseline"))

        try tree.write("a.c", Self.udp + "int a(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\nint b(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n")
        let fresh = try CommandRunner.run(["--fail-on", "udp-socket", "--baseline", baseline, tree.path])
        #expect(fresh.status == 1, "a new UDP socket fails the gate")
        #expect(fresh.stdout.contains("a.c:4:"), "\(fresh.stdout)")

        try tree.write("a.c", Self.udp + "int a(void) { return 0; }\n")
        let stale = try CommandRunner.run(["--baseline", baseline, tree.path])
        #expect(stale.status == 0 && stale.stderr.contains("1 baseline entry matches no finding"))
    }

    @Test func badBaselineIsAUsageError() throws {
        let tree = try TemporaryTree(["a.c": "int x;\n", "b.json": "{\"version\": 99, \"tool\": \"socksify-check\", \"entries\": []}"])
        let result = try CommandRunner.run(["--baseline", tree.path + "/b.json", tree.path])
        #expect(result.status == 2 && result.stderr.contains("baseline version 99"))
    }

    @Test func configurationFileSetsRulesGateExcludesAndFlags() throws {
        let tree = try TemporaryTree([
            "a.c": Self.udp + "int a(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\nint r(void) { return socket(AF_INET6, SOCK_RAW, 0); }\n",
            "vendor/v.c": Self.udp + "int v(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n",
            "k.c": "#include <sys/socket.h>\n#include <netinet/in.h>\n#ifdef WANT_UDP\nint k(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n#endif\n",
            ".socksify-check.yml": """
                # Gate on UDP only; raw sockets are a known feature here.
                profile: dante
                fail-on: udp-socket
                exclude:
                  - vendor
                clang-args: [-DWANT_UDP]
                rules:
                  raw-socket: off
                  udp-socket: warning
                """,
        ])
        let (result, found) = try rules(tree)
        #expect(found == ["udp-socket@3", "udp-socket@4"], "vendor excluded, raw-socket off, ipv6 quiet under dante, clang-args reach k.c: \(found)")
        #expect(result.status == 1, "fail-on from the file")
        #expect(result.stdout.contains("\"severity\" : \"warning\""))
        let flagWins = try CommandRunner.run(["--fail-on", "error", tree.path])
        #expect(flagWins.status == 0, "the flag wins over the file: warnings do not reach --fail-on error")
        let socks4 = try rules(tree, ["--profile", "socks4"])
        #expect(socks4.rules == ["udp-socket@3", "ipv6-socket@4", "udp-socket@4"], "--profile wins over the file's dante")
    }

    /// Issue 12: the configured severity reaches the findings the suppression stage makes too.
    @Test func configuredSeverityAppliesToUnusedSuppressions() throws {
        let code = "int x; // socksify-check: ignore udp-socket\n"
        let raised = try TemporaryTree(["a.c": code, ".socksify-check.yml": "rules:\n  unused-suppression: error\n"])
        let (result, found) = try rules(raised)
        #expect(found == ["unused-suppression@1"])
        #expect(result.stdout.contains("\"severity\" : \"error\""), "\(result.stdout)")
        #expect(result.status == 1, "an error fails the default gate")
        let silenced = try TemporaryTree(["a.c": code, ".socksify-check.yml": "rules:\n  unused-suppression: off\n"])
        #expect(try rules(silenced).rules.isEmpty)
    }

    /// A suppression of a rule turned off in the configuration still silenced something: not unused.
    @Test func suppressionOfARuleTurnedOffIsNotUnused() throws {
        let tree = try TemporaryTree([
            "a.c": Self.udp + "int a(void) { return socket(AF_INET, SOCK_DGRAM, 0); } // socksify-check: ignore udp-socket\n",
            ".socksify-check.yml": "rules:\n  udp-socket: off\n",
        ])
        #expect(try rules(tree).rules.isEmpty)
    }

    @Test(arguments: [
        ("profile: socks6\n", ":1: profile: expected one of socks4, dante"),
        ("fail-on: udp\n", ":1: fail-on: 'udp' is neither a severity nor a rule id"),
        ("rules:\n  udp-socket: loud\n", ":2: rules: udp-socket: expected one of off, note, warning, error"),
        ("rules:\n  udp: off\n", ":2: rules: unknown rule 'udp' (did you mean 'udp-socket'?); rules are: udp-socket"),
        ("exclude: [vendor]\nfailon: error\n", ":2: unknown key 'failon' (did you mean 'fail-on'?); valid keys: profile, library, fail-on, exclude, clang-args, rules"),
        ("- a list\n", ":1: expected a mapping of settings"),
    ])
    func configurationMistakesNameFileLineAndChoices(_ text: String, _ expected: String) throws {
        let tree = try TemporaryTree(["a.c": "int x;\n", ".socksify-check.yml": text])
        let result = try CommandRunner.run([tree.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(tree.path + "/.socksify-check.yml" + expected), "\(result.stderr)")
    }

    @Test func explicitConfigFileAndAdoptReadIt() throws {
        let tree = try TemporaryTree(["a.c": CClient.source, "Makefile": "a: a.o\n", "ci.yml": "profile: dante\nlibrary: socksd\n"])
        let adopt = try CommandRunner.run(["adopt", "--config", tree.path + "/ci.yml", tree.path])
        #expect(adopt.stdout.contains("+SOCKSIFY_LIBS = -lsocksd") && adopt.stdout.contains("-Dsendto=Rsendto"))
        #expect(try CommandRunner.run(["--config", tree.path + "/missing.yml", tree.path]).status == 2)
    }
}

/// Flag > file > default, in one place (issue 12).
@Suite struct ResolvedSettingsTests {
    @Test func flagWinsOverFileWinsOverDefault() throws {
        var file = Configuration()
        file.profile = .dante
        file.failOn = try FailOn(parsing: "udp-socket")
        file.exclude = ["vendor"]
        file.clangArgs = ["-DFROM_FILE"]
        file.rules = ["raw-socket": .off, "ipv6-socket": .error]
        var flags = Configuration()
        flags.exclude = ["third_party"]
        flags.rules = ["udp-socket": .off]
        let resolved = ResolvedSettings(flags: flags, file: file, enable: ["raw-socket"])
        #expect(resolved.profile == .dante, "the file's, no flag given")
        #expect(resolved.failOn == (try FailOn(parsing: "udp-socket")))
        #expect(resolved.exclude == ["vendor", "third_party"], "lists add up")
        #expect(resolved.clangArgs == ["-DFROM_FILE"])
        #expect(resolved.rules == ["ipv6-socket": .error, "udp-socket": .off], "--enable undoes the file's off")
        flags.profile = .socks4
        flags.clangArgs = ["-DFROM_FLAG"]
        let overridden = ResolvedSettings(flags: flags, file: file)
        #expect(overridden.profile == .socks4 && overridden.clangArgs == ["-DFROM_FLAG"])
        let defaults = ResolvedSettings(flags: Configuration(), file: nil)
        #expect(defaults.profile == .socks4 && defaults.failOn == .default && defaults.maxParseFailures == 10 && defaults.library == nil)
    }
}
