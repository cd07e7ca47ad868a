import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// The socket-life model: control flow, helpers, globals, fields and profiles, beyond the rule examples.
@Suite struct SocketLifeTests {
    static let prelude = """
        #include <sys/socket.h>
        #include <netinet/in.h>
        #include <string.h>
        #include <unistd.h>
        #include <fcntl.h>
        #include <errno.h>
        extern struct sockaddr_in server, local;
        #define SERVER ((const struct sockaddr *)&server)
        #define LOCAL ((const struct sockaddr *)&local)

        """

    /// Lines (counted from the first line after the prelude) of `rule`'s findings.
    private func lines(_ rule: String, in code: String, profile: Profile = .socks4, otherFiles: [String: String] = [:]) async throws -> [Int] {
        let tree = try TemporaryTree(otherFiles.merging(["t.c": Self.prelude + code]) { $1 })
        let offset = Self.prelude.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let report = try await CheckPipeline.scan(ScanOptions(paths: [tree.path], jobs: 1, profile: profile)).report
        #expect(report.summary.filesWithParseErrors == 0, "\(report.findings)")
        return report.findings.filter { $0.rule == rule && $0.path == "t.c" }.map { $0.line - offset }
    }

    @Test func bindOnAPathThatReturnsEarlyIsNotFollowedByTheConnect() async throws {
        #expect(try await lines("bind-before-connect", in: """
            int f(int passive) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                if (passive) {
                    bind(s, LOCAL, sizeof local);
                    return listen(s, 1);
                }
                return connect(s, SERVER, sizeof server);
            }
            """) == [])
    }

    @Test func bindInOneBranchReachesTheConnectAfterTheJoin() async throws {
        #expect(try await lines("bind-before-connect", in: """
            int f(int pinned) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                if (pinned)
                    bind(s, LOCAL, sizeof local);
                return connect(s, SERVER, sizeof server);
            }
            """) == [4])
    }

    @Test func loopBackEdgeCarriesABindToTheNextIterationsConnect() async throws {
        #expect(try await lines("bind-before-connect", in: """
            int f(int n) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                for (int i = 0; i < n; i++) {
                    if (connect(s, SERVER, sizeof server) == 0)
                        return s;
                    bind(s, LOCAL, sizeof local);
                }
                return -1;
            }
            """) == [6])
    }

    @Test func gotoAroundTheBindMeansNoPathAndGotoBackMeansOne() async throws {
        #expect(try await lines("bind-before-connect", in: """
            int f(void) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                goto dial;
                bind(s, LOCAL, sizeof local);
            dial:
                return connect(s, SERVER, sizeof server);
            }
            """) == [])
        #expect(try await lines("bind-before-connect", in: """
            int f(int tries) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
            again:
                if (connect(s, SERVER, sizeof server) == 0)
                    return s;
                bind(s, LOCAL, sizeof local);
                if (--tries > 0)
                    goto again;
                return -1;
            }
            """) == [6])
    }

    @Test func switchCasesFallThroughAndBreakOut() async throws {
        #expect(try await lines("bind-before-connect", in: """
            int f(int mode) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                switch (mode) {
                case 1:
                    bind(s, LOCAL, sizeof local);
                    break;
                case 2:
                    return connect(s, SERVER, sizeof server);
                }
                return -1;
            }
            """) == [])
        #expect(try await lines("bind-before-connect", in: """
            int f(int mode) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                switch (mode) {
                case 1:
                    bind(s, LOCAL, sizeof local);
                case 2:
                    return connect(s, SERVER, sizeof server);
                }
                return -1;
            }
            """) == [5])
    }

    @Test func globalSocketFollowsHelpersAndIsReopened() async throws {
        let helpers = """
            static int g = -1;
            static void setup(void) { g = socket(AF_INET, SOCK_STREAM, 0); bind(g, LOCAL, sizeof local); }
            static void reopen(void) { close(g); g = socket(AF_INET, SOCK_STREAM, 0); }

            """
        #expect(try await lines("bind-before-connect", in: helpers + "int bad(void) { setup(); return connect(g, SERVER, sizeof server); }\n") == [2])
        #expect(try await lines("bind-before-connect", in: helpers + "int good(void) { setup(); reopen(); return connect(g, SERVER, sizeof server); }\n") == [])
    }

    @Test func structFieldSocketsAreTrackedByPath() async throws {
        #expect(try await lines("nonblocking-connect", in: """
            struct conn { int fd; int backup; };
            int f(struct conn *c) {
                c->fd = socket(AF_INET, SOCK_STREAM, 0);
                c->backup = socket(AF_INET, SOCK_STREAM, 0);
                fcntl(c->fd, F_SETFL, O_NONBLOCK);
                connect(c->backup, SERVER, sizeof server);
                return connect(c->fd, SERVER, sizeof server);
            }
            """) == [7])
    }

    @Test func helperReturningABoundSocketIsSplicedIntoTheCaller() async throws {
        #expect(try await lines("bind-before-connect", in: """
            static int bound_socket(void) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                bind(s, LOCAL, sizeof local);
                return s;
            }
            int f(void) { int s = bound_socket(); return connect(s, SERVER, sizeof server); }
            """) == [3])
    }

    @Test func errnoEISCONNCheckWithoutRetryIsStillReported() async throws {
        // An EISCONN test on the first and only connect is not the retry the library needs.
        #expect(try await lines("nonblocking-connect", in: """
            int f(void) {
                int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
                if (connect(s, SERVER, sizeof server) < 0 && errno != EINPROGRESS && errno != EISCONN)
                    return -1;
                return s;
            }
            """) == [3])
    }

    @Test func recursiveHelpersTerminate() async throws {
        #expect(try await lines("bind-before-connect", in: """
            static int ping(int s, int n);
            static int pong(int s, int n) { bind(s, LOCAL, sizeof local); return n ? ping(s, n - 1) : 0; }
            static int ping(int s, int n) { return n ? pong(s, n - 1) : connect(s, SERVER, sizeof server); }
            int f(void) { return ping(socket(AF_INET, SOCK_STREAM, 0), 3); }
            """).count <= 1)
    }

    @Test func profilesDecideIPv6AndRcmd() async throws {
        let code = """
            #include <netdb.h>
            int v6(void) { return socket(AF_INET6, SOCK_STREAM, 0); }
            int rsh(char **host) { int err; return rcmd(host, 514, "me", "me", "ls", &err); }
            """
        #expect(try await lines("ipv6-socket", in: code, profile: .socks4) == [2])
        #expect(try await lines("ipv6-socket", in: code, profile: .dante) == [])
        #expect(try await lines("unrenamed-call", in: code, profile: .socks4) == [])
        #expect(try await lines("unrenamed-call", in: code, profile: .dante) == [3])
    }

    @Test func callsThroughMembersAreNotSocketCalls() async throws {
        let code = """
            struct ops { int (*connect)(int, const struct sockaddr *, socklen_t); int (*bind)(int); };
            int f(struct ops *o) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                o->bind(s);
                return o->connect(s, SERVER, sizeof server);
            }
            static int noop(int s) { return s; }
            struct ops table = { .bind = noop };
            """
        #expect(try await lines("bind-before-connect", in: code) == [])
        #expect(try await lines("name-collision", in: code) == [1, 1])
    }

    @Test func removableBindCarriesAFixItThatDeletesTheLine() async throws {
        let tree = try TemporaryTree(["t.c": Self.prelude + """
            int f(void) {
                struct sockaddr_in any;
                int s = socket(AF_INET, SOCK_STREAM, 0);
                memset(&any, 0, sizeof any);
                bind(s, (struct sockaddr *)&any, sizeof any);
                if (bind(s, (struct sockaddr *)&any, sizeof any) < 0) return -1;
                return connect(s, SERVER, sizeof server);
            }
            """])
        let findings = try await CheckPipeline.scan(ScanOptions(paths: [tree.path])).report.findings
            .filter { $0.rule == "bind-before-connect" }
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.severity == .warning && $0.removable == true })
        let standalone = try #require(findings.first)
        #expect(standalone.fixIts == [FixIt(path: "t.c", line: standalone.line, column: 1,
                                            endLine: standalone.line + 1, endColumn: 1, replacement: "")])
        #expect(findings.last?.fixIts == nil, "a bind inside an if condition cannot simply be deleted")
    }
}
