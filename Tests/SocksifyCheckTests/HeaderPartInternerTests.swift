import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Units share one copy of each header part: by cache hash when there is one, else by value.
@Suite struct HeaderPartInternerTests {
    static func part(_ file: String, error: String? = nil) -> UnitFacts {
        var facts = UnitFacts(file: file)
        if let error { facts.parseErrors = [ParseProblem(message: error)] }
        return facts
    }

    @Test func equalHashesGiveTheFirstPart() {
        let interner = HeaderPartInterner()
        let first = interner.intern([Self.part("/t/a.h", error: "first")], hashes: ["h1"])
        // The cache's hash names the content: a part under a known hash is that part.
        let second = interner.intern([Self.part("/t/a.h", error: "second"), Self.part("/t/b.h")], hashes: ["h1", "h2"])
        #expect(second == first + [Self.part("/t/b.h")])
    }

    @Test func withoutHashesPartsAreMatchedByValue() {
        let interner = HeaderPartInterner()
        let parts = [Self.part("/t/a.h"), Self.part("/t/b.h", error: "x")]
        #expect(interner.intern(parts, hashes: nil) == parts)
        #expect(interner.intern(parts.reversed(), hashes: nil) == parts.reversed())
        #expect(interner.intern([Self.part("/t/b.h", error: "y")], hashes: nil) == [Self.part("/t/b.h", error: "y")], "another value stays itself")
        // A hash list that does not match the parts is not trusted.
        #expect(interner.intern(parts, hashes: ["only one"]) == parts)
    }
}
