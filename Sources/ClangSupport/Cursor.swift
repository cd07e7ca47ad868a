import CClang

/// A node of a parsed translation unit. It keeps its unit alive, so it stays valid as long as it is held.
public struct Cursor {
    let raw: CXCursor
    let unit: TranslationUnit

    init(raw: CXCursor, unit: TranslationUnit) {
        self.raw = raw
        self.unit = unit
    }

    init?(raw: CXCursor, in unit: TranslationUnit) {
        guard clang_Cursor_isNull(raw) == 0, clang_isInvalid(clang_getCursorKind(raw)) == 0 else { return nil }
        self.init(raw: raw, unit: unit)
    }

    public var kind: CursorKind { CursorKind(rawValue: clang_getCursorKind(raw).rawValue) }

    public var spelling: String { consume(clang_getCursorSpelling(raw)) }

    /// Unified Symbol Resolution: the same string for the same entity across translation units
    /// (a `static` function's USR names its file, so two statics of one name stay apart).
    public var usr: String { consume(clang_getCursorUSR(raw)) }

    public var children: [Cursor] {
        var collected: [CXCursor] = []
        withUnsafeMutablePointer(to: &collected) { pointer in
            _ = clang_visitChildren(raw, { child, _, data in
                data!.assumingMemoryBound(to: [CXCursor].self).pointee.append(child)
                return CXChildVisit_Continue
            }, pointer)
        }
        return collected.map { Cursor(raw: $0, unit: unit) }
    }

    /// The file an `#include` directive brought in (nil when it was not found).
    public var includedFile: String? {
        guard let file = clang_getIncludedFile(raw) else { return nil }
        return fileName(file)
    }

    /// The declaration this reference, call or macro expansion names.
    public var referenced: Cursor? { Cursor(raw: clang_getCursorReferenced(raw), in: unit) }

    public var definition: Cursor? { Cursor(raw: clang_getCursorDefinition(raw), in: unit) }

    public var semanticParent: Cursor? { Cursor(raw: clang_getCursorSemanticParent(raw), in: unit) }

    public var isDefinition: Bool { clang_isCursorDefinition(raw) != 0 }

    /// Where the cursor's text starts in the user's file (a macro's use site, not its definition).
    public var location: SourceLocation? { SourceLocation(expansionOf: clang_getCursorLocation(raw)) }

    /// Where the cursor's characters were written (inside a macro definition when it came from one).
    public var spellingLocation: SourceLocation? { SourceLocation(spellingOf: clang_getCursorLocation(raw)) }

    public var extent: SourceRange? { SourceRange(expansionOf: clang_getCursorExtent(raw)) }

    public var isInSystemHeader: Bool { clang_Location_isInSystemHeader(clang_getCursorLocation(raw)) != 0 }

    public var isFromMainFile: Bool { clang_Location_isFromMainFile(clang_getCursorLocation(raw)) != 0 }

    /// The arguments of a call, or the parameters of a function declaration.
    public var arguments: [Cursor] {
        let count = clang_Cursor_getNumArguments(raw)
        guard count > 0 else { return [] }
        return (0..<UInt32(count)).compactMap { Cursor(raw: clang_Cursor_getArgument(raw, $0), in: unit) }
    }

    public var isFunctionLikeMacro: Bool { clang_Cursor_isMacroFunctionLike(raw) != 0 }

    public var isBuiltinMacro: Bool { clang_Cursor_isMacroBuiltin(raw) != 0 }

    public var typeSpelling: String { consume(clang_getTypeSpelling(clang_getCursorType(raw))) }

    /// The value of an integer constant expression, folded by clang as the compiler would.
    public var integerValue: Int64? {
        guard kind.isExpression, let result = clang_Cursor_Evaluate(raw) else { return nil }
        defer { clang_EvalResult_dispose(result) }
        guard clang_EvalResult_getKind(result) == CXEval_Int else { return nil }
        if clang_EvalResult_isUnsignedInt(result) != 0 {
            return Int64(truncatingIfNeeded: clang_EvalResult_getAsUnsigned(result))
        }
        return clang_EvalResult_getAsLongLong(result)
    }

