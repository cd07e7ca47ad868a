import Foundation
import Testing

/// Exit statuses are a contract: 0 clean, 1 a finding reached --fail-on, 2 usage, 3 bad input.
@Suite struct ExitStatusTests {
    @Test func cleanTreeExitsZero() throws {
        let result = try CommandRunner.run(["Fixtures/finger-client"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "0 errors, 0 warnings in 1 translation unit\n")
    }

    @Test func checkIsTheDefaultSubcommand() throws {
        let implicit = try CommandRunner.run(["Fixtures/raw-ping"])
        let explicit = try CommandRunner.run(["check", "Fixtures/raw-ping"])
        #expect(implicit.status == 1 && explicit.status == 1)
        #expect(implicit.stdout == explicit.stdout)
    }

    @Test func errorFindingFailsByDefault() throws {
        #expect(try CommandRunner.run(["Fixtures/resolver-macro"]).status == 1)
    }

    @Test func failOnARuleIdGatesOnlyThatRule() throws {
        #expect(try CommandRunner.run(["--fail-on", "udp-socket", "Fixtures/resolver-macro"]).status == 1)
        #expect(try CommandRunner.run(["--fail-on", "udp-socket", "Fixtures/raw-ping"]).status == 0)
        #expect(try CommandRunner.run(["--fail-on", "raw-socket,udp-socket", "Fixtures/raw-ping"]).status == 1)
    }

    @Test func failOnNeverReportsWithoutGating() throws {
        let result = try CommandRunner.run(["--fail-on", "never", "Fixtures/resolver-macro"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[udp-socket]"), "the findings are still reported")
    }

    @Test func failOnSeverityIsAThreshold() throws {
        // missing-header has a parse-error note and a udp-socket error.
        #expect(try CommandRunner.run(["--fail-on", "note", "Fixtures/missing-header"]).status == 1)
        #expect(try CommandRunner.run(["--fail-on", "parse-error", "Fixtures/missing-header"]).status == 1)
        // Its unit that calls socket() did not parse: not a pass (5), unless parse failures are accepted.
        #expect(try CommandRunner.run(["--fail-on", "raw-socket", "Fixtures/missing-header"]).status == 5)
        #expect(try CommandRunner.run(["--fail-on", "raw-socket", "--max-parse-failures", "100", "Fixtures/missing-header"]).status == 0)
        #expect(try CommandRunner.run(["--fail-on", "note", "Fixtures/finger-client"]).status == 0)
        #expect(try CommandRunner.run(["--fail-on", "warning", "Fixtures/comments-only"]).status == 0)
    }

    @Test func usageErrorsExitTwo() throws {
        let unknownFlag = try CommandRunner.run(["--no-such-flag", "Fixtures/finger-client"])
        #expect(unknownFlag.status == 2)
        let badGate = try CommandRunner.run(["--fail-on", "udp", "Fixtures/finger-client"])
        #expect(badGate.status == 2)
        #expect(badGate.stderr.contains("udp-socket"), "the error lists the valid choices")
        #expect(try CommandRunner.run(["--jobs", "0", "."]).status == 2)
        #expect(try CommandRunner.run(["--format", "xml", "."]).status == 2)
        let badRule = try CommandRunner.run(["explain", "no-such-rule"])
        #expect(badRule.status == 2)
        #expect(badRule.stderr.contains("udp-socket"))
    }

    @Test func helpAndVersionExitZero() throws {
        let help = try CommandRunner.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE"))
        let version = try CommandRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("0.1.0\nlibclang: "), "the version, then the libclang in use: \(version.stdout)")
    }

    @Test func missingPathExitsThree() throws {
        let result = try CommandRunner.run(["Fixtures/no-such-tree"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("Fixtures/no-such-tree: no such file or directory"))
    }

    @Test func treeWithoutCSourcesExitsThree() throws {
        let tree = try TemporaryTree(["README": "no code here\n", "lib/util.h": "int f(void);\n"])
        let result = try CommandRunner.run([tree.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no C translation units found"))
    }

    /// Run unprivileged (`Unprivileged`): root reads everything.
    @Test(.enabled(if: Unprivileged.available, "needs a user that permissions apply to"))
    func unreadablePathExitsThree() throws {
        let tree = try TemporaryTree(["a.c": "int x;\n"])
        chmod(tree.path, 0)
        defer { chmod(tree.path, 0o755) }
        let result = try Unprivileged.run([tree.path])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains(tree.path + ": cannot be read: permission denied"), "\(result.stderr)")
    }
}
