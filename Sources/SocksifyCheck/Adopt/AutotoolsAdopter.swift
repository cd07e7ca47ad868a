import Foundation

/// Autotools trees: the Makefiles are generated (automake → Makefile.in, configure → Makefile), so
/// adopt never edits them. It prints the configure line for a one-off SOCKSified build and, as the
/// edit, adds an `--with-socks` option to configure.ac that survives `autoreconf`: it appends the
/// renames to CPPFLAGS and the library (checked with AC_CHECK_LIB) to LIBS, which every
/// automake compile and link expands (LIBS after the objects).
struct AutotoolsAdopter {
    let root: String
    let profile: AdoptProfile
    let renameWithMacros: Bool

    func plan() throws -> BuildFileAdoption {
        let cppflags = renameWithMacros ? profile.defines : ""
        let edit = try Self.withSocksOption(root: root, profile: profile, sourceMode: !renameWithMacros, inside: [
            "  AC_CHECK_LIB([\(profile.library)], [Rconnect], [LIBS=\"-l\(profile.library) $LIBS\"],",
            Self.libraryMissing(profile),
        ] + (cppflags.isEmpty ? [] : ["  CPPFLAGS=\"$CPPFLAGS \(cppflags)\""]))
        let oneOff = "./configure CPPFLAGS=\"\(cppflags)\" LIBS=\"\(profile.linkFlag)\""
        let configured = FileManager.default.fileExists(atPath: root + "/config.status")
        return BuildFileAdoption(edits: [edit], instructions: [
            "with the configure.ac change: autoreconf -fi && ./configure --with-socks && make",
            "or, for a one-off build without it: \(oneOff) && make",
        ], notes: [
            "autotools tree: the generated Makefiles are left alone (config.status would overwrite them)\(configured ? "; this tree is configured: configure it again with --with-socks" : "")",
            "--with-socks SOCKSifies every program configure builds; adopt tells clients from servers per program in plain make trees and, configured, in automake trees",
            "not verified: adopt runs neither autoreconf nor configure (they run the project's own scripts)",
        ])
    }

    /// configure.ac's `--with-socks` option as a marked block: `before` runs always, `inside` only
    /// with the option, `after` always. Before AC_OUTPUT (or AC_CONFIG_FILES when it comes first):
    /// every check has run by then, so the renames do not change what configure finds.
    static func withSocksOption(root: String, profile: AdoptProfile, sourceMode: Bool, before: [String] = [],
                                inside: [String], after: [String] = []) throws -> FileEdit {
        let name = ["configure.ac", "configure.in"].first { FileManager.default.fileExists(atPath: root + "/" + $0) } ?? "configure.ac"
        let lines = [
            MarkedBlock.header(profile, sourceMode: sourceMode),
            "AC_ARG_WITH([socks],",
            "  [AS_HELP_STRING([--with-socks], [SOCKSify the network clients: link lib\(profile.library) and rename their socket calls to it])],",
            "  [], [with_socks=no])",
        ] + before + ["AS_IF([test \"x$with_socks\" != xno], ["] + inside + ["])"] + after + [MarkedBlock.end]
        return try MarkedBlock.edit(path: root + "/" + name, lines: lines) { bytes in
            MarkedBlock.lineStart(ofCommand: ["AC_CONFIG_FILES", "AC_OUTPUT"], in: bytes) ?? bytes.count
        }
    }

    /// AC_CHECK_LIB's action when the library is not there.
    static func libraryMissing(_ profile: AdoptProfile) -> String {
        "    [AC_MSG_ERROR([--with-socks: lib\(profile.library) with Rconnect was not found (Debian: libsocksd0-dev)])])"
    }
}
