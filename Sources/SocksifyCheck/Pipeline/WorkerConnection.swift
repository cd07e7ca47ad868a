import ClangSupport
import Dispatch
import Foundation
import Subprocess
import SystemPackage

/// One parse worker process at a time, fed units one by one from a pool thread, restarted after a
/// unit ends it. The thread blocks in `extract` while the exchange runs on Swift concurrency
/// (swift-subprocess is async).
final class WorkerConnection: @unchecked Sendable {
    private struct Job: Sendable {
        var request: ParseRequest
        var reply: @Sendable (UnitExtraction) -> Void
    }

    private let submit: AsyncStream<Job>.Continuation
    private let stopped = DispatchSemaphore(value: 0)

    /// `sharing`: the worker shares header functions between its units (HeaderFunctionMemo);
    /// `kept`: the cache folder where it keeps them between runs.
    init(executable: String, memoryLimit: UInt64?, timeout: TimeInterval?, sharing: Bool = true, kept: String? = nil) {
        let (jobs, submit) = AsyncStream.makeStream(of: Job.self)
        self.submit = submit
        let stopped = stopped
        Task.detached {
            await Self.serve(jobs, executable: executable, memoryLimit: memoryLimit, timeout: timeout, sharing: sharing, kept: kept)
            stopped.signal()
        }
    }

    /// The unit's extraction, or why it has none (the worker crashed, ran out of memory, overran).
    func extract(_ request: ParseRequest) -> UnitExtraction {
        let answer = Answer()
        submit.yield(Job(request: request) { answer.set($0) })
        return answer.wait()
    }

    /// Ends the worker (it sees its input end) and waits for it.
    func close() {
        submit.finish()
        stopped.wait()
    }

    private enum WorkerEnd {
        /// The input ended and the worker left.
        case finished
        /// The worker ended (or was stopped) in the middle of this job.
        case lost(Job, timedOut: Bool)
    }

    private static func serve(_ jobs: AsyncStream<Job>, executable: String, memoryLimit: UInt64?,
                              timeout: TimeInterval?, sharing: Bool, kept: String?) async {
        let pending = JobQueue(jobs)
        guard var first = await pending.next() else { return }
        while true {
            let errors = ErrorTail()
            let timedOut = Flag()
            var end: WorkerEnd = .lost(first, timedOut: false)
            var status: TerminationStatus?
            do {
                let result = try await run(
                    .path(FilePath(executable)),
                    arguments: Arguments([ParseWorker.subcommand, "--parent", String(getpid())]
                                         + (memoryLimit.map { ["--unit-memory", String($0)] } ?? [])
                                         + (sharing ? [] : [ParseWorker.noSharingFlag])
                                         + (kept.map { [ParseWorker.headerMemoFlag, $0] } ?? [])),
                    // A crash inside libclang must end the worker, not be caught by libclang's
                    // recovery, which leaves a process in an unknown state (and memory it ran out of).
                    // Swift's backtracer would spend a second symbolicating a trace nobody reads; the
                    // worker loads the libclang this process loaded (--libclang, the search).
                    environment: .inherit.updating(Self.environment),
                    input: .inputWriter, output: .sequence, error: .sequence
                ) { execution in
                    let drain = Task {
                        for try await chunk in execution.standardError { errors.append(chunk) }
                    }
                    var replies = FrameReader(execution.standardOutput.makeAsyncIterator())
                    var job = first
                    while true {
                        guard (try? await execution.standardInputWriter.write(
                            WorkerMessage.frame(WorkerMessage.request(job.request)))) != nil else {
                            _ = await drain.result
                            return WorkerEnd.lost(job, timedOut: false)
                        }
                        let watchdog = timeout.map { seconds in
                            Task {
                                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                                timedOut.set()
                                try? execution.send(signal: .kill)
                            }
                        }
                        let frame = try? await replies.next()
                        watchdog?.cancel()
                        guard let frame, let extraction = try? WorkerMessage.response(from: frame) else {
                            // Gone, or a reply that is not one: either way this worker is done.
                            try? execution.send(signal: .kill)
                            _ = await drain.result
                            return WorkerEnd.lost(job, timedOut: timedOut.isSet)
                        }
                        job.reply(extraction)
                        guard let next = await pending.next() else {
                            try? await execution.standardInputWriter.finish()
                            _ = await drain.result
                            return WorkerEnd.finished
                        }
                        job = next
                    }
                }
                end = result.closureResult
                status = result.terminationStatus
            } catch {
                errors.append(text: "could not start a parse worker (\(executable)): \(error)")
            }
            guard case let .lost(job, timedOut) = end else { return }
            let reason = timedOut
                ? UnitExtraction.timedOutReason(timeout)
                : Self.reason(status: status, errors: errors.text, memoryLimit: memoryLimit)
            job.reply(.lost(job.request, reason: reason))
            guard let next = await pending.next() else { return }
            first = next
        }
    }

