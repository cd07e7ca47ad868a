import Foundation

/// A mirror of the tree in a scratch directory outside it (ScratchSpace): real directories, every
/// file a symlink to the original. make's dry runs run here, so what `$(shell …)` or a recursive
/// make writes while make reads the Makefiles lands in the mirror, never in the tree (which may be
/// read-only); adopt's planned edits are written over the links to see what make makes of them
/// before the user's files change. Removed when done, and on SIGINT/SIGTERM.
final class ScratchMirror {
    let root: String
    let path: String
    private let scratch: String

    /// Folders never mirrored: version control and our own cache.
    static let skipped: Set<String> = [".git", ".hg", ".svn", UnitCache.defaultDirectoryName, ".build"]

    init(root: String, scratchBase: String = ScratchSpace.base()) throws {
        self.root = root
        do {
            scratch = try ScratchSpace.make(kind: "adopt", base: scratchBase)
        } catch {
            throw AdoptError.unreadable(path: root, reason: "cannot make a scratch directory in \(scratchBase) for make's dry run: \(PlainError.describe(error)) (set TMPDIR or XDG_CACHE_HOME to a writable place)")
        }
        // The mirror keeps the tree's own name: a Makefile that looks at its directory's name sees the same.
        path = scratch + "/" + ((root as NSString).lastPathComponent.isEmpty ? "tree" : (root as NSString).lastPathComponent)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try mirror(directory: root, into: path, depth: 0)
        } catch {
            remove()
            throw AdoptError.unreadable(path: root, reason: "cannot prepare the scratch mirror for make's dry run: \(PlainError.describe(error))")
        }
    }

    private func mirror(directory: String, into target: String, depth: Int) throws {
        guard depth < 64 else { return }
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: directory) where !Self.skipped.contains(name) {
            let source = directory + "/" + name
            let destination = target + "/" + name
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: source, isDirectory: &isDirectory) else { continue }
            let isLink = (try? manager.destinationOfSymbolicLink(atPath: source)) != nil
            if isDirectory.boolValue && !isLink {
                try manager.createDirectory(atPath: destination, withIntermediateDirectories: false)
                try mirror(directory: source, into: destination, depth: depth + 1)
            } else {
                try manager.createSymbolicLink(atPath: destination, withDestinationPath: source)
            }
        }
    }

    /// Puts `bytes` at `relative` in the mirror in place of the link to the original.
    func overlay(_ relative: String, bytes: [UInt8]) throws {
        let file = path + "/" + relative
        try? FileManager.default.removeItem(atPath: file)
        try FileManager.default.createDirectory(atPath: FilePaths.parent(of: file), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
    }

    /// The mirror's path for a path of the tree, and back.
    func inMirror(_ original: String) -> String {
        original == root ? path : (original.hasPrefix(root + "/") ? path + original.dropFirst(root.count) : original)
    }

    func original(_ text: String) -> String { text.replacingOccurrences(of: path, with: root) }

    func remove() {
        ScratchSpace.remove(scratch)
    }

    deinit { remove() }
}
