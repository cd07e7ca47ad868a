import Foundation

/// Wall time, CPU time (user + system, children included) and peak resident memory of one command.
struct Measurement {
    var wall: Double
    var cpu: Double
    var peakMemoryMB: Double
    var status: Int32
}

enum Measure {
    /// Runs commands `parallel` at a time (like make -j) and measures the whole batch; each starts in
    /// `directory` when one is given (else where the bench runs).
    static func batch(_ commands: [[String]], parallel: Int, directory: String? = nil) -> Measurement {
        let start = Date()
        var running: [pid_t] = []
        var pending = commands[...]
        var cpu = 0.0, peak = 0.0
        var worst: Int32 = 0
        func reap() {
            var status: Int32 = 0
            var usage = rusage()
            let pid = wait4(-1, &status, 0, &usage)
            guard pid > 0 else { return }
            running.removeAll { $0 == pid }
            cpu += seconds(usage.ru_utime) + seconds(usage.ru_stime)
            peak = max(peak, Double(usage.ru_maxrss) / 1024)
            worst = max(worst, (status >> 8) & 0xff)
        }
        while !pending.isEmpty || !running.isEmpty {
            while running.count < parallel, let command = pending.popFirst() {
                // env -C changes folder and becomes the command (same process, same usage figures).
                if let pid = spawn(directory.map { ["env", "-C", $0] + command } ?? command) { running.append(pid) }
            }
            reap()
        }
        return Measurement(wall: Date().timeIntervalSince(start), cpu: cpu, peakMemoryMB: peak, status: worst)
    }

    /// A command's standard error (or, with `standardOutput`, its standard output), for reading what
    /// it reports about itself.
    static func output(_ command: [String], standardOutput: Bool = false) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let errors = Pipe()
        if standardOutput {
            process.standardOutput = errors
            process.standardError = FileHandle.nullDevice
        } else {
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
        }
        guard (try? process.run()) != nil else { return "" }
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }

    private static func spawn(_ command: [String]) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        return posix_spawnp(&pid, command[0], &actions, nil, argv, environ) == 0 ? pid : nil
    }
}
