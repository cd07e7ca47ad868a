import ClangSupport
import Foundation

/// The C units a configured copy compiles, with the flags its build gives them: for CMake the
/// compile database it wrote, for autotools what make's dry run in the copy prints. Paths name the
/// tree, never the copy: the sources are parsed where the user has them (so findings point there);
/// each include directory of the copy is searched in the tree first and then in the copy, where
/// the headers the configure step generated (config.h) are.
enum ConfiguredUnits {
    /// make's variables that regenerate the build system: under `-B` the dry run would remake the
    /// Makefiles through them, and the copy must not need the exact autotools versions the
    /// tarball was made with.
    static let regenerators = ["ACLOCAL=:", "AUTOCONF=:", "AUTOMAKE=:", "AUTOHEADER=:", "MAKEINFO=:"]

    static func units(of configured: ConfigureStep.Configured, makeArguments: [String] = []) async throws -> [ParseRequest] {
        let copy = configured.copy
        switch configured.system {
        case .cmake:
            let database = configured.buildDirectory + "/" + CompilationDatabase.fileName
            let commands: [CompileCommand]
            do {
                commands = try CompilationDatabase.load(file: database)
            } catch {
                throw BuildModelError.configureFailed(root: copy.root, command: configured.commands.last ?? "cmake",
                                                      reason: "wrote no usable compile database: \(error)")
            }
            return requests(commands, copy: copy)
        case .autotools:
            let transcript = try await dryRun(configured, makeArguments: makeArguments)
            let commands = transcript.steps.filter { $0.kind == .compile || !$0.sources.isEmpty }.flatMap { step -> [CompileCommand] in
                let compiler = step.words.firstIndex(where: CompilerDriver.isCompiler) ?? 0
                return step.sources.map { CompileCommand(directory: step.directory, file: $0, arguments: Array(step.words[compiler...])) }
            }
            return requests(commands, copy: copy)
        }
    }

    /// make's dry run of the configured copy. Objects already in it (a tree built in place) are
    /// removed first so that every compile is due. A prerequisite that only a sibling directory's
    /// make would have built (`../lib/libfoo.a`, which a dry run does not make) stops its target:
    /// an empty stand-in is put in its place in the copy and the dry run repeated, a few times.
    /// `inTree`: the transcript names the tree's paths, not the copy's (adopt plans edits of the tree).
    static func dryRun(_ configured: ConfigureStep.Configured, makeArguments: [String], inTree: Bool = false) async throws -> DryRunTranscript {
        let copy = configured.copy
        removeObjects(in: copy.path)
        let runner = MakeRunner(timeout: 600)
        var placed: Set<String> = []
        var runs = 0
        while true {
            let result = try await runner.dryRun(in: configured.buildDirectory, arguments: regenerators + makeArguments,
                                                 base: MakeRunner.configuredDryRunArguments)
            runs += 1
            if result.timedOut {
                throw BuildModelError.configureFailed(root: copy.root, command: dryRunCommand(makeArguments),
                                                      reason: "gave no answer within \(Int(runner.timeout)) s (stopped)")
            }
            let missing = Set(missingPrerequisites(result.output, top: configured.buildDirectory))
                .filter { FilePaths.isInside($0, directory: copy.path) }.subtracting(placed)
            guard result.status != 0, !missing.isEmpty, runs < 5 else {
                let transcript = inTree ? treeTranscript(result.output, configured) : DryRunTranscript(output: result.output, directory: configured.buildDirectory)
                guard result.status == 0 || !transcript.steps.isEmpty else {
                    let tail = result.output.split(separator: "\n").suffix(6).map { $0.replacingOccurrences(of: copy.path, with: ".") }
                    throw BuildModelError.configureFailed(root: copy.root, command: dryRunCommand(makeArguments),
                                                          reason: "exited with \(result.status):\n    " + tail.joined(separator: "\n    "))
                }
                return transcript
            }
            for path in missing.sorted() {
                try? FileManager.default.createDirectory(atPath: FilePaths.parent(of: path), withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: path, contents: Data())
                placed.insert(path)
            }
        }
    }

