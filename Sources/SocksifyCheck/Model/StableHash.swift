import Foundation
/// FNV-1a, 64 bits, as hex: the same for the same bytes in every run and on every machine (Swift's
/// Hasher is seeded per process). SARIF fingerprints and cache keys use it.
enum StableHash {
    static func fnv1a<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    static func hex(_ text: String) -> String {
        let digits = String(fnv1a(text.utf8), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A content digest: two different 64-bit hashes and the length.
    static func digest(_ data: Data) -> String {
        // Two different 64-bit hashes and the length: an accidental match is not a practical concern.
        // One pass over the raw bytes: Data's element-wise iterator was most of the cost (every
        // cache part is checked against its digest when read).
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x84222325cbf29ce4
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            for byte in buffer {
                a ^= UInt64(byte)
                a = a &* 0x100_0000_01b3
                b = (b &+ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
                b ^= b >> 29
            }
        }
        return "\(String(a, radix: 16))-\(String(b, radix: 16))-\(data.count)"
    }
}
