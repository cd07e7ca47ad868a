import Foundation
import SocksifyAnalysis
import SocksifySource

/// The cache's form of a unit's facts (or a header's part of them), written and read field by
/// field: a re-run after an edit reads every unit's facts back, and through Codable that was most of
/// the run (a container box, generic metadata lookups and key searches per struct). Strings are
/// kept once in a table, numbers as varints; the same facts always give the same bytes, which the
/// content-addressed parts need. A test round-trips real facts and rejects truncated and foreign
/// bytes; any change to a fact type must change this file and `UnitCache.formatVersion`.
///
///     file := "SXF1" varint(stringCount) (varint(byteCount) utf8)* facts
enum FactsCodec {
    static let magic: [UInt8] = Array("SXF1".utf8)

    static func encode(_ facts: UnitFacts) -> Data {
        var writer = FactsWriter()
        writer.facts(facts)
        return writer.data
    }

    static func decode(_ data: Data) throws -> UnitFacts {
        let reader = try FactsReader([UInt8](data))
        let facts = try reader.facts()
        guard reader.atEnd else { throw FactsReader.Corrupt(reason: "bytes after the facts") }
        return facts
    }
}

// MARK: - Writing

struct FactsWriter {
    /// The first four bytes: what kind of file this is.
    var magic = FactsCodec.magic
    private var body: [UInt8] = []
    private var table: [String: Int] = [:]
    private var strings: [String] = []

    init(magic: [UInt8] = FactsCodec.magic) { self.magic = magic }

    var data: Data {
        var head = magic
        Self.varint(UInt64(strings.count), into: &head)
        for string in strings {
            let utf8 = Array(string.utf8)
            Self.varint(UInt64(utf8.count), into: &head)
            head += utf8
        }
        return Data(head + body)
    }

    /// Seven bits a byte, low first; the high bit says another byte follows.
    private static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func uint(_ value: Int) { Self.varint(UInt64(max(0, value)), into: &body) }
    /// Zigzag: small negative numbers stay small.
    mutating func int(_ value: Int64) { Self.varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), into: &body) }
    mutating func bool(_ value: Bool) { body.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        if let index = table[value] { return uint(index) }
        table[value] = strings.count
        strings.append(value)
        uint(strings.count - 1)
    }

    mutating func optional<T>(_ value: T?, _ write: (inout Self, T) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }

    mutating func list<T>(_ values: [T], _ write: (inout Self, T) -> Void) {
        uint(values.count)
        for value in values { write(&self, value) }
    }

    /// Sorted by key, so the same table gives the same bytes.
    mutating func table(_ table: [String: String]) {
        list(table.sorted { $0.key < $1.key }) { writer, pair in
            writer.string(pair.key)
            writer.string(pair.value)
        }
    }

    mutating func parseProblem(_ value: ParseProblem) {
        string(value.message)
        optional(value.location) { $0.location($1) }
    }

    mutating func location(_ value: SourceLocation) {
        string(value.file)
        uint(value.line)
        uint(value.column)
        uint(value.offset)
    }

    mutating func range(_ value: SourceRange) {
        location(value.start)
        location(value.end)
    }

    mutating func function(_ value: FunctionRef) {
        string(value.name)
        string(value.usr)
    }

    mutating func abstract(_ value: AbstractLocation) {
        switch value {
        case let .field(name): uint(0); string(name)
        case let .global(usr): uint(1); string(usr)
        case let .result(usr): uint(2); string(usr)
        case let .outField(usr, index, field): uint(3); string(usr); int(Int64(index)); string(field)
        }
    }

    mutating func origin(_ value: Origin) {
        switch value {
        case let .macro(name, definition): uint(0); string(name); location(definition)
        case let .addrinfoHints(field, assignment): uint(1); string(field); location(assignment)
        case let .addrinfoAnyFamily(call): uint(2); location(call)
        case let .assignment(variable, at): uint(3); string(variable); location(at)
        case let .callSite(callee, caller, at):
            uint(4); string(callee); optional(caller) { $0.string($1) }; location(at)
        }
    }

    mutating func value(_ value: ValueSource) {
        switch value {
        case let .constant(number, origins): uint(0); int(number); list(origins) { $0.origin($1) }
        case let .parameter(usr, index): uint(1); string(usr); uint(index)
        case let .location(place): uint(2); abstract(place)
        case .unknown: uint(3)
        case let .parameterField(usr, index, field, record): uint(4); string(usr); uint(index); string(field); string(record)
        }
    }

    mutating func identity(_ value: SocketIdentity) {
        string(value.key)
        string(value.display)
        bool(value.global)
    }

    mutating func event(_ value: SocketEvent) {
        string(value.kind.rawValue)
        string(value.name)
        optional(value.socket) { $0.identity($1) }
        location(value.location)
        uint(value.length)
        string(value.function)
        bool(value.nonblockingCreate)
        bool(value.localCreate)
        optional(value.bindAddress) { writer, address in
            writer.bool(address.wildcard)
            switch address.port {
            case .zero: writer.uint(0)
            case let .fixed(port): writer.uint(1); writer.int(port)
            case .reserved: writer.uint(2)
            case .unknown: writer.uint(3)
            }
            writer.list(address.copiedFrom) { $0.string($1) }
        }
        bool(value.retriesUntilEISCONN)
        optional(value.callExtent) { $0.range($1) }
        optional(value.callee) { $0.function($1) }
        list(value.arguments) { writer, argument in writer.optional(argument) { $0.identity($1) } }
        bool(value.inLoop)
        list(value.via) { writer, step in
            writer.string(step.callee)
            writer.location(step.location)
        }
        optional(value.familyParameter) { $0.uint($1) }
        list(value.localArguments) { $0.uint($1) }
        list(value.parameterArguments) { $0.int(Int64($1)) }
        optional(value.guardParameter) { $0.uint($1) }
        bool(value.guardNonzero)
        list(value.truthArguments) { $0.int(Int64($1)) }
    }

    mutating func flow(_ value: FunctionFlow) {
        function(value.function)
        list(value.parameters) { $0.identity($1) }
        list(value.nodes) { writer, node in
            writer.list(node.events) { $0.event($1) }
            writer.list(node.successors) { $0.uint($1) }
        }
        list(value.returned) { $0.identity($1) }
    }

    mutating func collision(_ value: CollidingDeclaration) {
        string(value.name)
        string(value.kind)
        location(value.location)
    }

    mutating func facts(_ value: UnitFacts) {
        string(value.file)
        list(value.socketCreations) { writer, creation in
            writer.string(creation.callee)
            writer.location(creation.location)
            writer.optional(creation.function) { $0.function($1) }
            writer.list(creation.domain) { $0.value($1) }
            writer.list(creation.type) { $0.value($1) }
            writer.list(creation.callOrigins) { $0.origin($1) }
        }
        list(value.calls) { writer, call in
            writer.function(call.callee)
            writer.optional(call.caller) { $0.function($1) }
            writer.location(call.location)
            writer.list(call.arguments) { writer, argument in writer.list(argument) { $0.value($1) } }
            writer.list(call.argumentFields) { writer, field in
                writer.uint(field.index)
                writer.string(field.field)
                writer.list(field.values) { $0.value($1) }
            }
        }
        list(value.parseErrors) { $0.parseProblem($1) }
        optional(value.inputProblem) { $0.string($1) }
        list(value.flows) { $0.flow($1) }
        list(value.collisions) { $0.collision($1) }
        list(value.unrenamedCalls) { writer, call in
            switch call.kind {
            case .rcmd: writer.uint(0)
            case .fastOpen: writer.uint(1)
            case let .syscall(name): writer.uint(2); writer.string(name)
            }
            writer.string(call.callee)
            writer.location(call.location)
            writer.optional(call.function) { $0.string($1) }
        }
        list(value.nullAddressAccepts) { writer, call in
            writer.string(call.callee)
            writer.location(call.location)
            writer.optional(call.function) { $0.string($1) }
        }
        list(value.writes) { writer, write in
            writer.abstract(write.location)
            writer.list(write.values) { $0.value($1) }
            writer.location(write.site)
            writer.string(write.name)
            writer.optional(write.function) { $0.function($1) }
        }
    }
}

