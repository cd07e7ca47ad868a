import ClangSupport
import Foundation
import SocksifyAnalysis

/// Per-unit results kept between runs: keyed on the unit's content, the contents of the project
/// headers it included, the size and modification time of the system headers it included, its
/// flags and the tool's version. A unit that missed a header is not kept: installing the header
/// (a -dev package) must change its result. Only the per-unit facts are cached; the
/// cross-unit resolution is always recomputed from them, so a change in one helper's file moves
/// findings in other files as it should. An entry that does not decode, or whose keys do not match
/// (a corrupt file, another tool's file, another version), is a miss and is overwritten.
struct UnitCache {
    static let formatVersion = 6
    static let defaultDirectoryName = ".socksify-check-cache"

    struct Entry: Codable {
        var format: Int
        var tool: String
        var file: String
        var arguments: [String]
        var workingDirectory: String?
        var contentHash: String
        /// Project headers the unit read, with their content hashes.
        var headers: [String: String]
        /// Headers outside the tree the unit read, with their size and modification time.
        var systemHeaders: [String: String]
        var facts: UnitFacts
    }

    let directory: String
    let root: String
    /// Each file hashed once per run: every unit of a tree includes mostly the same headers.
    private let digests = FileDigests()

    /// nil when the directory cannot be made: the scan then simply runs without a cache.
    init?(directory: String, root: String) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return nil
        }
        self.directory = directory
        self.root = root
        // Inside the scanned tree the cache ignores itself, so it never shows up in `git status`.
        let ignore = directory + "/.gitignore"
        if FilePaths.isInside(FilePaths.normalize(directory), directory: root), !FileManager.default.fileExists(atPath: ignore) {
            _ = FileManager.default.createFile(atPath: ignore, contents: Data("# socksify-check's result cache\n*\n".utf8))
        }
    }

    /// Size and modification time: enough to notice a system header that a package upgrade replaced.
    static func stamp(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    private func entryPath(_ request: ParseRequest) -> String {
        let key = ([request.file, request.workingDirectory ?? "", SocksifyCheckInfo.version] + request.arguments).joined(separator: "\u{0}")
        return directory + "/" + StableHash.hex(key) + ".json"
    }

    static func hash(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        // Two different 64-bit hashes and the length: an accidental match is not a practical concern.
        let a = StableHash.fnv1a(data)
        var b: UInt64 = 0x84222325cbf29ce4
        for byte in data {
            b = (b &+ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
            b ^= b >> 29
        }
        return "\(String(a, radix: 16))-\(String(b, radix: 16))-\(data.count)"
    }

    func lookup(_ request: ParseRequest) -> UnitFacts? {
        guard let data = FileManager.default.contents(atPath: entryPath(request)),
              let entry = try? JSONDecoder().decode(Entry.self, from: data),
              entry.format == Self.formatVersion, entry.tool == SocksifyCheckInfo.version,
              entry.file == request.file, entry.arguments == request.arguments,
              entry.workingDirectory == request.workingDirectory,
              entry.contentHash == digests.hash(request.file),
              entry.headers.allSatisfy({ digests.hash($0.key) == $0.value }),
              entry.systemHeaders.allSatisfy({ Self.stamp($0.key) == $0.value }) else { return nil }
        return entry.facts
    }

    func store(_ request: ParseRequest, facts: UnitFacts, includedFiles: [String]) {
        guard let contentHash = digests.hash(request.file),
              !facts.parseErrors.contains(where: { MissingHeaderHint.header(inMessage: $0.message) != nil }) else { return }
        var headers: [String: String] = [:]
        var systemHeaders: [String: String] = [:]
        for file in includedFiles where file != request.file {
            let path = FilePaths.normalize(file)
            if FilePaths.isInside(path, directory: root) {
                if let hash = digests.hash(path) { headers[path] = hash }
            } else if let stamp = Self.stamp(path) {
                systemHeaders[path] = stamp
            }
        }
        let entry = Entry(format: Self.formatVersion, tool: SocksifyCheckInfo.version, file: request.file,
                          arguments: request.arguments, workingDirectory: request.workingDirectory,
                          contentHash: contentHash, headers: headers, systemHeaders: systemHeaders, facts: facts)
        guard let data = try? JSONEncoder().encode(entry) else { return }
        // Written beside and renamed, so a reader never sees half an entry.
        let path = entryPath(request)
        let temporary = path + ".\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        if FileManager.default.createFile(atPath: temporary, contents: data) {
            if rename(temporary, path) != 0 { unlink(temporary) }
        }
    }
}

/// Content hashes of files, computed once per run and shared by the worker threads.
final class FileDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: String?] = [:]

    func hash(_ path: String) -> String? {
        if let cached = lock.withLock({ known[path] }) { return cached }
        let digest = UnitCache.hash(path)
        lock.withLock { known[path] = digest }
        return digest
    }
}
