import Foundation
import ClangSupport

/// Adopts a GNU make build per program, with make as the authority: a dry run (`make -n -B -w`)
/// says which programs and libraries the build links and which compiles go into each; a second
/// dry run with marker values on the command line says which variables each of those recipes
/// really expands; the edits are target-specific variables for exactly those objects and
/// programs; a third dry run of the edited Makefiles (in the scratch mirror) proves every compile
/// of an adopted program carries the renames and every link the library after its objects.
struct MakeAdopter {
    struct Program {
        var artifact: BuildGraph.Artifact
        var assessment: ProgramAssessment
        var adopted: Bool
        /// Adopted only because `--program` named it.
        var forced: Bool
    }

    struct ProgramPlan {
        var programs: [Program]
        var edits: [FileEdit]
        var notes: [String]
        /// What stays wrong or changes for a program left alone (it shares renamed objects).
        var warnings: [String] = []
        /// The dry run of the edited tree found nothing missing.
        var verified: Bool
    }

    let root: String
    let profile: AdoptProfile
    let renameWithMacros: Bool
    let makeArguments: [String]
    let forcedPrograms: [String]
    var runner = MakeRunner()
    /// Dry-run the edited Makefiles to verify them. AutoconfAdopter plans in a configured copy,
    /// whose Makefiles config.status writes again from Makefile.in (make remakes them first), and
    /// verifies its Makefile.in edits itself.
    var verifies = true

    static let compileCandidates = ["CPPFLAGS", "CFLAGS"]
    static let linkCandidates = ["LDLIBS", "LIBS", "LOADLIBES", "LDADD"]
    static let probePrefix = "__socksify_probe_"

