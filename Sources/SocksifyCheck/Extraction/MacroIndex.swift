import ClangSupport
import SocksifyAnalysis

/// The uses of the project's own macros in one translation unit, to explain where a value came from.
/// Macros defined in system headers (glibc's `#define SOCK_DGRAM SOCK_DGRAM`) explain nothing.
struct MacroIndex {
    struct Expansion {
        var name: String
        var range: SourceRange
        var definition: SourceLocation
    }

    private var expansionsByFile: [String: [Expansion]] = [:]

    /// `topLevel`: the unit's top-level cursors, preprocessing entities among them.
    init(topLevel: [Cursor]) {
        for cursor in topLevel where cursor.kind == .macroExpansion && !cursor.isInSystemHeader {
            guard let definition = cursor.referenced, !definition.isInSystemHeader, !definition.isBuiltinMacro,
                  let definitionLocation = definition.location, let range = cursor.extent else { continue }
            expansionsByFile[range.start.file, default: []]
                .append(Expansion(name: cursor.spelling, range: range, definition: definitionLocation))
        }
    }

    /// Project macros used inside `range`, outermost first.
    func origins(within range: SourceRange) -> [Origin] {
        (expansionsByFile[range.start.file] ?? [])
            .filter { range.contains($0.range) }
            .map { .macro(name: $0.name, definition: $0.definition) }
    }

    /// The project macro whose use produced the text at `location`, if it came from one.
    func origins(around location: SourceLocation) -> [Origin] {
        (expansionsByFile[location.file] ?? [])
            .filter { $0.range.start.offset <= location.offset && location.offset <= $0.range.end.offset }
            .map { .macro(name: $0.name, definition: $0.definition) }
    }
}
