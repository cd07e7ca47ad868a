import Foundation

/// Plans the Makefile edits that SOCKSify a build, without running make or anything the Makefiles
/// name. The renames and the library go into two new variables, and GNU make's `override +=` adds
/// them to the variables the compile and link recipes really expand, at the end of the Makefile
/// after every include: `make CFLAGS=...` on the command line appends to them instead of replacing
/// them, and a library variable that comes after the objects keeps the library after the objects.
/// A recipe that expands no such variable gets the new variable written into it.
struct MakefileAdopter {

    let root: String
    let profile: AdoptProfile
    /// Source mode renames the calls in C; the Makefile then only gets the library.
    let renameWithMacros: Bool

    func edits() throws -> [FileEdit] {
        var visited: Set<String> = []
        return try adopt(directory: root, visited: &visited, required: true)
    }

    private func adopt(directory: String, visited: inout Set<String>, required: Bool) throws -> [FileEdit] {
        guard visited.insert(directory).inserted else { return [] }
        guard let name = LoadedMakefile.names.first(where: { FileManager.default.fileExists(atPath: directory + "/" + $0) }) else {
            if required { throw AdoptError.noMakefile(directory: directory, found: BuildSystem.otherBuildFiles(in: directory)) }
            return []
        }
        let makefile = try LoadedMakefile(path: directory + "/" + name, root: root)
        var edits = plan(makefile)
        for subdirectory in makefile.subdirectories() {
            let path = FilePaths.normalize(directory + "/" + subdirectory)
            guard FilePaths.isInside(FilePaths.real(path), directory: root) else { continue }
            edits += try adopt(directory: path, visited: &visited, required: false)
        }
        return edits
    }

    private func plan(_ makefile: LoadedMakefile) -> [FileEdit] {
        var compileVariables: [String] = []
        var libraryVariables: [String] = []
        var edits: [FileEdit] = []
        var sawCompile = false
        let variables = makefile.variables

        for (file, rule) in makefile.rules {
            for line in rule.recipe {
                let command = RecipeCommand(line, variables: variables)
                if command.runsMake { continue }
                let compilesSources = command.links && command.expanded.contains { $0.hasSuffix(".c") }
                    || command.links && rule.prerequisites.contains { variables.expand($0).contains(".c") }
                if command.compiles || compilesSources {
                    sawCompile = true
                    if renameWithMacros, !line.text.contains("$(SOCKSIFY_CPPFLAGS)") {
                        if let variable = Self.compileVariable(command, variables: variables) {
                            if !compileVariables.contains(variable) { compileVariables.append(variable) }
                        } else if let first = command.words.first {
                            let at = line.fileOffset(first.range.upperBound)
                            edits.append(FileEdit(path: file, range: at..<at, replacement: " $(SOCKSIFY_CPPFLAGS)"))
                        }
                    }
                }
                if command.links {
                    guard !line.text.contains("$(SOCKSIFY_LIBS)") else { continue }
                    switch Self.libraryPlacement(command, variables: variables, prerequisites: rule.prerequisites) {
                    case let .variable(name):
                        if !libraryVariables.contains(name) { libraryVariables.append(name) }
                    case let .insert(after):
                        let at = line.fileOffset(after)
                        edits.append(FileEdit(path: file, range: at..<at, replacement: " $(SOCKSIFY_LIBS)"))
                    }
                }
            }
        }
        // GNU make's built-in rules: `prog: a.o b.o` and `x.o:` with no recipe of their own.
        let words = makefile.rules.flatMap { $0.rule.targets + $0.rule.prerequisites }
            .flatMap { variables.expand($0).split(separator: " ").map(String.init) }
        if !sawCompile, words.contains(where: { $0.hasSuffix(".o") || $0.hasSuffix(".c") }), renameWithMacros {
            compileVariables.append("CPPFLAGS")
        }
        let builtinLink = makefile.rules.contains { _, rule in
            rule.recipe.isEmpty && rule.targets.contains { !$0.hasPrefix(".") && !$0.contains("%") && !$0.hasSuffix(".o") && !$0.hasSuffix(".a") }
                && rule.prerequisites.flatMap { variables.expand($0).split(separator: " ") }
                    .contains { $0.hasSuffix(".o") || $0.hasSuffix(".c") }
        }
        if builtinLink && !libraryVariables.contains("LDLIBS") { libraryVariables.append("LDLIBS") }

        guard !compileVariables.isEmpty || !libraryVariables.isEmpty || !edits.isEmpty || makefile.block != nil else { return [] }
        edits.append(blockEdit(makefile, compileVariables: compileVariables, libraryVariables: libraryVariables))
        return edits.filter { edit in
            // An unchanged block is no edit at all: adopting an adopted tree prints an empty patch.
            guard let block = makefile.block, edit.range == block.range else { return true }
            return edit.replacement != block.text
        }
    }

