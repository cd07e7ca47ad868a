import ArgumentParser
import Foundation
import SocksifyAnalysis
import SocksifyCheck

struct AdoptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Rewrite a tree's Makefiles (or its sources) to SOCKSify the build, as a patch or in place.",
        // Paragraphs one line apart, never a blank line: generate-manual copies a blank line into
        // the man page as is, which mdoc warns about ("Empty input line"; ManPageTests).
        discussion: """
            Prints a unified diff that `patch -p1` accepts from PATH; --write applies it instead.
            Plain make trees: adopt asks GNU make. It runs `make -n -B -w GNUMAKEFLAGS= [--make-arg ...]` in a scratch \
            mirror of the tree (outside it: in $XDG_CACHE_HOME/socksify-check/scratch, else \
            $TMPDIR/socksify-check-UID/scratch; removed afterwards, also on SIGINT/SIGTERM) to learn which programs \
            the build links and which compiles go into each; once more with marker values for CPPFLAGS, \
            CFLAGS, LDLIBS, LIBS and the Makefiles' own flag variables to learn which of them each recipe \
            expands; and once more on the edited Makefiles to verify that every compile of each adopted \
            program carries the renames and every link the library after its objects. A dry run still \
            executes `$(shell ...)` and recipe lines that invoke `$(MAKE)`; nothing else runs. Clients are \
            adopted; servers, UDP- or raw-only programs and programs without sockets are left alone (named \
            on stderr and in --format json); --program NAME adopts the named ones only. --no-make reads \
            the Makefiles as text instead (no per-program plan, no verification). Autotools trees with \
            automake: adopt copies the tree into the scratch space, runs `autoreconf -fi` when it has no \
            configure script, `sh ./configure` and `make -n -k -w` there to learn the programs; it adds a \
            --with-socks option to configure.ac and per-program variables (prog_CPPFLAGS, prog_LDADD) to the \
            clients' Makefile.am, then regenerates, configures --with-socks and dry-runs the edited copy \
            to verify. CMake trees: adopt copies the tree the same way and runs `cmake -S COPY -B COPY/.socksify-build` \
            there with CMake's file API to learn the targets, their C sources and libraries; it adds a SOCKSIFY \
            option at the end of the top CMakeLists.txt that sets the clients' (and the static libraries \
            they reach) COMPILE_DEFINITIONS and LINK_LIBRARIES, then configures the edited copy -DSOCKSIFY=ON \
            and reads CMake's model again to verify. --no-configure keeps the tree-wide form for both \
            (every program, not verified; refused with --source).
            Exit status: 0 done (an empty patch means nothing to change), 1 nothing to adopt (no client \
            program), or refused: the -D renames would rewrite names that are not the C library functions \
            (see --source), 2 usage error, 3 the tree cannot be adopted (no build file, make's dry run \
            failed, the dry run of the adopted build shows a program that would not be SOCKSified, a file \
            that is not text, a path outside the tree), 4 --write or --output failed (every file is as it was).
            """
    )

    @Argument(help: "The source tree (default: the current directory).")
    var path: String = "."

    @Option(help: ArgumentHelp("Write the patch to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(help: "Apply the changes in place instead of printing a patch.")
    var write = false

    @Option(name: .customLong(Setting.profile.rawValue), help: ArgumentHelp(Setting.profile.help))
    var profile: Profile?

    @Option(name: .customLong(Setting.library.rawValue), help: ArgumentHelp(Setting.library.help, valueName: "name"))
    var library: String?

    @Option(help: ArgumentHelp("Settings file (default: .socksify-check.yml in PATH).", valueName: "file"))
    var config: String?

    @Flag(name: .customLong("source"), help: "Rename the resolved call sites in the C sources instead of passing -D renames.")
    var sourceMode = false

    @Flag(name: .customLong("init"), help: "With --source: call SOCKSinit(argv[0]) first thing in main.")
    var insertInit = false

    @Flag(name: .customLong("fix"), help: "Delete binds that bind-before-connect reports as removable.")
    var fixRemovableBinds = false

    @Flag(help: "Emit the -D renames even though name-collision findings show they rewrite other names.")
    var allowCollisions = false

    @Flag(help: "With --write: also replace files that are read-only.")
    var force = false

    @Flag(help: "Autotools trees: adopt tree-wide without configuring a scratch copy (no per-program plan, no verification).")
    var noConfigure = false

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An argument for ./configure in the scratch copy (--configure-arg=--without-ssl); repeatable.", valueName: "arg"))
    var configureArg: [String] = []

    @Flag(name: .customLong("no-make"), help: "Read the Makefiles as text instead of asking make (no per-program plan, no verification).")
    var noMake = false

    // Unconditional: a make option is the value (`--make-arg -fMakefile`), not an option of ours.
    @Option(name: .customLong("make-arg"), parsing: .unconditionalSingleValue, help: ArgumentHelp("A goal or VAR=value for make's dry runs (repeatable), e.g. --make-arg linux.", valueName: "arg"))
    var makeArguments: [String] = []

    @Option(name: .customLong("program"), help: ArgumentHelp("Adopt this program or library (name or path; repeatable), and only the ones named.", valueName: "name"))
    var programs: [String] = []

    @Option(help: ArgumentHelp("text (the patch on stdout) or json (the plan, with the patch).", valueName: "format"))
    var format: AdoptFormat = .text

    @Option(help: ArgumentHelp("The libclang to load (default: $SOCKSIFY_LIBCLANG, else the newest libclang-N.so.1 found, N from 20 down to 14).", valueName: "path"),
            completion: .file())
    var libclang: String?

    func validate() throws {
        if insertInit && !sourceMode { throw ValidationError("--init needs --source") }
        if write && output != nil { throw ValidationError("--write and --output exclude each other") }
        if noMake && (!makeArguments.isEmpty || !programs.isEmpty) { throw ValidationError("--make-arg and --program need make (drop --no-make)") }
        if let library, !Profile.isValidLibraryName(library) {
            throw ValidationError("--library: '\(library)' is not a library name (letters, digits, _ . + -, as in -lNAME)")
        }
    }

    func run() async throws {
        try loadLibClang(libclang)
        let file: Configuration?
        do {
            file = try Configuration.locate(explicit: config, root: path)
        } catch {
            throw Outcome(ExitStatus.usage, "\(error)")
        }
        var flags = Configuration()
        flags.profile = profile
        flags.library = library
        flags.clangArgs = CompilerPassthrough.arguments
        let settings = ResolvedSettings(flags: flags, file: file)
        var options = AdoptOptions(root: path, profile: settings.profile, library: settings.library,
                                   sourceMode: sourceMode, insertInit: insertInit, fixRemovableBinds: fixRemovableBinds,
                                   allowCollisions: allowCollisions, clangArguments: settings.clangArgs, exclude: settings.exclude)
        options.useMake = !noMake
        options.configure = !noConfigure
        options.configureArguments = configureArg
        options.makeArguments = makeArguments
        options.programs = programs
        let plan: AdoptPlan
        do {
            plan = try await Adopter.plan(options)
        } catch let error as AdoptError {
            writeError("socksify-check: error: \(error)")
            if case .noMakefile = error {
                writeError("""
                    socksify-check: note: add these to the build by hand: compile every C file with
                        \(AdoptPreview.defines(options))
                    and link with \(AdoptPreview.linkFlag(options)) after the object files.
                    """)
            }
            throw Outcome(ExitStatus.badInput)
        }
        for program in plan.programs {
            let verb = program.adopted ? "adopt" : "leave"
            let why = program.forced ? "\(program.role): \(program.reason); adopted because --program names it" : "\(program.role): \(program.reason)"
            let hint = program.adopted || !programs.isEmpty ? "" : " (--program \(program.name) adopts it anyway)"
            writeError("socksify-check: \(verb): \(program.path) (\(program.kind), \(program.units.count) unit\(program.units.count == 1 ? "" : "s")): \(why)\(hint)")
            for warning in program.warnings where program.adopted {
                writeError("socksify-check: warning: \(program.path): \(warning): stays direct, the proxy does not carry it")
            }
        }
        for warning in plan.warnings { writeError("socksify-check: warning: \(warning)") }
        for note in plan.notes { writeError("socksify-check: note: \(note)") }
        for line in plan.instructions { writeError("socksify-check: build \(line)") }
        if let note = GitCheckout.applyNote(root: plan.root) { writeError("socksify-check: note: \(note)") }
        let refusedForCollisions = !plan.collisions.isEmpty && !sourceMode && !allowCollisions
        // A plan refused for collisions stops before the programs are read: the refusal says why.
        let nothing = !refusedForCollisions && (plan.buildSystem == .make || !plan.programs.isEmpty) && !plan.programs.contains(where: \.adopted)
        if format == .json {
            FileHandle.standardOutput.write(AdoptPlanJSON.encode(plan))
        }
        if nothing {
            throw Outcome(ExitStatus.findings, "nothing to adopt: the build links no client program (\(plan.programs.map { "\($0.name): \($0.role)" }.joined(separator: ", "))); --program NAME adopts one anyway")
        }
        if refusedForCollisions {
            let first = plan.collisions[0]
            writeError("""
                socksify-check: error: the -D renames are unsafe for this tree: they would rewrite \
                \(plan.collisions.count) declaration\(plan.collisions.count == 1 ? "" : "s") that \
                \(plan.collisions.count == 1 ? "is" : "are") not the C library function (first: \
                \(first.path):\(first.line):\(first.column), \(first.message.split(separator: ";")[0]))
                socksify-check: note: adopt with --source to rename only the real calls, or --allow-collisions to emit the macros anyway
                """)
            throw Outcome(ExitStatus.findings)
        }
        do {
            if write {
                try Adopter.write(plan, force: force)
                writeError("socksify-check: \(plan.changes.count) file\(plan.changes.count == 1 ? "" : "s") changed")
                if plan.buildSystem == .make && !plan.changes.isEmpty {
                    // The written tree, asked again: make's dry run of the files as they are now.
                    let after: AdoptPlan
                    do {
                        after = try await Adopter.plan(options)
                    } catch let error as AdoptError {
                        throw Outcome(ExitStatus.badInput, "after writing: \(error)")
                    }
                    guard after.verified, after.changes.isEmpty else {
                        throw Outcome(ExitStatus.badInput, "after writing, adopt would still change \(after.changes.map(\.path).joined(separator: ", ")): the tree changed while adopt wrote it")
                    }
                }
            } else if let output {
                do {
                    try OutputFile.write(plan.patch, to: output)
                } catch {
                    throw AdoptError.writeFailed(path: output, reason: error.reason)
                }
            } else if format == .text {
                FileHandle.standardOutput.write(Data(plan.patch))
            }
            if plan.verified {
                let library = plan.library.isEmpty ? "the library" : "-l" + plan.library
                let how = switch plan.buildSystem {
                case .cmake: "CMake's model of the adopted build (configured -DSOCKSIFY=ON)"
                case .autotools: "make's dry run of the adopted build (regenerated, configured --with-socks)"
                default: "make's dry run of the adopted build"
                }
                // --source renames in C: the build carries no -D renames to verify, only the library.
                let what = sourceMode ? "links \(library) after the objects of every adopted program (their calls are renamed in C)"
                    : "compiles every unit of the adopted programs with the renames and links \(library) after their objects"
                writeError("socksify-check: verified: \(how) \(what)")
            }
        } catch let outcome as Outcome {
            throw outcome
        } catch {
            throw Outcome(ExitStatus.writeFailed, "\(error)")
        }
    }
}
