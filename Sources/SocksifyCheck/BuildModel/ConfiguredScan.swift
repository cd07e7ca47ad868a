import ClangSupport

/// A tree configured in a scratch copy and the C units its build compiles (`check --configure`).
struct ConfiguredScan: Sendable {
    var build: ConfigureStep.Configured
    var units: [ParseRequest]

    /// What ran in the copy, for the report.
    var commands: [String] { ConfiguredUnits.commands(build) }
}
