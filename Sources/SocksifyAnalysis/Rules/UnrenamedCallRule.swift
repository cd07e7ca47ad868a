package struct UnrenamedCallRule: Rule {
    package static let description = RuleDescription(
        id: "unrenamed-call",
        name: "Network call the renames miss",
        severity: .note,
        summary: "A call that reaches the network around the renamed functions: rcmd without Rrcmd, MSG_FASTOPEN, raw syscall.",
        rationale: """
            The renames cover seven functions. Some calls open connections without any of them: \
            sendto/sendmsg with MSG_FASTOPEN connects implicitly; syscall(SYS_connect, ...) and its \
            siblings enter the kernel directly; and rcmd() is renamed only when the library has Rrcmd, \
            which Dante's libsocksd does not (reported with --profile dante).
            """,
        socksBehavior: """
            None of these calls reaches the SOCKS library, so each connection goes straight to the \
            network, past the proxy.
            """,
        fix: """
            Use plain connect() (and send) instead of MSG_FASTOPEN or raw syscalls in the SOCKSified \
            build; for rcmd with Dante, use the classic library (--profile socks4) or replace rcmd with \
            an ordinary connect-based client.
            """,
        triggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                ssize_t hello(int s, const struct sockaddr_in *to) {
                    return ↓sendto(s, "hi", 2, MSG_FASTOPEN, (const struct sockaddr *)to, sizeof *to);
                }
                """),
            RuleExample("""
                #include <sys/syscall.h>
                #include <sys/socket.h>
                #include <unistd.h>
                long raw_connect(int s, const struct sockaddr *a, socklen_t n) { return ↓syscall(SYS_connect, s, a, n); }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <sys/syscall.h>
                #include <unistd.h>
                ssize_t hello(int s, const struct sockaddr_in *to) {
                    syscall(SYS_getpid);
                    return sendto(s, "hi", 2, 0, (const struct sockaddr *)to, sizeof *to);
                }
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        context.units.flatMap(\.unrenamedCalls).compactMap { call in
            let message: String
            switch call.kind {
            case .rcmd:
                guard !context.profile.hasRrcmd || context.missingRenames.contains("rcmd") else { return nil }
                message = "'\(call.callee)' is not wrapped by the SOCKS library (it has no Rrcmd), so this connection bypasses the proxy"
            case .fastOpen:
                message = "'\(call.callee)' with MSG_FASTOPEN connects without calling connect(), so no rename reaches it and the connection bypasses the proxy"
            case let .syscall(number):
                message = "'syscall(\(number), ...)' enters the kernel directly, around the renamed functions, so it bypasses the proxy"
            }
            return Diagnosis(
                rule: Self.description.id,
                severity: Self.description.severity,
                location: call.location,
                length: call.callee.utf8.count,
                function: call.function,
                message: message,
                notes: []
            )
        }
    }
}
