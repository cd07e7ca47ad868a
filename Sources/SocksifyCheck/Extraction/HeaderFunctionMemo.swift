import ClangSupport
import Foundation
import SocksifyAnalysis

/// The facts of functions defined in project headers, extracted once per parser (a pool thread or a
/// worker process) instead of once per unit that includes the header: haproxy's 174 units each
/// include ~1,470 inline functions, and extracting them again in every unit was most of a cold run.
/// A later unit reads the stored facts back and is parsed with those bodies blanked (every byte but
/// the line breaks made a space, through libclang's unsaved files, so every other location stays
/// where it was): clang does not parse them again either.
///
/// Sharing must not change a finding, so a function is shared only
/// - between units parsed with the same arguments (their `-D` and `-I` decide what a header's text
///   means),
/// - when its text has no preprocessor line (a conditional there could pick another branch in
///   another unit) and no error, and its braces are where its extent says (not made by a macro),
/// - while each identifier of its text that is a project macro in the unit names the same
///   definitions as where it was extracted (a unit that defines a macro before including the header
///   sees other code). A unit that fails this is parsed again without blanked bodies
///   by its extraction, and the function is no longer shared.
///
/// With a cache folder, what a parser shared is kept for the next run (`HeaderFunctionSnapshot`),
/// with the digest of every file its units read: a later run whose units have the same arguments
/// starts from it while none of those files changed, so the one unit an edit makes it parse again
/// is parsed with those bodies blanked too, not whole.
///
/// Not thread-safe: each parser has its own.
final class HeaderFunctionMemo {
    /// Where a function's definition starts.
    struct Key: Hashable {
        var file: String
        var offset: Int
    }

    /// One function's contribution, in the order extraction produced it.
    struct Entry {
        var facts: UnitFacts
        var collisions: [CollidingDeclaration]
        /// The identifiers of the function's text, and the project macro definitions of those that
        /// were macros where it was extracted.
        var identifiers: [String]
        var macroContext: [String: [SourceLocation]]
    }

    /// A function that may be shared once it is extracted.
    struct Candidate {
        var key: Key
        var identifiers: [String]
        /// The bytes between its braces.
        var body: Range<Int>
    }

    /// What one set of compiler arguments has shared (a class: units add to it in place).
    final class Context {
        var entries: [Key: Entry] = [:]
        /// The shared bodies of each header, by function.
        var bodies: [String: [Key: Range<Int>]] = [:]
        /// Each header's text with the shared bodies blanked, made when a unit next asks.
        var blanked: [String: [UInt8]] = [:]
        /// Functions that failed the macro check once: extracted in every unit from then on.
        var unstable: Set<Key> = []
        /// Every file the units that shared here read (their own file aside), with its content
        /// digest: the entries hold while none of them changes.
        var dependencies: [String: String] = [:]
        /// Something was shared or forgotten since the context was made or loaded.
        var changed = false
    }

    private var contexts: [String: Context] = [:]
    private var texts: [String: [UInt8]?] = [:]
    /// Where contexts are kept between runs (nil: not kept).
    private let directory: String?
    /// The content digest of each file a kept context depends on, once per parser.
    private let digests = FileDigests()

    /// `directory`: the cache folder's place for contexts kept between runs, or nil.
    init(directory: String? = nil) {
        self.directory = directory
    }

    /// What a unit's parse shares with earlier units: `context` is its arguments and directory.
    struct Session {
        let memo: HeaderFunctionMemo
        let context: Context
        let mainFile: String
    }

    /// What names a unit's context: its arguments and directory.
    static func contextKey(for request: ParseRequest) -> String {
        ([request.workingDirectory ?? ""] + request.arguments).joined(separator: "\u{0}")
    }

    func session(for request: ParseRequest) -> Session {
        let key = Self.contextKey(for: request)
        let context = contexts[key] ?? {
            let made = Context()
            if let directory, let kept = HeaderFunctionSnapshot.load(directory: directory, key: key, digests: digests) {
                // Kept while every file it depends on reads as it did (the digests are checked there).
                made.entries = kept.entries
                made.bodies = kept.bodies
                made.unstable = kept.unstable
                made.dependencies = kept.dependencies
            }
            contexts[key] = made
            return made
        }()
        return Session(memo: self, context: context, mainFile: request.file)
    }

