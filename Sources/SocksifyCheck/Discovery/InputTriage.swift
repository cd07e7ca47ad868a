import Glibc

/// Checks a unit's file before libclang sees it, so one odd file gets one clear word and the scan
/// goes on: unreadable, too large, or binary (NUL bytes) files are reported, not parsed.
enum InputTriage {
    /// Larger files are generated data, not code worth the parse time and memory.
    static let sizeLimit = 32 << 20

    /// nil when the file looks like C source; otherwise why it is not analysed.
    static func problem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot be read: \(String(cString: strerror(errno)))" }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return "is not a regular file" }
        if Int(info.st_size) > sizeLimit {
            let size = Double(info.st_size) / Double(1 << 20)
            return "is \((size * 10).rounded() / 10) MiB, over the \(sizeLimit >> 20) MiB limit for a C source: not analysed"
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return "cannot be read: \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 { return "cannot be read: \(String(cString: strerror(errno)))" }
            if count == 0 { return nil }
            if buffer[..<count].contains(0) { return "holds NUL bytes: binary data, not C source: not analysed" }
        }
    }
}
