import Foundation

/// A file the user named for us to write (`--output`, `--write-baseline`, the plugin's stamp):
/// written beside and renamed into place, so it is whole or as it was, and a failure is said in
/// plain words naming what failed (Foundation's atomic write says "NSCocoaErrorDomain error 512"
/// for a directory). A device or FIFO (`--output /dev/stdout`) is written in place: it cannot be
/// replaced, and must not be.
public enum OutputFile {
    public struct WriteError: Error, Equatable, CustomStringConvertible {
        public var path: String
        /// What went wrong, in words: "it is a directory; name a file", "permission denied", ...
        public var reason: String
        public var description: String { "\(path): cannot be written: \(reason)" }
    }

    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(WriteError) {
        let data = Array(bytes)
        func failure(_ reason: String) -> WriteError { WriteError(path: path, reason: reason) }
        guard !path.isEmpty else { throw failure("no file name given") }
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw failure("it is a directory; give the path of a file")
            case S_IFREG: break
            default:
                let descriptor = open(path, O_WRONLY | O_TRUNC)
                guard descriptor >= 0 else { throw failure(errorText(errno)) }
                defer { close(descriptor) }
                if let problem = writeAll(data, to: descriptor) { throw failure(problem) }
                return
            }
        }
        // Through a symlink the file it leads to is replaced, not the link.
        let target = FilePaths.resolvedTarget(path)
        let directory = FilePaths.parent(of: target).isEmpty ? "." : FilePaths.parent(of: target)
        var directoryInfo = stat()
        guard stat(directory, &directoryInfo) == 0 else {
            throw failure(errno == ENOENT ? "no such file or directory (the directory \(directory) does not exist)" : errorText(errno))
        }
        guard (directoryInfo.st_mode & S_IFMT) == S_IFDIR else { throw failure("\(directory) is not a directory") }
        let temporary = directory + "/.\((target as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        // 0666 less the umask, as a new file from the shell gets; an existing file keeps its mode.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o666)
        guard descriptor >= 0 else { throw failure("cannot create a file in \(directory): \(errorText(errno))") }
        var problem = writeAll(data, to: descriptor)
        var existing = stat()
        if problem == nil, stat(target, &existing) == 0, fchmod(descriptor, existing.st_mode & 0o7777) != 0 { problem = errorText(errno) }
        if problem == nil, fsync(descriptor) != 0 { problem = errorText(errno) }
        close(descriptor)
        if problem == nil, rename(temporary, target) != 0 { problem = errorText(errno) }
        if let problem {
            unlink(temporary)
            throw failure(problem)
        }
    }

    private static func writeAll(_ data: [UInt8], to descriptor: Int32) -> String? {
        var offset = 0
        while offset < data.count {
            let written = data[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return errorText(errno) }
            offset += written
        }
        return nil
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
}
