import Foundation
import Testing

/// The SwiftPM plugins, run for real on Fixtures/swiftpm-package (a package with two C targets that
/// depends on this one by path): the build-tool plugin fails the build of the target that opens a UDP
/// socket and passes the clean one; the command plugin checks the C targets it is asked for.
@Suite(.serialized) struct PluginTests {
    static let package = Package.fixture("swiftpm-package")

    /// One scratch directory for the suite, so socksify-check is built once.
    static let scratch: TemporaryTree = try! TemporaryTree([:])

    private func swift(_ arguments: [String]) throws -> CommandResult {
        let subcommand = arguments[0]
        return try shell(["swift", subcommand, "--package-path", Self.package, "--scratch-path", Self.scratch.path] + arguments.dropFirst(),
                         in: Package.root, timeout: 900)
    }

    @Test func buildToolPluginPassesTheCleanTargetAndFailsTheUDPOne() throws {
        let clean = try swift(["build", "--target", "CClean"])
        #expect(clean.status == 0, "\(clean.stdout)\n\(clean.stderr)")
        #expect((clean.stdout + clean.stderr).contains("socksify-check CClean"), "the plugin's command ran")

        let failing = try swift(["build", "--target", "CNet"])
        let output = failing.stdout + failing.stderr
        #expect(failing.status != 0, "a udp-socket error fails the build")
        #expect(output.contains("Sources/CNet/announce.c:12:13: error: 'socket' may create a UDP socket"), "\(output)")
        #expect(output.contains("[udp-socket]"))
    }

    @Test func commandPluginChecksTheTargetsItIsGiven() throws {
        let flagged = try swift(["package", "socksify-check", "--target", "CNet"])
        #expect(flagged.status != 0)
        #expect((flagged.stdout + flagged.stderr).contains("announce.c:12:13: error:"))
        let gated = try swift(["package", "socksify-check", "--target", "CNet", "--fail-on", "raw-socket"])
        #expect(gated.status == 0, "--fail-on reaches the tool: \(gated.stderr)")
        let clean = try swift(["package", "socksify-check", "--target", "CClean"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect((clean.stdout + clean.stderr).contains("0 errors, 0 warnings in 1 translation unit"))
    }
}
