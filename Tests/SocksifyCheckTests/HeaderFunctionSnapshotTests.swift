import ClangSupport
import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// HeaderFunctionSnapshot: what a parser shared is kept for the next run, read back only while every
/// file it depends on reads the same, and gives the facts a whole parse gives.
@Suite struct HeaderFunctionSnapshotTests {
    static let kinds = "#include <sys/socket.h>\n#define KIND SOCK_STREAM\n"
    static let header = "#include \"kinds.h\"\nstatic inline int open_socket(void) {\n  return socket(2, KIND, 0);\n}\n"

    static func tree() throws -> TemporaryTree {
        try TemporaryTree([
            "kinds.h": kinds,
            "net.h": header,
            "a.c": "#include \"net.h\"\nint a(void) { return open_socket(); }\n",
            "b.c": "#include \"net.h\"\nint b(void) { return open_socket(); }\n",
        ])
    }

    static func request(_ tree: TemporaryTree, _ file: String) -> ParseRequest {
        ParseRequest(file: tree.path + "/" + file, arguments: [], workingDirectory: tree.path)
    }

    /// A run that parses a.c alone with a cache folder, and keeps what it shared there (returned).
    static func keptAfterFirstUnit(_ tree: TemporaryTree) -> String {
        let cache = tree.path + "/cache"
        let first = HeaderFunctionMemo(directory: cache)
        _ = UnitExtraction.extract(request(tree, "a.c"), index: ClangIndex(), memo: first)
        first.save()
        return cache
    }

    @Test func aLaterRunStartsFromWhatTheLastOneSharedAndGetsTheSameFacts() throws {
        let tree = try Self.tree()
        let cache = Self.keptAfterFirstUnit(tree)
        let index = ClangIndex()

        let next = HeaderFunctionMemo(directory: cache)
        let unsaved = next.unsavedFiles(next.session(for: Self.request(tree, "b.c")))
        #expect(unsaved.map(\.path) == [tree.path + "/net.h"], "the kept body is blanked in the first unit of the next run")
        let shared = UnitExtraction.extract(Self.request(tree, "b.c"), index: index, memo: next)
        #expect(shared.facts == UnitExtraction.extract(Self.request(tree, "b.c"), index: index).facts)
        #expect(shared.facts.socketCreations.count == 1, "the blanked body's socket() comes from the kept facts")
    }

    @Test func aChangedFileTheSharingUnitsReadDropsWhatWasKept() throws {
        let tree = try Self.tree()
        let cache = Self.keptAfterFirstUnit(tree)
        let index = ClangIndex()
        // The macro keeps its place and changes its value: only the digest of kinds.h tells.
        try Self.kinds.replacingOccurrences(of: "SOCK_STREAM", with: "SOCK_DGRAM ")
            .write(toFile: tree.path + "/kinds.h", atomically: true, encoding: .utf8)

        let next = HeaderFunctionMemo(directory: cache)
        #expect(next.unsavedFiles(next.session(for: Self.request(tree, "b.c"))).isEmpty, "nothing kept holds")
        let facts = UnitExtraction.extract(Self.request(tree, "b.c"), index: index, memo: next).facts
        #expect(facts == UnitExtraction.extract(Self.request(tree, "b.c"), index: index).facts)
        let types = facts.socketCreations.flatMap(\.type).compactMap { source -> Int64? in
            if case let .constant(value, _) = source { value } else { nil }
        }
        #expect(types == [2], "SOCK_DGRAM, as the header now says")
    }

    @Test func anEditToTheUnitsOwnFileKeepsWhatWasShared() throws {
        let tree = try Self.tree()
        let cache = Self.keptAfterFirstUnit(tree)
        try "#include \"net.h\"\nint a(void) { return open_socket() + 1; }\n"
            .write(toFile: tree.path + "/a.c", atomically: true, encoding: .utf8)
        let next = HeaderFunctionMemo(directory: cache)
        #expect(!next.unsavedFiles(next.session(for: Self.request(tree, "a.c"))).isEmpty)
    }

    @Test func theBytesRoundTripAndAnythingElseIsRefused() throws {
        let tree = try Self.tree()
        let cache = tree.path + "/cache"
        let memo = HeaderFunctionMemo(directory: cache)
        let request = Self.request(tree, "a.c")
        _ = UnitExtraction.extract(request, index: ClangIndex(), memo: memo)
        let context = memo.session(for: request).context
        context.unstable.insert(HeaderFunctionMemo.Key(file: tree.path + "/other.h", offset: 7))
        let key = HeaderFunctionMemo.contextKey(for: request)
        let bytes = [UInt8](HeaderFunctionSnapshot.encoded(context, key: key))
        let loaded = try HeaderFunctionSnapshot.decoded(bytes, key: key)
        #expect(loaded.entries.count == 1 && loaded.entries.count == context.entries.count)
        for (entryKey, entry) in context.entries {
            #expect(loaded.entries[entryKey]?.facts == entry.facts)
            #expect(loaded.entries[entryKey]?.identifiers == entry.identifiers)
            #expect(loaded.entries[entryKey]?.macroContext == entry.macroContext)
            #expect(loaded.entries[entryKey]?.collisions == entry.collisions)
        }
        #expect(loaded.bodies == context.bodies)
        #expect(loaded.unstable == context.unstable)
        #expect(loaded.dependencies == context.dependencies)
        #expect(Set(loaded.dependencies.keys).isSuperset(of: [tree.path + "/net.h", tree.path + "/kinds.h"]))
        #expect(!loaded.dependencies.keys.contains(tree.path + "/a.c"), "the unit's own file is not a dependency")
        #expect([UInt8](HeaderFunctionSnapshot.encoded(context, key: key)) == bytes, "the same context, the same bytes")

        #expect(throws: (any Error).self) { try HeaderFunctionSnapshot.decoded(bytes, key: key + "-D") }
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
            #expect(throws: (any Error).self) { try HeaderFunctionSnapshot.decoded(Array(bytes.prefix(length)), key: key) }
        }
        #expect(throws: (any Error).self) { try HeaderFunctionSnapshot.decoded(bytes + [0], key: key) }
    }
}
