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
    /// The real current directory with a trailing `/`: paths under it are shown relative to it.
    private let base: String = {
        let directory = FileManager.default.currentDirectoryPath
        return (URL(fileURLWithPath: directory).resolvingSymlinksInPath().path as NSString).standardizingPath + "/"
    }()

    /// The clock starts with the scan, not with the first finished unit.
    func begin() {
        lock.withLock { start = Date() }
    }

    func update(_ done: Int, _ total: Int, _ file: String) {
        lock.withLock {
            guard Date().timeIntervalSince(start) >= threshold else { return }
            // The path as the user would type it from here (`lib/vtls/openssl.c`), not its last component.
            let name = file.hasPrefix(base) ? String(file.dropFirst(base.count)) : file
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