    private func blockEdit(_ makefile: LoadedMakefile, compileVariables: [String], libraryVariables: [String]) -> FileEdit {
        var lines = [
            MarkedBlock.header(profile, sourceMode: !renameWithMacros),
            renameWithMacros ? "SOCKSIFY_CPPFLAGS = \(profile.defines)" : "SOCKSIFY_CPPFLAGS =",
            "SOCKSIFY_LIBS = \(profile.linkFlag)",
        ]
        lines += compileVariables.map { "override \($0) += $(SOCKSIFY_CPPFLAGS)" }
        lines += libraryVariables.map { "override \($0) += $(SOCKSIFY_LIBS)" }
        lines.append(MarkedBlock.end)
        return MarkedBlock.place(lines, in: makefile)
    }

    /// The variable a compile recipe expands that flags belong in: CPPFLAGS, CFLAGS, or the project's
    /// own flags variable; nil when it expands none.
    static func compileVariable(_ command: RecipeCommand, variables: MakeVariables) -> String? {
        var seen: [String] = []
        var pending = MakeVariables.references(in: command.line.text)
        while let name = pending.first {
            pending.removeFirst()
            guard !seen.contains(name), seen.count < 64 else { continue }
            seen.append(name)
            pending += MakeVariables.references(in: variables.raw(name))
        }
        for preferred in ["CPPFLAGS", "CFLAGS"] where seen.contains(preferred) { return preferred }
        return seen.first { name in
            let upper = name.uppercased()
            return !["LDFLAGS", "ARFLAGS", "MAKEFLAGS", "LFLAGS", "YFLAGS"].contains(upper)
                && ["FLAGS", "OPTS", "DEFS", "DEFINES", "INCLUDES"].contains { upper.contains($0) }
        }
    }

    enum LibraryPlacement: Equatable {
        case variable(String)
        /// Insert `$(SOCKSIFY_LIBS)` at this byte of the recipe line.
        case insert(after: Int)
    }

    /// A library variable that the recipe expands after its inputs gets the library; otherwise the
    /// library is written into the recipe right after the last input.
    static func libraryPlacement(_ command: RecipeCommand, variables: MakeVariables, prerequisites: [String]) -> LibraryPlacement {
        let words = command.words
        let lastInput = words.lastIndex { command.isInput($0, variables: variables, prerequisites: prerequisites) }
        let candidates = words[((lastInput ?? -1) + 1)...]
        // A word that is exactly one variable reference, `$(NAME)` or `${NAME}`, naming libraries.
        func libraryVariable(_ word: RecipeCommand.Word) -> String? {
            let names = MakeVariables.references(in: word.text)
            guard names.count == 1, let name = names.first, word.text == "$(\(name))" || word.text == "${\(name)}" else { return nil }
            let upper = name.uppercased()
            return ["LIB", "LDADD", "LOADLIBES"].contains(where: upper.contains) && !upper.contains("LDFLAGS") ? name : nil
        }
        if let library = candidates.reversed().lazy.compactMap(libraryVariable).first {
            return .variable(library)
        }
        if let lastInput { return .insert(after: words[lastInput].range.upperBound) }
        // No input named: after the output (`-o prog`), the end of the compiler invocation.
        let output = words.firstIndex { $0.text == "-o" }.map { min($0 + 1, words.count - 1) } ?? words.count - 1
        return .insert(after: words[output].range.upperBound)
    }
}
