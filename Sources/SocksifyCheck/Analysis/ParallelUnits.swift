import ClangSupport
import Dispatch
import Foundation

/// Runs `work` over the units on up to `jobs` threads. Each thread owns one libclang index (an index
/// is not thread-safe) and parses one unit at a time, so memory grows with the workers, not the tree.
/// Results come back in input order, whatever order they finished in.
func parallelUnits<Result>(_ requests: [ParseRequest], jobs: Int,
                           _ work: (ParseRequest, ClangIndex) -> Result) -> [Result] {
    guard !requests.isEmpty else { return [] }
    let lock = NSLock()
    var next = 0
    var results = [Result?](repeating: nil, count: requests.count)
    let workers = max(1, min(jobs, requests.count))
    withoutActuallyEscaping(work) { work in
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let index = ClangIndex()
            while true {
                let position: Int? = lock.withLock {
                    guard next < requests.count else { return nil }
                    defer { next += 1 }
                    return next
                }
                guard let position else { return }
                let result = work(requests[position], index)
                lock.withLock { results[position] = result }
            }
        }
    }
    return results.map { $0! }
}
