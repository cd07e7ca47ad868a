import Foundation

/// "units done / total, current file" on stderr, redrawn in place, for scans longer than a second on
/// a terminal; erased before any other output.
final class ProgressLine: @unchecked Sendable {
    static let shared = ProgressLine()

    /// Seconds before the line appears; SOCKSIFY_CHECK_PROGRESS_AFTER lets a test see it on a short scan.
    private let threshold = ProcessInfo.processInfo.environment["SOCKSIFY_CHECK_PROGRESS_AFTER"].flatMap(Double.init) ?? 1

    private let lock = NSLock()
    private var start = Date()
    private var shown = false

    /// The clock starts with the scan, not with the first finished unit.
    func begin() {
        lock.withLock { start = Date() }
    }

    func update(_ done: Int, _ total: Int, _ file: String) {
        lock.withLock {
            guard Date().timeIntervalSince(start) >= threshold else { return }
            let name = file.split(separator: "/").last.map(String.init) ?? file
            let text = "[\(done)/\(total)] \(name)"
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + String(text.prefix(100))).utf8))
            shown = true
        }
    }

    func clear() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }
}
