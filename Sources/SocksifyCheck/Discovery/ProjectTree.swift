import ClangSupport
import Foundation
import SocksifyAnalysis

/// The translation units of a tree and how to show their paths.
struct ProjectTree {
    /// The real, absolute directory findings are relative to.
    var rootDirectory: String
    /// `root` in JSON: the PATH as the user gave it ("." when several were given).
    var displayRoot: String
    /// What text output puts before a root-relative path so it opens from the user's directory.
    var displayPrefix: String
    var units: [ParseRequest]
    /// Project directories that hold headers: include paths for units and for the prefilter.
    var headerDirectories: [String] = []
    /// Files found but not readable as sources (a name that is not UTF-8, a dangling symlink).
    var problems: [SourceWalker.Problem] = []
    /// The units and their flags came from a compile database.
    var fromDatabase = false
    /// The files flag inference scanned, by path, for the prefilter to reuse.
    var scans: [String: IdentifierScan] = [:]
    /// C++ and Objective-C sources of the tree: not analysed, and said so in the coverage.
    var otherLanguageSources: [String] = []
    /// `--configure`: what ran in the scratch copy to get the units and their flags.
    var configuredWith: [String]?
    /// `--configure`: the scratch copy. A file only it has (a header configure generated) is named
    /// by its place in the tree, never by the scratch path, which changes every run.
    var scratchRoot: String?

    static func discover(_ options: ScanOptions, configured: ConfiguredScan? = nil) throws -> ProjectTree {
        let given = options.paths.isEmpty ? ["."] : options.paths
        var targets: [(given: String, real: String, isDirectory: Bool)] = []
        for path in given {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ScanInputError.missingPath(path)
            }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ScanInputError.unreadable(path, reason: "permission denied")
            }
            guard isDirectory.boolValue || path.hasSuffix(".c") else { throw ScanInputError.notC(path) }
            targets.append((path, FilePaths.real(path), isDirectory.boolValue))
        }

        var tree: ProjectTree
        if targets.count == 1 {
            let target = targets[0]
            let directory = target.isDirectory ? target.real : FilePaths.parent(of: target.real)
            let prefix = target.isDirectory ? target.given : FilePaths.parent(of: target.given)
            tree = ProjectTree(rootDirectory: directory, displayRoot: target.given,
                               displayPrefix: FilePaths.displayPrefix(prefix), units: [])
        } else {
            tree = ProjectTree(rootDirectory: FilePaths.real("."), displayRoot: ".", displayPrefix: "", units: [])
        }

        let listings = targets.map { target in
            target.isDirectory ? SourceWalker(root: target.real).listing() : (cFiles: [target.real], headers: [], problems: [], otherLanguage: [])
        }
        tree.otherLanguageSources = Array(Set(listings.flatMap(\.otherLanguage))).sorted()
        let sources = Array(Set(listings.flatMap(\.cFiles))).sorted()
        let headers = listings.flatMap(\.headers)
        tree.problems = listings.flatMap(\.problems)
        if let configured {
            tree.units = configured.units.map { unit in
                var unit = unit
                unit.arguments += options.extraArguments
                return unit
            }
            tree.headerDirectories = Array(Set(headers.map(FilePaths.parent(of:)))).sorted()
            tree.fromDatabase = true
            tree.configuredWith = configured.commands
            tree.scratchRoot = configured.build.copy.path
        } else if let database = try CompileDatabaseLocator.locate(options: options, targets: targets.map(\.real)) {
            tree.units = try CompileDatabaseLocator.units(from: database, limitedTo: targets.map(\.real),
                                                          extraArguments: options.extraArguments)
            tree.headerDirectories = Array(Set(headers.map(FilePaths.parent(of:)))).sorted()
            tree.fromDatabase = true
        } else {
            tree.units = Self.inferredUnits(sources: sources, headers: headers, root: tree.rootDirectory,
                                            extraArguments: options.extraArguments, headerDirectories: &tree.headerDirectories,
                                            scans: &tree.scans)
        }
        if !options.argumentsBefore.isEmpty {
            tree.units = tree.units.map { unit in
                var unit = unit
                unit.arguments = options.argumentsBefore + unit.arguments
                return unit
            }
        }
        if !options.exclude.isEmpty {
            // What is left out is not reported either: a FIFO or locked folder under `vendor`.
            let paths = tree
            let excluded = { (path: String) in options.exclude.contains { Glob.matches($0, paths.relativePath(path)) } }
            tree.units.removeAll { excluded($0.file) }
            tree.problems.removeAll { excluded($0.path) }
            tree.otherLanguageSources.removeAll { excluded($0) }
        }
        guard !tree.units.isEmpty else {
            if let problem = tree.problems.first { throw ScanInputError.unreadable(problem.path, reason: problem.reason) }
            throw ScanInputError.noSources(given.joined(separator: " "))
        }
        return tree
    }

    /// Units of a tree without a compilation database, with flags inferred from what the files
    /// include (`IncludeInference`). `-w`: clang's warnings are not ours.
    static func inferredUnits(sources: [String], headers: [String], root: String, extraArguments: [String],
                              headerDirectories: inout [String], scans: inout [String: IdentifierScan]) -> [ParseRequest] {
        let inference = IncludeInference(root: root, headers: headers)
        for file in sources + headers where scans[file] == nil {
            guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int,
                  size <= InputTriage.sizeLimit, let data = FileManager.default.contents(atPath: file) else { continue }
            scans[file] = IdentifierScan([UInt8](data))
        }
        let includes = scans.keys.sorted().map { file in (file, scans[file]!.quotedIncludes, scans[file]!.angleIncludes) }
        let directories = inference.directories(includes: includes)
        let preludeUnits = inference.unitsReaching(inference.filesMissingGeneratedConfig(includes: includes), units: sources,
                                                   includes: scans.mapValues { ($0.quotedIncludes, $0.angleIncludes) })
        headerDirectories = directories.quote + directories.include
        // The unit may test HAVE_CONFIG_H in a header it includes (ares_setup.h): autoconf defines it
        // for every compile of a project that uses the convention anywhere.
        let configHeader = inference.hasConfigHeader && scans.values.contains { $0.identifiers.contains("HAVE_CONFIG_H") }
        return sources.map { file in
            let flags = IncludeInference.Flags(
                quoteDirectories: directories.quote, includeDirectories: directories.include,
                definesConfigHeader: configHeader, prelude: preludeUnits.contains(file))
            return ParseRequest(file: file, arguments: flags.arguments + extraArguments)
        }
    }

    /// A file's path for reports: relative to the root with `/`, or absolute when it lies outside.
    func relativePath(_ path: String) -> String {
        let normalized = FilePaths.normalize(path)
        let prefix = rootDirectory == "/" ? "/" : rootDirectory + "/"
        if normalized.hasPrefix(prefix) { return String(normalized.dropFirst(prefix.count)) }
        if let scratchRoot, normalized.hasPrefix(scratchRoot + "/") { return String(normalized.dropFirst(scratchRoot.count + 1)) }
        return normalized
    }
}
