import ClangSupport
import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// `check` parses each unit in a worker process: a unit that crashes libclang, takes all the memory
/// it can get or never ends costs that unit only, and the run goes on with a fresh worker.
@Suite struct WorkerIsolationTests {
    /// The issue's own case: a unit that includes /dev/zero (clang reads it until memory runs
    /// out), a unit that crashes libclang, and a real finding. Both bad units are named with their
    /// cause, the finding is reported, the gate decides the status, and the whole run (tool and
    /// workers together) stays under 1 GiB.
    @Test func badUnitsCostOnlyThemselves() throws {
        let tree = try TemporaryTree([
            "zero.c": "#include <sys/socket.h>\n#include \"/dev/zero\"\nint z(int s) { return listen(s, 1); }\n",
            "crash.c": "#include <sys/socket.h>\nint crash(void) { return socket(2, SOCK_DGRAM, 0); }\n#pragma clang __debug crash\n",
            "good.c": HostileInputTests.udp,
        ])
        let meter = PeakMemory()
        let start = Date()
        let result = try CommandRunner.run(["--format", "json", "--no-cache", "--jobs", "2", "--unit-memory", "384M", tree.path],
                                           whileRunning: meter.sample)
        #expect(Date().timeIntervalSince(start) < 60)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let messages = Dictionary(grouping: report.findings, by: \.path).mapValues { $0.map(\.message) }
        #expect(messages["good.c"]?.contains { $0.contains("UDP socket") } == true, "\(messages)")
        #expect(messages["zero.c"]?.contains { $0.contains("parsing ran out of memory (over 384 MiB, --unit-memory)") } == true,
                "\(messages)")
        #expect(messages["crash.c"]?.contains { $0.contains("crashed while parsing this file (SIGILL)") } == true, "\(messages)")
        #expect(report.coverage?.unitsWithParseErrors == ["crash.c", "zero.c"])
        // An error finding: the gate's status 1 (incompleteness alone would be 5).
        #expect(result.status == 1, "\(result.stderr)")
        #expect(meter.peak > 0 && meter.peak < 1 << 30, "peak \(meter.peak >> 20) MiB")

