import ClangSupport
import Foundation
import SocksifyAnalysis

/// Applies inline suppressions: drops the findings they name, and reports each suppression (or rule
/// in one) that matched nothing, so stale suppressions do not pile up.
enum Suppressions {
    struct Placed {
        var path: String
        var directive: SuppressionDirective
        var comment: SourceComment
        /// The line whose findings it silences.
        var target: Int
    }

    static func directives(in relativePath: String, root: String) -> [Placed] {
        let absolute = FilePaths.resolve(relativePath, against: root)
        // Most files hold no directive: a byte search rules them out before any lexing (memchr:
        // Foundation's Data.range(of:) compares byte by byte through generic code, and every run
        // searches every unit).
        guard let data = FileManager.default.contents(atPath: absolute), Self.mentionsDirective(data) else { return [] }
        return CommentScanner.comments(in: [UInt8](data)).compactMap { comment in
            SuppressionDirective.parse(comment.text).map { directive in
                Placed(path: relativePath, directive: directive, comment: comment,
                       target: directive.scope == .sameLine ? comment.line : comment.endLine + 1)
            }
        }
    }

    static func mentionsDirective(_ data: Data) -> Bool {
        let prefix = Array(SuppressionDirective.prefix.utf8)
        return data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, let first = prefix.first, bytes.count >= prefix.count else { return false }
            let last = bytes.count - prefix.count
            var position = 0
            // memchr finds each candidate first byte, memcmp checks the rest.
            while position <= last, let hit = memchr(base + position, Int32(first), last - position + 1) {
                if memcmp(hit, prefix, prefix.count) == 0 { return true }
                position = base.distance(to: UnsafeRawPointer(hit)) + 1
            }
            return false
        }
    }

    /// `files`: every file whose suppressions count (the units and the files findings are in).
    static func apply(_ findings: [Finding], files: [String], root: String) -> (kept: [Finding], suppressed: Int) {
        let placed = Set(files + findings.map(\.path)).sorted().concurrentMap { directives(in: $0, root: root) }.flatMap { $0 }
        var used: Set<String> = []
        var kept: [Finding] = []
        var suppressed = 0
        for finding in findings {
            let matching = placed.filter { $0.path == finding.path && $0.target == finding.line && $0.directive.rules.contains(finding.rule) }
            if matching.isEmpty {
                kept.append(finding)
            } else {
                suppressed += 1
                matching.forEach { used.insert(key($0, finding.rule)) }
            }
        }
        for suppression in placed {
            let rules = suppression.directive.rules.isEmpty ? [""] : suppression.directive.rules
            for rule in rules where !used.contains(key(suppression, rule)) {
                kept.append(unused(suppression, rule: rule))
            }
        }
        return (kept, suppressed)
    }

    private static func key(_ placed: Placed, _ rule: String) -> String {
        "\(placed.path):\(placed.comment.line):\(placed.comment.column):\(rule)"
    }

    private static func unused(_ placed: Placed, rule: String) -> Finding {
        let message: String
        if rule.isEmpty {
            message = "suppression names no rule; write the rule ids it silences: socksify-check: ignore RULE[,RULE]"
        } else if RuleRegistry.description(for: rule) == nil {
            message = "suppression names \(Suggestion.unknownRule(rule))"
        } else {
            message = "suppression of '\(rule)' matches no finding on line \(placed.target); remove it"
        }
        return Finding(rule: UnusedSuppressionRule.description.id, severity: UnusedSuppressionRule.description.severity,
                       path: placed.path, line: placed.comment.line, column: placed.comment.column, endColumn: nil,
                       function: nil, message: message, notes: [])
    }
}
