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
struct RunMemo: Equatable {
    struct Unit: Equatable {
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
        /// Its own code does something with a socket (the coverage says whether any unit does).
        var usesSockets: Bool
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

    static let format = 7

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

/// The stored form, in an extension so that the memo keeps its memberwise initializer. Written
/// field by field with the facts' writer (`FactsWriter`), like the cache entries: one string table,
/// so each unit's hundred dependencies (the same headers for most units) are a hundred small
/// numbers, and tables sorted, so the same memo gives the same bytes.
///
///     file := "SXM1" varint(stringCount) (varint(byteCount) utf8)* memo
extension RunMemo {
    static let magic: [UInt8] = Array("SXM1".utf8)

    var encoded: Data {
        var writer = FactsWriter(magic: Self.magic)
        // First, so that a reader of another format stops before reading its fields.
        writer.uint(format)
        writer.string(key)
        for table in [files, systemFiles, scanSummaries] {
            writer.table(table)
        }
        writer.list(diagnoses) { $0.diagnosis($1) }
        writer.list(units) { writer, unit in
            writer.string(unit.file)
            writer.list(unit.parseErrors) { $0.parseProblem($1) }
            writer.optional(unit.inputProblem) { $0.string($1) }
            writer.bool(unit.unparsable)
            writer.bool(unit.relevant)
            writer.optional(unit.factsID) { writer, id in writer.list(id) { $0.string($1) } }
            writer.list(unit.dependencies) { $0.string($1) }
            writer.bool(unit.usesSockets)
        }
        writer.list(socketUse.sorted { $0.key < $1.key }) { writer, pair in
            writer.string(pair.key)
            for table in [pair.value.functions, pair.value.calls] {
                writer.list(table.sorted { $0.key < $1.key }) { writer, entry in
                    writer.string(entry.key)
                    writer.list(entry.value.sorted()) { $0.string($1) }
                }
            }
        }
        return writer.data
    }

    init(decoding data: Data) throws {
        let reader = try FactsReader([UInt8](data), magic: Self.magic)
        format = try reader.uint()
        guard format == Self.format else { throw FactsReader.Corrupt(reason: "another memo format") }
        key = try reader.string()
        files = try reader.table()
        systemFiles = try reader.table()
        scanSummaries = try reader.table()
        diagnoses = try reader.list(reader.diagnosis)
        units = try reader.list {
            Unit(file: try reader.string(),
                 parseErrors: try reader.list(reader.parseProblem),
                 inputProblem: try reader.optional(reader.string), unparsable: try reader.bool(), relevant: try reader.bool(),
                 factsID: try reader.optional { try reader.list(reader.string) }, dependencies: try reader.list(reader.string),
                 usesSockets: try reader.bool())
        }
        let uses = try reader.list { () throws -> (String, UnitSocketUse) in
            let file = try reader.string()
            func table() throws -> [String: Set<String>] {
                Dictionary(try reader.list { (try reader.string(), Set(try reader.list(reader.string))) }) { first, _ in first }
            }
            return (file, UnitSocketUse(functions: try table(), calls: try table()))
        }
        socketUse = Dictionary(uses) { first, _ in first }
        guard reader.atEnd else { throw FactsReader.Corrupt(reason: "bytes after the memo") }
    }
}

// A diagnosis in the facts' form: only the memo keeps them.
extension FactsWriter {
    mutating func diagnosis(_ value: Diagnosis) {
        string(value.rule)
        string(value.severity.rawValue)
        location(value.location)
        optional(value.length) { $0.int(Int64($1)) }
        optional(value.function) { $0.string($1) }
        string(value.message)
        list(value.notes) { writer, note in
            writer.location(note.location)
            writer.string(note.message)
        }
        optional(value.removable) { $0.bool($1) }
        optional(value.fixIt) { writer, fix in
            writer.location(fix.start)
            writer.location(fix.end)
            writer.string(fix.replacement)
        }
        optional(value.mayAlsoBeStream) { $0.bool($1) }
    }
}

extension FactsReader {
    func diagnosis() throws -> Diagnosis {
        let rule = try string()
        guard let severity = Severity(rawValue: try string()) else { throw Corrupt(reason: "an unknown severity") }
        var diagnosis = Diagnosis(rule: rule, severity: severity, location: try location(), length: try optional { Int(try int()) },
                                  function: try optional(string), message: try string(),
                                  notes: try list { DiagnosisNote(location: try location(), message: try string()) },
                                  removable: try optional(bool),
                                  fixIt: try optional { DiagnosisFixIt(start: try location(), end: try location(), replacement: try string()) })
        diagnosis.mayAlsoBeStream = try optional(bool)
        return diagnosis
    }
}

extension UnitCache {
    static let absent = "absent"

    private var memoPath: String { directory + "/last-run.sxc" }

    /// The memo when its key matches, with the files that changed since (empty: none did).
    func runMemo(key: String) -> (memo: RunMemo, changed: Set<String>)? {
        guard let data = FileManager.default.contents(atPath: memoPath),
              let memo = try? RunMemo(decoding: data), memo.key == key else { return nil }
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
        Self.writeAtomically(memo.encoded, to: memoPath)
    }
}
