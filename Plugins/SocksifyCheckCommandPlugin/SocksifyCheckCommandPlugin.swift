import Foundation
import PackagePlugin

/// `swift package socksify-check [--target T ...] [check options]`: checks the C targets of the
/// package it runs in. One run of the tool over every selected target, from the package's root with
/// root-relative paths, so each format is one document (one JSON report, one SARIF log) and GitHub
/// annotations name files as the repository does.
@main
struct SocksifyCheckCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let targets = names.isEmpty ? context.package.targets : try context.package.targets(named: names)
        let cTargets = targets.compactMap { $0 as? ClangSourceModuleTarget }
        guard !cTargets.isEmpty else {
            Diagnostics.warning("socksify-check: no C targets to check\(names.isEmpty ? "" : " among \(names.joined(separator: ", "))")")
            return
        }
        let tool = try context.tool(named: "socksify-check")
        let root = context.package.directoryURL
        // The cache lives in the plugin's work directory, never among the package's sources.
        let cache = ["--cache-dir", context.pluginWorkDirectoryURL.appendingPathComponent("cache").path]
        let arguments = SocksifyCheckArguments.forTargets(cTargets, root: root, extra: cache + extractor.remainingArguments)
        let status = try run(tool.url, arguments, in: root)
        if status != 0 {
            Diagnostics.error("socksify-check failed for \(cTargets.map(\.name).joined(separator: ", ")) (exit \(status))")
            throw SocksifyCheckFailure()
        }
    }

    /// Runs the tool with its standard output passed through untouched (the report) and its
    /// standard error (the summary line, errors) written to the plugin's standard error.
    private func run(_ executable: URL, _ arguments: [String], in directory: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // SwiftPM prints a command plugin's own standard error on its standard output, which would
        // break a JSON or SARIF report; its diagnostics go to standard error.
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
        for line in lines { Diagnostics.progress(String(line)) }
        return process.terminationStatus
    }
}

struct SocksifyCheckFailure: Error, CustomStringConvertible {
    var description: String { "socksify-check reported findings that reach --fail-on (or could not run)" }
}

enum SocksifyCheckArguments {
    /// Each target's directory relative to the package root, the caller's options, then the header
    /// directories of every target for clang (a target may include another's public headers).
    static func forTargets(_ targets: [ClangSourceModuleTarget], root: URL, extra: [String]) -> [String] {
        var includes: [String] = []
        for target in targets {
            includes.append(target.directoryURL.path)
            if let headers = target.publicHeadersDirectoryURL { includes.append(headers.path) }
        }
        return targets.map { relative($0.directoryURL, to: root) } + extra + ["--"] + includes.map { "-I" + $0 }
    }

    /// `path` relative to `root` when it lies inside it, else absolute.
    static func relative(_ path: URL, to root: URL) -> String {
        let base = root.standardizedFileURL.path
        let full = path.standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
    }
}
