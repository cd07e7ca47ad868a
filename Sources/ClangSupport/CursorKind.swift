import CClang

/// libclang's cursor kinds that the analysis names; every other kind still compares by raw value.
/// The numbers are libclang's; they hold from LLVM 14 to 20 except the translation unit's (300,
/// 350 from LLVM 16, when the statements outgrew their range) and the ends of the expression and
/// statement ranges, which are therefore asked of the loaded library.
public struct CursorKind: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let structDecl = CursorKind(rawValue: 2)
    public static let unionDecl = CursorKind(rawValue: 3)
    public static let fieldDecl = CursorKind(rawValue: 6)
    public static let enumConstantDecl = CursorKind(rawValue: 7)
    public static let functionDecl = CursorKind(rawValue: 8)
    public static let varDecl = CursorKind(rawValue: 9)
    public static let parmDecl = CursorKind(rawValue: 10)
    public static let typedefDecl = CursorKind(rawValue: 20)
    public static let memberRef = CursorKind(rawValue: 47)
    public static let unexposedExpr = CursorKind(rawValue: 100)
    public static let declRefExpr = CursorKind(rawValue: 101)
    public static let memberRefExpr = CursorKind(rawValue: 102)
    public static let callExpr = CursorKind(rawValue: 103)
    public static let integerLiteral = CursorKind(rawValue: 106)
    public static let stringLiteral = CursorKind(rawValue: 109)
    public static let parenExpr = CursorKind(rawValue: 111)
    public static let unaryOperator = CursorKind(rawValue: 112)
    public static let arraySubscriptExpr = CursorKind(rawValue: 113)
    public static let binaryOperator = CursorKind(rawValue: 114)
    public static let compoundAssignOperator = CursorKind(rawValue: 115)
    public static let conditionalOperator = CursorKind(rawValue: 116)
    public static let cStyleCastExpr = CursorKind(rawValue: 117)
    public static let compoundLiteralExpr = CursorKind(rawValue: 118)
    public static let initListExpr = CursorKind(rawValue: 119)
    public static let labelRef = CursorKind(rawValue: 48)
    public static let labelStmt = CursorKind(rawValue: 201)
    public static let compoundStmt = CursorKind(rawValue: 202)
    public static let caseStmt = CursorKind(rawValue: 203)
    public static let defaultStmt = CursorKind(rawValue: 204)
    public static let ifStmt = CursorKind(rawValue: 205)
    public static let switchStmt = CursorKind(rawValue: 206)
    public static let whileStmt = CursorKind(rawValue: 207)
    public static let doStmt = CursorKind(rawValue: 208)
    public static let forStmt = CursorKind(rawValue: 209)
    public static let gotoStmt = CursorKind(rawValue: 210)
    public static let continueStmt = CursorKind(rawValue: 212)
    public static let breakStmt = CursorKind(rawValue: 213)
    public static let returnStmt = CursorKind(rawValue: 214)
    public static let declStmt = CursorKind(rawValue: 231)
    public static var translationUnit: CursorKind { CursorKind(rawValue: translationUnitRawValue) }
    private static let translationUnitRawValue: UInt32 = {
        LibClang.ensureLoaded()
        return (300...400).first { clang_isTranslationUnit(CXCursorKind(rawValue: $0)) != 0 } ?? 300
    }()
    /// An attribute libclang has no kind of its own for (`__attribute__((noreturn))` among them).
    public static let unexposedAttr = CursorKind(rawValue: 400)
    public static let macroDefinition = CursorKind(rawValue: 501)
    public static let macroExpansion = CursorKind(rawValue: 502)
    public static let inclusionDirective = CursorKind(rawValue: 503)

    public var isExpression: Bool { clang_isExpression(CXCursorKind(rawValue: rawValue)) != 0 }
    public var isStatement: Bool { clang_isStatement(CXCursorKind(rawValue: rawValue)) != 0 }
    public var isPreprocessing: Bool { (500...503).contains(rawValue) }

    public var description: String { "CursorKind(\(rawValue))" }
}
