import Foundation

/// Runs GNU make in dry-run mode and nothing else: `make -n -B -w [ARGS]`. make still executes
/// `$(shell …)` while it reads the Makefiles and recipe lines that invoke `$(MAKE)` (so that
/// recursive makes print their commands); adopt runs it in a scratch mirror of the tree so that
/// whatever those lines write lands there, not in the user's tree.
struct MakeRunner: Sendable {
    struct Result: Sendable {
        var status: Int32
        /// stdout and stderr together, in the order make wrote them.
        var output: String
        var timedOut: Bool
    }

    var executable = "make"
    var timeout: TimeInterval = 120

    /// The arguments every run gets: print the commands, run none, consider every target out of
    /// date (so an already built tree still shows each compile and link), announce directories.
    static let dryRunArguments = ["-n", "-B", "-w"]

    func dryRun(in directory: String, arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + Self.dryRunArguments + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        // An outer make's flags (`make adopt` from another Makefile) must not reach this one; the C
        // locale makes "Entering directory" messages readable.
        for name in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES", "MAKEOVERRIDES", "GNUMAKEFLAGS"] { environment[name] = nil }
        environment["LC_ALL"] = "C"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw AdoptError.makeFailed(directory: directory, reason: "cannot run \(executable): \(PlainError.describe(error))")
        }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        let timedOut = process.terminationReason == .uncaughtSignal
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self), timedOut: timedOut)
    }
}
