import Foundation
import SocksifyAnalysis

/// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. URIs are relative (`uriBaseId`
/// SRCROOT, the directory the tool ran in, or the scanned root when it was given absolute), so the
/// results do not depend on where the tree was checked out; `originalUriBaseIds` says what SRCROOT
/// is. Every URI is percent-encoded as RFC 3986 requires, from the file name's bytes.
public struct SARIFReporter {
    public init() {}

    public static let informationURI = "https://github.com/socksify-check/socksify-check"

    /// `prefix` (relative, as text output uses it) makes URIs relative to the directory the tool ran in,
    /// which is what code scanning expects when that is the repository root.
    /// `base`: the absolute directory SRCROOT stands for (nil: described, not given).
    public static func render(_ report: Report, root: String, prefix: String = "", base: String? = nil) -> String {
        let uriPrefix = prefix.hasPrefix("/") ? "" : prefix
        let rules = RuleRegistry.descriptions
        var lines = SourceLines(rootDirectory: root)
        var occurrences: [String: Int] = [:]
        let results: [[String: Any]] = report.findings.map { finding in
            let text = Baseline.normalized(lines.line(finding.line, of: finding.path) ?? "")
            let hash = StableHash.hex("\(finding.rule)\u{0}\(uriPrefix + finding.path)\u{0}\(text)")
            occurrences[hash, default: 0] += 1
            var result: [String: Any] = [
                "ruleId": finding.rule,
                "level": level(finding.severity),
                "message": ["text": finding.message],
                "locations": [location(finding.path, finding.line, finding.column, finding.endColumn, uriPrefix, &lines)],
                // Line text, not line number: the same finding keeps its fingerprint when code above moves.
                "partialFingerprints": ["primaryLocationLineHash": "\(hash):\(occurrences[hash]!)"],
            ]
            if let index = rules.firstIndex(where: { $0.id == finding.rule }) { result["ruleIndex"] = index }
            if !finding.notes.isEmpty {
                result["relatedLocations"] = finding.notes.enumerated().map { index, note in
                    var related = location(note.path, note.line, note.column, nil, uriPrefix, &lines)
                    related["id"] = index + 1
                    related["message"] = ["text": note.message]
                    return related
                }
            }
            return result
        }
        let driver: [String: Any] = [
            "name": SocksifyCheckInfo.name,
            "version": SocksifyCheckInfo.version,
            "semanticVersion": SocksifyCheckInfo.version,
            "informationUri": informationURI,
            "rules": rules.map(rule),
        ]
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": driver],
                "columnKind": "utf16CodeUnits",
                "originalUriBaseIds": ["SRCROOT": baseLocation(base)],
                "results": results,
            ]],
        ]
        let data = try! JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    private static func location(_ path: String, _ line: Int, _ column: Int, _ endColumn: Int?, _ prefix: String,
                                 _ lines: inout SourceLines) -> [String: Any] {
        let uri = RawFileName.percentEncoded(path.hasPrefix("/") ? path : prefix + path)
        var artifact: [String: Any] = ["uri": path.hasPrefix("/") ? "file://" + uri : uri]
        if !path.hasPrefix("/") { artifact["uriBaseId"] = "SRCROOT" }
        // Findings count columns in bytes, as clang does; SARIF counts UTF-16 code units.
        let text = lines.line(line, of: path)
        let start = utf16Column(column, in: text)
        return ["physicalLocation": [
            "artifactLocation": artifact,
            "region": [
                "startLine": max(1, line),
                "startColumn": start,
                "endLine": max(1, line),
                "endColumn": max(start + 1, utf16Column(endColumn ?? column + 1, in: text)),
            ],
        ]]
    }

    /// What SRCROOT stands for: an absolute `file:` URI ending in `/` when known.
    private static func baseLocation(_ base: String?) -> [String: Any] {
        var location: [String: Any] = [
            "description": ["text": "The directory socksify-check ran in (the repository root in a workflow), or the scanned root when it was given as an absolute path."],
        ]
        if let base, base.hasPrefix("/") {
            location["uri"] = "file://" + RawFileName.percentEncoded(base.hasSuffix("/") ? base : base + "/")
        }
        return location
    }

    static func utf16Column(_ byteColumn: Int, in line: String?) -> Int {
        guard let line else { return max(1, byteColumn) }
        let bytes = Array(line.utf8)
        let prefix = String(decoding: bytes.prefix(max(0, byteColumn - 1)), as: UTF8.self)
        return prefix.utf16.count + 1 + max(0, byteColumn - 1 - bytes.count)
    }

    private static func rule(_ rule: RuleDescription) -> [String: Any] {
        let markdown = """
            **\(rule.name)** (`\(rule.id)`)

            \(rule.rationale)

            **What SOCKS does:** \(rule.socksBehavior)

            **How to fix:** \(rule.fix)
            """
        return [
            "id": rule.id,
            "name": rule.name.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
            "shortDescription": ["text": rule.summary],
            "fullDescription": ["text": rule.rationale],
            "help": ["text": "\(rule.rationale)\n\nWhat SOCKS does: \(rule.socksBehavior)\n\nHow to fix: \(rule.fix)", "markdown": markdown],
            "helpUri": "\(informationURI)#rules",
            "defaultConfiguration": ["level": level(rule.severity)],
            "properties": ["tags": tags(rule), "precision": "high", "profiles": rule.profiles.map(\.rawValue)],
        ]
    }

    private static func tags(_ rule: RuleDescription) -> [String] {
        ["socks", "portability"] + (rule.severity == .error ? ["security"] : [])
    }
}
