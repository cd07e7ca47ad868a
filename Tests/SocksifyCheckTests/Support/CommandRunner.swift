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

    static func run(_ arguments: [String], environment: [String: String] = [:],
                    in directory: String = Package.root) throws -> CommandResult {
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
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
