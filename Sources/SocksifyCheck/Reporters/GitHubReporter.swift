/// `--format github`: GitHub Actions workflow commands, one annotation per finding, shown inline in
/// the pull request. GitHub resolves `file=` against the checkout, so a path outside the scanned
/// tree (absolute) cannot be annotated and is refused.
public struct GitHubReporter {
    public init() {}

    public struct AbsolutePathError: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "\(path): --format github needs paths relative to the repository: run socksify-check from the repository root with a relative PATH"
        }
    }

    /// `prefix`: what puts the root-relative paths relative to the directory the tool ran in (the
    /// repository root, in a workflow), as text output does.
    public static func render(_ report: Report, prefix: String = "") throws -> String {
        func place(_ path: String) -> String { FilePaths.display(path, prefix: prefix) }
        return try report.findings.map { finding in
            let file = place(finding.path)
            guard !file.hasPrefix("/") else { throw AbsolutePathError(path: file) }
            let command = switch finding.severity {
            case .error: "error"
            case .warning: "warning"
            case .note: "notice"
            }
            var properties = [
                "file=\(property(file))",
                "line=\(finding.line)",
                "col=\(finding.column)",
            ]
            if let end = finding.endColumn { properties.append("endColumn=\(end)") }
            properties.append("title=\(property("socksify-check \(finding.rule)"))")
            var message = finding.message
            for note in finding.notes {
                message += "\n\(place(note.path)):\(note.line):\(note.column): note: \(note.message)"
            }
            return "::\(command) \(properties.joined(separator: ","))::\(data(message))\n"
        }.joined()
    }

    /// Message text: `%`, CR and LF escaped, as the runner's toolkit does.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values: also `:` and `,`, which would end the property.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
