import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// socksify-check runs unattended on trees it has never seen: one odd file gets one clear word, the
/// findings in the good files are all still reported, and a rewrite never leaves a tree half-edited.
@Suite struct HostileInputTests {
    static let udp = "#include <sys/socket.h>\n#include <netinet/in.h>\nint good(void) { return socket(AF_INET, SOCK_DGRAM, 0); }\n"

    @Test func badFilesGetOneWordEachAndGoodFindingsSurvive() throws {
        let tree = try TemporaryTree([
            "good.c": Self.udp,
            "empty.c": "",
            "latin1.c": "",
            // Deeper than clang's bracket limit (256): clang gives up on the unit; the scan does not.
            "deep.c": "#include <sys/socket.h>\nint deep = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + ";\n",
            "crash.c": "#include <sys/socket.h>\nint crash(void) { return socket(2, SOCK_DGRAM, 0); }\n#pragma clang __debug crash\n",
            "sub/inner.c": "int inner;\n",
        ])
        // A Latin-1 comment (not UTF-8) above a real finding.
        try Data([0x2F, 0x2A, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x20, 0x2A, 0x2F, 0x0A] + Array(Self.udp.utf8))
            .write(to: URL(fileURLWithPath: tree.path + "/latin1.c"))
        try Data([0x00, 0xFF, 0x13, 0x37] + Array(repeating: 0xAB, count: 4096)).write(to: URL(fileURLWithPath: tree.path + "/garbage.c"))
        _ = FileManager.default.createFile(atPath: tree.path + "/huge.c", contents: nil)
        let huge = try FileHandle(forWritingTo: URL(fileURLWithPath: tree.path + "/huge.c"))
        try huge.truncate(atOffset: 40 << 20)
        try huge.close()
        let rawName = Array((tree.path + "/bad").utf8) + [0xFF, 0x2E, 0x63, 0x00]
        let descriptor = rawName.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        close(descriptor)
        symlink(tree.path + "/nowhere.c", tree.path + "/dangling.c")
        symlink(tree.path, tree.path + "/sub/loop")
        mkfifo(tree.path + "/pipe.c", 0o644)

        let result = try CommandRunner.run(["--format", "json", "--no-cache", "--unit-timeout", "60", tree.path])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let byFile = Dictionary(grouping: report.findings, by: \.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(byFile["good.c"]?.map(\.rule) == ["udp-socket"])
        #expect(byFile["latin1.c"]?.map(\.rule) == ["udp-socket"], "non-UTF-8 content is still C")
        #expect(byFile["garbage.c"]?.map(\.message) == ["this file holds NUL bytes: binary data, not C source: not analysed"])
        #expect(byFile["huge.c"]?.first?.message.contains("40.0 MiB, over the 32 MiB limit") == true)
        #expect(byFile["dangling.c"]?.map(\.rule) == ["input-error"])
        #expect(report.findings.contains { $0.path.hasPrefix("bad") && $0.message.contains("not valid UTF-8") })
        // Parsed in a worker process with libclang's recovery off, the crash ends that worker only.
        #expect(byFile["crash.c"]?.contains { $0.message.contains("crashed while parsing this file (SIGILL)") } == true,
                "a crash inside libclang is that unit's error")
        #expect(byFile["deep.c"]?.contains { $0.rule == "parse-error" } == true)
        #expect(byFile["pipe.c"]?.map(\.message) == ["this file is a FIFO (named pipe), not a regular file: not read"],
                "a FIFO is not read (it would block), but it is named")
        for (path, findings) in byFile {
            #expect(findings.filter { ["input-error", "parse-error"].contains($0.rule) }.count <= 1, "one word per bad file: \(path)")
        }
    }

    /// What the walk does not read is named, one note each: a FIFO (reading it would block), a
    /// socket, a device (root only: making one needs CAP_MKNOD), whether named as a unit or a header.
    @Test func filesThatAreNotRegularAreNoted() throws {
        let tree = try TemporaryTree(["good.c": Self.udp, "notes.txt": "not a source\n"])
        #expect(mkfifo(tree.path + "/fifo.c", 0o644) == 0)
        #expect(mkfifo(tree.path + "/fifo.h", 0o644) == 0)
        #expect(mkfifo(tree.path + "/fifo.txt", 0o644) == 0)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let socketPath = Array((tree.path + "/sock.c").utf8CString)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.enumerated() where index < raw.count { raw[index] = UInt8(bitPattern: byte) }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        let device = getuid() == 0 && mknod(tree.path + "/null.c", S_IFCHR | 0o644, dev_t((1 << 8) | 3)) == 0 // 1,3: what /dev/null is

        let result = try CommandRunner.run(["--format", "json", "--no-cache", tree.path])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let notes = Dictionary(grouping: report.findings.filter { $0.rule == "input-error" }, by: \.path).mapValues { $0.map(\.message) }
        #expect(result.status == 1, "\(result.stderr)")
        #expect(notes["fifo.c"] == ["this file is a FIFO (named pipe), not a regular file: not read"])
        #expect(notes["fifo.h"] == ["this file is a FIFO (named pipe), not a regular file: not read"])
        #expect(notes["sock.c"] == ["this file is a socket, not a regular file: not read"])
        if device { #expect(notes["null.c"] == ["this file is a character device, not a regular file: not read"]) }
        #expect(notes["fifo.txt"] == nil, "only names the walk would read as C")
        #expect(report.findings.contains { $0.path == "good.c" && $0.rule == "udp-socket" })
        let excluded = try CommandRunner.run(["--format", "json", "--no-cache", "--exclude", "fifo.*", tree.path])
        #expect(!excluded.stdout.contains("fifo."), "what is excluded is not reported: \(excluded.stdout)")
        #expect(excluded.stdout.contains("sock.c"))
    }

    @Test func nothingAnalysableExitsThree() throws {
        let tree = try TemporaryTree([:])
        try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: tree.path + "/a.c"))
        try Data([0, 9, 9]).write(to: URL(fileURLWithPath: tree.path + "/b.c"))
        let result = try CommandRunner.run(["--no-cache", tree.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("could not parse any translation unit"))
    }

    /// Run unprivileged (`Unprivileged`): root reads every file.
    @Test(.enabled(if: Unprivileged.available, "needs a user that permissions apply to"))
    func unreadableFileIsReported() throws {
        let tree = try TemporaryTree(["good.c": Self.udp, "secret.c": "int x;\n"])
        tree.openToEveryone()
        chmod(tree.path + "/secret.c", 0)
        let result = try Unprivileged.run(["--no-cache", tree.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("secret.c:1:1: note: this file cannot be read: Permission denied"), "\(result.stdout)")
        #expect(result.stdout.contains("good.c:3:25: error:"))
    }

    /// A directory the walk cannot open, and a header it cannot read, are named, not skipped; the
    /// tree itself is read-only to the user, so the cache cannot be written: one note says so.
    @Test(.enabled(if: Unprivileged.available, "needs a user that permissions apply to"))
    func unreadableDirectoryAndReadOnlyTreeAreNoted() throws {
        let tree = try TemporaryTree(["good.c": Self.udp, "locked/hidden.c": Self.udp, "secret.h": "#define X 1\n"])
        tree.openToEveryone()
        chmod(tree.path + "/locked", 0o700)
        chmod(tree.path + "/secret.h", 0o600)
        let result = try Unprivileged.run(["--format", "json", tree.path])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        let notes = Dictionary(grouping: report.findings.filter { $0.rule == "input-error" }, by: \.path).mapValues { $0.map(\.message) }
        #expect(result.status == 1, "\(result.stderr)")
        #expect(notes["locked"] == ["this file (a directory) cannot be read: Permission denied; nothing under it is analysed"], "\(notes)")
        #expect(notes["secret.h"] == ["this file cannot be read: Permission denied"], "\(notes)")
        let cacheNotes = result.stderr.components(separatedBy: "\n").filter { $0.contains("cache cannot be written") }
        #expect(cacheNotes == ["socksify-check: note: the result cache cannot be written (\(tree.path)/.socksify-check-cache: permission denied); every run parses every unit again: give --cache-dir a writable directory, or --no-cache"],
                "\(result.stderr)")
    }

    /// A unit that keeps libclang busy far longer than the limit: reported, left behind, and the run
    /// ends on time with every other finding; in a worker process (stopped) and in a thread (abandoned).
    @Test(arguments: [[], ["--in-process"]])
    func slowUnitIsCutOffByTheUnitTimeout(isolation: [String]) throws {
        let defines = (0..<5000).map { "#define MACRO_\($0) (\($0) + 1)\n" }.joined()
        let tree = try TemporaryTree([
            "defs.h": defines,
            "slow.c": "#include <sys/socket.h>\nint s(void) { return socket(2, SOCK_DGRAM, 0); }\n" + String(repeating: "#include \"defs.h\"\n", count: 200),
            "good.c": Self.udp,
        ])
        let start = Date()
        // 3 s: far beyond the good unit's parse even on a loaded machine, far below the slow one's.
        let result = try CommandRunner.run(isolation + ["--no-cache", "--show-parse-errors", "--unit-timeout", "3", "--jobs", "2", tree.path])
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(result.stdout.contains("slow.c:1:1: note: 1 parse error in this translation unit, the first: parsing took longer than 3 s"))
        #expect(result.stdout.contains("good.c:3:25: error:"))
    }

    /// A generated expression 50,000 levels deep overflowed libclang's own 8 MiB parse thread
    /// (SIGSEGV); parsed on our workers' stacks it is a unit like any other.
    @Test func deeplyNestedExpressionDoesNotCrash() throws {
        let sum = "int u(void) { return " + String(repeating: "0 + ", count: 50_000) + "socket(AF_INET, SOCK_DGRAM, 0); }\n"
        let tree = try TemporaryTree(["deep.c": "#include <sys/socket.h>\n" + sum, "good.c": Self.udp])
        let result = try CommandRunner.run(["--no-cache", tree.path])
        #expect([1, 5].contains(result.status), "an exit status, not a signal: \(result.status) \(result.stderr)")
        #expect(result.stdout.contains("good.c:3:25: error:"))
    }

    @Test func twentyThousandSmallFiles() throws {
        let tree = try TemporaryTree([:])
        for directory in 0..<100 {
            let path = tree.path + "/d\(directory)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for file in 0..<200 {
                let text = directory == 42 && file == 7 ? Self.udp : "int f_\(directory)_\(file)(void) { return \(file); }\n"
                _ = FileManager.default.createFile(atPath: "\(path)/u\(file).c", contents: Data(text.utf8))
            }
        }
        let start = Date()
        let result = try CommandRunner.run(["--format", "json", "--no-cache", tree.path])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.summary.translationUnits == 20_000)
        #expect(report.findings.map(\.path) == ["d42/u7.c"])
        #expect(Date().timeIntervalSince(start) < 120)

        // On a terminal (script(1) gives it a pty) the progress line is drawn and erased before the
        // summary; --quiet and a pipe show none. (The one-second delay is set to 0 here so the test
        // does not depend on how fast this machine is.)
        let command = "SOCKSIFY_CHECK_PROGRESS_AFTER=0 \(CommandRunner.executable) --no-cache --jobs 1 \(tree.path) > /dev/null"
        let terminal = try shell(["script", "-qec", command, "/dev/null"], in: tree.path)
        #expect(terminal.stdout.contains("/20000] d"), "progress, paths relative to the directory it runs in: \(terminal.stdout.suffix(300))")
        #expect(terminal.stdout.contains("\r\u{1B}[K1 error, 0 warnings in 20000 translation units"))
        let quiet = try shell(["script", "-qec", command.replacingOccurrences(of: "--no-cache", with: "--no-cache --quiet"), "/dev/null"], in: tree.path)
        #expect(!quiet.stdout.contains("/20000]") && !quiet.stdout.contains("translation units"))
        #expect(!result.stderr.contains("/20000]"), "no progress line into a pipe")
    }

    /// The parallel scan gives the same bytes from 1 to 16 workers.
    @Test func anyNumberOfWorkersGivesTheSameOutput() throws {
        let paths = ["bind-helper", "daemon", "dual-helper", "getaddrinfo-hints", "hostile-input", "nonblocking-client"].map { "Fixtures/" + $0 }
        let reference = try CommandRunner.run(["--format", "json", "--no-cache", "--jobs", "1"] + paths)
        for jobs in [2, 3, 5, 8, 16] {
            let run = try CommandRunner.run(["--format", "json", "--no-cache", "--jobs", String(jobs)] + paths)
            #expect(run.stdout == reference.stdout, "--jobs \(jobs)")
        }
    }
}
