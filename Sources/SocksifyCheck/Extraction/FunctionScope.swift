import ClangSupport
import SocksifyAnalysis

/// One function definition, with the facts about its body that value tracking needs. The body is
/// walked at most once, and only when a socket argument refers to a variable.
final class FunctionScope {
    struct Assignment {
        var value: Cursor
        var location: SourceLocation
        /// The block this assignment runs unconditionally in (a statement of it, or a declaration
        /// there): it then replaces every earlier value for the reads after it in that block.
        var block: SourceRange? = nil
    }

    struct AddrinfoCall {
        var hintsVariable: String?
        var resultVariable: String?
        var location: SourceLocation?
        /// The result pointer is the function's own parameter (`getaddrinfo(h, p, &hints, out)`): the
        /// list goes to the caller.
        var resultIsParameter = false
    }

    /// `f(..., &v, ...)` or `v = f(...)` of a project function `f`: what `v` holds afterwards is
    /// what `f` hands out through parameter `index` (-1: its result).
    struct OutCall {
        var variable: String
        var callee: String
        var index: Int
    }

    let function: Cursor
    let reference: FunctionRef
    let parameters: [String]

    init(function: Cursor) {
        self.function = function
        reference = FunctionRef(name: function.spelling, usr: function.usr)
        parameters = function.arguments.map(\.usr)
    }

    /// What is assigned to: a variable, or a field of one (`v.field`, `p->field`), by USR.
    enum StorageKey: Hashable {
        case variable(String)
        case member(String, String)
        /// `*p` of a pointer variable or parameter `p`.
        case pointee(String)
    }

    var assignments: [StorageKey: [Assignment]] { body.assignments }
    /// `v |= x`, `v &= x` and the like: the operator (`|=`) and the right side, by target.
    var compoundAssignments: [StorageKey: [(operator: String, value: Cursor)]] { body.compound }
    var addrinfoCalls: [AddrinfoCall] { body.addrinfo }
    /// Variables cleared with memset(&v, 0, ...) or bzero, or initialized with `= { ... }`.
    var zeroedVariables: Set<String> { body.zeroed }
    var outCalls: [OutCall] { body.outCalls }

    private lazy var body: Body = collectBody()

    private struct Body {
        var assignments: [StorageKey: [Assignment]]
        var compound: [StorageKey: [(operator: String, value: Cursor)]]
        var addrinfo: [AddrinfoCall]
        var zeroed: Set<String>
        var outCalls: [OutCall]
    }

