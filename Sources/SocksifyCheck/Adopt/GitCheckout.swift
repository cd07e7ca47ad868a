import Foundation

/// Where a patch for PATH applies when PATH lies inside a git checkout: `git apply` run inside a
/// subdirectory of a checkout skips the patch's files silently (its paths are taken from the top of
/// the checkout), so adopt says how to apply it there.
public enum GitCheckout {
    /// The checkout's top folder above `root`, found by walking up to a `.git`.
    static func top(above root: String) -> String? {
        var directory = root
        while true {
            if FileManager.default.fileExists(atPath: directory + "/.git") { return directory }
            let parent = FilePaths.parent(of: directory)
            if parent == directory || parent.isEmpty { return nil }
            directory = parent
        }
    }

    public static func applyNote(root: String) -> String? {
        guard let top = top(above: root) else { return nil }
        if top == root { return "apply the patch with `git apply` or `patch -p1` from \(root)" }
        let sub = String(root.dropFirst(top.count + 1))
        return "\(root) is a subdirectory of the git checkout \(top): apply the patch with `patch -p1` from \(root), or `git apply --directory=\(sub)` from \(top) (plain `git apply` inside the subdirectory skips every file without a word)"
    }
}
