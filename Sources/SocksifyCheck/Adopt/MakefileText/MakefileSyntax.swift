/// One Makefile read into statements, each with the byte range of its text, so edits can be made
/// exactly where they belong and nothing else is touched. GNU make syntax, which includes the POSIX
/// subset BSD make shares.
struct MakefileSyntax {
    struct Assignment {
        var name: String
        /// `=`, `:=`, `::=`, `:::=`, `+=`, `?=`, `!=`
        var operation: String
        var value: String
        var isOverride: Bool
        var range: Range<Int>
    }

    struct RecipeLine {
        /// The line with continuations joined (each backslash-newline read as one space).
        var text: String
        /// For each UTF-8 byte of `text`, where it is in the file.
        var offsets: [Int]

        /// The file offset of the byte at `index` of `text`; its end maps just past the last byte.
        func fileOffset(_ index: Int) -> Int {
            index < offsets.count ? offsets[index] : (offsets.last.map { $0 + 1 } ?? 0)
        }
    }

    struct Rule {
        var targets: [String]
        var prerequisites: [String]
        var recipe: [RecipeLine]
        var range: Range<Int>
    }

    struct Include {
        var paths: String
        var optional: Bool
    }

    var assignments: [Assignment] = []
    var rules: [Rule] = []
    var includes: [Include] = []
    /// The bytes, kept so edits are applied to exactly what was read.
    let bytes: [UInt8]
    /// "\r\n" when the file uses it, so added lines match.
    let lineEnding: String
    let endsWithNewline: Bool

    init(bytes: [UInt8]) {
        self.bytes = bytes
        let text = String(decoding: bytes, as: UTF8.self)
        lineEnding = text.contains("\r\n") ? "\r\n" : "\n"
        endsWithNewline = bytes.last == UInt8(ascii: "\n")
        parse()
    }

    /// Physical lines joined where one ends in an odd number of `\\`, with each byte's file offset.
    private struct LogicalLine {
        var text: String
        var offsets: [Int]
        var range: Range<Int>

        func dropping(_ count: Int) -> (text: String, offsets: [Int]) {
            let bytes = Array(text.utf8)
            return (String(decoding: bytes.dropFirst(count), as: UTF8.self), Array(offsets.dropFirst(count)))
        }
    }

