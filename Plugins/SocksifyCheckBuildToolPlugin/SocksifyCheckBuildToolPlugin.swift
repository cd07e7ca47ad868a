import Foundation
import PackagePlugin

/// Checks a C target's sources on every build that changes them and prints the findings as clang
/// diagnostics. A build command, not a prebuild command: socksify-check is built from source in the
/// same build, which a prebuild command cannot use (realm/SwiftLint#5427).
@main
struct SocksifyCheckBuildToolPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? ClangSourceModuleTarget else { return [] }
        let tool = try context.tool(named: "socksify-check")
        // The stamp is written only when the check passes its gate, so a failing target fails its
        // build and is checked again on the next one. SwiftPM schedules a build command only when
        // something consumes its output; it bundles an unknown output as a resource, which is what
        // makes the command run (a generated .c is refused, a .h is never consumed).
        let stamp = context.pluginWorkDirectoryURL.appendingPathComponent("\(target.name).socksify-check")
        var includes = [target.directoryURL.path]
        if let headers = target.publicHeadersDirectoryURL { includes.append(headers.path) }
        return [
            .buildCommand(
                displayName: "socksify-check \(target.name)",
                executable: tool.url,
                arguments: [target.directoryURL.path, "--color", "never", "--stamp", stamp.path,
                            "--cache-dir", context.pluginWorkDirectoryURL.appendingPathComponent("cache").path, "--"]
                    + includes.map { "-I" + $0 },
                inputFiles: target.sourceFiles.map(\.url),
                outputFiles: [stamp]
            ),
        ]
    }
}
