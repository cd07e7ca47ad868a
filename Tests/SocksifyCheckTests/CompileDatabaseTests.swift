import ClangSupport
import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// compile_commands.json as real tools write it. The unit tests read the database only (no
/// libclang); the CLI tests check that every unit then parses with the flags it was built with.
@Suite struct CompileDatabaseTests {
    /// A unit that parses only with `-DWANT_UDP -Iinc` and opens a UDP socket.
    static let sources = [
        "src/net.c": """
            #include <sys/socket.h>
            #include "flags.h"
            #ifndef WANT_UDP
            #error built without the database's flags
            #endif
            int open_it(void) { return socket(AF_INET, KIND, 0); }
            """,
        "src/inc/flags.h": "#define KIND SOCK_DGRAM\n",
    ]

    private func tree(database: String, extra: [String: String] = [:]) throws -> TemporaryTree {
        try TemporaryTree(Self.sources.merging(["compile_commands.json": database]) { $1 }.merging(extra) { $1 })
    }

    @Test func bearWritesAnAbsoluteFileAndARelativeArgument() throws {
        let tree = try TemporaryTree(Self.sources)
        try tree.write("compile_commands.json", """
            [{"arguments": ["/usr/bin/cc", "-c", "-DWANT_UDP", "-Iinc", "-o", "net.o", "net.c"],
              "directory": "\(tree.path)/src", "file": "\(tree.path)/src/net.c", "output": "\(tree.path)/src/net.o"}]
            """)
        let commands = try CompilationDatabase.load(directory: tree.path)
        #expect(commands.count == 1)
        let request = try #require(try CompileDatabaseLocator.units(from: tree.path + "/compile_commands.json",
                                                                      limitedTo: [FilePaths.real(tree.path)], extraArguments: []).first)
        #expect(request.arguments == ["-DWANT_UDP", "-Iinc", "-w"], "the source argument is gone however it is spelled")
        let result = try CommandRunner.run(["--format", "json", tree.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("\"rule\" : \"udp-socket\""))
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    /// The database bear itself writes for a Makefile build (installed by .ci/install-deps).
    @Test func realBearDatabase() throws {
        let tree = try TemporaryTree(Self.sources.merging([
            "src/Makefile": "CFLAGS = -DWANT_UDP -Iinc\nnet.o: net.c\n\t$(CC) $(CFLAGS) -c net.c -o net.o\n",
        ]) { $1 })
        let bear = try shell(["bear", "--output", tree.path + "/compile_commands.json", "--", "make", "-C", "src"], in: tree.path)
        try #require(bear.status == 0, "\(bear.stderr)")
        let result = try CommandRunner.run(["--format", "json", tree.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("\"rule\" : \"udp-socket\""))
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    @Test func cmakeWritesACommandString() throws {
        let tree = try TemporaryTree(Self.sources)
        try tree.write("build/compile_commands.json", """
            [{"directory": "\(tree.path)/build",
              "command": "/usr/bin/cc -DWANT_UDP -I\(tree.path)/src/inc -o CMakeFiles/x.dir/src/net.c.o -c \(tree.path)/src/net.c",
              "file": "\(tree.path)/src/net.c"}]
            """)
        let result = try CommandRunner.run(["--format", "json", tree.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    /// A relative `directory` is relative to the database's folder, not to where the tool runs.
    @Test func relativeDirectoryAndFileStartAtTheDatabase() throws {
        let tree = try tree(database: """
            [{"directory": "src", "arguments": ["cc", "-DWANT_UDP", "-I", "inc", "-c", "net.c", "-onet.o"], "file": "net.c"}]
            """)
        let commands = try CompilationDatabase.load(directory: tree.path)
        #expect(commands.map(\.directory) == [CompilationDatabase.absolute("src", from: tree.path)])
        #expect(commands.map(\.file) == [CompilationDatabase.absolute("src/net.c", from: tree.path)])
        let result = try CommandRunner.run(["--format", "json", tree.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    @Test func responseFilesAreExpanded() throws {
        let tree = try tree(database: """
            [{"directory": "src", "command": "ccache gcc @flags.rsp -c net.c", "file": "net.c"}]
            """, extra: ["src/flags.rsp": "-DWANT_UDP '-Iinc'\n"])
        let commands = try CompilationDatabase.load(directory: tree.path)
        #expect(commands.first?.arguments == ["ccache", "gcc", "-DWANT_UDP", "-Iinc", "-c", "net.c"])
        let request = try #require(try CompileDatabaseLocator.units(from: tree.path + "/compile_commands.json",
                                                                      limitedTo: [FilePaths.real(tree.path)], extraArguments: []).first)
        #expect(request.arguments == ["-DWANT_UDP", "-Iinc", "-w"], "the launcher and the compiler are dropped")
    }

    @Test func duplicateEntriesGiveOneUnit() throws {
        let entry = #"{"directory": "src", "arguments": ["cc", "-DWANT_UDP", "-Iinc", "-c", "net.c"], "file": "net.c"}"#
        let tree = try tree(database: "[\(entry), \(entry.replacingOccurrences(of: "-DWANT_UDP", with: "-fPIC"))]")
        let units = try CompileDatabaseLocator.units(from: tree.path + "/compile_commands.json",
                                                     limitedTo: [FilePaths.real(tree.path)], extraArguments: [])
        #expect(units.count == 1)
        #expect(units.first?.arguments.contains("-DWANT_UDP") == true, "the first entry wins")
    }

    @Test(arguments: [
        ("{\"directory\": ", "invalid JSON"),
        ("{}", "the top level must be an array"),
        ("[{\"file\": \"a.c\", \"command\": \"cc a.c\"}]", "entry 1: no \"directory\" string"),
        ("[{\"directory\": \".\", \"file\": \"a.c\"}]", "entry 1: neither \"arguments\" nor \"command\""),
        ("[{\"directory\": \".\", \"file\": \"a.c\", \"arguments\": [1]}]", "entry 1: \"arguments\" is not a list of strings"),
    ])
    func malformedDatabaseIsExitThreeNamingTheProblem(_ database: String, _ problem: String) throws {
        let tree = try tree(database: database)
        let result = try CommandRunner.run(["-p", tree.path, tree.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains(tree.path + "/compile_commands.json"), "\(result.stderr)")
        #expect(result.stderr.contains(problem), "\(result.stderr)")
        #expect(!result.stderr.contains("YAML"), "no LLVM dump")
        #expect(result.stdout.isEmpty, "no fallback to guessed flags")
        let found = try CommandRunner.run([tree.path])
        #expect(found.status == 3, "a database found at the root is held to the same standard")
    }

    /// `[]` (a configure step that found nothing to build, a generator that failed half-way) or a
    /// database of other languages' units: named and exit 3, never a silent scan of every .c file.
    @Test(arguments: [
        ("[]", "no entries"),
        (" [ ]\n", "no entries"),
        (#"[{"directory": ".", "file": "main.cpp", "arguments": ["c++", "-c", "main.cpp"]}]"#, "none of its 1 entry is a C source (.c)"),
    ])
    func databaseWithoutUnitsIsExitThreeNamingIt(_ database: String, _ problem: String) throws {
        let tree = try tree(database: database)
        for arguments in [[tree.path], ["-p", tree.path, tree.path]] {
            let result = try CommandRunner.run(["--no-cache"] + arguments)
            #expect(result.status == 3, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(tree.path + "/compile_commands.json"), "\(result.stderr)")
            #expect(result.stderr.contains(problem), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "no fallback to every .c file: \(result.stdout)")
        }
    }

    @Test func shellWordsFollowPOSIXQuoting() {
        #expect(ShellWords.split(#"cc -DNAME="\"x y\"" 'a b' c\ d -I/x"#) == ["cc", #"-DNAME="x y""#, "a b", "c d", "-I/x"])
        #expect(ShellWords.split("  ") == [])
        #expect(ShellWords.split(#"-D'A=1' "" x"#) == ["-DA=1", "", "x"])
        #expect(ShellWords.split("cc\r\n-DÉ=\"ü\" \\\n-c") == ["cc", "-DÉ=ü", "-c"], "CRLF separates; UTF-8 passes through")
    }

    @Test func warningOptionsAreDroppedButNotWhatChangesTheParse() {
        let flags = ["-Wall", "-Wold-style-declaration", "-Werror", "-Werror=format", "-pedantic", "-W", "-Wno-error=int-conversion",
                     "-Wno-implicit-int", "-Wp,-DFROM_WP", "-Wl,--as-needed", "-Wa,--noexecstack", "-DX", "-Iinc", "-w"]
        #expect(WarningOptions.forAnalysis(flags) == ["-Wno-error=int-conversion", "-Wno-implicit-int", "-Wp,-DFROM_WP",
                                                      "-Wl,--as-needed", "-Wa,--noexecstack", "-DX", "-Iinc", "-w"])
        #expect(WarningOptions.forAnalysis(["-DX"]) == ["-DX", "-w"])
    }

    /// A unit built with -Werror and GCC-only warning options parses as before, with no parse error.
    @Test func projectWarningOptionsChangeNothing() throws {
        let tree = try TemporaryTree(Self.sources.merging(["src/extra.c": "static int unused(void) { int x; return 0; }\n"]) { $1 })
        try tree.write("compile_commands.json", """
            [{"arguments": ["cc", "-c", "-DWANT_UDP", "-Iinc", "-Wall", "-Werror", "-Wold-style-declaration", "-Wclobbered", "net.c"],
              "directory": "\(tree.path)/src", "file": "net.c"},
             {"arguments": ["cc", "-c", "-Wall", "-Wextra", "-Werror", "extra.c"], "directory": "\(tree.path)/src", "file": "extra.c"}]
            """)
        let result = try CommandRunner.run(["--format", "json", tree.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("\"rule\" : \"udp-socket\""))
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }
}
