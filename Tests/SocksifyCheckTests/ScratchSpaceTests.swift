import Foundation
import Testing
@testable import SocksifyCheck

/// adopt's scratch mirror lives outside the tree: a read-only checkout gets its patch, nothing is
/// left in the tree, and mirrors of runs that died are removed by the next run.
@Suite struct ScratchSpaceTests {
    @Test func theBaseIsTheCacheOrTheTemporaryDirectory() {
        #expect(ScratchSpace.base(environment: ["XDG_CACHE_HOME": "/c", "TMPDIR": "/t"]) == "/c/socksify-check/scratch")
        #expect(ScratchSpace.base(environment: ["TMPDIR": "/t/"]) == "/t/socksify-check-\(getuid())/scratch")
        #expect(ScratchSpace.base(environment: ["XDG_CACHE_HOME": "relative"]) == "/tmp/socksify-check-\(getuid())/scratch",
                "a relative XDG_CACHE_HOME is ignored, as the XDG specification says")
    }

    @Test func aDeadRunsDirectoryIsRemovedALiveOnesIsKept() throws {
        let base = try TemporaryTree([:])
        // A pid that is certainly not running: a child that has been waited for.
        let child = try shell(["sh", "-c", "echo $$"], in: "/")
        let dead = try #require(Int32(child.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let manager = FileManager.default
        try manager.createDirectory(atPath: base.path + "/adopt-\(dead)-1/tree", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: base.path + "/adopt-1-2", withIntermediateDirectories: true)
        let mine = try ScratchSpace.make(kind: "adopt", base: base.path)
        defer { ScratchSpace.remove(mine) }
        #expect(!manager.fileExists(atPath: base.path + "/adopt-\(dead)-1"), "the stale mirror of a run that died")
        #expect(manager.fileExists(atPath: base.path + "/adopt-1-2"), "pid 1 is alive: its directory may be in use")
        #expect(manager.fileExists(atPath: mine) && mine.hasPrefix(base.path + "/adopt-\(getpid())-"))
        ScratchSpace.remove(mine)
        #expect(!manager.fileExists(atPath: mine))
    }

    @Test func theMirrorIsMadeOutsideTheTreeAndRemoved() throws {
        let tree = try copyOfFixture("adopt-builtin")
        let scratch = try TemporaryTree([:])
        let mirror = try ScratchMirror(root: tree.path, scratchBase: scratch.path)
        #expect(mirror.path.hasPrefix(scratch.path + "/"))
        #expect(FileManager.default.fileExists(atPath: mirror.path + "/Makefile"))
        mirror.remove()
        #expect((try FileManager.default.contentsOfDirectory(atPath: scratch.path)).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: tree.path + "/" + UnitCache.defaultDirectoryName + "/adopt"))
    }

    /// A checkout the user cannot write (here: root's files, adopted as nobody) still gets its patch.
    @Test(.enabled(if: Unprivileged.available)) func aReadOnlyTreeGetsItsPatch() throws {
        let tree = try copyOfFixture("adopt-builtin")
        tree.openToEveryone()
        _ = try shell(["chmod", "-R", "a+rX,go-w", tree.path], in: "/")
        let result = try Unprivileged.run(["adopt", tree.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("+# socksify-check: begin"), "\(result.stdout)")
        #expect(!result.stderr.contains("scratch"), "\(result.stderr)")
    }
}

@Suite struct MakeArgumentTests {
    /// A GNUmakefile that shadows the Makefile (make reads it first) and builds nothing of its own:
    /// `--make-arg -fMakefile` is make's option, not an unknown one of ours, and the block goes
    /// into the Makefile make was told to read.
    @Test func aNamedMakefileIsReadAndEdited() throws {
        let tree = try copyOfFixture("adopt-builtin")
        try tree.write("GNUmakefile", "all:\n\t@echo run ./conf-cc first\n")
        let shadowed = try CommandRunner.run(["adopt", tree.path])
        #expect(shadowed.status == 3, "make reads the GNUmakefile, which links nothing: \(shadowed.stderr)")
        let named = try CommandRunner.run(["adopt", "--make-arg", "-fMakefile", tree.path])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("+++ b/Makefile") && !named.stdout.contains("b/GNUmakefile"), "\(named.stdout)")
        #expect(named.stderr.contains("verified"), "\(named.stderr)")
    }

    @Test(arguments: [(["-fMakefile"], "Makefile"), (["-f", "a.mk", "all"], "a.mk"), (["--file=b.mk"], "b.mk"),
                      (["--makefile", "c.mk"], "c.mk"), (["all", "CC=gcc"], nil)] as [([String], String?)])
    func theNamedMakefile(_ arguments: [String], _ expected: String?) {
        #expect(MakeAdopter.namedMakefile(arguments) == expected)
    }
}

@Suite struct InterruptionTests {
    /// SIGTERM while make's dry run reads the Makefiles: the mirror is removed and the run dies of
    /// the signal (143 in a shell), not of the dry run that lost its mirror (3).
    @Test func aTerminatedAdoptRemovesItsMirror() throws {
        let tree = try copyOfFixture("adopt-builtin")
        let makefile = try String(contentsOfFile: tree.path + "/Makefile", encoding: .utf8)
        try tree.write("Makefile", makefile + "PAUSE := $(shell sleep 3)\n")
        let cache = try TemporaryTree([:])
        let scratch = cache.path + "/socksify-check/scratch"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = ["adopt", tree.path]
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": cache.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while ((try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []).isEmpty, process.isRunning, Date() < deadline {
            usleep(20_000)
        }
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []).isEmpty, "the mirror was made")
        process.terminate()
        process.waitUntilExit()
        // Killed by the signal, or (when the parent had it blocked) exited with the shell's 128 + 15.
        #expect((process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
                || (process.terminationReason == .exit && process.terminationStatus == 128 + SIGTERM),
                "\(process.terminationReason) \(process.terminationStatus)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []).isEmpty)
    }
}
