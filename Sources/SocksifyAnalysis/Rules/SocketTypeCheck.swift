import SocksifySource

/// The logic `udp-socket` and `raw-socket` share: a socket call one of whose possible
/// (domain, type) bindings has the given type in a family that leaves the machine.
package struct SocketTypeCheck {
    package var rule: String
    package var severity: Severity
    package var type: Int64
    package var describe: (_ callee: String) -> String

    package func check(_ sockets: [ResolvedSocket]) -> [Diagnosis] {
        sockets.compactMap { socket in
            let matching = socket.bindings.filter { binding in
                guard let type = binding[1].value, type & SocketConstants.typeMask == self.type else { return false }
                guard let domain = binding[0].value else { return true }
                return !SocketConstants.localFamilies.contains(domain)
            }
            guard !matching.isEmpty else { return nil }
            var diagnosis = socket.diagnosis(rule: rule, severity: severity, message: describe(socket.creation.callee),
                                             origins: matching.flatMap { $0[1].origins }, valueName: SocketConstants.typeName(type))
            // Another binding of the same call gives a stream type, or one not known.
            if socket.bindings.contains(where: { binding in binding[1].value.map { $0 & SocketConstants.typeMask == SocketConstants.stream } ?? true }) {
                diagnosis.mayAlsoBeStream = true
            }
            return diagnosis
        }
    }

    package init(rule: String, severity: Severity, type: Int64, describe: @escaping (_ callee: String) -> String) {
        self.rule = rule
        self.severity = severity
        self.type = type
        self.describe = describe
    }
}

extension ResolvedSocket {
    /// Notes explaining where a value came from, at most, before the rest are counted.
    package static let noteLimit = 6

    /// A finding at the socket call, with a note for each distinct place its value came through.
    package func diagnosis(rule: String, severity: Severity, message: String, origins: [Origin], valueName: String) -> Diagnosis {
        var notes: [DiagnosisNote] = []
        for origin in creation.callOrigins + origins {
            let note = DiagnosisNote(origin: origin, valueName: valueName)
            if !notes.contains(note) { notes.append(note) }
        }
        // A field class many functions store into explains itself with its first few stores; a
        // wall of notes would bury the finding.
        if notes.count > Self.noteLimit + 1 {
            let more = notes.count - Self.noteLimit
            notes = Array(notes.prefix(Self.noteLimit))
            notes.append(DiagnosisNote(location: creation.location, message: "and \(more) more places that give it \(valueName)"))
        }
        return Diagnosis(rule: rule, severity: severity, location: creation.location, length: creation.callee.utf8.count,
                         function: creation.function?.name, message: message, notes: notes)
    }
}
