import Foundation
import Testing
@testable import SocksifyCheck

/// The pure stages of adopt's make reading, on dry-run text written by hand: no make, no libclang.
@Suite struct MakeTranscriptTests {
    @Test func directoriesFollowEnteringAndLeavingAndCd() {
        let output = """
            make: Entering directory '/t'
            cd ip; make CFLAGS="-O2" -Bnw all
            cc -O2 -c -o a.o a.c
            make[1]: Entering directory '/t/sub'
            cc -O2 -c \\
               -o b.o b.c
            ar rcs libb.a b.o
            make[1]: Leaving directory '/t/sub'
            cc -o prog a.o sub/libb.a -lm
            make: Leaving directory '/t'
            """
        let transcript = DryRunTranscript(output: output, directory: "/t")
        #expect(transcript.steps.map(\.kind) == [.compile, .compile, .archive, .link])
        #expect(transcript.steps.map(\.directory) == ["/t", "/t/sub", "/t/sub", "/t"])
        #expect(transcript.steps[1].output == "/t/sub/b.o", "a continued line is one command")
        #expect(transcript.directories == ["/t", "/t/sub"])
        // `cd ip; make …` printed with no directory entry after it: make did not run it (no $(MAKE) in the recipe).
        #expect(transcript.unfollowedMakes.map(\.directory) == ["/t/ip"])
        #expect(transcript.unfollowedMakes.first?.arguments == ["CFLAGS=-O2", "all"])
    }

    @Test func aMakeThatMakeRanIsNotFollowedTwice() {
        let output = """
            make -C lib
            make[1]: Entering directory '/t/lib'
            cc -c -o x.o x.c
            make[1]: Leaving directory '/t/lib'
            """
        #expect(DryRunTranscript(output: output, directory: "/t").unfollowedMakes.isEmpty)
    }

    @Test(arguments: [
        ("gcc -Wall -O2 -c -o net.o net.c", BuildStep.Kind.compile, "/t/net.o"),
        ("cc -std=c99 -c -O3 hiredis.c", .compile, "/t/hiredis.o"),
        ("ccache x86_64-linux-gnu-gcc-12 -c a.c -oout/a.o", .compile, "/t/out/a.o"),
        ("gcc -O -o nc netcat.c -lsocksd", .link, "/t/nc"),
        ("cc -shared -Wl,-soname,libx.so.1 -o libx.so a.o b.o", .sharedLibrary, "/t/libx.so"),
        ("ar rcs ../lib/libnet.a net.o", .archive, "/lib/libnet.a"),
    ])
    func commandsAreClassified(_ line: String, _ kind: BuildStep.Kind, _ output: String) throws {
        let command = try #require(ShellCommandLine(line, directory: "/t").commands.first)
        let step = try #require(BuildStep(command))
        #expect(step.kind == kind)
        #expect(step.output == output)
    }

    @Test(arguments: ["echo cc -c a.c", "cc -E a.c", "cc -MM a.c", "install -m 755 nc /usr/bin", "ar t libx.a", "clang-tidy a.c --"])
    func otherCommandsAreNoBuildSteps(_ line: String) {
        #expect(ShellCommandLine(line, directory: "/t").commands.compactMap(BuildStep.init).isEmpty)
    }

    @Test func shellSeparatorsOutsideQuotes() {
        let line = #"(cd sub && cc -c "a;b.c") || echo 'x && y'; cc -o p a.o"#
        let commands = ShellCommandLine(line, directory: "/t").commands
        #expect(commands.map(\.words) == [["cc", "-c", "a;b.c"], ["echo", "x && y"], ["cc", "-o", "p", "a.o"]])
        #expect(commands.map(\.directory) == ["/t/sub", "/t/sub", "/t/sub"])
    }

    @Test func libraryPositionAfterTheLastInput() throws {
        let step = try #require(ShellCommandLine("cc -lfirst -o p a.o b.o -lsocksd", directory: "/t").commands.first.flatMap(BuildStep.init))
        #expect(step.lastInputIndex == 5)
        #expect(step.libraries.map(\.name) == ["first", "socksd"])
        #expect(step.libraries.map(\.index) == [1, 6])
    }

    private func graph(_ output: String) -> BuildGraph { BuildGraph(DryRunTranscript(output: output, directory: "/t")) }

    @Test func archivesAreFollowedToTheirCompiles() {
        let built = graph("""
            cc -c -o dial.o dial.c
            cc -c -o listen.o listen.c
            ar rcs libnet.a dial.o listen.o
            cc -c -o main.o main.c
            cc -o client main.o libnet.a
            ar rcs libunused.a listen.o
            """)
        #expect(built.artifacts.map(\.name) == ["client", "libunused.a"])
        #expect(built.artifacts[0].sources == ["/t/main.c", "/t/dial.c", "/t/listen.c"])
        #expect(built.artifacts[0].archivedSources == ["/t/dial.c", "/t/listen.c"])
        #expect(built.artifacts[1].kind == .staticLibrary, "an archive nothing links is a product of its own")
    }

