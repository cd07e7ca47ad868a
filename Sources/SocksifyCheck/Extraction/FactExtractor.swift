import ClangSupport
import SocksifyAnalysis

/// Reads one parsed translation unit into `UnitFacts`. The only place the analysis walks an AST.
struct FactExtractor {
    static let socketCreators = SocketAPICatalogue.creators

    let unit: TranslationUnit
    let file: String
    /// The unit's top-level cursors (declarations and preprocessing entities), visited once.
    let topLevel: [Cursor]

    init(unit: TranslationUnit, file: String, topLevel: [Cursor]? = nil) {
        self.unit = unit
        self.file = file
        self.topLevel = topLevel ?? unit.cursor.children
    }

    func extract() -> UnitFacts {
        extract(sharing: nil)!
    }

    /// The unit's facts, with the functions of project headers that `sharing` already holds read
    /// from it and the ones it may hold stored there (HeaderFunctionMemo). Nil when a function
    /// whose body was blanked for this parse means something else here: parse again without.
    func extract(sharing session: HeaderFunctionMemo.Session?) -> UnitFacts? {
        var facts = UnitFacts(file: file)
        let errors = unit.diagnostics.filter { $0.severity >= .error }
        facts.parseErrors = errors.map { ParseProblem(message: $0.message, location: $0.location) }
        let macros = MacroIndex(topLevel: topLevel)
        var shared: [Int: HeaderFunctionMemo.Entry] = [:]
        var candidates: [Int: (HeaderFunctionMemo.Candidate, [String: [SourceLocation]])] = [:]
        if let session {
            let definitions = MacroIndex.projectDefinitions(topLevel: topLevel)
            func context(_ identifiers: [String]) -> [String: [SourceLocation]] {
                var result: [String: [SourceLocation]] = [:]
                for name in identifiers { if let found = definitions[name] { result[name] = found } }
                return result
            }
            let errorLocations = errors.compactMap(\.location)
            for (position, declaration) in topLevel.enumerated() where declaration.kind == .functionDecl && declaration.isDefinition {
                guard let extent = declaration.extent, extent.start.file != file, !declaration.isInSystemHeader else { continue }
                let key = HeaderFunctionMemo.Key(file: extent.start.file, offset: extent.start.offset)
                if let entry = session.memo.entry(key, in: session) {
                    guard context(entry.identifiers) == entry.macroContext else {
                        session.memo.forget(key, in: session)
                        return nil
                    }
                    shared[position] = entry
                } else if let candidate = session.memo.candidate(
                    function: extent, body: declaration.children.last(where: { $0.kind == .compoundStmt })?.extent,
                    errors: errorLocations, in: session) {
                    candidates[position] = (candidate, context(candidate.identifiers))
                }
            }
        }
        let collisions = topLevel.indices.map { shared[$0]?.collisions ?? RenameTargets.collisions(in: topLevel[$0]) }
        facts.collisions = collisions.flatMap { $0 }
        for declaration in topLevel
        where declaration.kind == .varDecl && declaration.isDefinition && !declaration.isInSystemHeader {
            facts.writes += LocationWriteExtractor(evaluator: nil, macros: macros).writes(inGlobal: declaration)
        }
        for (position, declaration) in topLevel.enumerated()
        where declaration.kind == .functionDecl && declaration.isDefinition && !declaration.isInSystemHeader {
            if let entry = shared[position] {
                facts.append(function: entry.facts)
            } else if let session, let (candidate, macroContext) = candidates[position] {
                var own = UnitFacts(file: file)
                unit.withTokens(of: declaration) { extract(function: declaration, macros: macros, into: &own) }
                session.memo.store(candidate, HeaderFunctionMemo.Entry(facts: own, collisions: collisions[position],
                                                                       identifiers: candidate.identifiers, macroContext: macroContext),
                                   in: session)
                facts.append(function: own)
            } else {
                unit.withTokens(of: declaration) { extract(function: declaration, macros: macros, into: &facts) }
            }
        }
        return facts
    }

