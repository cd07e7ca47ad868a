import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `transform` of every element, computed on all cores, in order: for per-file work (reading,
    /// scanning) that is independent from file to file.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let slots = Slots<Result>(count: count)
        let elements = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, transform(elements[index]))
        }
        return slots.values.map { $0! }
    }
}

/// Results filled in from several threads, one slot each.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Value?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) { lock.withLock { values[index] = value } }
}
