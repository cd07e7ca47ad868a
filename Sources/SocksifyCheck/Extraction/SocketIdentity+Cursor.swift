import ClangSupport
import SocksifyAnalysis

extension SocketIdentity {
    /// The socket an argument names: a variable, a field path of one, an array element (all elements
    /// count as one). A computed value (`fds[i] + 1`, a call's result) names none.
    init?(expression: Cursor) {
        let target = expression.strippingWrappers
        switch target.kind {
        case .declRefExpr:
            guard let declaration = target.referenced, [.varDecl, .parmDecl].contains(declaration.kind) else { return nil }
            self.init(key: declaration.usr, display: declaration.spelling,
                      global: declaration.semanticParent?.kind == .translationUnit)
        case .memberRefExpr:
            guard let base = target.children.first, let owner = SocketIdentity(expression: base) else { return nil }
            let separator = target.tokens.contains { $0.spelling == "->" } ? "->" : "."
            self.init(key: owner.key + "." + target.spelling, display: owner.display + separator + target.spelling,
                      global: owner.global)
        case .unaryOperator:
            // `&conn` handed to a helper and `*fdp` inside one name the object itself: a helper's
            // events on `p->fd` or `*p` are then the caller's on `conn.fd` or `fd`.
            guard let operand = target.children.first, ["&", "*"].contains(target.unaryOperatorSpelling ?? ""),
                  let owner = SocketIdentity(expression: operand) else { return nil }
            self = owner
        case .arraySubscriptExpr:
            guard let base = target.children.first, let owner = SocketIdentity(expression: base) else { return nil }
            self.init(key: owner.key + "[]", display: owner.display + "[]", global: owner.global)
        default:
            return nil
        }
    }

    /// A parameter of the function being built.
    init(parameter: Cursor) {
        self.init(key: parameter.usr, display: parameter.spelling)
    }
}
