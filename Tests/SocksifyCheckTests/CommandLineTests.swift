import Foundation
import Testing

/// The command line as clang-tidy and SwiftLint users expect it (issue 12, item 6).
@Suite struct CommandLineTests {
    static let udp = "#include <sys/socket.h>\nint u(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n"
    static let raw = "#include <sys/socket.h>\nint r(void) { return socket(AF_INET, SOCK_RAW, 0); }\n"

    @Test func outputWritesTheReportToAFile() throws {
        let tree = try TemporaryTree(["a.c": Self.udp])
        let result = try CommandRunner.run(["--format", "json", "--output", tree.path + "/report.json", tree.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: tree.path + "/report.json", encoding: .utf8)
        #expect(written.contains("\"rule\" : \"udp-socket\""))
    }

    @Test func rulesCanBeDisabledAndEnabledOnTheCommandLine() throws {
        let tree = try TemporaryTree(["a.c": Self.udp, "b.c": Self.raw, ".socksify-check.yml": "rules:\n  raw-socket: off\n"])
        let disabled = try CommandRunner.run(["--disable", "udp-socket", "--format", "json", tree.path])
        #expect(!disabled.stdout.contains("udp-socket") && !disabled.stdout.contains("raw-socket"), "\(disabled.stdout)")
        #expect(disabled.status == 0)
        let enabled = try CommandRunner.run(["--enable", "raw-socket", "--format", "json", tree.path])
        #expect(enabled.stdout.contains("raw-socket") && enabled.stdout.contains("udp-socket"))
        let unknown = try CommandRunner.run(["--disable", "udp", tree.path])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown rule 'udp'"))
    }

    @Test func excludeAndExtraArgumentsAreFlagsToo() throws {
        let tree = try TemporaryTree([
            "vendor/v.c": Self.udp,
            "k.c": "#include <sys/socket.h>\n#ifdef WANT_UDP\nint k(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n#endif\n",
        ])
        let result = try CommandRunner.run(["--exclude", "vendor", "--extra-arg", "-DWANT_UDP", "--format", "json", tree.path])
        #expect(result.stdout.contains("\"path\" : \"k.c\"") && !result.stdout.contains("vendor"), "\(result.stdout)")
        let before = try CommandRunner.run(["--exclude", "vendor", "--extra-arg-before", "-DWANT_UDP", "--format", "json", tree.path])
        #expect(before.stdout.contains("\"path\" : \"k.c\""))
    }

    /// --library on check: libsocksd (installed by .ci) exports no Rrcmd, so rcmd stays direct.
    @Test func libraryOnCheckReportsCallsItCannotRename() throws {
        let tree = try TemporaryTree(["rsh.c": """
            #include <netdb.h>
            int rsh(char **host) { int err; return rcmd(host, 514, "me", "me", "ls", &err); }
            """])
        let plain = try CommandRunner.run(["--format", "json", tree.path])
        #expect(!plain.stdout.contains("unrenamed-call"), "the classic library has Rrcmd")
        let socksd = try CommandRunner.run(["--format", "json", "--library", "socksd", tree.path])
        #expect(socksd.stdout.contains("\"rule\" : \"unrenamed-call\""), "\(socksd.stdout)")
        #expect(try CommandRunner.run(["--library", "bad name", tree.path]).status == 2)
    }

    @Test func aMistypedSubcommandGetsASuggestion() throws {
        let result = try CommandRunner.run(["adpot", "."])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown subcommand 'adpot'; did you mean 'adopt'?"), "\(result.stderr)")
    }

    @Test func argumentParsersErrorsReadLikeOurs() throws {
        let result = try CommandRunner.run(["--bogus", "."])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("socksify-check: error: Unknown option '--bogus'"), "\(result.stderr)")
    }

    @Test func aNamedFileThatIsNotCIsRefused() throws {
        let tree = try TemporaryTree(["notes.txt": "socket(AF_INET, SOCK_DGRAM, 0)\n"])
        let result = try CommandRunner.run([tree.path + "/notes.txt"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("notes.txt: not a C source file"))
    }

    @Test func rulesListAsJSON() throws {
        let result = try CommandRunner.run(["rules", "--format", "json"])
        let rules = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]]
        #expect(rules?.contains { $0["id"] == "udp-socket" && $0["severity"] == "error" } == true)
    }

    @Test func completionsOfferRuleIds() throws {
        let result = try CommandRunner.run(["--generate-completion-script", "bash"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("udp-socket"), "rule ids complete --disable/--enable")
    }
}
