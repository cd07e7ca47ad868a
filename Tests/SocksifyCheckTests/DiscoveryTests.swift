import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Which translation units a tree has and which flags they get.
@Suite struct DiscoveryTests {
    static let udp = "#include <sys/socket.h>\n#include <netinet/in.h>\nint f(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n"

    @Test func skipsVersionControlBuildOutputAndOutsideSymlinks() async throws {
        let outside = try TemporaryTree(["elsewhere.c": Self.udp])
        let tree = try TemporaryTree([
            "src/ok.c": "int ok;\n",
            ".git/hooks/x.c": Self.udp,
            "build/generated.c": Self.udp,
            ".build/debug/x.c": Self.udp,
        ])
        symlink(outside.path, tree.path + "/linked-out")
        symlink(tree.path + "/src", tree.path + "/src-again")
        symlink(tree.path, tree.path + "/src/loop")
        let result = try await scan(tree.path)
        #expect(result.report.findings.isEmpty)
        #expect(result.report.summary.translationUnits == 1)
    }

    @Test func headersInOtherDirectoriesResolveWithoutFlags() async throws {
        let tree = try TemporaryTree([
            "include/proto.h": "#include <sys/socket.h>\n#define PROTO_TYPE SOCK_DGRAM\n",
            "src/a.c": "#include \"proto.h\"\n#include <netinet/in.h>\nint f(void) { return socket(AF_INET, PROTO_TYPE, 0); }\n",
        ])
        let findings = try await scan(tree.path).report.findings
        #expect(findings.map(\.rule) == ["udp-socket"])
        #expect(findings.first?.notes.first?.path == "include/proto.h")
    }

    @Test func flagsAfterTheTerminatorReachClang() async throws {
        let tree = try TemporaryTree(["a.c": """
            #include <sys/socket.h>
            #include <netinet/in.h>
            #ifdef USE_UDP
            # define KIND SOCK_DGRAM
            #else
            # define KIND SOCK_STREAM
            #endif
            int f(void) { return socket(AF_INET, KIND, 0); }
            """])
        #expect(try await scan(tree.path).report.findings.isEmpty)
        #expect(try await scan(tree.path, extra: ["-DUSE_UDP"]).report.findings.map(\.rule) == ["udp-socket"])
        let cli = try CommandRunner.run([tree.path, "--", "-DUSE_UDP"])
        #expect(cli.status == 1)
    }

    @Test func compileCommandsGiveEachUnitItsFlags() async throws {
        let tree = try TemporaryTree([
            "src/a.c": "#include \"kind.h\"\n#include <netinet/in.h>\nint f(void) { return socket(AF_INET, KIND, 0); }\n",
            "src/b.c": "int unused_by_the_database;\n",
            "cfg/udp/kind.h": "#include <sys/socket.h>\n#define KIND SOCK_DGRAM\n",
            "cfg/tcp/kind.h": "#include <sys/socket.h>\n#define KIND SOCK_STREAM\n",
        ])
        // Without a database both kind.h directories are on the include path, TCP's first.
        #expect(try await scan(tree.path).report.findings.isEmpty)
        let database = """
            [{"directory": "\(tree.path)/src", "file": "a.c", "command": "cc -c -o a.o -DX=1 -I ../cfg/udp a.c"}]
            """
        try tree.write("build/compile_commands.json", database)
        let result = try await scan(tree.path)
        #expect(result.report.summary.translationUnits == 1, "only the database's units")
        #expect(result.report.findings.map(\.path) == ["src/a.c"])
        #expect(result.report.findings.first?.notes.first?.path == "cfg/udp/kind.h")
    }

    @Test func explicitDatabaseDirectoryMustHoldOne() throws {
        let tree = try TemporaryTree(["a.c": "int x;\n"])
        let result = try CommandRunner.run(["-p", tree.path + "/nowhere", tree.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("compile_commands.json"))
    }

    @Test func headerFindingIsReportedOnceForAllItsUnits() async throws {
        let tree = try TemporaryTree([
            "net.h": "#include <sys/socket.h>\n#include <netinet/in.h>\nstatic inline int udp(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n",
            "a.c": "#include \"net.h\"\nint a(void) { return udp(); }\n",
            "b.c": "#include \"net.h\"\nint b(void) { return udp(); }\n",
        ])
        let findings = try await scan(tree.path).report.findings
        #expect(findings.count == 1)
        #expect(findings.first?.path == "net.h")
    }

    @Test func helperParameterFollowsCallSitesAcrossUnitsAndLevels() async throws {
        let tree = try TemporaryTree([
            "open.c": "#include <sys/socket.h>\nint open_kind(int family, int kind) { return socket(family, kind, 0); }\n",
            "mid.c": "int open_kind(int, int);\nint open_mid(int kind) { return open_kind(2, kind); }\n",
            "top.c": "#include <sys/socket.h>\nint open_mid(int);\nint top(void) { return open_mid(SOCK_DGRAM); }\nint other(void) { return open_mid(SOCK_STREAM); }\n",
        ])
        let findings = try await scan(tree.path).report.findings
        #expect(findings.map(\.path) == ["open.c"])
        #expect(findings.first?.notes.map(\.path) == ["mid.c", "top.c"])
    }
}
