// Places in source files: the one vocabulary libclang's side (ClangSupport) and the analysis
// of facts (SocksifyAnalysis) share, with no dependency on either.

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

/// A half-open stretch of one file.
public struct SourceRange: Hashable, Sendable, Codable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// True when `other` lies within this range of the same file.
    public func contains(_ other: SourceRange) -> Bool {
        start.file == other.start.file && start.offset <= other.start.offset && other.end.offset <= end.offset
    }

    public func contains(_ location: SourceLocation) -> Bool {
        start.file == location.file && start.offset <= location.offset && location.offset < end.offset
    }
}

/// Encoded as `[file, line, column, offset]`: the cache stores tens of thousands of locations, and
/// four keys per location were a third of its bytes. Nothing public encodes a SourceLocation.
extension SourceLocation {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        self.init(file: try container.decode(String.self), line: try container.decode(Int.self),
                  column: try container.decode(Int.self), offset: try container.decode(Int.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(file)
        try container.encode(line)
        try container.encode(column)
        try container.encode(offset)
    }
}
