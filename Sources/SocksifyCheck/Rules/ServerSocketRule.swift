struct ServerSocketRule: Rule {
    static let description = RuleDescription(
        id: "server-socket",
        name: "Server socket",
        severity: .warning,
        summary: "A listen on a socket that serves unsolicited inbound connections (a daemon).",
        rationale: """
            SOCKS lets a client accept exactly one connection: the callback from the server it connected \
            to (FTP active mode), through a BIND request made after the outbound connect. A socket bound \
            to a fixed port, or listening with no outbound connection it answers to, is a server; the \
            SOCKS library cannot make it reachable from outside the firewall.
            """,
        socksBehavior: """
            The library turns bind/getsockname/listen/accept into a SOCKS BIND request, which the proxy \
            only accepts for a connection from the host the client already talks to; every other client \
            never reaches the daemon.
            """,
        fix: """
            Keep the server part out of the SOCKSified build (or off the renames, with adopt's source \
            mode), and open its port on the firewall deliberately.
            """,
        triggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <stddef.h>
                #include <string.h>
                int serve(void) {
                    struct sockaddr_in sin;
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    memset(&sin, 0, sizeof sin);
                    sin.sin_family = AF_INET;
                    sin.sin_port = htons(8080);
                    bind(s, (struct sockaddr *)&sin, sizeof sin);
                    ↓listen(s, 16);
                    return accept(s, NULL, NULL);
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <stddef.h>
                #include <string.h>
                int control_socket(void) {
                    struct sockaddr_un sun;
                    int s = socket(AF_LOCAL, SOCK_STREAM, 0);
                    memset(&sun, 0, sizeof sun);
                    sun.sun_family = AF_LOCAL;
                    strcpy(sun.sun_path, "/run/app.sock");
                    bind(s, (struct sockaddr *)&sun, sizeof sun);
                    listen(s, 4);
                    return accept(s, NULL, NULL);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <stddef.h>
                int data_connection(const struct sockaddr_in *server) {
                    struct sockaddr_in sin;
                    socklen_t len = sizeof sin;
                    int control = socket(AF_INET, SOCK_STREAM, 0);
                    int data = socket(AF_INET, SOCK_STREAM, 0);
                    connect(control, (const struct sockaddr *)server, sizeof *server);
                    getsockname(control, (struct sockaddr *)&sin, &len);
                    sin.sin_port = 0;
                    bind(data, (struct sockaddr *)&sin, sizeof sin);
                    getsockname(data, (struct sockaddr *)&sin, &len);
                    listen(data, 1);
                    return accept(data, NULL, NULL);
                }
                """),
        ]
    )

    func check(_ context: RuleContext) -> [Diagnosis] {
        context.functions.flatMap { function in
            function.events.indices.compactMap { index -> Diagnosis? in
                let listen = function.events[index]
                guard listen.kind == .listen, function.actsOnNetworkSocket(index),
                      ListenClassifier.isServer(function, listenAt: index) else { return nil }
                return Diagnosis(
                    rule: Self.description.id,
                    severity: Self.description.severity,
                    location: listen.location,
                    length: listen.length,
                    function: listen.function,
                    message: "'listen' makes '\(listen.socket?.display ?? "this socket")' a server for unsolicited connections; SOCKS relays only the one callback connection a client accepts after its own outbound connect, so this cannot work through the proxy",
                    notes: DiagnosisNote.steps(listen.via) { "'\($0.callee)' listens through this call" }
                )
            }
        }
    }
}