    @Test func onlyReachedArchiveMembersCount() {
        let use: [String: UnitSocketUse] = [
            "/t/main.c": UnitSocketUse(functions: ["main": []], calls: ["main": ["dial"]]),
            "/t/dial.c": UnitSocketUse(functions: ["dial": ["socket", "connect"]]),
            "/t/listen.c": UnitSocketUse(functions: ["serve": ["socket", "listen", "accept"]]),
        ]
        let server = Finding(rule: "server-socket", severity: .warning, path: "listen.c", line: 3, column: 5, endColumn: nil,
                             function: "serve", message: "", notes: [])
        let client = ProgramAssessment.assess(direct: ["/t/main.c"], archived: ["/t/dial.c", "/t/listen.c"], use: use,
                                              findings: [server], root: "/t")
        #expect(client.role == .client, "listen.c is in the archive but nothing calls serve()")
        let daemon = ProgramAssessment.assess(direct: ["/t/main.c", "/t/listen.c"], archived: [], use: use, findings: [server], root: "/t")
        #expect(daemon.role == .server)
        #expect(ProgramAssessment.assess(direct: ["/t/main.c"], archived: [], use: ["/t/main.c": UnitSocketUse(functions: ["main": []])],
                                         findings: [], root: "/t").role == .noNetwork)
    }

    /// rdate's one socket is UDP or TCP as the user asks (`useudp ? SOCK_DGRAM : SOCK_STREAM`): the
    /// udp-socket finding stays a warning for the adopted client, but the program is not
    /// datagram-only. A socket that can only be UDP still makes it so.
    @Test func aSocketThatMayAlsoBeTCPIsNotDatagramOnly() {
        let use: [String: UnitSocketUse] = ["/t/rdate.c": UnitSocketUse(functions: ["main": ["socket@9", "connect"]])]
        var udp = Finding(rule: "udp-socket", severity: .error, path: "rdate.c", line: 9, column: 13, endColumn: nil,
                          function: "main", message: "", notes: [])
        udp.mayAlsoBeStream = true
        let either = ProgramAssessment.assess(direct: ["/t/rdate.c"], archived: [], use: use, findings: [udp], root: "/t")
        #expect(either.role == .client)
        #expect(either.warnings == [udp])
        udp.mayAlsoBeStream = nil
        #expect(ProgramAssessment.assess(direct: ["/t/rdate.c"], archived: [], use: use, findings: [udp], root: "/t").role == .datagramOnly)
    }

    /// rsh's and rcp's only network call is rcmd (which connects to the remote shell daemon): a
    /// client, not "no-network"; a program that only asks rresvport for a bound socket connects nowhere.
    @Test func rcmdIsAnOutgoingConnectionAndRresvportABind() {
        let rsh = ["/t/rsh.c": UnitSocketUse(functions: ["main": []], calls: ["main": ["rcmd", "printf"]])]
        #expect(ProgramAssessment.assess(direct: ["/t/rsh.c"], archived: [], use: rsh, findings: [], root: "/t").role == .client)
        let rexec = ["/t/rexec.c": UnitSocketUse(functions: ["main": []], calls: ["main": ["rexec_af"]])]
        #expect(ProgramAssessment.assess(direct: ["/t/rexec.c"], archived: [], use: rexec, findings: [], root: "/t").role == .client)
        let port = ["/t/port.c": UnitSocketUse(functions: ["main": []], calls: ["main": ["rresvport"]])]
        #expect(ProgramAssessment.assess(direct: ["/t/port.c"], archived: [], use: port, findings: [], root: "/t").role == .noOutgoingConnection)
    }

    @Test func udpOnlyProgramsAreLeftAlone() {
        let use = ["/t/ntp.c": UnitSocketUse(functions: ["main": ["socket", "socket@12", "connect"]])]
        let udp = Finding(rule: "udp-socket", severity: .error, path: "ntp.c", line: 12, column: 9, endColumn: nil, function: "main", message: "", notes: [])
        let assessment = ProgramAssessment.assess(direct: ["/t/ntp.c"], archived: [], use: use, findings: [udp], root: "/t")
        #expect(assessment.role == .datagramOnly)
    }

    @Test func verificationNamesTheRecipeThatMissesTheRenamesOrTheLibrary() {
        let profile = AdoptProfile(profile: .socks4, library: "socksd", exports: ["Rconnect", "Rbind", "Rgetsockname", "Raccept", "Rlisten", "Rselect"])
        let renames = profile.defines
        let good = graph("cc \(renames) -c -o a.o a.c\ncc -o client a.o -lsocksd")
        let verifier = BuildVerification(profile: profile, checkRenames: true)
        #expect(verifier.problems(graph: good, adopted: ["/t/client"], root: "/t").isEmpty)
        let early = graph("cc \(renames) -c -o a.o a.c\ncc -lsocksd -o client a.o")
        #expect(verifier.problems(graph: early, adopted: ["/t/client"], root: "/t") == [
            "client: `cc -lsocksd -o client a.o` (in .) does not link -lsocksd after its objects"].map { $0.replacingOccurrences(of: "(in .)", with: "(in /t)") })
        let bare = graph("cc -c -o a.o a.c\ncc -o client a.o -lsocksd")
        #expect(verifier.problems(graph: bare, adopted: ["/t/client"], root: "/t").first?.contains("lacks -Dconnect=Rconnect") == true)
    }

    @Test(arguments: [("hiredis-%", "hiredis-test", true), ("%.o", "a.o", true), ("lib%.a", "lib.a", false), ("x", "x", false)])
    func patternRules(_ pattern: String, _ name: String, _ matches: Bool) {
        #expect(MakeAdopter.pattern(pattern, matches: name) == matches)
    }
}
