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

    /// The units that can matter, and every file the verdict read (it depends on all of them: a
    /// function named in one file makes another relevant). `known`: files discovery already
    /// scanned (flag inference reads every source and header of a tree without a database), so they
    /// are not read twice.
    ///
    /// Files are numbered once; a file's includes are resolved once per search list (most units
    /// share one), not once per unit that reaches it, and a unit is judged by whether its file
    /// reaches a relevant file (or an include found nowhere) in that include graph. Working per
    /// unit over paths cost more than the scans (curl: 0.3 s of a re-run).
    static func verdicts(_ units: [ParseRequest], root: String, headerDirectories: [String],
                         known: [String: IdentifierScan] = [:], summaries wantSummaries: Bool = false)
        -> (relevant: Set<String>, scanned: Set<String>, summaries: [String: String]) {
        var graph = IncludeGraph(root: root, known: known, summaries: wantSummaries)
        var searchListIDs: [[String]: Int] = [:]
        var unitNodes: [(file: String, node: Int, list: Int)] = []
        for unit in units {
            var seenDirectories: Set<String> = []
            let includeDirectories = (Self.searchDirectories(unit.arguments)
                .map { FilePaths.resolve($0, against: unit.workingDirectory ?? root) } + headerDirectories)
                .filter { seenDirectories.insert($0).inserted }
            let list = searchListIDs[includeDirectories] ?? {
                let id = searchListIDs.count
                searchListIDs[includeDirectories] = id
                graph.searchLists.append(includeDirectories)
                return id
            }()
            unitNodes.append((unit.file, graph.node(FilePaths.normalize(unit.file)), list))
        }
        graph.expand(unitNodes.map { IncludeGraph.Key(node: $0.node, list: $0.list) })
        // A file is relevant when it mentions a socket identifier or a function declared at file
        // scope in a relevant file: the least fixpoint, by a worklist over names. Only names that can
        // ever become relevant are indexed, each mention hashed once.
        var candidates = socketIdentifiers
        for content in graph.scans { if let content { candidates.formUnion(content.fileScopeFunctions) } }
        var mentioning: [String: [Int]] = [:]
        for (node, content) in graph.scans.enumerated() {
            guard let content else { continue }
            for name in content.identifiers where candidates.contains(name) { mentioning[name, default: []].append(node) }
        }
        var relevantNames = socketIdentifiers
        var relevantNodes = [Bool](repeating: false, count: graph.paths.count)
        var queue = Array(socketIdentifiers)
        while let name = queue.popLast() {
            for node in mentioning[name] ?? [] where !relevantNodes[node] {
                relevantNodes[node] = true
                for function in graph.scans[node]?.fileScopeFunctions ?? [] where relevantNames.insert(function).inserted {
                    queue.append(function)
                }
            }
        }
        // Per search list: every file from which a relevant file, or an include found nowhere, can
        // be reached (backwards from those, over the edges that list's resolution gave).
        var reaching: [Int: [Bool]] = [:]
        for list in Set(unitNodes.map(\.list)) {
            var reverse: [Int: [Int]] = [:]
            var marked = [Bool](repeating: false, count: graph.paths.count)
            var stack: [Int] = []
            for (key, edge) in graph.edges where key.list == list {
                for child in edge.children { reverse[child, default: []].append(key.node) }
                if edge.missing || relevantNodes[key.node], !marked[key.node] {
                    marked[key.node] = true
                    stack.append(key.node)
                }
            }
            while let node = stack.popLast() {
                for parent in reverse[node] ?? [] where !marked[parent] {
                    marked[parent] = true
                    stack.append(parent)
                }
            }
            reaching[list] = marked
        }
        let relevant = Set(unitNodes.filter { reaching[$0.list]?[$0.node] ?? true }.map(\.file))
        var scanned: Set<String> = []
        var summaries: [String: String] = [:]
        for (node, content) in graph.scans.enumerated() where content != nil {
            scanned.insert(graph.paths[node])
            if let summary = graph.summaries[node] { summaries[graph.paths[node]] = summary }
        }
        return (relevant, scanned, summaries)
    }
}

/// The project files units reach through `#include`, numbered, with each file's includes resolved
/// once per search list.
private struct IncludeGraph {
    struct Key: Hashable {
        var node: Int
        var list: Int
    }

    struct Edge {
        var children: [Int]
        /// An include of this file was found nowhere: whatever it would define is unknown.
        var missing: Bool
    }