        // The same tree gated on nothing but completeness: status 5, both units counted.
        let gated = try CommandRunner.run(["--no-cache", "--fail-on", "never", "--unit-memory", "384M", tree.path])
        #expect(gated.status == 5, "\(gated.stderr)")
        #expect(gated.stderr.contains("2 of 3 translation units did not parse"), "\(gated.stderr)")
    }

    /// Worker processes and in-process threads give the same report on a real fixture.
    @Test func workersAndThreadsAgree() throws {
        let fixture = Package.fixture("multi-program")
        let workers = try CommandRunner.run(["--format", "json", "--no-cache", fixture])
        let threads = try CommandRunner.run(["--format", "json", "--no-cache", "--in-process", fixture])
        #expect(workers.status == threads.status)
        #expect(!workers.stdout.isEmpty && workers.stdout == threads.stdout)
    }

    /// A tool killed outright (SIGKILL: no handler runs) leaves no worker behind, even one in the
    /// middle of a unit that would take minutes.
    @Test func workersLeaveWithTheTool() throws {
        let defines = (0..<5000).map { "#define MACRO_\($0) (\($0) + 1)\n" }.joined()
        let tree = try TemporaryTree([
            "defs.h": defines,
            "slow.c": "#include <sys/socket.h>\nint s(void) { return socket(2, SOCK_DGRAM, 0); }\n" + String(repeating: "#include \"defs.h\"\n", count: 400),
        ])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = ["--no-cache", "-q", "--jobs", "1", tree.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var workers: [Int32] = []
        let deadline = Date().addingTimeInterval(20)
        while workers.isEmpty && Date() < deadline {
            usleep(50_000)
            workers = ProcessTree.children(of: process.processIdentifier)
        }
        #expect(!workers.isEmpty, "a worker started")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let gone = Date().addingTimeInterval(10)
        while workers.contains(where: ProcessTree.isAlive) && Date() < gone { usleep(100_000) }
        #expect(!workers.contains(where: ProcessTree.isAlive), "workers \(workers) outlived the tool")
    }

    // MARK: - Pure parts

    @Test func messagesRoundTrip() throws {
        let request = ParseRequest(file: "/src/a b/ü.c", arguments: ["-DX=\"1 2\"", "-I", "/inc"], workingDirectory: "/src")
        #expect(try WorkerMessage.request(from: WorkerMessage.request(request)) == request)
        let bare = ParseRequest(file: "/a.c", arguments: [])
        #expect(try WorkerMessage.request(from: WorkerMessage.request(bare)) == bare)

        var facts = UnitFacts(file: "/src/a.c")
        facts.parseErrors = [ParseProblem(message: "boom", location: SourceLocation(file: "/src/a.c", line: 2, column: 3, offset: 9))]
        let sent = UnitExtraction(facts: facts, unparsable: true, included: ["/src/a.h", "/usr/include/stdio.h"])
        let received = try WorkerMessage.response(from: WorkerMessage.response(sent))
        #expect(received.facts == sent.facts && received.unparsable && received.included == sent.included && !received.lost)
        // A request is not a response, and a cut message is an error, not a short result.
        #expect(throws: (any Error).self) { try WorkerMessage.response(from: WorkerMessage.request(bare)) }
        let cut = WorkerMessage.response(sent)
        #expect(throws: (any Error).self) { try WorkerMessage.response(from: Array(cut.dropLast(3))) }
    }

    @Test func framesCarryTheirLength() {
        for count in [0, 1, 255, 256, 70_000, 16_777_217] {
            let frame = WorkerMessage.frame([UInt8](repeating: 7, count: count))
            #expect(WorkerMessage.length(frame.prefix(4)) == count)
            #expect(frame.count == count + 4)
        }
    }

    @Test func lostUnitsSayWhy() {
        #expect(WorkerConnection.reason(status: .signaled(SIGSEGV), errors: "", memoryLimit: 1 << 30)
            == "crashed while parsing this file (SIGSEGV); not analysed")
        #expect(WorkerConnection.reason(status: .signaled(SIGABRT), errors: "LLVM ERROR: out of memory\nAllocation failed\n",
                                        memoryLimit: 384 << 20)
            == "parsing ran out of memory (over 384 MiB, --unit-memory); not analysed")
        #expect(WorkerConnection.reason(status: .signaled(SIGTRAP), errors: "x\nFatal error: Index out of range\nmore",
                                        memoryLimit: nil)
            == "crashed while parsing this file (SIGTRAP): Fatal error: Index out of range; not analysed")
        #expect(WorkerConnection.reason(status: .exited(3), errors: "", memoryLimit: nil)
            == "the parse worker exited with status 3; not analysed")
        #expect(WorkerConnection.signalName(40) == "signal 40")
    }

    @Test func memorySizes() {
        #expect(MemorySize.parse("2G") == 2 << 30)
        #expect(MemorySize.parse("1536m") == 1536 << 20)
        #expect(MemorySize.parse("512MiB") == 512 << 20)
        #expect(MemorySize.parse("300") == 300 << 20)
        #expect(MemorySize.parse("1.5G") == 3 << 29)
        for bad in ["", "G", "-1G", "0", "2X", "two"] { #expect(MemorySize.parse(bad) == nil, "\(bad)") }
        #expect(MemorySize.describe(2 << 30) == "2 GiB")
        #expect(MemorySize.describe(384 << 20) == "384 MiB")
        #expect(MemorySize.describe(3 << 29) == "1.5 GiB")
        let limit = MemorySize.defaultUnitLimit(jobs: 2)
        #expect(limit >= 512 << 20 && limit <= 2 << 30)
    }

    @Test func unitMemoryIsValidated() throws {
        let result = try CommandRunner.run(["--unit-memory", "10", "."])
        #expect(result.status == 2)
        #expect(result.stderr.contains("'--unit-memory <size>'") && result.stderr.contains("at least 64M"), "\(result.stderr)")
    }
}

