import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Source mode on a tree whose names collide with the renames: only the calls that resolve to the C
/// library are renamed (in the project's macro bodies too), the member named `connect` is not, and
/// the result builds against libsocksd and imports the R-functions.
@Suite(.serialized) struct AdoptSourceTests {
    @Test func sourceModeRenamesOnlyTheLibraryCallsAndBuilds() throws {
        let viaGit = try copyOfFixture("adopt-source")
        let viaPatch = try copyOfFixture("adopt-source")
        let result = try CommandRunner.run(["adopt", "--source", "--init", "--library", "socksd", viaGit.path])
        #expect(result.status == 0, "\(result.stderr)")
        let patch = Array(result.stdout.utf8)
        #expect(try shell(["git", "apply", "-"], in: viaGit.path, input: patch).status == 0)
        #expect(try shell(["patch", "-p1", "--batch"], in: viaPatch.path, input: patch).status == 0)
        for file in ["main.c", "transport.c", "transport.h", "socksify.h", "Makefile"] {
            #expect(FileManager.default.contents(atPath: viaGit.path + "/" + file) == FileManager.default.contents(atPath: viaPatch.path + "/" + file), "\(file)")
        }

        let header = try String(contentsOfFile: viaGit.path + "/transport.h", encoding: .utf8)
        #expect(header.contains("int (*connect)(struct transport *self"), "a member is not a library call")
        #expect(header.contains("#define TRANSPORT_DIAL(fd, to, length) Rconnect((fd), (to), (length))"))
        let main = try String(contentsOfFile: viaGit.path + "/main.c", encoding: .utf8)
        #expect(main.contains("t.connect(&t,") && main.contains("= Rconnect;"))
        #expect(main.contains("    SOCKSinit(argv[0]);\n    transport_tcp(&t);"))
        let transport = try String(contentsOfFile: viaGit.path + "/transport.c", encoding: .utf8)
        #expect(transport.contains("Rselect(self->fd + 1") && transport.contains("return Raccept(self->fd"))
        #expect(transport.contains("t->connect = tcp_connect;"))

        let build = try shell(["make", "CC=cc -Wl,--as-needed"], in: viaGit.path)
        #expect(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        let symbols = try shell(["nm", "-D", "--undefined-only", viaGit.path + "/client"], in: viaGit.path).stdout
        for symbol in ["Rconnect", "Rselect", "Raccept", "SOCKSinit"] {
            #expect(symbols.contains(symbol), "imports \(symbol)")
        }
        #expect(!symbols.contains(" connect\n"), "no direct connect() left")

        let again = try CommandRunner.run(["adopt", "--source", "--init", "--library", "socksd", viaGit.path])
        #expect(again.status == 0 && again.stdout.isEmpty, "second adopt: \(again.stdout)")
    }

    @Test func fixDeletesRemovableBindsOnly() throws {
        let tree = try copyOfFixture("bind-helper")
        let before = try String(contentsOfFile: tree.path + "/client.c", encoding: .utf8)
        #expect(try CommandRunner.run(["adopt", "--fix", "--write", tree.path]).status == 0)
        let after = try String(contentsOfFile: tree.path + "/client.c", encoding: .utf8)
        #expect(before.contains("    bind(s, (struct sockaddr *)&any, sizeof any);\n"))
        #expect(!after.contains("bind(s, (struct sockaddr *)&any, sizeof any);"))
        #expect(after.components(separatedBy: "\n").count == before.components(separatedBy: "\n").count - 1)
        let local = try String(contentsOfFile: tree.path + "/local.c", encoding: .utf8)
        #expect(local.contains("return bind(s, (struct sockaddr *)&sin, sizeof sin);"), "a bind whose value is used stays")
        let check = try CommandRunner.run(["--format", "json", tree.path])
        #expect(!check.stdout.contains("client.c\",\n      \"rule\" : \"bind-before-connect\",\n      \"severity\" : \"warning\""))
    }

    @Test func overlappingEditsAreRefused() throws {
        let edits = [FileEdit(path: "x", range: 0..<4, replacement: "a"), FileEdit(path: "x", range: 2..<6, replacement: "b")]
        #expect(throws: EditConflict.self) { try EditSet.apply(edits, to: Array("0123456789".utf8)) }
        let same = [FileEdit(path: "x", range: 0..<1, replacement: "a")]
        var set = EditSet()
        set.add(same + same)
        #expect(set.byFile["x"]?.count == 1, "identical edits from two units merge")
        #expect(try EditSet.apply(set.byFile["x"]!, to: Array("0123".utf8)) == Array("a123".utf8))
    }
}