// MARK: - Reading

final class FactsReader {
    struct Corrupt: Error, CustomStringConvertible {
        var reason: String
        var description: String { "not a facts file: \(reason)" }
    }

    private let bytes: [UInt8]
    private let strings: [String]
    private var position: Int

    var atEnd: Bool { position == bytes.count }

    init(_ bytes: [UInt8], magic: [UInt8] = FactsCodec.magic) throws {
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else { throw Corrupt(reason: "no magic") }
        self.bytes = bytes
        position = 4
        var strings: [String] = []
        let count = try Self.varint(bytes, &position)
        guard count <= UInt64(bytes.count) else { throw Corrupt(reason: "a string count past the end") }
        strings.reserveCapacity(Int(count))
        for _ in 0..<count {
            let length = try Self.varint(bytes, &position)
            guard length <= UInt64(bytes.count - position) else { throw Corrupt(reason: "a string past the end") }
            let end = position + Int(length)
            strings.append(String(decoding: bytes[position..<end], as: UTF8.self))
            position = end
        }
        self.strings = strings
    }

    private static func varint(_ bytes: [UInt8], _ position: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count, shift < 64 else { throw Corrupt(reason: "a number runs past the end") }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    func uint() throws -> Int {
        let value = try Self.varint(bytes, &position)
        guard value <= UInt64(Int.max) else { throw Corrupt(reason: "a number out of range") }
        return Int(value)
    }

    func int() throws -> Int64 {
        let raw = try Self.varint(bytes, &position)
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    func bool() throws -> Bool {
        guard position < bytes.count else { throw Corrupt(reason: "a flag past the end") }
        defer { position += 1 }
        switch bytes[position] {
        case 0: return false
        case 1: return true
        default: throw Corrupt(reason: "a flag that is neither 0 nor 1")
        }
    }

    func string() throws -> String {
        let index = try uint()
        guard index < strings.count else { throw Corrupt(reason: "a string index past the table") }
        return strings[index]
    }

    func optional<T>(_ read: () throws -> T) throws -> T? { try bool() ? try read() : nil }

    func list<T>(_ read: () throws -> T) throws -> [T] {
        let count = try uint()
        // Every element takes at least one byte: a count beyond what is left is corruption.
        guard count <= bytes.count - position else { throw Corrupt(reason: "a list longer than the file") }
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try read()) }
        return result
    }

