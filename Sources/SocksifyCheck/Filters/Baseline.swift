import Foundation

/// Findings a team has accepted, keyed on rule, path and the whitespace-normalized text of the line,
/// not the line number, so they stay accepted when code above them moves.
public struct Baseline: Codable, Equatable, Sendable {
    public struct Entry: Codable, Hashable, Sendable {
        public var rule: String
        public var path: String
        public var text: String
    }

    public static let currentVersion = 1

    public var version: Int
    public var tool: String
    public var entries: [Entry]

    public init(findings: [Finding], root: String) {
        version = Self.currentVersion
        tool = SocksifyCheckInfo.name
        var lines = SourceLines(rootDirectory: root)
        entries = findings.map { Entry(rule: $0.rule, path: $0.path, text: Self.normalized(lines.line($0.line, of: $0.path) ?? "")) }
            .sorted { ($0.path, $0.rule, $0.text) < ($1.path, $1.rule, $1.text) }
    }

    public static func read(_ path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw BaselineError(path: path, reason: "cannot be read") }
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw BaselineError(path: path, reason: "not a socksify-check baseline: \(PlainError.describe(error)); make one with --write-baseline")
        }
        guard baseline.version == currentVersion else {
            throw BaselineError(path: path, reason: "baseline version \(baseline.version); this socksify-check reads version \(currentVersion)")
        }
        return baseline
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Hides each finding an entry matches (each entry hides one), and counts entries left over.
    func filter(_ findings: [Finding], root: String) -> (kept: [Finding], hidden: Int, stale: [Entry]) {
        var remaining: [Entry: Int] = [:]
        entries.forEach { remaining[$0, default: 0] += 1 }
        var lines = SourceLines(rootDirectory: root)
        var kept: [Finding] = []
        var hidden = 0
        for finding in findings {
            let key = Entry(rule: finding.rule, path: finding.path, text: Self.normalized(lines.line(finding.line, of: finding.path) ?? ""))
            if let count = remaining[key], count > 0 {
                remaining[key] = count - 1
                hidden += 1
            } else {
                kept.append(finding)
            }
        }
        let stale = remaining.flatMap { entry, count in Array(repeating: entry, count: count) }
            .sorted { ($0.path, $0.rule, $0.text) < ($1.path, $1.rule, $1.text) }
        return (kept, hidden, stale)
    }
}

public struct BaselineError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
