import Foundation

/// Root reads and writes every file, so a test of what an unreadable file, directory or tree does
/// cannot be staged as root, and CI runs as root. Such a test runs the built socksify-check as the
/// unprivileged user `nobody` (65534) through util-linux's setpriv; run as any other user, it runs
/// as that user. The tree must be open to that user (`TemporaryTree.openToEveryone()`).
enum Unprivileged {
    static let uid = 65534

    /// The command line that runs the executable unprivileged, or nil when that cannot be done here
    /// (no setpriv, or nobody cannot execute any copy of the binary): the tests then show as
    /// skipped (`.enabled(if: Unprivileged.available)`), never pass by returning.
    static let prefix: [String]? = {
        guard getuid() == 0 else { return [CommandRunner.executable] }
        let setpriv = ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups"]
        guard FileManager.default.isExecutableFile(atPath: setpriv[0]) else { return nil }
        func works(_ executable: String) -> Bool {
            (try? shell(setpriv + [executable, "--version"], in: "/"))?.status == 0
        }
        if works(CommandRunner.executable) { return setpriv + [CommandRunner.executable] }
        // The build directory may be private (/root/...): a copy in a directory nobody can enter.
        // The runtime libraries are found by absolute RUNPATH, so the copy runs as the original does.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("socksify-check-unprivileged-\(getpid())").path
        let copy = directory + "/socksify-check"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try? FileManager.default.removeItem(atPath: copy)
        guard (try? FileManager.default.copyItem(atPath: CommandRunner.executable, toPath: copy)) != nil,
              chmod(copy, 0o755) == 0, works(copy) else { return nil }
        return setpriv + [copy]
    }()

    static var available: Bool { prefix != nil }

    /// socksify-check with `arguments`, as an unprivileged user, in `directory`.
    static func run(_ arguments: [String], in directory: String = "/") throws -> CommandResult {
        guard let prefix else { throw CocoaError(.featureUnsupported) }
        return try shell(prefix + arguments, in: directory, environment: ["NO_COLOR": ""])
    }
}

extension TemporaryTree {
    /// mkdtemp makes the tree's directory private (0700): open it to the unprivileged user.
    func openToEveryone() {
        chmod(path, 0o755)
    }
}
