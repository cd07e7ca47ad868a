import ClangSupport
import SocksifyAnalysis

/// How C library functions move socket-relevant values, as data the analysis reads (CodeQL's
/// "models as data"): which location a call stores into, and what.
///
/// | function | effect |
/// |---|---|
/// | `getaddrinfo(node, service, hints, res)` | results' `ai_family`/`ai_socktype` come from the hints (the field classes); NULL hints, or local hints that leave `ai_family` unset, give AF_INET and AF_INET6; each result's `ai_addr` family is its `ai_family`; when `res` is the function's own parameter, the list it hands out (`outField`) has the fields its hints ask for |
/// | `gethostbyname(name)` | `h_addrtype` AF_INET (nothing stored: it proves no IPv6) |
/// | `gethostbyname2(name, af)`, `getipnodebyname(name, af, …)` | `h_addrtype` is `af` |
/// | `inet_pton(af, src, dst)` | nothing: the caller sets the family field itself |
enum LibraryModels {
    /// The fields of a getaddrinfo result a socket() call reads, which follow the lookup's hints.
    static let addrinfoFields = ["ai_socktype", "ai_family"]

    static func writes(of call: Cursor, evaluator: ExpressionEvaluator, function: FunctionRef) -> [LocationWrite] {
        guard let callee = call.referenced, callee.kind == .functionDecl, callee.isInSystemHeader,
              let site = call.calleeNameCursor?.location else { return [] }
        let arguments = call.arguments
        switch callee.spelling {
        case "getaddrinfo" where arguments.count == 4:
            var writes = [LocationWrite(location: .sockaddrFamily, values: [.location(.addrinfoFamily)], site: site,
                                        name: "ai_addr", function: function)]
            if hintsLeaveFamilyUnset(arguments[2], scope: evaluator.scope) {
                let origin = Origin.addrinfoAnyFamily(call: site)
                writes.append(LocationWrite(location: .addrinfoFamily,
                                            values: [.constant(SocketConstants.inet, origins: [origin]),
                                                     .constant(SocketConstants.inet6, origins: [origin])],
                                            site: site, name: "ai_family", function: function))
            }
            // A wrapper's lookup handed out through its parameter: the caller's list is this one.
            if let index = resultParameter(arguments[3], scope: evaluator.scope),
               let call = evaluator.scope.addrinfoCalls.first(where: { $0.location == site }) {
                var visiting: Set<String> = []
                for field in addrinfoFields {
                    let values = evaluator.hintsValues(call, field: field, depth: 0, visiting: &visiting)
                    writes.append(LocationWrite(location: .outField(usr: function.usr, index: index, field: field),
                                                values: values, site: site, name: field, function: function))
                }
            }
            return writes
        case "gethostbyname2" where arguments.count == 2, "getipnodebyname" where arguments.count >= 2:
            return [LocationWrite(location: .field("hostent.h_addrtype"), values: evaluator.values(of: arguments[1]),
                                  site: site, name: "h_addrtype", function: function)]
        default:
            return []
        }
    }

    /// The position of the parameter `res` is, when getaddrinfo writes the list straight to it.
    private static func resultParameter(_ result: Cursor, scope: FunctionScope) -> Int? {
        let target = result.strippingWrappers
        guard target.kind == .declRefExpr, let declaration = target.referenced, declaration.kind == .parmDecl else { return nil }
        return scope.parameters.firstIndex(of: declaration.usr)
    }

    /// NULL hints, or hints this function owns (not a parameter) whose ai_family it never sets.
    private static func hintsLeaveFamilyUnset(_ hints: Cursor, scope: FunctionScope) -> Bool {
        if FactExtractor.isNullPointer(hints) { return true }
        guard let variable = FunctionScope.addressedVariable(hints), !scope.parameters.contains(variable) else { return false }
        let declaration = hints.strippingWrappers
        if declaration.kind == .declRefExpr, declaration.typeSpelling.contains("*") { return false }
        return (scope.assignments[.member(variable, "ai_family")] ?? []).isEmpty
    }
}
