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

    /// make's -j4 (no space), and numbers out of range named with the option and the range: a
    /// negative one is read as the value it is, not "Missing value".
    @Test func jobsAsMakeSpellsItAndNumbersInRange() throws {
        for spelling in [["-j1"], ["-j4"], ["-j", "2"], ["--jobs", "3"], ["--jobs=2"]] {
            let result = try CommandRunner.run(spelling + ["--no-cache", "Fixtures/resolver-macro"])
            #expect(result.status == 1, "\(spelling): \(result.stderr)")
        }
        let cases: [([String], String)] = [
            (["-j0"], "The value '0' is invalid for '-j <n>': expected a number of parallel parses, a whole number from 1 to 1024"),
            (["--jobs", "many"], "The value 'many' is invalid for '--jobs <n>': expected a number of parallel parses, a whole number from 1 to 1024"),
            (["--unit-timeout", "-1"], "The value '-1' is invalid for '--unit-timeout <seconds>': expected a number of seconds from 0 up (0: no limit)"),
            (["--max-parse-failures", "101"], "The value '101' is invalid for '--max-parse-failures <percent>': expected a percentage from 0 to 100"),
            (["--max-parse-failures", "-5"], "The value '-5' is invalid for '--max-parse-failures <percent>': expected a percentage from 0 to 100"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments + ["Fixtures/finger-client"])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("socksify-check: error: " + message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"))
        }
        #expect(try CommandRunner.run(["--unit-timeout", "0", "Fixtures/finger-client"]).status == 0)
    }

    /// A mistyped rule id gets the same "did you mean" wherever it is read: explain, --disable and
    /// --enable, --fail-on, the configuration file (rule ids and keys), suppression comments.
    @Test func aMistypedRuleIdGetsASuggestionEverywhere() throws {
        let explain = try CommandRunner.run(["explain", "udp-sockt"])
        #expect(explain.status == 2)
        #expect(explain.stderr.contains("unknown rule 'udp-sockt' (did you mean 'udp-socket'?); rules are: udp-socket,"), "\(explain.stderr)")
        #expect(try CommandRunner.run(["explain", "udp"]).stderr.contains("(did you mean 'udp-socket'?)"), "a unique containing id")
        #expect(!(try CommandRunner.run(["explain", "socket"]).stderr.contains("did you mean")), "several ids contain it: no guess")
        let tree = try TemporaryTree(["a.c": Self.udp])
        for (flag, id) in [("--disable", "raw_socket"), ("--enable", "Raw-Socket")] {
            let result = try CommandRunner.run([flag, id, tree.path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("\(flag): unknown rule '\(id)' (did you mean 'raw-socket'?)"), "\(result.stderr)")
        }
        let gate = try CommandRunner.run(["--fail-on", "eror", tree.path])
        #expect(gate.stderr.contains("'eror' is neither a severity nor a rule id (did you mean 'error'?)"), "\(gate.stderr)")

        let configured = try TemporaryTree(["a.c": Self.udp, ".socksify-check.yml": "rules:\n  udp-sokcet: off\n"])
        let rules = try CommandRunner.run([configured.path])
        #expect(rules.status == 2)
        #expect(rules.stderr.contains(".socksify-check.yml:2: rules: unknown rule 'udp-sokcet' (did you mean 'udp-socket'?)"), "\(rules.stderr)")
        try configured.write(".socksify-check.yml", "fail_on: never\n")
        let key = try CommandRunner.run([configured.path])
        #expect(key.stderr.contains("unknown key 'fail_on' (did you mean 'fail-on'?)"), "\(key.stderr)")

        let suppressed = try TemporaryTree(["a.c": Self.udp.replacingOccurrences(of: "0); }", with: "0); } /* socksify-check: ignore udp-sockets */")])
        let note = try CommandRunner.run(["--format", "json", suppressed.path])
        #expect(note.stdout.contains("suppression names unknown rule 'udp-sockets' (did you mean 'udp-socket'?)"), "\(note.stdout)")
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
