import ArgumentParser

/// What `adopt` prints on stdout.
enum AdoptFormat: String, ExpressibleByArgument, CaseIterable {
    /// The unified diff.
    case text
    /// The plan: programs, what is adopted and why, files changed, the patch.
    case json
}
