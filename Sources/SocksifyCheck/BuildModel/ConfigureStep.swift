import ClangSupport
import Foundation

/// The configure step of an autotools or CMake tree, run in a scratch copy (ScratchCopy) and never
/// in the tree: `autoreconf -fi` when the tree has no configure script, then `./configure`; or
/// `cmake -S COPY -B BUILD -DCMAKE_EXPORT_COMPILE_COMMANDS=ON`. What ran is kept, in order, for the
/// user to read.
struct ConfigureStep: Sendable {
    enum System: String, Sendable {
        case autotools
        case cmake
    }

    /// A configured copy: where its build runs and what was run to get there.
    struct Configured: Sendable {
        var system: System
        var copy: ScratchCopy
        /// Where make runs (the copy itself for autotools, the build folder for CMake).
        var buildDirectory: String
        /// The commands that ran, as a user would type them in the copy.
        var commands: [String]
        /// The make runs that made generated headers in the copy (GeneratedHeaders), after the dry run.
        var generated: [String] = []
    }

    var arguments: [String] = []
    var timeout: TimeInterval = 900

    /// The build system whose configure step the tree has: autotools first (a tree with both
    /// builds releases with configure), then CMake.
    static func system(of root: String) -> System? {
        let has = { (name: String) in FileManager.default.fileExists(atPath: root + "/" + name) }
        if has("configure") || has("configure.ac") || has("configure.in") { return .autotools }
        if has("CMakeLists.txt") { return .cmake }
        return nil
    }

    /// Copies the tree and configures the copy. `overlay` is written over the copy first (adopt's
    /// planned edits, configured to see what they do).
    func run(root: String, overlay: [String: [UInt8]] = [:]) async throws -> Configured {
        guard let system = Self.system(of: root) else {
            let found = ["meson.build", "Makefile", "GNUmakefile", "makefile"].filter { FileManager.default.fileExists(atPath: root + "/" + $0) }
            throw BuildModelError.noConfigureStep(root: root, found: found)
        }
        let copy = try await ScratchCopy(root: root)
        do {
            for (relative, bytes) in overlay.sorted(by: { $0.key < $1.key }) { try copy.overlay(relative, bytes: bytes) }
        } catch {
            throw BuildModelError.scratch(root: root, reason: "cannot write the scratch copy: \(PlainError.describe(error))")
        }
        switch system {
        case .autotools: return try await autotools(copy, regenerate: !overlay.isEmpty)
        case .cmake: return try await cmake(copy)
        }
    }

    private func autotools(_ copy: ScratchCopy, regenerate: Bool) async throws -> Configured {
        var commands: [String] = []
        let configure = copy.path + "/configure"
        let hasScript = FileManager.default.fileExists(atPath: configure)
        // No configure script (a git checkout), or configure.ac / Makefile.am edited by adopt: the
        // copy's scripts are made again from them.
        if !hasScript || regenerate {
            try await step(["autoreconf", "-fi"], in: copy, commands: &commands,
                           missing: ("autoreconf", "autoconf automake libtool"))
        }
        try await step(["sh", "./configure"] + arguments, in: copy, commands: &commands, missing: nil)
        return Configured(system: .autotools, copy: copy, buildDirectory: copy.path, commands: commands)
    }

    private func cmake(_ copy: ScratchCopy) async throws -> Configured {
        var commands: [String] = []
        let build = copy.path + "/.socksify-build"
        // CMake's file API: the targets, their sources, flags and link lines, written at configure time.
        let query = build + "/.cmake/api/v1/query/codemodel-v2"
        do {
            try FileManager.default.createDirectory(atPath: query, withIntermediateDirectories: true)
        } catch {
            throw BuildModelError.scratch(root: copy.root, reason: "cannot write the scratch copy: \(PlainError.describe(error))")
        }
        try await step(["cmake", "-S", copy.path, "-B", build, "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"] + arguments,
                       in: copy, commands: &commands, missing: ("cmake", "cmake"))
        return Configured(system: .cmake, copy: copy, buildDirectory: build, commands: commands)
    }

    /// The lines of a failed step's output worth reading: the first few that report an error
    /// (cmake's `CMake Error at …` and the lines after it, configure's `error:`), which the last
    /// lines often are not (cmake ends with "Configuring incomplete, errors occurred!"), then the last ones.
    static func telling(_ output: String) -> [String] {
        let lines = output.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let tailStart = max(0, lines.count - 6)
        guard let first = lines.firstIndex(where: { $0.contains("CMake Error") || $0.contains("error:") }), first < tailStart else {
            return Array(lines[tailStart...])
        }
        let headEnd = min(first + 6, tailStart)
        return Array(lines[first..<headEnd]) + (headEnd < tailStart ? ["…"] : []) + Array(lines[tailStart...])
    }

    private func step(_ command: [String], in copy: ScratchCopy, commands: inout [String],
                      missing: (tool: String, package: String)?) async throws {
        commands.append(command.map(ShellWords.quote).joined(separator: " ").replacingOccurrences(of: copy.path, with: "."))
        var runner = ProcessRunner(timeout: timeout)
        runner.environment["LC_ALL"] = "C"
        // An outer make's flags must not reach the project's scripts.
        for name in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL"] { runner.environment[name] = .some(nil) }
        let result: ProcessRunner.Result
        do {
            result = try await runner.run(command, in: copy.path)
        } catch ProcessRunner.Failure.cannotStart(let name, _) where missing != nil {
            throw BuildModelError.missingTool(root: copy.root, tool: missing?.tool ?? name, package: missing?.package ?? name)
        }
        let shown = commands.last ?? ""
        if result.timedOut {
            throw BuildModelError.configureFailed(root: copy.root, command: shown, reason: "gave no answer within \(Int(timeout)) s (stopped)")
        }
        guard result.status == 0 else {
            throw BuildModelError.configureFailed(root: copy.root, command: shown,
                                                  reason: "exited with \(result.status):\n    " + Self.telling(result.output).joined(separator: "\n    ").replacingOccurrences(of: copy.path, with: "."))
        }
    }
}
