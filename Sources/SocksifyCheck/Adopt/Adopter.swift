import Foundation
import SocksifyAnalysis

public struct AdoptOptions: Sendable {
    public var root: String
    public var profile: Profile
    public var library: String?
    /// Rename the resolved call sites in C instead of passing -D renames.
    public var sourceMode: Bool
    /// Source mode: call SOCKSinit(argv[0]) first thing in main.
    public var insertInit: Bool
    /// Delete binds that bind-before-connect found removable.
    public var fixRemovableBinds: Bool
    /// Emit the -D renames even where name-collision says they rewrite the wrong names.
    public var allowCollisions: Bool
    public var clangArguments: [String]
    /// Globs of root-relative paths the check leaves out (`exclude:`): vendored code adopt does not judge.
    public var exclude: [String]
    /// Ask make (dry runs in a scratch mirror); false (`--no-make`): read the Makefiles only.
    public var useMake = true
    /// Goals and variables for make's dry runs (`--make-arg linux`).
    public var makeArguments: [String] = []
    /// `--program NAME`: adopt these (and only these), whatever the analysis says.
    public var programs: [String] = []
    /// Autotools trees: configure a scratch copy to adopt per program and verify (`--no-configure`:
    /// false, the tree-wide unverified form).
    public var configure = true
    /// `--configure-arg`: given to ./configure in the scratch copy.
    public var configureArguments: [String] = []
    /// Where the scan parses units (`survey` uses worker processes: a unit that crashes libclang
    /// costs that unit, not the tree's whole result).
    public var unitIsolation: UnitIsolation = .threads

    public init(root: String, profile: Profile = .socks4, library: String? = nil, sourceMode: Bool = false,
                insertInit: Bool = false, fixRemovableBinds: Bool = false, allowCollisions: Bool = false,
                clangArguments: [String] = [], exclude: [String] = []) {
        self.root = root
        self.profile = profile
        self.library = library
        self.sourceMode = sourceMode
        self.insertInit = insertInit
        self.fixRemovableBinds = fixRemovableBinds
        self.allowCollisions = allowCollisions
        self.clangArguments = clangArguments
        self.exclude = exclude
    }
}

/// Everything adopt would change, as new file contents and as one patch.
public struct AdoptPlan: Sendable {
    public struct Change: Sendable {
        /// Relative to the root, with `/`.
        public var path: String
        public var old: [UInt8]?
        public var new: [UInt8]
    }

    public var root: String
    public var changes: [Change]
    /// The `name-collision` findings that make the -D renames unsafe for this tree.
    public var collisions: [Finding]
    /// What adopt found out and the user should know (which library, renames it leaves out).
    public var notes: [String] = []
    /// What adopting changes for the worse somewhere (a server that shares renamed objects).
    public var warnings: [String] = []
    /// How the build was read: make's dry runs, Makefile text (`--no-make`), autotools, CMake.
    public var buildSystem = BuildSystem.makefileText
    /// Per program and library the build links, whether it is adopted and why (make only).
    public var programs: [PlannedProgram] = []
    /// A dry run of the edited build showed every adopted program SOCKSified.
    public var verified = false
    /// What the user runs to build it SOCKSified (`./configure --with-socks`), when not just `make`.
    public var instructions: [String] = []
    /// The library the build links.
    public var library = ""
    /// The check's scan of the tree that the plan was made from (nil: no C of its own): `survey`
    /// reports its findings and coverage without parsing the tree a second time.
    public var scan: ScanResult?

    /// A unified diff with `a/` and `b/` prefixes, relative to the root.
    public var patch: [UInt8] {
        changes.flatMap { UnifiedDiff.file(path: $0.path, old: $0.old, new: $0.new) }
    }
}

/// One program or shared library of the build, and what adopt does with it.
public struct PlannedProgram: Codable, Equatable, Sendable {
    public var name: String
    /// Relative to the root.
    public var path: String
    /// `program` or `shared-library`.
    public var kind: String
    /// `client`, `server`, `udp-or-raw-only`, `no-outgoing-connection`, `no-network`.
    public var role: String
    public var adopted: Bool
    /// Adopted because `--program` named it, against the analysis.
    public var forced: Bool
    public var reason: String
    /// Its C units, relative to the root.
    public var units: [String]
    /// Findings that stay true after adoption (UDP beside TCP), as `path:line: rule`.
    public var warnings: [String]
}

