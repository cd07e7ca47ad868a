import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// SARIF and GitHub annotations: goldens (paths relative, version as a placeholder), the official
/// SARIF schema, fingerprints that survive moved lines, GitHub's escaping, byte-identical reruns.
@Suite struct OutputFormatTests {
    static let goldenFixtures = ["dual-helper", "missing-header", "bind-helper"]

    private func result(_ name: String) async throws -> ScanResult {
        var result = try await scan(Package.fixture(name))
        result.report.root = "Fixtures/" + name
        result.displayPrefix = "Fixtures/\(name)/"
        return result
    }

    private func golden(_ name: String, _ actual: String) throws {
        let path = Package.root + "/Tests/SocksifyCheckTests/Goldens/" + name
        let placeheld = actual.replacingOccurrences(of: SocksifyCheckInfo.version, with: "<version>")
        if Package.updatingGoldens { try Data(placeheld.utf8).write(to: URL(fileURLWithPath: path)) }
        #expect(placeheld == (try String(contentsOfFile: path, encoding: .utf8)), "\(name)")
    }

    @Test(arguments: goldenFixtures)
    func sarifMatchesGolden(_ name: String) async throws {
        let result = try await result(name)
        try golden("\(name).sarif", SARIFReporter.render(result.report, root: result.rootDirectory, prefix: result.displayPrefix))
    }

    @Test(arguments: goldenFixtures)
    func githubAnnotationsMatchGolden(_ name: String) async throws {
        let result = try await result(name)
        try golden("\(name).github", try GitHubReporter.render(result.report, prefix: result.displayPrefix))
    }

