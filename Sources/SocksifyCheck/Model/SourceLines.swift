import Foundation

/// Source lines read once per file, for excerpts.
struct SourceLines {
    let rootDirectory: String
    private var cache: [String: [String]] = [:]

    init(rootDirectory: String) {
        self.rootDirectory = rootDirectory
    }

    mutating func line(_ number: Int, of path: String) -> String? {
        if cache[path] == nil {
            let absolute = FilePaths.resolve(path, against: rootDirectory)
            guard let data = FileManager.default.contents(atPath: absolute) else {
                cache[path] = []
                return nil
            }
            // Split on bytes: as Characters, "\r\n" is one grapheme and never equals "\n".
            cache[path] = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
                String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            }
        }
        guard let lines = cache[path], number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}
