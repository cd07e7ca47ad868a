package struct RawSocketRule: Rule {
    package static let description = RuleDescription(
        id: "raw-socket",
        name: "Raw socket",
        severity: .error,
        summary: "A socket() call whose type may be SOCK_RAW.",
        rationale: """
            A raw socket (ping, traceroute, custom protocols) sends IP packets of its own making. SOCKS \
            relays TCP streams, so nothing a raw socket sends can pass through the proxy; the program either \
            fails behind the firewall or leaks past it. The type is evaluated the same way as for udp-socket.
            """,
        socksBehavior: """
            No SOCKS library wraps raw sockets: Dante's libsocksd and the SOCKS v4.2 library pass them \
            through untouched, so their packets go straight to the network.
            """,
        fix: """
            Raw-socket features (ICMP probes and the like) cannot work through SOCKS. Disable them in the \
            SOCKSified build, or suppress the finding where the feature is never used behind the firewall.
            """,
        triggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_ping(void) { return ↓socket(AF_INET, SOCK_RAW, IPPROTO_ICMP); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                static int probe_socket(int type) { return ↓socket(AF_INET, type, IPPROTO_ICMP); }
                int open_probe(void) { return probe_socket(SOCK_RAW | SOCK_CLOEXEC); }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                int open_tcp(void) { return socket(AF_INET, SOCK_STREAM, IPPROTO_TCP); }
                """),
            RuleExample("""
                #include <sys/socket.h>
                #include <linux/netlink.h>
                int open_netlink(void) { return socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE); }
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        SocketTypeCheck(rule: Self.description.id, severity: Self.description.severity, type: SocketConstants.raw) {
            "'\($0)' may create a raw socket (SOCK_RAW); SOCKS relays only TCP streams, so its packets bypass the proxy"
        }.check(context.sockets)
    }
}
