import CClang

/// One of clang's own diagnostics (a parse problem), copied out of libclang.
public struct ClangDiagnostic: Hashable, Sendable {
    public enum Severity: Int, Sendable, Comparable {
        case ignored = 0, note, warning, error, fatal
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
}

extension ClangDiagnostic {
    init(_ raw: CXDiagnostic) {
        severity = Severity(rawValue: Int(clang_getDiagnosticSeverity(raw).rawValue)) ?? .error
        message = consume(clang_getDiagnosticSpelling(raw))
        location = SourceLocation(expansionOf: clang_getDiagnosticLocation(raw))
    }
}
