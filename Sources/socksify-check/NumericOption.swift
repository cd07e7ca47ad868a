import ArgumentParser
import Foundation
import SocksifyCheck

/// Numbers on the command line. Each numeric option reads the word after it whatever it looks like
/// (`--unit-timeout -1` was "Missing value": ArgumentParser took `-1` for an option) and refuses
/// what is not a number in its range; ArgumentParser's message then names the option and the value,
/// and this adds the range: "The value '-1' is invalid for '--unit-timeout <seconds>': expected a
/// number of seconds from 0 up (0: no limit)".
enum NumericOption {
    struct OutOfRange: Error, CustomStringConvertible {
        var description: String
    }

    /// A whole number in `range`; `what` names it in the message ("a number of units").
    static func integer(in range: ClosedRange<Int>, _ what: String) -> @Sendable (String) throws -> Int {
        { text in
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw OutOfRange(description: "expected \(what), a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
    }

    /// A number in `range` (`upTo` nil: no upper bound); `what` names it in the message.
    static func number(from lower: Double, upTo upper: Double? = nil, _ what: String, note: String = "") -> @Sendable (String) throws -> Double {
        { text in
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= lower,
                  upper.map({ value <= $0 }) ?? true else {
                let range = upper.map { "from \(format(lower)) to \(format($0))" } ?? "from \(format(lower)) up"
                throw OutOfRange(description: "expected \(what) \(range)\(note)")
            }
            return value
        }
    }

    /// A memory limit as `--unit-memory` takes it.
    struct MemoryLimit {
        /// nil: unlimited.
        var bytes: UInt64?
    }

    /// A size (`2G`, `1536M`, a plain number in MiB) of at least 64 MiB, or `unlimited`.
    static func memoryLimit(_ text: String) throws -> MemoryLimit {
        if text.lowercased() == "unlimited" { return MemoryLimit(bytes: nil) }
        guard let bytes = MemorySize.parse(text), bytes >= 64 << 20 else {
            throw OutOfRange(description: "expected a size of at least 64M (such as 512M or 2G; a plain number is MiB), or unlimited")
        }
        return MemoryLimit(bytes: bytes)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
