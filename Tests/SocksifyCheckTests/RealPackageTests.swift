import Foundation
import Testing

/// Proof on real code: Debian source packages adopted as a user would (`adopt --write`, then the
/// package's own make command), the client checked for `Rconnect` imports, and run through danted
/// (the peer must see the proxy's address). The packages are fetched by `.ci/real-packages`, which
/// points SOCKSIFY_REAL_PACKAGES at them; without it these tests do not run.
@Suite(.serialized, .enabled(if: RealPackage.folder != nil, "SOCKSIFY_REAL_PACKAGES is not set (see .ci/real-packages)"))
struct RealPackageTests {
    @Test(arguments: RealPackage.all)
    func adoptBuildAndRelay(_ package: RealPackage) throws {
        let source = try #require(package.tree, "\(package.name) was not fetched into \(RealPackage.folder ?? "")")
        let tree = try TemporaryTree([:])
        #expect(try shell(["cp", "-a", source + "/.", tree.path], in: tree.path).status == 0)
        for command in package.prepare {
            let prepared = try shell(command, in: tree.path, timeout: 300)
            try #require(prepared.status == 0, "\(command.joined(separator: " ")): \(tail(prepared.stdout))\n\(tail(prepared.stderr))")
        }

        let adopted = try CommandRunner.run(["adopt", "--write"] + package.adoptArguments + [tree.path])
        #expect(adopted.status == 0, "adopt: \(adopted.stderr)")
        if package.build.count == 1 {
            #expect(adopted.stderr.contains("adopt: \(package.client) "), "\(adopted.stderr)")
            #expect(adopted.stderr.contains("verified:"), "\(adopted.stderr)")
        } else {
            #expect(adopted.stderr.contains("--with-socks"), "\(adopted.stderr)")
        }
        let again = try CommandRunner.run(["adopt"] + package.adoptArguments + [tree.path])
        #expect(again.status == 0 && again.stdout.isEmpty, "a second adopt changes nothing: \(again.stdout)")

        for command in package.build {
            let built = try shell(command, in: tree.path, timeout: 300)
            try #require(built.status == 0, "\(command.joined(separator: " ")): \(tail(built.stdout, lines: 30))\n\(tail(built.stderr, lines: 30))")
        }
        let symbols = try shell(["nm", "--undefined-only", package.client], in: tree.path)
        #expect(symbols.stdout.contains(" Rconnect"), "\(package.client) imports Rconnect: \(symbols.stdout)")
        for server in package.leftAlone {
            let other = try shell(["nm", "--undefined-only", server], in: tree.path)
            #expect(!other.stdout.contains(" Rlisten") && !other.stdout.contains(" Raccept"), "\(server) is left alone: \(other.stdout)")
        }

        guard let arguments = package.clientArguments else { return }
        let dante = try DanteServer(directory: tree.path)
        defer { dante.stop() }
        let server = try PeerServer()
        defer { server.stop() }
        let configuration = dante.directory + "/socks.conf"
        try dante.clientConfiguration(protocol: "socks_v4", log: dante.directory + "/client.log")
            .write(toFile: configuration, atomically: true, encoding: .utf8)
        let run = try runGrouped(tree.path + "/" + package.client, arguments("127.0.0.1", String(server.port)), in: tree.path,
                                 environment: ["SOCKS_CONF": configuration, "SOCKS_AUTOADD_LANROUTES": "no"], timeout: 10)
        let peers = server.waitForPeers(1)
        #expect(peers.map(\.address) == ["127.0.0.2"],
                "the peer saw the proxy's address: \(peers); client exit \(run.status) \(run.stderr)\n\(tail(dante.log))")
        #expect(dante.log.contains("127.0.0.1.\(server.port)"), "\(tail(dante.log))")
    }
}

/// A Debian source package, how a user adopts and builds it, and how its client is run.
struct RealPackage: Sendable, CustomTestStringConvertible {
    var name: String
    /// What a user runs before adopting (a configure script that writes MCONFIG).
    var prepare: [[String]] = []
    var adoptArguments: [String]
    /// How the user builds the adopted tree.
    var build: [[String]]
    var client: String
    var leftAlone: [String]
    var clientArguments: (@Sendable (String, String) -> [String])?

    var testDescription: String { name }

    static let folder = ProcessInfo.processInfo.environment["SOCKSIFY_REAL_PACKAGES"]

    var tree: String? {
        guard let folder = Self.folder else { return nil }
        let path = folder + "/" + name
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    // netcat's Makefile asks for a system type (`make linux`); Debian's rules add the DFLAGS.
    static let netcatMake = ["linux", "CC=gcc -O2", "DFLAGS=-DLINUX -DTELNET -DGAPING_SECURITY_HOLE -DIP_TOS -DDEBIAN_VERSION=\\\"1.10-47\\\""]

    static let all: [RealPackage] = [
        // Plain Makefile; the client shares objects with the server faucet.
        RealPackage(name: "netpipes-4.2-8", adoptArguments: [], build: [["make"]], client: "hose", leftAlone: ["faucet"],
                    clientArguments: { host, port in [host, port, "--slave"] }),
        // A library in ip/ built by `cd ip; ${SUBMAKE}` (which make -n does not run), servers beside the client.
        RealPackage(name: "tcputils-0.6.2-10", adoptArguments: [], build: [["make"]], client: "tcpconnect",
                    leftAlone: ["tcplisten", "mini-inetd"], clientArguments: { host, port in [host, port] }),
        // nc listens too (-l): a server by default; the user names it to adopt it anyway.
        RealPackage(name: "netcat-1.10-47", adoptArguments: ["--program", "nc"] + netcatMake.flatMap { ["--make-arg", $0] },
                    build: [["make"] + netcatMake], client: "nc", leftAlone: [], clientArguments: { host, port in ["-w", "3", host, port] }),
        // netkit layout: computed subdirectories, include ../MCONFIG (written by configure) and ../MRULES.
        RealPackage(name: "bsd-finger-0.17-17", prepare: [["./configure"]], adoptArguments: [], build: [["make"]],
                    client: "finger/finger", leftAlone: ["fingerd/fingerd"], clientArguments: nil),
        // CC := $(shell ...), a shared library, a test program from a pattern rule; a function named
        // connect in test.c makes the macros unsafe, so --source.
        RealPackage(name: "hiredis-0.14.1-3", adoptArguments: ["--source"], build: [["make"]], client: "libhiredis.so",
                    leftAlone: [], clientArguments: nil),
        // Autotools (a variable named accept: --source); the configure.ac change survives autoreconf.
        RealPackage(name: "rdate-1.11-3", adoptArguments: ["--source"],
                    build: [["autoreconf", "-fi"], ["./configure", "--with-socks"], ["make"]], client: "src/rdate",
                    leftAlone: [], clientArguments: nil),
    ]
}
