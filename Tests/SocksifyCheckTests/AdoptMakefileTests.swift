import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// adopt on Makefiles of every style, checked with the real tools: the patch applies with
/// `git apply` and `patch -p1`, `make -n -B` shows the renames on every compile and the library
/// after the objects on every link (also with CFLAGS/LDFLAGS on the command line), the tree builds
/// with --as-needed against Debian's libsocksd and the program imports Rconnect, and a second
/// adopt has nothing left to do.
@Suite(.serialized) struct AdoptMakefileTests {
    static let fixtures = [
        "adopt-explicit-link", "adopt-builtin", "adopt-continuation", "adopt-include",
        "adopt-ifeq", "adopt-subdirs", "adopt-own-vars", "adopt-conditional-assign",
    ]
    static let library = "socksd"
    /// The seed's seven renames less -Drcmd=Rrcmd, which libsocksd (Dante) does not export (`nm -D`),
    /// written out here so a slip in the profile cannot also slip past the test.
    static let renames = ["-Dconnect=Rconnect", "-Dgetsockname=Rgetsockname", "-Dbind=Rbind", "-Daccept=Raccept",
                          "-Dlisten=Rlisten", "-Dselect=Rselect"]

    private func adopt(_ path: String, _ extra: [String] = []) throws -> CommandResult {
        try CommandRunner.run(["adopt", "--library", Self.library] + extra + [path])
    }

