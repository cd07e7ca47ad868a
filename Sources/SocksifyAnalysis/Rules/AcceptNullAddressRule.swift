package struct AcceptNullAddressRule: Rule {
    package static let description = RuleDescription(
        id: "accept-null-address",
        name: "accept() with a null address under Dante",
        severity: .warning,
        summary: "With --profile dante: an accept() or accept4() whose address argument is NULL.",
        rationale: """
            POSIX lets accept() take NULL for the peer address. Dante's libsocksd (1.4.2, Debian's) \
            writes the address through the pointer in Raccept, so a SOCKSified program that accepts with \
            NULL crashes with a segmentation fault at the first callback connection. Seen in this \
            project's end-to-end tests with a real danted. Reported with the dante profile only.
            """,
        socksBehavior: """
            Raccept(s, NULL, NULL) dereferences the null pointer: the program dies with SIGSEGV where the \
            unSOCKSified build worked.
            """,
        fix: """
            Pass a `struct sockaddr_storage` and its length, even when the address is not used.
            """,
        triggering: [
            RuleExample("""
                #define _GNU_SOURCE
                #include <sys/socket.h>
                #include <stddef.h>
                int take(int s) { return ↓accept(s, NULL, NULL); }
                int take4(int s) { return ↓accept4(s, 0, 0, SOCK_CLOEXEC); }
                """, profile: .dante),
        ],
        nonTriggering: [
            RuleExample("""
                #include <sys/socket.h>
                int take(int s) {
                    struct sockaddr_storage peer;
                    socklen_t length = sizeof peer;
                    return accept(s, (struct sockaddr *)&peer, &length);
                }
                """, profile: .dante),
            RuleExample("""
                #include <sys/socket.h>
                #include <stddef.h>
                int take(int s) { return accept(s, NULL, NULL); }
                """),
        ],
        // Dante's Raccept is the one that dereferences the address.
        profiles: [.dante]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        return context.units.flatMap(\.nullAddressAccepts).map { call in
            Diagnosis(
                rule: Self.description.id,
                severity: Self.description.severity,
                location: call.location,
                length: call.callee.utf8.count,
                function: call.function,
                message: "'\(call.callee)' with a null address: Dante's Raccept writes the peer's address through it, so the SOCKSified program crashes; pass a sockaddr_storage and its length",
                notes: []
            )
        }
    }
}
