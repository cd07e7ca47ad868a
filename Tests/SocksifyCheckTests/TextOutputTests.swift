import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// The clang-style text output, byte for byte.
@Suite struct TextOutputTests {
    private func text(_ name: String, color: Bool = false) async throws -> String {
        var result = try await scan(Package.fixture(name), showParseErrors: name == "missing-header")
        result.displayPrefix = "Fixtures/\(name)/"
        return TextReporter(useColor: color).render(result)
    }

    @Test(arguments: ["dual-helper", "resolver-macro", "missing-header"])
    func textMatchesGolden(_ name: String) async throws {
        let actual = try await text(name)
        let path = Package.root + "/Tests/SocksifyCheckTests/Goldens/\(name).txt"
        if Package.updatingGoldens {
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
        }
        #expect(actual == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test func colorOnlyWhenAsked() async throws {
        #expect(!(try await text("dual-helper")).contains("\u{1B}["))
        let colored = try await text("dual-helper", color: true)
        #expect(colored.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;36mnote:\u{1B}[0m"))
    }

    @Test func cliHonorsNoColorAndPipes() throws {
        let piped = try CommandRunner.run(["Fixtures/dual-helper"])
        #expect(!piped.stdout.contains("\u{1B}["))
        let forced = try CommandRunner.run(["--color", "always", "Fixtures/dual-helper"])
        #expect(forced.stdout.contains("\u{1B}["))
        #expect(piped.stdout.hasPrefix("Fixtures/dual-helper/net.c:7:12: error: "))
        #expect(piped.stderr == "1 error, 0 warnings in 3 translation units\n")
    }

    @Test func caretFollowsTabsAndMultiByteText() async throws {
        let tree = try TemporaryTree(["t.c": "#include <sys/socket.h>\n#include <netinet/in.h>\n/* é */int f(void) {\n\treturn\tsocket(AF_INET, SOCK_DGRAM, 0); }\n"])
        var result = try await scan(tree.path)
        result.displayPrefix = ""
        let rendered = TextReporter(useColor: false).render(result)
        let lines = rendered.split(separator: "\n")
        #expect(lines[0].hasPrefix("t.c:4:9: error:"))
        #expect(lines[1] == "        return  socket(AF_INET, SOCK_DGRAM, 0); }")
        #expect(lines[2] == "                ^~~~~~")
    }

    @Test func summaryCountsEverySeverity() {
        let report = Report(root: ".", findings: [
            Finding(rule: "udp-socket", severity: .error, path: "a.c", line: 1, column: 1, endColumn: nil, function: nil, message: "m", notes: []),
            Finding(rule: "parse-error", severity: .note, path: "a.c", line: 1, column: 1, endColumn: nil, function: nil, message: "m", notes: []),
        ], translationUnits: 12, filesWithParseErrors: 1)
        #expect(TextReporter.summary(report) == "1 error, 0 warnings, 1 note in 12 translation units (1 with parse errors)")
    }
}
