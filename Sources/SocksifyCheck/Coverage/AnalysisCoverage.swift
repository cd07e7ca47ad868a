/// How much of the tree the analysis really saw: the units that did not parse, the headers that
/// were missing, and whether the build was configured. A gate on a tree the tool could not read is
/// a gate on nothing, so the CLI fails the run when too much is missing (`incomplete`).
public struct AnalysisCoverage: Codable, Hashable, Sendable {
    public struct MissingHeader: Codable, Hashable, Sendable {
        /// As the include names it: `openssl/ssl.h`.
        public var header: String
        /// Translation units it broke.
        public var units: Int
        /// What usually provides it: a Debian package, a folder of the tree, or the build.
        public var hint: String?
    }

    public var translationUnits: Int
    /// Root-relative paths of the units with parse errors.
    public var unitsWithParseErrors: [String]
    /// Those of them whose own text calls the socket API: their findings may be missing.
    public var socketUnitsWithParseErrors: [String]
    public var missingHeaders: [MissingHeader]
    /// Set when the tree has a build system that was not run: why, and what to do.
    public var notConfigured: String?
    /// `--configure`: the commands that configured a scratch copy of the tree (in order), whose
    /// build gave the units and their flags.
    public var configuredWith: [String]?
    /// Root-relative paths of the tree's C++ and Objective-C sources, which are not analysed
    /// (absent when there are none, as the three below).
    public var unanalysedSources: [String]?
    /// Those of them whose text calls the socket API: their hazards are not seen.
    public var socketUnanalysedSources: [String]?
    /// Whether any analysed C unit does something with a socket.
    public var analysedUnitsUseSockets: Bool?

    /// Default share of units that may fail to parse before the run fails (`--max-parse-failures`).
    public static let defaultMaxParseFailures = 10.0

    public var parseFailureShare: Double {
        translationUnits == 0 ? 0 : Double(unitsWithParseErrors.count) * 100 / Double(translationUnits)
    }

    /// The coverage of only these units (root-relative paths): one program's share of the tree,
    /// judged by the same rule (`incompleteness`). C++ sources belong to no C unit: left out.
    public func restricted(to units: Set<String>) -> AnalysisCoverage {
        AnalysisCoverage(translationUnits: units.count, unitsWithParseErrors: unitsWithParseErrors.filter(units.contains),
                         socketUnitsWithParseErrors: socketUnitsWithParseErrors.filter(units.contains), missingHeaders: [])
    }

    /// Why the run cannot pass as a check of this tree, or nil. `maxParseFailures` is a percentage;
    /// 100 accepts any parse failure.
    public func incompleteness(maxParseFailures: Double) -> String? {
        guard maxParseFailures < 100 else { return nil }
        if parseFailureShare > maxParseFailures {
            return "\(unitsWithParseErrors.count) of \(translationUnits) translation units did not parse "
                + "(\(Self.percent(parseFailureShare)), over the \(Self.percent(maxParseFailures)) allowed by --max-parse-failures)"
        }
        // A tree whose socket code is all in C++ (iperf 2's Client.cpp, Listener.cpp) would look
        // checked and clean: it was not checked at all.
        if analysedUnitsUseSockets == false, let socket = socketUnanalysedSources, let first = socket.first {
            let count = socket.count
            return "the socket API is called only in \(count) C++/Objective-C source\(count == 1 ? "" : "s") (first: \(first)), "
                + "which socksify-check does not analyse"
        }
        if let first = socketUnitsWithParseErrors.first {
            let count = socketUnitsWithParseErrors.count
            return "\(count) translation unit\(count == 1 ? "" : "s") that call\(count == 1 ? "s" : "") the socket API "
                + "did not parse (first: \(first)), so \(count == 1 ? "its" : "their") findings may be missing"
        }
        return nil
    }

    /// What to do about `incompleteness`: better flags for units that did not parse; for socket
    /// code only in C++, flags cannot help.
    public func incompletenessAdvice(maxParseFailures: Double) -> String {
        if analysedUnitsUseSockets == false, socketUnanalysedSources?.isEmpty == false, parseFailureShare <= maxParseFailures {
            return "review the C++/Objective-C socket code another way, or accept it with --max-parse-failures 100"
        }
        return "give the build's flags (-p with a compile database, or flags after --), or accept it with --max-parse-failures"
    }

    /// The lines stderr gets: one per missing header with its count and what to do.
    public var explanation: [String] {
        var lines: [String] = []
        if let notConfigured { lines.append(notConfigured) }
        if let configuredWith {
            lines.append("configured in a scratch copy of the tree (removed after the parse): " + configuredWith.joined(separator: "; "))
        }
        for missing in missingHeaders.prefix(10) {
            let hint = missing.hint.map { "; \($0)" } ?? ""
            lines.append("'\(missing.header)' not found in \(missing.units) translation unit\(missing.units == 1 ? "" : "s")\(hint)")
        }
        if missingHeaders.count > 10 { lines.append("\(missingHeaders.count - 10) more missing headers (--show-parse-errors lists every problem)") }
        if let unanalysed = unanalysedSources, !unanalysed.isEmpty {
            let calling = socketUnanalysedSources ?? []
            let count = unanalysed.count, socket = calling.count
            let text = socket == 0 ? "none of them calls the socket API"
                : "\(socket) of them call\(socket == 1 ? "s" : "") the socket API (first: \(calling[0])); their hazards are not seen"
            lines.append("\(count) C++/Objective-C source\(count == 1 ? " is" : "s are") not analysed; \(text)")
        }
        return lines
    }

    var hasProblems: Bool { !unitsWithParseErrors.isEmpty || notConfigured != nil || unanalysedSources != nil }

    private static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}
