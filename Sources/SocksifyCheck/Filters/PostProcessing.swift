/// What happens to every finding after the rules, whatever made it (a rule, a suppression that
/// matched nothing), in one order: inline suppressions, then the configured severity (`off` drops
/// it), then the baseline. So `rules: { unused-suppression: error }` applies to the findings the
/// suppression stage itself makes, and a suppression of a rule turned off still counts as used.
struct PostProcessing {
    var ruleSettings: [String: RuleSetting]
    var baseline: Baseline?
    /// Every file whose suppressions count (the units; the files findings are in are added).
    var files: [String]
    var root: String

    struct Result {
        var findings: [Finding]
        var suppressed: Int
        var baselined = 0
        var stale: [Baseline.Entry] = []
        /// Before the baseline: what --write-baseline records.
        var unfiltered: [Finding]
    }

    func apply(_ findings: [Finding]) -> Result {
        let (unsuppressed, suppressed) = Suppressions.apply(findings.sorted(by: Finding.reportOrder), files: files, root: root)
        let configured = unsuppressed.compactMap(configure).sorted(by: Finding.reportOrder)
        var result = Result(findings: configured, suppressed: suppressed, unfiltered: configured)
        if let baseline {
            (result.findings, result.baselined, result.stale) = baseline.filter(configured, root: root)
        }
        return result
    }

    /// The finding at its configured severity, or nil for a rule turned off.
    func configure(_ finding: Finding) -> Finding? {
        guard let setting = ruleSettings[finding.rule] else { return finding }
        guard let severity = setting.severity else { return nil }
        var changed = finding
        changed.severity = severity
        return changed
    }
}
