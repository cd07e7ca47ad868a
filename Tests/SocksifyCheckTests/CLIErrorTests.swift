import Foundation
import Testing

/// Issue 12's bullets: errors in plain words, the documented statuses, settings that reach adopt.
@Suite struct CLIErrorTests {
    static let makefile = "client: client.c\n\t$(CC) $(CFLAGS) -o client client.c\n"
    static let client = "#include <sys/socket.h>\nint dial(int s, const struct sockaddr *a, socklen_t n) { return connect(s, a, n); }\n"

    @Test func adoptHonoursTheConfigurationsExclude() throws {
        let tree = try TemporaryTree([
            "Makefile": Self.makefile, "client.c": Self.client,
            "vendor/lib.c": "struct transport { int (*connect)(void *); };\n",
            ".socksify-check.yml": "exclude:\n  - vendor\n",
        ])
        let result = try CommandRunner.run(["adopt", tree.path])
        #expect(result.status == 0, "vendored code check skips does not block adopt: \(result.stderr)")
        #expect(result.stdout.contains("-Dconnect=Rconnect"))
    }

    @Test func libraryMustBeALibraryNameAndIsRecordedInTheMarker() throws {
        let tree = try TemporaryTree(["Makefile": Self.makefile, "client.c": Self.client])
        let bad = try CommandRunner.run(["adopt", "--library", "socksd\nall: evil", tree.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("is not a library name"), "\(bad.stderr)")
        let good = try CommandRunner.run(["adopt", "--library", "socksd", tree.path])
        #expect(good.status == 0)
        #expect(good.stdout.contains("adopt --profile socks4 --library socksd; run it again"), "\(good.stdout)")
        let badFile = try TemporaryTree(["Makefile": Self.makefile, "client.c": Self.client, ".socksify-check.yml": "library: \"-lsocks -lc\"\n"])
        #expect(try CommandRunner.run(["adopt", badFile.path]).status == 2)
    }

    @Test func writeFailuresAreStatusFourInPlainWords() throws {
        let tree = try TemporaryTree(["Makefile": Self.makefile, "client.c": Self.client,
                                      "net.c": "#include <sys/socket.h>\nint u(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n"])
        let nowhere = tree.path + "/no/such/dir/out"
        let patch = try CommandRunner.run(["adopt", "--output", nowhere, tree.path])
        #expect(patch.status == 4)
        #expect(patch.stderr.contains(nowhere + ": could not be written: no such file or directory"), "\(patch.stderr)")
        #expect(!patch.stderr.contains("NSCocoaErrorDomain"))
        let baseline = try CommandRunner.run(["--write-baseline", nowhere, tree.path])
        #expect(baseline.status == 4)
        #expect(baseline.stderr.contains(nowhere + ": cannot be written: no such file or directory"), "\(baseline.stderr)")
        #expect(!baseline.stderr.contains("Error Domain"))
    }

    /// A directory given where a file is wanted, for every file the user can name: status 4, the
    /// path and the problem in plain words (Foundation said "NSCocoaErrorDomain error 512").
    @Test func aDirectoryWhereAFileIsWantedIsNamedPlainly() throws {
        let tree = try TemporaryTree(["Makefile": Self.makefile, "client.c": Self.client, "out/keep": ""])
        let directory = tree.path + "/out"
        for arguments in [["--output", directory, tree.path], ["--write-baseline", directory, tree.path],
                          ["--stamp", directory, "--fail-on", "never", tree.path], ["adopt", "--output", directory, tree.path]] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 4, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(directory + ": ") && result.stderr.contains("be written: it is a directory; give the path of a file"),
                    "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Domain") && !result.stderr.contains("512"), "\(result.stderr)")
        }
        let missing = try CommandRunner.run(["--output", tree.path + "/nowhere/report.txt", tree.path])
        #expect(missing.stderr.contains("report.txt: cannot be written: no such file or directory (the directory \(tree.path)/nowhere does not exist)"),
                "\(missing.stderr)")
    }

    /// --output through a symlink replaces what it leads to; a device is written in place.
    @Test func outputFollowsSymlinksAndWritesDevicesInPlace() throws {
        let tree = try TemporaryTree(["client.c": Self.client, "real.txt": "old\n"])
        symlink("real.txt", tree.path + "/link.txt")
        chmod(tree.path + "/real.txt", 0o600)
        let result = try CommandRunner.run(["--output", tree.path + "/link.txt", "--format", "json", tree.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: tree.path + "/link.txt") == "real.txt")
        #expect(try String(contentsOfFile: tree.path + "/real.txt", encoding: .utf8).contains("\"findings\""))
        #expect((try FileManager.default.attributesOfItem(atPath: tree.path + "/real.txt")[.posixPermissions] as? Int) == 0o600, "its mode is kept")
        let null = try CommandRunner.run(["--output", "/dev/null", tree.path])
        #expect(null.status == 0, "\(null.stderr)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still the device")
    }

    @Test func aReadOnlyMakefileIsRefusedUnlessForced() throws {
        let tree = try TemporaryTree(["Makefile": Self.makefile, "client.c": Self.client])
        chmod(tree.path + "/Makefile", 0o444)
        let refused = try CommandRunner.run(["adopt", "--write", tree.path])
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("Makefile: is read-only"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: tree.path + "/Makefile", encoding: .utf8) == Self.makefile, "nothing changed")
        let forced = try CommandRunner.run(["adopt", "--write", "--force", tree.path])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: tree.path + "/Makefile", encoding: .utf8).contains("-Dconnect=Rconnect"))
    }

    @Test func rulesNameTheProfilesTheyApplyTo() throws {
        let rules = try CommandRunner.run(["rules"])
        #expect(rules.stdout.contains("(--profile socks4 only)") && rules.stdout.contains("(--profile dante only)"))
        let explain = try CommandRunner.run(["explain", "ipv6-socket"])
        #expect(explain.stdout.contains("Profiles: socks4"))
    }

    @Test func aBaselineOfAnotherShapeIsNamedPlainly() throws {
        let tree = try TemporaryTree(["a.c": "int x;\n", "b.json": "{\"findings\": []}"])
        let result = try CommandRunner.run(["--baseline", tree.path + "/b.json", tree.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("b.json: not a socksify-check baseline: missing \"version\"; make one with --write-baseline"), "\(result.stderr)")
        #expect(!result.stderr.contains("keyNotFound"))
    }
}
