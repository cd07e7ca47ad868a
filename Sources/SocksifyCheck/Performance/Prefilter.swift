import ClangSupport
import Foundation
import SocksifyAnalysis

/// Where an include of a scanned file leads.
private enum IncludeResolution {
    /// A file of the tree, to scan in turn.
    case project(String)
    /// A system header, or a file outside the tree: not the project's text.
    case elsewhere
    /// Nowhere: the unit is parsed, since the missing header may be what names the socket calls.
    case missing
}

/// Decides, before parsing, which translation units can matter. A unit is parsed when its own text,
/// or a project header it includes (transitively), mentions a socket-relevant identifier, or a name
/// declared at file scope in a file that (transitively) does: a helper that opens the socket makes
/// every unit that calls it relevant, even one that names no socket call itself. System headers do
/// not count. The sets grow to a fixpoint; nothing that could change a finding is skipped.
enum Prefilter {
    /// Every identifier a rule or the socket model looks at.
    static let socketIdentifiers = SocketAPICatalogue.prefilterWords

    /// The directories `-I DIR`, `-IDIR`, `-iquote DIR` and `-isystem DIR` name, in order.
    static func searchDirectories(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var words = arguments.makeIterator()
        while let word = words.next() {
            for option in ["-I", "-iquote", "-isystem"] where word.hasPrefix(option) {
                if word == option { if let next = words.next() { result.append(next) } } else { result.append(String(word.dropFirst(option.count))) }
                break
            }
        }
        return result
    }

    /// The units to parse, by file. `known`: files discovery already scanned (flag inference reads
    /// every source and header of a tree without a database), so they are not read twice.
    static func relevantUnits(_ units: [ParseRequest], root: String, headerDirectories: [String],
                              known: [String: IdentifierScan] = [:]) -> Set<String> {
        verdicts(units, root: root, headerDirectories: headerDirectories, known: known).relevant
    }

    /// The units that can matter, and every file the verdict read (it depends on all of them: a
    /// function named in one file makes another relevant).
    static func verdicts(_ units: [ParseRequest], root: String, headerDirectories: [String],
                         known: [String: IdentifierScan] = [:], summaries wantSummaries: Bool = false)
        -> (relevant: Set<String>, scanned: Set<String>, summaries: [String: String]) {
        var scans: [String: IdentifierScan] = [:]
        func scan(_ path: String) -> IdentifierScan? {
            if let reached = scans[path] { return reached }
            guard FilePaths.isInside(path, directory: root) else { return nil }
            if let scanned = known[path] {
                scans[path] = scanned
                return scanned
            }
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            let result = IdentifierScan([UInt8](data))
            scans[path] = result
            return result
        }
        var existence: [String: Bool] = [:]
        func exists(_ path: String) -> Bool {
            if let known = existence[path] { return known }
            let result = FileManager.default.fileExists(atPath: path)
            existence[path] = result
            return result
        }
        // Each unit's own file with the project headers it reaches.
        var closure: [String: [String]] = [:]
        // A unit whose includes find no file cannot be judged by its text (the missing header may be
        // what names the socket calls); it is parsed, and its parse error counted.
        var unresolved: Set<String> = []
        // Resolving an include depends only on the includer's folder, the name and the unit's search
        // list, which most units share: each is worked out once per run, not once per unit.
        var searchListIDs: [[String]: Int] = [:]
        var resolutions: [String: IncludeResolution] = [:]
        func resolve(_ include: String, quoted: Bool, from directory: String, list: [String], listID: Int) -> IncludeResolution {
            let key = "\(listID)\u{0}\(quoted ? 1 : 0)\u{0}\(directory)\u{0}\(include)"
            if let known = resolutions[key] { return known }
            let candidates = [directory] + list
            let result: IncludeResolution
            if let found = candidates.lazy.map({ FilePaths.normalize($0 + "/" + include) })
                .first(where: { FilePaths.isInside($0, directory: root) && exists($0) }) {
                result = .project(found)
            } else if candidates.contains(where: { exists($0 + "/" + include) }) {
                result = .elsewhere
            } else if !quoted, IncludeInference.systemDirectories.contains(where: { exists($0 + "/" + include) }) {
                result = .elsewhere
            } else {
                // Found nowhere: whatever it would define is unknown too.
                result = .missing
            }
            resolutions[key] = result
            return result
        }
        for unit in units {
            var seenDirectories: Set<String> = []
            let includeDirectories = (Self.searchDirectories(unit.arguments)
                .map { FilePaths.resolve($0, against: unit.workingDirectory ?? root) } + headerDirectories)
                .filter { seenDirectories.insert($0).inserted }
            let listID = searchListIDs[includeDirectories] ?? {
                let id = searchListIDs.count
                searchListIDs[includeDirectories] = id
                return id
            }()
            var files: [String] = []
            var visited: Set<String> = []
            var queue = [FilePaths.normalize(unit.file)]
            while let file = queue.popLast() {
                guard !visited.contains(file), let content = scan(file) else { continue }
                visited.insert(file)
                files.append(file)
                let directory = FilePaths.parent(of: file)
                for (include, quoted) in content.quotedIncludes.map({ ($0, true) }) + content.angleIncludes.map({ ($0, false) }) {
                    switch resolve(include, quoted: quoted, from: directory, list: includeDirectories, listID: listID) {
                    case let .project(found): queue.append(found)
                    case .missing: unresolved.insert(unit.file)
                    case .elsewhere: break
                    }
                }
            }
            closure[unit.file] = files
        }
        var relevantNames = socketIdentifiers
        var relevantFiles: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for (path, content) in scans where !relevantFiles.contains(path) && !content.identifiers.isDisjoint(with: relevantNames) {
                relevantFiles.insert(path)
                let added = content.fileScopeFunctions.subtracting(relevantNames)
                if !added.isEmpty { relevantNames.formUnion(added) }
                changed = true
            }
        }
        let relevant = Set(units.filter { unit in
            unresolved.contains(unit.file) || (closure[unit.file] ?? [unit.file]).contains(where: relevantFiles.contains)
        }.map(\.file))
        return (relevant, Set(scans.keys), wantSummaries ? scans.mapValues(\.summary) : [:])
    }
}
