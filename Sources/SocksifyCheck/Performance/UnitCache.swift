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
///
/// What a unit's headers contribute (their functions, stores) is kept apart from the unit's own
/// facts, content-addressed under `parts/`: every unit that includes a header refers to one file
/// instead of carrying a copy, and a run decodes each part once. File digests are remembered with
/// the file's size, modification time and inode (`digests.json`), as ninja and ccache do, so a run
/// over unchanged files reads none of them. Beside them, `header-functions/` holds what the parsers
/// shared of the headers' functions, written by the parsers themselves (worker processes).
struct UnitCache {
    static let formatVersion = 17
    static let defaultDirectoryName = ".socksify-check-cache"
    /// The tool's version and the libclang's: another libclang may parse a unit differently.
    static var toolIdentity: String { SocksifyCheckInfo.version + " " + LibClang.inUse.version }

    struct Entry {
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
        /// The facts located in the unit's own file, by content hash (a file under `parts/`).
        var own: String
        /// The parts its headers contribute, by content hash (files under `parts/`).
        var parts: [String]

        /// What identifies the unit's facts: equal lists, equal facts.
        var factsID: [String] { [own] + parts }
    }

    let directory: String
    let root: String
    /// Each file hashed once per run, and not at all when its stat matches the last run's.
    private let digests: FileDigests
    /// Header parts decoded in this run, by hash: shared by every unit that refers to them.
    private let parts = PartMemo()

