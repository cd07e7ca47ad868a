/// The bind, getsockname, listen, accept sequence the SOCKS library expects of a callback socket.
package enum BindOrderState: Int, Hashable, Comparable {
    case fresh, bound, named, listening, accepting
    /// Connected outward: an ordinary client socket, not a callback one.
    case outbound

    package static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// What may be true of the sockets at a point of a function, on some path to it.
package enum LifeFact: Hashable {
    /// Bound by the event at this index of `AnalyzedFunction.events`.
    case bound(SocketIdentity, event: Int)
    case nonblocking(SocketIdentity, event: Int)
    /// Some socket was connected outward on the way here.
    case connectedAny
    case order(SocketIdentity, BindOrderState)
    /// An AF_UNIX or AF_NETLINK socket: nothing SOCKS does applies to it.
    case local(SocketIdentity)

    package var socket: SocketIdentity? {
        switch self {
        case let .bound(socket, _), let .nonblocking(socket, _), let .order(socket, _), let .local(socket): socket
        case .connectedAny: nil
        }
    }
}

/// A function's expanded graph with, before each event, every fact that may hold there: a forward
/// may-analysis to a fixpoint, so loops, branches and gotos are followed, and a new socket() or a
/// close() ends what was known of the variable.
package struct AnalyzedFunction {
    package let flow: FunctionFlow
    /// Every event, in node order; facts refer to events by their index here.
    package let events: [SocketEvent]
    /// The facts that may hold just before `events[i]`.
    package let factsBefore: [Set<LifeFact>]

    package init(_ flow: FunctionFlow) {
        self.flow = flow
        var firstIndex: [Int] = []
        var flat: [SocketEvent] = []
        for node in flow.nodes {
            firstIndex.append(flat.count)
            flat += node.events
        }
        events = flat

        var predecessors = [[Int]](repeating: [], count: flow.nodes.count)
        for (index, node) in flow.nodes.enumerated() {
            for successor in node.successors { predecessors[successor].append(index) }
        }
        var incoming = [Set<LifeFact>](repeating: [], count: flow.nodes.count)
        var outgoing = [Set<LifeFact>?](repeating: nil, count: flow.nodes.count)
        // Code no path reaches (after a return, skipped by a goto) contributes nothing.
        var reachable: Set<Int> = [FunctionFlow.entry]
        var stack = [FunctionFlow.entry]
        while let index = stack.popLast() {
            for successor in flow.nodes[index].successors where reachable.insert(successor).inserted {
                stack.append(successor)
            }
        }
        var work = flow.nodes.indices.reversed().filter(reachable.contains)
        var queued = Set(work)
        var before = [Set<LifeFact>](repeating: [], count: flat.count)
        while let index = work.popLast() {
            queued.remove(index)
            var facts = predecessors[index].reduce(into: Set<LifeFact>()) { $0.formUnion(outgoing[$1] ?? []) }
            incoming[index] = facts
            for (position, event) in flow.nodes[index].events.enumerated() {
                before[firstIndex[index] + position] = facts
                facts = Self.transfer(facts, event, index: firstIndex[index] + position)
            }
            guard facts != outgoing[index] else { continue }
            outgoing[index] = facts
            for successor in flow.nodes[index].successors where queued.insert(successor).inserted {
                work.append(successor)
            }
        }
        factsBefore = before
    }

    package static func transfer(_ facts: Set<LifeFact>, _ event: SocketEvent, index: Int) -> Set<LifeFact> {
        guard let socket = event.socket else { return facts }
        var facts = facts
        func forget() { facts = facts.filter { $0.socket != socket } }
        func advance(_ step: (BindOrderState) -> BindOrderState) {
            let states = facts.compactMap { fact -> BindOrderState? in
                if case let .order(owner, state) = fact, owner == socket { return state }
                return nil
            }
            facts = facts.filter { if case let .order(owner, _) = $0 { return owner != socket } else { return true } }
            for state in states { facts.insert(.order(socket, step(state))) }
        }
        switch event.kind {
        case .create:
            forget()
            facts.insert(.order(socket, .fresh))
            if event.localCreate { facts.insert(.local(socket)) }
            if event.nonblockingCreate { facts.insert(.nonblocking(socket, event: index)) }
        case .close:
            forget()
        case .bind:
            facts.insert(.bound(socket, event: index))
            advance { $0 == .fresh ? .bound : $0 }
        case .getsockname:
            advance { $0 == .bound ? .named : $0 }
        case .listen:
            advance { [.bound, .named].contains($0) ? .listening : $0 }
        case .accept:
            advance { $0 == .listening ? .accepting : $0 }
        case .connect:
            facts.insert(.connectedAny)
            advance { _ in .outbound }
        case .nonblocking:
            facts.insert(.nonblocking(socket, event: index))
        case .blocking:
            facts = facts.filter { if case let .nonblocking(owner, _) = $0 { return owner != socket } else { return true } }
        case .call, .inherited:
            break
        }
        return facts
    }

    /// True when the event at `index` acts on a socket that may be a network one (not provably local).
    package func actsOnNetworkSocket(_ index: Int) -> Bool {
        guard let socket = events[index].socket else { return false }
        return !factsBefore[index].contains(.local(socket))
    }

    package func orderStates(of socket: SocketIdentity, before index: Int) -> Set<BindOrderState> {
        Set(factsBefore[index].compactMap { fact in
            if case let .order(owner, state) = fact, owner == socket { return state }
            return nil
        })
    }

    package func bindEvents(of socket: SocketIdentity, before index: Int) -> [Int] {
        factsBefore[index].compactMap { fact in
            if case let .bound(owner, event) = fact, owner == socket { return event }
            return nil
        }.sorted()
    }

    package func nonblockingEvents(of socket: SocketIdentity, before index: Int) -> [Int] {
        factsBefore[index].compactMap { fact in
            if case let .nonblocking(owner, event) = fact, owner == socket { return event }
            return nil
        }.sorted()
    }
}
