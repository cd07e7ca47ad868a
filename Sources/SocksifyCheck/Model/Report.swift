import SocksifyAnalysis
/// Everything one scan found, in the shape `--format json` prints.
public struct Report: Codable, Hashable, Sendable {
    public struct Tool: Codable, Hashable, Sendable {
        public var name: String
        public var version: String
    }

    public struct Summary: Codable, Hashable, Sendable {
        public var translationUnits: Int
        public var filesWithParseErrors: Int
        public var errors: Int
        public var warnings: Int
        /// Findings of severity note (parse problems among them), not the notes attached to findings.
        public var notes: Int
    }

    public var version: Int
    public var tool: Tool
    public var root: String
    public var findings: [Finding]
    public var summary: Summary
    /// Present when the analysis did not see everything: units that did not parse, missing headers,
    /// an unconfigured build.
    public var coverage: AnalysisCoverage?

    public init(root: String, findings: [Finding], translationUnits: Int, filesWithParseErrors: Int) {
        version = 1
        tool = Tool(name: SocksifyCheckInfo.name, version: SocksifyCheckInfo.version)
        self.root = root
        self.findings = findings.sorted(by: Finding.reportOrder)
        summary = Summary(
            translationUnits: translationUnits,
            filesWithParseErrors: filesWithParseErrors,
            errors: findings.count { $0.severity == .error },
            warnings: findings.count { $0.severity == .warning },
            notes: findings.count { $0.severity == .note }
        )
    }
}

public enum SocksifyCheckInfo {
    public static let name = "socksify-check"
    public static let version = "0.1.0"
}
