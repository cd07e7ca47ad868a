package struct BindBeforeConnectRule: Rule {
    package static let description = RuleDescription(
        id: "bind-before-connect",
        name: "Bind before connect",
        severity: .error,
        summary: "A bind (or rresvport/bindresvport) on a socket that is later connected on some path.",
        rationale: """
            The SOCKS library expects connect() to be the first call on a socket. A bind() before it \
            claims a local port or interface, but through SOCKS the connection is made by the proxy, so \
            the choice cannot be honored. Followed through helpers (the bind in one function, the \
            connect in its caller, in any file) and along control flow; a new socket() on the variable \
            starts a new life. When the address is provably INADDR_ANY/in6addr_any and the port provably \
            0, the bind does nothing useful: it is reported as a removable warning with a fix-it.
            """,
        socksBehavior: """
            With Dante's libsocksd: bind to 0.0.0.0 port 0 then connect works (a BIND request is wasted); \
            bind to a specific port then connect "works" but the port is silently not used; bind to a \
            reserved port (< 1024, rresvport, bindresvport) fails with "Address already in use".
            """,
        fix: """
            Delete a wildcard, port-0 bind (the seed's advice: such a bind "may simply be deleted"; the \
            JSON report carries the fix-it). A bind that claims a port or interface has no SOCKS \
            equivalent: drop the requirement, or keep this connection out of the SOCKSified build.
            """,
        triggering: [
            // A chain of helpers deeper than any fixed number of rounds: the bind nine calls down.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                static int h9(int s, const struct sockaddr_in *a) { return ↓bind(s, (const struct sockaddr *)a, sizeof *a); }
                static int h8(int s, const struct sockaddr_in *a) { return h9(s, a); }
                static int h7(int s, const struct sockaddr_in *a) { return h8(s, a); }
                static int h6(int s, const struct sockaddr_in *a) { return h7(s, a); }
                static int h5(int s, const struct sockaddr_in *a) { return h6(s, a); }
                static int h4(int s, const struct sockaddr_in *a) { return h5(s, a); }
                static int h3(int s, const struct sockaddr_in *a) { return h4(s, a); }
                static int h2(int s, const struct sockaddr_in *a) { return h3(s, a); }
                static int h1(int s, const struct sockaddr_in *a) { return h2(s, a); }
                int dial(const struct sockaddr_in *local, const struct sockaddr_in *peer) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    h1(s, local);
                    return connect(s, (const struct sockaddr *)peer, sizeof *peer);
                }
                """),
            // The socket lives in a context struct: made, bound and connected by three helpers.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <string.h>
                struct conn { int sock; struct sockaddr_in local, peer; };
                static void conn_open(struct conn *ctx) { ctx->sock = socket(AF_INET, SOCK_STREAM, 0); }
                static int conn_bind(struct conn *ctx) {
                    return ↓bind(ctx->sock, (struct sockaddr *)&ctx->local, sizeof ctx->local);
                }
                static int conn_connect(struct conn *ctx) {
                    return connect(ctx->sock, (struct sockaddr *)&ctx->peer, sizeof ctx->peer);
                }
                int start(struct conn *c) {
                    conn_open(c);
                    conn_bind(c);
                    return conn_connect(c);
                }
                """),
            // A helper binds and returns a UDP server socket; its caller connects it to the first peer.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <string.h>
                static int udp_server(unsigned short port) {
                    struct sockaddr_in sin;
                    int fd = socket(AF_INET, SOCK_DGRAM, 0);
                    memset(&sin, 0, sizeof sin);
                    sin.sin_family = AF_INET;
                    sin.sin_port = htons(port);
                    ↓bind(fd, (struct sockaddr *)&sin, sizeof sin);
                    return fd;
                }
                int first_peer(void) {
                    struct sockaddr_in peer;
                    char buf[512];
                    socklen_t len = sizeof peer;
                    int fd = udp_server(4000);
                    recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&peer, &len);
                    return connect(fd, (struct sockaddr *)&peer, len);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <arpa/inet.h>
                #include <string.h>
                int dial(const struct sockaddr_in *server) {
                    struct sockaddr_in local;
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    memset(&local, 0, sizeof local);
                    local.sin_family = AF_INET;
                    local.sin_port = htons(2049);
                    ↓bind(s, (struct sockaddr *)&local, sizeof local);
                    return connect(s, (const struct sockaddr *)server, sizeof *server);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <string.h>
                int dial(const struct sockaddr_in *server) {
                    struct sockaddr_in any;
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    memset(&any, 0, sizeof any);
                    any.sin_family = AF_INET;
                    any.sin_addr.s_addr = htonl(INADDR_ANY);
                    ↓bind(s, (struct sockaddr *)&any, sizeof any);
                    if (connect(s, (const struct sockaddr *)server, sizeof *server) < 0) return -1;
                    return s;
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <unistd.h>
                int rsh_dial(const struct sockaddr_in *server) {
                    int port = 1023;
                    int s = ↓rresvport(&port);
                    if (s >= 0 && connect(s, (const struct sockaddr *)server, sizeof *server) == 0) return s;
                    return -1;
                }
                """),
            RuleExample("""
                #include "helpers.h"
                int dial(const struct sockaddr_in *server) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    claim_port(s, 600);
                    if (connect(s, (const struct sockaddr *)server, sizeof *server) < 0) return -1;
                    return s;
                }
                """, otherFiles: [
                    "helpers.h": """
                        #include <sys/socket.h>
                        #include <netinet/in.h>
                        int claim_port(int s, int port);
                        """,
                    "helpers.c": """
                        #include <string.h>
                        #include "helpers.h"
                        int claim_port(int s, int port) {
                            struct sockaddr_in local;
                            memset(&local, 0, sizeof local);
                            local.sin_family = AF_INET;
                            local.sin_port = htons(port);
                            return ↓bind(s, (struct sockaddr *)&local, sizeof local);
                        }
                        """,
                ]),
        ],
        nonTriggering: [
            // A socket in a context struct, made and connected by helpers, never bound.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                struct conn { int sock; struct sockaddr_in peer; };
                static void conn_open(struct conn *ctx) { ctx->sock = socket(AF_INET, SOCK_STREAM, 0); }
                static int conn_connect(struct conn *ctx) {
                    return connect(ctx->sock, (struct sockaddr *)&ctx->peer, sizeof ctx->peer);
                }
                int start(struct conn *c) {
                    conn_open(c);
                    return conn_connect(c);
                }
                """),
            // A helper returns a fresh UDP socket, unbound; its caller connects it.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                static int udp_socket(void) { return socket(AF_INET, SOCK_DGRAM, 0); }
                int talk_to(const struct sockaddr_in *peer) {
                    int fd = udp_socket();
                    return connect(fd, (const struct sockaddr *)peer, sizeof *peer);
                }
                """),
            // The helper that opens every family is called with AF_UNIX: a local socket.
            RuleExample("""
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <string.h>
                static int open_socket(int domain, int type) { return socket(domain, type, 0); }
                int control_connect(const char *path) {
                    struct sockaddr_un sun;
                    int fd = open_socket(AF_UNIX, SOCK_STREAM);
                    memset(&sun, 0, sizeof sun);
                    sun.sun_family = AF_UNIX;
                    strncpy(sun.sun_path, path, sizeof sun.sun_path - 1);
                    bind(fd, (struct sockaddr *)&sun, sizeof sun);
                    return connect(fd, (struct sockaddr *)&sun, sizeof sun);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <string.h>
                int local_dial(void) {
                    struct sockaddr_un me, server;
                    int s = socket(AF_UNIX, SOCK_STREAM, 0);
                    memset(&me, 0, sizeof me);
                    me.sun_family = AF_UNIX;
                    strcpy(me.sun_path, "/tmp/client.sock");
                    memset(&server, 0, sizeof server);
                    server.sun_family = AF_UNIX;
                    strcpy(server.sun_path, "/run/server.sock");
                    bind(s, (struct sockaddr *)&me, sizeof me);
                    return connect(s, (struct sockaddr *)&server, sizeof server);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <unistd.h>
                int dial(const struct sockaddr_in *server, const struct sockaddr_in *local) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    bind(s, (const struct sockaddr *)local, sizeof *local);
                    close(s);
                    s = socket(AF_INET, SOCK_STREAM, 0);
                    return connect(s, (const struct sockaddr *)server, sizeof *server);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int dial(const struct sockaddr_in *server, const struct sockaddr_in *local, int passive) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    if (passive) {
                        bind(s, (const struct sockaddr *)local, sizeof *local);
                        return listen(s, 1);
                    }
                    return connect(s, (const struct sockaddr *)server, sizeof *server);
                }
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        context.functions.flatMap { function in
            function.events.indices.flatMap { index -> [Diagnosis] in
                let connect = function.events[index]
                guard connect.kind == .connect, let socket = connect.socket, function.actsOnNetworkSocket(index) else { return [] }
                return function.bindEvents(of: socket, before: index).map { bindIndex in
                    diagnosis(bind: function.events[bindIndex], connect: connect, socket: socket)
                }
            }
        }
    }

    private func diagnosis(bind: SocketEvent, connect: SocketEvent, socket: SocketIdentity) -> Diagnosis {
        let address = bind.bindAddress ?? BindAddress(wildcard: false, port: .unknown)
        let message = switch address.port {
        case .zero where address.wildcard:
            "'\(bind.name)' to the wildcard address and port 0 before 'connect' is needless under SOCKS (the library wastes a BIND request on it); delete it"
        case .reserved:
            "'\(bind.name)' claims a reserved port before 'connect'; through SOCKS the connection comes from the proxy, so the bind fails with 'Address already in use' or the port is lost"
        case .fixed:
            "'\(bind.name)' claims a fixed local port before 'connect'; through SOCKS the connection comes from the proxy, which cannot honor it, and the port is silently not used"
        default:
            "'\(bind.name)' chooses a local address before 'connect'; through SOCKS the connection comes from the proxy, which cannot honor a chosen port or interface"
        }
        var notes = DiagnosisNote.steps(bind.via) { "'\($0.callee)' binds '\(socket.display)' through this call" }
        notes += DiagnosisNote.steps(connect.via) { "'\($0.callee)' connects '\(socket.display)' through this call" }
        notes.append(DiagnosisNote(location: connect.location, message: "'\(socket.display)' is connected here"))
        return Diagnosis(
            rule: Self.description.id,
            severity: address.isRemovable ? .warning : .error,
            location: bind.location,
            length: bind.length,
            function: bind.function,
            message: message,
            notes: notes,
            removable: address.isRemovable ? true : nil,
            fixIt: address.isRemovable ? bind.callExtent.flatMap(BindFixIt.deletion(of:)) : nil
        )
    }
}
