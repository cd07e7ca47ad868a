// The part of libclang's stable C API (clang-c/Index.h, CXString.h, CXErrorCode.h) that
// ClangSupport calls, declared here so the package needs no include path outside itself (SwiftPM
// refuses `unsafeFlags` in a package fetched by URL) and no libclang at all to build: loader.c
// defines each function below as a trampoline through a pointer looked up with dlsym in the
// libclang that socksify_libclang_open loaded at run time (LLVM 14 to 20 keep this ABI). Add a
// declaration here, and its line to loader.c's list, before calling a new function.
#ifndef SOCKSIFY_CHECK_LIBCLANG_H
#define SOCKSIFY_CHECK_LIBCLANG_H

typedef struct {
  const void *data;
  unsigned private_flags;
} CXString;

typedef void *CXIndex;
typedef struct CXTranslationUnitImpl *CXTranslationUnit;
typedef void *CXClientData;
typedef void *CXFile;
typedef void *CXDiagnostic;
typedef void *CXEvalResult;

struct CXUnsavedFile {
  const char *Filename;
  const char *Contents;
  unsigned long Length;
};

typedef struct {
  const void *ptr_data[2];
  unsigned int_data;
} CXSourceLocation;

typedef struct {
  const void *ptr_data[2];
  unsigned begin_int_data;
  unsigned end_int_data;
} CXSourceRange;

// Kinds are compared by raw value in Swift (ClangSupport's CursorKind), so no constants are needed.
enum CXCursorKind { CXCursor_FirstInvalid = 70 };
enum CXTypeKind { CXType_Invalid = 0 };

typedef struct {
  enum CXCursorKind kind;
  int xdata;
  const void *data[3];
} CXCursor;

typedef struct {
  enum CXTypeKind kind;
  void *data[2];
} CXType;

typedef struct {
  unsigned int_data[4];
  void *ptr_data;
} CXToken;

enum CXErrorCode {
  CXError_Success = 0,
  CXError_Failure = 1,
  CXError_Crashed = 2,
  CXError_InvalidArguments = 3,
  CXError_ASTReadError = 4
};

enum CXTranslationUnit_Flags {
  CXTranslationUnit_None = 0x0,
  CXTranslationUnit_DetailedPreprocessingRecord = 0x01,
  CXTranslationUnit_SkipFunctionBodies = 0x40,
  CXTranslationUnit_KeepGoing = 0x200,
  CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles = 0x4000
};

enum CXDiagnosticSeverity {
  CXDiagnostic_Ignored = 0,
  CXDiagnostic_Note = 1,
  CXDiagnostic_Warning = 2,
  CXDiagnostic_Error = 3,
  CXDiagnostic_Fatal = 4
};

enum CXChildVisitResult { CXChildVisit_Break, CXChildVisit_Continue, CXChildVisit_Recurse };

typedef enum CXTokenKind {
  CXToken_Punctuation,
  CXToken_Keyword,
  CXToken_Identifier,
  CXToken_Literal,
  CXToken_Comment
} CXTokenKind;

typedef enum {
  CXEval_Int = 1,
  CXEval_Float = 2,
  CXEval_ObjCStrLiteral = 3,
  CXEval_StrLiteral = 4,
  CXEval_CFStr = 5,
  CXEval_Other = 6,
  CXEval_UnExposed = 0
} CXEvalResultKind;

typedef enum CXChildVisitResult (*CXCursorVisitor)(CXCursor cursor, CXCursor parent, CXClientData client_data);
typedef void (*CXInclusionVisitor)(CXFile included_file, CXSourceLocation *inclusion_stack, unsigned include_len,
                                   CXClientData client_data);

// Loading (loader.c, not libclang): opens the library at `path` (a file name for the dynamic
// linker's search, or a path) and looks up every function below. Returns 1 on success; 0 with the
// reason in `error` (the library is not opened, or lacks a function, and nothing changes). The
// first success wins: later calls return 1 without loading another. Call before any clang_ function.
int socksify_libclang_open(const char *path, char *error, unsigned long error_size);
// 1 when the dynamic linker can find and load `path` (loaded and at once unloaded, nothing set).
int socksify_libclang_available(const char *path);
// The file the loaded library was read from (NULL before a successful open).
const char *socksify_libclang_path(void);

// Strings
CXString clang_getClangVersion(void);
const char *clang_getCString(CXString string);
void clang_disposeString(CXString string);

