import SocksifySource

/// What each project function does to the sockets it is given and the socket it returns, so that a
/// caller's graph can have a helper's bind or connect spliced in at the call.
package struct FunctionSummary: Hashable {
    /// Per parameter position, the events on that parameter or on a field of what it points to
    /// (`ctx->sock`), in the order the helper's graph has them.
    package var parameterEvents: [Int: [SocketEvent]] = [:]
    /// The helper's own name of each parameter with events, so a field path on it can be renamed
    /// onto the caller's argument (`ctx->sock` in the helper is `conn.sock` in the caller).
    package var parameters: [Int: SocketIdentity] = [:]
    /// The events on the socket the function returns, its creation first; empty when it returns none.
    package var returnedEvents: [SocketEvent] = []
    /// The parameters the function may return as they are (`return fd;` in a setup helper): a
    /// caller's `return setup(fd, ...)` then returns its own `fd`, and what it did to `fd` with it.
    package var returnedParameters: [Int] = []
    /// The events on file-scope sockets, in order: a global reopened in a helper is reopened for the caller.
    package var globalEvents: [SocketEvent] = []

    package init(parameterEvents: [Int: [SocketEvent]] = [:], parameters: [Int: SocketIdentity] = [:], returnedEvents: [SocketEvent] = [], globalEvents: [SocketEvent] = []) {
        self.parameterEvents = parameterEvents
        self.parameters = parameters
        self.returnedEvents = returnedEvents
        self.globalEvents = globalEvents
    }
}

extension FunctionSummary {
    /// What the summary does, without the call chains that explain it.
    fileprivate struct Signature: Equatable {
        var events: [[FunctionSummaries.EventKey]]
        var parameters: [Int]
        var returnedParameters: [Int]
    }

    fileprivate var signature: Signature {
        Signature(events: [returnedEvents.map(FunctionSummaries.EventKey.init), globalEvents.map(FunctionSummaries.EventKey.init)]
                    + parameterEvents.keys.sorted().map { parameterEvents[$0]!.map(FunctionSummaries.EventKey.init) },
                  parameters: parameterEvents.keys.sorted(), returnedParameters: returnedParameters)
    }
}