    private func collectBody() -> Body {
        var assignments: [StorageKey: [Assignment]] = [:]
        var addrinfo: [AddrinfoCall] = []
        var zeroed: Set<String> = []
        var compound: [StorageKey: [(operator: String, value: Cursor)]] = [:]
        var blockOfDeclaration: [Int: SourceRange] = [:]
        var outCalls: [OutCall] = []
        var byteCopies: [String: [Assignment]] = [:]
        func projectCallee(_ expression: Cursor) -> String? {
            let call = expression.strippingWrappers
            guard call.kind == .callExpr, let callee = call.referenced, callee.kind == .functionDecl,
                  !callee.isInSystemHeader else { return nil }
            return callee.usr
        }
        function.walkWithParent { cursor, parent in
            switch cursor.kind {
            case .compoundAssignOperator:
                let operands = cursor.children
                if operands.count == 2, let key = Self.storageKey(of: operands[0]),
                   let spelling = operands[0].tokens(upTo: operands[1])?.first(where: { $0.kind == .punctuation })?.spelling {
                    compound[key, default: []].append((spelling, operands[1]))
                }
            case .forStmt, .whileStmt, .doStmt:
                if let extent = cursor.extent { loops.append(extent) }
                // `do { ... } while (0)` (an ASSERT macro's body) runs once, in its parent's block.
                let parts = cursor.children
                if cursor.kind == .doStmt, parent.kind == .compoundStmt, parts.count == 2, parts[1].integerValue == 0,
                   let body = parts[0].extent, let block = parent.extent {
                    onceBlocks[body.start.offset] = block
                }
            case .ifStmt:
                recordGuard(cursor)
                recordExitCheck(cursor, parent: parent)
            case .declStmt where parent.kind == .compoundStmt:
                if let start = cursor.extent?.start.offset, let block = parent.extent { blockOfDeclaration[start] = block }
            case .binaryOperator where cursor.binaryOperatorSpelling == "=":
                let operands = cursor.children
                if let key = Self.storageKey(of: operands[0]), let location = operands[0].location {
                    let block = parent.kind == .compoundStmt ? parent.extent : nil
                    assignments[key, default: []].append(Assignment(value: operands[1], location: location, block: block))
                    if case let .variable(usr) = key, let callee = projectCallee(operands[1]) {
                        outCalls.append(OutCall(variable: usr, callee: callee, index: -1))
                    }
                }
            case .varDecl:
                if cursor.children.last?.kind == .initListExpr { zeroed.insert(cursor.usr) }
                if let initializer = cursor.children.last(where: { $0.kind.isExpression }), let callee = projectCallee(initializer) {
                    outCalls.append(OutCall(variable: cursor.usr, callee: callee, index: -1))
                }
                for (key, assignment) in Self.designatedInitializers(of: cursor) {
                    assignments[key, default: []].append(assignment)
                }
            case .callExpr:
                // The callee's name once: each `referenced` and `spelling` is a call into libclang,
                // and a body holds more calls than anything else this walk looks at.
                let calleeName = cursor.referenced?.spelling ?? ""
                switch calleeName {
                case "memset", "bzero", "explicit_bzero":
                    let arguments = cursor.arguments
                    if let variable = arguments.first.flatMap(Self.addressedVariable),
                       calleeName != "memset" || arguments.count == 3 && arguments[1].integerValue == 0 {
                        zeroed.insert(variable)
                    }
                case "memcpy", "memmove", "bcopy":
                    // A struct copied byte-wise is a store of the source into the target.
                    let arguments = cursor.arguments
                    if arguments.count == 3 {
                        let (target, source) = calleeName == "bcopy" ? (arguments[1], arguments[0]) : (arguments[0], arguments[1])
                        if let variable = Self.addressedVariable(target), let location = cursor.location {
                            byteCopies[variable, default: []].append(Assignment(value: source, location: location))
                        }
                    }
                case "getaddrinfo":
                    let arguments = cursor.arguments
                    if arguments.count == 4 {
                        let result = arguments[3].strippingWrappers
                        addrinfo.append(AddrinfoCall(
                            hintsVariable: Self.addressedVariable(arguments[2]),
                            resultVariable: Self.addressedVariable(arguments[3]),
                            location: cursor.calleeNameCursor?.location,
                            resultIsParameter: result.kind == .declRefExpr && result.referenced?.kind == .parmDecl
                        ))
                    }
                default:
                    if let callee = projectCallee(cursor) {
                        for (index, argument) in cursor.arguments.enumerated() {
                            let target = argument.strippingWrappers
                            guard target.kind == .unaryOperator, let variable = Self.addressedVariable(argument),
                                  target.children.first?.strippingWrappers.kind == .declRefExpr,
                                  target.unaryOperatorSpelling == "&" else { continue }
                            outCalls.append(OutCall(variable: variable, callee: callee, index: index))
                        }
                    }
                }
            default: break
            }
            return .into
        }
        declarationBlocks = blockOfDeclaration
        copiesStorage = byteCopies
        return Body(assignments: assignments, compound: compound, addrinfo: addrinfo, zeroed: zeroed, outCalls: outCalls)
    }

    /// `if (!(x == C)) leave;` or `if (x != C) leave;` where leaving is a return, a continue, a
    /// break, a goto or a call that never returns (ASSERT's assert_failed, abort, exit): the code
    /// after it in the same block only runs when `x == C`.
    struct ExitCheck {
        var block: SourceRange
        var end: Int
        var tested: Cursor
        var value: Cursor
    }

    private(set) var exitChecks: [ExitCheck] = []
    /// Bodies of `do { } while (0)` by start offset: the block they run in once.
    private var onceBlocks: [Int: SourceRange] = [:]

    private func recordExitCheck(_ statement: Cursor, parent: Cursor) {
        let parts = statement.children
        guard parts.count == 2, parent.kind == .compoundStmt, var block = parent.extent, let end = statement.extent?.end.offset,
              let (tested, value) = Self.failedEquality(parts[0]), Self.leaves(parts[1]) else { return }
        if let outer = onceBlocks[block.start.offset] { block = outer }
        exitChecks.append(ExitCheck(block: block, end: end, tested: tested, value: value))
    }

    /// `!(a == b)` or `a != b`: the two sides, the constant one second.
    private static func failedEquality(_ condition: Cursor) -> (Cursor, Cursor)? {
        let stripped = condition.strippingWrappers
        var comparison: Cursor?
        // Inside a macro's body (ASSERT's `if (!(x))`) libclang gives no token for the operator;
        // over a comparison, the only unary operator C code writes is `!`.
        if stripped.kind == .unaryOperator, ["!", nil].contains(stripped.unaryOperatorSpelling),
           let operand = stripped.children.first?.strippingWrappers,
           operand.kind == .binaryOperator, operand.binaryOperatorSpelling == "==" {
            comparison = operand
        } else if stripped.kind == .binaryOperator, stripped.binaryOperatorSpelling == "!=" {
            comparison = stripped
        }
        guard let comparison else { return nil }
        let sides = comparison.children
        guard sides.count == 2 else { return nil }
        if sides[1].integerValue != nil, sides[0].integerValue == nil { return (sides[0], sides[1]) }
        if sides[0].integerValue != nil, sides[1].integerValue == nil { return (sides[1], sides[0]) }
        return nil
    }

