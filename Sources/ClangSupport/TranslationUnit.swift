import CClang
import Glibc

/// What to parse: one source file, the compiler arguments for it (without the compiler's name and
/// without the file itself), and the directory relative paths in those arguments start from.
public struct ParseRequest: Hashable, Sendable {
    public var file: String
    public var arguments: [String]
    public var workingDirectory: String?

    public init(file: String, arguments: [String], workingDirectory: String? = nil) {
        self.file = file
        self.arguments = arguments
        self.workingDirectory = workingDirectory
    }
}

public enum ParseFailure: Error, Equatable, Sendable {
    /// libclang produced no translation unit at all (unreadable file, arguments it rejects).
    case failed(file: String)
    /// libclang's crash recovery caught a crash while parsing this file.
    case crashed(file: String)
    case invalidArguments(file: String)
}

/// A libclang index. Not thread-safe: give each worker thread its own.
public final class ClangIndex {
    let raw: CXIndex

    public init() {
        _ = Self.parseOnCallingThread
        LibClang.ensureLoaded()
        raw = clang_createIndex(0, 0)
    }

    /// libclang parses on a thread of its own with an 8 MiB stack, which a deeply nested expression
    /// (a generated 50,000-term sum) overflows: a crash no recovery can catch. On the calling
    /// thread (our workers have large stacks) the same parse ends in an error clang reports.
    private static let parseOnCallingThread: Void = { setenv("LIBCLANG_NOTHREADS", "1", 1) }()

    deinit { clang_disposeIndex(raw) }

    /// Parses with KeepGoing, so an unconfigured tree (a missing config.h) still yields an AST for
    /// everything that does parse; the problems come back as the unit's diagnostics.
    /// `unsavedFiles`: contents clang reads instead of what is on disk at those paths.
    /// `skippingFunctionBodies`: declarations only (libclang's SkipFunctionBodies). The analysis never
    /// asks for it; socksify-bench does, for the least any tool reading libclang's AST can spend.
    public func parse(_ request: ParseRequest, unsavedFiles: [(path: String, contents: [UInt8])] = [],
                      skippingFunctionBodies: Bool = false) throws -> TranslationUnit {
        // No error limit: at clang's default of 20 the parse stops there, and every function after
        // the 20th error (a missing generated header yields that many at once) would go unseen.
        // No typo correction: its edit-distance search over every name in scope was 4% of a cold run
        // on curl, for "did you mean" hints nobody reads here. No warnings (`WarningOptions`).
        var arguments = WarningOptions.forAnalysis(request.arguments) + ["-ferror-limit=0", "-fno-spell-checking"]
            + WarningOptions.legacyCAsWarnings
        if let directory = request.workingDirectory {
            arguments.insert("-working-directory=\(directory)", at: 0)
        }
        let options = CXTranslationUnit_DetailedPreprocessingRecord.rawValue
            | CXTranslationUnit_KeepGoing.rawValue
            | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles.rawValue
            | (skippingFunctionBodies ? CXTranslationUnit_SkipFunctionBodies.rawValue : 0)
        var unit: CXTranslationUnit?
        let cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        defer { cArguments.forEach { free($0) } }
        // libclang copies the unsaved contents while it parses: the buffers need live only that long.
        let names: [UnsafeMutablePointer<CChar>?] = unsavedFiles.map { strdup($0.path) }
        let buffers: [UnsafeMutablePointer<CChar>] = unsavedFiles.map { file in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(file.contents.count, 1))
            file.contents.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: bytes.count) }
            }
            return buffer
        }
        defer {
            names.forEach { free($0) }
            buffers.forEach { $0.deallocate() }
        }
        var unsaved = unsavedFiles.indices.map { position in
            CXUnsavedFile(Filename: UnsafePointer(names[position]), Contents: UnsafePointer(buffers[position]),
                          Length: UInt(unsavedFiles[position].contents.count))
        }
        let code: CXErrorCode = cArguments.map { UnsafePointer($0) }.withUnsafeBufferPointer { argv in
            unsaved.withUnsafeMutableBufferPointer { files in
                clang_parseTranslationUnit2(raw, request.file, argv.baseAddress, Int32(argv.count),
                                            files.baseAddress, UInt32(files.count), UInt32(options), &unit)
            }
        }
        switch code {
        case CXError_Success:
            guard let unit else { throw ParseFailure.failed(file: request.file) }
            return TranslationUnit(raw: unit, index: self)
        case CXError_Crashed: throw ParseFailure.crashed(file: request.file)
        case CXError_InvalidArguments: throw ParseFailure.invalidArguments(file: request.file)
        default: throw ParseFailure.failed(file: request.file)
        }
    }
}

