import Foundation

/// The programs and shared libraries a dry run builds, each with the C units that go into it and
/// the commands that compile them: objects are followed through archives to the compile that made
/// them.
struct BuildGraph {
    struct Artifact: Equatable {
        enum Kind: String, Equatable { case program, sharedLibrary = "shared-library", staticLibrary = "static-library" }
        var kind: Kind
        /// Absolute path of what the link writes.
        var path: String
        var link: BuildStep
        /// The compiles of its units (a link that compiles sources itself is one of them).
        var compiles: [BuildStep]
        /// Its C units, absolute, in link order.
        var sources: [String]
        /// Those of its units that come from static archives (the linker takes what is referred to).
        var archivedSources: [String]
        /// Objects it links that no compile of the dry run made (prebuilt, or from another goal).
        var unknownObjects: [String]
        /// Static archives of the tree it links, absolute.
        var archives: [String]

        var name: String { (path as NSString).lastPathComponent }
    }

    var artifacts: [Artifact]
    /// Object (absolute) → the compile that writes it; the last one wins, as in the build.
    var compileOf: [String: BuildStep]
    /// Archive (absolute) → its members.
    var membersOf: [String: [String]]

    init(_ transcript: DryRunTranscript) {
        var compileOf: [String: BuildStep] = [:]
        var membersOf: [String: [String]] = [:]
        var links: [BuildStep] = []
        for step in transcript.steps {
            switch step.kind {
            case .compile: compileOf[step.output] = step
            case .archive: membersOf[step.output, default: []] += step.inputs.filter { !(membersOf[step.output] ?? []).contains($0) }
            case .link, .sharedLibrary: links.append(step)
            }
        }
        var artifacts: [Artifact] = []
        for link in links {
            var compiles: [BuildStep] = []
            var sources: [String] = []
            var unknown: [String] = []
            var archives: [String] = []
            var archived: [String] = []
            func add(_ compile: BuildStep, fromArchive: Bool = false) {
                if !compiles.contains(compile) { compiles.append(compile) }
                for source in compile.sources where !sources.contains(source) {
                    sources.append(source)
                    if fromArchive { archived.append(source) }
                }
            }
            if !link.sources.isEmpty { add(link) }
            for input in link.inputs {
                if let compile = compileOf[input] {
                    add(compile)
                } else if let members = membersOf[input] {
                    archives.append(input)
                    for member in members {
                        if let compile = compileOf[member] { add(compile, fromArchive: true) } else { unknown.append(member) }
                    }
                } else if input.hasSuffix(".o") {
                    unknown.append(input)
                }
            }
            let artifact = Artifact(kind: link.kind == .sharedLibrary ? .sharedLibrary : .program, path: link.output, link: link,
                                    compiles: compiles, sources: sources, archivedSources: archived, unknownObjects: unknown, archives: archives)
            // A target linked twice in one dry run (a relink after a sub-make): the last link counts.
            artifacts.removeAll { $0.path == artifact.path }
            artifacts.append(artifact)
        }
        // A static archive nothing in the build links is a product of its own (a library tree):
        // its consumers link it, and the SOCKS library after it.
        let linkedArchives = Set(links.flatMap(\.inputs))
        for step in transcript.steps where step.kind == .archive && !linkedArchives.contains(step.output) {
            guard !artifacts.contains(where: { $0.path == step.output }) else { continue }
            let compiles = (membersOf[step.output] ?? []).compactMap { compileOf[$0] }
            artifacts.append(Artifact(kind: .staticLibrary, path: step.output, link: step, compiles: compiles,
                                      sources: compiles.flatMap(\.sources), archivedSources: [],
                                      unknownObjects: (membersOf[step.output] ?? []).filter { compileOf[$0] == nil }, archives: []))
        }
        self.artifacts = artifacts
        self.compileOf = compileOf
        self.membersOf = membersOf
    }
}
