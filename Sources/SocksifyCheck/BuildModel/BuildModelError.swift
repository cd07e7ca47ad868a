import Foundation

/// Why the build model could not be worked out, in words that name the tree and the step.
public enum BuildModelError: Error, CustomStringConvertible, Equatable {
    /// The scratch space or the copy of the tree could not be made.
    case scratch(root: String, reason: String)
    /// A configure step (autoreconf, ./configure, cmake) failed: the command, its status and the
    /// last lines it printed.
    case configureFailed(root: String, command: String, reason: String)
    /// A tool the step needs is not installed.
    case missingTool(root: String, tool: String, package: String)
    /// The tree has no build system the configure step knows.
    case noConfigureStep(root: String, found: [String])

    public var description: String {
        switch self {
        case .scratch(let root, let reason):
            "\(root): \(reason)"
        case .configureFailed(let root, let command, let reason):
            "\(root): the configure step failed in the scratch copy: `\(command)` \(reason)"
        case .missingTool(let root, let tool, let package):
            "\(root): configuring it needs \(tool), which is not installed (Debian: apt-get install \(package))"
        case .noConfigureStep(let root, let found):
            "\(root): --configure needs configure, configure.ac or CMakeLists.txt at the top of the tree" + (found.isEmpty ? "" : " (found \(found.joined(separator: ", ")))")
        }
    }
}
