import Foundation
import ClangSupport

/// CMake trees, adopted per target and verified, with CMake's own model of the build as the
/// authority: the tree is configured in a scratch copy and the file API's codemodel says which
/// programs exist and which C sources and static libraries go into each; clients get the renames
/// and the SOCKS library through target properties set at the end of the top CMakeLists.txt under
/// a `SOCKSIFY` option (off by default: the build is as before without it); servers and programs
/// without outgoing connections are left alone. The edited copy is then configured
/// `-DSOCKSIFY=ON` and its codemodel read again: every C source of an adopted program must be
/// compiled with the renames, every adopted program and every consumer of a renamed library must
/// link the SOCKS library after those libraries, and no other source may be renamed.
struct CMakeTargetAdopter {
    let root: String
    let profile: AdoptProfile
    let renameWithMacros: Bool
    let forcedPrograms: [String]
    var configureArguments: [String] = []
    /// The copy the scan was configured in: its codemodel is read, not configured again.
    var configured: ConfiguredScan? = nil

    func plan(findings: [Finding], use: [String: UnitSocketUse]) async throws -> MakeAdopter.ProgramPlan {
        let (model, ran) = if let configured {
            (try model(of: configured.build), configured.commands)
        } else {
            try await configuredModel(overlay: [:], arguments: configureArguments)
        }
        let candidates = model.targets.filter { $0.isLinked && !$0.sources.isEmpty && FilePaths.isInside($0.sourceDirectory, directory: root) }
        guard !candidates.isEmpty else {
            throw AdoptError.nothingBuilt("the configured build has no program or shared library with C sources (ran in a scratch copy: \(ran.joined(separator: "; ")))")
        }
        for name in forcedPrograms where !candidates.contains(where: { matches($0, name) }) {
            throw AdoptError.unknownProgram(name, known: candidates.map(displayPath))
        }
        var reaches: [String: ProgramAssessment.Reach] = [:]
        let programs = candidates.map { target -> MakeAdopter.Program in
            let archives = model.archives(of: target)
            let statics = archives.filter { $0.type == "STATIC_LIBRARY" }.flatMap { $0.sources.map(\.path) }
            // An object library's objects are linked whole, like the target's own.
            let direct = target.sources.map(\.path) + archives.filter { $0.type == "OBJECT_LIBRARY" }.flatMap { $0.sources.map(\.path) }
            let reach = ProgramAssessment.Reach(direct: direct, archived: statics, use: use)
            reaches[target.id] = reach
            let assessment = ProgramAssessment.assess(reach, findings: findings, root: root)
            let named = forcedPrograms.contains { matches(target, $0) }
            let adopted = forcedPrograms.isEmpty ? assessment.adoptable : named
            let artifact = BuildGraph.Artifact(
                kind: target.isProgram ? .program : .sharedLibrary, path: root + "/" + displayPath(target),
                link: BuildStep(kind: target.isProgram ? .link : .sharedLibrary, directory: target.sourceDirectory, words: target.libraries,
                                sources: [], inputs: [], output: target.artifact ?? target.name, libraries: [], lastInputIndex: nil),
                compiles: [], sources: direct + statics, archivedSources: statics, unknownObjects: [], archives: [])
            return MakeAdopter.Program(artifact: artifact, assessment: assessment, adopted: adopted, forced: named && !assessment.adoptable)
        }
        let notes = ["configured a scratch copy of the tree to read its build (removed): " + ran.joined(separator: "; ")]
        let adopted = zip(candidates, programs).filter { $0.1.adopted }.map(\.0)
        guard !adopted.isEmpty else {
            return MakeAdopter.ProgramPlan(programs: programs, edits: [], notes: notes, verified: false)
        }
        // The libraries whose code an adopted program reaches are renamed too (compiled with the
        // renames, or edited by --source); whatever links them, built by default or not, then
        // needs the SOCKS library: their INTERFACE_LINK_LIBRARIES says so.
        let renamedLibraries = unique(adopted.flatMap { target in
            model.archives(of: target).filter { archive in archive.sources.contains { reaches[target.id]?.functions[$0.path] != nil } }
        })
        var warnings: [String] = []
        for (target, program) in zip(candidates, programs) where !program.adopted {
            let shared = model.archives(of: target).filter(renamedLibraries.contains)
            guard !shared.isEmpty else { continue }
            let operations = shared.flatMap { $0.sources.map(\.path) }.flatMap { source in
                (use[source]?.functions.values.flatMap { $0 } ?? []).filter { !$0.hasPrefix("socket") && $0 != "close" }
                    .map { "\($0) in \(relative(source))" }
            }
            if !operations.isEmpty {
                warnings.append("\(displayPath(target)) (\(program.assessment.role.rawValue), left alone) links \(shared.map(\.name).joined(separator: ", ")), compiled with the renames for the adopted programs: its \(Array(Set(operations)).sorted().prefix(4).joined(separator: ", ")) go through lib\(profile.library) too")
            }
        }
        let edit = try blockEdit(adopted: adopted, renamedLibraries: renamedLibraries)
        try await verify(edit, adopted: adopted, renamedLibraries: renamedLibraries)
        var allNotes = notes
        allNotes.append("verified: the edited tree, configured -DSOCKSIFY=ON in a scratch copy, compiles every C source of the adopted programs with the renames, links lib\(profile.library) into them and every program that links a renamed library, and renames nothing else")
        return MakeAdopter.ProgramPlan(programs: programs, edits: [edit], notes: allNotes, warnings: warnings, verified: true)
    }

