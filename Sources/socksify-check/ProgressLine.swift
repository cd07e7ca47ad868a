import Foundation

/// "units done / total, current file" on stderr, redrawn in place, for scans longer than a second on
/// a terminal; erased before any other output.
final class ProgressLine: @unchecked Sendable {
    static let shared = ProgressLine()

    private let lock = NSLock()
    private let start = Date()
    private var shown = false

    func update(_ done: Int, _ total: Int, _ file: String) {
        lock.withLock {
            guard Date().timeIntervalSince(start) > 1 else { return }
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