    /// Every fixture's SARIF against the official schema, kept with the tests (Schemas/README.md).
    @Test(arguments: FixtureTests.names)
    func sarifValidatesAgainstTheOfficialSchema(_ name: String) throws {
        let schema = Package.root + "/Tests/SocksifyCheckTests/Schemas/sarif-schema-2.1.0.json"
        try #require(FileManager.default.fileExists(atPath: schema), "the SARIF schema is at \(schema)")
        let output = try CommandRunner.run(["--format", "sarif", "Fixtures/" + name])
        let document = try TemporaryTree(["out.sarif": output.stdout])
        let validation = try shell(["/usr/bin/python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            document = json.load(open(sys.argv[2]))
            jsonschema.Draft4Validator(schema).validate(document)
            runs = document["runs"]
            assert runs[0]["tool"]["driver"]["rules"], "rules"
            for result in runs[0]["results"]:
                region = result["locations"][0]["physicalLocation"]["region"]
                assert min(region.values()) >= 1, region
                assert "primaryLocationLineHash" in result["partialFingerprints"]
            """, schema, document.path + "/out.sarif"], in: Package.root)
        #expect(validation.status == 0, "\(validation.stderr)")
    }

    @Test func fingerprintsSurviveLinesMovingAbove() async throws {
        let code = "#include <sys/socket.h>\n#include <netinet/in.h>\nint f(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n"
        let before = try TemporaryTree(["a.c": code])
        let after = try TemporaryTree(["a.c": "/* a new\n   comment */\n\n" + code])
        func fingerprints(_ tree: TemporaryTree) async throws -> (hashes: [String], lines: [Int]) {
            let result = try await scan(tree.path)
            let json = try JSONSerialization.jsonObject(with: Data(SARIFReporter.render(result.report, root: result.rootDirectory).utf8)) as! [String: Any]
            let results = ((json["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
            return (results.map { ($0["partialFingerprints"] as! [String: String])["primaryLocationLineHash"]! },
                    result.report.findings.map(\.line))
        }
        let (first, firstLines) = try await fingerprints(before)
        let (second, secondLines) = try await fingerprints(after)
        #expect(first == second && !first.isEmpty)
        #expect(firstLines != secondLines)
    }

    @Test func sarifColumnsAreUTF16() throws {
        #expect(SARIFReporter.utf16Column(5, in: "é = 1;") == 4, "é is two bytes, one UTF-16 unit")
        #expect(SARIFReporter.utf16Column(6, in: "😀 x") == 4, "an emoji is four bytes, two units")
    }

    /// URIs as RFC 3986 writes them: a space, non-ASCII (its UTF-8) and the raw bytes of a name that
    /// is not UTF-8 percent-encoded, never U+FFFD; relative to SRCROOT, which the run defines.
    @Test func sarifURIsArePercentEncodedFromTheNamesBytes() throws {
        let udp = "#include <sys/socket.h>\nint f(void) { return socket(2, SOCK_DGRAM, 0); }\n"
        let tree = try TemporaryTree(["sub dir/a b é.c": udp, "100%#?.c": udp])
        let rawName = Array((tree.path + "/bad").utf8) + [0xFF, 0xC3, 0x2E, 0x63]
        let descriptor = (rawName + [0]).withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        close(descriptor)
        let result = try CommandRunner.run(["--format", "sarif", "--no-cache", "."], in: tree.path)
        #expect(result.status == 1, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        let locations = (run["results"] as? [[String: Any]] ?? []).flatMap { $0["locations"] as? [[String: Any]] ?? [] }
        let artifacts = locations.compactMap { ($0["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: String] }
        let uris = Set(artifacts.compactMap { $0["uri"] })
        #expect(uris == ["sub%20dir/a%20b%20%C3%A9.c", "100%25%23%3F.c", "bad%FF%C3.c"])
        #expect(artifacts.allSatisfy { $0["uriBaseId"] == "SRCROOT" })
        #expect(!result.stdout.contains("\u{FFFD}") && !result.stdout.contains("\\ufffd"))
        let base = try #require((run["originalUriBaseIds"] as? [String: Any])?["SRCROOT"] as? [String: Any])
        #expect(base["uri"] as? String == "file://" + FilePaths.real(tree.path) + "/")

        #expect(RawFileName.bytes(RawFileName.string([0x61, 0xFF, 0xE2, 0x82, 0xAC, 0xE2, 0x82])) == [0x61, 0xFF, 0xE2, 0x82, 0xAC, 0xE2, 0x82])
        #expect(RawFileName.string(Array("ok é".utf8)) == "ok é")
        #expect(RawFileName.percentEncoded("a-b_c.d~/x+y:z") == "a-b_c.d~/x%2By%3Az")
        let text = try CommandRunner.run(["--no-cache", "."], in: tree.path)
        #expect(text.stdout.contains("bad\\xFF\\xC3.c:1:1: note: this file has a name that is not valid UTF-8"), "\(text.stdout)")
    }

    @Test func githubEscapesMessagesAndProperties() throws {
        #expect(GitHubReporter.data("100% done\r\nnext") == "100%25 done%0D%0Anext")
        #expect(GitHubReporter.property("a:b,c%") == "a%3Ab%2Cc%25")
        let report = Report(root: ".", findings: [Finding(rule: "udp-socket", severity: .warning, path: "dir,x/a:b.c", line: 3, column: 4,
                                                        endColumn: 9, function: nil, message: "50% lost\nreally", notes: [])],
                            translationUnits: 1, filesWithParseErrors: 0)
        #expect(try GitHubReporter.render(report) == "::warning file=dir%2Cx/a%3Ab.c,line=3,col=4,endColumn=9,title=socksify-check udp-socket::50%25 lost%0Areally\n")
    }

    @Test func githubRefusesAbsolutePaths() throws {
        let result = try CommandRunner.run(["--format", "github", Package.fixture("dual-helper")])
        #expect(result.status == 3)
        #expect(result.stderr.contains("relative PATH"))
        #expect(result.stdout.isEmpty)
    }

    /// The same findings give the same bytes, whatever order the files are named in and however many
    /// workers parse them.
    @Test(arguments: ["json", "sarif", "text", "github"])
    func outputIsDeterministic(_ format: String) throws {
        let files = ["bind-helper/client.c", "bind-helper/local.c", "daemon/daemon.c", "dual-helper/net.c",
                     "dual-helper/transfer.c", "dual-helper/control.c", "raw-ping/ping.c"].map { "Fixtures/" + $0 }
        let first = try CommandRunner.run(["--format", format, "--jobs", "1"] + files)
        var generator = SystemRandomNumberGenerator()
        for jobs in ["2", "7"] {
            let again = try CommandRunner.run(["--format", format, "--jobs", jobs] + files.shuffled(using: &generator))
            #expect(again.stdout == first.stdout)
            #expect(again.status == first.status)
        }
        #expect(!first.stdout.isEmpty)
    }
}
