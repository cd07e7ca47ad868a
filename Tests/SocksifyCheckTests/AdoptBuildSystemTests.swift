import Foundation
import Testing
@testable import SocksifyCheck

/// adopt on the build layouts real projects have, each built for real afterwards: a netkit tree
/// (computed subdirectories, include ../MCONFIG written by configure, ../MRULES), a hiredis-style
/// Makefile (`CC := $(shell …)`, shared and static library, a pattern-rule example), autotools
/// (the configure.ac change goes through autoreconf) and CMake.
@Suite(.serialized) struct AdoptBuildSystemTests {
    private func adopt(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(["adopt", "--library", "socksd"] + arguments)
    }

    private func undefined(_ binary: String, in tree: TemporaryTree, dynamic: Bool = false) throws -> String {
        try shell(["nm", "--undefined-only"] + (dynamic ? ["-D"] : []) + [binary], in: tree.path).stdout
    }

    @Test func netkitTreeAdoptsTheClientAndLeavesTheServer() throws {
        let tree = try copyOfFixture("adopt-netkit")
        let unconfigured = try adopt([tree.path])
        #expect(unconfigured.status == 3)
        #expect(unconfigured.stderr.contains("run ./configure first"), "\(unconfigured.stderr)")

        #expect(try shell(["./configure"], in: tree.path).status == 0)
        let plan = try adopt(["--format", "json", tree.path])
        #expect(plan.status == 0, "\(plan.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let programs = try #require(json["programs"] as? [[String: Any]])
        #expect(programs.map { $0["path"] as? String } == ["client/netclient", "server/netserver"])
        #expect(programs.map { $0["adopted"] as? Bool } == [true, false])
        #expect(programs.map { $0["role"] as? String } == ["client", "server"])
        #expect(json["verified"] as? Bool == true)
        #expect(json["changedFiles"] as? [String] == ["client/Makefile"], "MCONFIG and MRULES are generated or shared: not edited")

        let written = try adopt(["--write", tree.path])
        #expect(written.status == 0 && written.stderr.contains("verified:"), "\(written.stderr)")
        #expect(written.stderr.contains("leave: server/netserver (program, 1 unit): server:"), "\(written.stderr)")
        #expect(try adopt([tree.path]).stdout.isEmpty, "a second adopt changes nothing")
        let built = try shell(["make"], in: tree.path)
        try #require(built.status == 0, "\(built.stdout)\n\(built.stderr)")
        #expect(try undefined("client/netclient", in: tree).contains(" Rconnect"))
        let server = try undefined("server/netserver", in: tree)
        #expect(!server.contains(" R") && server.contains(" listen"), "the server is built as it was: \(server)")
        #expect(!FileManager.default.fileExists(atPath: tree.path + "/" + UnitCache.defaultDirectoryName + "/adopt"), "no scratch mirror left")
    }

