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
        // By start offset (stable: same-start expansions keep their order), so a range's macros are
        // found by binary search: every constant of every argument asks, and a large unit has
        // tens of thousands of expansions.
        expansionsByFile = expansionsByFile.mapValues { expansions in
            expansions.enumerated().sorted { ($0.element.range.start.offset, $0.offset) < ($1.element.range.start.offset, $1.offset) }
                .map(\.element)
        }
    }

    /// The expansions of `file` that start within offsets `lower...upper`, in order.
    private func expansions(in file: String, from lower: Int, through upper: Int) -> ArraySlice<Expansion> {
        let all = expansionsByFile[file] ?? []
        var low = 0, high = all.count
        while low < high {
            let middle = (low + high) / 2
            if all[middle].range.start.offset < lower { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < all.count, all[end].range.start.offset <= upper { end += 1 }
        return all[low..<end]
    }

    /// Where each project macro of the unit is defined (HeaderFunctionMemo's check that a shared
    /// function means the same in another unit).
    static func projectDefinitions(topLevel: [Cursor]) -> [String: [SourceLocation]] {
        var result: [String: [SourceLocation]] = [:]
        for cursor in topLevel where cursor.kind == .macroDefinition && !cursor.isInSystemHeader && !cursor.isBuiltinMacro {
            guard let location = cursor.location else { continue }
            result[cursor.spelling, default: []].append(location)
        }
        return result
    }

    /// Project macros used inside `range`, outermost first.
    func origins(within range: SourceRange) -> [Origin] {
        expansions(in: range.start.file, from: range.start.offset, through: range.end.offset)
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
