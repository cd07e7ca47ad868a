import ClangSupport
import Dispatch
import Foundation

/// Runs `work` over the units on `jobs` worker threads. Each thread owns one libclang index (an
/// index is not thread-safe) and parses one unit at a time, so memory grows with the workers, not
/// the tree. Results come back in input order, whatever order they finished in.
///
/// Faults: libclang's own crash recovery turns a crash inside a parse into an error code (see
/// ClangIndex.parse). A hang cannot be interrupted inside a thread, so a watchdog on the calling
/// thread gives each unit `timeout` seconds: a unit that overruns gets `timedOut`'s result, its
/// worker is abandoned (whatever it produces later is dropped) and a fresh worker takes its place,
/// so the run finishes on time; the abandoned thread ends with the process. `check` parses in
/// worker processes instead (`UnitParser`), which also survive a crash or a unit that exhausts
/// memory; this form stays for adopt's renames.
func parallelUnits<Result>(_ requests: [ParseRequest], jobs: Int, timeout: TimeInterval? = nil,
                           timedOut: @escaping (ParseRequest) -> Result,
                           _ work: @escaping (ParseRequest, ClangIndex) -> Result) -> [Result] {
    parallelUnits(requests, jobs: jobs, timeout: timeout, timedOut: timedOut, makeParser: ClangIndex.init, release: { _ in }, work)
}

/// The same with a parser of the caller's making per thread (made when the thread starts,
/// `release`d when it runs out of units).
func parallelUnits<Result, Parser>(_ requests: [ParseRequest], jobs: Int, timeout: TimeInterval? = nil,
                                   timedOut: @escaping (ParseRequest) -> Result,
                                   makeParser: @escaping () -> Parser, release: @escaping (Parser) -> Void,
                                   _ work: @escaping (ParseRequest, Parser) -> Result) -> [Result] {
    guard !requests.isEmpty else { return [] }
    let pool = WorkerPool(requests: requests, makeParser: makeParser, release: release, work: work)
    for _ in 0..<max(1, min(jobs, requests.count)) { pool.startWorker() }
    pool.waitForAll(timeout: timeout, timedOut: timedOut)
    return pool.results.map { $0! }
}

private final class WorkerPool<Result, Parser>: @unchecked Sendable {
    private let requests: [ParseRequest]
    private let makeParser: () -> Parser
    private let release: (Parser) -> Void
    private let work: (ParseRequest, Parser) -> Result
    private let lock = NSLock()
    private let progress = DispatchSemaphore(value: 0)
    private var next = 0
    private var completed = 0
    private var nextWorker = 0
    /// Worker id → the unit it is on and since when.
    private var active: [Int: (unit: Int, since: Date)] = [:]
    private var abandoned: Set<Int> = []
    fileprivate var results: [Result?]

    init(requests: [ParseRequest], makeParser: @escaping () -> Parser, release: @escaping (Parser) -> Void,
         work: @escaping (ParseRequest, Parser) -> Result) {
        self.requests = requests
        self.makeParser = makeParser
        self.release = release
        self.work = work
        results = Array(repeating: nil, count: requests.count)
    }

    func startWorker() {
        let id = lock.withLock { defer { nextWorker += 1 }; return nextWorker }
        let thread = Thread { [self] in run(id) }
        // libclang's visitors (and ours) recurse once per level of an expression: a generated
        // 50,000-term sum is 50,000 levels deep. Address space only; pages are used as touched.
        thread.stackSize = 512 << 20
        thread.start()
    }

    private func run(_ id: Int) {
        let parser = makeParser()
        defer { release(parser) }
        while true {
            let position: Int? = lock.withLock {
                guard !abandoned.contains(id), next < requests.count else { return nil }
                defer { next += 1 }
                active[id] = (next, Date())
                return next
            }
            guard let position else { return }
            let result = work(requests[position], parser)
            let keep = lock.withLock { () -> Bool in
                guard !abandoned.contains(id) else { return false }
                active[id] = nil
                results[position] = result
                completed += 1
                return true
            }
            progress.signal()
            if !keep { return }
        }
    }

    func waitForAll(timeout: TimeInterval?, timedOut: (ParseRequest) -> Result) {
        while true {
            _ = progress.wait(timeout: .now() + .milliseconds(timeout == nil ? 1000 : 100))
            let (done, overdue) = lock.withLock { () -> (Bool, [(worker: Int, unit: Int)]) in
                guard let timeout else { return (completed == requests.count, []) }
                let now = Date()
                let late = active.filter { now.timeIntervalSince($0.value.since) > timeout }.map { ($0.key, $0.value.unit) }
                for (worker, unit) in late {
                    abandoned.insert(worker)
                    active[worker] = nil
                    results[unit] = timedOut(requests[unit])
                    completed += 1
                }
                return (completed == requests.count, late)
            }
            if done { return }
            for _ in overdue { startWorker() }
        }
    }
}
