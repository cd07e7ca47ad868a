import SocksifySource

/// A unit's facts cut by the file they are located in. What a header contributes (the functions it
/// defines, the stores they make) is the same in every unit that includes it, so the pipeline keeps
/// one copy per distinct header part instead of one per including unit: the cache stores it once,
/// the whole-program phase reads it once.
extension UnitFacts {
    /// The part located in the unit's own file (and what has no place: parse problems, input
    /// problems), and one part per other file, sorted by file. Merging them back gives the same facts
    /// up to order within each list.
    package func splitByFile() -> (own: UnitFacts, headers: [UnitFacts]) {
        var own = UnitFacts(file: file)
        own.parseErrors = parseErrors
        own.inputProblem = inputProblem
        var parts: [String: UnitFacts] = [:]
        func part(_ location: String?) -> String? {
            guard let location, location != file else { return nil }
            if parts[location] == nil { parts[location] = UnitFacts(file: location) }
            return location
        }
        for creation in socketCreations {
            if let key = part(creation.location.file) { parts[key]!.socketCreations.append(creation) } else { own.socketCreations.append(creation) }
        }
        for call in calls {
            if let key = part(call.location.file) { parts[key]!.calls.append(call) } else { own.calls.append(call) }
        }
        for flow in flows {
            if let key = part(flow.nodes.lazy.flatMap(\.events).first?.location.file) { parts[key]!.flows.append(flow) } else { own.flows.append(flow) }
        }
        for collision in collisions {
            if let key = part(collision.location.file) { parts[key]!.collisions.append(collision) } else { own.collisions.append(collision) }
        }
        for call in unrenamedCalls {
            if let key = part(call.location.file) { parts[key]!.unrenamedCalls.append(call) } else { own.unrenamedCalls.append(call) }
        }
        for call in nullAddressAccepts {
            if let key = part(call.location.file) { parts[key]!.nullAddressAccepts.append(call) } else { own.nullAddressAccepts.append(call) }
        }
        for write in writes {
            if let key = part(write.site.file) { parts[key]!.writes.append(write) } else { own.writes.append(write) }
        }
        return (own, parts.keys.sorted().map { parts[$0]! })
    }
}
