import ClangSupport
import SocksifyAnalysis

/// Turns the calls in one expression or simple statement into socket events, in evaluation order
/// (arguments before the call that uses them).
struct EventExtractor {
    let scope: FunctionScope
    let evaluator: ExpressionEvaluator
    let bindAddresses: BindAddressAnalyzer

    init(scope: FunctionScope, evaluator: ExpressionEvaluator) {
        self.scope = scope
        self.evaluator = evaluator
        bindAddresses = BindAddressAnalyzer(scope: scope, evaluator: evaluator)
    }

    /// `target`: the socket the expression's value goes to, when the caller knows it (a return).
    func events(in cursor: Cursor, target: SocketIdentity? = nil) -> [SocketEvent] {
        var events: [SocketEvent] = []
        collect(cursor, target: target, into: &events)
        // Under `if (param)`: the event happens for the callers whose argument says so.
        for index in events.indices where events[index].guardParameter == nil {
            if let test = scope.guardAt(events[index].location) {
                events[index].guardParameter = test.parameter
                events[index].guardNonzero = test.nonzero
            }
        }
        return events
    }

    /// `target` is the variable that receives this expression's value (`s = socket(...)`).
    private func collect(_ cursor: Cursor, target: SocketIdentity?, into events: inout [SocketEvent]) {
        switch cursor.kind {
        case .binaryOperator where cursor.binaryOperatorSpelling == "=":
            let operands = cursor.children
            collect(operands[1], target: SocketIdentity(expression: operands[0]), into: &events)
        case .varDecl:
            if let initializer = cursor.children.last(where: { $0.kind.isExpression }) {
                collect(initializer, target: SocketIdentity(parameter: cursor), into: &events)
            }
        case .parenExpr, .unexposedExpr, .cStyleCastExpr:
            for child in cursor.children { collect(child, target: target, into: &events) }
        case .callExpr:
            for argument in cursor.arguments { collect(argument, target: nil, into: &events) }
            events += callEvents(cursor, target: target)
        case .compoundStmt, .ifStmt, .whileStmt, .doStmt, .forStmt, .switchStmt:
            // A GNU statement expression; its control flow is not modelled.
            break
        default:
            for child in cursor.children { collect(child, target: nil, into: &events) }
        }
    }

