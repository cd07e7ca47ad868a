import SocksifyAnalysis
/// One SOCKS hazard (or parse problem) at one place. Paths are relative to the scanned root, with `/`.
public struct Finding: Codable, Hashable, Sendable {
    public var rule: String
    public var severity: Severity
    public var path: String
    public var line: Int
    public var column: Int
    /// One past the last column of the reported token, as SARIF and editors count ranges.
    public var endColumn: Int?
    /// The function the finding is in, when it is in one.
    public var function: String?
    public var message: String
    public var notes: [Note]
    /// bind-before-connect: the bind is provably to the wildcard address and port 0, so it can go.
    public var removable: Bool?
    /// Edits that fix the finding, when one is safe to make mechanically.
    public var fixIts: [FixIt]?
    /// udp-socket, raw-socket: true when the same call may also create a TCP socket (its type is
    /// chosen at run time); absent otherwise. adopt does not take such a program for datagram-only.
    public var mayAlsoBeStream: Bool?

    public init(rule: String, severity: Severity, path: String, line: Int, column: Int, endColumn: Int?,
                function: String?, message: String, notes: [Note], removable: Bool? = nil, fixIts: [FixIt]? = nil) {
        self.rule = rule
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.endColumn = endColumn
        self.function = function
        self.message = message
        self.notes = notes
        self.removable = removable
        self.fixIts = fixIts
    }
}

/// Replace the text from line:column up to (not including) endLine:endColumn, byte columns.
public struct FixIt: Codable, Hashable, Sendable {
    public var path: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var replacement: String
}

/// A secondary location that explains a finding: where a macro is defined, which call passes the value.
public struct Note: Codable, Hashable, Sendable {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }
}

extension Finding {
    /// The report order: path, line, column, rule, then message so that equal spots never tie.
    static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        (a.path, a.line, a.column, a.rule, a.message) < (b.path, b.line, b.column, b.rule, b.message)
    }
}
