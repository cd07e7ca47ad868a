import Foundation
import Testing
@testable import SocksifyCheck

/// `--shard K/N` and the names of trees and result files: pure functions, no libclang.
@Suite struct SurveyShardTests {
    @Test func parsesKOfN() throws {
        #expect(try SurveyShard(parsing: "1/2") == SurveyShard(index: 1, count: 2))
        #expect(try SurveyShard(parsing: " 3 / 3 ") == SurveyShard(index: 3, count: 3))
        for bad in ["0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "-1/2", ""] {
            #expect(throws: SurveyShard.ParseError.self, "\(bad)") { try SurveyShard(parsing: bad) }
        }
    }

    /// Every tree falls in exactly one shard of N, for any N.
    @Test(arguments: [1, 2, 3, 7]) func shardsPartitionTheTrees(_ count: Int) {
        let trees = (0..<200).map { "trees/package-\($0)" }
        for tree in trees {
            let owners = (1...count).filter { SurveyShard(index: $0, count: count).contains(tree) }
            #expect(owners.count == 1, "\(tree): \(owners)")
        }
        if count > 1 {
            // FNV-1a spreads 200 names: no shard is empty or takes nearly all.
            for index in 1...count {
                let taken = trees.count { SurveyShard(index: index, count: count).contains($0) }
                #expect(taken > 200 / count / 2 && taken < 200 * 2 / count, "shard \(index): \(taken)")
            }
        }
    }

    /// The hash is FNV-1a over the normalised path: the same on every machine and in every run.
    /// These values pin it (a change would split an ongoing survey's shards differently).
    @Test func theShardOfATreeIsStable() {
        #expect(StableHash.hex("Fixtures/multi-program") == "560ee408a15bbcd0")
        #expect(SurveyShard.shard(of: "Fixtures/multi-program", count: 2) == 1)
        #expect(SurveyShard.shard(of: "Fixtures/raw-ping", count: 2) == 2)
        #expect(SurveyShard.shard(of: "./Fixtures//raw-ping/", count: 2) == 2)
    }

    @Test func oneTreeHasOneKeyHoweverItIsSpelt() {
        #expect(SurveyTree.key("a/b/") == "a/b")
        #expect(SurveyTree.key("./a//b/.") == "a/b")
        #expect(SurveyTree.key("/srv/x/") == "/srv/x")
        #expect(SurveyTree.key("./") == ".")
        #expect(SurveyTree.name("trees/netcat-1.10/") == "netcat-1.10")
        #expect(SurveyTree.resultFileName("trees/netcat-1.10/") == "netcat-1.10-\(StableHash.hex("trees/netcat-1.10")).json")
        #expect(SurveyTree.resultFileName("x/we ird$name") == "we_ird_name-\(StableHash.hex("x/we ird$name")).json")
    }
}
