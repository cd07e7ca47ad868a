import Foundation
import SocksifyAnalysis

/// The SOCKS client library that is really installed, and what it exports. Debian ships Dante's
/// `libsocksd` and no classic `libsocks`; Dante has no `Rrcmd`. A rename the library does not export
/// would make every SOCKSified program that uses it fail to link, so adopt asks the library (`nm -D`).
struct SocksLibraryProbe {
    /// Where the linker looks by default on Debian and most other systems, in its order.
    static let defaultSearchPath = ["/usr/local/lib", "/usr/local/lib64", "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
                                    "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib"]

    var searchPath: [String] = {
        let fromEnvironment = (ProcessInfo.processInfo.environment["LIBRARY_PATH"] ?? "").split(separator: ":").map(String.init)
        return fromEnvironment + defaultSearchPath
    }()

    /// `lib<name>.so` (or `.a`) on the search path.
    func path(of name: String) -> String? {
        for directory in searchPath {
            for suffix in [".so", ".a"] where FileManager.default.fileExists(atPath: "\(directory)/lib\(name)\(suffix)") {
                return "\(directory)/lib\(name)\(suffix)"
            }
        }
        return nil
    }

    /// The library to link when `--library` is not given: the profile's own if installed, else
    /// another SOCKS client library that is, else the profile's own (the build may be elsewhere).
    func defaultLibrary(for profile: Profile) -> String {
        let candidates = [profile.defaultLibrary] + Profile.allCases.map(\.defaultLibrary).filter { $0 != profile.defaultLibrary }
        return candidates.first { path(of: $0) != nil } ?? profile.defaultLibrary
    }

    /// The `R…` functions the library defines, or nil when it is not installed or nm cannot read it.
    func exports(of name: String) async -> Set<String>? {
        guard let path = path(of: name) else { return nil }
        guard let result = try? await ProcessRunner(timeout: 30).run(["nm", "--defined-only"] + (path.hasSuffix(".so") ? ["-D"] : []) + [path], in: "/"),
              result.status == 0 else { return nil }
        let symbols = result.output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").last.map(String.init)
        }
        return Set(symbols.filter { $0.hasPrefix("R") })
    }
}
