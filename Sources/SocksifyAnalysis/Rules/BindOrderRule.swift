package struct BindOrderRule: Rule {
    package static let description = RuleDescription(
        id: "bind-order",
        name: "Callback socket calls out of order",
        severity: .warning,
        summary: "On a callback socket, the first call that breaks bind, getsockname, listen, accept.",
        rationale: """
            For the one inbound connection SOCKS allows, the library needs bind(), then getsockname() \
            (where it hands back the address the proxy listens on for you), then listen(), then accept(), \
            in that order, after an outbound connect. Skipping getsockname, listening before binding or \
            accepting before listening leaves the library without the proxy's answer. Repeating \
            getsockname later is fine. Daemon sockets (server-socket) are not checked here.
            """,
        socksBehavior: """
            The classic SOCKS v4.2 library sends the BIND request in bind() and reads the proxy's \
            address in getsockname(); called in another order, the peer is told the wrong address or \
            the accept never completes.
            """,
        fix: """
            Call bind, getsockname, listen and accept in that order on the callback socket, and tell the \
            peer the address getsockname returned (as FTP's PORT command does).
            """,
        triggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <stddef.h>
                int data_connection(int control) {
                    struct sockaddr_in sin;
                    socklen_t len = sizeof sin;
                    int data = socket(AF_INET, SOCK_STREAM, 0);
                    getsockname(control, (struct sockaddr *)&sin, &len);
                    sin.sin_port = 0;
                    bind(data, (struct sockaddr *)&sin, sizeof sin);
                    ↓listen(data, 1);
                    return accept(data, NULL, NULL);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <stddef.h>
                int data_connection(int control) {
                    struct sockaddr_in sin;
                    socklen_t len = sizeof sin;
                    int data = socket(AF_INET, SOCK_STREAM, 0);
                    getsockname(control, (struct sockaddr *)&sin, &len);
                    sin.sin_port = 0;
                    bind(data, (struct sockaddr *)&sin, sizeof sin);
                    getsockname(data, (struct sockaddr *)&sin, &len);
                    if (len == 0)
                        ↓accept(data, NULL, NULL);
                    listen(data, 1);
                    return accept(data, NULL, NULL);
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <stddef.h>
                int data_connection(int control) {
                    struct sockaddr_in sin;
                    socklen_t len = sizeof sin;
                    int data = socket(AF_INET, SOCK_STREAM, 0);
                    getsockname(control, (struct sockaddr *)&sin, &len);
                    sin.sin_port = 0;
                    bind(data, (struct sockaddr *)&sin, sizeof sin);
                    getsockname(data, (struct sockaddr *)&sin, &len);
                    listen(data, 1);
                    getsockname(data, (struct sockaddr *)&sin, &len);
                    return accept(data, NULL, NULL);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <stdio.h>
                int whoami(void) {
                    struct sockaddr_storage ss;
                    socklen_t len = sizeof ss;
                    return getsockname(fileno(stdout), (struct sockaddr *)&ss, &len);
                }
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        let places = context.ownAddressPlaces
        // A listen that some caller's view shows to be a daemon's is server-socket's: the two rules
        // never label the same socket, wherever the helper that listens is called from.
        let serverListens = Set(context.functions.flatMap { function in
            function.events.indices.filter { index in
                function.events[index].kind == .listen && function.actsOnNetworkSocket(index)
                    && ListenClassifier.isServer(function, listenAt: index, ownAddressPlaces: places)
            }.map { function.events[$0].location }
        })
        return context.functions.flatMap { function -> [Diagnosis] in
            let listens = function.events.indices.filter { function.events[$0].kind == .listen }
            let servers = Set(listens.filter {
                ListenClassifier.isServer(function, listenAt: $0, ownAddressPlaces: places) || serverListens.contains(function.events[$0].location)
            }.compactMap { function.events[$0].socket })
            let callbacks = Set(listens.compactMap { function.events[$0].socket }).subtracting(servers)
            var reported: Set<SocketIdentity> = []
            var diagnoses: [Diagnosis] = []
            for (index, event) in function.events.enumerated() {
                guard let socket = event.socket, callbacks.contains(socket), !reported.contains(socket),
                      function.actsOnNetworkSocket(index),
                      let problem = problem(event.kind, states: function.orderStates(of: socket, before: index)) else { continue }
                reported.insert(socket)
                diagnoses.append(Diagnosis(
                    rule: Self.description.id,
                    severity: Self.description.severity,
                    location: event.location,
                    length: event.length,
                    function: event.function,
                    message: "'\(event.name)' on callback socket '\(socket.display)' \(problem); SOCKS needs bind, getsockname, listen, accept in that order",
                    notes: DiagnosisNote.steps(event.via) { "'\($0.callee)' makes this call through this call" }
                ))
            }
            return diagnoses
        }
    }

    /// What is wrong with this call when the socket may be in any of `states`.
    private func problem(_ kind: SocketEvent.Kind, states: Set<BindOrderState>) -> String? {
        switch kind {
        case .bind where !states.isDisjoint(with: [.named, .listening, .accepting]):
            "comes after getsockname or listen"
        case .getsockname where states.contains(.fresh):
            "comes before bind"
        case .listen where states.contains(.fresh):
            "comes before bind"
        case .listen where states.contains(.bound):
            "comes before getsockname"
        case .accept where !states.isDisjoint(with: [.fresh, .bound, .named]):
            "comes before listen"
        default:
            nil
        }
    }
}
