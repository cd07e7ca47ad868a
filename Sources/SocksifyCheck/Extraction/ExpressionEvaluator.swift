import ClangSupport
import SocksifyAnalysis

/// Works out what an integer argument may be, inside one function: every value it can take on some
/// path, with where each came from. Flow-insensitive on purpose: "may be SOCK_DGRAM" is the question,
/// so every assignment to a variable counts.
struct ExpressionEvaluator {
    let scope: FunctionScope
    let macros: MacroIndex

    /// How deep variable-to-variable chains are followed before giving up.
    private static let depthLimit = 8

    func values(of expression: Cursor) -> [ValueSource] {
        // The same argument is asked about for its call site, its call event and its truth.
        if let known = scope.valueCache[expression] { return known }
        var visiting: Set<String> = []
        let result = values(of: expression, depth: 0, visiting: &visiting)
        scope.valueCache[expression] = result
        return result
    }

    private func values(of expression: Cursor, depth: Int, visiting: inout Set<String>) -> [ValueSource] {
        guard depth < Self.depthLimit else { return [.unknown] }
        if let value = expression.integerValue {
            let origins = expression.extent.map { macros.origins(within: $0) } ?? []
            return [.constant(value, origins: origins)]
        }
        switch expression.kind {
        case .unexposedExpr, .parenExpr, .cStyleCastExpr:
            guard let inner = expression.children.last(where: { $0.kind.isExpression }) else { return [.unknown] }
            return values(of: inner, depth: depth + 1, visiting: &visiting)
        case .conditionalOperator:
            // `c ? a : b` has three children; GNU `c ?: b` has two, and `c` is then also a result.
            let operands = expression.children
            return operands.dropFirst(operands.count == 3 ? 1 : 0)
                .flatMap { values(of: $0, depth: depth + 1, visiting: &visiting) }
        case .binaryOperator:
            return binaryValues(of: expression, depth: depth, visiting: &visiting)
        case .declRefExpr:
            return variableValues(of: expression, depth: depth, visiting: &visiting)
        case .memberRefExpr:
            return memberValues(of: expression, depth: depth, visiting: &visiting)
        case .callExpr:
            // A project function's result: whatever its return statements give, program-wide.
            guard let callee = expression.referenced, callee.kind == .functionDecl, !callee.isInSystemHeader else { return [.unknown] }
            return [.location(.result(callee.usr))]
        case .unaryOperator:
            guard let key = FunctionScope.storageKey(of: expression), case .pointee = key,
                  var assignments = scope.assignments[key], !assignments.isEmpty else { return [.unknown] }
            if let read = expression.location { assignments = scope.reaching(assignments, read: read) }
            return assignments.flatMap { assignment in
                values(of: assignment.value, depth: depth + 1, visiting: &visiting).map { value in
                    guard case let .constant(number, origins) = value else { return value }
                    let name = "*" + (expression.children.first?.strippingWrappers.spelling ?? "")
                    return .constant(number, origins: [.assignment(variable: name, location: assignment.location)] + origins)
                }
            }
        default:
            return [.unknown]
        }
    }

    /// The program-wide location a member expression reads: its field's class.
    static func fieldLocation(of member: Cursor) -> AbstractLocation? {
        guard let field = member.referenced, field.kind == .fieldDecl else { return nil }
        return .field(record: field.semanticParent?.spelling ?? "", name: field.spelling)
    }

    /// A variable with static storage declared at file scope.
    static func isGlobal(_ declaration: Cursor) -> Bool {
        declaration.kind == .varDecl && declaration.semanticParent?.kind == .translationUnit
    }

    private func binaryValues(of expression: Cursor, depth: Int, visiting: inout Set<String>) -> [ValueSource] {
        let operands = expression.children
        switch expression.binaryOperatorSpelling {
        case ",":
            return values(of: operands[1], depth: depth + 1, visiting: &visiting)
        case "|":
            let left = values(of: operands[0], depth: depth + 1, visiting: &visiting)
            let right = values(of: operands[1], depth: depth + 1, visiting: &visiting)
            return left.flatMap { l in right.flatMap { r in Self.bitwiseOr(l, r) } }
        case "&":
            let left = values(of: operands[0], depth: depth + 1, visiting: &visiting)
            let right = values(of: operands[1], depth: depth + 1, visiting: &visiting)
            return left.flatMap { l in right.map { r in Self.bitwiseAnd(l, r) } }
        default:
            return [.unknown]
        }
    }

