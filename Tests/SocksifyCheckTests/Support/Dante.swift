import Foundation

/// Dante's danted on 127.0.0.1 with its own configuration: a free high port, relayed connections
/// leaving from 127.0.0.2. Started and stopped by the test; every wait is bounded.
final class DanteServer {
    let port: UInt16
    let directory: String
    /// Started with posix_spawn, not Foundation's Process: danted closes every descriptor it
    /// inherits, which Foundation reads as the child's exit and then blocks its monitor thread in
    /// wait4(), so no other Process in the test would ever be seen to finish.
    private let pid: pid_t
    private var stopped = false

    var log: String { (try? String(contentsOfFile: directory + "/danted.log", encoding: .utf8)) ?? "" }

    init(directory: String) throws {
        self.directory = directory
        port = Loopback.freePort()
        // As root danted's children switch to nobody, who must be able to enter the directory.
        chmod(directory, 0o755)
        let identity = getuid() == 0 ? "user.privileged: root\nuser.unprivileged: nobody\n" : ""
        let configuration = """
            logoutput: \(directory)/danted.log
            internal: 127.0.0.1 port = \(port)
            external: 127.0.0.2
            clientmethod: none
            socksmethod: none
            \(identity)client pass {
                from: 127.0.0.0/8 to: 0.0.0.0/0
            }
            socks pass {
                from: 0.0.0.0/0 to: 0.0.0.0/0
                command: bind connect udpassociate bindreply udpreply
                log: connect disconnect error
            }

            """
        try configuration.write(toFile: directory + "/danted.conf", atomically: true, encoding: .utf8)
        let installed = ["/usr/sbin/danted", "/usr/bin/danted"].first { FileManager.default.isExecutableFile(atPath: $0) }
        pid = try spawn(installed ?? "/usr/sbin/danted", ["-f", directory + "/danted.conf", "-p", directory + "/danted.pid"],
                        stdout: "/dev/null", stderr: "/dev/null", newGroup: true)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !log.contains("running"), isRunning { usleep(20_000) }
        guard log.contains("running") else {
            stop()
            throw DanteError(message: "danted did not start within 5 s:\n\(log)")
        }
    }

    private var exited = false

    /// Reaps the server if it has exited.
    private var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    /// SIGTERM, up to 5 s for the server and every child in its process group to go, then SIGKILL.
    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, isRunning || kill(-pid, 0) == 0 { usleep(20_000) }
        if kill(-pid, 0) == 0 { kill(-pid, SIGKILL) }
        if isRunning {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// A client-library configuration that routes everything through this server.
    func clientConfiguration(protocol proxyProtocol: String, log: String) -> String {
        """
        logoutput: \(log)
        debug: 1
        route {
            from: 0.0.0.0/0 to: 0.0.0.0/0 via: 127.0.0.1 port = \(port)
            proxyprotocol: \(proxyProtocol)
            method: none
        }

        """
    }

    deinit { stop() }
}

struct DanteError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The last lines of a log, for failure messages.
func tail(_ text: String, lines: Int = 15) -> String {
    text.split(separator: "\n").suffix(lines).joined(separator: "\n")
}

/// posix_spawn with stdin on /dev/null and stdout/stderr to the given files (or /dev/null), in its
/// own process group when asked, with a clean signal mask: the spawning thread may block signals
/// (dispatch's workers do), and a child inheriting that mask would never see the SIGTERM that stops it.
func spawn(_ path: String, _ arguments: [String], environment: [String: String] = [:],
           stdout: String = "/dev/null", stderr: String = "/dev/null", newGroup: Bool = false) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE, SIGALRM, SIGIO] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    if newGroup {
        flags |= POSIX_SPAWN_SETPGROUP
        posix_spawnattr_setpgroup(&attributes, 0)
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    guard result == 0 else { throw DanteError(message: "cannot start \(path): \(String(cString: strerror(result)))") }
    return pid
}

/// Runs a program under test in a process group of its own, waits for it (bounded), then kills the
/// whole group: a SOCKS library may fork helpers, and none may outlive the test.
func runGrouped(_ path: String, _ arguments: [String], in directory: String, environment: [String: String],
                timeout: TimeInterval = 15) throws -> CommandResult {
    let out = directory + "/.run.stdout", err = directory + "/.run.stderr"
    let pid = try spawn(path, arguments, environment: environment, stdout: out, stderr: err, newGroup: true)
    var status: Int32 = 0
    var finished = false
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if waitpid(pid, &status, WNOHANG) == pid { finished = true; break }
        usleep(10_000)
    }
    kill(-pid, SIGKILL)
    if !finished { waitpid(pid, &status, 0) }
    let exitStatus: Int32 = !finished ? -1 : (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return CommandResult(status: exitStatus,
                         stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                         stderr: ((try? String(contentsOfFile: err, encoding: .utf8)) ?? "") + (finished ? "" : "\n(killed after \(Int(timeout)) s)"))
}
