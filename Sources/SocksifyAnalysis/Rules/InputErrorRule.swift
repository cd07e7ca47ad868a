import SocksifySource

/// A file the scan found but could not analyse at all. Reported by discovery and triage, not by a
/// walk of the AST: there is no AST.
package struct InputErrorRule: Rule {
    package static let description = RuleDescription(
        id: "input-error",
        name: "File not analysed",
        severity: .note,
        summary: "A source file that could not be analysed at all: binary, unreadable, too large, a name that is not UTF-8, a dangling symlink.",
        rationale: """
            socksify-check runs unattended on trees it has never seen. One odd file must not hide the \
            findings in all the others, nor pass unnoticed: each gets one note with its path and the \
            reason, and the scan goes on. Only when nothing at all can be analysed does the run fail \
            with exit status 3.
            """,
        socksBehavior: "None: this is about the input, not about SOCKS.",
        fix: """
            Remove or rename the file, make it readable, or leave it out with `exclude:` in \
            .socksify-check.yml if it is not part of the program.
            """,
        triggering: [
            // Beside a good unit: when nothing at all can be analysed the run fails with exit 3 instead.
            RuleExample("↓int x;\u{0}\u{1}\u{2} binary data that happens to be called .c\n",
                        otherFiles: ["good.c": "int y;\n"], wrappable: false),
        ],
        nonTriggering: [
            RuleExample("int x;\n"),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        context.inputProblems.map { problem in
            Diagnosis(
                rule: Self.description.id,
                severity: Self.description.severity,
                location: SourceLocation(file: problem.path, line: 1, column: 1, offset: 0),
                length: nil,
                function: nil,
                message: "this file \(problem.reason)",
                notes: []
            )
        }
    }
}
