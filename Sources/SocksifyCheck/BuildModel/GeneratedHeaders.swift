import ClangSupport
import Foundation

/// Headers that make generates, not configure (gnulib's replacement `fcntl.h` and `stdckdint.h`,
/// libevent's `event2/event-config.h`, rsync's `proto.h`): without them the units of a configured
/// copy still fail to parse, or silently read the system's header of the same name instead. They
/// are made in the scratch copy, never in the tree, by asking make for exactly those targets (and
/// so for what they are made from), nothing else of the build:
/// - the headers automake lists in a directory's BUILT_SOURCES, the files it makes before
///   compiling anything there (the list is read through make itself, `--eval`);
/// - after a parse, each header that units still miss, where a Makefile of the copy has a rule for it.
struct GeneratedHeaders {
    let configured: ConfigureStep.Configured
    var runner = MakeRunner(timeout: 300)
    /// The most make runs spent looking for rules of missing headers.
    var attempts = 24

    private static let printTarget = "socksify-check-print-built-sources"

    /// BUILT_SOURCES headers of every automake directory of the copy; the commands that made some.
    func builtSources() async -> [String] {
        var commands: [String] = []
        for directory in automakeDirectories() {
            // The regenerators too: make remakes an out-of-date Makefile before anything else.
            let listed = await run(["-s", "--no-print-directory", "--eval", "\(Self.printTarget): ; @echo $(BUILT_SOURCES)"]
                                   + ConfiguredUnits.regenerators + [Self.printTarget], in: directory)
            guard let listed, listed.status == 0 else { continue }
            let headers = listed.output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
                .map(String.init).filter { $0.hasSuffix(".h") }
            guard !headers.isEmpty else { continue }
            if let command = await make(headers, in: directory) { commands.append(command) }
        }
        return commands
    }

    /// Makes those of `headers` (as includes name them) that a Makefile of the copy has a rule for:
    /// each is looked for under the include folders and compile folders of `units`, the target
    /// named relative to the nearest folder above it with a Makefile. The commands that made some.
    func missing(_ headers: [String], units: [ParseRequest]) async -> [String] {
        let copy = configured.copy
        var folders: [String] = []
        for unit in units {
            // The unit's own folder in the copy (`#include "proto.h"`), where it is compiled, its -I folders.
            let own = copy.inCopy(FilePaths.parent(of: unit.file))
            for folder in [own] + [unit.workingDirectory].compactMap({ $0 }) + Self.includeFolders(unit.arguments, directory: unit.workingDirectory ?? copy.path)
            where FilePaths.isInside(folder, directory: copy.path) && !folders.contains(folder) {
                folders.append(folder)
            }
        }
        var commands: [String] = []
        var budget = attempts
        for header in headers {
            let candidates = folders.map { FilePaths.normalize($0 + "/" + header) }
            for candidate in candidates where budget > 0 && !FileManager.default.fileExists(atPath: candidate) {
                guard let directory = makefileDirectory(above: candidate) else { continue }
                budget -= 1
                let target = String(candidate.dropFirst(directory.count + 1))
                if let command = await make([target], in: directory) {
                    commands.append(command)
                    break
                }
            }
        }
        return commands
    }

    /// Runs make for the targets in `directory` (`-k`: one that fails does not stop the others);
    /// the command as a user would type it in the copy, when it made at least one of them.
    private func make(_ targets: [String], in directory: String) async -> String? {
        let arguments = ["-k"] + ConfiguredUnits.regenerators + targets
        guard await run(arguments, in: directory) != nil,
              targets.contains(where: { FileManager.default.fileExists(atPath: directory + "/" + $0) }) else { return nil }
        let relative = directory == configured.copy.path ? "" : " -C " + String(directory.dropFirst(configured.copy.path.count + 1))
        return "make\(relative) " + arguments.joined(separator: " ")
    }

    private func run(_ arguments: [String], in directory: String) async -> MakeRunner.Result? {
        guard let result = try? await runner.run(arguments, in: directory), !result.timedOut else { return nil }
        return result
    }

    /// Folders of the copy that automake made a Makefile for.
    private func automakeDirectories() -> [String] {
        let top = configured.buildDirectory
        guard let walker = FileManager.default.enumerator(atPath: top) else { return [] }
        var result: [String] = []
        if FileManager.default.fileExists(atPath: top + "/Makefile.am"), FileManager.default.fileExists(atPath: top + "/Makefile") {
            result.append(top)
        }
        while let relative = walker.nextObject() as? String {
            guard (relative as NSString).lastPathComponent == "Makefile.am" else { continue }
            let folder = top + "/" + (relative as NSString).deletingLastPathComponent
            if folder != top + "/", FileManager.default.fileExists(atPath: folder + "/Makefile") {
                result.append(FilePaths.normalize(folder))
            }
        }
        return result.sorted()
    }

    /// The nearest folder at or above the file's, inside the copy, with a Makefile.
    private func makefileDirectory(above file: String) -> String? {
        var folder = FilePaths.parent(of: file)
        while FilePaths.isInside(folder, directory: configured.copy.path) {
            if FileManager.default.fileExists(atPath: folder + "/Makefile") { return folder }
            if folder == configured.copy.path { break }
            folder = FilePaths.parent(of: folder)
        }
        return nil
    }

    /// The `-I`, `-iquote` folders of a command line, absolute.
    static func includeFolders(_ arguments: [String], directory: String) -> [String] {
        var result: [String] = []
        var words = arguments.makeIterator()
        while let argument = words.next() {
            guard let option = ["-iquote", "-I"].first(where: { argument.hasPrefix($0) }),
                  let value = argument == option ? words.next() : String(argument.dropFirst(option.count)) else { continue }
            result.append(FilePaths.normalize(FilePaths.resolve(value, against: directory)))
        }
        return result
    }
}
