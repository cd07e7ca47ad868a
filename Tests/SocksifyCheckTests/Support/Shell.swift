import Foundation

/// Runs a real tool (make, git, patch, nm, cc) with a time limit; the child is killed if it overruns.
@discardableResult
func shell(_ arguments: [String], in directory: String, environment: [String: String] = [:],
           input: [UInt8]? = nil, timeout: TimeInterval = 120) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe(), stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input)) }
    try stdin.fileHandleForWriting.close()
    let deadline = DispatchTime.now() + timeout
    let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: deadline, execute: killer)
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    killer.cancel()
    return CommandResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// A copy of a fixture tree in a temporary directory, removed afterwards.
func copyOfFixture(_ name: String) throws -> TemporaryTree {
    let tree = try TemporaryTree([:])
    let result = try shell(["cp", "-a", Package.fixture(name) + "/.", tree.path], in: Package.root)
    guard result.status == 0 else { throw CocoaError(.fileWriteUnknown) }
    try? FileManager.default.removeItem(atPath: tree.path + "/expected.json")
    return tree
}
