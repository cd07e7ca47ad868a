import ClangSupport
import Foundation

/// Where one pool thread parses its units: a libclang index of its own, or a worker process
/// (`UnitIsolation`). The pipeline asks both the same way.
final class UnitParser {
    private let index: ClangIndex?
    private let worker: WorkerConnection?
    private let memo: HeaderFunctionMemo?

    /// `sharing`: functions of project headers are extracted once per parser (HeaderFunctionMemo);
    /// `kept`: the cache folder, where what was shared is kept between runs.
    init(_ isolation: UnitIsolation, timeout: TimeInterval?, sharing: Bool = true, kept: String? = nil) {
        switch isolation {
        case .threads:
            index = ClangIndex()
            worker = nil
            memo = sharing ? HeaderFunctionMemo(directory: kept) : nil
        case let .workerProcesses(executable, memoryLimit):
            index = nil
            worker = WorkerConnection(executable: executable, memoryLimit: memoryLimit, timeout: timeout, sharing: sharing, kept: kept)
            memo = nil
        }
    }

    func extract(_ request: ParseRequest) -> UnitExtraction {
        if let worker { return worker.extract(request) }
        return UnitExtraction.extract(request, index: index!, memo: memo)
    }

    /// Lets a worker process go (it keeps what it shared as it leaves), or keeps this thread's.
    func close() {
        worker?.close()
        memo?.save()
    }

    /// How long the pool's own watchdog waits on a unit: a worker process is stopped by its
    /// connection when the unit overruns, so the pool only backs that up.
    static func poolTimeout(_ isolation: UnitIsolation, unitTimeout: TimeInterval?) -> TimeInterval? {
        guard case .workerProcesses = isolation else { return unitTimeout }
        return unitTimeout.map { $0 + 30 }
    }
}
