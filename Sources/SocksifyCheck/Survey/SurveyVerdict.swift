import Foundation
import SocksifyAnalysis

/// What a survey says about one program: can it be SOCKSified, and what does it take.
public enum SurveyVerdict: String, Codable, CaseIterable, Sendable {
    /// A client with no hazard whose build adopt would not change: it is SOCKSified already.
    case ready
    /// A client with no hazard: adopt's edit of the build is all it takes.
    case readyAfterAdopt = "ready-after-adopt"
    /// A client with hazards (errors or warnings) in its code: SOCKSified as is, something breaks.
    case needsSourceChanges = "needs-source-changes"
    /// A server, or a program whose sockets are all UDP or raw: SOCKS cannot carry what it does.
    case notSocksifiable = "not-socksifiable"
    /// It connects nowhere (no socket call, or no outgoing connection): nothing to SOCKSify.
    case noNetwork = "no-network"
    /// The survey could not vouch for it: the tree could not be read, too much of it did not
    /// parse (over 10% of the units, or a unit that calls the socket API), adopt could not read
    /// its build. Never counted as ready.
    case notAnalysed = "not-analysed"

    /// The rules whose findings need source changes: every finding that is an error or a warning.
    static func needsChange(_ finding: Finding) -> Bool { finding.severity >= .warning }

    public struct Judgement: Equatable, Sendable {
        public var verdict: SurveyVerdict
        public var reason: String
    }

    /// The tree's programs with their verdicts; a tree without a per-program plan is one entry for
    /// the whole tree (`program` nil).
    static func judge(_ result: SurveyResult) -> [(program: SurveyProgram?, judgement: Judgement)] {
        if let failure = result.failure {
            return [(nil, Judgement(verdict: .notAnalysed, reason: failure))]
        }
        let incomplete = result.coverage?.incompleteness(maxParseFailures: AnalysisCoverage.defaultMaxParseFailures)
        let changed = !(result.adopt?.changedFiles.isEmpty ?? true)
        guard !result.programs.isEmpty else {
            return [(nil, wholeTree(result, incomplete: incomplete, changed: changed))]
        }
        return result.programs.map { program in
            // Indexes from a file: one out of range (a hand-edited result) is dropped, not a crash.
            var program = program
            program.findings = program.findings.filter(result.findings.indices.contains)
            let findings = program.findings.map { result.findings[$0] }.filter(needsChange)
            let plan = program.plan
            let judgement: Judgement
            // A program is judged on its own units: a unit of the tree that no program builds (a
            // platform variant, a test) that does not parse says nothing about this one.
            let ownIncomplete = plan.units.isEmpty ? incomplete : result.coverage.flatMap {
                $0.restricted(to: Set(plan.units)).incompleteness(maxParseFailures: AnalysisCoverage.defaultMaxParseFailures)
            }
            if let ownIncomplete {
                judgement = Judgement(verdict: .notAnalysed, reason: "analysis incomplete: \(ownIncomplete)")
            } else {
                switch plan.role {
                case "client":
                    if let first = findings.first {
                        judgement = Judgement(verdict: .needsSourceChanges, reason: hazards(findings, first: first))
                    } else if !changed && plan.adopted {
                        judgement = Judgement(verdict: .ready, reason: "a client whose build adopt leaves as it is: SOCKSified already")
                    } else {
                        let how = result.adopt?.verified == true ? "verified by a dry run of the adopted build" : "not verified"
                        judgement = Judgement(verdict: .readyAfterAdopt, reason: "a client with no hazard: adopt's build edit (\(how))")
                    }
                case "server", "udp-or-raw-only":
                    judgement = Judgement(verdict: .notSocksifiable, reason: "\(plan.role): \(plan.reason)")
                default:
                    judgement = Judgement(verdict: .noNetwork, reason: "\(plan.role): \(plan.reason)")
                }
            }
            return (program, judgement)
        }
    }

    /// No per-program plan: the tree's findings and socket calls together. Servers cannot be told
    /// from clients without the build's programs, so such a tree is never "ready".
    private static func wholeTree(_ result: SurveyResult, incomplete: String?, changed: Bool) -> Judgement {
        if let incomplete { return Judgement(verdict: .notAnalysed, reason: "analysis incomplete: \(incomplete)") }
        let operations = Set(result.socketOperations)
        if !operations.contains("connect") {
            if let listens = ["listen", "accept"].first(where: operations.contains) {
                return Judgement(verdict: .notSocksifiable, reason: "server: calls \(listens) and connects nowhere")
            }
            return Judgement(verdict: .noNetwork, reason: operations.isEmpty ? "calls no socket function" : "makes no outgoing connection (no connect call)")
        }
        // A server-socket finding is a server's listen, which may be another program of the tree
        // than the one that connects: without the build's programs it says nothing of the client.
        let findings = result.findings.filter { needsChange($0) && $0.rule != "server-socket" }
        if let first = findings.first { return Judgement(verdict: .needsSourceChanges, reason: hazards(findings, first: first)) }
        if let error = result.adopt?.error {
            return Judgement(verdict: .notAnalysed, reason: "adopt cannot read the build, so its programs are unknown: \(error)")
        }
        if result.adopt?.refusedForCollisions == true {
            return Judgement(verdict: .needsSourceChanges, reason: "names collide with the renamed functions: adopt --source renames the calls in C instead")
        }
        return Judgement(verdict: .readyAfterAdopt, reason: changed
            ? "no hazard found; adopt edits the build tree-wide (no per-program plan: a server in the tree would be SOCKSified too; not verified)"
            : "no hazard found; adopt found nothing to edit (no per-program plan; not verified)")
    }

    private static func hazards(_ findings: [Finding], first: Finding) -> String {
        let rules = Set(findings.map(\.rule)).sorted().joined(separator: ", ")
        return "\(findings.count) hazard\(findings.count == 1 ? "" : "s") (\(rules)); first: \(first.path):\(first.line): \(first.message)"
    }
}
