package struct NameCollisionRule: Rule {
    package static let description = RuleDescription(
        id: "name-collision",
        name: "Name the renames rewrite by accident",
        severity: .warning,
        summary: "A declaration named like a function the profile renames (connect, bind, listen, accept, select, getsockname, rcmd; with dante also send, recv, ...) that is not the C library function.",
        rationale: """
            `-Dconnect=Rconnect` and its six siblings rename every token of that name, not just calls: a \
            struct member `connect` becomes `Rconnect` in the units built with the flag and stays \
            `connect` in a library header or a unit built without it; a parameter or a variable named \
            `accept` is renamed silently; the project's own function `select` is replaced by the SOCKS \
            library's. Reported once per declaration, never per use. Calls through members \
            (`ops->connect(...)`) and designators (`.connect = f`) are not socket calls.
            """,
        socksBehavior: """
            The renames are plain preprocessor macros: they cannot tell a call of the C library's connect() \
            from anything else spelled `connect`. Mismatched struct layouts or link errors follow, or the \
            wrong function is called.
            """,
        fix: """
            Rename the declaration, or adopt in source mode (`socksify-check adopt --source`), which \
            renames exactly the calls that resolve to the C library functions and leaves every other \
            `connect` alone.
            """,
        triggering: [
            RuleExample("""
                struct transport {
                    int (*↓connect)(void *self, const char *host);
                    int fd;
                };
                static int ↓accept = 1;
                int use(int ↓listen) { return listen + accept; }
                """),
            RuleExample("""
                #include <sys/select.h>
                #define ↓select my_select
                enum mode { ↓bind, passive };
                """),
            // Dante also renames send, recv and their kin: a member of that name collides there.
            RuleExample("""
                struct channel { int (*↓send)(void *self, const void *data, int length); };
                """, profile: .dante),
        ],
        nonTriggering: [
            // The classic library leaves send alone, and Dante leaves rcmd alone (it has no Rrcmd).
            RuleExample("""
                struct channel { int (*send)(void *self, const void *data, int length); };
                """),
            RuleExample("""
                struct remote { int (*rcmd)(const char *host); };
                """, profile: .dante),
            RuleExample("""
                #include <sys/socket.h>
                struct transport { int (*open)(void *); };
                int connect_to(int s, const struct sockaddr *a, socklen_t n) { return connect(s, a, n); }
                int connect(int, const struct sockaddr *, socklen_t);
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        let renamed = Set(context.profile.renamedFunctions)
        return context.units.flatMap(\.collisions).filter { renamed.contains($0.name) }.map { declaration in
            Diagnosis(
                rule: Self.description.id,
                severity: Self.description.severity,
                location: declaration.location,
                length: declaration.name.utf8.count,
                function: nil,
                message: "'\(declaration.name)' declared here is a \(declaration.kind), not the C library function; -D\(declaration.name)=R\(declaration.name) renames it and every use of it; adopt with --source to rename only real calls",
                notes: []
            )
        }
    }
}
