import Testing
@testable import SocksifyCheck

/// What the verification of a CMake adoption reads in CMake's model of the edited build: pure, no
/// cmake and no libclang.
@Suite struct CMakeVerificationTests {
    let profile = AdoptProfile(profile: .socks4, library: "socksd", exports: ["Rconnect", "Rbind", "Rgetsockname", "Raccept", "Rlisten", "Rselect"])
    var renames: [String] { profile.renamedFunctions.map { "\($0)=R\($0)" } }

    /// fetch links the static library net (which holds its connect); serve is a server.
    func model(fetchDefines: [String]? = nil, netDefines: [String]? = nil, serveDefines: [String] = [],
               fetchLibraries: [String] = ["../net/libnet.a", "-lsocksd"], serveLibraries: [String] = []) -> CMakeCodeModel {
        CMakeCodeModel(targets: [
            .init(id: "fetch::@1", name: "fetch", type: "EXECUTABLE", sourceDirectory: "/t/tools", artifact: "/b/tools/fetch",
                  sources: [("/t/tools/fetch.c", fetchDefines ?? renames)], dependencies: ["net::@2"], libraries: fetchLibraries),
            .init(id: "net::@2", name: "net", type: "STATIC_LIBRARY", sourceDirectory: "/t/net", artifact: "/b/net/libnet.a",
                  sources: [("/t/net/dial.c", netDefines ?? renames)], dependencies: [], libraries: []),
            .init(id: "serve::@1", name: "serve", type: "EXECUTABLE", sourceDirectory: "/t/tools", artifact: "/b/tools/serve",
                  sources: [("/t/tools/serve.c", serveDefines)], dependencies: [], libraries: serveLibraries),
        ])
    }

    func problems(_ model: CMakeCodeModel, checkRenames: Bool = true) -> [String] {
        CMakeVerification(profile: profile, checkRenames: checkRenames)
            .problems(model, adopted: ["fetch"], renamedLibraries: ["net"], root: "/t")
    }

    @Test func theAdoptedBuildAsPlannedHasNoProblem() {
        #expect(problems(model()) == [])
    }

    @Test func aLibrarySourceWithoutTheRenamesIsNamed() {
        #expect(problems(model(netDefines: ["NDEBUG"])) == ["net: net/dial.c is compiled without " + renames.map { "-D" + $0 }.joined(separator: " ")])
    }

    @Test func aRenamedSourceOfAProgramLeftAloneIsNamed() {
        #expect(problems(model(serveDefines: ["PORT=7070", "connect=Rconnect"])) == ["serve: tools/serve.c is compiled with the renames, but serve is not adopted"])
    }

    @Test func theLibraryMustComeAfterTheRenamedArchive() {
        #expect(problems(model(fetchLibraries: ["-lsocksd", "../net/libnet.a"])) == ["fetch: its link line names libsocksd before ../net/libnet.a"])
        #expect(problems(model(fetchLibraries: ["../net/libnet.a"])) == ["fetch: its link line does not name libsocksd"])
        #expect(problems(model(fetchLibraries: ["../net/libnet.a", "/usr/lib/x86_64-linux-gnu/libsocksd.so"])) == [])
    }

    @Test func sourceModeChecksLinksOnly() {
        #expect(problems(model(fetchDefines: [], netDefines: []), checkRenames: false) == [])
        #expect(problems(model(fetchDefines: [], netDefines: [], fetchLibraries: ["../net/libnet.a"]), checkRenames: false)
            == ["fetch: its link line does not name libsocksd"])
    }

    @Test func anAdoptedProgramThatIsGoneIsNamed() {
        var gone = model()
        gone.targets.removeFirst()
        #expect(problems(gone) == ["fetch: no longer a target of the adopted build"])
    }

    @Test func archivesFollowLibrariesTheyLink() {
        var chained = model()
        chained.targets[1].dependencies = ["util::@3"]
        chained.targets.append(.init(id: "util::@3", name: "util", type: "OBJECT_LIBRARY", sourceDirectory: "/t/util", artifact: nil,
                                     sources: [("/t/util/u.c", [])], dependencies: ["fetch::@1"], libraries: []))
        #expect(chained.archives(of: chained.targets[0]).map(\.name) == ["net", "util"], "an executable it depends on is not code it links")
    }
}