    private func callEvents(_ call: Cursor, target: SocketIdentity?) -> [SocketEvent] {
        guard let callee = call.referenced, callee.kind == .functionDecl,
              let token = call.calleeNameCursor, let location = token.location else { return [] }
        let name = callee.spelling
        let arguments = call.arguments
        func event(_ kind: SocketEvent.Kind, _ socket: SocketIdentity?) -> SocketEvent {
            SocketEvent(kind: kind, name: name, socket: socket, location: location, length: name.utf8.count,
                        function: scope.reference.name)
        }
        func argument(_ index: Int) -> SocketIdentity? {
            index < arguments.count ? SocketIdentity(expression: arguments[index]) : nil
        }

        // A project function (even one named like the C library's) becomes a call event that its
        // summary replaces later; a re-declared prototype of a library call stays the library call.
        let definedInProject = callee.definition.map { !$0.isInSystemHeader } ?? false
        if definedInProject || (!callee.isInSystemHeader && !SocketAPI.all.contains(name)) {
            var call = event(.call, target)
            call.callee = FunctionRef(name: name, usr: callee.usr)
            // Trailing arguments that name no socket are left out: a missing position names none.
            var identities = arguments.map { SocketIdentity(expression: $0) }
            while let last = identities.last, last == nil { identities.removeLast() }
            call.arguments = identities
            // What a helper's summary needs to know of this call's arguments: which are local
            // families, which pass the caller's own parameters on, which are known true or false.
            for (position, argument) in arguments.enumerated() {
                let values = evaluator.values(of: argument)
                if !values.isEmpty, values.allSatisfy(Self.isLocalFamily) { call.localArguments.append(position) }
                call.parameterArguments.append(ownParameter(values) ?? -1)
                call.truthArguments.append(Self.truth(of: values))
            }
            while call.parameterArguments.last == -1 { call.parameterArguments.removeLast() }
            while call.truthArguments.last == -1 { call.truthArguments.removeLast() }
            return [call]
        }
        return libraryEvents()

        func libraryEvents() -> [SocketEvent] {
            switch name {
            case "socket":
                var create = event(.create, target)
                let families = arguments.first.map { evaluator.values(of: $0) } ?? []
                create.localCreate = !families.isEmpty && families.allSatisfy(Self.isLocalFamily)
                create.familyParameter = ownParameter(families)
                // `type | SOCK_NONBLOCK` of a type passed in: the flag is written here even though
                // the type is not known here.
                create.nonblockingCreate = arguments.count > 1 && (evaluator.values(of: arguments[1]).contains {
                    if case let .constant(value, _) = $0 { return value & SocketConstants.nonblockingTypeFlag != 0 }
                    return false
                } || Self.orsNonblockingFlag(arguments[1]))
                // `if (nonblock) type |= SOCK_NONBLOCK;` before the call: nonblocking when the
                // branch is taken, which the callers' arguments decide.
                var after: [SocketEvent] = []
                if !create.nonblockingCreate, arguments.count > 1, let key = FunctionScope.storageKey(of: arguments[1]) {
                    for operation in scope.compoundAssignments[key] ?? [] where operation.operator == "|=" && Self.setsNonblocking(operation.value) == true {
                        guard let at = operation.value.location, let test = scope.guardAt(at) else {
                            create.nonblockingCreate = true
                            continue
                        }
                        var set = event(.nonblocking, target)
                        set.guardParameter = test.parameter
                        set.guardNonzero = test.nonzero
                        after.append(set)
                    }
                }
                return [create] + (create.nonblockingCreate ? [] : after)
            case "accept", "accept4":
                var created = target.map { event(.create, $0) }
                // accept4(s, addr, len, SOCK_NONBLOCK): the accepted socket starts nonblocking.
                if name == "accept4", arguments.count == 4, let flags = arguments[3].integerValue,
                   flags & SocketConstants.nonblockingTypeFlag != 0 {
                    created?.nonblockingCreate = true
                }
                return [event(.accept, argument(0))] + (created.map { [$0] } ?? [])
            case "rresvport", "rresvport_af":
                var bind = event(.bind, target)
                bind.bindAddress = BindAddress(wildcard: false, port: .reserved)
                return [event(.create, target), bind]
            case "bind":
                var bind = event(.bind, argument(0))
                bind.bindAddress = arguments.count > 1 ? bindAddresses.analyze(arguments[1]) : BindAddress(wildcard: false, port: .unknown)
                bind.callExtent = call.extent
                return [bind]
            case "bindresvport", "bindresvport6":
                var bind = event(.bind, argument(0))
                bind.bindAddress = BindAddress(wildcard: false, port: .reserved)
                return [bind]
            case "connect": return [event(.connect, argument(0))]
            case "listen": return [event(.listen, argument(0))]
            case "getsockname":
                // Where the socket's own address goes, when other functions can read it there: a
                // connected socket's address kept so is what an FTP client binds its data socket to.
                var name = event(.getsockname, argument(0))
                if arguments.count >= 2, let place = BindAddressAnalyzer.place(of: arguments[1]) {
                    name.bindAddress = BindAddress(wildcard: false, port: .unknown, copiedFrom: [place])
                }
                return [name]
            case "getpeername":
                // Only the peer of standard input marks a daemon: finger asks getsockname(0) merely
                // to learn whether fingerd started it, and runs as a client either way.
                return isStandardInput(arguments.first) ? [event(.inherited, nil)] : []
            case "close", "closesocket": return [event(.close, argument(0))]
            case "fcntl", "fcntl64":
                guard arguments.count == 3, arguments[1].integerValue == SocketConstants.setFileFlags,
                      let blocking = Self.setsNonblocking(arguments[2]) ?? setsNonblockingThroughVariable(arguments[2]) else { return [] }
                var change = event(blocking ? .nonblocking : .blocking, argument(0))
                // `if (on) flags |= O_NONBLOCK; else flags &= ~O_NONBLOCK; fcntl(fd, F_SETFL, flags)`:
                // the set happens only where the branch that or-s the flag is taken.
                if blocking, Self.setsNonblocking(arguments[2]) == nil, let key = FunctionScope.storageKey(of: arguments[2]),
                   let operation = (scope.compoundAssignments[key] ?? []).first(where: { $0.operator == "|=" && Self.setsNonblocking($0.value) == true }),
                   let at = operation.value.location, let test = scope.guardAt(at) {
                    change.guardParameter = test.parameter
                    change.guardNonzero = test.nonzero
                }
                return [change]
            case "ioctl":
                guard arguments.count >= 2, arguments[1].integerValue == SocketConstants.ioctlNonblocking else { return [] }
                return [event(.nonblocking, argument(0))]
            default:
                return []
            }
        }
    }

