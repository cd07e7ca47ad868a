import Foundation

/// A Makefile with the files it includes, read once.
struct LoadedMakefile {
    struct Block {
        var range: Range<Int>
        var text: String
    }

    /// The names GNU make looks for, in its order: a GNUmakefile shadows makefile, which shadows Makefile.
    static let names = ["GNUmakefile", "makefile", "Makefile"]

    let path: String
    let syntax: MakefileSyntax
    /// Rules of the Makefile and its includes, each with the file it is written in.
    let rules: [(file: String, rule: MakefileSyntax.Rule)]
    let variables: MakeVariables
    /// The block an earlier adopt appended, if any.
    let block: Block?

    init(path: String, root: String) throws {
        self.path = path
        syntax = try Self.read(path, root: root)
        let block = Self.findBlock(syntax.bytes)
        self.block = block
        var assignments = syntax.assignments.filter { assignment in
            block.map { !$0.range.overlaps(assignment.range) } ?? true
        }
        var rules = syntax.rules.map { (file: path, rule: $0) }
        let directory = FilePaths.parent(of: path)
        var variables = MakeVariables(assignments)
        for include in syntax.includes {
            for name in variables.expand(include.paths).split(separator: " ") {
                let included = FilePaths.resolve(String(name), against: directory)
                guard let other = try? Self.read(included, root: root) else { continue }
                assignments += other.assignments
                rules += other.rules.map { (file: FilePaths.normalize(included), rule: $0) }
                variables = MakeVariables(assignments)
            }
        }
        self.rules = rules
        self.variables = variables
    }

    /// Refuses what is not a Makefile to edit: outside the tree, through a symlink leaving it, or binary.
    static func read(_ path: String, root: String) throws -> MakefileSyntax {
        guard FilePaths.isInside(FilePaths.real(path), directory: root) else { throw AdoptError.outsideTree(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AdoptError.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        let bytes = [UInt8](data)
        guard !bytes.contains(0) else { throw AdoptError.notText(path: path) }
        return MakefileSyntax(bytes: bytes)
    }

    private static func findBlock(_ bytes: [UInt8]) -> Block? {
        MarkedBlock.find(in: bytes).map { Block(range: $0, text: String(decoding: bytes[$0], as: UTF8.self)) }
    }

    /// Directories a recipe runs make in: `$(MAKE) -C dir`, `cd dir && $(MAKE)`, and the lists a
    /// `for d in $(SUBDIRS)` loop walks.
    func subdirectories() -> [String] {
        var found: [String] = []
        for (_, rule) in rules {
            for line in rule.recipe {
                let command = RecipeCommand(line, variables: variables)
                guard command.runsMake else { continue }
                let words = command.words.map(\.text)
                var loops: [String: [String]] = [:]
                for (index, word) in words.enumerated() where word == "for" && index + 2 < words.count && words[index + 2] == "in" {
                    let list = words[(index + 3)...].prefix { !$0.hasSuffix(";") && $0 != "do" }
                        + (words[(index + 3)...].first { $0.hasSuffix(";") }.map { [String($0.dropLast())] } ?? [])
                    loops[words[index + 1]] = list.flatMap { variables.expand($0).split(separator: " ").map(String.init) }
                }
                for (index, word) in words.enumerated() where (word == "-C" || word == "cd") && index + 1 < words.count {
                    var target = words[index + 1]
                    while target.hasSuffix(";") || target.hasSuffix("&&") { target = String(target.dropLast(target.hasSuffix(";") ? 1 : 2)) }
                    let loopName = target.replacingOccurrences(of: "$$", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "{}()"))
                    if target.hasPrefix("$$"), let list = loops[loopName] {
                        found += list
                    } else {
                        found += variables.expand(target).split(separator: " ").map(String.init)
                    }
                }
            }
        }
        var unique: [String] = []
        for directory in found where !directory.isEmpty && !directory.contains("$") && !unique.contains(directory) {
            unique.append(directory)
        }
        return unique
    }
}
