import Foundation
import Testing
@testable import ClangSupport
@testable import SocksifyAnalysis

/// libclang is loaded at run time (CClang's loader.c): the binary links none, any libclang from 14
/// to 20 gives the same findings, and a missing or unusable one is one message saying what to
/// install.
@Suite struct LibClangTests {
    /// The versions installed here with their builtin headers (Debian: libclang1-N and
    /// libclang-common-N-dev; .ci/install-deps installs 14 and 16).
    static let installed: [Int] = LibClang.versions.reversed().filter { version in
        LibClang.hasBuiltinHeaders(version: version)
            && FileManager.default.fileExists(atPath: "/usr/lib/llvm-\(version)/lib/libclang.so.1")
    }

    @Test func theExecutableLinksNoLibclang() throws {
        let dynamic = try shell(["readelf", "--dynamic", CommandRunner.executable], in: Package.root)
        try #require(dynamic.status == 0, "\(dynamic.stderr)")
        #expect(dynamic.stdout.contains("(NEEDED)"), "readelf listed the libraries")
        #expect(!dynamic.stdout.lowercased().contains("libclang"), "\(dynamic.stdout)")
    }

    @Test func versionNamesTheLibclangInUse() throws {
        let result = try CommandRunner.run(["--version"])
        let lines = result.stdout.split(separator: "\n")
        #expect(result.status == 0 && lines.first == "0.1.0")
        let line = try #require(lines.dropFirst().first.map(String.init))
        #expect(line.hasPrefix("libclang: ") && line.contains("clang version"), "\(line)")
        let path = try #require(line.split(separator: "(").last.map { String($0.dropLast()) })
        #expect(FileManager.default.fileExists(atPath: path), "the library's file: \(line)")
        if let version = Self.installed.first {
            let chosen = try CommandRunner.run(["--version"], environment: ["SOCKSIFY_LIBCLANG": "libclang-\(version).so.1"])
            #expect(chosen.stdout.contains("clang version \(version)."), "\(chosen.stdout)")
        }
    }

    @Test func anUnusableLibclangIsExitThreeNamingItAndWhatToInstall() throws {
        let missing = try CommandRunner.run(["--libclang", "/nonexistent/libclang.so.1", "Fixtures/raw-ping"])
        #expect(missing.status == 3)
        #expect(missing.stderr.hasPrefix("socksify-check: error: /nonexistent/libclang.so.1 (--libclang): cannot be used as libclang: "), "\(missing.stderr)")
        #expect(missing.stderr.contains("apt-get install libclang1-14"))
        #expect(missing.stdout.isEmpty)
        let notClang = try CommandRunner.run(["Fixtures/raw-ping"], environment: ["SOCKSIFY_LIBCLANG": "libc.so.6"])
        #expect(notClang.status == 3)
        #expect(notClang.stderr.contains("libc.so.6 (SOCKSIFY_LIBCLANG): cannot be used as libclang: libc.so.6 has no clang_getClangVersion"),
                "\(notClang.stderr)")
        let adopt = try CommandRunner.run(["adopt", "--libclang", "/nonexistent/libclang.so.1", "Fixtures/adopt-builtin"])
        #expect(adopt.status == 3, "\(adopt.stderr)")
    }

    /// What a machine without libclang (or with a library but not clang's own headers) is told.
    @Test func nothingFoundNamesThePackages() throws {
        #expect(throws: LibClang.LoadError.notFound(tried: ["libclang-99.so.1"], withoutHeaders: [])) {
            try LibClang.load(candidates: [(99, "libclang-99.so.1"), (99, "/usr/lib/llvm-99/lib/libclang.so.1")])
        }
        let message = "\(LibClang.LoadError.notFound(tried: ["libclang-20.so.1", "libclang-14.so.1"], withoutHeaders: []))"
        #expect(message.hasPrefix("no libclang found (looked for libclang-20.so.1 down to libclang-14.so.1): install one, e.g. apt-get install libclang-dev"))
        #expect(message.contains("--libclang PATH or SOCKSIFY_LIBCLANG"))
        // A library installed without its headers would fail every unit: skipped, and named.
        let version = try #require(Self.installed.first, "a libclang is installed here")
        #expect(throws: LibClang.LoadError.notFound(tried: ["libclang-\(version).so.1"], withoutHeaders: [version])) {
            try LibClang.load(candidates: [(version, "libclang-\(version).so.1")], hasHeaders: { _ in false })
        }
        #expect("\(LibClang.LoadError.notFound(tried: [], withoutHeaders: [16]))".contains("apt-get install libclang-common-16-dev"))
    }

    /// Every rule example gives the same report with each installed libclang: LLVM 16 renumbered
    /// the translation unit's cursor kind (300 to 350), which made every global look local (a
    /// global set by option parsing elsewhere was not followed).
    @Test(.enabled(if: installed.count >= 2, "needs two libclang versions (.ci/install-deps installs 14 and 16)"),
          arguments: ExampleCase.all)
    func ruleExamplesAreTheSameWithEveryInstalledLibclang(_ example: ExampleCase) throws {
        var files: [String: String] = [:]
        for (path, code) in example.example.otherFiles.merging(["example.c": example.example.code], uniquingKeysWith: { $1 }) {
            files[path] = MarkedExample(code).source
        }
        let tree = try TemporaryTree(files)
        let arguments = ["--format", "json", "--no-cache", "--fail-on", "never", "--profile", example.example.profile.rawValue, tree.path]
        let reports = try Self.installed.map { version in
            try CommandRunner.run(arguments, environment: ["SOCKSIFY_LIBCLANG": "libclang-\(version).so.1"]).stdout
        }
        for (version, report) in zip(Self.installed, reports).dropFirst() {
            #expect(report == reports[0], "libclang \(version) against \(Self.installed[0]):\n\(report)\n\(reports[0])")
        }
    }

    /// Every fixture gives the same report with each installed libclang (14 and 16 in CI: clang 16
    /// made implicit declarations errors, which the parse keeps as warnings).
    @Test(.enabled(if: installed.count >= 2, "needs two libclang versions (.ci/install-deps installs 14 and 16)"))
    func findingsAreTheSameWithEveryInstalledLibclang() throws {
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: Package.root + "/Fixtures").sorted().map { "Fixtures/" + $0 }
        var reports: [Int: CommandResult] = [:]
        for version in Self.installed {
            reports[version] = try CommandRunner.run(["--format", "json", "--no-cache", "--fail-on", "never"] + fixtures,
                                                     environment: ["SOCKSIFY_LIBCLANG": "libclang-\(version).so.1"])
        }
        let first = try #require(reports[Self.installed[0]])
        #expect(first.stdout.contains("\"rule\" : \"udp-socket\""))
        for version in Self.installed.dropFirst() {
            #expect(reports[version]?.stdout == first.stdout, "libclang \(version) against \(Self.installed[0])")
            #expect(reports[version]?.status == first.status)
        }
    }
}
