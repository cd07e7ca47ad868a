/// Reads a dry run of the adopted build and says, per program, what would leave it un-SOCKSified:
/// a compile of one of its units without every rename, a link without the library after its
/// objects, or a program left alone that links renamed objects but not the library.
struct BuildVerification {
    let profile: AdoptProfile
    /// Source mode renames in C: the compiles carry no -D renames to check.
    let checkRenames: Bool

    /// `reached`: per artifact, the objects that go into it (archive members only when it refers to
    /// them); an artifact missing from it counts every object.
    func problems(graph: BuildGraph, adopted: Set<String>, reached: [String: Set<String>] = [:], root: String) -> [String] {
        func relative(_ path: String) -> String { path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path }
        let defines = profile.renamedFunctions.map { "-D\($0)=R\($0)" }
        var problems: [String] = []
        for artifact in graph.artifacts {
            let isAdopted = adopted.contains(artifact.path)
            let compiles = artifact.compiles.filter { reached[artifact.path]?.contains($0.output) ?? true }
            let renamedCompiles = compiles.filter { compile in defines.contains { compile.words.contains($0) } }
            if isAdopted && checkRenames {
                for compile in compiles {
                    let missing = defines.filter { !compile.words.contains($0) }
                    if !missing.isEmpty {
                        problems.append("\(relative(artifact.path)): `\(compile.text)` (in \(relative(compile.directory))) lacks \(missing.joined(separator: " "))")
                    }
                }
            }
            // An archive links nothing: whoever links it links the SOCKS library (adopt says so).
            guard isAdopted || !renamedCompiles.isEmpty, artifact.kind != .staticLibrary else { continue }
            let after = artifact.link.lastInputIndex ?? -1
            if !artifact.link.libraries.contains(where: { $0.name == profile.library && $0.index > after }) {
                let why = isAdopted ? "" : " (it links objects compiled with the renames)"
                problems.append("\(relative(artifact.path)): `\(artifact.link.text)` (in \(relative(artifact.link.directory))) does not link \(profile.linkFlag) after its objects\(why)")
            }
        }
        for path in adopted where !graph.artifacts.contains(where: { $0.path == path }) {
            problems.append("\(relative(path)): no longer linked by the adopted build's dry run")
        }
        return problems.sorted()
    }
}
