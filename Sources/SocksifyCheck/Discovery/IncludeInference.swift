import Foundation

/// Compiler flags for a tree that comes without a compile database, inferred from what its files
/// include, so that units parse as their build would parse them without shadowing anything:
///
/// - every project directory that holds headers is searched for `#include "..."` only (`-iquote`),
///   so a project's `adapters/poll.h` never replaces `<poll.h>`;
/// - an include with a path that only a prefix directory resolves (`"event2/util.h"`, `<curl/curl.h>`
///   when curl/curl.h is in `include/`) adds that prefix: `-iquote` for a quoted one, `-I` for an
///   angle one that no system directory has;
/// - directories of other platforms' ports (msdos, win32, vms, amiga, os2, …) are never searched;
/// - a directory with a generated `config.h` (one next to its `config.h.in` template, or beside
///   `config.status`) is searched first, so the configured header wins over a stray one;
/// - `-DHAVE_CONFIG_H` for every unit, as autoconf's DEFS gives it, when some file of the tree tests it
///   and the tree has a configured header to include.
struct IncludeInference {
    /// Folder names of ports to other systems; their headers describe another platform.
    static let platformFolders: Set<String> = [
        "msdos", "dos", "djgpp", "win32", "win64", "windows", "winnt", "nt", "wince", "vms", "openvms", "amiga",
        "amigaos", "os2", "emx", "beos", "haiku", "riscos", "macos9", "macos", "mac", "watcom", "msvc", "vc6",
        "visualc", "vcbuild", "symbian", "netware", "tandem", "qdos",
    ]
    /// Where the compiler finds system headers for an angle include.
    static let systemDirectories = ["/usr/local/include", "/usr/include/x86_64-linux-gnu", "/usr/include/aarch64-linux-gnu", "/usr/include"]

    let root: String
    /// Headers of the tree (absolute), platform folders included: the inference filters them.
    let headers: [String]

    /// The POSIX networking headers a configured build includes through its `HAVE_*_H` tests. When
    /// the tree's generated configuration header is missing, every such test fails and a unit loses
    /// IPPROTO_UDP, struct sockaddr_in6 and the like, so whole functions drop out of the parse;
    /// pre-including them (`-include`) keeps those functions, and the missing header is still
    /// reported.
    static let posixPrelude = ["sys/types.h", "sys/socket.h", "sys/time.h", "netinet/in.h", "arpa/inet.h", "netdb.h",
                               "unistd.h", "fcntl.h", "errno.h"]

    /// What the flags are for one unit, and the directories any unit may search.
    struct Flags: Equatable {
        var quoteDirectories: [String] = []
        var includeDirectories: [String] = []
        var definesConfigHeader = false
        /// The unit reaches an include of a generated configuration header that is missing:
        /// pre-include `posixPrelude`.
        var prelude = false

        /// `-D_GNU_SOURCE`: the build inferred is a Linux/glibc one, and projects that need glibc's
        /// extensions (off64_t, accept4) get the macro from build flags a tree without a database
        /// does not show; declaring more of glibc hides nothing from the analysis.
        var arguments: [String] {
            ["-w", "-D_GNU_SOURCE"] + (definesConfigHeader ? ["-DHAVE_CONFIG_H"] : []) + quoteDirectories.flatMap { ["-iquote", $0] }
                + includeDirectories.map { "-I" + $0 } + (prelude ? IncludeInference.posixPrelude.flatMap { ["-include", $0] } : [])
        }
    }

    /// Tree-wide search directories from the include lines of every file scanned.
    func directories(includes: [(file: String, quoted: [String], angle: [String])]) -> (quote: [String], include: [String]) {
        let usable = headers.filter { !isPlatformSpecific($0) }
        var quote = Set(usable.map(FilePaths.parent(of:)))
        var include: Set<String> = []
        let headerSet = Set(headers)
        for (file, quoted, angle) in includes {
            let directory = FilePaths.parent(of: file)
            for path in quoted where path.contains("/") && !headerSet.contains(FilePaths.normalize(directory + "/" + path)) {
                if let prefix = bestPrefix(for: path, among: usable) { quote.insert(prefix) }
            }
            for path in angle where !Self.isSystemHeader(path) {
                if let prefix = bestPrefix(for: path, among: usable) { include.insert(prefix) }
            }
        }
        return (ranked(quote), ranked(include))
    }