    /// One function definition's calls, writes and flow, its tokens lexed once (TranslationUnit.withTokens).
    private func extract(function declaration: Cursor, macros: MacroIndex, into facts: inout UnitFacts) {
        let scope = FunctionScope(function: declaration)
        let evaluator = ExpressionEvaluator(scope: scope, macros: macros)
        facts.writes += LocationWriteExtractor(evaluator: evaluator, macros: macros).writes(in: declaration, reference: scope.reference)
        declaration.walk { cursor in
            if cursor.kind == .callExpr {
                record(call: cursor, in: scope, evaluator: evaluator, macros: macros, into: &facts)
            }
            return .into
        }
        let flow = FlowBuilder(function: declaration, extractor: EventExtractor(scope: scope, evaluator: evaluator)).build()
        // A function that returns its parameter as it is (a setup helper's `return fd;`) says so
        // even when it does nothing to the socket: its callers' `return setup(fd)` return `fd`.
        if flow.nodes.contains(where: { !$0.events.isEmpty }) || !Set(flow.returned).isDisjoint(with: flow.parameters) {
            facts.flows.append(flow)
        }
    }

    private func record(call: Cursor, in scope: FunctionScope, evaluator: ExpressionEvaluator,
                        macros: MacroIndex, into facts: inout UnitFacts) {
        // A call through a pointer names no declaration: nothing to follow.
        guard let callee = call.referenced, callee.kind == .functionDecl,
              let nameToken = call.calleeNameCursor, let location = nameToken.location else { return }
        let name = callee.spelling
        let arguments = call.arguments
        if callee.isInSystemHeader, ["accept", "accept4"].contains(name), arguments.count >= 2,
           Self.isNullPointer(arguments[1]) {
            facts.nullAddressAccepts.append(CallFact(callee: name, location: location, function: scope.reference.name))
        }
        if let kind = RenameTargets.unrenamed(callee: name, arguments: arguments, systemFunction: callee.isInSystemHeader) {
            facts.unrenamedCalls.append(UnrenamedCall(kind: kind, callee: name, location: location, function: scope.reference.name))
        }
        if Self.socketCreators.contains(name), !Self.isDefinedInProject(callee), arguments.count >= 2 {
            let writtenInMacro = nameToken.spellingLocation.map { $0 != location } ?? false
            facts.socketCreations.append(SocketCreation(
                callee: name,
                location: location,
                function: scope.reference,
                domain: evaluator.values(of: arguments[0]),
                type: evaluator.values(of: arguments[1]),
                callOrigins: writtenInMacro ? macros.origins(around: location) : []
            ))
        } else if !callee.isInSystemHeader {
            facts.calls.append(CallSite(
                callee: FunctionRef(name: name, usr: callee.usr),
                caller: scope.reference,
                location: location,
                arguments: Self.trimmed(arguments.map { evaluator.values(of: $0) }),
                argumentFields: arguments.enumerated().flatMap { index, argument in
                    evaluator.argumentFields(argument, index: index, at: location)
                }
            ))
        }
    }

    /// Arguments with the trailing ones that say nothing left out: a missing position reads as
    /// unknown, and most calls of a project's own functions (its logger) pass nothing known, so
    /// the cached facts stay small.
    static func trimmed(_ arguments: [[ValueSource]]) -> [[ValueSource]] {
        var result = arguments
        while let last = result.last, last.allSatisfy({ $0 == .unknown }) { result.removeLast() }
        return result
    }

    /// `NULL`, `0`, `(void *)0` — also when glibc wraps the argument in its transparent union
    /// (`__SOCKADDR_ARG`): a constant 0 and no variable anywhere in the argument.
    static func isNullPointer(_ argument: Cursor) -> Bool {
        if argument.strippingWrappers.integerValue == 0 { return true }
        var zero = false, other = false
        argument.walk { cursor in
            switch cursor.kind {
            case .integerLiteral: if cursor.integerValue == 0 { zero = true } else { other = true }
            case .declRefExpr, .callExpr, .memberRefExpr, .unaryOperator: other = true
            default: break
            }
            return .into
        }
        return zero && !other
    }

    /// A project that defines its own `socket()` is not calling the C library's.
    private static func isDefinedInProject(_ callee: Cursor) -> Bool {
        guard let definition = callee.definition else { return false }
        return !definition.isInSystemHeader
    }
}