    func plan(findings: [Finding], use: [String: UnitSocketUse]) async throws -> ProgramPlan {
        // A Makefile that is not text is refused with its name before make reads it.
        if let top = makefile(in: root) { _ = try LoadedMakefile(path: top, root: root) }
        let mirror = try ScratchMirror(root: root)
        defer { mirror.remove() }
        let transcript = try await dryRun(mirror, extra: [])
        let graph = BuildGraph(transcript)
        guard !graph.artifacts.isEmpty else {
            let goal = makeArguments.isEmpty ? "make's default goal" : "make \(makeArguments.joined(separator: " "))"
            let scripts = transcript.otherPrograms.prefix(5)
            let runs = scripts.isEmpty ? "" : "; its recipes run \(scripts.joined(separator: ", ")): a build that compiles and links through scripts of its own hides the compiler and its flags from adopt, so change those scripts' settings by hand (e.g. conf-cc, conf-ld)"
            throw AdoptError.nothingBuilt("\(goal) links no program or library here (its dry run printed \(transcript.steps.isEmpty ? "no compile or link" : "only compiles")\(runs)); if another goal builds the programs, name it with --make-arg GOAL (e.g. --make-arg all, or the system type a Makefile asks for)")
        }
        for name in forcedPrograms where !graph.artifacts.contains(where: { matches($0, name) }) {
            throw AdoptError.unknownProgram(name, known: graph.artifacts.map { relative($0.path) })
        }
        var programs = graph.artifacts.map { artifact in
            let reached = ProgramAssessment.Reach(direct: artifact.sources.filter { !artifact.archivedSources.contains($0) },
                                                  archived: artifact.archivedSources, use: use)
            let assessment = ProgramAssessment.assess(reached, findings: findings, root: root)
            let forced = !assessment.adoptable && forcedPrograms.contains { matches(artifact, $0) }
            // Only the archive members the program reaches go into it: only those are renamed for it.
            var artifact = artifact
            artifact.compiles = artifact.compiles.filter { compile in
                compile.sources.contains { !artifact.archivedSources.contains($0) || reached.functions[$0] != nil }
            }
            return Program(artifact: artifact, assessment: assessment, adopted: assessment.adoptable || forced, forced: forced)
        }
        // Programs named with --program: only those.
        if !forcedPrograms.isEmpty {
            for index in programs.indices where !forcedPrograms.contains(where: { matches(programs[index].artifact, $0) }) {
                programs[index].adopted = false
            }
        }
        var notes: [String] = []
        var warnings: [String] = []
        let adopted = programs.filter(\.adopted)
        guard !adopted.isEmpty else { return ProgramPlan(programs: programs, edits: [], notes: notes, verified: false) }

        // The compiles to rename and the links that need the library, by the directory make runs them in.
        let renamed: [BuildStep] = renameWithMacros ? unique(adopted.flatMap(\.artifact.compiles)) : []
        let renamedObjects = Set(renamed.map(\.output))
        var linked = adopted.map(\.artifact)
        // A program left alone that links an object compiled with the renames needs the library too;
        // when that object does something to sockets, those calls of the program go through the
        // SOCKS library as well, which the user must hear about.
        var quiet: [String] = []
        for program in programs where !program.adopted {
            let shared = program.artifact.compiles.filter { renamedObjects.contains($0.output) }
            guard !shared.isEmpty else { continue }
            linked.append(program.artifact)
            let operations = shared.flatMap(\.sources).flatMap { source in
                (use[source]?.functions.values.flatMap { $0 } ?? []).filter { !$0.hasPrefix("socket") && $0 != "close" }
                    .map { "\($0) in \(relative(source))" }
            }
            if operations.isEmpty {
                quiet.append("\(relative(program.artifact.path)) (\(shared.map { relative($0.output) }.joined(separator: ", ")))")
            } else {
                warnings.append("\(relative(program.artifact.path)) (\(program.assessment.role.rawValue), left alone) links \(shared.map { relative($0.output) }.joined(separator: ", ")), compiled with the renames for the adopted programs: its \(Array(Set(operations)).sorted().prefix(4).joined(separator: ", ")) go through lib\(profile.library) too (build it from separately compiled objects to keep it direct)")
            }
        }
        if !quiet.isEmpty {
            notes.append("left alone but linking objects compiled with the renames, so linking \(profile.linkFlag) too (those objects do nothing to sockets): \(quiet.joined(separator: ", "))")
        }

        let choice = try await probe(mirror, compiles: renamed, links: linked)
        var lines: [String: [String]] = [:]   // makefile → target-specific lines
        var edits: [FileEdit] = []
        var blockers: [String] = []
        var byVariable: [String: [String: [String]]] = [:]  // makefile → variable → objects
        for compile in renamed {
            guard let makefile = makefile(in: compile.directory) else {
                blockers.append("\(relative(compile.directory)): no Makefile of its own for `\(compile.text)`"); continue
            }
            guard let variable = choice.compile[compile.output] else {
                blockers.append("`\(compile.text)` (in \(relative(compile.directory))) expands neither CPPFLAGS nor CFLAGS: there is no variable to add the renames to")
                continue
            }
            byVariable[makefile, default: [:]][variable, default: []].append(Self.target(compile.output, from: compile.directory))
        }
        for (makefile, variables) in byVariable {
            for (variable, objects) in variables.sorted(by: { $0.key < $1.key }) {
                lines[makefile, default: []].append("\(objects.joined(separator: " ")): override \(variable) += $(SOCKSIFY_CPPFLAGS)")
            }
        }
        for artifact in unique(linked) where artifact.kind == .staticLibrary {
            notes.append("\(relative(artifact.path)) is a static library: the programs that link it must link \(profile.linkFlag) after it")
        }
        for artifact in unique(linked) where artifact.kind != .staticLibrary {
            let link = artifact.link
            guard let makefile = makefile(in: link.directory) else {
                blockers.append("\(relative(link.directory)): no Makefile of its own for `\(link.text)`"); continue
            }
            let target = Self.target(artifact.path, from: link.directory)
            if let variable = choice.link[artifact.path] {
                lines[makefile, default: []].append("\(target): override \(variable) += $(SOCKSIFY_LIBS)")
            } else if let edit = recipeInsertion(for: link, target: target, makefile: makefile) {
                // No library variable after the objects: the recipe names one of its own, set only for this target.
                if let edit = edit { edits.append(edit) }
                lines[makefile, default: []].append("\(target): SOCKSIFY_LINK = $(SOCKSIFY_LIBS)")
            } else {
                blockers.append("`\(link.text)` (in \(relative(link.directory))) expands no library variable after its objects and its rule for \(target) was not found in \(relative(makefile))")
            }
        }
        if !blockers.isEmpty { throw AdoptError.notVerified(blockers) }
        edits += try lines.sorted(by: { $0.key < $1.key }).map { makefile, targetLines in try blockEdit(makefile, lines: targetLines) }
        if verifies { try await verify(mirror, edits: edits, programs: programs) }
        return ProgramPlan(programs: programs, edits: edits, notes: notes, warnings: warnings, verified: verifies)
    }