    /// The directory D for which D/path is a header of the tree, the best ranked when several are.
    private func bestPrefix(for path: String, among usable: [String]) -> String? {
        let suffix = "/" + FilePaths.normalize("/" + path).dropFirst()
        let prefixes = usable.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }
        return ranked(Set(prefixes)).first
    }

    /// Some file includes a configuration header (`config.h`, `event2/event-config.h`) that no
    /// folder of the tree has: the build generates it, and it has not run.
    func missesGeneratedConfig(includes: [(file: String, quoted: [String], angle: [String])]) -> Bool {
        !filesMissingGeneratedConfig(includes: includes).isEmpty
    }

    /// The files that include such a missing configuration header themselves.
    func filesMissingGeneratedConfig(includes: [(file: String, quoted: [String], angle: [String])]) -> Set<String> {
        let usable = headers.filter { !isPlatformSpecific($0) }
        return Set(includes.filter { _, quoted, angle in
            (quoted + angle).contains { path in
                let name = (path as NSString).lastPathComponent
                guard name.hasSuffix(".h"), name.contains("config"), !Self.isSystemHeader(path) else { return false }
                let suffix = "/" + path
                return !usable.contains { $0.hasSuffix(suffix) }
            }
        }.map(\.file))
    }

    /// The units that reach a file of `missing` through the project headers they include (by name:
    /// enough to decide a prelude), so a replacement source in `missing/` that includes none keeps
    /// its own declarations (a pre-included <arpa/inet.h> would clash with its inet_ntop).
    func unitsReaching(_ missing: Set<String>, units: [String], includes: [String: (quoted: [String], angle: [String])]) -> Set<String> {
        guard !missing.isEmpty else { return [] }
        var byName: [String: [String]] = [:]
        for header in headers { byName[(header as NSString).lastPathComponent, default: []].append(header) }
        var result: Set<String> = []
        for unit in units {
            var queue = [unit]
            var seen: Set<String> = [unit]
            while let file = queue.popLast() {
                if missing.contains(file) { result.insert(unit); break }
                for path in includes[file]?.quoted ?? [] {
                    for next in byName[(path as NSString).lastPathComponent] ?? [] where seen.insert(next).inserted {
                        queue.append(next)
                    }
                }
            }
        }
        return result
    }

    /// Directories with a generated config.h first, then the shallower, then by name.
    func ranked(_ directories: Set<String>) -> [String] {
        directories.sorted { a, b in
            let ga = hasGeneratedConfig(a), gb = hasGeneratedConfig(b)
            if ga != gb { return ga }
            let da = a.split(separator: "/").count, db = b.split(separator: "/").count
            return da != db ? da < db : a < b
        }
    }

    func hasGeneratedConfig(_ directory: String) -> Bool {
        let manager = FileManager.default
        guard manager.fileExists(atPath: directory + "/config.h") else { return false }
        return manager.fileExists(atPath: directory + "/config.h.in") || manager.fileExists(atPath: directory + "/config.status")
    }

    /// Names distinctive enough to mark a port inside a longer folder name (`WIN32-Code`, `vms_port`).
    static let platformWords: Set<String> = ["msdos", "djgpp", "win32", "win64", "windows", "wince", "vms", "openvms",
                                             "amiga", "amigaos", "os2", "riscos", "beos", "netware", "symbian"]

    /// True when a folder between the root and the file names another platform's port.
    func isPlatformSpecific(_ path: String) -> Bool {
        guard path.hasPrefix(root) else { return false }
        let components = path.dropFirst(root.count).split(separator: "/").dropLast()
        return components.contains { component in
            let name = component.lowercased()
            if Self.platformFolders.contains(name) { return true }
            return name.split { !$0.isLetter && !$0.isNumber }.contains { Self.platformWords.contains(String($0)) }
        }
    }

    static func isSystemHeader(_ path: String) -> Bool {
        systemDirectories.contains { FileManager.default.fileExists(atPath: $0 + "/" + path) }
    }

    /// The tree has a configured header (`config.h`, or any `*config.h` generated beside its `.in`
    /// template, as AC_CONFIG_HEADERS writes `ares_config.h`) for `#ifdef HAVE_CONFIG_H` to include.
    var hasConfigHeader: Bool {
        let manager = FileManager.default
        return headers.contains { header in
            guard !isPlatformSpecific(header), header.hasSuffix("config.h") else { return false }
            return header.hasSuffix("/config.h") || manager.fileExists(atPath: header + ".in")
        }
    }
}
