package struct ServerSocketRule: Rule {
    package static let description = RuleDescription(
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
            // An address kept by getsockname() of a listener (not of a connected socket) makes no
            // callback of a second listener bound to it.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                static struct sockaddr_in bound;
                int first(const struct sockaddr_in *any) {
                    socklen_t len = sizeof bound;
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    bind(s, (const struct sockaddr *)any, sizeof *any);
                    ↓listen(s, 5);
                    getsockname(s, (struct sockaddr *)&bound, &len);
                    return s;
                }
                int second(void) {
                    struct sockaddr_in again = bound;
                    int t = socket(AF_INET, SOCK_STREAM, 0);
                    bind(t, (struct sockaddr *)&again, sizeof again);
                    ↓listen(t, 5);
                    return t;
                }
                """),
            // A daemon whose logger reconnects to syslog deep in its helpers: that connect is no
            // outbound connection of an FTP-style client.
            RuleExample("""
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <netinet/in.h>
                #include <string.h>
                static int log_fd = -1;
                static void log_write(void) {
                    struct sockaddr_un sa;
                    memset(&sa, 0, sizeof sa);
                    sa.sun_family = AF_UNIX;
                    if (log_fd == -1) log_fd = socket(AF_UNIX, SOCK_DGRAM, 0);
                    connect(log_fd, (struct sockaddr *)&sa, sizeof sa);
                }
                static void my_syslog(void) { log_write(); }
                static void die(void) { my_syslog(); }
                int make_listener(const struct sockaddr *addr, socklen_t length) {
                    int fd = socket(AF_INET, SOCK_STREAM, 0);
                    if (fd < 0) die();
                    if (bind(fd, addr, length) == -1) die();
                    ↓listen(fd, 5);
                    return fd;
                }
                """),
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
            // inetutils' ftp: the data socket and its address are globals too, the address copied
            // from the control connection's in the function that binds.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                struct sockaddr_storage myctladdr, data_addr;
                int data = -1;
                int hookup(const struct sockaddr *server, socklen_t length) {
                    socklen_t len = sizeof myctladdr;
                    int s = socket(AF_INET, SOCK_STREAM, 0);
                    if (connect(s, server, length) < 0) return -1;
                    getsockname(s, (struct sockaddr *)&myctladdr, &len);
                    return s;
                }
                int initconn(void) {
                    data_addr = myctladdr;
                    ((struct sockaddr_in *)&data_addr)->sin_port = 0;
                    data = socket(AF_INET, SOCK_STREAM, 0);
                    if (bind(data, (struct sockaddr *)&data_addr, sizeof data_addr) < 0) return -1;
                    return listen(data, 1);
                }
                """),
            // Active FTP split over functions: the control connection's own address is kept in a
            // global by the function that connects; another binds the data socket to it and listens.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                static struct sockaddr_in myctladdr;
                static int ctrl = -1;
                int hookup(const struct sockaddr_in *server) {
                    socklen_t len = sizeof myctladdr;
                    ctrl = socket(AF_INET, SOCK_STREAM, 0);
                    if (connect(ctrl, (const struct sockaddr *)server, sizeof *server) < 0) return -1;
                    return getsockname(ctrl, (struct sockaddr *)&myctladdr, &len);
                }
                int initconn(void) {
                    struct sockaddr_in data_addr;
                    socklen_t len = sizeof data_addr;
                    int data;
                    data_addr = myctladdr;
                    data_addr.sin_port = 0;
                    data = socket(AF_INET, SOCK_STREAM, 0);
                    if (bind(data, (struct sockaddr *)&data_addr, sizeof data_addr) < 0) return -1;
                    getsockname(data, (struct sockaddr *)&data_addr, &len);
                    listen(data, 1);
                    return data;
                }
                """),
            // A helper that opens every family, called with AF_UNIX for a control socket.
            RuleExample("""
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <string.h>
                static int xsocket(int domain, int type, int protocol) { return socket(domain, type, protocol); }
                static int make_sock(struct sockaddr_un *sa) {
                    int fd = xsocket(AF_UNIX, SOCK_STREAM, 0);
                    memset(sa, 0, sizeof *sa);
                    sa->sun_family = AF_UNIX;
                    return fd;
                }
                int control_start(void) {
                    struct sockaddr_un sa;
                    int fd = make_sock(&sa);
                    bind(fd, (struct sockaddr *)&sa, sizeof sa);
                    return listen(fd, 5);
                }
                """),
            // An AF_UNIX control socket made by one helper and put to listen by another: judged at
            // the call with the socket the caller got (the helper's close is on its failure path).
            RuleExample("""
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <string.h>
                #include <unistd.h>
                static int control_init(const char *path) {
                    struct sockaddr_un sa;
                    int fd;
                    if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) return -1;
                    memset(&sa, 0, sizeof sa);
                    sa.sun_family = AF_UNIX;
                    strncpy(sa.sun_path, path, sizeof sa.sun_path - 1);
                    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) { close(fd); return -1; }
                    return fd;
                }
                static int control_listen(int fd) { return listen(fd, 5); }
                int start_control(void) {
                    int fd = control_init("/run/x.sock");
                    return fd == -1 ? -1 : control_listen(fd);
                }
                """),
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

    package func check(_ context: RuleContext) -> [Diagnosis] {
        let places = context.ownAddressPlaces
        // A helper that listens on the socket it is handed is judged where it is called, with the
        // socket its caller made (an AF_UNIX control socket is no server for SOCKS to worry about).
        let judgedByCallers = Set(context.functions.flatMap { function in
            function.events.filter { $0.kind == .listen && !$0.via.isEmpty }.map(\.location)
        })
        return context.functions.flatMap { function in
            function.events.indices.compactMap { index -> Diagnosis? in
                let listen = function.events[index]
                guard listen.kind == .listen, function.actsOnNetworkSocket(index) else { return nil }
                if listen.via.isEmpty, let socket = listen.socket, function.flow.parameters.contains(socket),
                   judgedByCallers.contains(listen.location) { return nil }
                guard ListenClassifier.isServer(function, listenAt: index, ownAddressPlaces: places) else { return nil }
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
