import ClangSupport

/// The logic `udp-socket` and `raw-socket` share: a socket call one of whose possible
/// (domain, type) bindings has the given type in a family that leaves the machine.
struct SocketTypeCheck {
    var rule: String
    var severity: Severity
    var type: Int64
    var describe: (_ callee: String) -> String

    func check(_ sockets: [ResolvedSocket]) -> [Diagnosis] {
        sockets.compactMap { socket in
            let matching = socket.bindings.filter { binding in
                guard let type = binding[1].value, type & SocketConstants.typeMask == self.type else { return false }
                guard let domain = binding[0].value else { return true }
                return !SocketConstants.localFamilies.contains(domain)
            }
            guard !matching.isEmpty else { return nil }
            let valueName = SocketConstants.typeName(type)
            var notes: [DiagnosisNote] = []
            for origin in socket.creation.callOrigins + matching.flatMap({ $0[1].origins }) {
                let note = DiagnosisNote(origin: origin, valueName: valueName)
                if !notes.contains(note) { notes.append(note) }
            }
            let creation = socket.creation
            return Diagnosis(
                rule: rule,
                severity: severity,
                location: creation.location,
                length: creation.callee.utf8.count,
                function: creation.function?.name,
                message: describe(creation.callee),
                notes: notes
            )
        }
    }
}
