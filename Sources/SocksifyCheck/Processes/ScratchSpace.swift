import Foundation

/// Where adopt mirrors a tree for make's dry runs and the build model copies it to configure: outside the tree, so a
/// read-only checkout still gets its patch and nothing lands in the user's files. The base is
/// `$XDG_CACHE_HOME/socksify-check/scratch` when XDG_CACHE_HOME is set, else
/// `${TMPDIR:-/tmp}/socksify-check-UID/scratch`; it is the user's alone (mode 0700). Each run makes
/// `KIND-PID-RANDOM` in it and removes it when done or interrupted; a directory whose process is
/// gone (killed with SIGKILL, a crash) is removed by the next run.
enum ScratchSpace {
    static func base(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return cache + "/socksify-check/scratch"
        }
        var temporary = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        while temporary.count > 1, temporary.hasSuffix("/") { temporary.removeLast() }
        return temporary + "/socksify-check-\(getuid())/scratch"
    }

    /// A new, empty directory for this run, registered for removal on SIGINT/SIGTERM.
    static func make(kind: String, base: String = base()) throws -> String {
        let manager = FileManager.default
        try manager.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        removeStale(in: base)
        let path = base + "/\(kind)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // Registered first: from the moment it exists, an interrupt removes it.
        Interruption.shared.register(directory: path)
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            Interruption.shared.unregister(directory: path)
            throw error
        }
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
        Interruption.shared.unregister(directory: path)
    }

    /// Removes the directories of runs that are no longer running. A live process's directory is
    /// left alone, also when its pid now belongs to another program: removing one in use would
    /// break a concurrent run, keeping a stale one a little longer costs only space.
    static func removeStale(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names {
            let parts = name.split(separator: "-")
            guard parts.count == 3, let pid = pid_t(parts[1]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: base + "/" + name)
            }
        }
    }
}
