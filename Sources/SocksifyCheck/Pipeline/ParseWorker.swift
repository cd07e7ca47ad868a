import ClangSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The child side of unit isolation: `socksify-check __parse-worker` reads parse requests on
/// standard input and answers each with the unit's facts on the standard output it had at start,
/// until its input ends. Whatever a unit does to this process (a crash in libclang or in our
/// extractors, memory past the limit) ends this process only; the tool names the unit and starts
/// another worker.
public enum ParseWorker {
    /// The hidden subcommand that runs a worker.
    public static let subcommand = "__parse-worker"
    /// Each unit extracted whole, no header function shared with earlier units (ScanOptions.shareHeaderFunctions).
    static let noSharingFlag = "--no-shared-headers"
    /// The cache folder: what the worker shared is kept there for the next run, and read from it.
    static let headerMemoFlag = "--header-memo"
    /// Runs a worker; `arguments` are what followed the subcommand (`--unit-memory BYTES`,
    /// `--parent PID`).
    public static func main(arguments: [String]) -> Never {
        let memoryLimit = arguments.firstIndex(of: "--unit-memory").flatMap { flag in
            flag + 1 < arguments.count ? UInt64(arguments[flag + 1]) : nil
        }
        // The protocol owns the standard output the tool gave us; anything else that writes to
        // standard output (a library's stray print) goes to standard error instead.
        let replies = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        let parent = arguments.firstIndex(of: "--parent").flatMap { flag in
            flag + 1 < arguments.count ? Int32(arguments[flag + 1]) : nil
        }
        watchParent(parent ?? getppid())
        // Our visitors recurse once per level of an expression (see parallelUnits): the same large
        // stack as the in-process workers.
        let thread = Thread {
            let kept = arguments.firstIndex(of: headerMemoFlag).flatMap { flag in flag + 1 < arguments.count ? arguments[flag + 1] : nil }
            serve(replies: replies, memoryLimit: memoryLimit, sharing: !arguments.contains(noSharingFlag), kept: kept)
            exit(0)
        }
        thread.stackSize = 512 << 20
        thread.start()
        while true { sleep(60) }
    }

    private static func serve(replies: Int32, memoryLimit: UInt64?, sharing: Bool, kept: String?) {
        let index = ClangIndex()
        let memo = sharing ? HeaderFunctionMemo(directory: kept) : nil
        // The limit is on what units add: the worker's own libraries and stacks are mapped by now.
        if let memoryLimit { limitAddressSpace(to: currentAddressSpace() + memoryLimit) }
        while let bytes = readFrame(STDIN_FILENO) {
            guard let request = try? WorkerMessage.request(from: bytes) else {
                FileHandle.standardError.write(Data("socksify-check worker: a request it cannot read\n".utf8))
                exit(2)
            }
            let reply = WorkerMessage.frame(WorkerMessage.response(UnitExtraction.extract(request, index: index, memo: memo)))
            guard writeAll(replies, reply) else { exit(0) }
        }
        // The input ended: the run is over, and what was shared is kept for the next.
        memo?.save()
    }

    /// A worker outlives a tool that was killed (SIGKILL, or SIGTERM to it alone) only while it is
    /// in the middle of a unit; a unit that never ends would keep it forever, so it leaves as soon
    /// as its parent is gone.
    /// `parent` comes from the tool itself: a tool killed before this process first asked for its
    /// parent would otherwise leave it watching its new one.
    private static func watchParent(_ parent: Int32) {
        let thread = Thread {
            while getppid() == parent { sleep(1) }
            _exit(0)
        }
        thread.start()
    }

    /// The bytes of one frame, or nil at the end of the input.
    private static func readFrame(_ descriptor: Int32) -> [UInt8]? {
        guard let header = readExactly(descriptor, 4) else { return nil }
        return readExactly(descriptor, WorkerMessage.length(header))
    }

    private static func readExactly(_ descriptor: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, count - filled) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return nil }
            filled += got
        }
        return buffer
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let put = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if put < 0, errno == EINTR { continue }
            guard put > 0 else { return false }
            written += put
        }
        return true
    }

    /// Bytes of address space mapped now (/proc/self/statm's first field, in pages).
    private static func currentAddressSpace() -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").first.flatMap({ UInt64($0) }) else { return 0 }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Past the limit an allocation fails: libclang reports "out of memory" and aborts (its crash
    /// recovery is off in workers), Swift's runtime traps; either way the tool sees this worker end.
    private static func limitAddressSpace(to bytes: UInt64) {
        var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
        #if canImport(Glibc)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
        #else
        _ = setrlimit(RLIMIT_AS, &limit)
        #endif
    }
}
