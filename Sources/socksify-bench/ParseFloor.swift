import ClangSupport
import Foundation

/// libclang's parse alone, with the tool's arguments and options, nothing read from the AST: the
/// least any check built on libclang's AST spends on a cold run. Two rows: every unit parsed whole
/// (what the tool's parse stage costs before it extracts anything), and every function body skipped
/// (SkipFunctionBodies: declarations only, no body anywhere), the floor under any body skipping.
///
/// It runs as `socksify-bench --parse-floor DB whole|skipped JOBS`, a process of its own measured
/// like every other row: JOBS threads, each with its own index, taking the next unit as they finish
/// one (in one process, the most favourable way to run it).
enum ParseFloor {
    static let flag = "--parse-floor"

    enum Mode: String, CaseIterable {
        case whole
        case skipped

        var rowName: String {
            switch self {
            case .whole: "libclang parse alone, every unit whole (nothing extracted)"
            case .skipped: "libclang parse alone, every function body skipped (the floor under body skipping)"
            }
        }
    }

    /// The command that measures one mode over the units of `database` (the bench's own executable).
    static func command(database: String, mode: Mode, jobs: Int) -> [String] {
        [CommandLine.arguments[0], flag, database, mode.rawValue, String(jobs)]
    }

    /// The `--parse-floor` process: exits 0 when every unit gave an AST, 1 otherwise (naming each
    /// unit that did not).
    static func run(_ arguments: [String]) -> Never {
        guard arguments.count == 3, let mode = Mode(rawValue: arguments[1]), let jobs = Int(arguments[2]), jobs > 0,
              let units = try? Bench.units(database: arguments[0]) else {
            FileHandle.standardError.write(Data("socksify-bench: usage: \(flag) DB whole|skipped JOBS\n".utf8))
            exit(2)
        }
        let queue = UnitQueue(units.map { ParseRequest(file: $0.file, arguments: $0.parseArguments, workingDirectory: $0.directory) })
        let done = DispatchGroup()
        for _ in 0..<min(jobs, units.count) {
            done.enter()
            // The tool's parsing threads have large stacks for deeply nested expressions: so do these.
            let thread = Thread {
                let index = ClangIndex()
                while let request = queue.next() {
                    if (try? index.parse(request, skippingFunctionBodies: mode == .skipped)) == nil { queue.failed(request.file) }
                }
                done.leave()
            }
            thread.stackSize = 512 << 20
            thread.start()
        }
        done.wait()
        exit(queue.failures == 0 ? 0 : 1)
    }
}

/// The units still to parse, handed out one at a time to whichever thread asks.
private final class UnitQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: ArraySlice<ParseRequest>
    private var failureCount = 0

    init(_ requests: [ParseRequest]) { pending = requests[...] }

    func next() -> ParseRequest? { lock.withLock { pending.popFirst() } }
    func failed(_ file: String) {
        FileHandle.standardError.write(Data("socksify-bench: libclang gave no AST for \(file)\n".utf8))
        lock.withLock { failureCount += 1 }
    }
    var failures: Int { lock.withLock { failureCount } }
}