public enum Adopter {
    /// Reads the tree and works out the edits. Writes nothing and runs nothing from the tree.
    public static func plan(_ options: AdoptOptions) async throws -> AdoptPlan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AdoptError.unreadable(path: options.root, reason: "no such directory")
        }
        let root = FilePaths.real(options.root)
        let probe = SocksLibraryProbe()
        let library = options.library ?? probe.defaultLibrary(for: options.profile)
        let profile = AdoptProfile(profile: options.profile, library: library, exports: await probe.exports(of: library))
        var notes: [String] = []
        if probe.path(of: library) == nil {
            notes.append("lib\(library) is not on the linker's search path here; the renames are the profile's full list (give --library NAME for another)")
        } else if options.library == nil {
            notes.append("linking lib\(library) (\(probe.path(of: library) ?? "")), the SOCKS client library installed here")
        }
        if !profile.missingRenames.isEmpty {
            notes.append("lib\(library) has no \(profile.missingRenames.map { "R" + $0 }.joined(separator: ", ")): those calls are not renamed and stay direct (see unrenamed-call)")
        }
        if let library = options.library, !Profile.isValidLibraryName(library) {
            throw AdoptError.badLibrary(library)
        }
        // The same scan `check` runs on the tree, with the configuration's excludes.
        var scanOptions = ScanOptions(paths: [root], extraArguments: options.clangArguments,
                                      jobs: ProcessInfo.processInfo.activeProcessorCount, profile: options.profile)
        scanOptions.exclude = options.exclude
        scanOptions.unitIsolation = options.unitIsolation
        // Autotools and CMake trees are read configured (in a scratch copy): the scan, the roles and
        // source mode's renames see what the build compiles, not an unconfigured parse.
        let detected = BuildSystem.detect(root: root, useMake: options.useMake)
        // Source mode on an unconfigured parse would exit 0 with calls the configured build
        // compiles left unrenamed (telnet's connect under #ifdef IPV6 went direct that way): refused.
        if options.sourceMode, !options.configure, detected == .autotools || detected == .cmake {
            throw AdoptError.buildModel("\(root): --source with --no-configure: the renames would follow an unconfigured parse, which misses calls the configured build compiles (under #ifdef IPV6, say), and those would stay direct; drop --no-configure (the tree is configured in a scratch copy; --configure-arg passes options to its configure step)")
        }
        var configured: ConfiguredScan? = nil
        if options.configure, detected == .autotools || detected == .cmake {
            var configureOptions = scanOptions
            configureOptions.configureArguments = options.configureArguments
            do {
                configured = try await CheckPipeline.configure(configureOptions)
            } catch let error as ScanInputError {
                throw AdoptError.buildModel("\(error) (--no-configure adopts tree-wide without it, unverified)")
            }
        }
        defer { configured?.build.copy.remove() }
        let scan: ScanResult?
        do {
            scan = try await CheckPipeline.scan(scanOptions, configured: configured)
        } catch ScanInputError.noSources {
            scan = nil  // a Makefile with no C of its own: nothing for the renames to collide with
        } catch let error as ScanInputError {
            throw AdoptError.unreadable(path: options.root, reason: "\(error)")
        }
        // The scan may have made headers the build generates in the copy: what ran, for the notes.
        if let ran = scan?.report.coverage?.configuredWith, let before = configured?.commands {
            configured?.build.generated += ran.filter { !before.contains($0) }
        }
        let findings = scan?.report.findings ?? []
        let collisions = findings.filter { $0.rule == NameCollisionRule.description.id }

        var edits = EditSet()
        var plan = AdoptPlan(root: root, changes: [], collisions: collisions, notes: notes)
        plan.library = library
        plan.scan = scan
        plan.buildSystem = detected ?? .makefileText
        // The -D renames would rewrite other names: refused before anything else (the caller says why).
        if !collisions.isEmpty && !options.sourceMode && !options.allowCollisions { return plan }
        let buildSystem = detected
        var sourceUnits: Set<String>? = nil
        switch buildSystem {
        case .make:
            let result = try await MakeAdopter(root: root, profile: profile, renameWithMacros: !options.sourceMode,
                                         makeArguments: options.makeArguments, forcedPrograms: options.programs)
                .plan(findings: findings, use: scan?.socketUse ?? [:])
            sourceUnits = take(result, into: &plan, edits: &edits)
        case .makefileText:
            edits.add(try MakefileAdopter(root: root, profile: profile, renameWithMacros: !options.sourceMode).edits())
        case .autotools where options.configure && FileManager.default.fileExists(atPath: root + "/Makefile.am"):
            var adopter = AutomakeAdopter(root: root, profile: profile, renameWithMacros: !options.sourceMode, forcedPrograms: options.programs)
            adopter.configureArguments = options.configureArguments
            adopter.configured = configured
            sourceUnits = take(try await adopter.plan(findings: findings, use: scan?.socketUse ?? [:]),
                               instructions: adopter.instructions(), into: &plan, edits: &edits)
        case .autotools where options.configure && FileManager.default.fileExists(atPath: root + "/Makefile.in"):
            var adopter = AutoconfAdopter(root: root, profile: profile, renameWithMacros: !options.sourceMode, forcedPrograms: options.programs)
            adopter.makeArguments = options.makeArguments
            adopter.configureArguments = options.configureArguments
            adopter.configured = configured
            sourceUnits = take(try await adopter.plan(findings: findings, use: scan?.socketUse ?? [:]),
                               instructions: adopter.instructions(), into: &plan, edits: &edits)
        case .cmake where options.configure:
            var adopter = CMakeTargetAdopter(root: root, profile: profile, renameWithMacros: !options.sourceMode, forcedPrograms: options.programs)
            adopter.configureArguments = options.configureArguments
            adopter.configured = configured
            sourceUnits = take(try await adopter.plan(findings: findings, use: scan?.socketUse ?? [:]),
                               instructions: adopter.instructions(), into: &plan, edits: &edits)
        case .autotools, .cmake:
            plan.notes.append(!options.configure
                ? "--no-configure: adopted tree-wide (every program \(buildSystem == .cmake ? "the build makes" : "configure builds"), servers too) and not verified"
                : "neither Makefile.am nor Makefile.in at the top: adopted tree-wide and not verified")
            let result = buildSystem == .autotools
                ? try AutotoolsAdopter(root: root, profile: profile, renameWithMacros: !options.sourceMode).plan()
                : try CMakeAdopter(root: root, profile: profile, renameWithMacros: !options.sourceMode).plan()
            edits.add(result.edits)
            plan.instructions = result.instructions
            plan.notes += result.notes
        case nil:
            throw AdoptError.noMakefile(directory: root, found: BuildSystem.otherBuildFiles(in: root))
        }
        if options.sourceMode, sourceUnits.map({ !$0.isEmpty }) ?? true {
            var adopter = SourceAdopter(root: root, profile: profile, insertInit: options.insertInit, clangArguments: options.clangArguments)
            adopter.units = sourceUnits
            adopter.configuredRequests = configured?.units
            edits.add(try adopter.edits())
        }
        if options.fixRemovableBinds {
            for finding in findings where finding.removable == true {
                for fix in finding.fixIts ?? [] {
                    if let edit = SourceText.edit(fix, root: root) { edits.add(edit) }
                }
            }
        }
        plan.changes = try changes(edits, root: root)
        return plan
    }

    /// A per-program plan (make, automake, autoconf, CMake) into the adopt plan, with the build
    /// line to print when it edits anything; the adopted programs' units.
    private static func take(_ result: MakeAdopter.ProgramPlan, instructions: [String] = [], into plan: inout AdoptPlan,
                             edits: inout EditSet) -> Set<String> {
        let root = plan.root
        edits.add(result.edits)
        if !result.edits.isEmpty { plan.instructions = instructions }
        plan.verified = result.verified
        plan.notes += result.notes
        plan.warnings = result.warnings
        plan.programs = result.programs.map { program in
            PlannedProgram(name: program.artifact.name, path: relative(program.artifact.path, root),
                           kind: program.artifact.kind.rawValue, role: program.assessment.role.rawValue,
                           adopted: program.adopted, forced: program.forced, reason: program.assessment.reason,
                           units: program.artifact.sources.map { relative($0, root) },
                           warnings: program.assessment.warnings.map { "\($0.path):\($0.line): \($0.rule)" })
        }
        return Set(result.programs.filter(\.adopted).flatMap(\.artifact.sources))
    }

    private static func relative(_ path: String, _ root: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// Applies the plan in place: all files change or none does.
    /// A read-only file is refused (nothing written) unless `force`.
    public static func write(_ plan: AdoptPlan, fileSystem: AdoptFileSystem = RealFileSystem(), force: Bool = false) throws {
        try AtomicReplacement.replace(plan.changes.map { (plan.root + "/" + $0.path, $0.old, $0.new) },
                                      root: plan.root, fileSystem: fileSystem, force: force)
    }

    private static func changes(_ edits: EditSet, root: String) throws -> [AdoptPlan.Change] {
        var result: [AdoptPlan.Change] = []
        for (path, fileEdits) in edits.byFile.sorted(by: { $0.key < $1.key }) where !fileEdits.isEmpty {
            let relative = String(path.dropFirst(root.count + 1))
            let old = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
            do {
                let new = try EditSet.apply(fileEdits, to: old ?? [])
                if new != old { result.append(AdoptPlan.Change(path: relative, old: old, new: new)) }
            } catch let conflict as EditConflict {
                throw AdoptError.conflict(conflict.description)
            }
        }
        return result
    }
}
