import Foundation
import SocksifyAnalysis

/// Whether SOCKSifying a program helps it or harms it, from the check's findings and what the code
/// it links does to sockets: a client that connects out is adopted; a server would move its
/// listener onto the proxy, a UDP-only or raw-socket program cannot be carried by SOCKS, and a
/// program that never touches a socket gains nothing. Objects linked directly count whole; from a
/// static archive only the functions the program reaches by calls count, as the linker takes only
/// the members something refers to.
struct ProgramAssessment: Equatable {
    enum Role: String, Equatable {
        case client
        case server
        case datagramOnly = "udp-or-raw-only"
        case noOutgoingConnection = "no-outgoing-connection"
        case noNetwork = "no-network"
    }

    var role: Role
    /// Why, in one sentence with the first piece of evidence.
    var reason: String
    /// Findings in its code that the user should know about even when it is adopted (UDP beside TCP).
    var warnings: [Finding]

    var adoptable: Bool { role == .client }

    /// `direct` and `archived` absolute; `findings` with paths relative to `root`.
    static func assess(direct: [String], archived: [String], use: [String: UnitSocketUse], findings: [Finding], root: String) -> ProgramAssessment {
        assess(Reach(direct: direct, archived: archived, use: use), findings: findings, root: root)
    }

    /// The role of the program whose code is `reach`.
    static func assess(_ reach: Reach, findings: [Finding], root: String) -> ProgramAssessment {
        let own = findings.filter { reach.contains(file: FilePaths.resolve($0.path, against: root), function: $0.function) }
        func place(_ finding: Finding) -> String { "\(finding.path):\(finding.line)" }
        let used = reach.operations
        if used.isEmpty {
            return ProgramAssessment(role: .noNetwork, reason: "calls no socket function", warnings: [])
        }
        if let server = own.first(where: { $0.rule == ServerSocketRule.description.id }) {
            return ProgramAssessment(role: .server, reason: "accepts connections (server-socket at \(place(server))): SOCKS would move its listener onto the proxy", warnings: [])
        }
        // Started by inetd with the connection as its standard input: a server without a listen
        // of its own, whose connects (rshd's back to the client's stderr port) go to its client.
        if used.contains("inherited"), !used.contains("listen") {
            return ProgramAssessment(role: .server, reason: "serves the connection inetd hands it on its standard input (getpeername on descriptor 0): SOCKS would send its connections back to its client through the proxy", warnings: [])
        }
        let datagram = own.filter { [UDPSocketRule.description.id, RawSocketRule.description.id].contains($0.rule) }
        // Every socket it creates is UDP or raw: nothing for a SOCKS CONNECT to carry. A call that
        // may also create a TCP socket (its type chosen at run time) does not count.
        let datagramPlaces = Set(datagram.filter { $0.mayAlsoBeStream != true }.map { "\(FilePaths.resolve($0.path, against: root)):\($0.line)" })
        if !reach.creations.isEmpty, reach.creations.allSatisfy({ datagramPlaces.contains($0) }), let first = datagram.first {
            return ProgramAssessment(role: .datagramOnly, reason: "creates only UDP or raw sockets (\(first.rule) at \(place(first))): SOCKS carries TCP connections", warnings: [])
        }
        if !used.contains("connect"), let listens = ["listen", "accept"].first(where: used.contains) {
            return ProgramAssessment(role: .server, reason: "calls \(listens) and connects nowhere: SOCKS would move its listener onto the proxy", warnings: [])
        }
        if !used.contains("connect") {
            return ProgramAssessment(role: .noOutgoingConnection, reason: "makes no outgoing connection (no connect call)", warnings: [])
        }
        return ProgramAssessment(role: .client, reason: "connects out", warnings: datagram)
    }

    /// The functions a program contains: all of its direct units', and those of archive members
    /// reachable from them by calls (by name).
    struct Reach {
        var functions: [String: Set<String>] = [:]   // file → functions that count
        /// Units linked whole.
        var whole: Set<String> = []
        var operations: Set<String> = []
        /// `file:line` of each socket() it reaches.
        var creations: Set<String> = []

        init(direct: [String], archived: [String], use: [String: UnitSocketUse]) {
            whole = Set(direct)
            var pending: [String] = []
            for file in direct {
                guard let unit = use[file] else { continue }
                let names = Set(unit.functions.keys).union(unit.calls.keys)
                functions[file] = names
                pending += unit.calls.values.flatMap { $0 }
            }
            var defined: [String: [String]] = [:]   // function → archive units defining it
            for file in archived where !direct.contains(file) {
                for name in Set((use[file]?.functions.keys).map(Array.init) ?? []).union(use[file]?.calls.keys.map { $0 } ?? []) {
                    defined[name, default: []].append(file)
                }
            }
            var seen: Set<String> = []
            while let name = pending.popLast() {
                guard seen.insert(name).inserted else { continue }
                for file in defined[name] ?? [] {
                    functions[file, default: []].insert(name)
                    pending += use[file]?.calls[name] ?? []
                }
            }
            for (file, names) in functions {
                for name in names {
                    let ops = (use[file]?.functions[name] ?? []).union((use[file]?.calls[name] ?? []).flatMap { Self.callOperations[$0] ?? [] })
                    operations.formUnion(ops.filter { !$0.hasPrefix("socket@") })
                    creations.formUnion(ops.filter { $0.hasPrefix("socket@") }.map { "\(file):\($0.dropFirst(7))" })
                }
            }
        }

        /// Calls that are socket operations without a socket event of their own. A program adopted
        /// with --source calls the R-functions itself: the same operations. rcmd and rexec open a
        /// socket and connect it to the remote shell or exec daemon (rsh and rcp are clients: the
        /// call SOCKS relays as Rrcmd); rresvport opens a socket bound to a reserved port.
        static let callOperations: [String: [String]] = [
            "Rconnect": ["connect"], "Rbind": ["bind"], "Rlisten": ["listen"], "Raccept": ["accept"], "Rgetsockname": ["getsockname"],
            "rcmd": ["socket", "connect"], "rcmd_af": ["socket", "connect"], "Rrcmd": ["socket", "connect"],
            "rexec": ["socket", "connect"], "rexec_af": ["socket", "connect"],
            "rresvport": ["socket", "bind"], "rresvport_af": ["socket", "bind"],
        ]

        func contains(file: String, function: String?) -> Bool {
            if whole.contains(file) { return true }
            guard let names = functions[file] else { return false }
            return function.map(names.contains) ?? true
        }
    }
}
