import Foundation

/// A compact binary form for Codable values, for the cache: every string once in a table, numbers
/// as varints, each container prefixed with its length so a reader skips what it does not ask for.
/// The same value always encodes to the same bytes (keys in order, table in first-use order), which
/// content addressing needs. Coding paths are not extended as containers nest: an array per nested
/// value was a tenth of a cached run, and a cache file that does not decode is only a cache miss. JSON spent a quarter of a cold run writing the facts and most of a
/// cached run reading them back.
///
///     file   := "SXC1" varint(stringCount) (varint(byteCount) utf8)* value
///     value  := 0 nil | 1 false | 2 true | 3 zigzag-varint | 4 varint | 5 double(8, little-endian)
///             | 6 varint(stringIndex) | 7 varint(count) varint(byteCount) value*
///             | 8 varint(count) varint(byteCount) (varint(keyIndex) value)*
enum CompactCoder {
    static let magic: [UInt8] = Array("SXC1".utf8)

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = CompactNode()
        try value.encode(to: CompactEncoding(node: root, codingPath: []))
        return CompactWriter(root).data
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let reader = try CompactReader([UInt8](data))
        return try T(from: CompactDecoding(reader: reader, offset: reader.rootOffset, codingPath: []))
    }
}

// MARK: - Encoding

/// A value being encoded; containers are filled after they are made, hence a class.
final class CompactNode {
    enum Kind { case null, bool, int, uint, double, string, array, keyed }
    var kind: Kind = .null
    var bool = false
    var int: Int64 = 0
    var uint: UInt64 = 0
    var double: Double = 0
    var string = ""
    var children: [CompactNode] = []
    var keys: [String] = []
    /// Set by the writer: the byte count of a container's content.
    var contentLength = 0

    init() {}
    init(kind: Kind) { self.kind = kind }

    func add(_ key: String, _ child: CompactNode) {
        keys.append(key)
        children.append(child)
    }

    static func scalar(_ set: (CompactNode) -> Void) -> CompactNode {
        let node = CompactNode()
        set(node)
        return node
    }
}

private func node(_ value: Bool) -> CompactNode { CompactNode.scalar { $0.kind = .bool; $0.bool = value } }
private func node(_ value: String) -> CompactNode { CompactNode.scalar { $0.kind = .string; $0.string = value } }
private func node(_ value: Double) -> CompactNode { CompactNode.scalar { $0.kind = .double; $0.double = value } }
private func node<I: SignedInteger>(_ value: I) -> CompactNode { CompactNode.scalar { $0.kind = .int; $0.int = Int64(value) } }
private func node<U: UnsignedInteger>(_ value: U) -> CompactNode { CompactNode.scalar { $0.kind = .uint; $0.uint = UInt64(value) } }

struct CompactEncoding: Encoder {
    let node: CompactNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.kind = .keyed
        return KeyedEncodingContainer(CompactKeyedEncoding<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.kind = .array
        return CompactUnkeyedEncoding(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        CompactSingleEncoding(node: node, codingPath: codingPath)
    }
}

struct CompactKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: CompactNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.add(key.stringValue, CompactNode()) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { node.add(key.stringValue, SocksifyCheck.node(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let child = CompactNode()
        try value.encode(to: CompactEncoding(node: child, codingPath: codingPath))
        node.add(key.stringValue, child)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = CompactNode(kind: .keyed)
        node.add(key.stringValue, child)
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = CompactNode(kind: .array)
        node.add(key.stringValue, child)
        return CompactUnkeyedEncoding(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let child = CompactNode()
        node.add("super", child)
        return CompactEncoding(node: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = CompactNode()
        node.add(key.stringValue, child)
        return CompactEncoding(node: child, codingPath: codingPath)
    }
}

struct CompactUnkeyedEncoding: UnkeyedEncodingContainer {
    let node: CompactNode
    var codingPath: [any CodingKey]
    var count: Int { node.children.count }

    mutating func encodeNil() throws { node.children.append(CompactNode()) }
    mutating func encode(_ value: Bool) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: String) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Double) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Float) throws { node.children.append(SocksifyCheck.node(Double(value))) }
    mutating func encode(_ value: Int) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int8) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int16) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int32) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int64) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt8) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt16) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt32) throws { node.children.append(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt64) throws { node.children.append(SocksifyCheck.node(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = CompactNode()
        try value.encode(to: CompactEncoding(node: child, codingPath: codingPath))
        node.children.append(child)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = CompactNode(kind: .keyed)
        node.children.append(child)
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = CompactNode(kind: .array)
        node.children.append(child)
        return CompactUnkeyedEncoding(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let child = CompactNode()
        node.children.append(child)
        return CompactEncoding(node: child, codingPath: codingPath)
    }
}

struct CompactSingleEncoding: SingleValueEncodingContainer {
    let node: CompactNode
    var codingPath: [any CodingKey]

    private func set(_ other: CompactNode) {
        node.kind = other.kind
        node.bool = other.bool
        node.int = other.int
        node.uint = other.uint
        node.double = other.double
        node.string = other.string
    }

    mutating func encodeNil() throws { node.kind = .null }
    mutating func encode(_ value: Bool) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: String) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Double) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Float) throws { set(SocksifyCheck.node(Double(value))) }
    mutating func encode(_ value: Int) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int8) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int16) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int32) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: Int64) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt8) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt16) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt32) throws { set(SocksifyCheck.node(value)) }
    mutating func encode(_ value: UInt64) throws { set(SocksifyCheck.node(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: CompactEncoding(node: node, codingPath: codingPath))
    }
}

