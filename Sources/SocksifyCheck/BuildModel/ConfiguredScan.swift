import ClangSupport

/// A tree configured in a scratch copy and the C units its build compiles (`check --configure`).
struct ConfiguredScan: Sendable {
    var build: ConfigureStep.Configured
    var units: [ParseRequest]

    /// What ran in the copy, for the report: the configure step, then make's dry run (autotools).
    var commands: [String] {
        build.commands + (build.system == .autotools ? ["make " + (MakeRunner.configuredDryRunArguments + ConfiguredUnits.regenerators).joined(separator: " ")] : [])
    }
}