    /// Files of a tree with their bytes, to compare trees.
    private func snapshot(_ path: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[name] = FileManager.default.contents(atPath: path + "/" + name) }
        }
        return files
    }

    /// The compile and link command lines `make -n -B` prints.
    private func commands(_ tree: String, _ variables: [String] = []) throws -> (compiles: [[String]], links: [[String]]) {
        let result = try shell(["make", "-n", "-B"] + variables, in: tree)
        #expect(result.status == 0, "\(result.stderr)")
        // make -n prints a continued recipe line as written, backslash-newlines and all.
        let joined = result.stdout.replacingOccurrences(of: "\\\n", with: " ")
        let lines = joined.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
            .filter { ["cc", "gcc"].contains($0.first ?? "") }
        return (lines.filter { $0.contains("-c") }, lines.filter { !$0.contains("-c") && $0.contains("-o") })
    }

    private func checkCommands(_ tree: String, _ variables: [String] = []) throws {
        let (compiles, links) = try commands(tree, variables)
        #expect(!compiles.isEmpty || !links.isEmpty)
        for command in compiles + links.filter({ $0.contains { $0.hasSuffix(".c") } }) {
            for rename in Self.renames {
                #expect(command.contains(rename), "\(command.joined(separator: " ")) lacks \(rename)")
            }
        }
        #expect(!links.isEmpty)
        for command in links {
            let library = command.lastIndex(of: "-l\(Self.library)")
            let lastInput = command.lastIndex { $0.hasSuffix(".o") || $0.hasSuffix(".a") || $0.hasSuffix(".c") }
            #expect(library != nil && lastInput != nil && library! > lastInput!, "library after the objects: \(command.joined(separator: " "))")
        }
    }

    @Test(arguments: fixtures)
    func adoptionSurvivesTheRealTools(_ name: String) throws {
        let viaGit = try copyOfFixture(name)
        let viaPatch = try copyOfFixture(name)
        let viaWrite = try copyOfFixture(name)
        let original = try snapshot(viaGit.path)

        // Without adoption nothing is renamed: the checks below can fail.
        #expect(try commands(viaGit.path).compiles.allSatisfy { !$0.contains(Self.renames[0]) })

        let result = try adopt(viaGit.path)
        #expect(result.status == 0, "adopt: \(result.stderr)")
        let patch = Array(result.stdout.utf8)
        #expect(!patch.isEmpty)
        #expect(try snapshot(viaGit.path) == original, "printing a patch changes nothing")

        let git = try shell(["git", "apply", "--verbose", "-"], in: viaGit.path, input: patch)
        #expect(git.status == 0, "git apply: \(git.stderr)")
        let patched = try shell(["patch", "-p1", "--batch", "--no-backup-if-mismatch"], in: viaPatch.path, input: patch)
        #expect(patched.status == 0, "patch -p1: \(patched.stdout) \(patched.stderr)")
        #expect(try adopt(viaWrite.path, ["--write"]).status == 0)
        let adopted = try snapshot(viaGit.path)
        #expect(try snapshot(viaPatch.path) == adopted)
        #expect(try snapshot(viaWrite.path) == adopted)

        try checkCommands(viaGit.path)
        try checkCommands(viaGit.path, ["CFLAGS=-O3", "LDFLAGS=-g"])

        let again = try adopt(viaGit.path)
        #expect(again.status == 0 && again.stdout.isEmpty, "a second adopt changes nothing: \(again.stdout)")

        let build = try shell(["make", "CC=cc -Wl,--as-needed"], in: viaGit.path)
        #expect(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        let binary = viaGit.path + (name == "adopt-subdirs" ? "/app/client" : "/client")
        let symbols = try shell(["nm", "-D", "--undefined-only", binary], in: viaGit.path)
        #expect(symbols.stdout.contains("Rconnect"), "\(binary) imports Rconnect: \(symbols.stdout)")
    }

    @Test func untouchedBytesStayUntouched() throws {
        let tree = try TemporaryTree([
            "Makefile": "# caf\u{E9} \u{2014} tabs\tand CRLF\r\nclient: main.o\r\n\t$(CC) -o $@ main.o\r\n",
            "main.c": CClient.source,
        ])
        let before = try #require(FileManager.default.contents(atPath: tree.path + "/Makefile"))
        #expect(try adopt(tree.path, ["--write"]).status == 0)
        let after = try #require(FileManager.default.contents(atPath: tree.path + "/Makefile"))
        let text = String(decoding: after, as: UTF8.self)
        // No library variable after the objects: the recipe gets one of adopt's, set for this program only.
        #expect(text.hasPrefix("# caf\u{E9} \u{2014} tabs\tand CRLF\r\nclient: main.o\r\n\t$(CC) -o $@ main.o $(SOCKSIFY_LINK)\r\n"))
        #expect(text.contains("client: SOCKSIFY_LINK = $(SOCKSIFY_LIBS)\r\n"))
        #expect(text.contains("SOCKSIFY_LIBS = -lsocksd\r\n"), "added lines use the file's CRLF")
        #expect(after.count > before.count)
    }

    @Test func missingFinalNewlineIsKeptApartFromTheBlock() throws {
        let tree = try TemporaryTree(["Makefile": "prog: prog.o", "prog.c": CClient.source])
        #expect(try adopt(tree.path, ["--write"]).status == 0)
        let text = try String(contentsOfFile: tree.path + "/Makefile", encoding: .utf8)
        #expect(text.hasPrefix("prog: prog.o\n\n# socksify-check: begin"))
        #expect(try adopt(tree.path).stdout.isEmpty)
    }

    @Test func changingTheProfileRewritesTheBlock() throws {
        let tree = try copyOfFixture("adopt-builtin")
        #expect(try adopt(tree.path, ["--write"]).status == 0)
        let result = try CommandRunner.run(["adopt", "--profile", "dante", tree.path])
        #expect(result.stdout.contains("-SOCKSIFY_LIBS = -lsocksd") == false)
        #expect(result.stdout.contains("+SOCKSIFY_CPPFLAGS = -Dconnect=Rconnect"))
        #expect(result.stdout.contains("-Dsendto=Rsendto") && !result.stdout.contains("+SOCKSIFY_CPPFLAGS = -Dconnect=Rconnect -Dgetsockname=Rgetsockname -Dbind=Rbind -Daccept=Raccept -Dlisten=Rlisten -Drcmd"))
    }

    /// Issue 12: the renames adopt emits and the collisions check agree, per profile.
    @Test func collisionsFollowTheProfilesRenames() throws {
        let makefile = "client: client.c\n\t$(CC) $(CFLAGS) -o client client.c\n"
        let sendMember = try TemporaryTree(["Makefile": makefile, "client.c": """
            #include <sys/socket.h>
            struct channel { int (*send)(int fd, const void *data, int length); };
            int dial(int s, const struct sockaddr *a, socklen_t n) { return connect(s, a, n); }
            """])
        let dante = try CommandRunner.run(["adopt", "--profile", "dante", sendMember.path])
        #expect(dante.status == 1, "dante renames send: \(dante.stderr)")
        #expect(dante.stderr.contains("client.c:2:"), "\(dante.stderr)")
        #expect(try CommandRunner.run(["adopt", "--profile", "socks4", sendMember.path]).status == 0)
        let rcmdMember = try TemporaryTree(["Makefile": makefile, "client.c": """
            #include <sys/socket.h>
            struct remote { int (*rcmd)(const char *host); };
            int dial(int s, const struct sockaddr *a, socklen_t n) { return connect(s, a, n); }
            """])
        let rcmdUnderDante = try CommandRunner.run(["adopt", "--profile", "dante", rcmdMember.path])
        #expect(rcmdUnderDante.status == 0, "dante leaves rcmd alone: \(rcmdUnderDante.stderr)")
        #expect(!rcmdUnderDante.stdout.contains("-Drcmd"))
        #expect(try CommandRunner.run(["adopt", "--profile", "socks4", rcmdMember.path]).status == 1)
    }

    /// Issue 15, item 3: the library that is installed, and only the renames it exports.
    @Test func theInstalledLibraryDecidesTheDefaultAndTheRenames() throws {
        let tree = try TemporaryTree(["Makefile": "client: client.c\n\t$(CC) $(CFLAGS) -o client client.c\n",
                                      "client.c": "#include <sys/socket.h>\nint d(int s, const struct sockaddr *a, socklen_t n) { return connect(s, a, n); }\n"])
        let result = try CommandRunner.run(["adopt", tree.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("SOCKSIFY_LIBS = -lsocksd"), "Debian has libsocksd and no libsocks: \(result.stdout)")
        #expect(!result.stdout.contains("-Drcmd=Rrcmd"), "libsocksd exports no Rrcmd")
        #expect(result.stdout.contains("--library socksd; run it again"), "recorded so a re-run keeps it")
        #expect(result.stderr.contains("libsocksd has no Rrcmd"), "\(result.stderr)")
        let absent = try CommandRunner.run(["adopt", "--library", "nosuchsocks", tree.path])
        #expect(absent.stdout.contains("-Drcmd=Rrcmd"), "a library that is not here cannot be asked: the full list")
        #expect(absent.stderr.contains("libnosuchsocks is not on the linker's search path"))
    }

    @Test func treeWithoutAMakefileSaysWhatToAddAndExitsThree() throws {
        let tree = try TemporaryTree(["meson.build": "project('x', 'c')\n", "main.c": "int main(void) { return 0; }\n"])
        let result = try CommandRunner.run(["adopt", tree.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no Makefile") && result.stderr.contains("meson.build"))
        #expect(result.stderr.contains("-Dconnect=Rconnect") && result.stderr.contains("-lsocks"))
        #expect(result.stdout.isEmpty)
    }

    @Test func binaryMakefileIsRefusedWithItsPath() throws {
        let tree = try TemporaryTree(["main.c": "int main(void) { return 0; }\n"])
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1]).write(to: URL(fileURLWithPath: tree.path + "/Makefile"))
        let result = try CommandRunner.run(["adopt", tree.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains(tree.path + "/Makefile") && result.stderr.contains("NUL"))
    }

    @Test func nameCollisionsMakeTheMacrosUnsafe() throws {
        let tree = try copyOfFixture("collisions")
        let refused = try CommandRunner.run(["adopt", tree.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--source") && refused.stdout.isEmpty)
        // The fixture compiles an object and links nothing: the file reader adopts it.
        #expect(try CommandRunner.run(["adopt", "--allow-collisions", "--no-make", tree.path]).status == 0)
    }

    @Test func writeKeepsModeBitsAndRefusesSymlinksOutOfTheTree() throws {
        let outside = try TemporaryTree(["Makefile": "prog: prog.o\n"])
        let tree = try TemporaryTree(["prog.c": CClient.source, "sub/Makefile": "prog: prog.o\n"])
        symlink(outside.path + "/Makefile", tree.path + "/Makefile")
        let result = try CommandRunner.run(["adopt", "--write", tree.path])
        #expect(result.status == 3)
        #expect(try String(contentsOfFile: outside.path + "/Makefile", encoding: .utf8) == "prog: prog.o\n")

        let own = try TemporaryTree(["Makefile": "prog: prog.o\n", "prog.c": CClient.source])
        chmod(own.path + "/Makefile", 0o640)
        #expect(try CommandRunner.run(["adopt", "--write", own.path]).status == 0)
        var info = stat()
        stat(own.path + "/Makefile", &info)
        #expect(info.st_mode & 0o777 == 0o640)
    }
}
