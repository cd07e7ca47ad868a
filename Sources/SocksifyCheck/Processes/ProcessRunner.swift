import Foundation
import Subprocess
import SystemPackage

/// The one way the tool runs another program (make's dry runs, configure, autoreconf, cmake, nm):
/// swift-subprocess, in a session of its own so that a timeout or an interrupt stops the whole
/// process group (make's children, configure's subshells), with stdout and stderr in one stream in
/// the order they were written. Parse workers have their own long-lived connection
/// (the parse pipeline's connection); everything else comes through here.
struct ProcessRunner: Sendable {
    struct Result: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        /// stdout and stderr together.
        var output: String
        var timedOut: Bool
    }

    enum Failure: Error, CustomStringConvertible {
        /// The program could not be started (not installed, not executable).
        case cannotStart(String, reason: String)

        var description: String {
            switch self {
            case .cannotStart(let name, let reason): "cannot run \(name): \(reason)"
            }
        }
    }

    var timeout: TimeInterval = 120
    /// Variables set (a value) or removed (nil) in the inherited environment.
    var environment: [String: String?] = [:]
    /// The most output kept (from the start); make's dry run of a large tree is a few MiB.
    var outputLimit = 256 << 20

    /// Runs `command` (looked up on PATH unless it has a slash) in `directory` and waits for it.
    /// Async all the way: a caller that blocked a thread of Swift's cooperative pool while waiting
    /// would, with others like it, leave none for swift-subprocess, which needs one for every run.
    func run(_ command: [String], in directory: String) async throws -> Result {
        guard let name = command.first else { throw Failure.cannotStart("nothing", reason: "an empty command") }
        do {
            return try await exchange(command, in: directory)
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure.cannotStart(name, reason: PlainError.describe(error))
        }
    }

    private struct TimedOut: Error {}

    private func exchange(_ command: [String], in directory: String) async throws -> Result {
        let name = command[0]
        let executable: Executable = name.contains("/") ? .path(FilePath(name)) : .name(name)
        var options = PlatformOptions()
        options.createSession = true
        // SIGTERM to the group, then SIGKILL to the group: nothing it started outlives it.
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(2)),
            .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500)),
        ]
        var updates: [Environment.Key: String?] = [:]
        for (key, value) in environment { updates[Environment.Key(stringLiteral: key)] = value }
        let limit = outputLimit
        let seconds = timeout
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(Array(command.dropFirst())),
                environment: .inherit.updating(updates),
                workingDirectory: FilePath(directory), platformOptions: options,
                input: .none, output: .sequence, error: .combinedWithOutput
            ) { execution in
                let group = execution.processIdentifier.value
                Interruption.shared.register(processGroup: group)
                defer { Interruption.shared.unregister(processGroup: group) }
                return try await withThrowingTaskGroup(of: [UInt8]?.self) { tasks in
                    tasks.addTask {
                        var bytes: [UInt8] = []
                        for try await chunk in execution.standardOutput {
                            if bytes.count < limit { chunk.withUnsafeBytes { bytes += $0.prefix(limit - bytes.count) } }
                        }
                        return bytes
                    }
                    tasks.addTask {
                        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                        return nil
                    }
                    defer { tasks.cancelAll() }
                    guard let first = try await tasks.next(), let bytes = first else { throw TimedOut() }
                    return bytes
                }
            }
            let status: Int32 = switch result.terminationStatus {
            case .exited(let code): Int32(code)
            case .signaled(let signal): 128 + Int32(signal)
            }
            return Result(status: status, output: String(decoding: result.closureResult, as: UTF8.self), timedOut: false)
        } catch is TimedOut {
            return Result(status: 128 + SIGKILL, output: "", timedOut: true)
        } catch let error as SubprocessError {
            throw Failure.cannotStart(name, reason: Self.describe(error, name: name))
        }
    }

    /// swift-subprocess's errors in plain words ("not installed", not an error code).
    private static func describe(_ error: SubprocessError, name: String) -> String {
        switch error.code {
        case .executableNotFound: "\(name) is not installed (not found on PATH)"
        case .failedToChangeWorkingDirectory: "its working directory cannot be entered"
        default: "\(error)"
        }
    }
}
