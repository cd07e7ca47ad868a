import Foundation

/// Runs the built socksify-check executable, as CI and users do, and captures what it says.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CommandRunner {
    /// swift test builds the executable next to the test bundle.
    static let executable: String = {
        let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent()
        for directory in [Bundle.main.bundleURL, bundleDirectory] {
            let candidate = directory.appendingPathComponent("socksify-check").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return argument0.appendingPathComponent("socksify-check").path
    }()

    /// `whileRunning`, when given, is called with the process id every 20 ms until it exits.
    static func run(_ arguments: [String], environment: [String: String] = [:],
                    in directory: String = Package.root, whileRunning: ((Int32) -> Void)? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "NO_COLOR")
        process.environment = merged.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a large output cannot block the child.
        let reader = PipeReader(out, err)
        if let whileRunning {
            while process.isRunning {
                whileRunning(process.processIdentifier)
                usleep(20_000)
            }
        }
        let (outData, errData) = reader.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Both pipes of a child read to their end on threads of their own, so neither can fill and block it.
private final class PipeReader: @unchecked Sendable {
    private let group = DispatchGroup()
    private var out = Data()
    private var err = Data()

    init(_ outPipe: Pipe, _ errPipe: Pipe) {
        DispatchQueue.global().async(group: group) { self.out = outPipe.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { self.err = errPipe.fileHandleForReading.readDataToEndOfFile() }
    }

    func wait() -> (Data, Data) {
        group.wait()
        return (out, err)
    }
}