    /// The descriptor is 0 on every path the function shows (`0`, `STDIN_FILENO`, a local set
    /// only to it): the socket inetd hands a server it starts.
    private func isStandardInput(_ argument: Cursor?) -> Bool {
        guard let argument else { return false }
        let values = evaluator.values(of: argument)
        return !values.isEmpty && values.allSatisfy { if case .constant(0, _) = $0 { true } else { false } }
    }

    /// `x | SOCK_NONBLOCK` (at any depth of or-ed operands): an operand clang folds to a value with
    /// the flag bit.
    static func orsNonblockingFlag(_ expression: Cursor) -> Bool {
        let stripped = expression.strippingWrappers
        guard stripped.kind == .binaryOperator, stripped.binaryOperatorSpelling == "|" else { return false }
        return stripped.children.contains { operand in
            if let value = operand.integerValue { return value & SocketConstants.nonblockingTypeFlag != 0 }
            return orsNonblockingFlag(operand)
        }
    }

    /// 1 when every value is a nonzero constant, 0 when every one is zero, -1 when not known.
    static func truth(of values: [ValueSource]) -> Int {
        let numbers = values.compactMap { value -> Int64? in
            if case let .constant(number, _) = value { return number }
            return nil
        }
        guard !values.isEmpty, numbers.count == values.count else { return -1 }
        if numbers.allSatisfy({ $0 != 0 }) { return 1 }
        return numbers.allSatisfy { $0 == 0 } ? 0 : -1
    }

    static func isLocalFamily(_ value: ValueSource) -> Bool {
        if case let .constant(number, _) = value { return SocketConstants.localFamilies.contains(number) }
        return false
    }

    /// The position of this function's parameter that `values` are exactly, if they are one.
    private func ownParameter(_ values: [ValueSource]) -> Int? {
        guard values.count == 1, case let .parameter(usr, index) = values[0], usr == scope.reference.usr else { return nil }
        return index
    }

    /// `val = fcntl(fd, F_GETFL); val |= O_NONBLOCK; fcntl(fd, F_SETFL, val)`: the stores of the
    /// flags variable that reach the call say it (`|= O_NONBLOCK` sets, `&= ~O_NONBLOCK` clears),
    /// and `flags = saved` or the value F_GETFL returned puts the old flags back.
    private func setsNonblockingThroughVariable(_ flags: Cursor) -> Bool? {
        guard let key = FunctionScope.storageKey(of: flags), let read = flags.location else { return nil }
        let stores = scope.reaching(scope.assignments[key] ?? [], read: read)
        let from = stores.map(\.location.offset).min() ?? 0
        let operations = (scope.compoundAssignments[key] ?? []).filter { operation in
            guard let at = operation.value.location, at.file == read.file else { return false }
            return at.offset > from && at.offset < read.offset
        }
        if operations.contains(where: { $0.operator == "|=" && Self.setsNonblocking($0.value) == true }) { return true }
        if operations.contains(where: { $0.operator == "&=" && Self.setsNonblocking($0.value) == false }) { return false }
        if stores.contains(where: { Self.setsNonblocking($0.value) == true }) { return true }
        if !stores.isEmpty, stores.allSatisfy({ Self.restoresFlags($0.value) }) { return false }
        return nil
    }

    /// A value that carries flags read back, not built: another variable (`saved`), or F_GETFL.
    private static func restoresFlags(_ value: Cursor) -> Bool {
        let stripped = value.strippingWrappers
        if stripped.kind == .declRefExpr { return true }
        guard stripped.kind == .callExpr, ["fcntl", "fcntl64"].contains(stripped.referenced?.spelling ?? "") else { return false }
        let arguments = stripped.arguments
        return arguments.count >= 2 && arguments[1].integerValue == SocketConstants.getFileFlags
    }

    /// fcntl(s, F_SETFL, flags | O_NONBLOCK) sets it; `flags & ~O_NONBLOCK` clears it; nil: neither.
    static func setsNonblocking(_ flags: Cursor) -> Bool? {
        if let value = flags.integerValue { return value & SocketConstants.nonblockingFileFlag != 0 }
        var result: Bool?
        flags.walk { cursor in
            if cursor.kind == .unaryOperator, cursor.unaryOperatorSpelling == "~",
               let value = cursor.children.first?.integerValue, value & SocketConstants.nonblockingFileFlag != 0 {
                result = false
                return .stop
            }
            if let value = cursor.integerValue, value & SocketConstants.nonblockingFileFlag != 0 {
                result = true
                return .over
            }
            return .into
        }
        return result
    }
}

enum SocketAPI {
    /// The calls the lifecycle model knows; a project function of one of these names is the project's.
    static let all = SocketAPICatalogue.lifecycle
}