    /// `type | SOCK_CLOEXEC` keeps whatever `type` is: flags above the type bits do not change the type.
    /// `type | flags` with neither known here (a helper's two parameters) may carry its type in
    /// either operand, so both are what it may be: a SOCK_DGRAM passed for either is still found.
    private static func bitwiseOr(_ left: ValueSource, _ right: ValueSource) -> [ValueSource] {
        switch (left, right) {
        case let (.constant(a, originsA), .constant(b, originsB)):
            return [.constant(a | b, origins: originsA + originsB)]
        case let (other, .constant(flags, _)) where flags & SocketConstants.typeMask == 0:
            return [other]
        case let (.constant(flags, _), other) where flags & SocketConstants.typeMask == 0:
            return [other]
        case (.constant, _), (_, .constant):
            return [.unknown]
        case (.unknown, .unknown):
            return [.unknown]
        default:
            return [left, right]
        }
    }

    /// `type & ~SOCK_NONBLOCK` (a mask that keeps the type bits) keeps whatever `type` is.
    private static func bitwiseAnd(_ left: ValueSource, _ right: ValueSource) -> ValueSource {
        switch (left, right) {
        case let (.constant(a, originsA), .constant(b, originsB)):
            return .constant(a & b, origins: originsA + originsB)
        case let (other, .constant(mask, _)) where mask & SocketConstants.typeMask == SocketConstants.typeMask:
            return other
        case let (.constant(mask, _), other) where mask & SocketConstants.typeMask == SocketConstants.typeMask:
            return other
        default:
            return .unknown
        }
    }

    private func variableValues(of expression: Cursor, depth: Int, visiting: inout Set<String>) -> [ValueSource] {
        guard let declaration = expression.referenced else { return [.unknown] }
        let usr = declaration.usr
        if declaration.kind == .parmDecl, let index = scope.parameters.firstIndex(of: usr) {
            return [.parameter(usr: scope.reference.usr, index: index)]
        }
        guard declaration.kind == .varDecl, !visiting.contains(usr) else { return [.unknown] }
        visiting.insert(usr)
        defer { visiting.remove(usr) }
        var stores = scope.assignments[.variable(usr)] ?? []
        if let initializer = declaration.children.last(where: { $0.kind.isExpression }), let location = declaration.location {
            let block = Self.isGlobal(declaration) ? nil : declaration.extent.flatMap { scope.declarationBlock(startingAt: $0.start) }
            stores.append(FunctionScope.Assignment(value: initializer, location: location, block: block))
        }
        if !Self.isGlobal(declaration), let read = expression.location { stores = scope.reaching(stores, read: read) }
        let sources: [(value: Cursor, location: SourceLocation?)] = stores.map { ($0.value, $0.location) }
        let name = declaration.spelling
        // A global is also whatever any other function stores into it (option parsing, setup code).
        let global: [ValueSource] = Self.isGlobal(declaration) ? [.location(.global(usr))] : []
        guard !sources.isEmpty else { return global.isEmpty ? [.unknown] : global }
        return global + sources.flatMap { source in
            values(of: source.value, depth: depth + 1, visiting: &visiting).map { value in
                guard case let .constant(number, origins) = value, let location = source.location else { return value }
                return .constant(number, origins: [.assignment(variable: name, location: location)] + origins)
            }
        }
    }

    /// A field read (`v.f`, `p->f`, `(*p).f`). Stores to that very path in this function come first:
    /// one that runs unconditionally before the read in an enclosing block is all the field can be
    /// (`copy.ai_socktype = SOCK_STREAM` after `copy = *res`). Otherwise the object the base names
    /// answers: the list a getaddrinfo of this function filled (its hints), what a project function
    /// handed out into the variable, a struct copied into it, the caller's argument for a
    /// parameter; only an object the function cannot name falls back to the field's class.
    private func memberValues(of expression: Cursor, depth: Int, visiting: inout Set<String>) -> [ValueSource] {
        guard let field = expression.referenced, field.kind == .fieldDecl else { return [.unknown] }
        let record = field.semanticParent?.spelling ?? ""
        var local: [ValueSource] = []
        if let key = FunctionScope.storageKey(of: expression), let read = expression.location {
            // `ASSERT(ai->ai_socktype == SOCK_STREAM)` before the read: nothing else gets past it.
            if let checked = scope.checkedValue(of: key, at: read), let number = checked.integerValue {
                return [.constant(number, origins: checked.extent.map { macros.origins(within: $0) } ?? [])]
            }
            let stored = storedValues(key, read: read, name: { LocationWriteExtractor.text(of: expression) },
                                      depth: depth + 1, visiting: &visiting)
            if stored.replaced { return stored.values.isEmpty ? [.unknown] : stored.values }
            local = stored.values
        }
        guard let base = expression.children.first else { return local + [.unknown] }
        return local + objectField(base: base, field: field.spelling, record: record, read: expression.location,
                                   depth: depth, visiting: &visiting)
    }