    // MARK: make

    /// The dry run of the whole build: make's own, plus the recursive makes it left out (a recipe
    /// that runs `${SUBMAKE}` is not run by `make -n`), each dry-run the same way, four levels deep.
    private func dryRun(_ mirror: ScratchMirror, extra: [String]) async throws -> DryRunTranscript {
        var transcript = try await dryRun(mirror, directory: root, arguments: makeArguments + extra)
        var queue = transcript.unfollowedMakes.map { ($0, 1) }
        var done: Set<String> = [root]
        while !queue.isEmpty {
            let ((directory, arguments), depth) = queue.removeFirst()
            guard depth <= 4, FilePaths.isInside(directory, directory: root),
                  done.insert(directory + "\u{0}" + arguments.joined(separator: "\u{0}")).inserted else { continue }
            // A real sub-make inherits the command-line variables of the make above it (through
            // MAKEFLAGS), its own command line wins over them; the marker values go last: after a
            // `CFLAGS="…"` the sub-make is called with, `+=` appends.
            let inherited = makeArguments.filter { $0.contains("=") && !$0.hasPrefix("-") }
            let sub = try await dryRun(mirror, directory: directory, arguments: inherited + arguments + extra)
            transcript.steps += sub.steps
            transcript.directories += sub.directories.filter { !transcript.directories.contains($0) }
            queue += sub.unfollowedMakes.map { ($0, depth + 1) }
        }
        return transcript
    }

    private func dryRun(_ mirror: ScratchMirror, directory: String, arguments: [String]) async throws -> DryRunTranscript {
        let result: MakeRunner.Result
        do {
            result = try await runner.dryRun(in: mirror.inMirror(directory), arguments: arguments)
        } catch {
            throw AdoptError.makeFailed(directory: directory, reason: "\(error)")
        }
        let output = mirror.original(result.output)
        if result.timedOut {
            throw AdoptError.makeFailed(directory: root, reason: "no answer within \(Int(runner.timeout)) s")
        }
        guard result.status == 0 else {
            let lines = output.split(separator: "\n").map(String.init)
            if let outside = Self.missingInclude(lines, root: root) { throw outside }
            if let generated = Self.unconfigured(lines, root: root) { throw generated }
            let tail = lines.suffix(6).joined(separator: "\n    ")
            throw AdoptError.makeFailed(directory: root, reason: "`make \((MakeRunner.dryRunArguments + makeArguments).joined(separator: " "))` exited with \(result.status):\n    \(tail)")
        }
        return DryRunTranscript(output: output, directory: directory)
    }

    /// `sub/Makefile:3: ../../MRULES: No such file or directory` for a file that exists outside the tree.
    static func missingInclude(_ lines: [String], root: String) -> AdoptError? {
        for line in lines where line.hasSuffix(": No such file or directory") {
            let parts = line.components(separatedBy: ": ")
            guard parts.count >= 3 else { continue }
            let makefile = String(parts[0].split(separator: ":").first ?? "")
            let included = parts[1]
            let directory = FilePaths.parent(of: FilePaths.resolve(makefile, against: root))
            let path = FilePaths.resolve(included, against: directory)
            if !FilePaths.isInside(path, directory: root), FileManager.default.fileExists(atPath: path) {
                return .includeOutside(makefile: makefile, included: included)
            }
        }
        return nil
    }

    /// `Makefile:3: ../MCONFIG: No such file or directory` where `MCONFIG.in` or a configure script
    /// is there: the tree is not configured yet.
    static func unconfigured(_ lines: [String], root: String) -> AdoptError? {
        for line in lines where line.hasSuffix(": No such file or directory") {
            let parts = line.components(separatedBy: ": ")
            guard parts.count >= 3 else { continue }
            let name = (parts[1] as NSString).lastPathComponent
            let templates = [name + ".in", "configure"].filter { FileManager.default.fileExists(atPath: root + "/" + $0) }
            guard !templates.isEmpty else { continue }
            return .makeFailed(directory: root, reason: "\(parts[0]) includes \(parts[1]), which does not exist yet: it is generated (\(templates.joined(separator: " and ")) \(templates.count == 1 ? "is" : "are") here); run ./configure first, then adopt")
        }
        return nil
    }

