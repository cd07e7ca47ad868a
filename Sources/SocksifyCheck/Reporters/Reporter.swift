import Foundation

/// One output format: a scan's result as the bytes that format prints.
public protocol Reporter {
    func render(_ result: ScanResult) throws -> String
}

/// The formats `--format` offers, each with its reporter: the one place that pairs them.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github

    /// `useColor` and `parseErrorsInline` matter to text only.
    public func reporter(useColor: Bool = false, parseErrorsInline: Bool = true) -> any Reporter {
        switch self {
        case .text: TextReporter(useColor: useColor, parseErrorsInline: parseErrorsInline)
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .github: GitHubReporter()
        }
    }
}

extension TextReporter: Reporter {}

extension JSONReporter: Reporter {
    public func render(_ result: ScanResult) -> String { Self.render(result.report) }
}

extension SARIFReporter: Reporter {
    public func render(_ result: ScanResult) -> String {
        // URIs are relative to the directory the tool runs in, or to the root when it was given absolute.
        let base = result.displayPrefix.hasPrefix("/") ? result.rootDirectory : FileManager.default.currentDirectoryPath
        return Self.render(result.report, root: result.rootDirectory, prefix: result.displayPrefix, base: base)
    }
}

extension GitHubReporter: Reporter {
    /// Throws `AbsolutePathError` for a finding outside the root: annotations need repository paths.
    public func render(_ result: ScanResult) throws -> String {
        try Self.render(result.report, prefix: result.displayPrefix)
    }
}
