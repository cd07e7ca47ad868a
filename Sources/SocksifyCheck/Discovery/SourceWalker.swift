import Glibc
import SocksifyAnalysis

/// Lists a tree's C files without leaving it: symlinks are followed only when they resolve inside the
/// root, each real directory is entered once (a symlink loop ends), and version-control, hidden and
/// build-output directories are skipped. Names are read as bytes: a name that is not UTF-8, or a
/// `.c` symlink that leads nowhere, is reported, not silently dropped.
struct SourceWalker {
    static let skippedDirectories: Set<String> = ["build", "_build", "CMakeFiles", "autom4te.cache", "node_modules"]

    typealias Problem = InputProblem

    let root: String

    /// The C files, the headers, and what could not be read.
    func listing() -> (cFiles: [String], headers: [String], problems: [Problem]) {
        var found: [String] = []
        var problems: [Problem] = []
        var entered: Set<String> = []
        walk(root, entered: &entered, found: &found, problems: &problems)
        found.sort()
        return (found.filter { $0.hasSuffix(".c") }, found.filter { $0.hasSuffix(".h") }, problems.sorted { $0.path < $1.path })
    }

    private func walk(_ directory: String, entered: inout Set<String>, found: inout [String], problems: inout [Problem]) {
        guard entered.insert(FilePaths.real(directory)).inserted, let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name != Array(".".utf8) && name != Array("..".utf8) { names.append(name) }
        }
        for raw in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let name = String(validating: raw, as: UTF8.self) else {
                let shown = directory + "/" + String(decoding: raw, as: UTF8.self)
                problems.append(Problem(path: shown, reason: "has a name that is not valid UTF-8; rename it to have it analysed"))
                continue
            }
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            var mode = info.st_mode & S_IFMT
            var target = path
            if mode == S_IFLNK {
                target = FilePaths.real(path)
                var resolved = stat()
                guard stat(path, &resolved) == 0 else {
                    if name.hasSuffix(".c") { problems.append(Problem(path: path, reason: "is a symlink to nothing (dangling)")) }
                    continue
                }
                guard FilePaths.isInside(target, directory: root) else { continue }
                mode = resolved.st_mode & S_IFMT
            }
            if mode == S_IFDIR {
                if name.hasPrefix(".") || Self.skippedDirectories.contains(name) { continue }
                walk(target, entered: &entered, found: &found, problems: &problems)
            } else if mode == S_IFREG {
                found.append(target)
            }
        }
    }
}
