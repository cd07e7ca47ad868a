import Foundation
import Testing

/// The proof that adoption works: SOCKSified clients whose connections a real SOCKS server (Dante's
/// danted on 127.0.0.1) relays, and the hazards the checker flags doing exactly what it says they do.
/// Each test checks the tree, adopts it, applies the patch with git apply, builds it against Debian's
/// libsocksd, and runs it through the proxy with loopback routes forced through it.
@Suite(.serialized) struct DanteEndToEndTests {
    /// A fixture copy checked, adopted (or not) and built.
    private func build(_ fixture: String, adopt: Bool = true, adoptArguments: [String] = []) throws -> TemporaryTree {
        let tree = try copyOfFixture(fixture)
        if adopt {
            let patch = try CommandRunner.run(["adopt", "--library", "socksd"] + adoptArguments + [tree.path])
            guard patch.status == 0 else { throw DanteError(message: "adopt failed: \(patch.stderr)") }
            let applied = try shell(["git", "apply", "-"], in: tree.path, input: Array(patch.stdout.utf8))
            guard applied.status == 0 else { throw DanteError(message: "git apply failed: \(applied.stderr)") }
        }
        let made = try shell(["make"], in: tree.path)
        guard made.status == 0 else { throw DanteError(message: "make failed: \(made.stdout)\n\(made.stderr)") }
        return tree
    }

    private struct Run {
        var result: CommandResult
        var clientLog: String
    }

    /// Runs the client with the SOCKS library pointed at `dante`. Loopback destinations go direct
    /// unless SOCKS_AUTOADD_LANROUTES=no.
    private func run(_ tree: TemporaryTree, through dante: DanteServer, protocol proxyProtocol: String = "socks_v4",
                     _ arguments: [String]) throws -> Run {
        let clientLog = dante.directory + "/client.log"
        let configuration = dante.directory + "/socks.conf"
        try dante.clientConfiguration(protocol: proxyProtocol, log: clientLog).write(toFile: configuration, atomically: true, encoding: .utf8)
        let result = try runGrouped(tree.path + "/client", arguments, in: tree.path,
                                    environment: ["SOCKS_CONF": configuration, "SOCKS_AUTOADD_LANROUTES": "no"])
        return Run(result: result, clientLog: (try? String(contentsOfFile: clientLog, encoding: .utf8)) ?? "")
    }

    private func explain(_ dante: DanteServer, _ run: Run) -> Comment {
        "client exit \(run.result.status)\nstdout: \(run.result.stdout)\nstderr: \(run.result.stderr)\n--- danted.log\n\(tail(dante.log))\n--- client.log\n\(tail(run.clientLog))"
    }

    @Test(arguments: ["socks_v4", "socks_v5"])
    func plainTCPClientIsRelayed(_ proxyProtocol: String) throws {
        let tree = try build("adopt-explicit-link")
        let dante = try DanteServer(directory: tree.path)
        defer { dante.stop() }
        let server = try PeerServer()
        defer { server.stop() }
        let run = try run(tree, through: dante, protocol: proxyProtocol, ["127.0.0.1", String(server.port)])
        let peers = server.waitForPeers(1)
        #expect(run.result.status == 0, explain(dante, run))
        #expect(peers.map(\.address) == ["127.0.0.2"], "the server saw the proxy's address: \(peers)\n\(explain(dante, run))")
        #expect(peers.first?.text == "hello\n")
        #expect(dante.log.contains("tcp/connect [: ") && dante.log.contains("127.0.0.1.\(server.port)"), explain(dante, run))
        #expect(run.clientLog.contains("\(proxyProtocol) route found"), explain(dante, run))
    }

    @Test func unadoptedBuildReachesTheServerDirectly() throws {
        let tree = try build("adopt-explicit-link", adopt: false)
        let dante = try DanteServer(directory: tree.path)
        defer { dante.stop() }
        let server = try PeerServer()
        defer { server.stop() }
        let run = try run(tree, through: dante, ["127.0.0.1", String(server.port)])
        #expect(run.result.status == 0, explain(dante, run))
        #expect(server.waitForPeers(1).map(\.address) == ["127.0.0.1"], explain(dante, run))
        #expect(!dante.log.contains("tcp/connect"), "nothing went through the proxy")
    }

