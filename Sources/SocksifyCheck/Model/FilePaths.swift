import ClangSupport
import Foundation

enum FilePaths {
    /// The canonical absolute path (symlinks resolved); the lexical absolute path if that fails.
    static func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return normalize(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Absolute, with `.` and `..` folded, without touching the file system.
    static func normalize(_ path: String) -> String { PathSyntax.normalize(path) }

    /// The directory part of a path, as written ("" for a bare file name).
    static func parent(of path: String) -> String {
        (path as NSString).deletingLastPathComponent
    }

    /// "src" → "src/", "." and "" → "", so that text output shows `src/a.c`, never `./a.c`.
    static func displayPrefix(_ directory: String) -> String {
        if directory.isEmpty || directory == "." || directory == "./" { return "" }
        return directory.hasSuffix("/") ? directory : directory + "/"
    }

    /// A path as written in a report or a file, made absolute against `base` (a root, a directory).
    static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") ? path : base + "/" + path
    }

    /// A root-relative path as the user reads it: after the prefix that leads from their directory
    /// to the root (`Fixtures/x/`), or absolute when it lies outside the root.
    static func display(_ path: String, prefix: String) -> String {
        path.hasPrefix("/") ? path : prefix + path
    }

    static func isInside(_ path: String, directory: String) -> Bool {
        path == directory || path.hasPrefix(directory == "/" ? "/" : directory + "/")
    }
}
