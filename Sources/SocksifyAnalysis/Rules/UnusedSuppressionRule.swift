/// Reported by the suppression filter, not by analysis: it runs after every other rule.
package struct UnusedSuppressionRule: Rule {
    package static let description = RuleDescription(
        id: "unused-suppression",
        name: "Suppression that suppresses nothing",
        severity: .note,
        summary: "An inline `socksify-check: ignore` comment that matches no finding (or names an unknown rule).",
        rationale: """
            A suppression outlives the code it was written for: when the finding it silenced goes away \
            (fixed, moved to another line, or its rule renamed), the comment stays and would silence a \
            new finding there. Reporting it keeps suppressions honest.
            """,
        socksBehavior: "None: this is about the suppression comments themselves.",
        fix: """
            Delete the comment, or move it to the line of the finding it was meant for. Suppressions are \
            `/* socksify-check: ignore RULE[,RULE] */` on the finding's line and \
            `// socksify-check: ignore-next-line RULE[,RULE]` on the line before it.
            """,
        // Not wrapped: a directive is a comment, so commenting the example out keeps it one.
        triggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                ↓// socksify-check: ignore-next-line udp-socket
                int open_tcp(void) { return socket(AF_INET, SOCK_STREAM, 0); }
                """, wrappable: false),
        ],
        nonTriggering: [
            RuleExample("""
                #include <sys/socket.h>
                #include <netinet/in.h>
                // socksify-check: ignore-next-line udp-socket
                int open_udp(void) { return socket(AF_INET, SOCK_DGRAM, 0); }
                int open_raw(void) { return socket(AF_INET, SOCK_RAW, 0); } /* socksify-check: ignore raw-socket */
                """, wrappable: false),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] { [] }
}
