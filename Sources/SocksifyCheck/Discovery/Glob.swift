import Glibc

/// `exclude:` patterns: shell globs on root-relative paths; `*` crosses directories, and a pattern
/// naming a directory (`vendor`, `third_party/`) excludes everything below it.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let trimmed = pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern
        return fnmatch(trimmed, path, 0) == 0 || fnmatch(trimmed + "/*", path, 0) == 0
    }
}
