import Foundation
import Testing

/// README's installation lines, run as they are with every command they call stubbed (each stub
/// records its command line): as root they never call `sudo` (root in a container has none), as a
/// user every command that writes outside the home goes through it.
@Suite struct InstallationTests {
    /// The indented lines of README's Installation section.
    static func installationLines() throws -> [String] {
        let readme = try String(contentsOfFile: Package.root + "/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Installation\n").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        return section.split(separator: "\n").filter { $0.hasPrefix("    ") }.map { String($0.dropFirst(4)) }
    }

    /// Runs the lines with stubs for the commands they call, as `uid` (nil: as this process); returns
    /// the commands run, one line each.
    static func run(_ lines: [String], as uid: Int?) throws -> [String] {
        let tree = try TemporaryTree(["install.sh": "set -eu\n" + lines.joined(separator: "\n") + "\n"])
        tree.openToEveryone()
        let stubs = tree.path + "/stubs"
        try FileManager.default.createDirectory(atPath: stubs, withIntermediateDirectories: true)
        let log = tree.path + "/log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        chmod(log, 0o666)
        for command in ["sudo", "apt-get", "swift", "install", "tee", "socksify-check"] {
            // sudo runs what it is given (recorded by that stub too); every other stub only records.
            let body = command == "sudo" ? "echo \"sudo $*\" >> \(log)\nexec \"$@\"\n" : "echo \"\(command) $*\" >> \(log)\ncat > /dev/null || true\n"
            try Data(("#!/bin/sh\n" + body).utf8).write(to: URL(fileURLWithPath: stubs + "/" + command))
            chmod(stubs + "/" + command, 0o755)
        }
        let environment = ["PATH": stubs + ":/usr/bin:/bin"]
        let identity = uid.map { ["/usr/bin/setpriv", "--reuid=\($0)", "--regid=\($0)", "--clear-groups"] } ?? []
        let result = try shell(identity + ["/bin/bash", tree.path + "/install.sh"], in: tree.path, environment: environment)
        try #require(result.status == 0, "\(result.stderr)")
        return try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func theInstallationWorksAsRootAndAsAUser() throws {
        let lines = try Self.installationLines()
        #expect(lines.count >= 5)
        #expect(!lines.contains { $0.hasPrefix("sudo ") || $0.contains("| sudo ") || $0.contains("&& sudo ") },
                "no bare sudo: root in a container has none")
        let root = getuid() == 0 ? try Self.run(lines, as: nil) : nil
        let user = try Self.run(lines, as: getuid() == 0 ? Unprivileged.uid : nil)
        if let root {
            #expect(!root.contains { $0.hasPrefix("sudo") }, "\(root)")
            #expect(root.contains { $0.hasPrefix("apt-get install -y libclang-dev") }, "\(root)")
            #expect(root.contains { $0.hasPrefix("install -D -m 755 .build/release/socksify-check /usr/local/bin/") }, "\(root)")
        }
        for command in ["apt-get update", "apt-get install", "install -D -m 755", "install -D -m 644", "tee /etc/"] {
            #expect(user.contains { $0.hasPrefix("sudo " + command) }, "as a user, \(command) goes through sudo: \(user)")
        }
        #expect(user.contains("swift build -c release") && !user.contains("sudo swift build -c release"), "the build itself is the user's")
    }
}
