import SocksifyAnalysis
/// What a configuration makes of a rule: off, or the severity its findings get.
public enum RuleSetting: String, CaseIterable, Codable, Sendable {
    case off, note, warning, error

    var severity: Severity? {
        switch self {
        case .off: nil
        case .note: .note
        case .warning: .warning
        case .error: .error
        }
    }
}
