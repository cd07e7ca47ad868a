import Glibc
import SocksifyAnalysis

/// Lists a tree's C files without leaving it: symlinks are followed only when they resolve inside the
/// root, each real directory is entered once (a symlink loop ends), and version-control, hidden and
/// build-output directories are skipped. Names are read as bytes: a name that is not UTF-8, a
/// `.c` symlink that leads nowhere, a source or header that is not a regular file (a FIFO would
/// block the read, a device never ends) and a directory or header that cannot be read are
/// reported, not silently dropped.
struct SourceWalker {
    static let skippedDirectories: Set<String> = ["build", "_build", "CMakeFiles", "autom4te.cache", "node_modules"]

    typealias Problem = InputProblem

    /// File types a source or header name can carry but the walk will not read.
    static let specialKinds: [mode_t: String] = [
        S_IFIFO: "a FIFO (named pipe)", S_IFCHR: "a character device", S_IFBLK: "a block device", S_IFSOCK: "a socket",
    ]

    let root: String

    /// Sources of the languages libclang is not asked to analyse here (C++, Objective-C): never
    /// dropped without a word; coverage counts them.
    static let otherLanguageExtensions = [".cpp", ".cc", ".cxx", ".c++", ".C", ".m", ".mm"]

    /// The C files, the headers, the C++ and Objective-C sources, and what could not be read.
    func listing() -> (cFiles: [String], headers: [String], problems: [Problem], otherLanguage: [String]) {
        var found: [String] = []
        var problems: [Problem] = []
        var entered: Set<String> = []
        walk(root, entered: &entered, found: &found, problems: &problems)
        found.sort()
        let other = found.filter { file in Self.otherLanguageExtensions.contains { file.hasSuffix($0) } }
        return (found.filter { $0.hasSuffix(".c") }, found.filter { $0.hasSuffix(".h") }, problems.sorted { $0.path < $1.path }, other)
    }

    private func walk(_ directory: String, entered: inout Set<String>, found: inout [String], problems: inout [Problem]) {
        guard entered.insert(FilePaths.real(directory)).inserted else { return }
        guard let handle = opendir(directory) else {
            problems.append(Problem(path: directory, reason: "(a directory) cannot be read: \(String(cString: strerror(errno))); nothing under it is analysed"))
            return
        }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name != Array(".".utf8) && name != Array("..".utf8) { names.append(name) }
        }
        for raw in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let name = String(validating: raw, as: UTF8.self) else {
                // Its bytes kept (RawFileName), so SARIF can name the file as it is, not with U+FFFD.
                let shown = directory + "/" + RawFileName.string(raw)
                problems.append(Problem(path: shown, reason: "has a name that is not valid UTF-8; rename it to have it analysed"))
                continue
            }
            let path = directory + "/" + name
            let isSource = name.hasSuffix(".c") || name.hasSuffix(".h")
            var info = stat()
            guard lstat(path, &info) == 0 else {
                if isSource { problems.append(Problem(path: path, reason: "cannot be read: \(String(cString: strerror(errno)))")) }
                continue
            }
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
                // An unreadable unit is reported by triage when its turn comes; a header is never a
                // unit, so it is reported here (its includers would only see it missing).
                if name.hasSuffix(".h"), access(target, R_OK) != 0 {
                    problems.append(Problem(path: path, reason: "cannot be read: \(String(cString: strerror(errno)))"))
                }
                found.append(target)
            } else if isSource, let kind = Self.specialKinds[mode] {
                problems.append(Problem(path: path, reason: "is \(kind), not a regular file: not read"))
            }
        }
    }
}
