import SocksifySource

extension DiagnosisNote {
    /// Why a value is what it is, as a note under the finding.
    package init(origin: Origin, valueName: String) {
        switch origin {
        case let .macro(name, definition):
            self.init(location: definition, message: "\(valueName) comes through macro '\(name)', defined here")
        case let .addrinfoHints(field, assignment):
            self.init(location: assignment, message: "getaddrinfo is asked for \(valueName) here, so each result's \(field) is \(valueName)")
        case let .addrinfoAnyFamily(call):
            self.init(location: call, message: "getaddrinfo's hints leave ai_family unspecified here, so results may be IPv4 or IPv6")
        case let .assignment(variable, location):
            self.init(location: location, message: "'\(variable)' is set to \(valueName) here")
        case let .callSite(callee, caller, location):
            let from = caller.map { " from '\($0)'" } ?? ""
            self.init(location: location, message: "'\(callee)' is called with \(valueName) here\(from)")
        }
    }
}

extension DiagnosisNote {
    /// The calls through which a helper's event reached the function analysed, outermost first.
    package static func steps(_ steps: [CallStep], _ describe: (CallStep) -> String) -> [DiagnosisNote] {
        steps.map { DiagnosisNote(location: $0.location, message: describe($0)) }
    }
}