/// Lays the encoded tree out: sizes first (containers are length-prefixed), then bytes.
struct CompactWriter {
    private(set) var data = Data()
    private var table: [String: Int] = [:]
    private var strings: [String] = []

    init(_ root: CompactNode) {
        _ = measure(root)
        var body: [UInt8] = []
        body.reserveCapacity(root.contentLength + 16)
        write(root, into: &body)
        var head: [UInt8] = CompactCoder.magic
        Self.varint(UInt64(strings.count), into: &head)
        for string in strings {
            let utf8 = Array(string.utf8)
            Self.varint(UInt64(utf8.count), into: &head)
            head += utf8
        }
        data = Data(head + body)
    }

    private mutating func index(_ string: String) -> Int {
        if let known = table[string] { return known }
        table[string] = strings.count
        strings.append(string)
        return strings.count - 1
    }

    static func varintSize(_ value: UInt64) -> Int {
        var value = value, size = 1
        while value >= 0x80 { value >>= 7; size += 1 }
        return size
    }

    static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    /// The node's encoded size; interns strings in first-use order (which `write` follows).
    private mutating func measure(_ node: CompactNode) -> Int {
        switch node.kind {
        case .null, .bool: return 1
        case .int: return 1 + Self.varintSize(Self.zigzag(node.int))
        case .uint: return 1 + Self.varintSize(node.uint)
        case .double: return 9
        case .string: return 1 + Self.varintSize(UInt64(index(node.string)))
        case .array:
            var length = 0
            for child in node.children { length += measure(child) }
            node.contentLength = length
            return 1 + Self.varintSize(UInt64(node.children.count)) + Self.varintSize(UInt64(length)) + length
        case .keyed:
            var length = 0
            for (key, child) in zip(node.keys, node.children) {
                length += Self.varintSize(UInt64(index(key))) + measure(child)
            }
            node.contentLength = length
            return 1 + Self.varintSize(UInt64(node.children.count)) + Self.varintSize(UInt64(length)) + length
        }
    }

    private func write(_ node: CompactNode, into bytes: inout [UInt8]) {
        switch node.kind {
        case .null: bytes.append(0)
        case .bool: bytes.append(node.bool ? 2 : 1)
        case .int:
            bytes.append(3)
            Self.varint(Self.zigzag(node.int), into: &bytes)
        case .uint:
            bytes.append(4)
            Self.varint(node.uint, into: &bytes)
        case .double:
            bytes.append(5)
            withUnsafeBytes(of: node.double.bitPattern.littleEndian) { bytes += $0 }
        case .string:
            bytes.append(6)
            Self.varint(UInt64(table[node.string]!), into: &bytes)
        case .array:
            bytes.append(7)
            Self.varint(UInt64(node.children.count), into: &bytes)
            Self.varint(UInt64(node.contentLength), into: &bytes)
            for child in node.children { write(child, into: &bytes) }
        case .keyed:
            bytes.append(8)
            Self.varint(UInt64(node.children.count), into: &bytes)
            Self.varint(UInt64(node.contentLength), into: &bytes)
            for (key, child) in zip(node.keys, node.children) {
                Self.varint(UInt64(table[key]!), into: &bytes)
                write(child, into: &bytes)
            }
        }
    }
}

// MARK: - Decoding