    /// What this function's stores to `key` that reach `read` give, each constant with the store
    /// as its origin; `replaced` when one of them runs unconditionally before the read (a strong
    /// update: nothing else can be there).
    private func storedValues(_ key: FunctionScope.StorageKey, read: SourceLocation, name: () -> String,
                              depth: Int, visiting: inout Set<String>) -> (values: [ValueSource], replaced: Bool) {
        guard let stores = scope.assignments[key], !stores.isEmpty else { return ([], false) }
        let written = name()
        var values: [ValueSource] = []
        for store in scope.reaching(stores, read: read) {
            values += self.values(of: store.value, depth: depth, visiting: &visiting).map { value in
                guard case let .constant(number, origins) = value else { return value }
                return .constant(number, origins: [.assignment(variable: written, location: store.location)] + origins)
            }
        }
        return (values, scope.kills(stores, read: read))
    }

    /// What the fields of the object passed as argument `index` (`v`, `&v`) hold at the call: the
    /// fields this function stores into, and the getaddrinfo fields of a lookup's hints or results.
    /// A field only its class can answer is left out (the callee falls back to the class itself).
    func argumentFields(_ argument: Cursor, index: Int, at call: SourceLocation) -> [ArgumentField] {
        // `dial(resolve(host))`: the list that function returns.
        let passed = argument.strippingWrappers
        if passed.kind == .callExpr {
            return LibraryModels.addrinfoFields.compactMap { field in
                Self.returnedList(passed, field: field).map { ArgumentField(index: index, field: field, values: [$0]) }
            }
        }
        guard let target = FunctionScope.addressedReference(argument), let declaration = target.referenced,
              [.varDecl, .parmDecl].contains(declaration.kind), !Self.isGlobal(declaration) else { return [] }
        let variable = declaration.usr
        // Fields given a constant here (`conf.type = SOCK_DGRAM`): a field only computed values go to
        // would say nothing a callee could use, and evaluating every field of every argument of
        // every call is most of a large tree's extraction.
        var fields = scope.memberPaths(of: variable).filter { path in
            scope.assignments[.member(variable, path)]?.contains { $0.value.integerValue != nil } == true
        }
        let aliases = scope.aliases(of: variable)
        if scope.addrinfoCalls.contains(where: { call in
            call.hintsVariable == variable || call.resultVariable.map { aliases.contains($0) || scope.aliases(of: $0).contains(variable) } == true
        }) || scope.outCalls.contains(where: { scope.aliases(of: $0.variable).contains(variable) })
            || declaration.typeSpelling.contains("addrinfo") {
            for field in LibraryModels.addrinfoFields where !fields.contains(field) { fields.append(field) }
        }
        var results: [ArgumentField] = []
        for field in fields.sorted() {
            var visiting: Set<String> = []
            let stored = storedValues(.member(variable, field), read: call, name: { declaration.spelling + "." + field },
                                      depth: 1, visiting: &visiting)
            var values = stored.values
            if stored.replaced {
                results.append(ArgumentField(index: index, field: field, values: values))
                continue
            }
            values += objectField(base: target, field: field, record: "", read: call, depth: 1, visiting: &visiting)
            // Only the class answers: say nothing, so the callee uses its own (properly named) class.
            if values.allSatisfy({ if case .location(.field) = $0 { true } else { false } }) { continue }
            results.append(ArgumentField(index: index, field: field, values: values))
        }
        return results
    }

    /// Field `field` of the object `base` names (a struct variable, or a pointer to one).
    func objectField(base: Cursor, field: String, record: String, read: SourceLocation?, depth: Int, visiting: inout Set<String>) -> [ValueSource] {
        let classLocation = ValueSource.location(.field(record: record, name: field))
        // The list a project function returns (`dial(resolve(host))`): the fields its return hands out.
        if let returned = Self.returnedList(base.strippingWrappers, field: field) { return [returned] }
        guard depth < Self.depthLimit, let declaration = FunctionScope.addressedReference(base)?.referenced,
              [.varDecl, .parmDecl].contains(declaration.kind) else { return [classLocation] }
        let variable = declaration.usr
        if Self.isGlobal(declaration) { return [classLocation] }
        if let values = addrinfoValues(variable: variable, field: field, depth: depth, visiting: &visiting) { return values }
        var results: [ValueSource] = []
        for call in scope.outCalls where LibraryModels.addrinfoFields.contains(field) && scope.aliases(of: call.variable).contains(variable) {
            results.append(.location(.outField(usr: call.callee, index: call.index, field: field)))
        }
        if !results.isEmpty { return results }
        // A whole struct copied into the variable, or a pointer to one: its field is the source's.
        if declaration.kind == .varDecl, !visiting.contains(variable), var stores = scope.assignments[.variable(variable)], !stores.isEmpty {
            if let read { stores = scope.reaching(stores, read: read) }
            visiting.insert(variable)
            defer { visiting.remove(variable) }
            for store in stores {
                let source = store.value.strippingWrappers
                if source.kind == .declRefExpr || source.kind == .unaryOperator {
                    results += objectField(base: source, field: field, record: record, read: read, depth: depth + 1, visiting: &visiting)
                } else if FactExtractor.isNullPointer(store.value) {
                    // `struct addrinfo *addrs = NULL;`: no object yet, so no field to read.
                    continue
                } else if let returned = Self.returnedList(source, field: field) {
                    // `addrs = resolve_host(…)`: the list that function returns.
                    results.append(returned)
                } else if let node = Self.nextNode(source) {
                    // `ai = ai->ai_next`: every node of a getaddrinfo list has the fields its hints
                    // asked for, so the next node's are the node's, not every addrinfo's anywhere
                    // (the variable's own other stores say what that is).
                    if FunctionScope.addressedReference(node)?.referenced?.usr != variable {
                        results += objectField(base: node, field: field, record: record, read: read, depth: depth + 1, visiting: &visiting)
                    }
                } else {
                    results.append(classLocation)
                }
            }
            if !results.isEmpty { return results }
        }
        if declaration.kind == .parmDecl, let index = scope.parameters.firstIndex(of: variable) {
            return [.parameterField(usr: scope.reference.usr, index: index, field: field, record: record)]
        }
        return [classLocation]
    }