    /// The dry run as a user would type it in the copy.
    static func dryRunCommand(_ makeArguments: [String] = []) -> String {
        "make " + (MakeRunner.configuredDryRunArguments + regenerators + makeArguments).joined(separator: " ")
    }

    /// What ran to read a configured copy: its configure step, then (autotools) make's dry run and
    /// the make runs for generated headers.
    static func commands(_ configured: ConfigureStep.Configured) -> [String] {
        configured.commands + (configured.system == .autotools ? [dryRunCommand()] : []) + configured.generated
    }

    private static func treeTranscript(_ output: String, _ configured: ConfigureStep.Configured) -> DryRunTranscript {
        let copy = configured.copy
        return DryRunTranscript(output: output.replacingOccurrences(of: copy.path, with: copy.root),
                                directory: copy.original(configured.buildDirectory))
    }

    /// `make[2]: *** No rule to make target '../libicmp/libicmp.a', needed by 'traceroute'.  Stop.`,
    /// resolved against the directory that make was in (the last one it entered before the message).
    static func missingPrerequisites(_ output: String, top: String) -> [String] {
        var current = [top]
        var result: [String] = []
        for line in output.split(separator: "\n") {
            if let range = line.range(of: ": Entering directory '"), line.hasSuffix("'") {
                current.append(String(line[range.upperBound..<line.index(before: line.endIndex)]))
            } else if line.range(of: ": Leaving directory '") != nil, current.count > 1 {
                current.removeLast()
            } else if let start = line.range(of: "No rule to make target '"), let end = line[start.upperBound...].range(of: "', needed by") {
                let target = String(line[start.upperBound..<end.lowerBound])
                result.append(FilePaths.normalize(FilePaths.resolve(target, against: current.last ?? top)))
            }
        }
        return result
    }

    /// Objects and libtool objects in the copy (a tree built in place), so that make sees every compile as due.
    static func removeObjects(in directory: String) {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".o") || relative.hasSuffix(".lo") {
                try? FileManager.default.removeItem(atPath: directory + "/" + relative)
            }
        }
    }

    /// One request per C source of the tree (the first compile of a file wins, as with a database).
    static func requests(_ commands: [CompileCommand], copy: ScratchCopy) -> [ParseRequest] {
        var seen: Set<String> = []
        return commands.compactMap { command -> ParseRequest? in
            let file = copy.original(FilePaths.normalize(command.file))
            // Sources of the tree only (not ones the build generates in the copy).
            guard file.hasSuffix(".c"), FilePaths.isInside(file, directory: copy.root),
                  FileManager.default.fileExists(atPath: file), seen.insert(file).inserted else { return nil }
            return ParseRequest(file: file, arguments: treeFirst(command.parseArguments, directory: command.directory, copy: copy) + ["-w"],
                                workingDirectory: command.directory)
        }
        .sorted { $0.file < $1.file }
    }

    /// `-I DIR` of the copy as `-I TREE-DIR -I DIR`: a header of the tree is read from the tree, a
    /// generated one (only in the copy) from the copy.
    static func treeFirst(_ arguments: [String], directory: String, copy: ScratchCopy) -> [String] {
        var result: [String] = []
        var words = arguments.makeIterator()
        while let argument = words.next() {
            guard let option = ["-iquote", "-isystem", "-I"].first(where: { argument.hasPrefix($0) }),
                  let value = argument == option ? words.next() : String(argument.dropFirst(option.count)) else {
                result.append(argument)
                continue
            }
            let absolute = FilePaths.normalize(FilePaths.resolve(value, against: directory))
            let original = copy.original(absolute)
            if original != absolute { result += [option, original] }
            result += [option, absolute]
        }
        return result
    }
}
