import Foundation
import PackagePlugin

/// `swift package socksify-check [--target T ...] [check options]`: checks the C targets of the
/// package it runs in, each with its own header directories on the include path.
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
        var failed: [String] = []
        for target in cTargets {
            // The cache lives in the plugin's work directory, never among the package's sources.
            let cache = ["--cache-dir", context.pluginWorkDirectoryURL.appendingPathComponent("cache").path]
            let status = try run(tool.url, SocksifyCheckArguments.forTarget(target, extra: cache + extractor.remainingArguments))
            if status != 0 { failed.append("\(target.name) (exit \(status))") }
        }
        if !failed.isEmpty {
            Diagnostics.error("socksify-check failed for \(failed.joined(separator: ", "))")
            throw SocksifyCheckFailure()
        }
    }

    private func run(_ executable: URL, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

struct SocksifyCheckFailure: Error, CustomStringConvertible {
    var description: String { "socksify-check reported findings that reach --fail-on (or could not run)" }
}

enum SocksifyCheckArguments {
    /// The target's directory as PATH, the caller's options, then its header directories for clang.
    static func forTarget(_ target: ClangSourceModuleTarget, extra: [String]) -> [String] {
        var includes = [target.directoryURL.path]
        if let headers = target.publicHeadersDirectoryURL { includes.append(headers.path) }
        return [target.directoryURL.path] + extra + ["--"] + includes.map { "-I" + $0 }
    }
}
