import Foundation

/// Reads the codemodel of the adopted CMake build (configured `-DSOCKSIFY=ON`) and says what would
/// leave it un-SOCKSified or SOCKSify too much: a C source of an adopted program or of a library
/// it reaches compiled without every rename, a source of anything else compiled with them, an
/// adopted program or a consumer of a renamed library whose link line lacks the SOCKS library
/// after those libraries, an adopted program no longer built.
struct CMakeVerification {
    let profile: AdoptProfile
    /// Source mode renames in C: the compiles carry no definitions to check.
    let checkRenames: Bool

    func problems(_ model: CMakeCodeModel, adopted: Set<String>, renamedLibraries: Set<String>, root: String) -> [String] {
        func relative(_ path: String) -> String { path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path }
        let renames = profile.renamedFunctions.map { "\($0)=R\($0)" }
        var problems: [String] = []
        for name in adopted.sorted() where !model.targets.contains(where: { $0.name == name && $0.isLinked }) {
            problems.append("\(name): no longer a target of the adopted build")
        }
        for target in model.targets {
            let renamed = adopted.contains(target.name) || renamedLibraries.contains(target.name)
            if checkRenames {
                for source in target.sources {
                    let missing = renames.filter { !source.defines.contains($0) }
                    if renamed, !missing.isEmpty {
                        problems.append("\(target.name): \(relative(source.path)) is compiled without \(missing.map { "-D" + $0 }.joined(separator: " "))")
                    } else if !renamed, missing.count < renames.count {
                        problems.append("\(target.name): \(relative(source.path)) is compiled with the renames, but \(target.name) is not adopted")
                    }
                }
            }
            guard target.isLinked else { continue }
            let archives = model.archives(of: target).filter { renamedLibraries.contains($0.name) }
            guard adopted.contains(target.name) || !archives.isEmpty else { continue }
            // The library must come after every renamed archive on the link line (a static link
            // resolves left to right).
            let archiveFiles = Set(archives.compactMap { $0.artifact.map { ($0 as NSString).lastPathComponent } })
            let lastArchive = target.libraries.lastIndex { archiveFiles.contains(($0 as NSString).lastPathComponent) } ?? -1
            let library = target.libraries.lastIndex(where: isSocksLibrary)
            if library == nil {
                problems.append("\(target.name): its link line does not name lib\(profile.library)")
            } else if let library, library < lastArchive {
                problems.append("\(target.name): its link line names lib\(profile.library) before \(target.libraries[lastArchive])")
            }
        }
        return problems.sorted()
    }

    /// `-lsocks`, `socks`, or a path to libsocks.so / libsocks.a as CMake writes it on a link line.
    func isSocksLibrary(_ fragment: String) -> Bool {
        let name = (fragment as NSString).lastPathComponent
        return fragment == "-l" + profile.library || fragment == profile.library
            || name == "lib\(profile.library).a" || name.hasPrefix("lib\(profile.library).so")
    }
}
