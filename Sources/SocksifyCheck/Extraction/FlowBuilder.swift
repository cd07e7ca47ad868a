import ClangSupport
import SocksifyAnalysis

/// Builds a function's socket-event graph from its statements: branches, loops, switch, break,
/// continue, return and goto all become edges, so "later on some path" means what it says.
final class FlowBuilder {
    private let function: Cursor
    private let extractor: EventExtractor
    private var nodes: [FunctionFlow.Node] = [FunctionFlow.Node(), FunctionFlow.Node()]
    private var labels: [String: Int] = [:]
    private var returned: [SocketIdentity] = []
    private var loopDepth = 0

    private struct Jumps {
        var breakTarget: Int?
        var continueTarget: Int?
        /// The switch head, for its case labels.
        var switchHead: Int?
        var sawDefault = false
    }

    private var jumps = Jumps()

    init(function: Cursor, extractor: EventExtractor) {
        self.function = function
        self.extractor = extractor
    }

    func build() -> FunctionFlow {
        if let body = function.children.last(where: { $0.kind == .compoundStmt }),
           let end = statement(body, from: FunctionFlow.entry) {
            edge(end, FunctionFlow.exit)
        }
        markRetries()
        return FunctionFlow(
            function: FunctionRef(name: function.spelling, usr: function.usr),
            parameters: function.arguments.map(SocketIdentity.init(parameter:)),
            nodes: nodes,
            returned: returned
        )
    }

    private func node(_ events: [SocketEvent] = []) -> Int {
        nodes.append(FunctionFlow.Node(events: events.map { event in
            var event = event
            event.inLoop = loopDepth > 0
            return event
        }))
        return nodes.count - 1
    }

    private func edge(_ from: Int, _ to: Int) {
        if !nodes[from].successors.contains(to) { nodes[from].successors.append(to) }
    }

    private func label(_ name: String) -> Int {
        if let existing = labels[name] { return existing }
        let created = node()
        labels[name] = created
        return created
    }

    /// The events of an expression, as a node after `current`; `current` itself when there are none.
    private func expression(_ cursor: Cursor?, from current: Int, target: SocketIdentity? = nil) -> Int {
        guard let cursor else { return current }
        let events = extractor.events(in: cursor, target: target)
        guard !events.isEmpty else { return current }
        let next = node(events)
        edge(current, next)
        return next
    }

    /// Returns where control goes on after the statement, nil when it never falls through.
    private func statement(_ cursor: Cursor, from current: Int) -> Int? {
        let parts = cursor.children
        switch cursor.kind {
        case .compoundStmt:
            var position: Int? = current
            for child in parts {
                // Code after a return or goto is unreachable unless a label leads into it.
                position = statement(child, from: position ?? node())
            }
            return position
        case .ifStmt:
            guard parts.count >= 2 else { return current }
            let condition = expression(parts[parts.count >= 3 ? parts.count - 3 : 0], from: current)
            let join = node()
            let thenBranch = parts.count >= 3 ? parts[parts.count - 2] : parts[1]
            if let end = statement(thenBranch, from: condition) { edge(end, join) }
            if parts.count >= 3, let end = statement(parts[parts.count - 1], from: condition) {
                edge(end, join)
            } else if parts.count < 3 {
                edge(condition, join)
            }
            return join
        case .whileStmt:
            let head = node()
            edge(current, head)
            loopDepth += 1
            let condition = expression(parts.first, from: head)
            loopDepth -= 1
            return loop(body: parts.last, continueTarget: head, from: condition) { end in self.edge(end, head) }
        case .doStmt:
            let head = node()
            edge(current, head)
            let conditionHead = node()
            let after = node()
            let saved = jumps
            jumps.breakTarget = after
            jumps.continueTarget = conditionHead
            loopDepth += 1
            if let body = parts.first, let end = statement(body, from: head) { edge(end, conditionHead) }
            let condition = expression(parts.count > 1 ? parts[1] : nil, from: conditionHead)
            loopDepth -= 1
            jumps = saved
            edge(condition, head)
            edge(condition, after)
            return after
        case .forStmt:
            let header = forHeader(cursor)
            let start = header.initializer.map { statement($0, from: current) ?? current } ?? current
            let head = node()
            edge(start, head)
            loopDepth += 1
            let condition = expression(header.condition, from: head)
            let increment = node()
            let incrementEnd = expression(header.increment, from: increment)
            loopDepth -= 1
            edge(incrementEnd, head)
            return loop(body: parts.last, continueTarget: increment, from: condition) { end in self.edge(end, increment) }
        case .switchStmt:
            let condition = expression(parts.first, from: current)
            let after = node()
            let saved = jumps
            jumps.breakTarget = after
            jumps.switchHead = condition
            jumps.sawDefault = false
            if let body = parts.last, let end = statement(body, from: node()) { edge(end, after) }
            if !jumps.sawDefault { edge(condition, after) }
            jumps = saved
            return after
        case .caseStmt, .defaultStmt:
            let entry = node()
            edge(current, entry)
            if let head = jumps.switchHead { edge(head, entry) }
            if cursor.kind == .defaultStmt { jumps.sawDefault = true }
            guard let body = parts.last, parts.count > (cursor.kind == .caseStmt ? 1 : 0) else { return entry }
            return statement(body, from: entry)
        case .labelStmt:
            let target = label(cursor.spelling)
            edge(current, target)
            guard let body = parts.last else { return target }
            return statement(body, from: target)
        case .gotoStmt:
            if let name = parts.first(where: { $0.kind == .labelRef })?.spelling { edge(current, label(name)) }
            return nil
        case .returnStmt:
            // `return socket(...)` or `return helper(...)`: what the call creates is what the function
            // returns, under a name of its own so the summary can hand it to the caller.
            var target: SocketIdentity?
            if let value = parts.first, value.strippingWrappers.kind == .callExpr {
                target = SocketIdentity(key: function.usr + "#return", display: "the returned socket")
            }
            let end = expression(parts.first, from: current, target: target)
            if let value = parts.first, let socket = target ?? SocketIdentity(expression: value), !returned.contains(socket) {
                returned.append(socket)
            }
            edge(end, FunctionFlow.exit)
            return nil
        case .breakStmt:
            if let target = jumps.breakTarget { edge(current, target) }
            return nil
        case .continueStmt:
            if let target = jumps.continueTarget { edge(current, target) }
            return nil
        default:
            return expression(cursor, from: current)
        }
    }

