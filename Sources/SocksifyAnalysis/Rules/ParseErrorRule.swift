import SocksifySource

/// Not a SOCKS hazard: the word that a unit did not fully parse, so its findings may be incomplete.
/// It is a rule so that `--fail-on parse-error`, suppressions and config treat it like any other.
package struct ParseErrorRule: Rule {
    package static let description = RuleDescription(
        id: "parse-error",
        name: "Parse error",
        severity: .note,
        summary: "A translation unit did not parse cleanly; findings in it may be incomplete.",
        rationale: """
            socksify-check parses with clang's keep-going mode, so an unconfigured tree (no config.h, \
            headers of libraries that are not installed) is still analysed as far as it parses. Code that \
            depends on what failed (a macro from the missing header, a call inside a broken declaration) \
            cannot be judged, so the unit gets one note. `--show-parse-errors` lists clang's errors.
            """,
        socksBehavior: "None: this is about the analysis, not about SOCKS.",
        fix: """
            Give the checker the flags the build uses: run it where compile_commands.json exists (or point \
            `-p` at it), or pass flags after `--`, e.g. `socksify-check . -- -DHAVE_CONFIG_H -Iinclude`. \
            Run the project's configure step first if config.h is generated. `--fail-on parse-error` makes \
            CI insist on a fully parsed tree.
            """,
        triggering: [
            RuleExample("""
                #include ↓"config.h"
                int main(void) { return 0; }
                """, wrappable: false),
        ],
        nonTriggering: [
            RuleExample("""
                #include <stdio.h>
                int main(void) { return puts("configured"); }
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnosis] {
        context.units.compactMap { unit in
            guard let first = unit.parseErrors.first else { return nil }
            let inMainFile = unit.parseErrors.first { $0.location?.file == unit.file }?.location
            let firstWhere = first.location.map { " (\(Self.basename($0.file)):\($0.line))" } ?? ""
            let count = unit.parseErrors.count
            let message = "\(count) parse error\(count == 1 ? "" : "s") in this translation unit, the first: "
                + "\(first.message)\(firstWhere); findings in it may be incomplete"
                + (context.showParseErrors ? "" : " (--show-parse-errors lists them)")
            let notes = context.showParseErrors
                ? unit.parseErrors.compactMap { problem in
                    problem.location.map { DiagnosisNote(location: $0, message: problem.message) }
                }
                : []
            return Diagnosis(
                rule: Self.description.id,
                severity: Self.description.severity,
                location: inMainFile ?? SourceLocation(file: unit.file, line: 1, column: 1, offset: 0),
                length: nil,
                function: nil,
                message: message,
                notes: notes
            )
        }
    }

    private static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
