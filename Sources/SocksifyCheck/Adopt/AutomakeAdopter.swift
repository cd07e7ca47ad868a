import ClangSupport
import Foundation

/// Autotools trees with automake, adopted per program and verified, with the build model as the
/// authority: the tree is configured in a scratch copy and make's dry run there says which
/// programs the build links and which compiles go into each; clients get per-program variables in
/// their Makefile.am (`telnet_CPPFLAGS`, `telnet_LDADD`) that a `--with-socks` option of
/// configure.ac fills; servers and programs without outgoing connections are left alone. The
/// edited copy is then regenerated (`autoreconf -fi`), configured `--with-socks` and dry-run
/// again: every compile of an adopted program must carry the renames, every link the library
/// after its objects, and no program left alone may be renamed.
struct AutomakeAdopter {
    let root: String
    let profile: AdoptProfile
    let renameWithMacros: Bool
    let forcedPrograms: [String]
    var configureArguments: [String] = []
    /// The copy the scan was configured in, when it was: its build is read again, not configured again.
    var configured: ConfiguredScan? = nil

    func plan(findings: [Finding], use: [String: UnitSocketUse]) async throws -> MakeAdopter.ProgramPlan {
        let build = ConfiguredAdoption(root: root, profile: profile, renameWithMacros: renameWithMacros, configureArguments: configureArguments)
        let (graph, ran) = if let configured {
            (try await build.graph(of: configured.build), configured.commands)
        } else {
            try await build.configuredGraph(overlay: [:], arguments: configureArguments)
        }
        let candidates = graph.artifacts.filter { $0.kind == .program && !$0.path.hasSuffix(".la") }
        guard !candidates.isEmpty else {
            throw AdoptError.nothingBuilt("the configured build links no program (ran in a scratch copy: \(ran.joined(separator: "; ")))")
        }
        for name in forcedPrograms where !candidates.contains(where: { matches($0, name) }) {
            throw AdoptError.unknownProgram(name, known: candidates.map { relative($0.path) })
        }
        let programs = candidates.map { artifact in
            let reach = ProgramAssessment.Reach(direct: artifact.sources.filter { !artifact.archivedSources.contains($0) },
                                                archived: artifact.archivedSources, use: use)
            let assessment = ProgramAssessment.assess(reach, findings: findings, root: root)
            let named = forcedPrograms.contains { matches(artifact, $0) }
            let adopted = forcedPrograms.isEmpty ? assessment.adoptable : named
            return MakeAdopter.Program(artifact: artifact, assessment: assessment, adopted: adopted, forced: named && !assessment.adoptable)
        }
        var notes = ["configured a scratch copy of the tree to read its build (removed): " + ran.joined(separator: "; ")]
        let adopted = programs.filter(\.adopted)
        guard !adopted.isEmpty else {
            return MakeAdopter.ProgramPlan(programs: programs, edits: [], notes: notes, verified: false)
        }
        var edits = [try ConfiguredAdoption.configureEdit(root: root, profile: profile, renameWithMacros: renameWithMacros)]
        var blockers: [String] = []
        var lines: [String: [String]] = [:]   // Makefile.am → lines
        for program in adopted {
            let directory = program.artifact.link.directory
            let makefile = directory + "/Makefile.am"
            guard FileManager.default.fileExists(atPath: makefile) else {
                blockers.append("\(relative(program.artifact.path)) is linked in \(relative(directory)), which has no Makefile.am")
                continue
            }
            // The user's own definitions, not those of a block an earlier adopt wrote (it is replaced).
            var bytes = [UInt8](FileManager.default.contents(atPath: makefile) ?? Data())
            if let block = MarkedBlock.find(in: bytes) { bytes.removeSubrange(block) }
            let text = String(decoding: bytes, as: UTF8.self)
            let name = Self.canonical(program.artifact.name)
            if renameWithMacros {
                lines[makefile, default: []].append(Self.defines(name + "_CPPFLAGS", in: text)
                    ? "\(name)_CPPFLAGS += $(SOCKS_CPPFLAGS)" : "\(name)_CPPFLAGS = $(AM_CPPFLAGS) $(SOCKS_CPPFLAGS)")
            }
            lines[makefile, default: []].append(Self.defines(name + "_LDADD", in: text)
                ? "\(name)_LDADD += $(SOCKS_LIBS)" : "\(name)_LDADD = $(LDADD) $(SOCKS_LIBS)")
        }
        if !blockers.isEmpty { throw AdoptError.notVerified(blockers) }
        for (makefile, programLines) in lines.sorted(by: { $0.key < $1.key }) {
            let options = forcedPrograms.map { "--program \(ShellWords.quote($0))" }
            edits.append(try MarkedBlock.edit(path: makefile, lines: [MarkedBlock.header(profile, sourceMode: !renameWithMacros, options: options)]
                                              + programLines + [MarkedBlock.end]) { $0.count })
        }
        try await build.verify(edits: edits, programs: programs)
        notes.append("verified: the edited tree, regenerated (autoreconf -fi) and configured --with-socks in a scratch copy, compiles and links every adopted program SOCKSified and no other")
        return MakeAdopter.ProgramPlan(programs: programs, edits: edits, notes: notes, verified: true)
    }

    /// What the user runs: the generator over the edited configure.ac and Makefile.am, then configure.
    func instructions() -> [String] {
        ConfiguredAdoption(root: root, profile: profile, renameWithMacros: renameWithMacros).instructions()
    }

    // MARK: edits

    /// automake's canonical name of a program: every character that is not a letter, digit, `_`
    /// or `@` becomes `_` (`in.telnetd` → `in_telnetd`).
    static func canonical(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "@") ? $0 : "_" })
    }

    /// Whether Makefile.am assigns the variable (`name =`, `name +=`, `name :=`) at the start of a line.
    static func defines(_ variable: String, in text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix(variable) else { return false }
            let rest = trimmed.dropFirst(variable.count).drop { $0 == " " || $0 == "\t" }
            return rest.hasPrefix("=") || rest.hasPrefix("+=") || rest.hasPrefix(":=")
        }
    }

    private func relative(_ path: String) -> String {
        path == root ? "." : (path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path)
    }

    private func matches(_ artifact: BuildGraph.Artifact, _ name: String) -> Bool {
        artifact.name == name || relative(artifact.path) == name
    }
}