    /// What a worker's environment changes: no crash recovery, no backtracer, this process's libclang.
    static var environment: [Environment.Key: String?] {
        var changes: [Environment.Key: String?] = ["LIBCLANG_DISABLE_CRASH_RECOVERY": "1", "SWIFT_BACKTRACE": "enable=no"]
        if let path = LibClang.loaded?.path, let key = Environment.Key(rawValue: LibClang.environmentVariable) {
            changes[key] = path
        }
        return changes
    }

    /// Why a worker ended in the middle of a unit, from how it ended and what it said last.
    static func reason(status: TerminationStatus?, errors: String, memoryLimit: UInt64?) -> String {
        let outOfMemory = ["out of memory", "Allocation failed", "Could not allocate memory", "bad_alloc",
                           "Cannot allocate memory"].contains { errors.contains($0) }
        if outOfMemory {
            let limit = memoryLimit.map { " (over \(MemorySize.describe($0)), --unit-memory)" } ?? ""
            return "parsing ran out of memory\(limit); not analysed"
        }
        // What the runtime or LLVM said as it stopped ("Fatal error: Index out of range"), if anything.
        let said = errors.split(separator: "\n").last { $0.contains("Fatal error") || $0.contains("LLVM ERROR") }
            .map { ": " + $0.trimmingCharacters(in: .whitespaces).prefix(200) } ?? ""
        switch status {
        case let .signaled(signal)?:
            return "crashed while parsing this file (\(Self.signalName(signal)))\(said); not analysed"
        case let .exited(code)?:
            return "the parse worker exited with status \(code)\(said); not analysed"
        case nil:
            return "could not be parsed\(said); not analysed"
        }
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGILL: "SIGILL",
                                      SIGTRAP: "SIGTRAP", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM"]
        return names[signal] ?? "signal \(signal)"
    }
}

/// The jobs of one connection. Only its serving task reads them, one at a time, also from inside
/// the closure that runs a worker, which a plain iterator (a mutable value) cannot be carried into.
private final class JobQueue<Job: Sendable>: @unchecked Sendable {
    private var iterator: AsyncStream<Job>.Iterator

    init(_ jobs: AsyncStream<Job>) { iterator = jobs.makeAsyncIterator() }

    func next() async -> Job? { await iterator.next() }
}

/// One reply, handed from the worker's task to the waiting pool thread.
private final class Answer: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var value: UnitExtraction?

    func set(_ extraction: UnitExtraction) {
        value = extraction
        ready.signal()
    }

    func wait() -> UnitExtraction {
        ready.wait()
        return value!
    }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// The last few KiB a worker wrote to standard error: enough to tell "out of memory" from a crash.
private final class ErrorTail: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private static let keep = 4096

    func append(_ chunk: SubprocessOutputSequence.Buffer) {
        chunk.withUnsafeBytes { raw in lock.withLock { keepTail(raw) } }
    }

    func append(text: String) { lock.withLock { keepTail(Array(text.utf8)) } }

    private func keepTail(_ more: some Collection<UInt8>) {
        bytes.append(contentsOf: more)
        if bytes.count > Self.keep { bytes.removeFirst(bytes.count - Self.keep) }
    }

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}

/// Frames (see WorkerMessage) out of the chunks a pipe delivers.
private struct FrameReader {
    private var chunks: SubprocessOutputSequence.Iterator
    private var buffer: [UInt8] = []
    private var start = 0

    init(_ chunks: SubprocessOutputSequence.Iterator) { self.chunks = chunks }

    /// The next frame's payload; nil when the pipe ends first.
    mutating func next() async throws -> [UInt8]? {
        guard let header = try await take(4) else { return nil }
        return try await take(WorkerMessage.length(header))
    }

    private mutating func take(_ count: Int) async throws -> [UInt8]? {
        while buffer.count - start < count {
            guard let chunk = try await chunks.next() else { return nil }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            chunk.withUnsafeBytes { buffer.append(contentsOf: $0) }
        }
        defer { start += count }
        return Array(buffer[start..<start + count])
    }
}
