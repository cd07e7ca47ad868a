import CClang
import Foundation

/// The libclang this process uses, loaded at run time (CClang's loader.c): `--libclang PATH`, else
/// `SOCKSIFY_LIBCLANG`, else the newest `libclang-N.so.1` the dynamic linker finds (N from 20 down
/// to 14, also under /usr/lib/llvm-N/lib) whose builtin headers are installed too. The package
/// links none, so it builds on a machine without libclang; one missing when a run needs it is one
/// message naming what to install.
public enum LibClang {
    public static let environmentVariable = "SOCKSIFY_LIBCLANG"
    public static let versions = Array((14...20).reversed())

    public struct Loaded: Equatable, Sendable {
        /// The file it was read from.
        public var path: String
        /// As the library says it: "Debian clang version 14.0.6".
        public var version: String
    }

    public enum LoadError: Error, Equatable, CustomStringConvertible {
        /// Nothing in the default search could be loaded; `withoutHeaders`: versions whose library is
        /// installed but whose builtin headers are not.
        case notFound(tried: [String], withoutHeaders: [Int])
        /// The library named (--libclang, SOCKSIFY_LIBCLANG) could not be loaded or used.
        case unusable(path: String, origin: String, reason: String)

        public var description: String {
            switch self {
            case let .notFound(tried, withoutHeaders):
                "no libclang found (looked for \(tried.first ?? "") down to \(tried.last ?? "")"
                    + withoutHeaders.map { "; libclang-\($0).so.1 is installed without clang's own headers (stddef.h): apt-get install libclang-common-\($0)-dev" }.joined()
                    + "): install one, e.g. apt-get install libclang-dev (Debian 12: LLVM 14; Ubuntu 24.04: LLVM 18), "
                    + "or give its path with --libclang PATH or \(LibClang.environmentVariable)"
            case let .unusable(path, origin, reason):
                "\(path) (\(origin)): cannot be used as libclang: \(reason); install one (e.g. apt-get install "
                    + "libclang1-14), or name another"
            }
        }
    }

    /// Where the default search looks, in order: the dynamic linker's name for each version, then
    /// the LLVM packages' own folder (llvm.org's packages install only there).
    public static var candidates: [(version: Int, path: String)] {
        versions.flatMap { [($0, "libclang-\($0).so.1"), ($0, "/usr/lib/llvm-\($0)/lib/libclang.so.1")] }
    }

    /// False when version N's folder is there (/usr/lib/llvm-N/lib) without clang's own headers
    /// (stddef.h, stdarg.h under lib/clang/VERSION/include): Debian ships them apart from the library
    /// (libclang-common-N-dev), and without them every unit fails to parse. A layout of another kind
    /// cannot be judged and passes.
    static func hasBuiltinHeaders(version: Int) -> Bool {
        let library = "/usr/lib/llvm-\(version)/lib"
        guard FileManager.default.fileExists(atPath: library) else { return true }
        let resources = library + "/clang"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: resources)) ?? []
        return versions.contains { FileManager.default.fileExists(atPath: "\(resources)/\($0)/include/stddef.h") }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: Loaded?

    /// The library in use, nil before one is loaded.
    public static var loaded: Loaded? { lock.withLock { current } }

    /// Loads `path` (from --libclang), else `SOCKSIFY_LIBCLANG`'s, else the newest found. The first
    /// library loaded stays for the life of the process; later calls return it.
    @discardableResult
    public static func load(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws(LoadError) -> Loaded {
        if let loaded { return loaded }
        if let path, !path.isEmpty { return try open(path, origin: "--libclang") }
        if let path = environment[environmentVariable], !path.isEmpty { return try open(path, origin: environmentVariable) }
        return try load(candidates: candidates)
    }

    /// The first of `candidates` that loads and has its builtin headers.
    static func load(candidates: [(version: Int, path: String)],
                     hasHeaders: (Int) -> Bool = hasBuiltinHeaders(version:)) throws(LoadError) -> Loaded {
        var withoutHeaders: [Int] = []
        for candidate in candidates where !withoutHeaders.contains(candidate.version) {
            guard socksify_libclang_available(candidate.path) == 1 else { continue }
            guard hasHeaders(candidate.version) else {
                withoutHeaders.append(candidate.version)
                continue
            }
            if let loaded = try? open(candidate.path, origin: "search") { return loaded }
        }
        throw .notFound(tried: candidates.map(\.path).filter { !$0.hasPrefix("/") }, withoutHeaders: withoutHeaders)
    }

    private static func open(_ path: String, origin: String) throws(LoadError) -> Loaded {
        var error = [CChar](repeating: 0, count: 1024)
        guard socksify_libclang_open(path, &error, UInt(error.count)) == 1 else {
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .unusable(path: path, origin: origin, reason: reason)
        }
        return lock.withLock {
            if let current { return current }
            let version = clang_getClangVersion()
            defer { clang_disposeString(version) }
            let loaded = Loaded(path: socksify_libclang_path().map { String(cString: $0) } ?? path,
                                version: clang_getCString(version).map { String(cString: $0) } ?? "unknown version")
            current = loaded
            return loaded
        }
    }

    /// The library in use, loaded by the default search if none is yet (see `ensureLoaded`).
    public static var inUse: Loaded {
        ensureLoaded()
        return loaded!
    }

    /// For code that parses without the command line's choice (tests, the bench): the default
    /// search, and a stop with the message when nothing loads.
    static func ensureLoaded() {
        guard loaded == nil else { return }
        do {
            try load()
        } catch {
            fatalError("socksify-check: \(error)")
        }
    }
}