    @Test func shellChosenCompilerSharedLibraryAndPatternRule() throws {
        let tree = try copyOfFixture("adopt-shell-cc")
        let written = try adopt(["--write", tree.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("adopt: libminiredis.so (shared-library, 2 units): client"), "\(written.stderr)")
        #expect(written.stderr.contains("adopt: miniredis-example (program, 3 units): client"), "\(written.stderr)")
        #expect(try adopt([tree.path]).stdout.isEmpty, "a second adopt changes nothing")
        let built = try shell(["make"], in: tree.path)
        try #require(built.status == 0, "\(built.stdout)\n\(built.stderr)")
        #expect(try undefined("libminiredis.so", in: tree, dynamic: true).contains(" Rconnect"))
        #expect(try shell(["ldd", tree.path + "/libminiredis.so"], in: tree.path).stdout.contains("libsocksd"), "the library carries its dependency")
        #expect(try undefined("miniredis-example", in: tree).contains(" Rconnect"))
    }

    @Test func autotoolsGetsAWithSocksOptionThatSurvivesAutoreconf() throws {
        let tree = try copyOfFixture("adopt-autotools")
        let written = try adopt(["--write", tree.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("socksify-check: build autoreconf -fi && ./configure --with-socks && make"), "\(written.stderr)")
        let configure = try String(contentsOfFile: tree.path + "/configure.ac", encoding: .utf8)
        #expect(configure.contains("AC_ARG_WITH([socks]") && configure.contains("AC_SUBST([SOCKS_LIBS])"))
        let makefile = try String(contentsOfFile: tree.path + "/Makefile.am", encoding: .utf8)
        #expect(makefile.contains("netclient_CPPFLAGS = $(AM_CPPFLAGS) $(SOCKS_CPPFLAGS)\nnetclient_LDADD = $(LDADD) $(SOCKS_LIBS)\n"))
        #expect(try adopt([tree.path]).stdout.isEmpty, "a second adopt changes nothing")
        for command in [["autoreconf", "-fi"], ["./configure", "--with-socks"], ["make"]] {
            let result = try shell(command, in: tree.path, timeout: 300)
            try #require(result.status == 0, "\(command): \(tail(result.stdout))\n\(tail(result.stderr))")
        }
        #expect(try undefined("netclient", in: tree).contains(" Rconnect"))
        // Configured and built in place: adopt reads it the same way (objects aside) and changes nothing.
        let again = try adopt([tree.path])
        #expect(again.status == 0 && again.stdout.isEmpty, "\(again.stdout)\n\(again.stderr)")
    }

    /// Per program in an automake tree: the client gets its Makefile.am variables, the server none,
    /// and the build the user runs (the line adopt prints) proves it with nm.
    @Test func automakeAdoptsTheClientAndLeavesTheServer() throws {
        let tree = try copyOfFixture("adopt-automake")
        let plan = try adopt(["--format", "json", tree.path])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stderr.contains("socksify-check: adopt: dial (program, 1 unit): client: connects out"), "\(plan.stderr)")
        #expect(plan.stderr.contains("socksify-check: leave: serve (program, 1 unit): server: accepts connections"))
        #expect(plan.stderr.contains("note: verified: the edited tree, regenerated (autoreconf -fi) and configured --with-socks"))
        #expect(plan.stdout.contains("\"buildSystem\" : \"autotools\""), "\(plan.stdout)")
        #expect(try adopt(["--write", tree.path]).status == 0)
        let makefile = try String(contentsOfFile: tree.path + "/Makefile.am", encoding: .utf8)
        #expect(makefile.contains("dial_LDADD = $(LDADD) $(SOCKS_LIBS)"))
        let block = try #require(makefile.range(of: "# socksify-check: begin").map { makefile[$0.lowerBound...] })
        #expect(!block.contains("serve"), "the server is left alone: \(block)")
        for command in [["autoreconf", "-fi"], ["./configure", "--with-socks"], ["make"]] {
            let result = try shell(command, in: tree.path, timeout: 300)
            try #require(result.status == 0, "\(command): \(tail(result.stdout))\n\(tail(result.stderr))")
        }
        #expect(try undefined("dial", in: tree).contains(" Rconnect"))
        let server = try undefined("serve", in: tree)
        #expect(!server.contains(" Rlisten") && !server.contains(" Raccept") && !server.contains(" Rbind"), "\(server)")
        // Without --with-socks the tree builds as before.
        #expect(try shell(["./configure"], in: tree.path, timeout: 300).status == 0)
        #expect(try shell(["make", "clean", "all"], in: tree.path, timeout: 300).status == 0)
        #expect(!(try undefined("dial", in: tree).contains(" Rconnect")))
    }

    /// Autoconf without automake: the configured copy's Makefile is planned as a plain make tree and
    /// the block goes into the Makefile.in it came from, its variables filled by --with-socks.
    @Test func autoconfMakefileInAdoptsTheClientAndLeavesTheServer() throws {
        let tree = try copyOfFixture("adopt-autoconf")
        let written = try adopt(["--write", tree.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("adopt: dial (program, 1 unit): client") && written.stderr.contains("leave: serve (program, 1 unit): server"), "\(written.stderr)")
        #expect(written.stderr.contains("socksify-check: build autoreconf -fi && ./configure --with-socks && make"), "\(written.stderr)")
        let template = try String(contentsOfFile: tree.path + "/Makefile.in", encoding: .utf8)
        #expect(template.contains("SOCKSIFY_LIBS = @SOCKS_LIBS@\ndial.o: override CPPFLAGS += $(SOCKSIFY_CPPFLAGS)\ndial: override LIBS += $(SOCKSIFY_LIBS)\n"), "\(template)")
        #expect(try adopt([tree.path]).stdout.isEmpty, "a second adopt changes nothing")
        for command in [["autoreconf", "-fi"], ["./configure", "--with-socks"], ["make"]] {
            let result = try shell(command, in: tree.path, timeout: 300)
            try #require(result.status == 0, "\(command): \(tail(result.stdout))\n\(tail(result.stderr))")
        }
        #expect(try undefined("dial", in: tree).contains(" Rconnect"))
        let server = try undefined("serve", in: tree)
        #expect(!server.contains(" R") && server.contains(" listen"), "the server is built as it was: \(server)")
        #expect(try shell(["./configure"], in: tree.path, timeout: 300).status == 0)
        #expect(try shell(["make", "clean", "all"], in: tree.path, timeout: 300).status == 0)
        #expect(!(try undefined("dial", in: tree).contains(" Rconnect")), "without --with-socks the build is as before")
    }

    /// `--no-configure`: the tree-wide form of before, said loudly, and a --program refusal-free plan.
    @Test func noConfigureKeepsTheTreeWideForm() throws {
        let tree = try copyOfFixture("adopt-automake")
        let result = try adopt(["--no-configure", tree.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("--no-configure: adopted tree-wide (every program configure builds, servers too) and not verified"))
        #expect(!result.stdout.contains("Makefile.am"))
        // Renames in C need what the configured build compiles: without it, refused.
        let source = try adopt(["--no-configure", "--source", tree.path])
        #expect(source.status == 3 && source.stdout.isEmpty, "\(source.stderr)")
        #expect(source.stderr.contains("--source with --no-configure: the renames would follow an unconfigured parse"), "\(source.stderr)")
    }

    /// cmake with a clean signal mask (runGrouped, as danted): it waits for its children by
    /// SIGCHLD, which the test's threads block. Run from the tree: the test process's own working
    /// directory may be a removed temporary one.
    private func cmake(_ arguments: [String], in tree: TemporaryTree) throws {
        let result = try runGrouped("/bin/sh", ["-c", "cd \"$0\" && exec cmake \"$@\"", tree.path] + arguments,
                                    in: tree.path, environment: [:], timeout: 300)
        try #require(result.status == 0, "cmake \(arguments): \(tail(result.stdout))\n\(tail(result.stderr))")
    }

    @Test func cmakeTreeAdoptsItsClientTarget() throws {
        let tree = try copyOfFixture("adopt-cmake")
        let written = try adopt(["--write", tree.path])
        #expect(written.status == 0 && written.stderr.contains("adopt: netclient (program, 2 units): client"), "\(written.stderr)")
        let lists = try String(contentsOfFile: tree.path + "/CMakeLists.txt", encoding: .utf8)
        let option = try #require(lists.range(of: "option(SOCKSIFY"))
        let target = try #require(lists.range(of: "add_executable"))
        #expect(target.lowerBound < option.lowerBound, "after the targets whose properties it sets")
        #expect(try adopt([tree.path]).stdout.isEmpty, "a second adopt changes nothing")
        try cmake(["-S", tree.path, "-B", tree.path + "/build", "-DSOCKSIFY=ON"], in: tree)
        try cmake(["--build", tree.path + "/build"], in: tree)
        #expect(try undefined("build/netclient", in: tree).contains(" Rconnect"))
    }

    /// Per target: the client and the static library of another folder that holds its connect are
    /// renamed, the server of the same tree is not; the printed build line is the verified one;
    /// without SOCKSIFY the build is as before.
    @Test func cmakeTargetsClientAndItsLibraryButNotTheServer() throws {
        let tree = try copyOfFixture("adopt-cmake-targets")
        let plan = try adopt(["--format", "json", tree.path])
        #expect(plan.status == 0, "\(plan.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let programs = try #require(json["programs"] as? [[String: Any]])
        #expect(programs.map { $0["path"] as? String } == ["tools/fetch", "tools/serve"])
        #expect(programs.map { $0["role"] as? String } == ["client", "server"])
        #expect(programs.map { $0["adopted"] as? Bool } == [true, false])
        #expect(programs.first?["units"] as? [String] == ["tools/fetch.c", "net/dial.c"])
        #expect(json["verified"] as? Bool == true && json["buildSystem"] as? String == "cmake")
        #expect(json["instructions"] as? [String] == ["cmake -S . -B build -DSOCKSIFY=ON && cmake --build build"])

        let written = try adopt(["--write", tree.path])
        #expect(written.status == 0 && written.stderr.contains("verified: CMake's model of the adopted build"), "\(written.stderr)")
        let lists = try String(contentsOfFile: tree.path + "/CMakeLists.txt", encoding: .utf8)
        #expect(lists.contains("set_property(TARGET fetch net APPEND PROPERTY COMPILE_DEFINITIONS connect=Rconnect"), "\(lists)")
        #expect(lists.contains("set_property(TARGET net APPEND PROPERTY INTERFACE_LINK_LIBRARIES socksd)"), "\(lists)")
        #expect(try adopt([tree.path]).stdout.isEmpty, "a second adopt changes nothing")
        #expect(!FileManager.default.fileExists(atPath: tree.path + "/.socksify-build"), "the scratch build is not in the tree")

        try cmake(["-S", tree.path, "-B", tree.path + "/on", "-DSOCKSIFY=ON"], in: tree)
        try cmake(["--build", tree.path + "/on"], in: tree)
        #expect(try undefined("on/tools/fetch", in: tree).contains(" Rconnect"))
        let server = try undefined("on/tools/serve", in: tree)
        #expect(!server.contains(" R") && server.contains(" listen"), "the server is built as it was: \(server)")
        try cmake(["-S", tree.path, "-B", tree.path + "/off"], in: tree)
        try cmake(["--build", tree.path + "/off"], in: tree)
        #expect(!(try undefined("off/tools/fetch", in: tree).contains(" Rconnect")))
    }

    @Test func cmakeProgramOptionForcesAServerAndNoConfigureIsTreeWide() throws {
        let tree = try copyOfFixture("adopt-cmake-targets")
        let forced = try adopt(["--program", "tools/serve", tree.path])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("adopt: tools/serve (program, 1 unit): server:") && forced.stderr.contains("adopted because --program names it"), "\(forced.stderr)")
        #expect(forced.stdout.contains("set_property(TARGET serve APPEND PROPERTY LINK_LIBRARIES socksd)"), "\(forced.stdout)")
        let unknown = try adopt(["--program", "nosuch", tree.path])
        #expect(unknown.status == 3 && unknown.stderr.contains("tools/fetch"), "\(unknown.stderr)")
        let treeWide = try adopt(["--no-configure", tree.path])
        #expect(treeWide.status == 0 && treeWide.stderr.contains("--no-configure: adopted tree-wide"), "\(treeWide.stderr)")
        #expect(!treeWide.stderr.contains("socksify-check: verified:"))
    }

    /// `adopt --format json` is a public interface: its golden, with the temporary tree's path replaced.
    @Test func jsonPlanMatchesGolden() throws {
        let tree = try copyOfFixture("adopt-netkit")
        #expect(try shell(["./configure"], in: tree.path).status == 0)
        let result = try adopt(["--format", "json", tree.path])
        #expect(result.status == 0, "\(result.stderr)")
        let actual = result.stdout.replacingOccurrences(of: FilePaths.real(tree.path), with: "<tree>")
        let path = Package.root + "/Tests/SocksifyCheckTests/Goldens/adopt-netkit.plan.json"
        if Package.updatingGoldens { try Data(actual.utf8).write(to: URL(fileURLWithPath: path)) }
        #expect(actual == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test func nothingToAdoptExitsOneAndProgramForcesIt() throws {
        let tree = try TemporaryTree(["Makefile": "server: server.o\n", "server.c": CClient.server])
        let refused = try adopt([tree.path])
        #expect(refused.status == 1 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("nothing to adopt") && refused.stderr.contains("server: server"), "\(refused.stderr)")
        let forced = try adopt(["--program", "server", tree.path])
        #expect(forced.status == 0 && forced.stdout.contains("server: override LDLIBS += $(SOCKSIFY_LIBS)"), "\(forced.stdout)\n\(forced.stderr)")
        let unknown = try adopt(["--program", "nosuch", tree.path])
        #expect(unknown.status == 3 && unknown.stderr.contains("it links: server"), "\(unknown.stderr)")
    }

    /// A daemon inetd starts has no listen of its own: it finds its client with getpeername on
    /// standard input, then connects back to it (rshd's stderr channel). It is a server, not a
    /// client; a client that calls getpeername on its own socket, or asks getsockname whether its
    /// standard input is a socket (finger), stays a client.
    @Test func anInetdDaemonIsAServerThoughItOnlyConnects() throws {
        let daemon = """
            #include <netinet/in.h>
            #include <sys/socket.h>
            #include <unistd.h>
            int main(void) {
                struct sockaddr_in from;
                socklen_t length = sizeof from;
                int peer = STDIN_FILENO;
                if (getpeername(peer, (struct sockaddr *)&from, &length) < 0) return 1;
                from.sin_port = htons(1023);
                int back = socket(AF_INET, SOCK_STREAM, 0);
                return connect(back, (struct sockaddr *)&from, length);
            }
            """
        let client = """
            #include <netinet/in.h>
            #include <sys/socket.h>
            #include <unistd.h>
            int main(void) {
                struct sockaddr_in to = {0}, peer;
                socklen_t length = sizeof peer;
                /* As finger: is standard input a socket (started by fingerd)? A client either way. */
                int remote = getsockname(STDIN_FILENO, (struct sockaddr *)&peer, &length) == 0;
                int s = socket(AF_INET, SOCK_STREAM, 0);
                if (connect(s, (struct sockaddr *)&to, sizeof to) < 0) return 1;
                return getpeername(s, (struct sockaddr *)&peer, &length) + remote;
            }
            """
        let tree = try TemporaryTree(["Makefile": "all: backd dial\nbackd: backd.o\ndial: dial.o\n", "backd.c": daemon, "dial.c": client])
        let result = try adopt([tree.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("leave: backd (program, 1 unit): server: serves the connection inetd hands it on its standard input"), "\(result.stderr)")
        #expect(result.stderr.contains("adopt: dial (program, 1 unit): client"), "\(result.stderr)")
    }

    @Test func aRecipeWithoutFlagsIsNamedAndNothingIsClaimed() throws {
        let tree = try TemporaryTree(["Makefile": "client: main.o\n\tcc -o client main.o\nmain.o: main.c\n\tcc -c main.c\n",
                                      "main.c": CClient.source])
        let result = try adopt([tree.path])
        #expect(result.status == 3 && result.stdout.isEmpty)
        #expect(result.stderr.contains("`cc -c main.c`") && result.stderr.contains("expands neither CPPFLAGS nor CFLAGS"), "\(result.stderr)")
        #expect(!result.stderr.contains("verified:"))
    }

    @Test func noMakeReadsTheMakefilesAsBefore() throws {
        let tree = try TemporaryTree(["Makefile": "main: main.o\n", "main.c": CClient.source])
        let result = try adopt(["--no-make", tree.path])
        #expect(result.status == 0 && result.stdout.contains("+override LDLIBS += $(SOCKSIFY_LIBS)"), "\(result.stdout)")
        #expect(!result.stderr.contains("verified:"))
    }

    @Test func aSubdirectoryOfAGitCheckoutSaysHowToApply() throws {
        let tree = try TemporaryTree(["sub/Makefile": "main: main.o\n", "sub/main.c": CClient.source])
        #expect(try shell(["git", "init", "-q"], in: tree.path).status == 0)
        let result = try adopt([tree.path + "/sub"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("git apply --directory=sub"), "\(result.stderr)")
        let patched = try shell(["patch", "-p1", "--batch"], in: tree.path + "/sub", input: Array(result.stdout.utf8))
        #expect(patched.status == 0)
    }
}
