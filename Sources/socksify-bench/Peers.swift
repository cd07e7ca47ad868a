import Foundation

/// The tools a user would pick instead of socksify-check, with rules that look for what its two
/// most common findings look for: a socket created with SOCK_DGRAM, and a bind before a connect on
/// the same socket. Rows are added only for the tools installed (`semgrep`, `spatch`).
enum Peers {
    struct Peer {
        var name: String
        var command: [String]
        /// Where it starts: semgrep started inside a git checkout asks git for the files and runs
        /// one semgrep-core per file (22 processes for 20 files); a user scanning a tree runs it
        /// from outside one.
        var directory: String? = nil
        /// How to ask it for its version, printed with the table.
        var version: [String] = []
    }

    static let semgrepRules = """
        rules:
          - id: udp-socket
            languages: [c]
            severity: ERROR
            message: a UDP socket bypasses a SOCKS proxy
            pattern: socket($D, SOCK_DGRAM, $P)
          - id: bind-before-connect
            languages: [c]
            severity: WARNING
            message: bind before connect
            patterns:
              - pattern: |
                  bind($S, ...);
                  ...
                  connect($S, ...);

        """

    static let semanticPatch = """
        @udp@
        expression d, p;
        position pos;
        @@
        socket@pos(d, SOCK_DGRAM, p)

        @script:python@
        pos << udp.pos;
        @@
        print("%s:%s: udp-socket" % (pos[0].file, pos[0].line))

        @bbc@
        expression s;
        position pos;
        @@
        bind@pos(s, ...);
        ...
        connect(s, ...);

        @script:python@
        pos << bbc.pos;
        @@
        print("%s:%s: bind-before-connect" % (pos[0].file, pos[0].line))

        """

    static func installed(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func commands(files allFiles: [String], jobs: Int, scratch: String) -> [Peer] {
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        // A database can name generated sources that do not exist before a build: the peers abort on those.
        let files = allFiles.filter { FileManager.default.fileExists(atPath: $0) }
        var peers: [Peer] = []
        if let semgrep = installed("semgrep") {
            let rules = scratch + "/peer-rules.yml"
            try? semgrepRules.write(toFile: rules, atomically: true, encoding: .utf8)
            // Once, over the files, from the scratch folder (outside any git checkout).
            peers.append(Peer(name: "peer: semgrep, the same two patterns", command: [
                semgrep, "scan", "--config", rules, "--jobs", String(jobs), "--metrics", "off", "--disable-version-check",
                "--quiet", "--json", "--no-git-ignore", "--timeout", "0",
            ] + files, directory: scratch, version: [semgrep, "--version"]))
        }
        if let spatch = installed("spatch") {
            let patch = scratch + "/peer.cocci"
            try? semanticPatch.write(toFile: patch, atomically: true, encoding: .utf8)
            // One unit per group (groups are separated by a blank line), the groups shared by N
            // processes: given the files on its command line, spatch reads them all in one process.
            let groups = scratch + "/peer-file-groups"
            try? files.joined(separator: "\n\n").appending("\n").write(toFile: groups, atomically: true, encoding: .utf8)
            peers.append(Peer(name: "peer: Coccinelle spatch, the same two patterns", command: [
                spatch, "--sp-file", patch, "-j", String(jobs), "--file-groups", groups, "--very-quiet", "--no-show-diff",
            ], directory: scratch, version: [spatch, "--version"]))
        }
        return peers
    }
}
