import Foundation
import SocksifyAnalysis

/// What one HeaderFunctionMemo context shared, kept in the cache folder for the next run
/// (`header-functions/`, a file per set of compiler arguments, written beside and renamed by each
/// parser that shared something new; the last one wins, and any one of them is whole).
///
/// It holds only while every file the sharing units read (project and system headers alike) has
/// the digest it had: a header function's facts depend on the declarations before it, from other
/// headers, and a macro's definition can change its value without moving. Within a run every unit
/// reads the same files; across runs this check stands in for that. Written field by field like the
/// facts, entries sorted, so the same context gives the same bytes:
///
///     file := "SXH1" strings varint(format) tool key dependencies entries unstable
enum HeaderFunctionSnapshot {
    static let magic: [UInt8] = Array("SXH1".utf8)
    static let format = 1
    static let folder = "header-functions"

    /// A context read back.
    struct Loaded {
        var entries: [HeaderFunctionMemo.Key: HeaderFunctionMemo.Entry] = [:]
        var bodies: [String: [HeaderFunctionMemo.Key: Range<Int>]] = [:]
        var unstable: Set<HeaderFunctionMemo.Key> = []
        var dependencies: [String: String] = [:]
    }

    static func path(directory: String, key: String) -> String {
        directory + "/" + folder + "/" + StableHash.hex(key + "\u{0}" + UnitCache.toolIdentity) + ".sxh"
    }

    static func save(_ context: HeaderFunctionMemo.Context, key: String, directory: String) {
        guard !context.dependencies.values.contains("") else { return }
        try? FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
        UnitCache.writeAtomically(encoded(context, key: key), to: path(directory: directory, key: key))
    }

    static func encoded(_ context: HeaderFunctionMemo.Context, key: String) -> Data {
        var writer = FactsWriter(magic: magic)
        writer.uint(format)
        writer.string(UnitCache.toolIdentity)
        writer.string(key)
        writer.table(context.dependencies)
        let entries = context.entries.compactMap { key, entry in context.bodies[key.file]?[key].map { (key, entry, $0) } }
            .sorted { ($0.0.file, $0.0.offset) < ($1.0.file, $1.0.offset) }
        writer.list(entries) { writer, item in
            let (key, entry, body) = item
            writer.string(key.file)
            writer.uint(key.offset)
            writer.uint(body.lowerBound)
            writer.uint(body.upperBound)
            writer.list(entry.identifiers) { $0.string($1) }
            writer.list(entry.macroContext.sorted { $0.key < $1.key }) { writer, pair in
                writer.string(pair.key)
                writer.list(pair.value) { $0.location($1) }
            }
            writer.list(entry.collisions) { $0.collision($1) }
            writer.facts(entry.facts)
        }
        writer.list(context.unstable.sorted { ($0.file, $0.offset) < ($1.file, $1.offset) }) { writer, key in
            writer.string(key.file)
            writer.uint(key.offset)
        }
        return writer.data
    }

    /// The context kept for `key`, or nil: none kept, another format or tool, unreadable, or a file
    /// it depends on reads differently now (`digests`: the parser's, each file hashed once).
    static func load(directory: String, key: String, digests: FileDigests) -> Loaded? {
        guard let data = FileManager.default.contents(atPath: path(directory: directory, key: key)),
              let loaded = try? decoded([UInt8](data), key: key),
              loaded.dependencies.allSatisfy({ digests.hash($0.key) == $0.value }) else { return nil }
        return loaded
    }

    /// The bytes of a kept context, dependencies not checked. Throws on another format, tool or key.
    static func decoded(_ bytes: [UInt8], key: String) throws -> Loaded {
        let reader = try FactsReader(bytes, magic: magic)
        guard try reader.uint() == format, try reader.string() == UnitCache.toolIdentity, try reader.string() == key else {
            throw FactsReader.Corrupt(reason: "another format, tool or set of arguments")
        }
        var loaded = Loaded()
        loaded.dependencies = try reader.table()
        let entries = try reader.list { () -> (HeaderFunctionMemo.Key, HeaderFunctionMemo.Entry, Range<Int>) in
            let key = HeaderFunctionMemo.Key(file: try reader.string(), offset: try reader.uint())
            let lower = try reader.uint(), upper = try reader.uint()
            guard lower <= upper else { throw FactsReader.Corrupt(reason: "a body that ends before it starts") }
            let identifiers = try reader.list { try reader.string() }
            let pairs = try reader.list { (try reader.string(), try reader.list { try reader.location() }) }
            let collisions = try reader.list { try reader.collision() }
            let entry = HeaderFunctionMemo.Entry(facts: try reader.facts(), collisions: collisions, identifiers: identifiers,
                                                 macroContext: Dictionary(pairs) { first, _ in first })
            return (key, entry, lower..<upper)
        }
        for (key, entry, body) in entries {
            loaded.entries[key] = entry
            loaded.bodies[key.file, default: [:]][key] = body
        }
        loaded.unstable = Set(try reader.list { HeaderFunctionMemo.Key(file: try reader.string(), offset: try reader.uint()) })
        guard reader.atEnd else { throw FactsReader.Corrupt(reason: "bytes after the header functions") }
        return loaded
    }
}