/// The bytes and the string table, shared by every container of one decode.
final class CompactReader {
    let bytes: [UInt8]
    let strings: [String]
    let rootOffset: Int

    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 4, Array(bytes[0..<4]) == CompactCoder.magic else { throw Self.corrupt("not a compact cache file") }
        self.bytes = bytes
        var offset = 4
        let count = try Self.varint(bytes, &offset)
        var strings: [String] = []
        strings.reserveCapacity(Int(count))
        for _ in 0..<count {
            let length = Int(try Self.varint(bytes, &offset))
            guard offset + length <= bytes.count else { throw Self.corrupt("a string runs past the end") }
            strings.append(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self))
            offset += length
        }
        self.strings = strings
        rootOffset = offset
    }

    static func corrupt(_ message: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: message))
    }

    static func varint(_ bytes: [UInt8], _ offset: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw corrupt("a number runs past the end") }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// The offset just past the value at `offset`.
    func skip(_ offset: Int) throws -> Int {
        guard offset < bytes.count else { throw Self.corrupt("a value runs past the end") }
        var position = offset + 1
        switch bytes[offset] {
        case 0, 1, 2: return position
        case 3, 4, 6:
            _ = try Self.varint(bytes, &position)
            return position
        case 5: return position + 8
        case 7, 8:
            _ = try Self.varint(bytes, &position)
            let length = try Self.varint(bytes, &position)
            return position + Int(length)
        default: throw Self.corrupt("unknown tag \(bytes[offset])")
        }
    }

    func tag(_ offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0xFF }

    func integer(_ offset: Int) throws -> (signed: Int64?, unsigned: UInt64?) {
        var position = offset + 1
        switch tag(offset) {
        case 3:
            let raw = try Self.varint(bytes, &position)
            return (Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1), nil)
        case 4: return (nil, try Self.varint(bytes, &position))
        default: throw Self.corrupt("expected a number")
        }
    }

    func string(_ offset: Int) throws -> String {
        guard tag(offset) == 6 else { throw Self.corrupt("expected a string") }
        var position = offset + 1
        let index = Int(try Self.varint(bytes, &position))
        guard index < strings.count else { throw Self.corrupt("a string index past the table") }
        return strings[index]
    }

    func bool(_ offset: Int) throws -> Bool {
        switch tag(offset) {
        case 1: return false
        case 2: return true
        default: throw Self.corrupt("expected a boolean")
        }
    }

    func double(_ offset: Int) throws -> Double {
        switch tag(offset) {
        case 5:
            guard offset + 9 <= bytes.count else { throw Self.corrupt("a number runs past the end") }
            var bits: UInt64 = 0
            for index in 0..<8 { bits |= UInt64(bytes[offset + 1 + index]) << (8 * UInt64(index)) }
            return Double(bitPattern: bits)
        case 3, 4:
            let value = try integer(offset)
            return value.signed.map(Double.init) ?? Double(value.unsigned ?? 0)
        default: throw Self.corrupt("expected a number")
        }
    }

    func fixed<I: FixedWidthInteger>(_ type: I.Type, _ offset: Int) throws -> I {
        let value = try integer(offset)
        if let signed = value.signed, let result = I(exactly: signed) { return result }
        if let unsigned = value.unsigned, let result = I(exactly: unsigned) { return result }
        throw Self.corrupt("a number out of range for \(I.self)")
    }
}

struct CompactDecoding: Decoder {
    let reader: CompactReader
    let offset: Int
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try CompactKeyedDecoding<Key>(reader: reader, offset: offset, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try CompactUnkeyedDecoding(reader: reader, offset: offset, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        CompactSingleDecoding(reader: reader, offset: offset, codingPath: codingPath)
    }
}

struct CompactKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: CompactReader
    var codingPath: [any CodingKey]
    /// Where the first key is, and how many entries there are. Entries are found by walking them
    /// (a struct has a handful): no per-container arrays, which were most of a decode's allocations.
    private let start: Int
    private let count: Int
    /// A large container (a dictionary: a unit's headers) is indexed once instead: walking it for
    /// every key would be quadratic.
    private let table: [String: Int]?
    private static var tableThreshold: Int { 12 }

    init(reader: CompactReader, offset: Int, codingPath: [any CodingKey]) throws {
        self.reader = reader
        self.codingPath = codingPath
        guard reader.tag(offset) == 8 else { throw CompactReader.corrupt("expected a keyed container") }
        var position = offset + 1
        count = Int(try CompactReader.varint(reader.bytes, &position))
        _ = try CompactReader.varint(reader.bytes, &position)
        start = position
        guard count > Self.tableThreshold else {
            table = nil
            return
        }
        var table: [String: Int] = [:]
        table.reserveCapacity(count)
        for _ in 0..<count {
            let key = Int(try CompactReader.varint(reader.bytes, &position))
            guard key < reader.strings.count else { throw CompactReader.corrupt("a key past the string table") }
            if table[reader.strings[key]] == nil { table[reader.strings[key]] = position }
            position = try reader.skip(position)
        }
        self.table = table
    }

    /// Each entry's key (index in the string table) and the offset of its value.
    private func entries(_ visit: (Int, Int) -> Bool) {
        var position = start
        for _ in 0..<count {
            guard let key = try? CompactReader.varint(reader.bytes, &position) else { return }
            if !visit(Int(key), position) { return }
            guard let next = try? reader.skip(position) else { return }
            position = next
        }
    }

