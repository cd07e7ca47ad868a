import CClang

/// The tokens of one function definition, lexed once. The extractors ask for a few tokens at a
/// time (the operator between two operands, a `for` header, a member's `->`), thousands of times
/// per unit; answering each ask with its own clang_tokenize needs source locations at file offsets,
/// and libclang finds those (clang_getLocationForOffset, SourceManager::translateFile) by a linear
/// scan over every file and macro expansion the unit has seen: a quarter of a cold run on a
/// header-heavy tree. A lookup answers exactly what clang_tokenize gives for the same range (clang's
/// raw lexer yields the same tokens from any token boundary), or nil when the range is not inside
/// the span, and the caller tokenizes as before.
final class TokenSpan {
    private let unit: CXTranslationUnit
    private let file: CXFile
    private let start: UInt32
    private let end: UInt32
    private let tokens: UnsafeBufferPointer<CXToken>
    /// Each token's offset in the file, in order.
    private let offsets: [UInt32]
    private var made: [Token?]

    /// The tokens of `range`, when both of its ends are places in one file and clang lexed it from
    /// its start (libclang's spelling location of a token from a macro's body is where the macro is
    /// used, while clang_tokenize starts where the macro is defined).
    init?(unit: CXTranslationUnit, range: CXSourceRange) {
        guard let (file, start) = Self.fileOffset(clang_getRangeStart(range)),
              let (endFile, end) = Self.fileOffset(clang_getRangeEnd(range)),
              clang_File_isEqual(file, endFile) != 0, start < end else { return nil }
        var lexed: UnsafeMutablePointer<CXToken>?
        var count: UInt32 = 0
        clang_tokenize(unit, range, &lexed, &count)
        let tokens = UnsafeBufferPointer(start: lexed, count: lexed == nil ? 0 : Int(count))
        let offsets = tokens.map { token in
            var offset: UInt32 = 0
            clang_getExpansionLocation(clang_getTokenLocation(unit, token), nil, nil, nil, &offset)
            return offset
        }
        guard offsets.first == start else {
            if let lexed { clang_disposeTokens(unit, lexed, count) }
            return nil
        }
        self.unit = unit
        self.file = file
        self.start = start
        self.end = end
        self.tokens = tokens
        self.offsets = offsets
        made = Array(repeating: nil, count: offsets.count)
    }

    deinit {
        if let base = tokens.baseAddress { clang_disposeTokens(unit, UnsafeMutablePointer(mutating: base), UInt32(tokens.count)) }
    }

    /// The file and offset of a location whose spelling and expansion locations agree (not inside a
    /// macro's arguments; libclang gives a macro body's tokens the place of the macro's use for both).
    static func fileOffset(_ location: CXSourceLocation) -> (CXFile, UInt32)? {
        var spellingFile: CXFile?, expansionFile: CXFile?
        var spellingOffset: UInt32 = 0, expansionOffset: UInt32 = 0
        clang_getSpellingLocation(location, &spellingFile, nil, nil, &spellingOffset)
        clang_getExpansionLocation(location, &expansionFile, nil, nil, &expansionOffset)
        guard let spellingFile, let expansionFile, clang_File_isEqual(spellingFile, expansionFile) != 0,
              spellingOffset == expansionOffset else { return nil }
        return (expansionFile, expansionOffset)
    }

    /// What clang_tokenize gives for the offsets `from` to `to` of `file`: the first token at or after
    /// `from`, then each next one until one ends at or after `to`. nil when that is not all inside
    /// the span.
    func tokens(in file: CXFile, from: UInt32, to: UInt32) -> [Token]? {
        guard clang_File_isEqual(file, self.file) != 0, from >= start, to <= end else { return nil }
        var low = 0, high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] < from { low = middle + 1 } else { high = middle }
        }
        var result: [Token] = []
        var position = low
        while position < tokens.count {
            // A token without a place is left out, as clang's path leaves it out: ask clang.
            guard let token = token(at: position) else { return nil }
            result.append(token)
            let next = position + 1
            if offsets[position] >= to { return result }
            if next < tokens.count, offsets[next] < to {
                position = next
                continue
            }
            // `to` lies between this token's start and the next one's: does this one reach it?
            var endOffset: UInt32 = 0
            clang_getExpansionLocation(clang_getRangeEnd(clang_getTokenExtent(unit, tokens[position])), nil, nil, nil, &endOffset)
            if endOffset >= to { return result }
            position = next
        }
        return nil
    }

    private func token(at position: Int) -> Token? {
        if let token = made[position] { return token }
        let raw = tokens[position]
        guard let location = SourceLocation(expansionOf: clang_getTokenLocation(unit, raw)) else { return nil }
        let token = Token(
            kind: Token.Kind(rawValue: Int(clang_getTokenKind(raw).rawValue)) ?? .punctuation,
            spelling: consume(clang_getTokenSpelling(unit, raw)),
            location: location
        )
        made[position] = token
        return token
    }
}
