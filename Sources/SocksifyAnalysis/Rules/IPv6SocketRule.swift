package struct IPv6SocketRule: Rule {
    package static let description = RuleDescription(
        id: "ipv6-socket",
        name: "IPv6 socket under SOCKS v4",
        severity: .warning,
        summary: "With --profile socks4: a socket whose family may be AF_INET6.",
        rationale: """
            A SOCKS v4 request carries an IPv4 address and nothing else. A socket that may be AF_INET6 \
            (written so, or taken from getaddrinfo results whose hints allow AF_UNSPEC or AF_INET6) \
            cannot be relayed by a v4 proxy. gethostbyname's h_addrtype is IPv4 in practice and is not \
            reported. Only the socks4 profile reports this; SOCKS v5 (--profile dante) carries IPv6.
            """,
        socksBehavior: """
            The v4 library either fails the connect or, where it does not wrap AF_INET6 at all, lets the \
            connection go direct, past the proxy.
            """,
        fix: """
            Ask getaddrinfo for AF_INET only in the SOCKSified build (hints.ai_family = AF_INET), or \
            adopt a SOCKS v5 library (--profile dante).
            """,
        triggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open6(void) { return ↓socket(AF_INET6, SOCK_STREAM, 0); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                int dial(const char *host) {
                    struct addrinfo hints, *res;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_socktype = SOCK_STREAM;
                    if (getaddrinfo(host, "http", &hints, &res) != 0) return -1;
                    return ↓socket(res->ai_family, res->ai_socktype, res->ai_protocol);
                }
                """),
            // The family read back from a sockaddr that another function filled as IPv6.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <string.h>
                union address { struct sockaddr sa; struct sockaddr_in sin; struct sockaddr_in6 sin6; };
                void set_v6(union address *a) { memset(a, 0, sizeof *a); a->sin6.sin6_family = AF_INET6; }
                int open_to(const union address *dest) { return ↓socket(dest->sa.sa_family, SOCK_STREAM, 0); }
                """),
            // A global family set by option parsing (-6).
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int family = AF_INET;
                void parse_option(int c) { if (c == '6') family = AF_INET6; }
                int open_link(void) { return ↓socket(family, SOCK_STREAM, 0); }
                """),
            // getaddrinfo without hints answers with IPv4 and IPv6 addresses; a copy of ai_addr keeps
            // the family.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                static struct sockaddr_storage peer;
                void resolve(const char *host) {
                    struct addrinfo *res;
                    if (getaddrinfo(host, "43", NULL, &res) == 0) memcpy(&peer, res->ai_addr, res->ai_addrlen);
                }
                int open_peer(void) { return ↓socket(peer.ss_family, SOCK_STREAM, 0); }
                """),
            // gethostbyname2 answers in the family it is asked for.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                int dial(const char *host) {
                    struct hostent *h = gethostbyname2(host, AF_INET6);
                    return h ? ↓socket(h->h_addrtype, SOCK_STREAM, 0) : -1;
                }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                int dial(const char *host) {
                    struct addrinfo hints, *res;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_INET;
                    hints.ai_socktype = SOCK_STREAM;
                    if (getaddrinfo(host, "http", &hints, &res) != 0) return -1;
                    return socket(res->ai_family, res->ai_socktype, res->ai_protocol);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                int dial(const char *host) {
                    struct hostent *h = gethostbyname(host);
                    return h ? socket(h->h_addrtype, SOCK_STREAM, 0) : -1;
                }
                """),
            // Every sockaddr the program fills is IPv4.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                union address { struct sockaddr sa; struct sockaddr_in sin; };
                void set_v4(union address *a) { a->sin.sin_family = AF_INET; }
                int open_to(const union address *dest) { return socket(dest->sa.sa_family, SOCK_STREAM, 0); }
                """),
            // A local family in a field never leaves the machine, and gethostbyname2 asked for IPv4.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                int dial(const char *host) {
                    struct hostent *h = gethostbyname2(host, AF_INET);
                    return h ? socket(h->h_addrtype, SOCK_STREAM, 0) : -1;
                }
                """),
        ],
        // SOCKS v5 carries IPv6 addresses; only a library that cannot is at risk.
        profiles: Profile.allCases.filter { !$0.carriesIPv6 }
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        context.sockets.compactMap { socket in
            let matching = socket.bindings.filter { $0[0].value == SocketConstants.inet6 }
            guard !matching.isEmpty else { return nil }
            return socket.diagnosis(
                rule: Self.description.id, severity: Self.description.severity,
                message: "'\(socket.creation.callee)' may create an IPv6 socket (AF_INET6); a SOCKS v4 proxy carries IPv4 addresses only",
                origins: matching.flatMap { $0[0].origins }, valueName: "AF_INET6")
        }
    }
}
