/// What a Makefile's variables may hold, for reading recipes: every assignment in every branch and
/// included file counts (`+=` appends, the others each add a possible value), so the answer is
/// "may contain", which is what deciding where to put flags needs.
struct MakeVariables {
    private var values: [String: [String]] = [:]

    /// GNU make's built-in values that recipes commonly rely on.
    static let builtins: [String: String] = [
        "CC": "cc",
        "COMPILE.c": "$(CC) $(CFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c",
        "LINK.c": "$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)",
        "LINK.o": "$(CC) $(LDFLAGS) $(TARGET_ARCH)",
        "OUTPUT_OPTION": "-o $@",
        "MAKE": "make",
    ]

    init(_ assignments: [MakefileSyntax.Assignment]) {
        for assignment in assignments {
            values[assignment.name, default: []].append(assignment.value)
        }
    }

    func isDefined(_ name: String) -> Bool { values[name] != nil }

    /// Every variable the Makefile (and what it includes) assigns.
    var names: Set<String> { Set(values.keys) }

    func raw(_ name: String) -> String {
        if let list = values[name] { return list.joined(separator: " ") }
        return Self.builtins[name] ?? ""
    }

    /// Expands `$(NAME)`, `${NAME}`, `$(NAME:.c=.o)` and function calls (whose arguments are kept,
    /// enough to see which words they produce); `$$` becomes `$`; automatic variables stay as written.
    /// A variable that refers to itself expands to nothing inside itself (GNU make calls that an
    /// error), and the result is capped, so hostile Makefiles cannot make this exponential.
    func expand(_ text: String) -> String {
        var budget = Self.expansionBudget
        var active: Set<String> = []
        return expand(text, depth: 0, budget: &budget, active: &active)
    }

    static let expansionBudget = 1 << 16

    private func expand(_ text: String, depth: Int, budget: inout Int, active: inout Set<String>) -> String {
        guard depth < 16, budget > 0 else { return "" }
        var result = ""
        var characters = Array(text)[...]
        while let character = characters.popFirst(), budget > 0 {
            guard character == "$", let next = characters.first else {
                result.append(character)
                budget -= 1
                continue
            }
            if next == "$" {
                characters.removeFirst()
                result += "$$"
                continue
            }
            let piece: String
            if next == "(" || next == "{" {
                characters.removeFirst()
                piece = reference(Self.referenceBody(&characters, opening: next), depth: depth, budget: &budget, active: &active)
            } else {
                characters.removeFirst()
                let name = String(next)
                piece = ["@", "<", "^", "+", "?", "*", "%", "|"].contains(name)
                    ? "$" + name : variable(name, depth: depth, budget: &budget, active: &active)
            }
            result += piece
        }
        return result
    }

    private func variable(_ name: String, depth: Int, budget: inout Int, active: inout Set<String>) -> String {
        guard active.insert(name).inserted else { return "" }
        defer { active.remove(name) }
        return expand(raw(name), depth: depth + 1, budget: &budget, active: &active)
    }

    private func reference(_ inner: String, depth: Int, budget: inout Int, active: inout Set<String>) -> String {
        if let space = inner.firstIndex(of: " ") {
            // A function call: keep what its arguments expand to.
            let arguments = String(inner[inner.index(after: space)...])
            return expand(arguments.replacingCommas(), depth: depth + 1, budget: &budget, active: &active)
        }
        if let colon = inner.firstIndex(of: ":"), let equals = inner.firstIndex(of: "="), colon < equals {
            let name = String(inner[..<colon])
            let from = String(inner[inner.index(after: colon)..<equals])
            let to = String(inner[inner.index(after: equals)...])
            return variable(name, depth: depth, budget: &budget, active: &active).split(separator: " ").map { word in
                word.hasSuffix(from) ? String(word.dropLast(from.count)) + to : String(word)
            }.joined(separator: " ")
        }
        return variable(inner, depth: depth, budget: &budget, active: &active)
    }

    /// What stands between the `(` (or `{`) just consumed and its matching close, which is consumed too.
    private static func referenceBody(_ characters: inout ArraySlice<Character>, opening: Character) -> String {
        let close: Character = opening == "(" ? ")" : "}"
        var inner = ""
        var level = 1
        while let c = characters.popFirst() {
            if c == opening { level += 1 }
            if c == close { level -= 1; if level == 0 { break } }
            inner.append(c)
        }
        return inner
    }

    /// The names `$(NAME)` / `${NAME}` / `$N` references in `text`, outermost first, not expanded.
    static func references(in text: String) -> [String] {
        var names: [String] = []
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            guard character == "$", let next = characters.first else { continue }
            characters.removeFirst()
            if next == "(" || next == "{" {
                let inner = referenceBody(&characters, opening: next)
                let name = String(inner.prefix { $0 != ":" && $0 != " " })
                if !inner.contains(" ") { names.append(name) } else { names += references(in: inner) }
            } else if next != "$" {
                names.append(String(next))
            }
        }
        return names
    }
}

extension String {
    fileprivate func replacingCommas() -> String {
        String(map { $0 == "," ? " " : $0 })
    }
}
