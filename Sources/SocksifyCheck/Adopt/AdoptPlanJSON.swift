import Foundation

/// `adopt --format json`: the plan as one JSON document (a public interface: fields are added,
/// never renamed).
public enum AdoptPlanJSON {
    struct Document: Encodable {
        var version = 1
        var root: String
        var buildSystem: BuildSystem
        var library: String
        var verified: Bool
        var programs: [PlannedProgram]
        var changedFiles: [String]
        var notes: [String]
        var warnings: [String]
        var instructions: [String]
        var patch: String
    }

    public static func encode(_ plan: AdoptPlan) -> Data {
        let document = Document(root: plan.root, buildSystem: plan.buildSystem, library: plan.library, verified: plan.verified,
                                programs: plan.programs, changedFiles: plan.changes.map(\.path), notes: plan.notes, warnings: plan.warnings,
                                instructions: plan.instructions, patch: String(decoding: plan.patch, as: UTF8.self))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(document)) ?? Data()) + Data("\n".utf8)
    }
}