    /// nil when the directory cannot be made: the scan then simply runs without a cache.
    init?(directory: String, root: String) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return nil
        }
        self.directory = directory
        self.root = root
        digests = FileDigests(store: directory + "/digests.json")
        try? FileManager.default.createDirectory(atPath: directory + "/parts", withIntermediateDirectories: true)
        // Inside the scanned tree the cache ignores itself, so it never shows up in `git status`.
        let ignore = directory + "/.gitignore"
        if FilePaths.isInside(FilePaths.normalize(directory), directory: root), !FileManager.default.fileExists(atPath: ignore) {
            _ = FileManager.default.createFile(atPath: ignore, contents: Data("# socksify-check's result cache\n*\n".utf8))
        }
    }

    /// Why nothing can be written in `directory` (made first, with its parents), in plain words; nil
    /// when a file can be created there. Tried for real: root passes every permission check, but not
    /// a read-only file system or a path through a regular file.
    static func writeProblem(_ directory: String) -> String? {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o755) != 0, errno != EEXIST { return String(cString: strerror(errno)).lowercased() }
        }
        var info = stat()
        guard stat(directory, &info) == 0 else { return String(cString: strerror(errno)).lowercased() }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return "not a directory" }
        let probe = directory + "/.write-test.\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)).lowercased() }
        close(descriptor)
        unlink(probe)
        return nil
    }

    /// Size and modification time: enough to notice a system header that a package upgrade replaced.
    static func stamp(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    private func entryPath(_ request: ParseRequest) -> String {
        let key = ([request.file, request.workingDirectory ?? "", Self.toolIdentity] + request.arguments).joined(separator: "\u{0}")
        return directory + "/" + StableHash.hex(key) + ".sxc"
    }

    static func hash(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return hash(data)
    }

    static func hash(_ data: Data) -> String { StableHash.digest(data) }

    struct Hit {
        var own: UnitFacts
        var headers: [UnitFacts]
        var dependencies: [String]
        var factsID: [String]
    }

    func lookup(_ request: ParseRequest) -> Hit? {
        guard let data = FileManager.default.contents(atPath: entryPath(request)),
              let entry = try? Entry(decoding: data),
              entry.format == Self.formatVersion, entry.tool == Self.toolIdentity,
              entry.file == request.file, entry.arguments == request.arguments,
              entry.workingDirectory == request.workingDirectory,
              entry.contentHash == digests.hash(request.file),
              entry.headers.allSatisfy({ digests.hash($0.key) == $0.value }),
              entry.systemHeaders.allSatisfy({ digests.stamp($0.key) == $0.value }) else { return nil }
        var headers: [UnitFacts] = []
        for hash in entry.parts {
            guard let part = parts.part(hash, loading: { self.loadPart(hash) }) else { return nil }
            headers.append(part)
        }
        guard let own = loadPart(entry.own) else { return nil }
        return Hit(own: own, headers: headers, dependencies: Array(entry.headers.keys) + Array(entry.systemHeaders.keys),
                   factsID: entry.factsID)
    }

    private func partPath(_ hash: String) -> String { directory + "/parts/" + hash + ".sxc" }

    private func loadPart(_ hash: String) -> UnitFacts? {
        guard let data = FileManager.default.contents(atPath: partPath(hash)), Self.hash(data) == hash else { return nil }
        return try? FactsCodec.decode(data)
    }

    /// A file's content digest, by stat when it is unchanged since it was last read.
    func fileDigest(_ path: String) -> String? { digests.hash(path) }

    /// Writes what the run learnt about file digests, for the next run's stat fast path.
    func finish() {
        digests.save()
    }

    /// Keeps the unit's facts; returns what identifies them (nil: not kept, a header was missing).
    @discardableResult
    func store(_ request: ParseRequest, own facts: UnitFacts, headers: [UnitFacts], includedFiles: [String]) -> [String]? {
        guard let contentHash = digests.hash(request.file),
              !facts.parseErrors.contains(where: { MissingHeaderHint.header(inMessage: $0.message) != nil }) else { return nil }
        var headerDigests: [String: String] = [:]
        var systemHeaders: [String: String] = [:]
        for file in includedFiles where file != request.file {
            let path = FilePaths.normalize(file)
            if FilePaths.isInside(path, directory: root) {
                if let hash = digests.hash(path) { headerDigests[path] = hash }
            } else if let stamp = digests.stamp(path) {
                systemHeaders[path] = stamp
            }
        }
        var partHashes: [String] = []
        // The same part encodes to the same bytes in every process (content addressing).
        for part in [facts] + headers {
            let data = FactsCodec.encode(part)
            let hash = Self.hash(data)
            partHashes.append(hash)
            // Content-addressed: a part already there is the same part. Written in place (no temporary
            // and rename): a reader that meets half a part finds its digest wrong and treats it as a miss.
            if !parts.written(hash) { Self.writeOnce(data, to: partPath(hash)) }
        }
        let entry = Entry(format: Self.formatVersion, tool: Self.toolIdentity, file: request.file,
                          arguments: request.arguments, workingDirectory: request.workingDirectory,
                          contentHash: contentHash, headers: headerDigests, systemHeaders: systemHeaders,
                          own: partHashes[0], parts: Array(partHashes.dropFirst()))
        Self.writeAtomically(entry.encoded, to: entryPath(request))
        return entry.factsID
    }

    /// Creates the file unless it exists (O_EXCL), and writes it. False when it was not written.
    @discardableResult
    static func writeOnce(_ data: Data, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let complete = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
        if !complete { unlink(path) }
        return complete
    }

    /// Written beside and renamed, so a reader never sees half a file. (Foundation's createFile
    /// writes atomically itself: a second temporary file and rename per cache entry.)
    static func writeAtomically(_ data: Data, to path: String) {
        let temporary = path + ".\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        if writeOnce(data, to: temporary), rename(temporary, path) != 0 { unlink(temporary) }
    }
}

