import Foundation
import Testing
@testable import SocksifyCheck

/// The one process runner: output in order, statuses, the whole group stopped on a timeout, plain
/// words for a missing program, and many runs at once.
@Suite struct ProcessRunnerTests {
    @Test func outputAndErrorsArriveTogetherInOrder() async throws {
        let result = try await ProcessRunner().run(["sh", "-c", "echo one; echo two >&2; echo three; exit 3"], in: "/")
        #expect(result.output == "one\ntwo\nthree\n")
        #expect(result.status == 3)
        #expect(!result.timedOut)
    }

    @Test func runsInTheDirectoryWithTheEnvironmentChanged() async throws {
        setenv("SOCKSIFY_RUNNER_GONE", "still here", 1)
        var runner = ProcessRunner()
        runner.environment["SOCKSIFY_RUNNER_SET"] = "set"
        runner.environment["SOCKSIFY_RUNNER_GONE"] = .some(nil)
        let result = try await runner.run(["sh", "-c", "pwd; echo \"$SOCKSIFY_RUNNER_SET/${SOCKSIFY_RUNNER_GONE-unset}\""], in: "/usr")
        #expect(result.output == "/usr\nset/unset\n")
    }

    @Test func aSignalIsTheStatusAShellWouldGive() async throws {
        let result = try await ProcessRunner().run(["sh", "-c", "kill -TERM $$"], in: "/")
        #expect(result.status == 128 + SIGTERM)
    }

    /// A timeout stops the program and what it started (a grandchild in the background that would
    /// otherwise hold the pipe open, and write a file when it wakes), and says it was a timeout.
    /// The bound is far below the children's 600 s and far above the 0.5 s asked: the whole suite
    /// keeps Swift's small pool busy with blocking tests, which delays the teardown, not the kill.
    @Test func aTimeoutStopsTheWholeGroup() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)").path
        var runner = ProcessRunner()
        runner.timeout = 0.5
        let start = Date()
        let result = try await runner.run(["sh", "-c", "(sleep 600; touch \(marker)) & sleep 600"], in: "/")
        #expect(result.timedOut)
        #expect(Date().timeIntervalSince(start) < 400)
        let pgrep = try await ProcessRunner().run(["pgrep", "-f", "touch \(marker)"], in: "/")
        #expect(pgrep.status == 1, "still running: \(pgrep.output)")
    }

    @Test func aMissingProgramIsNamed() async {
        await #expect {
            _ = try await ProcessRunner().run(["socksify-no-such-program", "-n"], in: "/")
        } throws: { error in
            "\(error)" == "cannot run socksify-no-such-program: socksify-no-such-program is not installed (not found on PATH)"
        }
    }

    /// Many more runs at once than the pool has threads: callers suspend, none holds a thread.
    @Test func manyRunsAtOnceShareThePool() async throws {
        let count = ProcessInfo.processInfo.activeProcessorCount * 4
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask { try await ProcessRunner(timeout: 60).run(["sh", "-c", "sleep 0.2; echo \(index)"], in: "/").output }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs.sorted() == (0..<count).map { "\($0)\n" }.sorted())
    }
}
