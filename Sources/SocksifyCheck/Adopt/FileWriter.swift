import Foundation

/// Where adopt --write puts bytes. The seam lets tests make a write fail halfway.
public protocol AdoptFileSystem {
    /// Writes `bytes` to a new temporary file beside `path` and returns its path.
    func writeTemporary(besides path: String, bytes: [UInt8], mode: mode_t) throws -> String
    /// Renames `from` over `to` in one step.
    func rename(_ from: String, over to: String) throws
    func remove(_ path: String)
}

public struct RealFileSystem: AdoptFileSystem {
    public init() {}

    public func writeTemporary(besides path: String, bytes: [UInt8], mode: mode_t) throws -> String {
        let directory = FilePaths.parent(of: path)
        var template = Array((directory + "/.socksify-check-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw AdoptError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else {
                unlink(temporary)
                throw AdoptError.writeFailed(path: path, reason: String(cString: strerror(errno)))
            }
            written += result
        }
        guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
            unlink(temporary)
            throw AdoptError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        return temporary
    }

    public func rename(_ from: String, over to: String) throws {
        guard Glibc.rename(from, to) == 0 else {
            throw AdoptError.writeFailed(path: to, reason: String(cString: strerror(errno)))
        }
    }

    public func remove(_ path: String) { unlink(path) }
}

/// Replaces several files so that either all change or none does: every new version is written
/// to a temporary file first; only then are they renamed into place, and a failed rename puts back
/// the ones already replaced.
enum AtomicReplacement {
    static func replace(_ changes: [(path: String, old: [UInt8]?, new: [UInt8])], root: String,
                        fileSystem: AdoptFileSystem, force: Bool = false) throws {
        for change in changes {
            let parent = FilePaths.real(FilePaths.parent(of: change.path))
            guard FilePaths.isInside(parent, directory: root), !isSymlink(change.path) else {
                throw AdoptError.outsideTree(path: change.path)
            }
            // A file without any write bit was made read-only on purpose (root could write it
            // anyway): refused before anything changes, unless asked.
            if !force, let mode = currentMode(change.path), mode & 0o222 == 0 {
                throw AdoptError.readOnly(path: change.path)
            }
        }
        var temporaries: [(temporary: String, path: String)] = []
        do {
            for change in changes {
                let mode = currentMode(change.path) ?? 0o644
                temporaries.append((try fileSystem.writeTemporary(besides: change.path, bytes: change.new, mode: mode), change.path))
            }
        } catch {
            temporaries.forEach { fileSystem.remove($0.temporary) }
            throw error
        }
        var done: [(path: String, old: [UInt8]?)] = []
        for (index, entry) in temporaries.enumerated() {
            do {
                try fileSystem.rename(entry.temporary, over: entry.path)
                done.append((entry.path, changes[index].old))
            } catch {
                temporaries[index...].forEach { fileSystem.remove($0.temporary) }
                for restored in done.reversed() {
                    if let old = restored.old {
                        if let back = try? fileSystem.writeTemporary(besides: restored.path, bytes: old, mode: currentMode(restored.path) ?? 0o644) {
                            try? fileSystem.rename(back, over: restored.path)
                        }
                    } else {
                        fileSystem.remove(restored.path)
                    }
                }
                throw error
            }
        }
    }

    private static func currentMode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    private static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
}