    /// The headers whose shared bodies are blanked for this unit (never the unit's own file, which
    /// another unit may include).
    func unsavedFiles(_ session: Session) -> [(path: String, contents: [UInt8])] {
        let context = session.context
        var files: [(path: String, contents: [UInt8])] = []
        for (file, bodies) in context.bodies.sorted(by: { $0.key < $1.key }) where file != session.mainFile && !bodies.isEmpty {
            if let ready = context.blanked[file] {
                files.append((file, ready))
            } else if let text = text(of: file) {
                let blanked = Self.blank(text, Array(bodies.values))
                context.blanked[file] = blanked
                files.append((file, blanked))
            }
        }
        return files
    }

    func entry(_ key: Key, in session: Session) -> Entry? {
        session.context.entries[key]
    }

    /// A function that may be shared: its text read from the header, checked as the type says.
    /// `errors`: where the unit's errors are.
    func candidate(function extent: SourceRange, body: SourceRange?, errors: [SourceLocation], in session: Session) -> Candidate? {
        let key = Key(file: extent.start.file, offset: extent.start.offset)
        guard let body, extent.end.file == key.file, body.start.file == key.file, body.end.file == key.file,
              !session.context.unstable.contains(key),
              !errors.contains(where: { extent.contains($0) || $0.file == key.file && $0.offset == extent.end.offset }),
              let text = text(of: key.file) else { return nil }
        let start = extent.start.offset, end = extent.end.offset
        let open = body.start.offset, close = body.end.offset - 1
        guard start <= open, open < close, close < end, end <= text.count,
              text[open] == UInt8(ascii: "{"), text[close] == UInt8(ascii: "}"),
              !Self.hasDirective(text[start..<end]) else { return nil }
        return Candidate(key: key, identifiers: IdentifierScan(Array(text[start..<end])).identifiers.sorted(), body: open + 1..<close)
    }

    /// Notes the files a unit that shared read (`included`, its own file aside): what the
    /// context's entries now depend on.
    func record(included: [String], in session: Session) {
        let context = session.context
        for file in included where file != session.mainFile && context.dependencies[file] == nil {
            // A file that cannot be read now cannot be checked by a later run: keep nothing.
            context.dependencies[file] = digests.hash(file) ?? ""
        }
    }

    /// Writes each context that changed for the next run (nothing without a directory).
    func save() {
        guard let directory else { return }
        for (key, context) in contexts where context.changed {
            HeaderFunctionSnapshot.save(context, key: key, directory: directory)
        }
    }

    func store(_ candidate: Candidate, _ entry: Entry, in session: Session) {
        let context = session.context
        context.changed = true
        context.entries[candidate.key] = entry
        context.bodies[candidate.key.file, default: [:]][candidate.key] = candidate.body
        context.blanked[candidate.key.file] = nil
    }

    /// A shared function whose macros differ in some unit is no longer shared.
    func forget(_ key: Key, in session: Session) {
        let context = session.context
        guard context.entries.removeValue(forKey: key) != nil else { return }
        context.changed = true
        context.unstable.insert(key)
        context.bodies[key.file]?[key] = nil
        context.blanked[key.file] = nil
    }

    private func text(of file: String) -> [UInt8]? {
        if let known = texts[file] { return known }
        let read = FileManager.default.contents(atPath: file).map { [UInt8]($0) }
        texts[file] = read
        return read
    }

    /// True when a line of `text` starts with `#` (after blanks), in a comment or not: such a
    /// function is never shared.
    static func hasDirective(_ text: ArraySlice<UInt8>) -> Bool {
        var lineStart = true
        for byte in text {
            switch byte {
            case UInt8(ascii: "\n"): lineStart = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0c, 0x0b: break
            case UInt8(ascii: "#") where lineStart: return true
            default: lineStart = false
            }
        }
        return false
    }

    /// `text` with every byte in `bodies` but line breaks made a space.
    static func blank(_ text: [UInt8], _ bodies: [Range<Int>]) -> [UInt8] {
        var result = text
        for body in bodies {
            for position in body where result[position] != UInt8(ascii: "\n") { result[position] = UInt8(ascii: " ") }
        }
        return result
    }
}

extension UnitFacts {
    /// Adds what one function contributed, keeping each list's order.
    mutating func append(function facts: UnitFacts) {
        writes += facts.writes
        nullAddressAccepts += facts.nullAddressAccepts
        unrenamedCalls += facts.unrenamedCalls
        socketCreations += facts.socketCreations
        calls += facts.calls
        flows += facts.flows
    }
}