    private struct Choice {
        var compile: [String: String] = [:]   // object → variable
        var link: [String: String] = [:]      // artifact → variable
    }

    /// One dry run with a marker appended to each candidate variable on the command line: the
    /// variables whose marker shows up in a recipe are the ones that recipe expands (command-line
    /// values reach recursive makes through MAKEFLAGS).
    private func probe(_ mirror: ScratchMirror, compiles: [BuildStep], links: [BuildGraph.Artifact]) async throws -> Choice {
        let directories = Set(compiles.map(\.directory) + links.map(\.link.directory))
        var compileNames = Self.compileCandidates
        var linkNames = Self.linkCandidates
        for directory in directories.sorted() {
            guard let makefile = makefile(in: directory), let loaded = try? LoadedMakefile(path: makefile, root: root) else { continue }
            for name in loaded.variables.names.sorted() where Self.isFlagsOnly(loaded.variables.expand("$(\(name))")) {
                let upper = name.uppercased()
                if upper.hasSuffix("LIBS") || upper.hasSuffix("LDADD"), !linkNames.contains(name) { linkNames.append(name) }
                else if ["FLAGS", "DEFS", "DEFINES", "OPTS"].contains(where: upper.hasSuffix), !upper.contains("LDFLAGS"), !upper.contains("ARFLAGS"),
                        !["MAKEFLAGS", "MFLAGS"].contains(upper), !compileNames.contains(name) { compileNames.append(name) }
            }
        }
        let markers = compileNames.map { "\($0)+=-D\(Self.probePrefix)\($0)" } + linkNames.map { "\($0)+=-l\(Self.probePrefix)\($0)" }
        let transcript = try await dryRun(mirror, extra: markers)
        var choice = Choice()
        let probedCompiles = Dictionary(transcript.steps.filter { $0.kind == .compile || !$0.sources.isEmpty }.map { ($0.output, $0) }, uniquingKeysWith: { _, last in last })
        for compile in compiles {
            guard let step = probedCompiles[compile.output] else { continue }
            choice.compile[compile.output] = compileNames.first { step.words.contains("-D\(Self.probePrefix)\($0)") }
        }
        let probedLinks = Dictionary(transcript.steps.filter { $0.kind == .link || $0.kind == .sharedLibrary }.map { ($0.output, $0) }, uniquingKeysWith: { _, last in last })
        for artifact in links {
            guard let step = probedLinks[artifact.path] else { continue }
            let after = step.lastInputIndex ?? -1
            choice.link[artifact.path] = linkNames.first { name in
                step.libraries.contains { $0.name == Self.probePrefix + name && $0.index > after }
            }
        }
        return choice
    }