    private func logicalLines() -> [LogicalLine] {
        var lines: [LogicalLine] = []
        var content: [UInt8] = []
        var offsets: [Int] = []
        var lineStart = 0
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
            var end = index
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let backslashes = bytes[start..<end].reversed().prefix { $0 == UInt8(ascii: "\\") }.count
            if content.isEmpty && offsets.isEmpty { lineStart = start }
            if backslashes % 2 == 1 && index < bytes.count {
                content += bytes[start..<(end - 1)] + [UInt8(ascii: " ")]
                offsets += Array(start..<(end - 1)) + [end - 1]
            } else {
                content += bytes[start..<end]
                offsets += Array(start..<end)
                if index < bytes.count || lineStart < index {
                    lines.append(LogicalLine(text: String(decoding: content, as: UTF8.self), offsets: offsets,
                                             range: lineStart..<min(index + 1, bytes.count)))
                }
                content = []
                offsets = []
            }
            start = index + 1
        }
        return lines
    }

    private mutating func parse() {
        var currentRule: Rule?
        var inDefine = false
        func finishRule() {
            if let rule = currentRule { rules.append(rule) }
            currentRule = nil
        }
        for line in logicalLines() {
            if inDefine {
                if line.text.trimmed.hasPrefix("endef") { inDefine = false }
                continue
            }
            if line.text.hasPrefix("\t"), var rule = currentRule {
                let recipe = line.dropping(1)
                rule.recipe.append(RecipeLine(text: recipe.text, offsets: recipe.offsets))
                rule.range = rule.range.lowerBound..<line.range.upperBound
                currentRule = rule
                continue
            }
            let content = Self.stripComment(line.text).trimmed
            if content.isEmpty { continue }
            var words = content.split(separator: " ", maxSplits: 1).map(String.init)
            switch words[0] {
            case "include", "-include", "sinclude":
                includes.append(Include(paths: words.count > 1 ? words[1] : "", optional: words[0] != "include"))
                continue
            case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "vpath", "unexport", ".RECIPEPREFIX":
                // Every branch of a conditional is read: what any branch sets may be in effect.
                continue
            case "define":
                inDefine = true
                continue
            default:
                break
            }
            var isOverride = false
            var body = content
            while let first = words.first, ["override", "export"].contains(first), words.count > 1 {
                isOverride = isOverride || first == "override"
                body = words[1].trimmed
                words = body.split(separator: " ", maxSplits: 1).map(String.init)
            }
            if let assignment = Self.assignment(body, isOverride: isOverride, range: line.range) {
                assignments.append(assignment)
                continue
            }
            if let rule = Self.rule(body, range: line.range) {
                finishRule()
                currentRule = rule
                if let start = Self.inlineRecipeStart(line.text) {
                    let recipe = line.dropping(start)
                    currentRule?.recipe.append(RecipeLine(text: recipe.text, offsets: recipe.offsets))
                }
            }
        }
        finishRule()
    }

    /// `#` starts a comment outside recipes unless escaped.
    static func stripComment(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if character == "#" && !escaped { break }
            escaped = character == "\\" && !escaped
            result.append(character)
        }
        return result
    }

    /// The first `:` or `=` outside `$(...)`/`${...}`: what decides between a rule and an assignment.
    private static func firstSeparator(_ characters: [Character]) -> Int? {
        var depth = 0
        for (index, character) in characters.enumerated() {
            switch character {
            case "(", "{": depth += 1
            case ")", "}": depth -= 1
            case ":", "=": if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    private static func assignment(_ text: String, isOverride: Bool, range: Range<Int>) -> Assignment? {
        let characters = Array(text)
        guard let index = firstSeparator(characters) else { return nil }
        if characters[index] == ":" {
            // `a: b` is a rule; `a := b`, `a ::= b`, `a :::= b` are assignments.
            let rest = String(characters[index...])
            guard let operation = [":::=", "::=", ":="].first(where: rest.hasPrefix) else { return nil }
            return make(String(characters[..<index]), operation, String(characters[(index + operation.count)...]))
        }
        var nameEnd = index
        var operation = "="
        if index > 0, ["+", "?", "!"].contains(characters[index - 1]) {
            operation = String(characters[index - 1]) + "="
            nameEnd = index - 1
        }
        return make(String(characters[..<nameEnd]), operation, String(characters[(index + 1)...]))

        func make(_ name: String, _ operation: String, _ value: String) -> Assignment? {
            let name = name.trimmed
            guard !name.isEmpty, !name.contains(" ") else { return nil }
            return Assignment(name: name, operation: operation, value: value.trimmed, isOverride: isOverride, range: range)
        }
    }

    /// Called after `assignment` declined: a `:` outside references makes the line a rule.
    private static func rule(_ text: String, range: Range<Int>) -> Rule? {
        let characters = Array(text)
        guard let index = firstSeparator(characters), characters[index] == ":" else { return nil }
        let targets = String(characters[..<index]).split(separator: " ").map(String.init)
        var rest = String(characters[(index + 1)...])
        if rest.hasPrefix(":") { rest.removeFirst() }
        if let semicolon = rest.firstIndex(of: ";") { rest = String(rest[..<semicolon]) }
        guard !targets.isEmpty else { return nil }
        return Rule(targets: targets, prerequisites: rest.split(separator: " ").map(String.init), recipe: [], range: range)
    }

    /// `target: prerequisites ; recipe` keeps a recipe on the rule line: the byte where it starts.
    private static func inlineRecipeStart(_ line: String) -> Int? {
        let bytes = Array(line.utf8)
        guard var index = bytes.firstIndex(of: UInt8(ascii: ";")) else { return nil }
        index += 1
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index < bytes.count ? index : nil
    }
}

extension String {
    var trimmed: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
