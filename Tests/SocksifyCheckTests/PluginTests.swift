import Foundation
import Testing

/// The SwiftPM plugins as users get them: Fixtures/swiftpm-package (two C targets) depends on
/// socksify-check by URL and version, the README's snippet. The suite makes a git repository of this
/// working tree, tags it 0.1.0, and points a copy of the fixture at it with a file:// URL, so SwiftPM
/// treats socksify-check as a remote dependency (it refuses unsafe flags in one). Then the build-tool
/// plugin fails the build of the target that opens a UDP socket and passes the clean one, and the
/// command plugin checks the targets it is asked for, all of them in one document.
@Suite(.serialized) struct PluginTests {
    /// Made once for the suite, so socksify-check is resolved and built once.
    static let consumer: Result<URLConsumer, any Error> = Result { try URLConsumer() }

    private func swift(_ arguments: [String]) throws -> CommandResult {
        let consumer = try Self.consumer.get()
        let subcommand = arguments[0]
        return try shell(["swift", subcommand, "--package-path", consumer.package.path, "--scratch-path", consumer.scratch.path]
                         + arguments.dropFirst(), in: consumer.package.path, timeout: 900)
    }

    @Test func theFixtureDependsByURLAsTheREADMESays() throws {
        let manifest = try String(contentsOfFile: Package.fixture("swiftpm-package") + "/Package.swift", encoding: .utf8)
        let readme = try String(contentsOfFile: Package.root + "/README.md", encoding: .utf8)
        let line = #".package(url: "https://github.com/socksify-check/socksify-check", from: "0.1.0")"#
        #expect(manifest.contains(line))
        #expect(readme.contains(line))
        #expect(!manifest.contains("path:"), "no path dependency: SwiftPM is lenient with those")
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
        #expect(!output.contains("unsafe"), "\(output)")
    }

    @Test func commandPluginChecksTheTargetsItIsGiven() throws {
        let flagged = try swift(["package", "socksify-check", "--target", "CNet"])
        #expect(flagged.status != 0)
        #expect((flagged.stdout + flagged.stderr).contains("Sources/CNet/announce.c:12:13: error:"), "\(flagged.stderr)")
        let gated = try swift(["package", "socksify-check", "--target", "CNet", "--fail-on", "raw-socket"])
        #expect(gated.status == 0, "--fail-on reaches the tool: \(gated.stderr)")
        let clean = try swift(["package", "socksify-check", "--target", "CClean"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect((clean.stdout + clean.stderr).contains("0 errors, 0 warnings in 1 translation unit"))
    }

    /// Two targets, one run: a single JSON document and a single SARIF log (valid against the schema).
    @Test func commandPluginGivesOneDocumentForAllTargets() throws {
        let json = try swift(["package", "socksify-check", "--format", "json", "--fail-on", "never"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let paths = (report?["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.contains("Sources/CNet/announce.c"), "\(json.stdout)")
        #expect((report?["summary"] as? [String: Any])?["translationUnits"] as? Int == 2, "\(json.stdout)")

        let sarif = try swift(["package", "socksify-check", "--format", "sarif", "--fail-on", "never"])
        #expect(sarif.status == 0, "\(sarif.stderr)")
        let document = try TemporaryTree(["out.sarif": sarif.stdout])
        let validation = try shell(["/usr/bin/python3", "-c", """
            import json, sys, jsonschema
            jsonschema.Draft4Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
            """, Package.root + "/Tests/SocksifyCheckTests/Schemas/sarif-schema-2.1.0.json", document.path + "/out.sarif"],
            in: Package.root)
        #expect(validation.status == 0, "\(validation.stderr)")
    }

    /// GitHub annotations need repository-relative paths; the plugin runs from the package root.
    @Test func commandPluginWritesGitHubAnnotations() throws {
        let github = try swift(["package", "socksify-check", "--format", "github", "--fail-on", "never"])
        #expect(github.status == 0, "\(github.stderr)")
        #expect(github.stdout.contains("::error file=Sources/CNet/announce.c,line=12,col=13"), "\(github.stdout)")
    }
}

/// A tagged file:// repository of this working tree and a copy of the consumer fixture that names it.
struct URLConsumer: Sendable {
    /// Holds the repository as `socksify-check/`: SwiftPM names a URL dependency after the URL's last component.
    let holder: TemporaryTree
    let package: TemporaryTree
    let scratch: TemporaryTree

    init() throws {
        holder = try TemporaryTree([:])
        let repository = holder.path + "/socksify-check"
        // Tracked and untracked files, not ignored ones: what a commit of this tree would hold.
        let listing = try shell(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], in: Package.root)
        guard listing.status == 0 else { throw ShellFailure(listing) }
        for file in listing.stdout.split(separator: "\0").map(String.init)
        where FileManager.default.fileExists(atPath: Package.root + "/" + file) {
            let target = repository + "/" + file
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Package.root + "/" + file, toPath: target)
        }
        let identity = ["-c", "user.name=socksify-check tests", "-c", "user.email=tests@localhost"]
        for command in [["git", "init", "-q"], ["git", "add", "-A"], ["git"] + identity + ["commit", "-q", "-m", "release"],
                        ["git", "tag", "0.1.0"]] {
            let result = try shell(command, in: repository)
            guard result.status == 0 else { throw ShellFailure(result) }
        }
        package = try copyOfFixture("swiftpm-package")
        let manifestPath = package.path + "/Package.swift"
        let manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
        try manifest.replacingOccurrences(of: "https://github.com/socksify-check/socksify-check", with: "file://" + repository)
            .write(toFile: manifestPath, atomically: true, encoding: .utf8)
        scratch = try TemporaryTree([:])
    }
}

struct ShellFailure: Error, CustomStringConvertible {
    let result: CommandResult
    init(_ result: CommandResult) { self.result = result }
    var description: String { "exit \(result.status): \(result.stderr)" }
}
