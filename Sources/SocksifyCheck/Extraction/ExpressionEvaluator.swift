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
        var visiting: Set<String> = []
        return values(of: expression, depth: 0, visiting: &visiting)
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
            return addrinfoValues(of: expression, depth: depth, visiting: &visiting)
                ?? Self.fieldLocation(of: expression).map { [.location($0)] } ?? [.unknown]
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

    /// `ai->ai_socktype` / `ai->ai_family` of a list that getaddrinfo filled in this function: what
    /// the hints asked for. Hints left at 0 mean "any", which proves nothing.
    /// Hints that leave a field at 0: any socket type (proves nothing), or either address family.
    private static func unspecified(field: String, at location: SourceLocation?) -> [ValueSource] {
        guard field == "ai_family", let location else { return [.unknown] }
        let origin = Origin.addrinfoAnyFamily(call: location)
        return [.constant(SocketConstants.inet, origins: [origin]), .constant(SocketConstants.inet6, origins: [origin])]
    }

    /// nil when no getaddrinfo call of this function filled the list: the field's class answers then.
    private func addrinfoValues(of expression: Cursor, depth: Int, visiting: inout Set<String>) -> [ValueSource]? {
        let field = expression.spelling
        guard ["ai_socktype", "ai_family"].contains(field),
              let base = expression.children.first?.strippingWrappers, base.kind == .declRefExpr,
              let variable = base.referenced?.usr else { return nil }
        var results: [ValueSource] = []
        var explained = false
        for call in scope.addrinfoCalls {
            guard let list = call.resultVariable, scope.aliases(of: list).contains(variable) else { continue }
            explained = true
            let assignments = call.hintsVariable.map { scope.assignments[.member($0, field)] ?? [] } ?? []
            if assignments.isEmpty, let hints = call.hintsVariable, scope.parameters.contains(hints) {
                // Hints passed in (by value or by pointer): filled by a caller, so the field's class.
                results.append(.location(field == "ai_family" ? .addrinfoFamily : .addrinfoSocktype))
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
        }
        guard explained else { return nil }
        return results.isEmpty ? [.unknown] : results
    }
}
