/// What each project function does to the sockets it is given and the socket it returns, so that a
/// caller's graph can have a helper's bind or connect spliced in at the call.
struct FunctionSummary: Hashable {
    /// Per parameter position, the events on that parameter, in the order the helper's graph has them.
    var parameterEvents: [Int: [SocketEvent]] = [:]
    /// The events on the socket the function returns, its creation first; empty when it returns none.
    var returnedEvents: [SocketEvent] = []
}

struct FunctionSummaries {
    private static let rounds = 6
    /// Keeps recursive helpers from growing their summaries without end.
    private static let eventLimit = 64

    private(set) var flows: [String: FunctionFlow] = [:]
    private var summaries: [String: FunctionSummary] = [:]

    /// Summaries to a fixpoint: a helper's summary includes what the helpers it calls do.
    init(flows allFlows: [FunctionFlow]) {
        for flow in allFlows where flows[flow.function.usr] == nil {
            flows[flow.function.usr] = flow
        }
        for _ in 0..<Self.rounds {
            var next: [String: FunctionSummary] = [:]
            for (usr, flow) in flows {
                next[usr] = summarize(expand(flow))
            }
            if next == summaries { break }
            summaries = next
        }
    }

    /// The function's graph with every call of a summarized project function replaced by what it does.
    func expand(_ flow: FunctionFlow) -> FunctionFlow {
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
        func rebind(_ inner: SocketEvent, to socket: SocketIdentity) -> SocketEvent {
            var moved = inner
            moved.socket = socket
            moved.via = [step] + inner.via
            moved.inLoop = inner.inLoop || event.inLoop
            return moved
        }
        var result: [SocketEvent] = []
        if let target = event.socket {
            result += summary.returnedEvents.map { rebind($0, to: target) }
        }
        for (position, argument) in event.arguments.enumerated() {
            guard let argument, let inner = summary.parameterEvents[position] else { continue }
            result += inner.map { rebind($0, to: argument) }
        }
        return result
    }

    private func summarize(_ flow: FunctionFlow) -> FunctionSummary {
        let events = flow.nodes.flatMap(\.events)
        var summary = FunctionSummary()
        for (position, parameter) in flow.parameters.enumerated() {
            let own = events.filter { $0.socket == parameter }
            if !own.isEmpty { summary.parameterEvents[position] = Array(own.prefix(Self.eventLimit)) }
        }
        let returned = Set(flow.returned)
        summary.returnedEvents = Array(events.filter { $0.socket.map(returned.contains) ?? false }.prefix(Self.eventLimit))
        return summary
    }
}