    static func isFlagsOnly(_ value: String) -> Bool {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).allSatisfy { $0.hasPrefix("-") }
    }

    /// Runs make once more on the edited Makefiles and lists what is not SOCKSified.
    private func verify(_ mirror: ScratchMirror, edits: [FileEdit], programs: [Program]) async throws {
        var byFile: [String: [FileEdit]] = [:]
        for edit in edits { byFile[edit.path, default: []].append(edit) }
        do {
            for (path, fileEdits) in byFile {
                let old = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
                try mirror.overlay(String(path.dropFirst(root.count + 1)), bytes: try EditSet.apply(fileEdits, to: old))
            }
        } catch {
            throw AdoptError.unreadable(path: root, reason: "cannot write the scratch mirror: \(PlainError.describe(error))")
        }
        let graph = BuildGraph(try await dryRun(mirror, extra: []))
        let problems = BuildVerification(profile: profile, checkRenames: renameWithMacros)
            .problems(graph: graph, adopted: Set(programs.filter(\.adopted).map(\.artifact.path)),
                      reached: Dictionary(programs.map { ($0.artifact.path, Set($0.artifact.compiles.map(\.output))) }, uniquingKeysWith: { $1 }),
                      root: root)
        if !problems.isEmpty { throw AdoptError.notVerified(problems) }
    }

    // MARK: edits

    /// Where make reads the rules of a directory: its GNUmakefile, makefile or Makefile.
    private func makefile(in directory: String) -> String? {
        if directory == root, let named = Self.namedMakefile(makeArguments) {
            let path = FilePaths.normalize(FilePaths.resolve(named, against: root))
            return FilePaths.isInside(FilePaths.real(path), directory: root) ? path : nil
        }
        return LoadedMakefile.names.map { directory + "/" + $0 }.first { FileManager.default.fileExists(atPath: $0) }
            .flatMap { FilePaths.isInside(FilePaths.real($0), directory: root) ? $0 : nil }
    }

    /// The Makefile `-f FILE` (`-fFILE`, `--file=FILE`, `--makefile=FILE`) among make's arguments
    /// names: make reads it instead of GNUmakefile, makefile or Makefile, so it is the one to edit.
    static func namedMakefile(_ arguments: [String]) -> String? {
        var named: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-f" || argument == "--file" || argument == "--makefile", index + 1 < arguments.count {
                named = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("-f"), !argument.hasPrefix("--") {
                named = String(argument.dropFirst(2))
            } else if let value = ["--file=", "--makefile="].first(where: argument.hasPrefix) {
                named = String(argument.dropFirst(value.count))
            }
            index += 1
        }
        return named
    }

    /// How a target is named in the Makefile of `directory`: its path relative to that directory.
    static func target(_ path: String, from directory: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }

    /// ` $(SOCKSIFY_LINK)` at the end of the link line of the rule that makes `target`. nil: no such
    /// rule; .some(nil): the recipe has it already.
    private func recipeInsertion(for link: BuildStep, target: String, makefile: String) -> FileEdit?? {
        guard let loaded = try? LoadedMakefile(path: makefile, root: root) else { return nil }
        // The rule with a recipe for the target: its own, else a pattern rule (`hiredis-%: %.o`) that matches it.
        func names(_ rule: MakefileSyntax.Rule) -> [String] {
            rule.targets.flatMap { loaded.variables.expand($0).split(separator: " ").map(String.init) }
        }
        let explicit = loaded.rules.filter { names($0.rule).contains(target) && !$0.rule.recipe.isEmpty }
        let patterns = loaded.rules.filter { names($0.rule).contains { Self.pattern($0, matches: target) } && !$0.rule.recipe.isEmpty }
        for (file, rule) in explicit + patterns {
            let candidates = rule.recipe.filter { !RecipeCommand($0, variables: loaded.variables).runsMake }
            guard let line = candidates.last(where: { RecipeCommand($0, variables: loaded.variables).runsCompiler }) ?? candidates.last else { continue }
            if line.text.contains("$(SOCKSIFY_LINK)") { return .some(nil) }
            var end = line.text.count
            while end > 0, line.text[line.text.index(line.text.startIndex, offsetBy: end - 1)].isWhitespace { end -= 1 }
            let at = line.fileOffset(end)
            return .some(FileEdit(path: file, range: at..<at, replacement: " $(SOCKSIFY_LINK)"))
        }
        return nil
    }

    /// GNU make's pattern match: one `%` standing for a non-empty stem.
    static func pattern(_ pattern: String, matches name: String) -> Bool {
        guard let percent = pattern.firstIndex(of: "%") else { return false }
        let prefix = pattern[..<percent], suffix = pattern[pattern.index(after: percent)...]
        return name.count > prefix.count + suffix.count && name.hasPrefix(prefix) && name.hasSuffix(suffix)
    }

    private func blockEdit(_ makefile: String, lines: [String]) throws -> FileEdit {
        let options = forcedPrograms.map { "--program \(ShellWords.quote($0))" } + makeArguments.map { "--make-arg \(ShellWords.quote($0))" }
        return MarkedBlock.place([MarkedBlock.header(profile, sourceMode: !renameWithMacros, options: options),
                                           renameWithMacros ? "SOCKSIFY_CPPFLAGS = \(profile.defines)" : "SOCKSIFY_CPPFLAGS =",
                                           "SOCKSIFY_LIBS = \(profile.linkFlag)"] + lines + [MarkedBlock.end],
                                          in: try LoadedMakefile(path: makefile, root: root))
    }

    // MARK: helpers

    func relative(_ path: String) -> String {
        path == root ? "." : (path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path)
    }

    private func matches(_ artifact: BuildGraph.Artifact, _ name: String) -> Bool {
        artifact.name == name || relative(artifact.path) == name
    }

    private func unique<T: Equatable>(_ items: [T]) -> [T] {
        items.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
