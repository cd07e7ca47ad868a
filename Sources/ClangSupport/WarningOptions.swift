/// The analysis reads the AST and clang's errors, never its warnings, and every unit is parsed with
/// `-w`. The project's options that turn warnings on still cost time: for one clang does not know
/// (GCC's `-Wold-style-declaration`, `-Wclobbered`, …) clang looks for the nearest known name by
/// edit distance over its whole option table, once per unit, whether or not the warning about it
/// is shown (4.7% of a cold run on curl, whose flags name five such options).
public enum WarningOptions {
    /// `arguments` without the options that only turn warnings on (`-Wall`, `-Wshadow`, `-Werror`,
    /// `-Werror=x`, `-pedantic`: under `-w` none of them changes what clang reports), and with `-w`.
    /// `-Wno-…` stays (one may turn off an error clang reports by default, as in the project's
    /// build); `-Wl,`, `-Wa,` and `-Wp,` pass options to other tools, and `-Wp,-D…` defines macros.
    public static func forAnalysis(_ arguments: [String]) -> [String] {
        arguments.filter { !onlyEnablesWarnings($0) } + (arguments.contains("-w") ? [] : ["-w"])
    }

    /// What clang 16 made errors in C (implicit function declarations, implicit int, int-conversion,
    /// incompatible function pointers) stays a warning, as libclang 14 had it: old network code is
    /// what this tool reads, and with any libclang the AST (and so every finding) is the same.
    /// Older libclangs ignore the options they do not know (under -w, without a word).
    public static let legacyCAsWarnings = ["-Wno-error=implicit-function-declaration", "-Wno-error=implicit-int",
                                           "-Wno-error=int-conversion", "-Wno-error=incompatible-function-pointer-types"]

    static func onlyEnablesWarnings(_ option: String) -> Bool {
        if option == "-pedantic" || option == "--pedantic" { return true }
        guard option.hasPrefix("-W"), !option.hasPrefix("-Wno-") else { return false }
        return !["-Wl,", "-Wa,", "-Wp,"].contains { option.hasPrefix($0) }
    }
}