/// The largest total resident memory of a process and its descendants, sampled while it runs.
final class PeakMemory: @unchecked Sendable {
    private(set) var peak: UInt64 = 0

    func sample(_ pid: Int32) {
        let pids = [pid] + ProcessTree.descendants(of: pid)
        let total = pids.reduce(UInt64(0)) { $0 + ProcessTree.residentBytes($1) }
        peak = max(peak, total)
    }
}

/// What /proc says about processes.
enum ProcessTree {
    static func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task -> [Int32] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    static func descendants(of pid: Int32) -> [Int32] {
        children(of: pid).flatMap { [$0] + descendants(of: $0) }
    }

    static func residentBytes(_ pid: Int32) -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return 0 }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Alive and not a zombie waiting for its parent.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return false }
        return !text[text.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}

/// The library's own scan through worker processes (the tool's executable): the connection's
/// concurrency runs in this process, where the thread sanitizer (`.ci/tsan`) sees it.
@Suite struct LibraryWorkerTests {
    @Test func scanThroughWorkersEqualsScanInThreads() async throws {
        var options = ScanOptions(paths: [Package.fixture("dual-helper")], jobs: 2)
        let threads = try await CheckPipeline.scan(options)
        options.unitIsolation = .workerProcesses(executable: CommandRunner.executable, memoryLimit: 1 << 30)
        let workers = try await CheckPipeline.scan(options)
        #expect(!threads.report.findings.isEmpty)
        #expect(workers.report == threads.report)
        #expect(workers.parsedUnits == threads.parsedUnits)
    }
}

extension LibraryWorkerTests {
    /// Workers load the libclang the tool loaded (`--libclang` reaches them), with libclang's crash
    /// recovery and Swift's backtracer off.
    @Test func workersInheritTheLoadedLibClang() throws {
        let loaded = LibClang.inUse
        let environment = WorkerConnection.environment
        let values = Dictionary(uniqueKeysWithValues: environment.map { ($0.key.rawValue, $0.value) })
        #expect(values[LibClang.environmentVariable] == .some(loaded.path))
        #expect(values["LIBCLANG_DISABLE_CRASH_RECOVERY"] == .some("1"))
        #expect(values["SWIFT_BACKTRACE"] == .some("enable=no"))
    }
}

/// A header found through a relative `-I` is named by clang relative to the unit's working
/// directory, and libclang 16 moves the process into that directory while it parses: the path
/// must come out the same from a worker, from a thread, whatever directory the tool runs in.
@Suite struct RelativeIncludeTests {
    static let installed = [14, 16].filter { FileManager.default.fileExists(atPath: "/usr/lib/llvm-\($0)/lib/libclang.so.1") }

    @Test(arguments: [[], ["--in-process"]])
    func headerFindingsKeepTheirPath(isolation: [String]) throws {
        let tree = try TemporaryTree([
            "include/net.h": "#include <sys/socket.h>\nstatic inline int open_udp(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n",
            "src/main.c": "#include \"net.h\"\nint main(void) { return open_udp(); }\n",
        ])
        let database = [["directory": tree.path, "file": "src/main.c", "arguments": ["cc", "-Iinclude", "-c", "src/main.c"]]]
        try JSONSerialization.data(withJSONObject: database).write(to: URL(fileURLWithPath: tree.path + "/compile_commands.json"))
        for version in Self.installed {
            let result = try CommandRunner.run(isolation + ["--format", "json", "--no-cache", "-p", tree.path, tree.path],
                                               environment: ["SOCKSIFY_LIBCLANG": "/usr/lib/llvm-\(version)/lib/libclang.so.1"], in: "/")
            let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
            #expect(report.findings.map(\.path) == ["include/net.h"], "libclang \(version) \(isolation): \(result.stdout)")
        }
    }
}
