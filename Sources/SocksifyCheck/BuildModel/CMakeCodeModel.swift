import Foundation

/// The targets of a configured CMake build, as CMake's file API describes them (the `codemodel-v2`
/// reply that ConfigureStep asks for): each target's kind, its C sources with the definitions they
/// are compiled with, the targets it depends on and its link line. This is what CMake itself will
/// build, so adopt reads its programs from here rather than from the CMakeLists.txt text, and
/// reads it again after its edits to verify them.
struct CMakeCodeModel: Sendable {
    struct Target: Sendable, Equatable {
        var id: String
        var name: String
        /// `EXECUTABLE`, `STATIC_LIBRARY`, `SHARED_LIBRARY`, `MODULE_LIBRARY`, `OBJECT_LIBRARY`, `UTILITY`…
        var type: String
        /// Absolute: the folder whose CMakeLists.txt defines it.
        var sourceDirectory: String
        /// Absolute path of what it builds (its first artifact), or nil (an object library, a utility).
        var artifact: String?
        /// Its C sources, absolute, with the preprocessor definitions each is compiled with.
        var sources: [(path: String, defines: [String])]
        /// Ids of the targets it depends on (link dependencies and `add_dependencies`).
        var dependencies: [String]
        /// The link line's fragments, in order (`../net/libnet.a`, `-lsocks`), flags left out.
        var libraries: [String]

        var isProgram: Bool { type == "EXECUTABLE" }
        var isLinked: Bool { type == "EXECUTABLE" || type == "SHARED_LIBRARY" || type == "MODULE_LIBRARY" }
        /// Code that goes into whatever links it (a static or an object library).
        var isArchive: Bool { type == "STATIC_LIBRARY" || type == "OBJECT_LIBRARY" }

        static func == (lhs: Target, rhs: Target) -> Bool { lhs.id == rhs.id }
    }

    var targets: [Target]

    func target(id: String) -> Target? { targets.first { $0.id == id } }

    /// The static and object libraries a target's code includes, following dependencies through
    /// other such libraries (a program links the archives its archives link), in a stable order.
    func archives(of target: Target) -> [Target] {
        var result: [Target] = []
        var pending = target.dependencies
        var seen: Set<String> = []
        while !pending.isEmpty {
            let id = pending.removeFirst()
            guard seen.insert(id).inserted, let dependency = self.target(id: id), dependency.isArchive else { continue }
            result.append(dependency)
            pending += dependency.dependencies
        }
        return result
    }

    /// Reads the newest reply of the build folder. `sourceDirectory` is the top source folder the
    /// build was configured from (the reply's relative source paths are relative to it).
    static func read(buildDirectory: String, sourceDirectory: String) throws -> CMakeCodeModel {
        let reply = buildDirectory + "/.cmake/api/v1/reply"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: reply)) ?? []
        // Index files are named by time (`index-2026-12-06T04-10-35-0093.json`): the last one is current.
        guard let index = names.filter({ $0.hasPrefix("index-") && $0.hasSuffix(".json") }).sorted().last else {
            throw Problem("CMake wrote no file-API reply in \(reply) (CMake 3.14 or later is needed)")
        }
        let decoder = JSONDecoder()
        let indexFile = try decoder.decode(Index.self, from: try data(reply + "/" + index))
        guard let codemodel = indexFile.objects.first(where: { $0.kind == "codemodel" && $0.version.major == 2 }) else {
            throw Problem("the file-API reply \(index) has no codemodel version 2")
        }
        let model = try decoder.decode(Codemodel.self, from: try data(reply + "/" + codemodel.jsonFile))
        guard let configuration = model.configurations.first else { return CMakeCodeModel(targets: []) }
        func absolute(_ path: String, against base: String) -> String {
            FilePaths.normalize(FilePaths.resolve(path, against: base))
        }
        var targets: [Target] = []
        for entry in configuration.targets {
            let target = try decoder.decode(TargetFile.self, from: try data(reply + "/" + entry.jsonFile))
            let groups = target.compileGroups ?? []
            let sources = (target.sources ?? []).compactMap { source -> (path: String, defines: [String])? in
                guard let group = source.compileGroupIndex, group < groups.count, groups[group].language == "C" else { return nil }
                return (absolute(source.path, against: sourceDirectory), (groups[group].defines ?? []).map(\.define))
            }
            targets.append(Target(
                id: target.id, name: target.name, type: target.type,
                sourceDirectory: absolute(target.paths.source, against: sourceDirectory),
                artifact: target.artifacts?.first.map { absolute($0.path, against: buildDirectory) },
                sources: sources, dependencies: (target.dependencies ?? []).map(\.id),
                libraries: (target.link?.commandFragments ?? []).filter { $0.role == "libraries" }.map(\.fragment)))
        }
        return CMakeCodeModel(targets: targets)
    }

    struct Problem: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static func data(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem("cannot read \(path)") }
        return data
    }

    // The reply's JSON, only the members read here (cmake-file-api(7)).
    private struct Index: Decodable {
        struct Object: Decodable {
            struct Version: Decodable { var major: Int }
            var kind: String
            var version: Version
            var jsonFile: String
        }
        var objects: [Object]
    }

    private struct Codemodel: Decodable {
        struct Configuration: Decodable {
            struct Entry: Decodable { var jsonFile: String }
            var targets: [Entry]
        }
        var configurations: [Configuration]
    }

    private struct TargetFile: Decodable {
        struct Paths: Decodable { var source: String }
        struct Artifact: Decodable { var path: String }
        struct Source: Decodable {
            var path: String
            var compileGroupIndex: Int?
        }
        struct CompileGroup: Decodable {
            struct Define: Decodable { var define: String }
            var language: String
            var defines: [Define]?
        }
        struct Dependency: Decodable { var id: String }
        struct Link: Decodable {
            struct Fragment: Decodable {
                var fragment: String
                var role: String
            }
            var commandFragments: [Fragment]?
        }
        var id: String
        var name: String
        var type: String
        var paths: Paths
        var artifacts: [Artifact]?
        var sources: [Source]?
        var compileGroups: [CompileGroup]?
        var dependencies: [Dependency]?
        var link: Link?
    }
}
