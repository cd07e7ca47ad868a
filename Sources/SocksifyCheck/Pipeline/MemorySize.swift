import Foundation

/// Sizes as `--unit-memory` takes and prints them: `2G`, `1536M`, `512MiB`; a plain number is MiB.
public enum MemorySize {
    private static let units: [(suffixes: [String], shift: UInt64)] = [
        (["k", "kb", "kib"], 10), (["m", "mb", "mib", ""], 20), (["g", "gb", "gib"], 30), (["t", "tb", "tib"], 40),
    ]

    /// Bytes, or nil when `text` is not a size.
    public static func parse(_ text: String) -> UInt64? {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = lowered.prefix { $0.isNumber || $0 == "." }
        let suffix = lowered.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard let number = Double(digits), number > 0,
              let shift = units.first(where: { $0.suffixes.contains(suffix) })?.shift else { return nil }
        let bytes = number * Double(UInt64(1) << shift)
        guard bytes < Double(UInt64.max / 2) else { return nil }
        return UInt64(bytes)
    }

    /// `2 GiB`, `384 MiB`: the largest unit that keeps one decimal at most.
    public static func describe(_ bytes: UInt64) -> String {
        for (name, shift) in [("TiB", UInt64(40)), ("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes >= UInt64(1) << shift {
            let value = Double(bytes) / Double(UInt64(1) << shift)
            let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
            return "\(text) \(name)"
        }
        return "\(bytes) bytes"
    }

    /// What a unit may use by default: a share of the machine's memory per worker (the tool itself
    /// keeps one share), at most 2 GiB, far above what real units need, and at least 512 MiB.
    public static func defaultUnitLimit(jobs: Int) -> UInt64 {
        let share = ProcessInfo.processInfo.physicalMemory / UInt64(max(1, jobs) + 1)
        return min(2 << 30, max(512 << 20, share))
    }
}
