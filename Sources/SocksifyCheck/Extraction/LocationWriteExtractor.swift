import ClangSupport
import SocksifyAnalysis

/// The stores one function (or a file-scope initializer) makes into program-wide locations: struct
/// fields by class, globals, its own result, and what the library functions modelled in
/// `LibraryModels` store for it. Only stores with something known are kept: a location nobody
/// writes a known value to resolves to "unknown" anyway.
struct LocationWriteExtractor {
    /// nil for file-scope initializers, which clang folds without any function to follow.
    let evaluator: ExpressionEvaluator?
    let macros: MacroIndex

    func writes(in function: Cursor, reference: FunctionRef) -> [LocationWrite] {
        guard let evaluator else { return [] }
        var writes: [LocationWrite] = []
        function.walk { cursor in
            switch cursor.kind {
            case .binaryOperator:
                // The operator's spelling costs a tokenization: ask only when the target is shared.
                let operands = cursor.children
                if operands.count == 2, let target = Self.location(of: operands[0]), let site = operands[0].location,
                   cursor.binaryOperatorSpelling == "=" {
                    add(target, evaluator.values(of: operands[1]), at: site, name: Self.text(of: operands[0]), reference, &writes)
                }
            case .varDecl:
                for (field, value, site) in Self.designatedFields(of: cursor) {
                    add(field.location, evaluator.values(of: value), at: site, name: field.name, reference, &writes)
                }
            case .returnStmt:
                if let value = cursor.children.first(where: { $0.kind.isExpression }), let site = value.location {
                    add(.result(reference.usr), evaluator.values(of: value), at: site, name: reference.name + "()", reference, &writes)
                    // A getaddrinfo list (or another wrapper's) returned: its fields go with it.
                    let returned = value.strippingWrappers
                    if returned.kind == .declRefExpr || returned.kind == .callExpr, value.typeSpelling.contains("addrinfo") {
                        for field in LibraryModels.addrinfoFields {
                            var visiting: Set<String> = []
                            let values = returned.kind == .callExpr
                                ? ExpressionEvaluator.returnedList(returned, field: field).map { [$0] } ?? []
                                : evaluator.objectField(base: returned, field: field, record: "addrinfo", read: site, depth: 0, visiting: &visiting)
                            guard values.contains(where: { if case .location(.field) = $0 { false } else { $0 != .unknown } }) else { continue }
                            writes.append(LocationWrite(location: .outField(usr: reference.usr, index: -1, field: field), values: values,
                                                        site: site, name: field, function: reference))
                        }
                    }
                }
            case .callExpr:
                writes += LibraryModels.writes(of: cursor, evaluator: evaluator, function: reference)
                writes += forwardedLists(of: cursor, in: reference)
            default:
                break
            }
            return .into
        }
        return writes
    }

    /// `resolve(host, port, out)` inside a wrapper whose own parameter is `out`: the list this
    /// wrapper hands out is the one `resolve` hands out.
    private func forwardedLists(of call: Cursor, in reference: FunctionRef) -> [LocationWrite] {
        guard let evaluator, let callee = Self.calleeResult(call), let site = call.calleeNameCursor?.location else { return [] }
        var writes: [LocationWrite] = []
        for (position, argument) in call.arguments.enumerated() {
            let target = argument.strippingWrappers
            guard target.kind == .declRefExpr, let declaration = target.referenced, declaration.kind == .parmDecl,
                  declaration.typeSpelling.contains("addrinfo"),
                  let index = evaluator.scope.parameters.firstIndex(of: declaration.usr) else { continue }
            for field in LibraryModels.addrinfoFields {
                writes.append(LocationWrite(location: .outField(usr: reference.usr, index: index, field: field),
                                            values: [.location(.outField(usr: callee, index: position, field: field))],
                                            site: site, name: field, function: reference))
            }
        }
        return writes
    }

    /// The project function a call calls (nil for the C library's and calls through pointers).
    static func calleeResult(_ call: Cursor) -> String? {
        guard call.kind == .callExpr, let callee = call.referenced, callee.kind == .functionDecl, !callee.isInSystemHeader else { return nil }
        return callee.usr
    }

    /// File-scope definitions: `int family = AF_INET6;` and `static struct x t = { .type = SOCK_DGRAM }`,
    /// folded by clang (no function scope to follow variables in).
    func writes(inGlobal variable: Cursor) -> [LocationWrite] {
        var writes: [LocationWrite] = []
        if let initializer = variable.children.last(where: { $0.kind.isExpression }), initializer.kind != .initListExpr,
           let value = constant(initializer), let site = variable.location {
            writes.append(LocationWrite(location: .global(variable.usr), values: [value], site: site, name: variable.spelling, function: nil))
        }
        for (field, value, site) in Self.designatedFields(of: variable) {
            if let constant = constant(value) {
                writes.append(LocationWrite(location: field.location, values: [constant], site: site, name: field.name, function: nil))
            }
        }
        return writes
    }

    private func constant(_ expression: Cursor) -> ValueSource? {
        guard let value = expression.integerValue else { return nil }
        return .constant(value, origins: expression.extent.map { macros.origins(within: $0) } ?? [])
    }

    private func add(_ location: AbstractLocation, _ values: [ValueSource], at site: SourceLocation, name: String,
                     _ function: FunctionRef, _ writes: inout [LocationWrite]) {
        guard values.contains(where: { $0 != .unknown }) else { return }
        writes.append(LocationWrite(location: location, values: values, site: site, name: name, function: function))
    }

    /// The location an assignment's left side names, when other functions can see it.
    static func location(of target: Cursor) -> AbstractLocation? {
        let stripped = target.strippingWrappers
        switch stripped.kind {
        case .memberRefExpr:
            return ExpressionEvaluator.fieldLocation(of: stripped)
        case .declRefExpr:
            guard let declaration = stripped.referenced, ExpressionEvaluator.isGlobal(declaration) else { return nil }
            return .global(declaration.usr)
        default:
            return nil
        }
    }

    /// Each `.field = value` of a designated initializer, nested lists (arrays of structs) too.
    static func designatedFields(of variable: Cursor) -> [(field: (location: AbstractLocation, name: String), value: Cursor, site: SourceLocation)] {
        guard let list = variable.children.last, list.kind == .initListExpr else { return [] }
        var found: [(field: (location: AbstractLocation, name: String), value: Cursor, site: SourceLocation)] = []
        var lists = [list]
        list.walk { cursor in
            if cursor.kind == .initListExpr { lists.append(cursor) }
            return .into
        }
        for cursor in lists {
            for element in cursor.children {
                let parts = element.children
                let designators = parts.filter { $0.kind == .memberRef }
                guard designators.count == 1, let designator = designators.first, let field = designator.referenced,
                      field.kind == .fieldDecl, let value = parts.last(where: { $0.kind.isExpression && $0.kind != .initListExpr }),
                      let site = designator.location else { continue }
                let location = AbstractLocation.field(record: field.semanticParent?.spelling ?? "", name: field.spelling)
                found.append(((location, field.spelling), value, site))
            }
        }
        return found
    }

    /// The expression as written, for notes (`hints.ai_socktype`).
    static func text(of expression: Cursor) -> String {
        expression.tokens.map(\.spelling).joined()
    }
}
