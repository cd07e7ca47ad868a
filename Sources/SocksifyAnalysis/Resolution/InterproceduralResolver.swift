import SocksifySource

/// One value a socket argument may take, and the chain of places that explain it.
package struct ResolvedValue: Hashable {
    /// nil when the value cannot be known here (a computed value, a function without callers in the tree).
    package var value: Int64?
    package var origins: [Origin]

    package init(value: Int64? = nil, origins: [Origin]) {
        self.value = value
        self.origins = origins
    }
}

/// A socket call with every (domain, type) it may see across the whole tree.
package struct ResolvedSocket {
    package var creation: SocketCreation
    /// Each element holds the domain first, then the type.
    package var bindings: [[ResolvedValue]]

    package init(creation: SocketCreation, bindings: [[ResolvedValue]]) {
        self.creation = creation
        self.bindings = bindings
    }
}

/// Follows parameters into the call sites of the project's own functions, across translation units,
/// and program-wide locations (struct field classes, globals, function results) into every store the
/// program makes to them. Arguments of one call are resolved together, so a helper called as
/// (AF_UNIX, SOCK_DGRAM) from one place and (AF_INET, SOCK_STREAM) from another never yields
/// (AF_INET, SOCK_DGRAM); locations are flow-insensitive (any store counts for any read).
package struct InterproceduralResolver {
    private static let depthLimit = 12
    private static let bindingLimit = 512

    private let callsByCallee: [String: [CallSite]]
    /// The programs each file's code is part of (absent: no program reaches it, so every one may).
    private let programsByFile: [String: Set<Int>]
    private let writesByLocation: [AbstractLocation: [LocationWrite]]

    package init(units: [UnitFacts]) {
        // A call in a header is seen once per unit that includes it; count it once.
        let distinctCalls = Self.distinct(units.flatMap(\.calls), place: \.location)
        var calls: [String: [CallSite]] = [:]
        for call in distinctCalls {
            calls[call.callee.usr, default: []].append(call)
        }
        callsByCallee = calls
        // A main that calls nothing of the project's is a program too (a test's main that does
        // its own lookup): its stores and sockets are its own.
        var otherMains: [String: String] = [:]
        for unit in units {
            for write in unit.writes where write.function?.name == "main" {
                otherMains[Self.key(write.function!, file: write.site.file)] = write.site.file
            }
            for creation in unit.socketCreations where creation.function?.name == "main" {
                otherMains[Self.key(creation.function!, file: creation.location.file)] = creation.location.file
            }
        }
        programsByFile = Self.programs(of: distinctCalls, otherMains: otherMains)
        var writes: [AbstractLocation: [LocationWrite]] = [:]
        for write in Self.distinct(units.flatMap(\.writes), place: \.site) {
            writes[write.location, default: []].append(write)
        }
        writesByLocation = writes
    }

    /// Each distinct item once, in the order first seen. Equal items are at the same place, so only
    /// items at one place are compared whole: hashing whole call sites (every argument's values) was
    /// most of this phase on a header-heavy tree.
    static func distinct<Item: Equatable>(_ items: [Item], place: (Item) -> SourceLocation) -> [Item] {
        var byPlace: [SourceLocation: [Item]] = [:]
        var result: [Item] = []
        for item in items {
            let key = place(item)
            if byPlace[key]?.contains(item) == true { continue }
            byPlace[key, default: []].append(item)
            result.append(item)
        }
        return result
    }

    package func resolve(_ creation: SocketCreation) -> ResolvedSocket {
        let programs = programsByFile[creation.location.file]
        return ResolvedSocket(creation: creation, bindings: resolve([creation.domain, creation.type], depth: 0, stack: [], programs: programs))
    }

    /// A function by USR; `main` by its file too, since every program of a tree has one.
    static func key(_ function: FunctionRef, file: String) -> String {
        function.name == "main" ? function.usr + "@" + file : function.usr
    }

    /// The programs of the tree (one per definition of `main`), and for each file the programs whose
    /// functions reach code in it through the calls the units make. A file no `main` reaches (a
    /// library's, or a tree without programs) belongs to none, and sees and is seen by every program.
    static func programs(of calls: [CallSite], otherMains: [String: String] = [:]) -> [String: Set<Int>] {
        var callees: [String: Set<String>] = [:]
        var mains = otherMains
        for call in calls {
            guard let caller = call.caller else { continue }
            let from = key(caller, file: call.location.file)
            if caller.name == "main" { mains[from] = call.location.file }
            callees[from, default: []].insert(call.callee.usr)
        }
        var membership: [String: Set<Int>] = [:]
        for (program, main) in mains.keys.sorted().enumerated() {
            var stack = [main]
            var seen: Set<String> = [main]
            while let function = stack.popLast() {
                membership[function, default: []].insert(program)
                for callee in callees[function, default: []] where seen.insert(callee).inserted { stack.append(callee) }
            }
        }
        // A program links whole units, not functions: what a unit's functions reach through
        // function pointers (socat's address table) is still in the program that has the unit.
        var byFile: [String: Set<Int>] = [:]
        for call in calls {
            guard let caller = call.caller, let programs = membership[key(caller, file: call.location.file)] else { continue }
            byFile[call.location.file, default: []].formUnion(programs)
        }
        for (main, file) in mains {
            if let programs = membership[main] { byFile[file, default: []].formUnion(programs) }
        }
        return byFile
    }

    /// Whether a store made by `write` can be seen by code of `programs` (nil: by every program).
    private func visible(_ write: LocationWrite, to programs: Set<Int>?) -> Bool {
        guard let programs, let writer = programsByFile[write.site.file] else { return true }
        return !writer.isDisjoint(with: programs)
    }

    private func resolve(_ slots: [[ValueSource]], depth: Int, stack: Set<String>, programs: Set<Int>?) -> [[ResolvedValue]] {
        var results: [[ResolvedValue]] = []
        for combination in Self.product(slots) {
            guard results.count < Self.bindingLimit else { break }
            if let slot = combination.firstIndex(where: { $0.location != nil }) {
                results += resolveLocation(in: combination, at: slot, depth: depth, stack: stack, programs: programs)
                continue
            }
            guard let function = combination.lazy.compactMap(\.parameterFunction).first else {
                results.append(combination.map(Self.direct))
                continue
            }
            let sites = callsByCallee[function] ?? []
            guard !sites.isEmpty, depth < Self.depthLimit, !stack.contains(function) else {
                // No caller to ask: a field of a parameter's object is what its class holds.
                if combination.contains(where: { if case .parameterField = $0 { true } else { false } }) {
                    let classes: [[ValueSource]] = combination.map { source in
                        guard case let .parameterField(_, _, field, record) = source else { return [source] }
                        return [.location(.field(record: record, name: field))]
                    }
                    results += resolve(classes, depth: depth + 1, stack: stack.union([function]), programs: programs)
                } else {
                    results.append(combination.map(Self.direct))
                }
                continue
            }
            for site in sites {
                let substituted: [[ValueSource]] = combination.map { source in
                    switch source {
                    case let .parameter(_, index):
                        return index < site.arguments.count ? site.arguments[index] : [.unknown]
                    case let .parameterField(_, index, field, record):
                        // What this caller's object holds in the field; the class when it cannot say.
                        guard let values = site.fieldValues(index: index, field: field) else {
                            return [.location(.field(record: record, name: field))]
                        }
                        return values.map { Self.naming(record: record, in: $0) }
                    default:
                        return [source]
                    }
                }
                let origin = Origin.callSite(callee: site.callee.name, caller: site.caller?.name, location: site.location)
                for resolved in resolve(substituted, depth: depth + 1, stack: stack.union([function]), programs: programs) {
                    results.append(zip(combination, resolved).map { source, value in
                        source.parameterFunction == nil ? value : ResolvedValue(value: value.value, origins: [origin] + value.origins)
                    })
                }
            }
        }
        return results
    }

    /// Slot `slot` holds a location: each value any store put there, resolved in turn.
    private func resolveLocation(in combination: [ValueSource], at slot: Int, depth: Int, stack: Set<String>, programs: Set<Int>?) -> [[ResolvedValue]] {
        guard case let .location(location) = combination[slot] else { return [] }
        let key = "\(location)"
        // One program at a time: a test program's UDP hints are no store the daemon's socket sees.
        let writes = (writesByLocation[location] ?? []).filter { visible($0, to: programs) }
        var unresolved = combination
        unresolved[slot] = .unknown
        // A wrapper whose definition is not in the tree hands out a list nothing describes: the
        // class of the field is all there is.
        if writes.isEmpty, case let .outField(_, _, field) = location {
            unresolved[slot] = .location(.field(record: "addrinfo", name: field))
        }
        guard !writes.isEmpty, depth < Self.depthLimit, !stack.contains(key) else {
            return resolve(unresolved.map { [$0] }, depth: depth + 1, stack: stack, programs: programs)
        }
        var results: [[ResolvedValue]] = []
        for write in writes {
            for value in write.values {
                var substituted = combination.map { [$0] }
                substituted[slot] = [value]
                for var resolved in resolve(substituted, depth: depth + 1, stack: stack.union([key]), programs: programs) {
                    var stored = resolved[slot]
                    if stored.value != nil {
                        stored.origins = [.assignment(variable: write.name, location: write.site)] + stored.origins
                    }
                    if location.zeroMeansAnyFamily, stored.value == 0 {
                        let any = Origin.addrinfoAnyFamily(call: write.site)
                        resolved[slot] = ResolvedValue(value: SocketConstants.inet, origins: [any])
                        results.append(resolved)
                        stored = ResolvedValue(value: SocketConstants.inet6, origins: [any])
                    }
                    resolved[slot] = stored
                    results.append(resolved)
                    if results.count >= Self.bindingLimit { return results }
                }
            }
        }
        return results
    }

    /// A caller's field value that fell back to a class it could not name (its argument's record
    /// is not known there) takes the callee's record.
    private static func naming(record: String, in value: ValueSource) -> ValueSource {
        switch value {
        case let .location(.field(name)) where name.hasPrefix("."):
            return .location(.field(record + name))
        case let .parameterField(usr, index, field, ""):
            return .parameterField(usr: usr, index: index, field: field, record: record)
        default:
            return value
        }
    }

    private static func direct(_ source: ValueSource) -> ResolvedValue {
        if case let .constant(value, origins) = source { return ResolvedValue(value: value, origins: origins) }
        return ResolvedValue(value: nil, origins: [])
    }

    private static func product(_ slots: [[ValueSource]]) -> [[ValueSource]] {
        slots.reduce([[]]) { partial, alternatives in
            let unique = alternatives.reduce(into: [ValueSource]()) { if !$0.contains($1) { $0.append($1) } }
            return partial.flatMap { prefix in unique.map { prefix + [$0] } }.prefix(bindingLimit).map { $0 }
        }
    }
}

extension ValueSource {
    package var parameterFunction: String? {
        if case let .parameter(usr, _) = self { return usr }
        if case let .parameterField(usr, _, _, _) = self { return usr }
        return nil
    }

    package var location: AbstractLocation? {
        if case let .location(location) = self { return location }
        return nil
    }
}
