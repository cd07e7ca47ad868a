import Foundation

/// What a run must undo when it is interrupted (SIGINT, SIGTERM): scratch directories it made and
/// process groups it started (a child in a process group of its own, which a terminal's Ctrl-C no
/// longer reaches). After cleaning up, the signal is raised again with its default action, so the exit status says
/// what happened (130 for SIGINT).
final class Interruption: @unchecked Sendable {
    static let shared = Interruption()

    private let lock = NSLock()
    private var directories: Set<String> = []
    private var processGroups: Set<pid_t> = []
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "socksify-check.interruption")

    /// Installs the handlers on first use: only runs that make scratch space or start processes need them.
    private func installIfNeeded() {
        guard sources.isEmpty else { return }
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [unowned self] in self.interrupted(by: signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    func register(directory: String) {
        lock.withLock { installIfNeeded(); _ = directories.insert(directory) }
    }

    func unregister(directory: String) {
        lock.withLock { _ = directories.remove(directory) }
    }

    func register(processGroup: pid_t) {
        lock.withLock { installIfNeeded(); _ = processGroups.insert(processGroup) }
    }

    func unregister(processGroup: pid_t) {
        lock.withLock { _ = processGroups.remove(processGroup) }
    }

    private func interrupted(by signalNumber: Int32) {
        let (groups, paths) = lock.withLock { (processGroups, directories) }
        for group in groups { kill(-group, SIGKILL) }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
        signal(signalNumber, SIG_DFL)
        // To the process, not this thread (raise): dispatch's threads block signals, and a signal
        // pending on one of them is never delivered.
        // A parent may have started us with the signal blocked (dispatch's threads do): unblock it
        // here, and if it still does not end us, exit with the status a shell gives a signal.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signalNumber)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        kill(getpid(), signalNumber)
        _exit(128 + signalNumber)
    }
}
