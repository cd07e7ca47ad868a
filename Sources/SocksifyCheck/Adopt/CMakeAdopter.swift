import Foundation

/// CMake trees under `--no-configure` (CMakeTargetAdopter otherwise): a `SOCKSIFY` option in the top CMakeLists.txt, right after `project()` so that it
/// reaches every target defined after it, and the cache variables for a one-off build.
struct CMakeAdopter {
    let root: String
    let profile: AdoptProfile
    let renameWithMacros: Bool

    func plan() throws -> BuildFileAdoption {
        let path = root + "/CMakeLists.txt"
        let definitions = profile.renamedFunctions.map { "\($0)=R\($0)" }.joined(separator: " ")
        let lines = [
            MarkedBlock.header(profile, sourceMode: !renameWithMacros),
            "option(SOCKSIFY \"SOCKSify the network clients: link lib\(profile.library) and rename their socket calls to it\" OFF)",
            "if(SOCKSIFY)",
        ] + (renameWithMacros ? ["  add_compile_definitions(\(definitions))"] : []) + [
            "  link_libraries(\(profile.library))",
            "endif()",
            MarkedBlock.end,
        ]
        let edit = try MarkedBlock.edit(path: path, lines: lines) { bytes in
            MarkedBlock.offset(afterCommand: ["project(", "project ("], in: bytes) ?? 0
        }
        return BuildFileAdoption(edits: [edit], instructions: [
            "with the CMakeLists.txt change: cmake -DSOCKSIFY=ON -B build && cmake --build build",
            "or, for a one-off build without it: cmake -B build -DCMAKE_C_FLAGS=\"\(renameWithMacros ? profile.defines : "")\" -DCMAKE_C_STANDARD_LIBRARIES=\"\(profile.linkFlag)\"",
        ], notes: [
            "cmake tree: SOCKSIFY applies to every target defined after project(), servers too (without --no-configure, adopt configures a scratch copy and SOCKSifies the clients only, per target, verified)",
            "not verified: --no-configure runs no cmake",
        ])
    }
}