    let root: String
    let known: [String: IdentifierScan]
    var searchLists: [[String]] = []
    var paths: [String] = []
    var ids: [String: Int] = [:]
    /// nil: outside the tree or unreadable (a system header, or nothing to scan).
    var scans: [IdentifierScan?] = []
    var edges: [Key: Edge] = [:]
    /// Numbered, not yet scanned.
    private var pending: [Int] = []
    private var existence: [String: Bool] = [:]
    private var resolutions: [ResolutionKey: IncludeResolution] = [:]
    private var directoryIDs: [String: Int] = [:]

    private struct ResolutionKey: Hashable {
        var list: Int
        var quoted: Bool
        var directory: Int
        var include: String
    }

    /// Each scan's summary (IdentifierScan.summary), when wanted: computed with the scan, in parallel.
    var summaries: [String?] = []
    private let wantSummaries: Bool

    init(root: String, known: [String: IdentifierScan], summaries: Bool) {
        self.root = root
        self.known = known
        wantSummaries = summaries
    }

    mutating func node(_ path: String) -> Int {
        if let id = ids[path] { return id }
        let id = paths.count
        ids[path] = id
        paths.append(path)
        scans.append(nil)
        summaries.append(nil)
        pending.append(id)
        return id
    }

    /// Reads and scans the files numbered since the last call, in parallel: reading and scanning
    /// are most of the prefilter's time, and each file is independent of the others.
    private mutating func scanPending() {
        guard !pending.isEmpty else { return }
        let targets = pending.map { paths[$0] }
        let root = self.root
        let known = self.known
        let wantSummaries = self.wantSummaries
        let results = targets.concurrentMap { path -> (IdentifierScan?, String?) in
            let scan = Self.scan(path, root: root, known: known)
            return (scan, wantSummaries ? scan?.summary : nil)
        }
        for (position, node) in pending.enumerated() { (scans[node], summaries[node]) = results[position] }
        pending.removeAll()
    }

    private static func scan(_ path: String, root: String, known: [String: IdentifierScan]) -> IdentifierScan? {
        guard FilePaths.isInside(path, directory: root) else { return nil }
        if let scanned = known[path] { return scanned }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return IdentifierScan([UInt8](data))
    }

    /// Resolves the includes of every file reachable from the units' files, each under its unit's
    /// search list, level by level so that each level's new files are scanned together.
    mutating func expand(_ starts: [Key]) {
        var frontier = starts
        while !frontier.isEmpty {
            scanPending()
            var next: [Key] = []
            for key in frontier {
                guard edges[key] == nil, let content = scans[key.node] else { continue }
                var edge = Edge(children: [], missing: false)
                let directory = FilePaths.parent(of: paths[key.node])
                let directoryID = directoryIDs[directory] ?? {
                    let id = directoryIDs.count
                    directoryIDs[directory] = id
                    return id
                }()
                for (include, quoted) in content.quotedIncludes.map({ ($0, true) }) + content.angleIncludes.map({ ($0, false) }) {
                    switch resolve(include, quoted: quoted, from: directory, directoryID: directoryID, list: key.list) {
                    case let .project(found):
                        let child = node(found)
                        edge.children.append(child)
                        next.append(Key(node: child, list: key.list))
                    case .missing: edge.missing = true
                    case .elsewhere: break
                    }
                }
                edges[key] = edge
            }
            frontier = next
        }
    }

    private mutating func exists(_ path: String) -> Bool {
        if let known = existence[path] { return known }
        let result = FileManager.default.fileExists(atPath: path)
        existence[path] = result
        return result
    }

    /// Resolving an include depends only on the includer's folder, the name and the search list.
    private mutating func resolve(_ include: String, quoted: Bool, from directory: String, directoryID: Int, list: Int) -> IncludeResolution {
        let key = ResolutionKey(list: list, quoted: quoted, directory: directoryID, include: include)
        if let known = resolutions[key] { return known }
        let candidates = [directory] + searchLists[list]
        var result = IncludeResolution.missing
        for candidate in candidates {
            let path = FilePaths.normalize(candidate + "/" + include)
            if FilePaths.isInside(path, directory: root), exists(path) {
                result = .project(path)
                break
            }
        }
        if case .missing = result {
            if candidates.contains(where: { exists($0 + "/" + include) }) {
                result = .elsewhere
            } else if !quoted, IncludeInference.systemDirectories.contains(where: { exists($0 + "/" + include) }) {
                result = .elsewhere
            }
            // Otherwise found nowhere: whatever it would define is unknown too.
        }
        resolutions[key] = result
        return result
    }
}