/// A parsed translation unit. Cursors keep it alive; it is disposed when the last one goes.
public final class TranslationUnit {
    let raw: CXTranslationUnit
    private let index: ClangIndex

    init(raw: CXTranslationUnit, index: ClangIndex) {
        self.raw = raw
        self.index = index
    }

    deinit { clang_disposeTranslationUnit(raw) }

    public var cursor: Cursor { Cursor(raw: clang_getTranslationUnitCursor(raw), unit: self) }

    public var diagnostics: [ClangDiagnostic] {
        (0..<clang_getNumDiagnostics(raw)).map { position in
            let diagnostic = clang_getDiagnostic(raw, position)
            defer { clang_disposeDiagnostic(diagnostic) }
            return diagnostic.map(ClangDiagnostic.init)
        }.compactMap { $0 }
    }

    /// The files this unit read, as clang named them: the main file, then every file an `#include`
    /// brought in (the preprocessing record keeps each directive, a forced `-include` too), each
    /// once. `topLevel`: the unit's top-level cursors, which hold the directives.
    /// (clang_getInclusions gives the same files but walks every source-location entry, macro
    /// expansions included, and works out each includer's line: 6% of a cold run on curl.)
    public func includedFiles(topLevel: [Cursor]) -> [String] {
        var seen: Set<String> = []
        return ([cursor.spelling] + topLevel.lazy.filter { $0.kind == .inclusionDirective }.compactMap(\.includedFile))
            .filter { seen.insert($0).inserted }
    }

    /// The function definition being read, and its tokens once a read asks for them (TokenSpan).
    private var spanCursor: CXCursor?
    private var span: TokenSpan?

    /// Runs `body` with the tokens of `function` (a definition) lexed once, on first use: token reads
    /// inside it (operators, `for` headers, `->`) then find no source locations by offset.
    public func withTokens<T>(of function: Cursor, _ body: () throws -> T) rethrows -> T {
        let saved = (spanCursor, span)
        spanCursor = function.raw
        span = nil
        defer { (spanCursor, span) = saved }
        return try body()
    }

    /// The tokens clang_tokenize gives from offset `start` to `end` of `file`: from the function's
    /// span when it covers them, else tokenized here.
    func tokens(in file: CXFile, from start: UInt32, to end: UInt32) -> [Token] {
        if span == nil, let function = spanCursor {
            spanCursor = nil
            span = span(of: function)
        }
        if let found = span?.tokens(in: file, from: start, to: end) { return found }
        return tokens(in: clang_getRange(clang_getLocationForOffset(raw, file, start), clang_getLocationForOffset(raw, file, end)))
    }

    /// The whole definition when it starts and ends in its file, else its body (a return type that
    /// comes out of a macro).
    private func span(of function: CXCursor) -> TokenSpan? {
        if let whole = TokenSpan(unit: raw, range: clang_getCursorExtent(function)) { return whole }
        let body = Cursor(raw: function, unit: self).children.last { $0.kind == .compoundStmt }
        return body.flatMap { TokenSpan(unit: raw, range: clang_getCursorExtent($0.raw)) }
    }

    func tokens(in range: CXSourceRange) -> [Token] {
        var tokens: UnsafeMutablePointer<CXToken>?
        var count: UInt32 = 0
        clang_tokenize(raw, range, &tokens, &count)
        guard let tokens else { return [] }
        defer { clang_disposeTokens(raw, tokens, count) }
        return (0..<Int(count)).compactMap { position in
            let token = tokens[position]
            guard let location = SourceLocation(expansionOf: clang_getTokenLocation(raw, token)) else { return nil }
            return Token(
                kind: Token.Kind(rawValue: Int(clang_getTokenKind(token).rawValue)) ?? .punctuation,
                spelling: consume(clang_getTokenSpelling(raw, token)),
                location: location
            )
        }
    }
}

public struct Token: Hashable, Sendable {
    public enum Kind: Int, Sendable {
        case punctuation = 0, keyword, identifier, literal, comment
    }

    public var kind: Kind
    public var spelling: String
    public var location: SourceLocation
}