    @Test func ftpActiveModeIsRelayedAsSocksBind() throws {
        let tree = try build("e2e-ftp-client")
        #expect(try CommandRunner.run(["--fail-on", "warning", tree.path]).status == 0, "FTP active mode is not a hazard")
        let dante = try DanteServer(directory: tree.path)
        defer { dante.stop() }
        let server = try PeerServer()
        defer { server.stop() }
        let run = try run(tree, through: dante, ["127.0.0.1", String(server.port)])
        #expect(run.result.status == 0, explain(dante, run))
        #expect(run.result.stdout == "data\n", "the callback arrived through the proxy: \(explain(dante, run))")
        #expect(server.peers.first?.address == "127.0.0.2")
        #expect(server.callbacks.first?.hasPrefix("127.0.0.2:") == true,
                "getsockname returned the proxy's BIND address: \(server.callbacks)\n\(explain(dante, run))")
        #expect(dante.log.contains("tcp/bind"), explain(dante, run))
    }

    @Test func nonblockingClientThatRetriesUntilEISCONNIsRelayed() throws {
        let tree = try build("e2e-nonblocking-client")
        #expect(try CommandRunner.run(["--fail-on", "nonblocking-connect", tree.path]).status == 0)
        let dante = try DanteServer(directory: tree.path)
        defer { dante.stop() }
        let server = try PeerServer()
        defer { server.stop() }
        let run = try run(tree, through: dante, ["127.0.0.1", String(server.port)])
        #expect(run.result.status == 0, explain(dante, run))
        #expect(server.waitForPeers(1).map(\.address) == ["127.0.0.2"], explain(dante, run))
        #expect(dante.log.contains("tcp/connect"), explain(dante, run))
    }

    /// Why the gate matters: adopted and built, the UDP client still talks straight to the server.
    @Test func udpDatagramsBypassTheProxyAndTheGateFailsOnThem() throws {
        let gate = try CommandRunner.run(["--fail-on", "udp-socket", "Fixtures/e2e-udp-client"])
        #expect(gate.status == 1, "\(gate.stdout)")
        // adopt leaves a UDP-only program alone (exit 1, nothing to adopt); named, it is adopted anyway.
        let copy = try copyOfFixture("e2e-udp-client")
        let refused = try CommandRunner.run(["adopt", "--library", "socksd", copy.path])
        #expect(refused.status == 1 && refused.stderr.contains("udp-or-raw-only") && refused.stdout.isEmpty, "\(refused.stderr)")
        let tree = try build("e2e-udp-client", adoptArguments: ["--program", "client"])
        let dante = try DanteServer(directory: tree.path)
        defer { dante.stop() }
        let server = try PeerServer(udp: true)
        defer { server.stop() }
        let run = try run(tree, through: dante, ["127.0.0.1", String(server.port)])
        #expect(run.result.status == 0, explain(dante, run))
        let peers = server.waitForPeers(1)
        #expect(peers.map(\.address) == ["127.0.0.1"], "the datagram did not go through the proxy: \(peers)")
        #expect(peers.first?.text == "ping\n")
        #expect(!dante.log.contains("udp/"), explain(dante, run))
    }

    @Test func chosenSourcePortIsSilentlyNotUsed() throws {
        let check = try CommandRunner.run(["--format", "json", "Fixtures/e2e-bind-port"])
        #expect(check.status == 1 && check.stdout.contains("\"bind-before-connect\""))
        let tree = try build("e2e-bind-port")
        let dante = try DanteServer(directory: tree.path)
        defer { dante.stop() }
        let server = try PeerServer()
        defer { server.stop() }
        let chosen = Loopback.freePort()
        let run = try run(tree, through: dante, ["127.0.0.1", String(server.port), String(chosen)])
        #expect(run.result.status == 0, explain(dante, run))
        let peers = server.waitForPeers(1)
        #expect(peers.first?.address == "127.0.0.2", explain(dante, run))
        #expect(peers.first.map { $0.port != chosen } == true, "port \(chosen) was asked for, \(peers) arrived")

        let direct = try build("e2e-bind-port", adopt: false)
        let directServer = try PeerServer()
        defer { directServer.stop() }
        let again = Loopback.freePort()
        _ = try runGrouped(direct.path + "/client", ["127.0.0.1", String(directServer.port), String(again)], in: direct.path, environment: [:])
        #expect(directServer.waitForPeers(1).first == Peer(address: "127.0.0.1", port: again, text: "hello\n"),
                "without SOCKS the chosen port is used: the test can tell")
    }
}
