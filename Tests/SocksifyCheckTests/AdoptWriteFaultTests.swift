import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// adopt --write under faults: whatever fails halfway, every original file is as it was, no
/// temporary file is left behind, and the error says which file and why.
@Suite(.serialized) struct AdoptWriteFaultTests {
    /// The real file system, failing on the Nth temporary write or the Nth rename.
    final class FaultyFileSystem: AdoptFileSystem {
        let real = RealFileSystem()
        var failTemporary: Int?
        var failRename: Int?
        private var temporaries = 0
        private var renames = 0

        func writeTemporary(besides path: String, bytes: [UInt8], mode: mode_t) throws -> String {
            temporaries += 1
            if temporaries == failTemporary { throw AdoptError.writeFailed(path: path, reason: "No space left on device") }
            return try real.writeTemporary(besides: path, bytes: bytes, mode: mode)
        }

        func rename(_ from: String, over to: String) throws {
            renames += 1
            if renames == failRename { throw AdoptError.writeFailed(path: to, reason: "Input/output error") }
            try real.rename(from, over: to)
        }

        func remove(_ path: String) { real.remove(path) }
    }

    private func snapshot(_ tree: TemporaryTree) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: tree.path)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: tree.path + "/" + name, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[name] = FileManager.default.contents(atPath: tree.path + "/" + name) }
        }
        return files
    }

    @Test(arguments: [(1, nil), (2, nil), (nil, 1), (nil, 2)] as [(Int?, Int?)])
    func failedWriteLeavesEveryFileAsItWas(_ failTemporary: Int?, _ failRename: Int?) async throws {
        let tree = try copyOfFixture("adopt-subdirs")
        let before = try snapshot(tree)
        let plan = try await Adopter.plan(AdoptOptions(root: tree.path))
        #expect(plan.changes.count == 2)
        let faulty = FaultyFileSystem()
        faulty.failTemporary = failTemporary
        faulty.failRename = failRename
        #expect(throws: AdoptError.self) { try Adopter.write(plan, fileSystem: faulty) }
        #expect(try snapshot(tree) == before, "no file changed, no temporary file left")
    }

    @Test func fileReplacedByADirectoryBeforeTheWrite() async throws {
        let tree = try copyOfFixture("adopt-subdirs")
        let plan = try await Adopter.plan(AdoptOptions(root: tree.path))
        let app = try #require(FileManager.default.contents(atPath: tree.path + "/app/Makefile"))
        try FileManager.default.removeItem(atPath: tree.path + "/lib/Makefile")
        try FileManager.default.createDirectory(atPath: tree.path + "/lib/Makefile", withIntermediateDirectories: false)
        do {
            try Adopter.write(plan)
            Issue.record("writing over a directory must fail")
        } catch let error as AdoptError {
            #expect("\(error)".contains("lib/Makefile"))
        }
        #expect(FileManager.default.contents(atPath: tree.path + "/app/Makefile") == app, "the file already replaced is put back")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.path + "/app") + FileManager.default.contentsOfDirectory(atPath: tree.path + "/lib")
        #expect(!leftovers.contains { $0.hasPrefix(".socksify-check-") })
    }

    @Test func cliReportsAWriteFailureWithExitFour() throws {
        let tree = try copyOfFixture("adopt-builtin")
        let result = try CommandRunner.run(["adopt", "--output", tree.path + "/no/such/dir/patch", tree.path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("error"))
    }
}
