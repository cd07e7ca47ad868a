import ClangSupport
import SocksifyAnalysis

/// The names the classic `-D` renames rewrite, and the calls they cannot reach.
enum RenameTargets {
    /// Collected for every profile's renames; the rule keeps those of the profile in use.
    static let names: Set<String> = Profile.anyRenamedFunction

    private static let fastOpenFlag: Int64 = 0x2000_0000
    private static let socketSyscalls: Set<String> = [
        "connect", "bind", "listen", "accept", "accept4", "getsockname", "sendto", "sendmsg", "socketcall",
    ]

    /// Declarations in project files named like a renamed function that are not that function: a
    /// member, variable, parameter, type, enumerator, the project's own function or macro.
    /// `topLevel`: the unit's top-level cursors.
    static func collisions(topLevel: [Cursor]) -> [CollidingDeclaration] {
        topLevel.flatMap(collisions(in:))
    }

    /// The collisions of one top-level cursor and everything in it.
    static func collisions(in top: Cursor) -> [CollidingDeclaration] {
        guard !top.isInSystemHeader else { return [] }
        var found: [CollidingDeclaration] = []
        func inspect(_ cursor: Cursor) {
            // The kind first: it is a number, where the spelling is a string libclang makes, and
            // most cursors (every expression) are of no kind that can collide.
            guard let kind = kindName(cursor), names.contains(cursor.spelling), let location = cursor.location else { return }
            found.append(CollidingDeclaration(name: cursor.spelling, kind: kind, location: location))
        }
        inspect(top)
        top.walk { cursor in
            inspect(cursor)
            return .into
        }
        return found
    }

    private static func kindName(_ cursor: Cursor) -> String? {
        switch cursor.kind {
        case .fieldDecl: "struct or union member"
        case .varDecl: "variable"
        case .parmDecl: "parameter"
        case .typedefDecl: "type"
        case .enumConstantDecl: "enumerator"
        case .functionDecl where cursor.isDefinition: "function defined by the project"
        case .macroDefinition where !cursor.isBuiltinMacro: "macro"
        default: nil
        }
    }

    static func unrenamed(callee: String, arguments: [Cursor], systemFunction: Bool) -> UnrenamedCall.Kind? {
        guard systemFunction else { return nil }
        switch callee {
        case "rcmd", "rcmd_af":
            return .rcmd
        case "sendto" where arguments.count == 6, "sendmsg" where arguments.count == 3:
            let flags = arguments[callee == "sendto" ? 3 : 2].integerValue ?? 0
            return flags & fastOpenFlag != 0 ? .fastOpen : nil
        case "syscall":
            guard let number = arguments.first?.tokens.first?.spelling else { return nil }
            let name = number.replacingOccurrences(of: "SYS_", with: "").replacingOccurrences(of: "__NR_", with: "")
            return socketSyscalls.contains(name) && number != name ? .syscall(number) : nil
        default:
            return nil
        }
    }
}
