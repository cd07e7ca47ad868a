import CClang
@_exported import SocksifySource

extension SourceLocation {
    /// Where the text that produced `location` sits in the user's file: for a token that came out of a
    /// macro, the place the macro was used.
    init?(expansionOf location: CXSourceLocation) {
        var file: CXFile?
        var line: UInt32 = 0, column: UInt32 = 0, offset: UInt32 = 0
        clang_getExpansionLocation(location, &file, &line, &column, &offset)
        guard let file else { return nil }
        self.init(file: consume(clang_getFileName(file)), line: Int(line), column: Int(column), offset: Int(offset))
    }

    /// Where the characters were written: for a token from a macro, inside the macro's definition.
    init?(spellingOf location: CXSourceLocation) {
        var file: CXFile?
        var line: UInt32 = 0, column: UInt32 = 0, offset: UInt32 = 0
        clang_getSpellingLocation(location, &file, &line, &column, &offset)
        guard let file else { return nil }
        self.init(file: consume(clang_getFileName(file)), line: Int(line), column: Int(column), offset: Int(offset))
    }
}

extension SourceRange {
    init?(expansionOf range: CXSourceRange) {
        guard let start = SourceLocation(expansionOf: clang_getRangeStart(range)),
              let end = SourceLocation(expansionOf: clang_getRangeEnd(range)) else { return nil }
        self.init(start: start, end: end)
    }
}
