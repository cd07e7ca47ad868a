import Foundation
import SocksifyAnalysis

/// One instance of each distinct header part for the whole run. Every unit that includes a header
/// brings its own, equal copy of that header's facts (from its worker, or decoded from the cache), and
/// the scan holds every unit's facts until the whole-program phase: on haproxy the parse stage grew
/// the process by 220 MB, most of it about four copies of each part. Units then share one copy.
/// Parts are matched by their cache hash when the cache gave them one, else by value.
final class HeaderPartInterner: @unchecked Sendable {
    private let lock = NSLock()
    private var byHash: [String: UnitFacts] = [:]
    private var byValue: Set<UnitFacts> = []

    /// The parts, each replaced by the first equal one seen in this run. `hashes` are their cache
    /// hashes, in the same order (nil, or a list of another length: compared by value).
    func intern(_ parts: [UnitFacts], hashes: [String]?) -> [UnitFacts] {
        guard !parts.isEmpty else { return parts }
        return lock.withLock {
            if let hashes, hashes.count == parts.count {
                return zip(hashes, parts).map { hash, part in
                    if let known = byHash[hash] { return known }
                    byHash[hash] = part
                    return part
                }
            }
            return parts.map { byValue.insert($0).memberAfterInsert }
        }
    }
}
