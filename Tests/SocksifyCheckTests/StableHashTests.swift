import Foundation
import Testing
@testable import SocksifyCheck

@Suite struct StableHashTests {
    /// Digests name cache files and guard cache parts: the same bytes must give the same digest in
    /// every version (the value is FNV-1a and a multiplicative hash, computed independently).
    @Test func digestIsStable() {
        #expect(StableHash.digest(Data("socksify-check".utf8)) == "451a554ff97d66ed-5b9eba663cf8afb2-14")
        #expect(StableHash.digest(Data()) == "cbf29ce484222325-84222325cbf29ce4-0")
    }
}
