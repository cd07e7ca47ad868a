import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck
import SocksifySource

/// The last run's memo as the cache stores it: what goes in comes out, the same memo gives the
/// same bytes, and bytes that are not a memo of this format are an error, never a wrong memo.
@Suite struct RunMemoTests {
    static func location(_ file: String, _ line: Int) -> SocksifySource.SourceLocation {
        SocksifySource.SourceLocation(file: file, line: line, column: 3, offset: 40 * line)
    }

    /// Every optional field both present and absent.
    static let memo: RunMemo = {
        var udp = Diagnosis(rule: "udp-socket", severity: .error, location: location("/t/a.c", 4), length: 6, function: "open_udp",
                            message: "a UDP socket", notes: [DiagnosisNote(location: location("/t/a.h", 2), message: "its type")],
                            removable: true,
                            fixIt: DiagnosisFixIt(start: location("/t/a.c", 4), end: location("/t/a.c", 5), replacement: "SOCK_STREAM"))
        udp.mayAlsoBeStream = false
        let plain = Diagnosis(rule: "bind-before-connect", severity: .warning, location: location("/t/b.c", 9), message: "bind", notes: [])
        let units = [
            RunMemo.Unit(file: "/t/a.c", parseErrors: [ParseProblem(message: "'x.h' file not found", location: location("/t/a.c", 1)),
                                                       ParseProblem(message: "too many errors")],
                         inputProblem: nil, unparsable: false, relevant: true, factsID: ["own", "part"],
                         dependencies: ["/t/a.c", "/t/a.h", "/usr/include/stdio.h"], usesSockets: true),
            RunMemo.Unit(file: "/t/b.c", parseErrors: [], inputProblem: "not UTF-8", unparsable: true, relevant: false, factsID: nil,
                         dependencies: ["/t/b.c", "/t/a.h"], usesSockets: false),
        ]
        return RunMemo(format: RunMemo.format, key: "key", files: ["/t/a.c": "d1", "/t/a.h": "d2", "/t/b.c": "absent"],
                       systemFiles: ["/usr/include/stdio.h": "10-1.2"], diagnoses: [udp, plain], units: units,
                       socketUse: ["/t/a.c": UnitSocketUse(functions: ["open_udp": ["socket", "bind"]], calls: ["main": ["open_udp"]])],
                       scanSummaries: ["/t/a.c": "summary"])
    }()

    @Test func memoRoundTripsToTheSameBytes() throws {
        let data = Self.memo.encoded
        #expect(try RunMemo(decoding: data) == Self.memo)
        #expect(try RunMemo(decoding: data).encoded == data, "the same memo, the same bytes")
        #expect(String(decoding: data.prefix(4), as: UTF8.self) == "SXM1")
    }

    /// The memo a real run writes reads back as written.
    @Test func aRealRunsMemoReadsBack() async throws {
        let tree = try copyOfFixture("dual-helper")
        var options = ScanOptions(paths: [tree.path], jobs: 1)
        options.cacheDirectory = tree.path + "/.cache"
        let first = try await CheckPipeline.scan(options)
        #expect(!first.report.findings.isEmpty)
        let data = try #require(FileManager.default.contents(atPath: tree.path + "/.cache/last-run.sxc"))
        let memo = try RunMemo(decoding: data)
        #expect(memo.encoded == data)
        #expect(memo.diagnoses.count == first.report.findings.count)
        #expect(memo.units.count == first.coverage.translationUnits)
        #expect(try await CheckPipeline.scan(options).reuse.previousResult)
    }

    @Test func truncatedMemosAreAnError() {
        let data = Self.memo.encoded
        for length in 0..<data.count {
            #expect(throws: (any Error).self) { try RunMemo(decoding: data.prefix(length)) }
        }
        #expect(throws: (any Error).self) { try RunMemo(decoding: data + Data([0])) }
    }

    @Test func anotherFormatOrKindOfFileIsAnError() {
        var older = Self.memo
        older.format = RunMemo.format - 1
        #expect(throws: (any Error).self) { try RunMemo(decoding: older.encoded) }
        #expect(throws: (any Error).self) { try RunMemo(decoding: FactsCodec.encode(UnitFacts(file: "/t/a.c"))) }
        #expect(throws: (any Error).self) { try RunMemo(decoding: Data("{\"format\": 6}".utf8)) }
    }
}
