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

    /// Where a chain of symlinks ends (the path itself when it is not one, or the chain dangles):
    /// the file that a write "to the path" should replace.
    static func resolvedTarget(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
                  let link = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = link.hasPrefix("/") ? link : (parent(of: current).isEmpty ? link : parent(of: current) + "/" + link)
        }
        return current
    }

    static func isInside(_ path: String, directory: String) -> Bool {
        path == directory || path.hasPrefix(directory == "/" ? "/" : directory + "/")
    }
}

/// File names are bytes, reports are text. A name that is not UTF-8 is carried inside a String
/// without loss: each byte that is not part of a valid UTF-8 sequence becomes the private-use
/// scalar U+F0000 + byte (plane 15, which no file name in practice uses), so a reporter that needs
/// the real name (a SARIF URI) gets the bytes back instead of U+FFFD.
enum RawFileName {
    static let base: UInt32 = 0xF0000

    static func string(_ bytes: [UInt8]) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            if length > 0, index + length <= bytes.count,
               let valid = String(validating: bytes[index..<index + length], as: UTF8.self) {
                scalars.append(contentsOf: valid.unicodeScalars)
                index += length
            } else {
                scalars.append(Unicode.Scalar(base + UInt32(lead))!)
                index += 1
            }
        }
        return String(scalars)
    }

    /// The bytes of a name made by `string(_:)` (the UTF-8 of any other string).
    static func bytes(_ name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in name.unicodeScalars {
            if (base + 0x80...base + 0xFF).contains(scalar.value) {
                bytes.append(UInt8(scalar.value - base))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }

    /// The name for a reader: each stray byte as `\xFF`.
    static func escaped(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { (base + 0x80...base + 0xFF).contains($0.value) }) else { return name }
        var result = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if (base + 0x80...base + 0xFF).contains(scalar.value) {
                result.append(contentsOf: "\\x\(String(scalar.value - base, radix: 16, uppercase: true))".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The name as RFC 3986 writes a path: every byte other than an unreserved character
    /// (letters, digits, `-._~`) and `/` percent-encoded: spaces, `%`, `#`, `?`, non-ASCII as the
    /// bytes of its UTF-8, and the raw bytes of a name that is not UTF-8.
    static func percentEncoded(_ name: String) -> String {
        var result = ""
        for byte in bytes(name) {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