    /// The branch never falls through to the code after the `if`.
    private static func leaves(_ branch: Cursor) -> Bool {
        var found = false
        let visit: (Cursor) -> Void = { cursor in
            switch cursor.kind {
            case .returnStmt, .continueStmt, .breakStmt, .gotoStmt:
                found = true
            case .callExpr:
                if let callee = cursor.referenced, callee.kind == .functionDecl, Self.neverReturns(callee) {
                    found = true
                }
            default:
                break
            }
        }
        visit(branch)
        branch.walk { visit($0); return found ? .stop : .into }
        return found
    }

    /// A function declared `__attribute__((noreturn))` (or `_Noreturn`): clang prints the attribute
    /// in the function's type, and libclang shows it as an attribute of the declaration.
    static func neverReturns(_ function: Cursor) -> Bool {
        if function.typeSpelling.contains("noreturn") { return true }
        return function.children.contains { $0.kind == .unexposedAttr && $0.tokens.contains { $0.spelling.contains("noreturn") } }
    }

    /// The value a check that leaves on failure pins `key` to at `read`, if one runs before it.
    func checkedValue(of key: StorageKey, at read: SourceLocation) -> Cursor? {
        _ = body
        return exitChecks.last { check in
            check.block.contains(read) && check.end <= read.offset && Self.storageKey(of: check.tested) == key
        }?.value
    }

    /// Branches taken on a parameter's truth (`if (nonblock)`, `if (!on)`): what happens in them
    /// happens only for callers that pass such a value.
    struct ParameterGuard {
        var range: SourceRange
        var parameter: Int
        var nonzero: Bool
    }

    private(set) var guards: [ParameterGuard] = []

    private func recordGuard(_ statement: Cursor) {
        let parts = statement.children
        guard parts.count >= 2, let (parameter, nonzero) = parameterTest(parts[0]) else { return }
        if let then = parts[1].extent { guards.append(ParameterGuard(range: then, parameter: parameter, nonzero: nonzero)) }
        if parts.count >= 3, let otherwise = parts[2].extent {
            guards.append(ParameterGuard(range: otherwise, parameter: parameter, nonzero: !nonzero))
        }
    }

    /// `p` (true when nonzero) or `!p` (true when zero) for a parameter `p` of this function.
    private func parameterTest(_ condition: Cursor) -> (Int, Bool)? {
        let stripped = condition.strippingWrappers
        if stripped.kind == .declRefExpr, let declaration = stripped.referenced, declaration.kind == .parmDecl,
           let index = parameters.firstIndex(of: declaration.usr) {
            return (index, true)
        }
        if stripped.kind == .unaryOperator, stripped.unaryOperatorSpelling == "!",
           let operand = stripped.children.first, let (index, nonzero) = parameterTest(operand) {
            return (index, !nonzero)
        }
        return nil
    }

    /// The innermost parameter test whose branch holds `location`.
    func guardAt(_ location: SourceLocation) -> ParameterGuard? {
        _ = body
        return guards.filter { $0.range.contains(location) }.min { $0.range.end.offset - $0.range.start.offset < $1.range.end.offset - $1.range.start.offset }
    }

    /// Loops of the body: a store later in a loop reaches a read earlier in it on the next turn.
    private(set) var loops: [SourceRange] = []
    /// The block each declaration statement (by its start offset) sits in.
    private(set) var declarationBlocks: [Int: SourceRange] = [:]

    /// The block of the declaration statement that starts at `start` (`int a = 1;`, whose first
    /// declarator shares the statement's start), if it sits directly in one.
    func declarationBlock(startingAt start: SourceLocation) -> SourceRange? {
        _ = body
        return declarationBlocks[start.offset].flatMap { $0.contains(start) ? $0 : nil }
    }

    /// The stores that may reach a read at `read`, in source order: the last store before it that
    /// runs unconditionally in a block enclosing the read replaces all earlier ones (cheap
    /// flow sensitivity for straight-line code); stores after the read count when a loop holds both.
    func reaching(_ stores: [Assignment], read: SourceLocation) -> [Assignment] {
        _ = body
        let sorted = stores.sorted { $0.location.offset < $1.location.offset }
        let before = sorted.filter { $0.location.file == read.file && $0.location.offset < read.offset }
        guard let killer = before.last(where: { $0.block?.contains(read) == true }) else { return stores }
        let enclosingLoops = loops.filter { $0.contains(read) }
        return sorted.filter { store in
            store.location.offset >= killer.location.offset && store.location.offset < read.offset
                || store.location.offset > read.offset && enclosingLoops.contains { $0.contains(store.location) }
        }
    }

