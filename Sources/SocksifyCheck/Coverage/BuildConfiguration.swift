import Foundation

/// Whether a tree's build system has been run, when no compile database says how it builds. An
/// unconfigured autotools tree has no config.h: every `HAVE_*`/`WITH_*` is undefined, and whole
/// features (socat's networking) are invisible to a parse.
enum BuildConfiguration {
    /// A sentence for the user when `root` has a build system but no sign of having been configured.
    static func notConfiguredNote(root: String, usedDatabase: Bool) -> String? {
        guard !usedDatabase else { return nil }
        let manager = FileManager.default
        func exists(_ name: String) -> Bool { manager.fileExists(atPath: root + "/" + name) }
        let advice = "findings under #if HAVE_…/WITH_… that the configured build enables are not seen"
        if exists("configure") || exists("configure.ac") || exists("configure.in") {
            guard !exists("config.status") else { return nil }
            let step = exists("configure") ? "run ./configure" : "run autoreconf -i && ./configure"
            return "not configured: give --configure (configures a scratch copy), \(step), or give -p with a compile database; \(advice)"
        }
        if exists("CMakeLists.txt") {
            return "not configured: give --configure (configures a scratch copy), or run cmake -B build -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, then -p build; \(advice)"
        }
        if exists("meson.build") {
            return "not configured: run meson setup build (it writes build/compile_commands.json), then -p build; \(advice)"
        }
        return nil
    }
}
