import ArgumentParser
import Foundation
import SocksifyAnalysis
import SocksifyCheck

struct AdoptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Rewrite a tree's Makefiles (or its sources) to SOCKSify the build, as a patch or in place.",
        discussion: """
            Prints a unified diff that `git apply` and `patch -p1` accept from PATH; --write applies it \
            instead. adopt reads Makefiles; it never runs make or anything the tree contains.

            Exit status: 0 done (an empty patch means nothing to change), 1 refused: the -D renames would \
            rewrite names that are not the C library functions (see --source), 2 usage error, 3 the tree \
            cannot be adopted (no Makefile, a file that is not text, a path outside the tree), 4 --write \
            or --output failed (every file is as it was).
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

    func validate() throws {
        if insertInit && !sourceMode { throw ValidationError("--init needs --source") }
        if write && output != nil { throw ValidationError("--write and --output exclude each other") }
        if let library, !Profile.isValidLibraryName(library) {
            throw ValidationError("--library: '\(library)' is not a library name (letters, digits, _ . + -, as in -lNAME)")
        }
    }

    func run() throws {
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
        let options = AdoptOptions(root: path, profile: settings.profile, library: settings.library,
                                   sourceMode: sourceMode, insertInit: insertInit, fixRemovableBinds: fixRemovableBinds,
                                   allowCollisions: allowCollisions, clangArguments: settings.clangArgs, exclude: settings.exclude)
        let plan: AdoptPlan
        do {
            plan = try Adopter.plan(options)
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
        for note in plan.notes { writeError("socksify-check: note: \(note)") }
        if !plan.collisions.isEmpty && !sourceMode && !allowCollisions {
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
            } else if let output {
                do {
                    try Data(plan.patch).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw AdoptError.writeFailed(path: output, reason: PlainError.describe(error))
                }
            } else {
                FileHandle.standardOutput.write(Data(plan.patch))
            }
        } catch {
            throw Outcome(ExitStatus.writeFailed, "\(error)")
        }
    }
}