    private func loop(body: Cursor?, continueTarget: Int, from condition: Int, closeLoop: (Int) -> Void) -> Int {
        let after = node()
        let saved = jumps
        jumps.breakTarget = after
        jumps.continueTarget = continueTarget
        jumps.switchHead = nil
        loopDepth += 1
        if let body, let end = statement(body, from: condition) { closeLoop(end) }
        loopDepth -= 1
        jumps = saved
        edge(condition, after)
        return after
    }

    /// libclang omits the missing parts of `for (init; cond; inc)`, so place each present child by
    /// where it sits relative to the header's two semicolons.
    private func forHeader(_ cursor: Cursor) -> (initializer: Cursor?, condition: Cursor?, increment: Cursor?) {
        let parts = cursor.children.dropLast()
        var semicolons: [Int] = []
        var depth = 0
        for token in cursor.tokens {
            if token.spelling == "(" { depth += 1 }
            if token.spelling == ")" { depth -= 1; if depth == 0 { break } }
            if token.spelling == ";" && depth == 1 { semicolons.append(token.location.offset) }
        }
        guard semicolons.count == 2 else { return (nil, nil, nil) }
        var header: (initializer: Cursor?, condition: Cursor?, increment: Cursor?) = (nil, nil, nil)
        for part in parts {
            guard let offset = part.extent?.start.offset else { continue }
            if offset < semicolons[0] { header.initializer = part }
            else if offset < semicolons[1] { header.condition = part }
            else { header.increment = part }
        }
        return header
    }

    /// A connect that the program repeats (in a loop, or more than once on the same socket) in a
    /// function that compares errno with EISCONN is the retry the SOCKS library asks for. An
    /// EISCONN test on getsockopt(SO_ERROR)'s value does not mention errno and does not count.
    private func markRetries() {
        var connects: [SocketIdentity: Int] = [:]
        for event in nodes.flatMap(\.events) where event.kind == .connect {
            if let socket = event.socket { connects[socket, default: 0] += 1 }
        }
        guard !connects.isEmpty, Self.comparesErrnoWithEISCONN(function) else { return }
        for index in nodes.indices {
            for position in nodes[index].events.indices {
                let event = nodes[index].events[position]
                guard event.kind == .connect, let socket = event.socket else { continue }
                nodes[index].events[position].retriesUntilEISCONN = event.inLoop || (connects[socket] ?? 0) > 1
            }
        }
    }

    static func comparesErrnoWithEISCONN(_ function: Cursor) -> Bool {
        var found = false
        function.walk { cursor in
            switch cursor.kind {
            case .binaryOperator:
                let spellings = Set(cursor.tokens.map(\.spelling))
                if spellings.contains("EISCONN"), spellings.contains("errno"),
                   ["==", "!="].contains(cursor.binaryOperatorSpelling ?? "") {
                    found = true
                    return .stop
                }
            case .switchStmt:
                if let condition = cursor.children.first, condition.tokens.contains(where: { $0.spelling == "errno" }),
                   cursor.tokens.contains(where: { $0.spelling == "EISCONN" }) {
                    found = true
                    return .stop
                }
            default:
                break
            }
            return .into
        }
        return found
    }
}