    func tag(_ cases: Int) throws -> Int {
        let tag = try uint()
        guard tag < cases else { throw Corrupt(reason: "an unknown case") }
        return tag
    }

    func table() throws -> [String: String] {
        Dictionary(try list { (try string(), try string()) }) { first, _ in first }
    }

    func parseProblem() throws -> ParseProblem {
        ParseProblem(message: try string(), location: try optional(location))
    }

    func location() throws -> SourceLocation {
        SourceLocation(file: try string(), line: try uint(), column: try uint(), offset: try uint())
    }

    func range() throws -> SourceRange { SourceRange(start: try location(), end: try location()) }

    func function() throws -> FunctionRef { FunctionRef(name: try string(), usr: try string()) }

    func abstract() throws -> AbstractLocation {
        switch try tag(4) {
        case 0: .field(try string())
        case 1: .global(try string())
        case 2: .result(try string())
        default: .outField(usr: try string(), index: Int(try int()), field: try string())
        }
    }

    func origin() throws -> Origin {
        switch try tag(5) {
        case 0: .macro(name: try string(), definition: try location())
        case 1: .addrinfoHints(field: try string(), assignment: try location())
        case 2: .addrinfoAnyFamily(call: try location())
        case 3: .assignment(variable: try string(), location: try location())
        default: .callSite(callee: try string(), caller: try optional(string), location: try location())
        }
    }

    func value() throws -> ValueSource {
        switch try tag(5) {
        case 0: .constant(try int(), origins: try list(origin))
        case 1: .parameter(usr: try string(), index: try uint())
        case 2: .location(try abstract())
        case 3: .unknown
        default: .parameterField(usr: try string(), index: try uint(), field: try string(), record: try string())
        }
    }

    func identity() throws -> SocketIdentity {
        SocketIdentity(key: try string(), display: try string(), global: try bool())
    }

    func event() throws -> SocketEvent {
        guard let kind = SocketEvent.Kind(rawValue: try string()) else { throw Corrupt(reason: "an unknown event kind") }
        return SocketEvent(
            kind: kind, name: try string(), socket: try optional(identity), location: try location(), length: try uint(),
            function: try string(), nonblockingCreate: try bool(), localCreate: try bool(),
            bindAddress: try optional {
                let wildcard = try bool()
                let port: BindAddress.Port = switch try tag(4) {
                case 0: .zero
                case 1: .fixed(try int())
                case 2: .reserved
                default: .unknown
                }
                return BindAddress(wildcard: wildcard, port: port, copiedFrom: try list(string))
            },
            retriesUntilEISCONN: try bool(), callExtent: try optional(range), callee: try optional(function),
            arguments: try list { try optional(identity) }, inLoop: try bool(),
            via: try list { CallStep(callee: try string(), location: try location()) },
            familyParameter: try optional(uint), localArguments: try list(uint), parameterArguments: try list { Int(try int()) },
            guardParameter: try optional(uint), guardNonzero: try bool(), truthArguments: try list { Int(try int()) })
    }

    func flow() throws -> FunctionFlow {
        FunctionFlow(function: try function(), parameters: try list(identity),
                     nodes: try list { FunctionFlow.Node(events: try list(event), successors: try list(uint)) },
                     returned: try list(identity))
    }

    func collision() throws -> CollidingDeclaration {
        CollidingDeclaration(name: try string(), kind: try string(), location: try location())
    }

    func facts() throws -> UnitFacts {
        var facts = UnitFacts(file: try string())
        facts.socketCreations = try list {
            SocketCreation(callee: try string(), location: try location(), function: try optional(function),
                           domain: try list(value), type: try list(value), callOrigins: try list(origin))
        }
        facts.calls = try list {
            CallSite(callee: try function(), caller: try optional(function), location: try location(),
                     arguments: try list { try list(value) },
                     argumentFields: try list { ArgumentField(index: try uint(), field: try string(), values: try list(value)) })
        }
        facts.parseErrors = try list(parseProblem)
        facts.inputProblem = try optional(string)
        facts.flows = try list(flow)
        facts.collisions = try list(collision)
        facts.unrenamedCalls = try list {
            let kind: UnrenamedCall.Kind = switch try tag(3) {
            case 0: .rcmd
            case 1: .fastOpen
            default: .syscall(try string())
            }
            return UnrenamedCall(kind: kind, callee: try string(), location: try location(), function: try optional(string))
        }
        facts.nullAddressAccepts = try list { CallFact(callee: try string(), location: try location(), function: try optional(string)) }
        facts.writes = try list {
            LocationWrite(location: try abstract(), values: try list(value), site: try location(), name: try string(),
                          function: try optional(function))
        }
        return facts
    }
}