package struct FunctionSummaries {
    /// How often a recursive component is summarized again at most.
    private static let componentIterations = 64
    /// Keeps recursive helpers from growing their summaries without end.
    private static let eventLimit = 64

    package private(set) var flows: [String: FunctionFlow] = [:]
    /// Definitions of an already defined name in other files (the mains of a tree's other programs).
    package private(set) var otherDefinitions: [FunctionFlow] = []
    private var summaries: [String: FunctionSummary] = [:]
    /// Each function's last expansion: bottom-up, it was made with its callees' final summaries
    /// (a caller is expanded again whenever a callee in its component changes), so the rules reuse it.
    private var expansions: [String: FunctionFlow] = [:]

    /// Summaries to a fixpoint: a helper's summary includes what the helpers it calls do.
    package init(flows allFlows: [FunctionFlow]) {
        var definedIn: [String: Set<String>] = [:]
        for flow in allFlows {
            let file = Self.file(of: flow)
            if flows[flow.function.usr] == nil {
                flows[flow.function.usr] = flow
                definedIn[flow.function.usr] = file.map { [$0] } ?? []
            } else if let file, definedIn[flow.function.usr]?.insert(file).inserted == true {
                // Another definition of the same external name in another file: another program of
                // the tree (each netkit program has its own main). Calls resolve to the first one;
                // this one is still analysed on its own.
                otherDefinitions.append(flow)
            }
        }
        // Bottom-up over the call graph's strongly connected components, callees first: a helper's
        // summary is final before any caller splices it, however deep the chain (a fixed number of
        // rounds cut chains of seven helpers, as stunnel's client_run ... setup_fd). Inside a
        // component (recursion) the members are summarized again until none changes; the event
        // limit keeps that finite, and the iteration cap only guards against a summary that
        // oscillates.
        let callees = flows.mapValues { flow in
            Set(flow.nodes.flatMap { $0.events.compactMap { $0.kind == .call ? $0.callee?.usr : nil } })
                .filter { flows[$0] != nil }
        }
        var callers: [String: Set<String>] = [:]
        for (caller, called) in callees { for callee in called { callers[callee, default: []].insert(caller) } }
        for component in Self.componentsCalleesFirst(Array(flows.keys).sorted(), callees: callees) {
            // Inside a component, only the callers of a summary that changed are summarized again.
            let members = Set(component)
            var pending = component
            var queued = members
            var visits: [String: Int] = [:]
            while !pending.isEmpty {
                let usr = pending.removeFirst()
                queued.remove(usr)
                guard let flow = flows[usr] else { continue }
                let expanded = expand(flow)
                expansions[usr] = expanded
                let summary = summarize(expanded, original: flow)
                // Changed in what it does, not only in the call chains its notes name (recursion
                // keeps finding longer chains to the same events).
                let changed = summary.signature != (summaries[usr] ?? FunctionSummary()).signature
                summaries[usr] = summary
                visits[usr, default: 0] += 1
                guard changed, visits[usr, default: 0] < Self.componentIterations else { continue }
                for caller in callers[usr, default: []].sorted() where members.contains(caller) && queued.insert(caller).inserted {
                    pending.append(caller)
                }
            }
        }
    }

    /// Tarjan's strongly connected components of the call graph, each listed after every component
    /// it calls (iterative, so a long call chain cannot overflow the stack).
    static func componentsCalleesFirst(_ nodes: [String], callees: [String: Set<String>]) -> [[String]] {
        var index: [String: Int] = [:], low: [String: Int] = [:]
        var onStack: Set<String> = [], stack: [String] = [], result: [[String]] = []
        var counter = 0
        for root in nodes where index[root] == nil {
            var work: [(node: String, next: [String], position: Int)] = []
            func open(_ node: String) {
                index[node] = counter; low[node] = counter; counter += 1
                stack.append(node); onStack.insert(node)
                work.append((node, callees[node, default: []].sorted(), 0))
            }
            open(root)
            while !work.isEmpty {
                let top = work.count - 1
                let node = work[top].node
                if work[top].position < work[top].next.count {
                    let callee = work[top].next[work[top].position]
                    work[top].position += 1
                    if index[callee] == nil {
                        open(callee)
                    } else if onStack.contains(callee) {
                        low[node] = min(low[node]!, index[callee]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent]!, low[node]!) }
                if low[node] == index[node] {
                    var component: [String] = []
                    while let member = stack.popLast() {
                        onStack.remove(member)
                        component.append(member)
                        if member == node { break }
                    }
                    result.append(component.sorted())
                }
            }
        }
        return result
    }

    /// The file a function is defined in, from its own events (nil when it has none).
    static func file(of flow: FunctionFlow) -> String? {
        flow.nodes.lazy.flatMap(\.events).first?.location.file
    }

    /// `expand(flow)`, from the summaries' own work when `flow` is the definition they used.
    package func expanded(_ flow: FunctionFlow) -> FunctionFlow {
        if let known = expansions[flow.function.usr], flows[flow.function.usr] == flow { return known }
        return expand(flow)
    }

    /// The function's graph with every call of a summarized project function replaced by what it does.
    package func expand(_ flow: FunctionFlow) -> FunctionFlow {
        var expanded = flow
        for index in expanded.nodes.indices {
            expanded.nodes[index].events = expanded.nodes[index].events.flatMap(splice)
        }
        return expanded
    }

    private func splice(_ event: SocketEvent) -> [SocketEvent] {
        guard event.kind == .call, let callee = event.callee else { return [event] }
        guard let summary = summaries[callee.usr] else { return [] }
        let step = CallStep(callee: callee.name, location: event.location)
        /// The helper's event as seen from this call: on the caller's socket (nil: the same global).
        func relayed(_ inner: SocketEvent, to socket: SocketIdentity?) -> SocketEvent? {
            var moved = inner
            if let socket { moved.socket = socket }
            moved.via = [step] + inner.via
            moved.inLoop = inner.inLoop || event.inLoop
            // Under the helper's `if (param)`: this call's argument keeps it, drops it or passes
            // the question on to its own caller.
            if let position = inner.guardParameter {
                moved.guardParameter = nil
                if position < event.truthArguments.count, event.truthArguments[position] >= 0 {
                    if (event.truthArguments[position] == 1) != inner.guardNonzero { return nil }
                } else if position < event.parameterArguments.count, event.parameterArguments[position] >= 0 {
                    moved.guardParameter = event.parameterArguments[position]
                }
            }
            // A create whose family is the helper's parameter: this call says what it is.
            if let position = inner.familyParameter {
                moved.familyParameter = nil
                if event.localArguments.contains(position) {
                    moved.localCreate = true
                } else if position < event.parameterArguments.count, event.parameterArguments[position] >= 0 {
                    moved.familyParameter = event.parameterArguments[position]
                }
            }
            return moved
        }
        var result = summary.globalEvents.compactMap { relayed($0, to: nil) }
        if let target = event.socket {
            result += summary.returnedEvents.compactMap { relayed($0, to: target) }
        }
        for (position, argument) in event.arguments.enumerated() {
            guard let argument, let inner = summary.parameterEvents[position] else { continue }
            let parameter = summary.parameters[position]
            result += inner.compactMap { relayed($0, to: Self.rename($0.socket, from: parameter, to: argument)) }
        }
        return result
    }

    /// The helper's socket `socket`, which is its parameter `parameter` or a field path under it,
    /// as the caller names it through `argument`.
    static func rename(_ socket: SocketIdentity?, from parameter: SocketIdentity?, to argument: SocketIdentity) -> SocketIdentity {
        guard let socket, let parameter, socket.key != parameter.key, let suffix = Self.fieldSuffix(of: socket.key, under: parameter.key)
        else { return argument }
        let display = socket.display.hasPrefix(parameter.display) ? String(socket.display.dropFirst(parameter.display.count)) : suffix
        return SocketIdentity(key: argument.key + suffix, display: argument.display + display, global: argument.global)
    }

    /// `.sock` of `P.sock` under `P`: a field path or element of the parameter, not another name
    /// that merely starts with the same characters.
    static func fieldSuffix(of key: String, under parameter: String) -> String? {
        guard key.hasPrefix(parameter) else { return nil }
        let suffix = key.dropFirst(parameter.count)
        return suffix.first == "." || suffix.first == "[" ? String(suffix) : nil
    }

    /// The locations of `.blocking` events that some `.nonblocking` event on the same socket reaches
    /// through the function's graph, or that have no set on their socket at all.
    private static func clearsReachedBySets(_ flow: FunctionFlow) -> Set<SourceLocation> {
        var result: Set<SourceLocation> = []
        for (node, content) in flow.nodes.enumerated() {
            for (position, clear) in content.events.enumerated() where clear.kind == .blocking {
                let sets = flow.nodes.indices.flatMap { index in
                    flow.nodes[index].events.indices.compactMap { at -> (Int, Int)? in
                        let event = flow.nodes[index].events[at]
                        return event.kind == .nonblocking && event.socket == clear.socket ? (index, at) : nil
                    }
                }
                if sets.isEmpty || sets.contains(where: { setNode, setPosition in
                    setNode == node ? setPosition < position : reaches(flow, from: setNode, to: node)
                }) {
                    result.insert(clear.location)
                }
            }
        }
        return result
    }

    private static func reaches(_ flow: FunctionFlow, from start: Int, to target: Int) -> Bool {
        var seen: Set<Int> = [start]
        var stack = flow.nodes[start].successors
        while let next = stack.popLast() {
            if next == target { return true }
            if seen.insert(next).inserted { stack += flow.nodes[next].successors }
        }
        return false
    }

    /// What makes two spliced events the same for a summary: a recursive helper splices its own
    /// events again through the same call on every pass; kept once, its summary stops growing.
    fileprivate struct EventKey: Hashable {
        var kind: SocketEvent.Kind
        var location: SourceLocation
        var socket: SocketIdentity?
        var firstCall: SourceLocation?
        var guardParameter: Int?
        var guardNonzero: Bool
        var familyParameter: Int?
        var localCreate: Bool
        var nonblockingCreate: Bool
        var inLoop: Bool
        var retries: Bool
        var bindAddress: BindAddress?

        init(_ event: SocketEvent) {
            inLoop = event.inLoop
            retries = event.retriesUntilEISCONN
            bindAddress = event.bindAddress
            kind = event.kind
            location = event.location
            socket = event.socket
            firstCall = event.via.first?.location
            guardParameter = event.guardParameter
            guardNonzero = event.guardNonzero
            familyParameter = event.familyParameter
            localCreate = event.localCreate
            nonblockingCreate = event.nonblockingCreate
        }
    }

    private static func unique(_ events: [SocketEvent]) -> [SocketEvent] {
        var seen: Set<EventKey> = []
        return events.filter { seen.insert(EventKey($0)).inserted }
    }

    private func summarize(_ flow: FunctionFlow, original: FunctionFlow) -> FunctionSummary {
        var events = Self.unique(flow.nodes.flatMap(\.events))
        // A helper that sets or clears O_NONBLOCK on a flag (setnonblock(fd, on)) has the two calls on
        // separate branches; spliced in order, the clear would undo the set on every path. "May be
        // nonblocking" is what the rule needs, so a clear that no set reaches is dropped. A clear
        // that follows the set on its path (save, set, send, restore) stays.
        let clearsAfterASet = Self.clearsReachedBySets(flow)
        events.removeAll { $0.kind == .blocking && !clearsAfterASet.contains($0.location) }
        var summary = FunctionSummary()
        for (position, parameter) in flow.parameters.enumerated() {
            let own = events.filter { event in
                guard let socket = event.socket else { return false }
                return socket == parameter || !socket.global && Self.fieldSuffix(of: socket.key, under: parameter.key) != nil
            }
            if !own.isEmpty {
                summary.parameterEvents[position] = Array(own.prefix(Self.eventLimit))
                summary.parameters[position] = parameter
            }
        }
        summary.globalEvents = Array(events.filter { $0.socket?.global == true }.prefix(Self.eventLimit))
        var returned = Set(flow.returned)
        // `return setup(fd, ...)` of a helper that returns its parameter returns `fd` itself.
        for event in original.nodes.flatMap(\.events) where event.kind == .call {
            guard let target = event.socket, returned.contains(target), let callee = event.callee,
                  let inner = summaries[callee.usr] else { continue }
            for position in inner.returnedParameters where position < event.arguments.count {
                if let argument = event.arguments[position] { returned.insert(argument) }
            }
        }
        summary.returnedParameters = flow.parameters.indices.filter { returned.contains(flow.parameters[$0]) }
        // A close of the socket it returns is on a failure path (which returns -1, not the socket):
        // spliced in order it would make the caller forget what it got (an AF_UNIX socket, say).
        summary.returnedEvents = Array(events.filter { event in
            event.kind != .close && (event.socket.map(returned.contains) ?? false)
        }.prefix(Self.eventLimit))
        return summary
    }
}
