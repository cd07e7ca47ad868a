import ClangSupport
import Foundation
import SocksifyAnalysis

/// The last run's result, for a run in which nothing changed: the diagnoses before suppressions and
/// baselines (those are applied afresh), each unit's parse problems, and every file the result
/// depends on with its digest (project files) or stamp (system headers). A run whose units,
/// flags and options are the same, and whose files all match (by stat, see FileDigests), takes the
/// result from here without prefiltering, parsing, loading facts or resolving anything. When some
/// files changed, only the units that read them are parsed again; if their facts come out the same
/// (an edited comment, code that touches no socket and calls nothing of the project's), so does the
/// result, and it is taken from here too.
struct RunMemo: Codable {
    struct Unit {
        var file: String
        var parseErrors: [ParseProblem]
        var inputProblem: String?
        var unparsable: Bool
        /// The prefilter kept it (or there was no prefilter).
        var relevant: Bool
        /// What identifies its facts (UnitCache.Entry.factsID); nil when they were not kept.
        var factsID: [String]?
        /// The files it read.
        var dependencies: [String]
    }

    var format: Int
    var key: String
    var files: [String: String]
    var systemFiles: [String: String]
    var diagnoses: [Diagnosis]
    var units: [Unit]
    var socketUse: [String: UnitSocketUse]
    /// Each file the prefilter read, with the summary of its scan (IdentifierScan.summary, as text).
    var scanSummaries: [String: String]

    static let format = 5

    /// What the result depends on besides file contents: tool, profile, the library's missing
    /// renames, the units with their flags, what discovery found wrong, the prefilter setting.
    static func key(options: ScanOptions, tree: ProjectTree, missingRenames: [String]) -> String {
        var parts = [UnitCache.toolIdentity, String(UnitCache.formatVersion), options.profile.rawValue,
                     missingRenames.joined(separator: ","), options.showParseErrors ? "errors" : "", options.prefilter ? "prefilter" : "",
                     tree.rootDirectory]
        for unit in tree.units {
            parts.append(([unit.file, unit.workingDirectory ?? ""] + unit.arguments).joined(separator: "\u{1}"))
        }
        parts += tree.problems.map { "\($0.path)\u{1}\($0.reason)" }
        let text = parts.joined(separator: "\u{0}")
        return UnitCache.hash(Data(text.utf8))
    }
}

/// The stored form, in an extension so that the memo keeps its memberwise initializer.
extension RunMemo {
    // Stored form: each unit's dependencies (a hundred headers, the same for most units) as
    // positions in one sorted list of paths, packed in one string: one value per unit instead of a
    // hundred, which made writing the memo a tenth of a re-run.
    private enum CodingKeys: String, CodingKey {
        case format, key, files, systemFiles, diagnoses, units, socketUse, scanSummaries, paths
    }

    private struct StoredUnit: Codable {
        var file: String
        var parseErrors: [ParseProblem]
        var inputProblem: String?
        var unparsable: Bool
        var relevant: Bool
        var factsID: [String]?
        /// Positions in `paths`, in decimal, comma-separated.
        var dependencies: String
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(Int.self, forKey: .format)
        key = try container.decode(String.self, forKey: .key)
        files = try container.decode([String: String].self, forKey: .files)
        systemFiles = try container.decode([String: String].self, forKey: .systemFiles)
        diagnoses = try container.decode([Diagnosis].self, forKey: .diagnoses)
        socketUse = try container.decode([String: UnitSocketUse].self, forKey: .socketUse)
        scanSummaries = try container.decode([String: String].self, forKey: .scanSummaries)
        let paths = try container.decode([String].self, forKey: .paths)
        units = try container.decode([StoredUnit].self, forKey: .units).map { stored in
            let dependencies = try stored.dependencies.utf8.split(separator: UInt8(ascii: ",")).map { digits in
                guard let position = Int(String(decoding: digits, as: UTF8.self)), paths.indices.contains(position) else {
                    throw DecodingError.dataCorruptedError(forKey: .units, in: container, debugDescription: "a dependency past the path list")
                }
                return paths[position]
            }
            return Unit(file: stored.file, parseErrors: stored.parseErrors, inputProblem: stored.inputProblem, unparsable: stored.unparsable,
                        relevant: stored.relevant, factsID: stored.factsID, dependencies: dependencies)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(key, forKey: .key)
        try container.encode(files, forKey: .files)
        try container.encode(systemFiles, forKey: .systemFiles)
        try container.encode(diagnoses, forKey: .diagnoses)
        try container.encode(socketUse, forKey: .socketUse)
        try container.encode(scanSummaries, forKey: .scanSummaries)
        let paths = Set(units.flatMap(\.dependencies)).sorted()
        let positions = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, $0) })
        try container.encode(paths, forKey: .paths)
        try container.encode(units.map { unit in
            StoredUnit(file: unit.file, parseErrors: unit.parseErrors, inputProblem: unit.inputProblem, unparsable: unit.unparsable,
                       relevant: unit.relevant, factsID: unit.factsID,
                       dependencies: unit.dependencies.map { String(positions[$0]!) }.joined(separator: ","))
        }, forKey: .units)
    }
}

extension UnitCache {
    static let absent = "absent"

    private var memoPath: String { directory + "/last-run.sxc" }

    /// The memo when its key matches, with the files that changed since (empty: none did).
    func runMemo(key: String) -> (memo: RunMemo, changed: Set<String>)? {
        guard let data = FileManager.default.contents(atPath: memoPath),
              let memo = try? CompactCoder.decode(RunMemo.self, from: data),
              memo.format == RunMemo.format, memo.key == key else { return nil }
        let changed = Set(memo.files.filter { (fileDigest($0.key) ?? Self.absent) != $0.value }.keys)
            .union(memo.systemFiles.filter { (Self.stamp($0.key) ?? Self.absent) != $0.value }.keys)
        return (memo, changed)
    }

    /// Records the run; `dependencies` are every file the units and the prefilter read.
    func storeRunMemo(key: String, dependencies: Set<String>, diagnoses: [Diagnosis], units: [RunMemo.Unit],
                      socketUse: [String: UnitSocketUse], scanSummaries: [String: String]) {
        var files: [String: String] = [:]
        var systemFiles: [String: String] = [:]
        for path in dependencies {
            // A file that is not there (a generated source not built yet) is recorded as absent: its
            // appearance is a change.
            if FilePaths.isInside(path, directory: root) {
                files[path] = fileDigest(path) ?? Self.absent
            } else {
                systemFiles[path] = Self.stamp(path) ?? Self.absent
            }
        }
        let memo = RunMemo(format: RunMemo.format, key: key, files: files, systemFiles: systemFiles, diagnoses: diagnoses,
                           units: units, socketUse: socketUse, scanSummaries: scanSummaries)
        guard let data = try? CompactCoder.encode(memo) else { return }
        Self.writeAtomically(data, to: memoPath)
    }
}