/// Content hashes of files, computed once per run and shared by the worker threads; a file whose
/// size, modification time and inode match what the last run recorded is not read again.
final class FileDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: String?] = [:]
    /// path → [stat stamp, digest] from the last run, and what this run adds.
    private var stored: [String: [String]] = [:]
    private var changed = false
    private let store: String?

    init(store: String? = nil) {
        self.store = store
        if let store, let data = FileManager.default.contents(atPath: store),
           let decoded = try? JSONDecoder().decode([String: [String]].self, from: data) {
            stored = decoded
        }
    }

    /// Size, modification time (ns) and inode: what ninja and ccache trust to mean "unchanged";
    /// nil for a file modified within the last two seconds, which can change again without a new
    /// mtime (nor when the file cannot be stat'ed).
    static func statStamp(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, Double(info.st_mtim.tv_sec) <= Date().timeIntervalSince1970 - 2 else { return nil }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_ino)"
    }

    private var stamps: [String: String?] = [:]

    /// UnitCache.stamp (size and mtime of a system header), once per file per run.
    func stamp(_ path: String) -> String? {
        if let cached = lock.withLock({ stamps[path] }) { return cached }
        let stamp = UnitCache.stamp(path)
        lock.withLock { stamps[path] = stamp }
        return stamp
    }

    func hash(_ path: String) -> String? {
        if let cached = lock.withLock({ known[path] }) { return cached }
        let stamp = Self.statStamp(path)
        if let stamp, let previous = lock.withLock({ stored[path] }), previous.count == 2, previous[0] == stamp {
            lock.withLock { known[path] = previous[1] }
            return previous[1]
        }
        let digest = UnitCache.hash(path)
        lock.withLock {
            known[path] = digest
            if let stamp, let digest {
                stored[path] = [stamp, digest]
                changed = true
            }
        }
        return digest
    }

    func save() {
        guard let store else { return }
        let data: Data? = lock.withLock {
            guard changed else { return nil }
            changed = false
            return try? JSONEncoder().encode(stored)
        }
        if let data { UnitCache.writeAtomically(data, to: store) }
    }
}

/// Header parts decoded (or written) in this run, by content hash.
final class PartMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var decoded: [String: UnitFacts] = [:]
    private var writtenHashes: Set<String> = []

    func part(_ hash: String, loading: () -> UnitFacts?) -> UnitFacts? {
        if let known = lock.withLock({ decoded[hash] }) { return known }
        guard let part = loading() else { return nil }
        lock.withLock { decoded[hash] = part }
        return part
    }

    /// True when this run already wrote (or saw) the part; records it otherwise.
    func written(_ hash: String) -> Bool {
        lock.withLock { !writtenHashes.insert(hash).inserted }
    }
}

/// In an extension, so that the entry keeps its memberwise initializer.
extension UnitCache.Entry {
    static let magic: [UInt8] = Array("SXE1".utf8)

    /// Written field by field like the facts (`FactsCodec`): every re-run after an edit reads
    /// every entry, and through Codable their header tables were most of that. Tables are
    /// written sorted, so the same entry gives the same bytes.
    var encoded: Data {
        var writer = FactsWriter()
        writer.magic = Self.magic
        writer.uint(format)
        writer.string(tool)
        writer.string(file)
        writer.list(arguments) { $0.string($1) }
        writer.optional(workingDirectory) { $0.string($1) }
        writer.string(contentHash)
        writer.table(headers)
        writer.table(systemHeaders)
        writer.string(own)
        writer.list(parts) { $0.string($1) }
        return writer.data
    }

    init(decoding data: Data) throws {
        let reader = try FactsReader([UInt8](data), magic: Self.magic)
        format = try reader.uint()
        // Another format's fields may not follow: stop before reading them.
        guard format == UnitCache.formatVersion else { throw FactsReader.Corrupt(reason: "another cache format") }
        tool = try reader.string()
        file = try reader.string()
        arguments = try reader.list(reader.string)
        workingDirectory = try reader.optional(reader.string)
        contentHash = try reader.string()
        headers = try reader.table()
        systemHeaders = try reader.table()
        own = try reader.string()
        parts = try reader.list(reader.string)
        guard reader.atEnd else { throw FactsReader.Corrupt(reason: "bytes after the entry") }
    }
}

extension ScanOptions {
    /// Where this run keeps its result cache for a tree rooted at `root` (nil: no cache).
    public func cacheLocation(root: String) -> String? {
        cacheDirectory ?? (cacheUnderRoot ? root + "/" + UnitCache.defaultDirectoryName : nil)
    }

    /// Why the result cache for a tree rooted at `root` cannot be written (nil: it can, or there is
    /// none). A scan without a writable cache still runs, only slower: worth one note, not an error.
    public func cacheWriteProblem(root: String) -> String? {
        guard let directory = cacheLocation(root: root), let problem = UnitCache.writeProblem(directory) else { return nil }
        return "\(directory): \(problem)"
    }
}
