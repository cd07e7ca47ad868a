import ClangSupport

extension Cursor {
    /// The expression with implicit casts, parentheses and explicit casts peeled off, and the
    /// compound literal glibc's transparent unions wrap a sockaddr argument in under _GNU_SOURCE
    /// (`(__SOCKADDR_ARG){ (struct sockaddr *)&sin }`).
    var strippingWrappers: Cursor {
        var current = self
        while true {
            if [.unexposedExpr, .parenExpr, .cStyleCastExpr].contains(current.kind) {
                guard let inner = current.children.last(where: { $0.kind.isExpression }) else { break }
                current = inner
            } else if current.kind == .compoundLiteralExpr, let list = current.children.last, list.kind == .initListExpr {
                let elements = list.children
                guard elements.count == 1, elements[0].kind.isExpression else { break }
                current = elements[0]
            } else {
                break
            }
        }
        return current
    }

    /// The spelling of a binary operator: libclang 14 has no call for it, so read the first token
    /// after the left operand.
    var binaryOperatorSpelling: String? {
        let operands = children
        guard operands.count == 2, let leftEnd = operands[0].extent?.end else { return nil }
        if let spelling = (operands[0].tokens(upTo: operands[1]) ?? tokens).first(where: {
            $0.location.file == leftEnd.file && $0.location.offset >= leftEnd.offset && $0.kind == .punctuation
        })?.spelling {
            return spelling
        }
        // Inside a macro's arguments (`ASSERT(a == b)`) the operands' expansion ends meet at the
        // macro's use; where they are spelled, the operator is between them.
        return operands[0].spelledTokens(upTo: operands[1])?.first { $0.kind == .punctuation }?.spelling
    }

    /// The spelling of a unary operator (`!`, `&`, `*`, `~`, `-`); nil when libclang cannot show
    /// it (an operator written in a macro's body collapses to the macro's name).
    var unaryOperatorSpelling: String? {
        let token = isInMacro ? spelledFirstToken : tokens.first
        return token?.kind == .punctuation ? token?.spelling : nil
    }

    /// For a call: the token naming the callee (`socket` in `socket(...)`).
    var calleeNameCursor: Cursor? {
        children.first.map(\.strippingWrappers).flatMap { $0.kind == .declRefExpr ? $0 : nil }
    }

    /// The variables an expression reads.
    var referencedVariableUSRs: Set<String> {
        var found: Set<String> = []
        let visit: (Cursor) -> Void = { cursor in
            if cursor.kind == .declRefExpr, let declaration = cursor.referenced,
               [.varDecl, .parmDecl].contains(declaration.kind) {
                found.insert(declaration.usr)
            }
        }
        visit(self)
        walk { visit($0); return .into }
        return found
    }
}