// Index and translation units
CXIndex clang_createIndex(int excludeDeclarationsFromPCH, int displayDiagnostics);
void clang_disposeIndex(CXIndex index);
enum CXErrorCode clang_parseTranslationUnit2(CXIndex CIdx, const char *source_filename,
                                             const char *const *command_line_args, int num_command_line_args,
                                             struct CXUnsavedFile *unsaved_files, unsigned num_unsaved_files,
                                             unsigned options, CXTranslationUnit *out_TU);
void clang_disposeTranslationUnit(CXTranslationUnit);
CXCursor clang_getTranslationUnitCursor(CXTranslationUnit);
void clang_getInclusions(CXTranslationUnit tu, CXInclusionVisitor visitor, CXClientData client_data);

// Diagnostics
unsigned clang_getNumDiagnostics(CXTranslationUnit Unit);
CXDiagnostic clang_getDiagnostic(CXTranslationUnit Unit, unsigned Index);
void clang_disposeDiagnostic(CXDiagnostic Diagnostic);
enum CXDiagnosticSeverity clang_getDiagnosticSeverity(CXDiagnostic);
CXString clang_getDiagnosticSpelling(CXDiagnostic);
CXSourceLocation clang_getDiagnosticLocation(CXDiagnostic);

// Files and locations
CXString clang_getFileName(CXFile SFile);
CXString clang_File_tryGetRealPathName(CXFile file);
CXFile clang_getIncludedFile(CXCursor cursor);
int clang_File_isEqual(CXFile file1, CXFile file2);
CXSourceLocation clang_getLocationForOffset(CXTranslationUnit tu, CXFile file, unsigned offset);
CXSourceRange clang_getRange(CXSourceLocation begin, CXSourceLocation end);
CXSourceLocation clang_getRangeStart(CXSourceRange range);
CXSourceLocation clang_getRangeEnd(CXSourceRange range);
void clang_getExpansionLocation(CXSourceLocation location, CXFile *file, unsigned *line, unsigned *column,
                                unsigned *offset);
void clang_getSpellingLocation(CXSourceLocation location, CXFile *file, unsigned *line, unsigned *column,
                               unsigned *offset);
int clang_Location_isInSystemHeader(CXSourceLocation location);
int clang_Location_isFromMainFile(CXSourceLocation location);

// Cursors
unsigned clang_visitChildren(CXCursor parent, CXCursorVisitor visitor, CXClientData client_data);
int clang_Cursor_isNull(CXCursor cursor);
unsigned clang_isInvalid(enum CXCursorKind);
unsigned clang_isExpression(enum CXCursorKind);
unsigned clang_isStatement(enum CXCursorKind);
unsigned clang_isTranslationUnit(enum CXCursorKind);
enum CXCursorKind clang_getCursorKind(CXCursor);
CXString clang_getCursorSpelling(CXCursor);
CXString clang_getCursorUSR(CXCursor);
CXSourceLocation clang_getCursorLocation(CXCursor);
CXSourceRange clang_getCursorExtent(CXCursor);
CXCursor clang_getCursorReferenced(CXCursor);
CXCursor clang_getCursorDefinition(CXCursor);
CXCursor clang_getCursorSemanticParent(CXCursor cursor);
unsigned clang_isCursorDefinition(CXCursor);
unsigned clang_equalCursors(CXCursor, CXCursor);
unsigned clang_hashCursor(CXCursor);
int clang_Cursor_getNumArguments(CXCursor C);
CXCursor clang_Cursor_getArgument(CXCursor C, unsigned i);
unsigned clang_Cursor_isMacroFunctionLike(CXCursor C);
unsigned clang_Cursor_isMacroBuiltin(CXCursor C);
CXType clang_getCursorType(CXCursor C);
CXString clang_getTypeSpelling(CXType CT);

// Constant folding
CXEvalResult clang_Cursor_Evaluate(CXCursor C);
CXEvalResultKind clang_EvalResult_getKind(CXEvalResult E);
unsigned clang_EvalResult_isUnsignedInt(CXEvalResult E);
unsigned long long clang_EvalResult_getAsUnsigned(CXEvalResult E);
long long clang_EvalResult_getAsLongLong(CXEvalResult E);
void clang_EvalResult_dispose(CXEvalResult E);

// Tokens
void clang_tokenize(CXTranslationUnit TU, CXSourceRange Range, CXToken **Tokens, unsigned *NumTokens);
void clang_disposeTokens(CXTranslationUnit TU, CXToken *Tokens, unsigned NumTokens);
CXTokenKind clang_getTokenKind(CXToken);
CXString clang_getTokenSpelling(CXTranslationUnit, CXToken);
CXSourceLocation clang_getTokenLocation(CXTranslationUnit, CXToken);
CXSourceRange clang_getTokenExtent(CXTranslationUnit, CXToken);

#endif