    /// What the user runs: the verified configure line, then the build.
    func instructions() -> [String] {
        let arguments = (["-S", ".", "-B", "build", "-DSOCKSIFY=ON"] + configureArguments).map(ShellWords.quote).joined(separator: " ")
        return ["cmake \(arguments) && cmake --build build"]
    }

    // MARK: edits

    /// One block at the end of the top CMakeLists.txt, after every target is defined (target
    /// properties of any folder's targets can be set from there).
    private func blockEdit(adopted: [CMakeCodeModel.Target], renamedLibraries: [CMakeCodeModel.Target]) throws -> FileEdit {
        let options = forcedPrograms.map { "--program \(ShellWords.quote($0))" }
        let names = adopted.map(\.name)
        var lines = [
            MarkedBlock.header(profile, sourceMode: !renameWithMacros, options: options),
            "option(SOCKSIFY \"SOCKSify \(names.joined(separator: ", ")): link lib\(profile.library)\(renameWithMacros ? " and rename \(names.count == 1 ? "its" : "their") socket calls to it" : "")\" OFF)",
            "if(SOCKSIFY)",
        ]
        if renameWithMacros {
            let definitions = profile.renamedFunctions.map { "\($0)=R\($0)" }.joined(separator: " ")
            lines.append("  set_property(TARGET \((names + renamedLibraries.map(\.name)).joined(separator: " ")) APPEND PROPERTY COMPILE_DEFINITIONS \(definitions))")
        }
        // Appended to the link libraries: after the target's objects and its own libraries.
        lines.append("  set_property(TARGET \(names.joined(separator: " ")) APPEND PROPERTY LINK_LIBRARIES \(profile.library))")
        if !renamedLibraries.isEmpty {
            lines.append("  set_property(TARGET \(renamedLibraries.map(\.name).joined(separator: " ")) APPEND PROPERTY INTERFACE_LINK_LIBRARIES \(profile.library))")
        }
        lines += ["endif()", MarkedBlock.end]
        return try MarkedBlock.append(path: root + "/CMakeLists.txt", lines: lines)
    }

    // MARK: the configured build

    private func model(of configured: ConfigureStep.Configured) throws -> CMakeCodeModel {
        do {
            var model = try CMakeCodeModel.read(buildDirectory: configured.buildDirectory, sourceDirectory: configured.copy.path)
            // The tree's paths, not the copy's: findings and socket use name the tree.
            for index in model.targets.indices {
                model.targets[index].sourceDirectory = configured.copy.original(model.targets[index].sourceDirectory)
                model.targets[index].sources = model.targets[index].sources.map { (configured.copy.original($0.path), $0.defines) }
            }
            return model
        } catch let problem as CMakeCodeModel.Problem {
            throw AdoptError.buildModel("\(root): \(problem.description)")
        }
    }

    private func configuredModel(overlay: [String: [UInt8]], arguments: [String]) async throws -> (CMakeCodeModel, [String]) {
        let configured: ConfigureStep.Configured
        do {
            configured = try await ConfigureStep(arguments: arguments).run(root: root, overlay: overlay)
        } catch let error as BuildModelError {
            throw AdoptError.buildModel(error.description)
        }
        defer { configured.copy.remove() }
        return (try model(of: configured), configured.commands)
    }

    private func verify(_ edit: FileEdit, adopted: [CMakeCodeModel.Target], renamedLibraries: [CMakeCodeModel.Target]) async throws {
        let old = FileManager.default.contents(atPath: edit.path).map { [UInt8]($0) } ?? []
        let overlay = [relative(edit.path): try EditSet.apply([edit], to: old)]
        let model: CMakeCodeModel
        do {
            (model, _) = try await configuredModel(overlay: overlay, arguments: configureArguments + ["-DSOCKSIFY=ON"])
        } catch let error as AdoptError {
            throw AdoptError.notVerified(["the edited tree does not configure with -DSOCKSIFY=ON: \(error)"])
        }
        let problems = CMakeVerification(profile: profile, checkRenames: renameWithMacros)
            .problems(model, adopted: Set(adopted.map(\.name)), renamedLibraries: Set(renamedLibraries.map(\.name)), root: root)
        if !problems.isEmpty { throw AdoptError.notVerified(problems) }
    }

    // MARK: helpers

    /// A target as the user finds it: the folder that defines it and its name (`tools/fetch`).
    private func displayPath(_ target: CMakeCodeModel.Target) -> String {
        let folder = relative(target.sourceDirectory)
        return folder == "." ? target.name : folder + "/" + target.name
    }

    private func relative(_ path: String) -> String {
        path == root ? "." : (path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path)
    }

    private func matches(_ target: CMakeCodeModel.Target, _ name: String) -> Bool {
        target.name == name || displayPath(target) == name
    }

    private func unique(_ targets: [CMakeCodeModel.Target]) -> [CMakeCodeModel.Target] {
        targets.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
