/// C compiler drivers as a build names them: what makes a recipe line or a dry-run command a compile.
enum CompilerDriver {
    static let names: Set<String> = ["cc", "gcc", "clang", "c89", "c99", "tcc", "icc"]

    /// A C compiler driver's name: cc, gcc, clang, c99, … with a path, a target prefix or a version.
    static func isCompiler(_ word: String) -> Bool {
        let base = word.split(separator: "/").last.map(String.init) ?? word
        if names.contains(base) { return true }
        if base.hasSuffix("-gcc") || base.hasSuffix("-cc") || base.hasSuffix("-clang") { return true }
        // `gcc-12`, `x86_64-linux-gnu-gcc-12`: the name before the version.
        let parts = base.split(separator: "-")
        guard parts.count >= 2, parts.last!.allSatisfy({ $0.isNumber || $0 == "." }) else { return false }
        return names.contains(String(parts[parts.count - 2]))
    }
}