    /// True when one of `stores` runs unconditionally before `read` in a block enclosing it: the
    /// stores `reaching` returns are then all the value can be (a strong update).
    func kills(_ stores: [Assignment], read: SourceLocation) -> Bool {
        _ = body
        return stores.contains { store in
            store.location.file == read.file && store.location.offset < read.offset && store.block?.contains(read) == true
        }
    }

    /// `x` is the variable; `x.f`, `x->f.g` are member paths of it.
    static func storageKey(of expression: Cursor) -> StorageKey? {
        let target = expression.strippingWrappers
        switch target.kind {
        case .declRefExpr:
            return target.referenced.map { .variable($0.usr) }
        case .memberRefExpr:
            guard let base = target.children.first else { return nil }
            switch storageKey(of: base) {
            case let .variable(usr): return .member(usr, target.spelling)
            case let .member(usr, path): return .member(usr, path + "." + target.spelling)
            case .pointee, nil: return nil
            }
        case .unaryOperator:
            guard let operand = target.children.first?.strippingWrappers, operand.kind == .declRefExpr,
                  target.unaryOperatorSpelling == "*", let usr = operand.referenced?.usr else { return nil }
            return .pointee(usr)
        default:
            return nil
        }
    }

    /// `struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }`: each designated field counts as an
    /// assignment to `hints.ai_socktype`. libclang shows the syntactic form: a designator is a MemberRef.
    static func designatedInitializers(of variable: Cursor) -> [(StorageKey, Assignment)] {
        guard let list = variable.children.last, list.kind == .initListExpr else { return [] }
        let usr = variable.usr
        return list.children.compactMap { element in
            let parts = element.children
            guard let designator = parts.first(where: { $0.kind == .memberRef }), parts.filter({ $0.kind == .memberRef }).count == 1,
                  let value = parts.last(where: { $0.kind.isExpression }), let location = designator.location else { return nil }
            return (.member(usr, designator.spelling), Assignment(value: value, location: location))
        }
    }

    /// The variable in `&v` (or a plain pointer variable `p`).
    static func addressedVariable(_ expression: Cursor) -> String? {
        addressedReference(expression)?.referenced?.usr
    }

    /// The variable reference in `&v` or `v` (`*p` too): the object an argument or base names.
    static func addressedReference(_ expression: Cursor) -> Cursor? {
        let target = expression.strippingWrappers
        if target.kind == .unaryOperator, let operand = target.children.first?.strippingWrappers,
           operand.kind == .declRefExpr {
            return operand
        }
        return target.kind == .declRefExpr ? target : nil
    }

    /// Variables that hold (a pointer into) the list `variable` points to: `ai = res`, `ai = ai->ai_next`.
    func aliases(of variable: String) -> Set<String> {
        if let known = aliasCache[variable] { return known }
        let result = computeAliases(of: variable)
        aliasCache[variable] = result
        return result
    }

    /// The single-level member paths this function stores into on `variable` (`v.f`, `v->f`).
    func memberPaths(of variable: String) -> [String] {
        if memberPathIndex == nil {
            var index: [String: [String]] = [:]
            for key in assignments.keys {
                if case let .member(owner, path) = key, !path.contains(".") { index[owner, default: []].append(path) }
            }
            memberPathIndex = index.mapValues { $0.sorted() }
        }
        return memberPathIndex?[variable] ?? []
    }

    private var memberPathIndex: [String: [String]]?

    /// memcpy/memmove/bcopy into `&v`, by the variable: the source expressions.
    var byteCopies: [String: [Assignment]] {
        _ = body
        return copiesStorage
    }

    private var copiesStorage: [String: [Assignment]] = [:]

    /// What each expression evaluated to (ExpressionEvaluator's top-level answers).
    var valueCache: [Cursor: [ValueSource]] = [:]

    /// Asked for every field read and every argument of a project call: computed once per variable.
    private var aliasCache: [String: Set<String>] = [:]

    private func computeAliases(of variable: String) -> Set<String> {
        var result: Set<String> = [variable]
        var changed = true
        while changed {
            changed = false
            for (key, values) in assignments {
                guard case let .variable(usr) = key, !result.contains(usr) else { continue }
                if values.contains(where: { !$0.value.referencedVariableUSRs.isDisjoint(with: result) }) {
                    result.insert(usr)
                    changed = true
                }
            }
        }
        return result
    }
}
