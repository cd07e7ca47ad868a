import Foundation
import Testing
@testable import SocksifyCheck

/// A udp-socket finding says when the same call may also create a TCP socket (`mayAlsoBeStream`,
/// in JSON too), which adopt needs to tell a UDP-only program from one that asks at run time.
@Suite struct SocketTypeAlternativesTests {
    @Test func aRunTimeChoiceIsMarkedAndAFixedDatagramIsNot() async throws {
        let tree = try TemporaryTree([
            "either.c": """
                #include <sys/socket.h>
                int open_either(int udp) { return socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0); }
                """,
            "only.c": """
                #include <sys/socket.h>
                int open_only(void) { return socket(AF_INET, SOCK_DGRAM, 0); }
                """,
        ])
        let findings = try await scan(tree.path).report.findings.filter { $0.rule == "udp-socket" }
        #expect(findings.map(\.path) == ["either.c", "only.c"])
        #expect(findings.map(\.mayAlsoBeStream) == [true, nil])
        let json = try CommandRunner.run(["--no-cache", "--format", "json", tree.path]).stdout
        #expect(json.components(separatedBy: "\"mayAlsoBeStream\" : true").count == 2, "\(json)")
    }
}
