import Foundation

/// Autoconf trees without automake (openssh, rsync): configure writes each Makefile from the
/// hand-written Makefile.in beside it, so the configured copy is a plain make tree. MakeAdopter
/// plans there, with make as the authority (which programs, which compiles, which variables each
/// recipe expands), and its target-specific block goes into the Makefile.in the Makefile came
/// from, with its two variables filled by configure.ac's `--with-socks` (`@SOCKS_CPPFLAGS@`,
/// `@SOCKS_LIBS@`): without the option the build is as before. The edited tree is then
/// regenerated, configured `--with-socks` and dry-run again in a fresh copy, as for automake.
struct AutoconfAdopter {
    let root: String
    let profile: AdoptProfile
    let renameWithMacros: Bool
    let forcedPrograms: [String]
    var makeArguments: [String] = []
    var configureArguments: [String] = []
    /// The copy the scan was configured in: planned in, not configured again.
    var configured: ConfiguredScan? = nil

    func plan(findings: [Finding], use: [String: UnitSocketUse]) async throws -> MakeAdopter.ProgramPlan {
        let build: ConfigureStep.Configured
        let ran: [String]
        if let configured {
            (build, ran) = (configured.build, configured.commands)
        } else {
            do {
                build = try await ConfigureStep(arguments: configureArguments).run(root: root)
            } catch let error as BuildModelError {
                throw AdoptError.buildModel(error.description)
            }
            ran = build.commands
        }
        defer { if configured == nil { build.copy.remove() } }
        let copy = build.copy
        // In the copy: socket use keyed by its paths (findings are relative to the root, as there).
        let useInCopy = Dictionary(use.map { (copy.inCopy($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        var adopter = MakeAdopter(root: copy.path, profile: profile, renameWithMacros: renameWithMacros,
                                  makeArguments: makeArguments, forcedPrograms: forcedPrograms)
        adopter.verifies = false
        let planned = try await adopter.plan(findings: findings, use: useInCopy)
        let programs = planned.programs.map { Self.original($0, copy) }
        var notes = ["configured a scratch copy of the tree to read its build (removed): " + ran.joined(separator: "; ")]
            + planned.notes.map { $0.replacingOccurrences(of: copy.path, with: root) }
        let warnings = planned.warnings.map { $0.replacingOccurrences(of: copy.path, with: root) }
        guard programs.contains(where: \.adopted) else {
            return MakeAdopter.ProgramPlan(programs: programs, edits: [], notes: notes, warnings: warnings, verified: false)
        }
        var edits = [try ConfiguredAdoption.configureEdit(root: root, profile: profile, renameWithMacros: renameWithMacros)]
        var blockers: [String] = []
        for edit in planned.edits {
            let makefile = copy.original(edit.path)
            let template = makefile + ".in"
            guard (makefile as NSString).lastPathComponent == "Makefile", FileManager.default.fileExists(atPath: template) else {
                blockers.append("\(relative(makefile)) is not written by configure from a Makefile.in: adopt does not edit generated files")
                continue
            }
            guard let lines = Self.blockLines(edit.replacement) else {
                // A recipe of its own to extend (no library variable after the objects): the
                // Makefile.in's text around it differs from the Makefile's; not done by hand here.
                blockers.append("\(relative(template)): a link recipe needs \(edit.replacement.trimmingCharacters(in: .whitespaces)) of its own, which adopt adds to plain Makefiles only")
                continue
            }
            edits.append(MarkedBlock.place(lines, in: try LoadedMakefile(path: template, root: root)))
        }
        if !blockers.isEmpty { throw AdoptError.notVerified(blockers) }
        try await ConfiguredAdoption(root: root, profile: profile, renameWithMacros: renameWithMacros, configureArguments: configureArguments)
            .verify(edits: edits, programs: programs)
        notes.append("verified: the edited tree, regenerated (autoreconf -fi) and configured --with-socks in a scratch copy, compiles and links every adopted program SOCKSified and no other")
        return MakeAdopter.ProgramPlan(programs: programs, edits: edits, notes: notes, warnings: warnings, verified: true)
    }

    func instructions() -> [String] {
        ConfiguredAdoption(root: root, profile: profile, renameWithMacros: renameWithMacros).instructions()
    }

    /// MakeAdopter's block, with its variables left to configure: `--with-socks` fills them.
    static func blockLines(_ replacement: String) -> [String]? {
        var lines = replacement.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.first == "" { lines.removeFirst() }
        while lines.last == "" { lines.removeLast() }
        guard lines.first?.hasPrefix(MarkedBlock.begin) == true, lines.last == MarkedBlock.end else { return nil }
        return lines.map { line in
            if line.hasPrefix("SOCKSIFY_CPPFLAGS =") { return "SOCKSIFY_CPPFLAGS = @SOCKS_CPPFLAGS@" }
            if line.hasPrefix("SOCKSIFY_LIBS =") { return "SOCKSIFY_LIBS = @SOCKS_LIBS@" }
            return line
        }
    }

    /// A program planned in the copy, with the tree's paths.
    static func original(_ program: MakeAdopter.Program, _ copy: ScratchCopy) -> MakeAdopter.Program {
        func step(_ step: BuildStep) -> BuildStep {
            BuildStep(kind: step.kind, directory: copy.original(step.directory),
                      words: step.words.map { $0.replacingOccurrences(of: copy.path, with: copy.root) },
                      sources: step.sources.map(copy.original), inputs: step.inputs.map(copy.original),
                      output: copy.original(step.output), libraries: step.libraries, lastInputIndex: step.lastInputIndex)
        }
        var program = program
        program.artifact.path = copy.original(program.artifact.path)
        program.artifact.link = step(program.artifact.link)
        program.artifact.compiles = program.artifact.compiles.map(step)
        program.artifact.sources = program.artifact.sources.map(copy.original)
        program.artifact.archivedSources = program.artifact.archivedSources.map(copy.original)
        program.artifact.unknownObjects = program.artifact.unknownObjects.map(copy.original)
        program.artifact.archives = program.artifact.archives.map(copy.original)
        return program
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
