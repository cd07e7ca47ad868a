import Foundation
import Testing
@testable import SocksifyCheck

/// `check --configure`: the tree's configure step in a scratch copy, the units and flags of the
/// configured build, and the tree left exactly as it was.
@Suite struct ConfigureTests {
    /// A pristine automake tree (no configure script): autoreconf and configure run in the copy,
    /// and make's dry run there gives config.h and the Makefile's own -DTALK_CLIENT. Without
    /// --configure the unit does not even parse.
    @Test func autotoolsTreeIsParsedWithTheConfiguredFlags() throws {
        let tree = Package.fixture("configure-autotools")
        let before = try listing(tree)
        let bare = try CommandRunner.run(["--no-cache", "--format", "json", tree])
        #expect(bare.status == 5, "\(bare.stderr)")
        let result = try CommandRunner.run(["--no-cache", "--format", "json", "--configure", tree])
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = (report?["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? ""):\($0["line"] ?? "")" }
        #expect(findings == ["udp-socket:9", "ipv6-socket:17"])
        let coverage = report?["coverage"] as? [String: Any]
        #expect(coverage?["unitsWithParseErrors"] as? [String] == [])
        #expect(coverage?["notConfigured"] == nil)
        #expect(coverage?["configuredWith"] as? [String] == ["autoreconf -fi", "sh ./configure", "make -n -k -w GNUMAKEFLAGS= ACLOCAL=: AUTOCONF=: AUTOMAKE=: AUTOHEADER=: MAKEINFO=:"])
        #expect(result.stderr.contains("note: configured in a scratch copy of the tree (removed after the parse): autoreconf -fi; sh ./configure;"))
        #expect(try listing(tree) == before, "the tree is never written")
    }

    /// Headers make generates (BUILT_SOURCES, and a rule only a compile needs, as rsync's proto.h)
    /// are made in the scratch copy by naming exactly those targets; the tree is not written.
    @Test func headersMakeGeneratesAreMadeInTheCopy() throws {
        let tree = Package.fixture("configure-generated-headers")
        let before = try listing(tree)
        let result = try CommandRunner.run(["--no-cache", "--format", "json", "--configure", tree])
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = (report?["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? ""):\($0["line"] ?? "")" }
        #expect(findings == ["udp-socket:9"], "CHAT_TYPE comes from chatconf.h, which make writes")
        let coverage = report?["coverage"] as? [String: Any]
        #expect(coverage?["unitsWithParseErrors"] as? [String] == [])
        let made = (coverage?["configuredWith"] as? [String] ?? []).filter { $0.hasPrefix("make -k ") }
        #expect(made == ["make -k ACLOCAL=: AUTOCONF=: AUTOMAKE=: AUTOHEADER=: MAKEINFO=: chatconf.h",
                         "make -k ACLOCAL=: AUTOCONF=: AUTOMAKE=: AUTOHEADER=: MAKEINFO=: proto.h"])
        #expect(try listing(tree) == before, "the tree is never written")
    }

    @Test func cmakeTreeIsParsedWithTheTargetsDefinitions() throws {
        let tree = Package.fixture("configure-cmake")
        let before = try listing(tree)
        let result = try CommandRunner.run(["--no-cache", "--configure", tree])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("beacon.c:7:13: error: 'socket' may create a UDP socket"))
        #expect(result.stderr.contains("-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"))
        #expect(try CommandRunner.run(["--no-cache", tree]).status == 0, "the bare tree does not show the flag")
        #expect(try listing(tree) == before)
    }

    /// A configure that fails is exit 3 with the command and its last words; nothing is left in
    /// the scratch space.
    @Test func aFailingConfigureIsNamed() throws {
        let tree = try TemporaryTree([
            "configure": "#!/bin/sh\necho 'checking for libwidget... no'\necho 'configure: error: libwidget is required' >&2\nexit 1\n",
            "a.c": "int a;\n",
        ])
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("configure-scratch-\(UUID().uuidString)").path
        let result = try CommandRunner.run(["--no-cache", "--configure", tree.path], environment: ["TMPDIR": scratch])
        #expect(result.status == 3)
        #expect(result.stderr.contains("the configure step failed in the scratch copy: `sh ./configure` exited with 1:"), "\(result.stderr)")
        #expect(result.stderr.contains("configure: error: libwidget is required"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: scratch + "/socksify-check-\(getuid())/scratch")) ?? []
        #expect(left.isEmpty, "\(left)")
        try? FileManager.default.removeItem(atPath: scratch)
    }

    @Test func configureNeedsOneTreeAndNoDatabase() throws {
        let result = try CommandRunner.run(["--configure", "-p", "build", "."])
        #expect(result.status == 3)
        #expect(result.stderr.contains("--configure takes one tree and no compile database (-p)"))
        let stray = try CommandRunner.run(["--configure-arg=--without-ssl", "."])
        #expect(stray.status == 2)
        #expect(stray.stderr.contains("--configure-arg is given to the configure step: add --configure"))
    }

    /// Pure: a `-I` of the copy is searched in the tree first; other flags are kept as they are.
    @Test func includeDirectoriesOfTheCopyAreSearchedInTheTreeFirst() async throws {
        let tree = try TemporaryTree(["src/a.c": "int a;\n"])
        let copy = try await ScratchCopy(root: FilePaths.real(tree.path))
        defer { copy.remove() }
        let arguments = ConfiguredUnits.treeFirst(["-DX", "-I.", "-I", "../lib", "-isystem/usr/include/foo", "-include", "config.h"],
                                                   directory: copy.path + "/src", copy: copy)
        let root = FilePaths.real(tree.path)
        #expect(arguments == ["-DX", "-I", root + "/src", "-I", copy.path + "/src", "-I", root + "/lib", "-I", copy.path + "/lib",
                              "-isystem", "/usr/include/foo", "-include", "config.h"])
    }

    @Test func missingPrerequisitesAreResolvedInTheDirectoryMakeWasIn() {
        let output = """
            make[1]: Entering directory '/s/tree/src'
            make[1]: *** No rule to make target '../libicmp/libicmp.a', needed by 'traceroute'.  Stop.
            make[1]: Leaving directory '/s/tree/src'
            make: *** No rule to make target 'gen/x.h', needed by 'all'.
            """
        #expect(ConfiguredUnits.missingPrerequisites(output, top: "/s/tree") == ["/s/tree/libicmp/libicmp.a", "/s/tree/gen/x.h"])
    }

    @Test func automakeSourceTestsAreTheFileItself() {
        #expect(DryRunTranscript.withoutSourceTests("gcc -c -o t-t.o `test -f 't.c' || echo './'`t.c") == "gcc -c -o t-t.o t.c")
        #expect(DryRunTranscript.withoutSourceTests("gcc -c a.c") == "gcc -c a.c")
    }

    private func listing(_ path: String) throws -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
            .filter { !$0.hasPrefix(UnitCache.defaultDirectoryName) }.sorted()
    }
}
