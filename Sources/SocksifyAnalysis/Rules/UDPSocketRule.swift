package struct UDPSocketRule: Rule {
    package static let description = RuleDescription(
        id: "udp-socket",
        name: "UDP socket",
        severity: .error,
        summary: "A socket() or socketpair() call whose type may be SOCK_DGRAM.",
        rationale: """
            SOCKS v4 relays TCP connections only. A SOCKSified program that also talks UDP sends those \
            datagrams straight to the network, past the firewall the proxy stands for. The type is worked \
            out as the compiler sees it: through the project's macros, local variables, helper parameters \
            (every call site of the same program, the arguments of one call taken together), struct fields \
            of the objects passed and returned, and the hints of the getaddrinfo lookup each result list \
            came from (a wrapper's lookup is its own); a check that leaves when the type differs pins it; \
            SOCK_NONBLOCK and SOCK_CLOEXEC are masked off. Sockets of the local families AF_UNIX/AF_LOCAL and AF_NETLINK never leave the machine and \
            are not reported.
            """,
        socksBehavior: """
            With Dante's libsocksd, sendto/recvfrom on an unconnected UDP socket silently bypass the proxy; \
            a connected UDP socket fails with "Network is unreachable" over socks_v4 and is dropped by a \
            socks_v5 proxy. The classic SOCKS v4.2 library has no UDP support at all.
            """,
        fix: """
            Move the traffic to TCP, or keep this program off the SOCKSified build and allow its UDP through \
            the firewall explicitly. A SOCKS v5 library with UDP ASSOCIATE (Dante's `--profile dante`) can \
            relay UDP if the server allows `udpassociate`. To accept a known finding, suppress it or record \
            it in a baseline.
            """,
        triggering: [
            // A wrapper's lookup asked for datagrams: the list it hands out is UDP.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                static int resolve(const char *host, const char *port, int socktype, struct addrinfo **out) {
                    struct addrinfo hints;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_INET;
                    hints.ai_socktype = socktype;
                    return getaddrinfo(host, port, &hints, out);
                }
                int open_dns(const char *server) {
                    struct addrinfo *res;
                    if (resolve(server, "53", SOCK_DGRAM, &res) != 0) return -1;
                    return ↓socket(res->ai_family, res->ai_socktype, res->ai_protocol);
                }
                """),
            // A copy of a UDP lookup's result, its type left as it was.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                int open_copy(const char *host) {
                    struct addrinfo hints, *res, copy;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_INET;
                    hints.ai_socktype = SOCK_DGRAM;
                    if (getaddrinfo(host, "53", &hints, &res) != 0) return -1;
                    copy = *res;
                    return ↓socket(copy.ai_family, copy.ai_socktype, 0);
                }
                """),
            // Hints passed by value (netcat's remote_connect): each caller's hints object decides.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                int remote_connect(const char *host, const char *port, struct addrinfo hints) {
                    struct addrinfo *res, *res0;
                    int s = -1;
                    if (getaddrinfo(host, port, &hints, &res0) != 0) return -1;
                    for (res = res0; res; res = res->ai_next) {
                        s = ↓socket(AF_INET, res->ai_socktype | SOCK_NONBLOCK, res->ai_protocol);
                        if (s >= 0) break;
                    }
                    freeaddrinfo(res0);
                    return s;
                }
                int main(int argc, char **argv) {
                    struct addrinfo hints;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_INET;
                    hints.ai_socktype = argc > 3 ? SOCK_DGRAM : SOCK_STREAM;
                    return remote_connect(argv[1], argv[2], hints) < 0;
                }
                """),
            // One socket helper for every family, its type or-ed with flags that are parameters too.
            RuleExample("""
                #include <sys/socket.h>
                static int open_socket(int domain, int type, int flags) {
                    return ↓socket(domain, type | flags, 0);
                }
                static int open_ip_socket(int family, int type) { return open_socket(family, type, SOCK_CLOEXEC); }
                int open_udp_socket(void) { return open_ip_socket(AF_INET, SOCK_DGRAM); }
                int open_control(void) { return open_socket(AF_UNIX, SOCK_STREAM, 0); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_udp(void) { return ↓socket(AF_INET, SOCK_DGRAM, 0); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #define RESOLVER_TYPE (SOCK_DGRAM | SOCK_CLOEXEC)
                int open_resolver(void) { return ↓socket(PF_INET6, RESOLVER_TYPE, 0); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_either(int reliable) {
                    int type = SOCK_STREAM;
                    if (!reliable)
                        type = SOCK_DGRAM;
                    return ↓socket(AF_INET, type | SOCK_NONBLOCK, 0);
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_any(int family, int kind) { return ↓socket(family, kind, 0); }
                int open_stream(void) { return open_any(AF_INET, SOCK_STREAM); }
                int open_datagram(void) { return open_any(AF_INET, SOCK_DGRAM); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                int open_dns(const char *host) {
                    struct addrinfo hints, *res, *ai;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_socktype = SOCK_DGRAM;
                    if (getaddrinfo(host, "53", &hints, &res) != 0) return -1;
                    for (ai = res; ai; ai = ai->ai_next) {
                        int fd = ↓socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
                        if (fd >= 0) return fd;
                    }
                    return -1;
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_datagram(void) { return 3 > 2 ? ↓socket(AF_INET, 1 ? SOCK_DGRAM : SOCK_STREAM, 0) : -1; }
                """),
            // Hints filled by the caller (under an option) and passed on by pointer: the socket type
            // flows through the addrinfo field class into the results of any getaddrinfo.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                static int dial(const char *host, const struct addrinfo *hints) {
                    struct addrinfo *res;
                    if (getaddrinfo(host, "7", hints, &res) != 0) return -1;
                    return ↓socket(res->ai_family, res->ai_socktype, res->ai_protocol);
                }
                int main(int argc, char **argv) {
                    struct addrinfo hints;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_INET;
                    hints.ai_socktype = argc > 2 ? SOCK_DGRAM : SOCK_STREAM;
                    return dial(argv[1], &hints);
                }
                """),
            // The type kept in a struct field by one function and read by another.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                struct endpoint { int family; int kind; };
                void use_udp(struct endpoint *e) { e->family = AF_INET; e->kind = SOCK_DGRAM; }
                int open_endpoint(const struct endpoint *e) { return ↓socket(e->family, e->kind, 0); }
                """),
            // A helper that returns the type, and a type written through an `int *` parameter.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                static int transport(int reliable) { return reliable ? SOCK_STREAM : SOCK_DGRAM; }
                int open_transport(int reliable) { return ↓socket(AF_INET, transport(reliable), 0); }
                int open_ping(int *kind) {
                    *kind = SOCK_DGRAM;
                    return ↓socket(AF_INET, *kind, IPPROTO_ICMP);
                }
                """),
            // A wrapper that masks its own flags off the type keeps the type the callers pass.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #define MY_NONBLOCK 0x40000000
                static int make_socket(int domain, int type) { return ↓socket(domain, type & ~MY_NONBLOCK, 0); }
                int open_resolver(void) { return make_socket(AF_INET, SOCK_DGRAM | MY_NONBLOCK); }
                """),
            // A global chosen by option parsing elsewhere.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int transport_kind = SOCK_STREAM;
                void parse_option(int c) { if (c == 'u') transport_kind = SOCK_DGRAM; }
                int open_link(void) { return ↓socket(AF_INET, transport_kind, 0); }
                """),
        ],
        nonTriggering: [
            // Hints passed by value, every caller asking for a stream.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                static int remote_connect(const char *host, const char *port, struct addrinfo hints) {
                    struct addrinfo *res;
                    if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
                    return socket(AF_INET, res->ai_socktype, res->ai_protocol);
                }
                int main(int argc, char **argv) {
                    struct addrinfo hints;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_INET;
                    hints.ai_socktype = SOCK_STREAM;
                    return argc > 2 && remote_connect(argv[1], argv[2], hints) < 0;
                }
                """),
            // openvpn's create_socket_tcp: an ASSERT (a macro whose failure branch never returns)
            // pins the type before the socket is made, whatever the caller's lookup asked for.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <stdbool.h>
                void assert_failed(const char *file, int line, const char *condition) __attribute__((__noreturn__));
                #define ASSERT(x) do { if (!(x)) { assert_failed(__FILE__, __LINE__, #x); } } while (false)
                int create_socket_tcp(struct addrinfo *ai) {
                    ASSERT(ai->ai_socktype == SOCK_STREAM);
                    return socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
                }
                int open_any(const char *host) {
                    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM }, *res;
                    if (getaddrinfo(host, "1194", &hints, &res) != 0) return -1;
                    return create_socket_tcp(res);
                }
                """),
            // A check that leaves when the type is not a stream: past it, the socket is TCP.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                static int stream_socket(const struct addrinfo *ai) {
                    if (ai->ai_socktype != SOCK_STREAM) return -1;
                    return socket(ai->ai_family, ai->ai_socktype, 0);
                }
                int lookup(const char *host) {
                    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM }, *res;
                    if (getaddrinfo(host, "53", &hints, &res) != 0) return -1;
                    return stream_socket(res);
                }
                """),
            // Unrelated lookups: a numeric-host test with UDP hints makes no socket; the sockets come
            // from a wrapper's lookup whose hints say SOCK_STREAM.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                #include <unistd.h>
                static int is_numeric(const char *host) {
                    struct addrinfo hints, *res;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_socktype = SOCK_DGRAM;
                    hints.ai_flags = AI_NUMERICHOST;
                    if (getaddrinfo(host, NULL, &hints, &res) != 0) return 0;
                    freeaddrinfo(res);
                    return 1;
                }
                static int resolve(const char *host, const char *port, int socktype, struct addrinfo **out) {
                    struct addrinfo hints;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_INET;
                    hints.ai_socktype = socktype;
                    return getaddrinfo(host, port, &hints, out);
                }
                int dial(const char *host, const char *port) {
                    struct addrinfo *res, *ai;
                    int fd = -1;
                    if (is_numeric(host)) fd = -1;
                    if (resolve(host, port, SOCK_STREAM, &res) != 0) return -1;
                    for (ai = res; ai; ai = ai->ai_next) {
                        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
                        if (fd >= 0) break;
                    }
                    freeaddrinfo(res);
                    return fd;
                }
                """),
            // An addrinfo copied from a UDP lookup, its type overwritten before the socket is made.
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                int open_stream_like(const char *host) {
                    struct addrinfo hints, *res, copy;
                    int fd;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_INET;
                    hints.ai_socktype = SOCK_DGRAM;
                    if (getaddrinfo(host, "53", &hints, &res) != 0) return -1;
                    copy = *res;
                    copy.ai_socktype = SOCK_STREAM;
                    fd = socket(copy.ai_family, copy.ai_socktype, 0);
                    freeaddrinfo(res);
                    return fd;
                }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_tcp(void) { return socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                int open_local(void) { return socket(AF_UNIX, SOCK_DGRAM, 0); }
                int open_pair(int sv[2]) { return socketpair(AF_LOCAL, SOCK_DGRAM, 0, sv); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                /* socket(AF_INET, SOCK_DGRAM, 0) is what the old resolver did. */
                static const char *usage = "socket(AF_INET, SOCK_DGRAM, 0)";
                #if 0
                int old(void) { return socket(AF_INET, SOCK_DGRAM, 0); }
                #endif
                int open_tcp(void) { return socket(AF_INET, SOCK_STREAM, 0); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_any(int family, int kind) { return socket(family, kind, 0); }
                int open_stream(void) { return open_any(AF_INET, SOCK_STREAM); }
                int open_local(void) { return open_any(AF_UNIX, SOCK_DGRAM); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netdb.h>
                #include <string.h>
                int open_web(const char *host) {
                    struct addrinfo hints, *res;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_socktype = SOCK_STREAM;
                    if (getaddrinfo(host, "80", &hints, &res) != 0) return -1;
                    return socket(res->ai_family, res->ai_socktype, res->ai_protocol);
                }
                """),
            // Written through an `int *` and overwritten before the call: only the last store reaches it.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_stream(int *kind) {
                    *kind = SOCK_DGRAM;
                    *kind = SOCK_STREAM;
                    return socket(AF_INET, *kind, 0);
                }
                """),
            // A struct field that only ever holds SOCK_STREAM.
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                struct endpoint { int family; int kind; };
                void use_tcp(struct endpoint *e) { e->family = AF_INET; e->kind = SOCK_STREAM; }
                int open_endpoint(const struct endpoint *e) { return socket(e->family, e->kind, 0); }
                """),
        ],
        // Every profile: none relays the UDP a client sends (Profile.relaysUDP).
        profiles: Profile.allCases.filter { !$0.relaysUDP }
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        SocketTypeCheck(rule: Self.description.id, severity: Self.description.severity, type: SocketConstants.datagram) {
            "'\($0)' may create a UDP socket (SOCK_DGRAM); SOCKS cannot relay UDP, so its datagrams bypass the proxy"
        }.check(context.sockets)
    }
}
