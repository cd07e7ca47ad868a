package struct NonblockingConnectRule: Rule {
    package static let description = RuleDescription(
        id: "nonblocking-connect",
        name: "Nonblocking connect without the EISCONN retry",
        severity: .warning,
        summary: "A connect on a nonblocking socket that the program never retries until EISCONN.",
        rationale: """
            On a nonblocking socket the SOCKS library starts the proxy negotiation and returns \
            EINPROGRESS. The seed library requires that no I/O happens until another connect() with the \
            same arguments fails with EISCONN, "even if you use select() on write". A socket made \
            nonblocking anywhere (SOCK_NONBLOCK, fcntl O_NONBLOCK, ioctl FIONBIO, in this function or a \
            helper) and connected on some path is reported unless the program calls connect again on \
            it and compares errno with EISCONN (a loop, here or in a helper). An EISCONN test on \
            getsockopt(SO_ERROR)'s value does not count.
            """,
        socksBehavior: """
            Dante's libsocksd signals completion with SIGIO: a select/poll waiting for the socket is \
            interrupted, and a program that treats EINTR as an error fails; a program that loops on \
            connect until EISCONN works.
            """,
        fix: """
            After the first connect returns EINPROGRESS, wait (retrying select/poll on EINTR), then call \
            connect again with the same address until it fails with EISCONN, and treat that as success.
            """,
        triggering: [
            // stunnel's s_socket: SOCK_NONBLOCK added under 'if (nonblock)', the socket handed back
            // through a setup helper that returns it; this caller asks for a nonblocking one.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                static int setup_fd(int fd, int nonblock) { return fd; }
                static int s_socket(int domain, int type, int nonblock) {
                    int fd;
                    if (nonblock) type |= SOCK_NONBLOCK;
                    fd = socket(domain, type, 0);
                    return setup_fd(fd, nonblock);
                }
                int dial(const struct sockaddr_in *peer) {
                    int fd = s_socket(AF_INET, SOCK_STREAM, 1);
                    return ↓connect(fd, (const struct sockaddr *)peer, sizeof *peer);
                }
                """),
            // Made nonblocking in one helper (type | SOCK_NONBLOCK of a type passed in), connected in another.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                struct conn { int sock; struct sockaddr_in peer; };
                static void conn_open(struct conn *ctx, int type) { ctx->sock = socket(AF_INET, type | SOCK_NONBLOCK, 0); }
                static int conn_connect(struct conn *ctx) {
                    return ↓connect(ctx->sock, (struct sockaddr *)&ctx->peer, sizeof ctx->peer);
                }
                int start(struct conn *c) {
                    conn_open(c, SOCK_STREAM);
                    return conn_connect(c);
                }
                """),
            // The flags built in a variable by a helper, and a helper that sets or clears O_NONBLOCK
            // on its argument: "may be nonblocking" at the connect.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <fcntl.h>
                static void set_nonblock(int fd) {
                    int val = fcntl(fd, F_GETFL);
                    val |= O_NONBLOCK;
                    fcntl(fd, F_SETFL, val);
                }
                static int set_blocking(int fd, int nonblock) {
                    int flags = fcntl(fd, F_GETFL, 0);
                    if (nonblock) return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
                    else return fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
                }
                int dial(const struct sockaddr_in *server, int twice) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    set_nonblock(s);
                    ↓connect(s, (const struct sockaddr *)server, sizeof *server);
                    int t = socket(AF_INET, SOCK_STREAM, 0);
                    set_blocking(t, 1);
                    return twice ? ↓connect(t, (const struct sockaddr *)server, sizeof *server) : s;
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <fcntl.h>
                #include <poll.h>
                int dial(const struct sockaddr_in *server) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    struct pollfd p = { .fd = s, .events = POLLOUT };
                    fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
                    ↓connect(s, (const struct sockaddr *)server, sizeof *server);
                    return poll(&p, 1, 5000) == 1 ? s : -1;
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <errno.h>
                int dial(const struct sockaddr_in *server) {
                    int err = 0;
                    socklen_t len = sizeof err;
                    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
                    if (↓connect(s, (const struct sockaddr *)server, sizeof *server) < 0 && errno != EINPROGRESS)
                        return -1;
                    getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
                    return err == 0 || err == EISCONN ? s : -1;
                }
                """),
        ],
        nonTriggering: [
            // The same helper asked for a blocking socket (its nonblocking branch is not taken), and a
            // set_nonblock(fd, 0) that switches back to blocking mode.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <fcntl.h>
                static int s_socket(int domain, int type, int nonblock) {
                    if (nonblock) type |= SOCK_NONBLOCK;
                    return socket(domain, type, 0);
                }
                static void set_nonblock(int fd, int on) {
                    int flags = fcntl(fd, F_GETFL, 0);
                    if (on) flags |= O_NONBLOCK; else flags &= ~O_NONBLOCK;
                    fcntl(fd, F_SETFL, flags);
                }
                int pair(const struct sockaddr_in *peer) {
                    int fd = s_socket(AF_INET, SOCK_STREAM, 0);
                    set_nonblock(fd, 0);
                    return connect(fd, (const struct sockaddr *)peer, sizeof *peer);
                }
                """),
            // Nonblocking only around one send, flags restored before the connect (fd[] is one array).
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <fcntl.h>
                static int fd[2];
                static void abort_peer(void) {
                    int flags, saved = fcntl(fd[0], F_GETFL, 0);
                    flags = saved | O_NONBLOCK;
                    fcntl(fd[0], F_SETFL, flags);
                    send(fd[0], "A", 1, MSG_OOB);
                    flags = saved;
                    fcntl(fd[0], F_SETFL, flags);
                }
                int dial(const struct sockaddr_in *server) {
                    fd[1] = socket(AF_INET, SOCK_STREAM, 0);
                    if (fd[1] < 0) abort_peer();
                    return connect(fd[1], (const struct sockaddr *)server, sizeof *server);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <errno.h>
                #include <sys/ioctl.h>
                int dial(const struct sockaddr_in *server) {
                    int on = 1;
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    ioctl(s, FIONBIO, &on);
                    while (connect(s, (const struct sockaddr *)server, sizeof *server) < 0) {
                        if (errno == EISCONN)
                            break;
                        if (errno != EINPROGRESS && errno != EALREADY && errno != EINTR)
                            return -1;
                    }
                    return s;
                }
                """),
            RuleExample("""
                #include "wait.h"
                #include <fcntl.h>
                int dial(const struct sockaddr_in *server) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    fcntl(s, F_SETFL, O_NONBLOCK);
                    connect(s, (const struct sockaddr *)server, sizeof *server);
                    return wait_connected(s, server) == 0 ? s : -1;
                }
                """, otherFiles: [
                    "wait.h": """
                        #include <sys/socket.h>
                        #include <netinet/in.h>
                        int wait_connected(int s, const struct sockaddr_in *server);
                        """,
                    "wait.c": """
                        #include <errno.h>
                        #include <stddef.h>
                        #include <sys/select.h>
                        #include "wait.h"
                        int wait_connected(int s, const struct sockaddr_in *server) {
                            for (;;) {
                                fd_set w;
                                FD_ZERO(&w);
                                FD_SET(s, &w);
                                if (select(s + 1, NULL, &w, NULL, NULL) < 0 && errno != EINTR)
                                    return -1;
                                if (connect(s, (const struct sockaddr *)server, sizeof *server) == 0 || errno == EISCONN)
                                    return 0;
                            }
                        }
                        """,
                ]),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <fcntl.h>
                int dial(const struct sockaddr_in *server) {
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    fcntl(s, F_SETFL, O_NONBLOCK);
                    fcntl(s, F_SETFL, fcntl(s, F_GETFL) & ~O_NONBLOCK);
                    return connect(s, (const struct sockaddr *)server, sizeof *server);
                }
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        context.functions.flatMap { function -> [Diagnosis] in
            let retried = Set(function.events.filter { $0.kind == .connect && $0.retriesUntilEISCONN }.compactMap(\.socket))
            return function.events.indices.compactMap { index -> Diagnosis? in
                let connect = function.events[index]
                guard connect.kind == .connect, let socket = connect.socket, !retried.contains(socket),
                      function.actsOnNetworkSocket(index) else { return nil }
                let nonblocking = function.nonblockingEvents(of: socket, before: index).map { function.events[$0] }
                guard !nonblocking.isEmpty else { return nil }
                var notes: [DiagnosisNote] = []
                for event in nonblocking {
                    notes += DiagnosisNote.steps(event.via) { "'\($0.callee)' makes '\(socket.display)' nonblocking through this call" }
                    notes.append(DiagnosisNote(location: event.location, message: "'\(socket.display)' is made nonblocking here"))
                }
                notes += DiagnosisNote.steps(connect.via) { "'\($0.callee)' connects '\(socket.display)' through this call" }
                return Diagnosis(
                    rule: Self.description.id,
                    severity: Self.description.severity,
                    location: connect.location,
                    length: connect.length,
                    function: connect.function,
                    message: "'connect' on a nonblocking socket that is never connected again until EISCONN; the SOCKS library completes the connection itself and signals it with SIGIO, so call connect again until it fails with EISCONN and retry an interrupted select/poll (EINTR)",
                    notes: notes
                )
            }
        }
    }
}
