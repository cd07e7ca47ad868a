import Foundation

/// A copy of the tree in the scratch space (ScratchSpace), for the steps that write: a configure
/// script writes config.h, Makefiles and config.status next to the sources, and a hand-written
/// one may write through whatever is there, so the copy holds real files, never links to the
/// user's (the dry-run mirror of adopt links them: make only reads). Removed when done and
/// on SIGINT/SIGTERM.
final class ScratchCopy: @unchecked Sendable {
    /// The tree copied (real, absolute).
    let root: String
    /// The copy's top directory: it keeps the tree's own name, as configure scripts may look at it.
    let path: String
    private let scratch: String

    /// Folders never copied: version control, the result cache's folder (named here, not taken
    /// from the cache, which sits above the build model), SwiftPM's.
    static let skipped: Set<String> = [".git", ".hg", ".svn", ".socksify-check-cache", ".build"]

    init(root: String, kind: String = "configure", scratchBase: String = ScratchSpace.base()) async throws {
        self.root = root
        do {
            scratch = try ScratchSpace.make(kind: kind, base: scratchBase)
        } catch {
            throw BuildModelError.scratch(root: root, reason: "cannot make a scratch directory in \(scratchBase): \(PlainError.describe(error)) (set TMPDIR or XDG_CACHE_HOME to a writable place)")
        }
        let name = (root as NSString).lastPathComponent
        path = scratch + "/" + (name.isEmpty || name == "/" ? "tree" : name)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let entries = try FileManager.default.contentsOfDirectory(atPath: root).filter { !Self.skipped.contains($0) }.sorted()
            if !entries.isEmpty {
                // cp keeps modes and times (make compares them: a configure older than configure.ac
                // would ask for autoreconf) and shares blocks where the file system can.
                let copy = try await ProcessRunner(timeout: 600).run(["cp", "-a", "--reflink=auto", "--"] + entries.map { root + "/" + $0 } + [path + "/"], in: root)
                guard copy.status == 0 else {
                    throw BuildModelError.scratch(root: root, reason: "cannot copy the tree into \(path): \(copy.output.split(separator: "\n").prefix(3).joined(separator: "; "))")
                }
            }
        } catch let error as BuildModelError {
            remove()
            throw error
        } catch {
            remove()
            throw BuildModelError.scratch(root: root, reason: "cannot copy the tree into the scratch space: \(PlainError.describe(error))")
        }
    }

    /// The copy's path for a path of the tree.
    func inCopy(_ original: String) -> String {
        original == root ? path : (original.hasPrefix(root + "/") ? path + original.dropFirst(root.count) : original)
    }

    /// The tree's path for a path of the copy (unchanged when it is not in the copy).
    func original(_ copied: String) -> String {
        copied == path ? root : (copied.hasPrefix(path + "/") ? root + copied.dropFirst(path.count) : copied)
    }

    /// Puts `bytes` at `relative` in the copy (adopt's planned edits, to configure them).
    func overlay(_ relative: String, bytes: [UInt8]) throws {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(atPath: FilePaths.parent(of: file), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
    }

    func remove() {
        ScratchSpace.remove(scratch)
    }

    deinit { remove() }
}
