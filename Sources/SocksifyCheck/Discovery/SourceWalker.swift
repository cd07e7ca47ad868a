import Foundation

/// Lists a tree's C files without leaving it: symlinks are followed only when they resolve inside the
/// root, each real directory is entered once (a symlink loop ends), and version-control, hidden and
/// build-output directories are skipped.
struct SourceWalker {
    static let skippedDirectories: Set<String> = ["build", "_build", "CMakeFiles", "autom4te.cache", "node_modules"]

    let root: String

    /// The C files, and the directories holding at least one header (for `-I`), in one walk.
    func listing() -> (cFiles: [String], headerDirectories: [String]) {
        let all = files()
        return (all.filter { $0.hasSuffix(".c") }, Array(Set(all.filter { $0.hasSuffix(".h") }.map(FilePaths.parent(of:)))).sorted())
    }

    private func files() -> [String] {
        var found: [String] = []
        var entered: Set<String> = []
        walk(root, entered: &entered, found: &found)
        return found.sorted()
    }

    private func walk(_ directory: String, entered: inout Set<String>, found: inout [String]) {
        guard entered.insert(FilePaths.real(directory)).inserted,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() {
            let path = directory + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  var type = attributes[.type] as? FileAttributeType else { continue }
            var target = path
            if type == .typeSymbolicLink {
                target = FilePaths.real(path)
                guard FilePaths.isInside(target, directory: root),
                      let resolved = try? FileManager.default.attributesOfItem(atPath: target),
                      let resolvedType = resolved[.type] as? FileAttributeType else { continue }
                type = resolvedType
            }
            if type == .typeDirectory {
                if name.hasPrefix(".") || Self.skippedDirectories.contains(name) { continue }
                walk(target, entered: &entered, found: &found)
            } else if type == .typeRegular {
                found.append(target)
            }
        }
    }
}