    /// A call of a project function that returns a getaddrinfo list: what LocationWriteExtractor
    /// records for its `return` (`outField` at index -1).
    static func returnedList(_ expression: Cursor, field: String) -> ValueSource? {
        guard LibraryModels.addrinfoFields.contains(field), expression.typeSpelling.contains("addrinfo"),
              let callee = LocationWriteExtractor.calleeResult(expression) else { return nil }
        return .location(.outField(usr: callee, index: -1, field: field))
    }

    /// The node whose `ai_next` the expression reads (`ai->ai_next` → `ai`), for getaddrinfo's lists.
    static func nextNode(_ expression: Cursor) -> Cursor? {
        guard expression.kind == .memberRefExpr, let member = expression.referenced, member.kind == .fieldDecl,
              member.spelling == "ai_next", member.semanticParent?.spelling == "addrinfo" else { return nil }
        return expression.children.first?.strippingWrappers
    }

    /// `ai->ai_socktype` / `ai->ai_family` of a list that getaddrinfo filled in this function: what
    /// the hints asked for. Hints left at 0 mean "any", which proves nothing.
    /// Hints that leave a field at 0: any socket type (proves nothing), or either address family.
    private static func unspecified(field: String, at location: SourceLocation?) -> [ValueSource] {
        guard field == "ai_family", let location else { return [.unknown] }
        let origin = Origin.addrinfoAnyFamily(call: location)
        return [.constant(SocketConstants.inet, origins: [origin]), .constant(SocketConstants.inet6, origins: [origin])]
    }

    /// nil when no getaddrinfo call of this function filled the list: the field's class answers then.
    func addrinfoValues(variable: String, field: String, depth: Int, visiting: inout Set<String>) -> [ValueSource]? {
        guard LibraryModels.addrinfoFields.contains(field) else { return nil }
        var results: [ValueSource] = []
        var explained = false
        for call in scope.addrinfoCalls {
            guard let list = call.resultVariable, scope.aliases(of: list).contains(variable) else { continue }
            explained = true
            results += hintsValues(call, field: field, depth: depth, visiting: &visiting)
        }
        guard explained else { return nil }
        return results.isEmpty ? [.unknown] : results
    }

    /// What field `field` of every result of the getaddrinfo call `call` is: what its hints ask for.
    func hintsValues(_ call: FunctionScope.AddrinfoCall, field: String, depth: Int, visiting: inout Set<String>) -> [ValueSource] {
        var results: [ValueSource] = []
        let assignments = call.hintsVariable.map { scope.assignments[.member($0, field)] ?? [] } ?? []
        if assignments.isEmpty, let hints = call.hintsVariable, let index = scope.parameters.firstIndex(of: hints) {
            // Hints passed in (by value or by pointer): each caller says what its hints hold.
            results.append(.parameterField(usr: scope.reference.usr, index: index, field: field, record: "addrinfo"))
        } else if assignments.isEmpty {
            results += Self.unspecified(field: field, at: call.location)
        }
        for assignment in assignments {
            let hint = Origin.addrinfoHints(field: field, assignment: assignment.location)
            for value in values(of: assignment.value, depth: depth + 1, visiting: &visiting) {
                if case let .constant(number, origins) = value {
                    results += number == 0 && field == "ai_family"
                        ? Self.unspecified(field: field, at: assignment.location)
                        : [.constant(number, origins: [hint] + origins)]
                } else {
                    results.append(value)
                }
            }
        }
        return results
    }
}
