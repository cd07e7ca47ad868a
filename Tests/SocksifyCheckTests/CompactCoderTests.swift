import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck
import ClangSupport

/// The cache's binary form: what goes in comes out, the same value gives the same bytes, and bytes
/// that are not a compact file are an error, never a wrong value.
@Suite struct CompactCoderTests {
    struct Sample: Codable, Equatable {
        enum Shape: Codable, Equatable { case circle(radius: Double), square(Int), none }
        var name: String
        var count: Int
        var big: UInt64
        var negative: Int64
        var ratio: Double
        var flag: Bool
        var missing: String?
        var present: Int?
        var list: [String]
        var nested: [[Int8]]
        var table: [String: Int]
        var shapes: [Shape]
    }

    let sample = Sample(name: "connect", count: 42, big: .max, negative: .min, ratio: -0.125, flag: true, missing: nil, present: 7,
                        list: ["a", "connect", "a", ""], nested: [[1, -2], [], [127]], table: ["x": 1],
                        shapes: [.circle(radius: 2.5), .square(-3), .none])

    /// Digests name cache files and guard cache parts: the same bytes must give the same digest in
    /// every version (the value is FNV-1a and a multiplicative hash, computed independently).
    @Test func digestIsStable() {
        #expect(StableHash.digest(Data("socksify-check".utf8)) == "451a554ff97d66ed-5b9eba663cf8afb2-14")
        #expect(StableHash.digest(Data()) == "cbf29ce484222325-84222325cbf29ce4-0")
    }

    @Test func valuesRoundTrip() throws {
        let data = try CompactCoder.encode(sample)
        #expect(try CompactCoder.decode(Sample.self, from: data) == sample)
        #expect(try CompactCoder.encode(sample) == data, "the same value, the same bytes")
    }

    @Test func realFactsRoundTripAndShrink() async throws {
        let tree = try copyOfFixture("dual-helper")
        let result = try await CheckPipeline.scan(ScanOptions(paths: [tree.path], jobs: 1))
        #expect(!result.report.findings.isEmpty)
        // The facts of a real unit, as the cache stores them.
        let index = ClangIndex()
        let unit = try index.parse(ParseRequest(file: tree.path + "/net.c", arguments: ["-w"], workingDirectory: tree.path))
        let facts = FactExtractor(unit: unit, file: tree.path + "/net.c").extract()
        #expect(!facts.flows.isEmpty)
        let compact = try CompactCoder.encode(facts)
        #expect(try CompactCoder.decode(UnitFacts.self, from: compact) == facts)
        #expect(compact.count < (try JSONEncoder().encode(facts)).count)
    }

    @Test(arguments: [Data(), Data("SXC1".utf8), Data("{\"name\": 1}".utf8), Data([0x53, 0x58, 0x43, 0x31, 0x05, 0x01])])
    func malformedBytesAreAnError(_ data: Data) {
        #expect(throws: (any Error).self) { try CompactCoder.decode(Sample.self, from: data) }
    }

    @Test func truncatedFilesAreAnError() throws {
        let data = try CompactCoder.encode(sample)
        for length in stride(from: 0, to: data.count, by: 7) {
            #expect(throws: (any Error).self) { try CompactCoder.decode(Sample.self, from: data.prefix(length)) }
        }
    }
}
