import Foundation

/// Paths as text: the compile database's and the scan's, which are nearly always absolute and
/// clean already.
public enum PathSyntax {
    /// Absolute, with `.` and `..` folded, without touching the file system. Foundation's
    /// standardization is costly at a few hundred thousand paths a run, so a clean path is kept.
    public static func normalize(_ path: String) -> String {
        if isClean(path) { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Absolute, no empty, `.` or `..` component, no trailing slash: one pass over the bytes.
    public static func isClean(_ path: String) -> Bool {
        var utf8 = path.utf8.makeIterator()
        guard utf8.next() == UInt8(ascii: "/") else { return false }
        var component = 0      // bytes in the current component
        var dots = 0           // of which dots
        var count = 1
        while let byte = utf8.next() {
            count += 1
            if byte == UInt8(ascii: "/") {
                if component == 0 || (component == dots && dots <= 2) { return false }
                component = 0
                dots = 0
            } else {
                component += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return count == 1 || (component > 0 && !(component == dots && dots <= 2))
    }
}