    /// The tokens the cursor covers as written in the user's file: for an expression that came out of
    /// a macro, the macro's name (and arguments) at the place it was used.
    public var tokens: [Token] {
        let extent = clang_getCursorExtent(raw)
        var startFile: CXFile?, endFile: CXFile?
        var startOffset: UInt32 = 0, endOffset: UInt32 = 0
        clang_getExpansionLocation(clang_getRangeStart(extent), &startFile, nil, nil, &startOffset)
        clang_getExpansionLocation(clang_getRangeEnd(extent), &endFile, nil, nil, &endOffset)
        guard let startFile, let endFile, clang_File_isEqual(startFile, endFile) != 0 else { return unit.tokens(in: extent) }
        // A macro use collapses to one point; widen it so the token that starts there is included.
        return unit.tokens(in: startFile, from: startOffset, to: max(endOffset, startOffset + 1))
    }

    /// The tokens from the end of `self` to the start of `next` (the operator between two operands),
    /// without tokenizing everything either covers: on a deeply nested expression that is quadratic.
    /// nil when the two do not meet in one file (a macro spans them).
    public func tokens(upTo next: Cursor) -> [Token]? {
        tokens(upTo: next, at: clang_getExpansionLocation)
    }

    /// As `tokens(upTo:)`, but where the text is spelled: inside a macro's arguments and body,
    /// which expansion locations collapse to the macro's use (`ASSERT(a == b)`).
    public func spelledTokens(upTo next: Cursor) -> [Token]? {
        tokens(upTo: next, at: clang_getSpellingLocation)
    }

    private typealias Locate = (CXSourceLocation, UnsafeMutablePointer<CXFile?>?, UnsafeMutablePointer<UInt32>?,
                                UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?) -> Void

    private func tokens(upTo next: Cursor, at locate: Locate) -> [Token]? {
        var endFile: CXFile?, startFile: CXFile?
        var endOffset: UInt32 = 0, startOffset: UInt32 = 0
        locate(clang_getRangeEnd(clang_getCursorExtent(raw)), &endFile, nil, nil, &endOffset)
        locate(clang_getRangeStart(clang_getCursorExtent(next.raw)), &startFile, nil, nil, &startOffset)
        guard let endFile, let startFile, clang_File_isEqual(endFile, startFile) != 0, startOffset >= endOffset else { return nil }
        return unit.tokens(in: endFile, from: endOffset, to: startOffset)
    }

    /// The first token of the cursor where it is spelled (a unary operator inside a macro body).
    public var spelledFirstToken: Token? {
        var file: CXFile?
        var offset: UInt32 = 0
        clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(raw)), &file, nil, nil, &offset)
        guard let file else { return nil }
        return unit.tokens(in: file, from: offset, to: offset + 1).first
    }

    /// True when the cursor's text comes out of a macro (its spelling is not where it expands).
    public var isInMacro: Bool {
        let start = clang_getRangeStart(clang_getCursorExtent(raw))
        var spellingFile: CXFile?, expansionFile: CXFile?
        var spellingOffset: UInt32 = 0, expansionOffset: UInt32 = 0
        clang_getSpellingLocation(start, &spellingFile, nil, nil, &spellingOffset)
        clang_getExpansionLocation(start, &expansionFile, nil, nil, &expansionOffset)
        guard let spellingFile, let expansionFile else { return false }
        return clang_File_isEqual(spellingFile, expansionFile) == 0 || spellingOffset != expansionOffset
    }
}

extension Cursor: Hashable {
    public static func == (a: Cursor, b: Cursor) -> Bool { clang_equalCursors(a.raw, b.raw) != 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(clang_hashCursor(raw)) }
}
