import ClangSupport
import Foundation

/// What a scan produced, ready for a reporter.
public struct ScanResult: Sendable {
    public var report: Report
    /// Put before a finding's path so text output opens from the user's directory.
    public var displayPrefix: String
    /// The real directory findings are relative to (to read source lines for text output).
    public var rootDirectory: String
}

/// The pipeline, top to bottom: discover units → parse and extract facts (parallel) → resolve
/// values across units → run the rules → relative, sorted, de-duplicated findings.
public enum Scanner {
    public static func scan(_ options: ScanOptions) throws -> ScanResult {
        let tree = try ProjectTree.discover(options)
        let units = parallelUnits(tree.units, jobs: options.jobs) { request, index in
            extractFacts(request, index: index)
        }
        if units.allSatisfy({ $0.unparsable }) {
            throw ScanInputError.unreadable(tree.displayRoot, reason: "libclang could not parse any translation unit")
        }
        let resolver = InterproceduralResolver(units: units.map(\.facts))
        let sockets = units.flatMap(\.facts.socketCreations).map(resolver.resolve)
        let context = RuleContext(sockets: sockets, units: units.map(\.facts), showParseErrors: options.showParseErrors)
        let diagnoses = RuleRegistry.rules.flatMap { $0.check(context) }
        let findings = Set(diagnoses.map { finding(from: $0, in: tree) })
        let report = Report(
            root: tree.displayRoot,
            findings: Array(findings),
            translationUnits: tree.units.count,
            filesWithParseErrors: units.count { !$0.facts.parseErrors.isEmpty }
        )
        return ScanResult(report: report, displayPrefix: tree.displayPrefix, rootDirectory: tree.rootDirectory)
    }

    private static func extractFacts(_ request: ParseRequest, index: ClangIndex) -> (facts: UnitFacts, unparsable: Bool) {
        do {
            let unit = try index.parse(request)
            return (FactExtractor(unit: unit, file: request.file).extract(), false)
        } catch {
            let reason = switch error as? ParseFailure {
            case .crashed: "libclang crashed while parsing this file"
            case .invalidArguments: "libclang rejected the compiler arguments for this file"
            default: "libclang could not parse this file"
            }
            var facts = UnitFacts(file: request.file)
            facts.parseErrors = [ParseProblem(message: reason, location: nil)]
            return (facts, true)
        }
    }

    private static func finding(from diagnosis: Diagnosis, in tree: ProjectTree) -> Finding {
        Finding(
            rule: diagnosis.rule,
            severity: diagnosis.severity,
            path: tree.relativePath(diagnosis.location.file),
            line: diagnosis.location.line,
            column: diagnosis.location.column,
            endColumn: diagnosis.length.map { diagnosis.location.column + $0 },
            function: diagnosis.function,
            message: diagnosis.message,
            notes: diagnosis.notes.map {
                Note(path: tree.relativePath($0.location.file), line: $0.location.line,
                     column: $0.location.column, message: $0.message)
            }
        )
    }
}
