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
        self.init(file: fileName(file), line: Int(line), column: Int(column), offset: Int(offset))
    }

    /// Where the characters were written: for a token from a macro, inside the macro's definition.
    init?(spellingOf location: CXSourceLocation) {
        var file: CXFile?
        var line: UInt32 = 0, column: UInt32 = 0, offset: UInt32 = 0
        clang_getSpellingLocation(location, &file, &line, &column, &offset)
        guard let file else { return nil }
        self.init(file: fileName(file), line: Int(line), column: Int(column), offset: Int(offset))
    }
}

extension SourceRange {
    init?(expansionOf range: CXSourceRange) {
        guard let start = SourceLocation(expansionOf: clang_getRangeStart(range)),
              let end = SourceLocation(expansionOf: clang_getRangeEnd(range)) else { return nil }
        self.init(start: start, end: end)
    }
}

/// A file's name as the unit's own paths are written: absolute. libclang gives the name a file was
/// looked up by, which for `-Iinclude` is relative to the unit's working directory; libclang 16
/// makes that directory the process's (chdir) while it parses, so the same relative name read
/// later, or in another process, or after another thread's parse, points elsewhere. The path
/// clang opened is absolute (made so against the working directory), so a relative name is
/// replaced by it.
func fileName(_ file: CXFile) -> String {
    let name = consume(clang_getFileName(file))
    guard !name.hasPrefix("/") else { return name }
    let opened = consume(clang_File_tryGetRealPathName(file))
    return opened.hasPrefix("/") ? opened : name
}