    var allKeys: [Key] {
        var keys: [Key] = []
        entries { index, _ in
            if index < reader.strings.count, let key = Key(stringValue: reader.strings[index]) { keys.append(key) }
            return true
        }
        return keys
    }

    /// Keys are compared as text: a table from text to index cost a hash of every string of every
    /// file read, and another per lookup.
    private func offset(_ key: Key) -> Int? { position(of: key.stringValue) }

    private func position(of name: String) -> Int? {
        if let table { return table[name] }
        var found: Int?
        entries { index, offset in
            if index < reader.strings.count, reader.strings[index] == name {
                found = offset
                return false
            }
            return true
        }
        return found
    }

    private func require(_ key: Key) throws -> Int {
        guard let offset = offset(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
        }
        return offset
    }

    func contains(_ key: Key) -> Bool { offset(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { reader.tag(try require(key)) == 0 }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try reader.bool(try require(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try reader.string(try require(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try reader.double(try require(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try reader.double(try require(key))) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try reader.fixed(type, try require(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try reader.fixed(type, try require(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try reader.fixed(type, try require(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try reader.fixed(type, try require(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try reader.fixed(type, try require(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try reader.fixed(type, try require(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try reader.fixed(type, try require(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try reader.fixed(type, try require(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try reader.fixed(type, try require(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try reader.fixed(type, try require(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: CompactDecoding(reader: reader, offset: try require(key), codingPath: codingPath))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try CompactKeyedDecoding<NestedKey>(reader: reader, offset: try require(key), codingPath: codingPath))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try CompactUnkeyedDecoding(reader: reader, offset: try require(key), codingPath: codingPath)
    }

    func superDecoder() throws -> any Decoder {
        guard let offset = position(of: "super") else { throw CompactReader.corrupt("no super value") }
        return CompactDecoding(reader: reader, offset: offset, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        CompactDecoding(reader: reader, offset: try require(key), codingPath: codingPath)
    }
}

struct CompactUnkeyedDecoding: UnkeyedDecodingContainer {
    let reader: CompactReader
    var codingPath: [any CodingKey]
    let count: Int?
    private(set) var currentIndex = 0
    private var position: Int

    init(reader: CompactReader, offset: Int, codingPath: [any CodingKey]) throws {
        self.reader = reader
        self.codingPath = codingPath
        guard reader.tag(offset) == 7 else { throw CompactReader.corrupt("expected an array") }
        var position = offset + 1
        count = Int(try CompactReader.varint(reader.bytes, &position))
        _ = try CompactReader.varint(reader.bytes, &position)
        self.position = position
    }

    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    private mutating func next() throws -> Int {
        guard !isAtEnd else { throw CompactReader.corrupt("read past the end of an array") }
        let offset = position
        position = try reader.skip(position)
        currentIndex += 1
        return offset
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, reader.tag(position) == 0 else { return false }
        _ = try next()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(try next()) }
    mutating func decode(_ type: String.Type) throws -> String { try reader.string(try next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try reader.double(try next()) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try reader.double(try next())) }
    mutating func decode(_ type: Int.Type) throws -> Int { try reader.fixed(type, try next()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try reader.fixed(type, try next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try reader.fixed(type, try next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try reader.fixed(type, try next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try reader.fixed(type, try next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try reader.fixed(type, try next()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.fixed(type, try next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.fixed(type, try next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.fixed(type, try next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.fixed(type, try next()) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: CompactDecoding(reader: reader, offset: try next(), codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try CompactKeyedDecoding<NestedKey>(reader: reader, offset: try next(), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try CompactUnkeyedDecoding(reader: reader, offset: try next(), codingPath: codingPath)
    }

    mutating func superDecoder() throws -> any Decoder {
        CompactDecoding(reader: reader, offset: try next(), codingPath: codingPath)
    }
}

struct CompactSingleDecoding: SingleValueDecodingContainer {
    let reader: CompactReader
    let offset: Int
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { reader.tag(offset) == 0 }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(offset) }
    func decode(_ type: String.Type) throws -> String { try reader.string(offset) }
    func decode(_ type: Double.Type) throws -> Double { try reader.double(offset) }
    func decode(_ type: Float.Type) throws -> Float { Float(try reader.double(offset)) }
    func decode(_ type: Int.Type) throws -> Int { try reader.fixed(type, offset) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.fixed(type, offset) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.fixed(type, offset) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.fixed(type, offset) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.fixed(type, offset) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.fixed(type, offset) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.fixed(type, offset) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.fixed(type, offset) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.fixed(type, offset) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.fixed(type, offset) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: CompactDecoding(reader: reader, offset: offset, codingPath: codingPath))
    }
}
