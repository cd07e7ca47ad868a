import ClangSupport
import SocksifyAnalysis

/// Works out where `bind(s, (struct sockaddr *)&sin, ...)` puts the socket, from what the function
/// stores into `sin`: clearing it (memset, bzero, `= {0}`) and assigning its address and port fields.
struct BindAddressAnalyzer {
    let scope: FunctionScope
    let evaluator: ExpressionEvaluator

    private static let addressFields = ["sin_addr.s_addr", "sin_addr", "sin6_addr"]
    private static let portFields = ["sin_port", "sin6_port"]
    private static let byteOrderFunctions: Set<String> = ["htons", "htonl", "ntohs", "ntohl", "__bswap_16", "__bswap_32"]

    func analyze(_ argument: Cursor) -> BindAddress {
        // The address itself when other functions can see it (`&data_addr` of a global, `ctx->addr`).
        let own = Self.place(of: argument).map { [$0] } ?? []
        guard let variable = FunctionScope.addressedVariable(argument) else {
            return BindAddress(wildcard: false, port: .unknown, copiedFrom: own)
        }
        let zeroed = scope.zeroedVariables.contains(variable)
        // Where a whole copy of the address came from (`data_addr = myctladdr`, memcpy), for a local
        // or a global variable alike.
        let copies = (scope.assignments[.variable(variable)] ?? []) + (scope.byteCopies[variable] ?? [])
        let copiedFrom = own + copies.compactMap { Self.place(of: $0.value) }
        return BindAddress(wildcard: wildcard(variable, zeroed: zeroed), port: port(variable, zeroed: zeroed),
                           copiedFrom: Array(Set(copiedFrom)).sorted())
    }

    /// The program-wide place an address expression names (`&myctladdr`, `ctx->ctrl_addr`,
    /// `(struct sockaddr *)&g`): a global's USR or a field's class; nil for a local.
    static func place(of expression: Cursor) -> String? {
        let stripped = expression.strippingWrappers
        let target = stripped.kind == .unaryOperator ? stripped.children.first?.strippingWrappers ?? stripped : stripped
        switch target.kind {
        case .declRefExpr:
            guard let declaration = target.referenced, ExpressionEvaluator.isGlobal(declaration) else { return nil }
            return declaration.usr
        case .memberRefExpr:
            guard let field = target.referenced, field.kind == .fieldDecl else { return nil }
            // A field of a local struct (`addr.sa`) is that function's own, not a shared place.
            if let base = target.children.first?.strippingWrappers, base.kind == .declRefExpr,
               let variable = base.referenced, !ExpressionEvaluator.isGlobal(variable), !variable.typeSpelling.contains("*") {
                return nil
            }
            return (field.semanticParent?.spelling ?? "") + "." + field.spelling
        default:
            return nil
        }
    }

    private func assigned(_ variable: String, _ fields: [String]) -> [Cursor] {
        fields.flatMap { scope.assignments[.member(variable, $0)] ?? [] }.map(\.value)
    }

    private func wildcard(_ variable: String, zeroed: Bool) -> Bool {
        let values = assigned(variable, Self.addressFields)
        if values.isEmpty { return zeroed }
        return values.allSatisfy { value in
            let stripped = value.strippingWrappers
            if stripped.kind == .declRefExpr, stripped.spelling == "in6addr_any" { return true }
            return constants(of: value) == [0]
        }
    }

    private func port(_ variable: String, zeroed: Bool) -> BindAddress.Port {
        let values = assigned(variable, Self.portFields)
        if values.isEmpty { return zeroed ? .zero : .unknown }
        let numbers = values.map(constants(of:))
        if numbers.allSatisfy({ $0 == [0] }) { return .zero }
        if let fixed = numbers.lazy.compactMap({ $0?.first { $0 != 0 } }).first { return .fixed(fixed) }
        return .unknown
    }

    /// The values an expression may have, seeing through htons() and friends; nil when not all known.
    private func constants(of expression: Cursor) -> Set<Int64>? {
        let stripped = expression.strippingWrappers
        if stripped.kind == .callExpr, Self.byteOrderFunctions.contains(stripped.referenced?.spelling ?? ""),
           let argument = stripped.arguments.first {
            return constants(of: argument)
        }
        var result: Set<Int64> = []
        for value in evaluator.values(of: expression) {
            guard case let .constant(number, _) = value else { return nil }
            result.insert(number)
        }
        return result
    }
}
