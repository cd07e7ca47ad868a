import CClang

/// A point in a source file, as clang counts it: 1-based line, 1-based byte column, 0-based byte offset.
public struct SourceLocation: Hashable, Sendable, Codable {
    public var file: String
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(file: String, line: Int, column: Int, offset: Int) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
    }
}

public struct SourceRange: Hashable, Sendable, Codable {
    public var start: SourceLocation
    public var end: SourceLocation

    /// True when `other` lies within this range of the same file.
    public func contains(_ other: SourceRange) -> Bool {
        start.file == other.start.file && start.offset <= other.start.offset && other.end.offset <= end.offset
    }

    public func contains(_ location: SourceLocation) -> Bool {
        start.file == location.file && start.offset <= location.offset && location.offset < end.offset
    }
}

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
