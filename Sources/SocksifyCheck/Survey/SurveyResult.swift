import Foundation
import SocksifyAnalysis

/// What `survey` learnt about one tree: one JSON file in the output folder, written atomically.
/// Raw facts only (the build model, the check's findings and coverage, adopt's plan); the verdicts
/// are made by `survey-report` (SurveyVerdict), so a better verdict rule needs no new survey.
/// A public interface: fields are added, never renamed.
public struct SurveyResult: Codable, Equatable, Sendable {
    /// The version of this file's layout.
    public var format = SurveyResult.currentFormat
    public static let currentFormat = 1
    /// The tree as given on the command line, normalised (SurveyTree.key): the report's key.
    public var tree: String
    public var name: String
    public var tool: String
    public var options: SurveyOptions
    /// Why the tree could not be analysed at all (missing, unreadable, no C, a crash, the timeout);
    /// nil when it was.
    public var failure: String?
    /// `make`, `makefile-text`, `autotools`, `cmake`, or nil when the tree has no build file adopt reads.
    public var buildSystem: String?
    /// The check's coverage: units, those that did not parse, missing headers, what configured it.
    public var coverage: AnalysisCoverage?
    /// The check's findings on the whole tree, in report order (paths relative to the tree).
    public var findings: [Finding] = []
    /// What the tree's units do to sockets, all units together (`connect`, `listen`, `socket`, …):
    /// a tree without a per-program plan is judged on it.
    public var socketOperations: [String] = []
    public var adopt: AdoptSummary?
    /// The programs and libraries the build links, with adopt's role for each (empty when adopt
    /// had no per-program plan: Makefile text, an unconfigured autotools or CMake tree, a refusal).
    public var programs: [SurveyProgram] = []
    /// Everything that depends on when and where it ran: left out of the report's comparable part.
    public var timings: Timings
    /// What makes this result current (`survey` skips a tree whose stamp is the same).
    public var stamp: TreeStamp?

    public struct AdoptSummary: Codable, Equatable, Sendable {
        /// adopt refused or failed: why (then the other fields are empty).
        public var error: String?
        /// The name-collision findings made the -D renames unsafe (adopt --source would rename in C).
        public var refusedForCollisions = false
        public var verified = false
        public var changedFiles: [String] = []
        public var patchLines = 0
        public var instructions: [String] = []
        public var warnings: [String] = []
        public var notes: [String] = []
    }

    public struct Timings: Codable, Equatable, Sendable {
        /// Wall-clock seconds the tree took (configure, parse, adopt's plan).
        public var seconds: Double
        /// When it finished, seconds since 1970.
        public var finished: Double
        /// The check's stages, in order.
        public var stages: [Stage] = []

        public struct Stage: Codable, Equatable, Sendable {
            public var stage: String
            public var seconds: Double
        }
    }

    public var parsedShare: Double {
        guard let coverage, coverage.translationUnits > 0 else { return failure == nil && coverage != nil ? 100 : 0 }
        return 100 - coverage.parseFailureShare
    }
}

/// One program or library of the tree's build and the findings in its code.
public struct SurveyProgram: Codable, Equatable, Sendable {
    public var plan: PlannedProgram
    /// Indexes into the result's findings: those in its units, in functions its units define, or
    /// (when neither tells) in shared files that no program's unit is.
    public var findings: [Int]
}

/// The options that shape a result: a result made with other options is not current.
public struct SurveyOptions: Codable, Equatable, Sendable {
    public var profile: Profile
    public var library: String?
    public var configure: Bool
    public var configureArguments: [String]

    public init(profile: Profile = .socks4, library: String? = nil, configure: Bool = false, configureArguments: [String] = []) {
        self.profile = profile
        self.library = library
        self.configure = configure
        self.configureArguments = configureArguments
    }
}

/// What a tree looked like when it was surveyed: how many files and directories it holds and the
/// newest modification time among them (symlinks not followed). An edit changes a file's time, an
/// added, removed or renamed entry changes its directory's time and the count; so a tree whose
/// stamp is the same has not changed in any way the survey could see. Cheap: a walk of stat calls.
public struct TreeStamp: Codable, Equatable, Sendable {
    public var entries: Int
    public var newest: Double

    public static func of(_ root: String) -> TreeStamp? {
        var info = stat()
        guard lstat(root, &info) == 0 || stat(root, &info) == 0 else { return nil }
        var entries = 0
        var newest = Self.time(info)
        guard let walker = FileManager.default.enumerator(atPath: root) else { return nil }
        while let relative = walker.nextObject() as? String {
            var entry = stat()
            guard lstat(root + "/" + relative, &entry) == 0 else { continue }
            entries += 1
            newest = max(newest, Self.time(entry))
        }
        return TreeStamp(entries: entries, newest: newest)
    }

    private static func time(_ info: stat) -> Double {
        Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}

extension SurveyResult {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public func encoded() -> Data {
        // Strings, numbers and arrays of them: encoding cannot fail.
        (try! Self.encoder().encode(self)) + Data("\n".utf8)
    }

    public static func read(_ path: String) throws -> SurveyResult {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(SurveyResult.self, from: data)
    }
}
