// Every libclang function socksify-check calls, as a trampoline through a pointer that
// socksify_libclang_open sets with dlsym: the executable links no libclang, so it builds without
// one and runs with whichever the machine has (libclang-20.so.1 down to libclang-14.so.1, or a
// path given). Each line is RETURN TYPE, NAME, PARAMETERS, ARGUMENTS; F returns a value, V nothing.
// A line that disagrees with libclang.h's declaration is a compile error (conflicting types).
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "libclang.h"

#define SOCKSIFY_LIBCLANG_FUNCTIONS(F, V) \
  F(CXString, clang_getClangVersion, (void), ()) \
  F(const char *, clang_getCString, (CXString string), (string)) \
  V(void, clang_disposeString, (CXString string), (string)) \
  F(CXIndex, clang_createIndex, (int excludeDeclarationsFromPCH, int displayDiagnostics), (excludeDeclarationsFromPCH, displayDiagnostics)) \
  V(void, clang_disposeIndex, (CXIndex index), (index)) \
  F(enum CXErrorCode, clang_parseTranslationUnit2, (CXIndex CIdx, const char *source_filename, const char *const *command_line_args, int num_command_line_args, struct CXUnsavedFile *unsaved_files, unsigned num_unsaved_files, unsigned options, CXTranslationUnit *out_TU), (CIdx, source_filename, command_line_args, num_command_line_args, unsaved_files, num_unsaved_files, options, out_TU)) \
  V(void, clang_disposeTranslationUnit, (CXTranslationUnit a0), (a0)) \
  F(CXCursor, clang_getTranslationUnitCursor, (CXTranslationUnit a0), (a0)) \
  V(void, clang_getInclusions, (CXTranslationUnit tu, CXInclusionVisitor visitor, CXClientData client_data), (tu, visitor, client_data)) \
  F(unsigned, clang_getNumDiagnostics, (CXTranslationUnit Unit), (Unit)) \
  F(CXDiagnostic, clang_getDiagnostic, (CXTranslationUnit Unit, unsigned Index), (Unit, Index)) \
  V(void, clang_disposeDiagnostic, (CXDiagnostic Diagnostic), (Diagnostic)) \
  F(enum CXDiagnosticSeverity, clang_getDiagnosticSeverity, (CXDiagnostic a0), (a0)) \
  F(CXString, clang_getDiagnosticSpelling, (CXDiagnostic a0), (a0)) \
  F(CXSourceLocation, clang_getDiagnosticLocation, (CXDiagnostic a0), (a0)) \
  F(CXString, clang_getFileName, (CXFile SFile), (SFile)) \
  F(CXString, clang_File_tryGetRealPathName, (CXFile file), (file)) \
  F(CXFile, clang_getIncludedFile, (CXCursor cursor), (cursor)) \
  F(int, clang_File_isEqual, (CXFile file1, CXFile file2), (file1, file2)) \
  F(CXSourceLocation, clang_getLocationForOffset, (CXTranslationUnit tu, CXFile file, unsigned offset), (tu, file, offset)) \
  F(CXSourceRange, clang_getRange, (CXSourceLocation begin, CXSourceLocation end), (begin, end)) \
  F(CXSourceLocation, clang_getRangeStart, (CXSourceRange range), (range)) \
  F(CXSourceLocation, clang_getRangeEnd, (CXSourceRange range), (range)) \
  V(void, clang_getExpansionLocation, (CXSourceLocation location, CXFile *file, unsigned *line, unsigned *column, unsigned *offset), (location, file, line, column, offset)) \
  V(void, clang_getSpellingLocation, (CXSourceLocation location, CXFile *file, unsigned *line, unsigned *column, unsigned *offset), (location, file, line, column, offset)) \
  F(int, clang_Location_isInSystemHeader, (CXSourceLocation location), (location)) \
  F(int, clang_Location_isFromMainFile, (CXSourceLocation location), (location)) \
  F(unsigned, clang_visitChildren, (CXCursor parent, CXCursorVisitor visitor, CXClientData client_data), (parent, visitor, client_data)) \
  F(int, clang_Cursor_isNull, (CXCursor cursor), (cursor)) \
  F(unsigned, clang_isInvalid, (enum CXCursorKind a0), (a0)) \
  F(unsigned, clang_isExpression, (enum CXCursorKind a0), (a0)) \
  F(unsigned, clang_isStatement, (enum CXCursorKind a0), (a0)) \
  F(unsigned, clang_isTranslationUnit, (enum CXCursorKind a0), (a0)) \
  F(enum CXCursorKind, clang_getCursorKind, (CXCursor a0), (a0)) \
  F(CXString, clang_getCursorSpelling, (CXCursor a0), (a0)) \
  F(CXString, clang_getCursorUSR, (CXCursor a0), (a0)) \
  F(CXSourceLocation, clang_getCursorLocation, (CXCursor a0), (a0)) \
  F(CXSourceRange, clang_getCursorExtent, (CXCursor a0), (a0)) \
  F(CXCursor, clang_getCursorReferenced, (CXCursor a0), (a0)) \
  F(CXCursor, clang_getCursorDefinition, (CXCursor a0), (a0)) \
  F(CXCursor, clang_getCursorSemanticParent, (CXCursor cursor), (cursor)) \
  F(unsigned, clang_isCursorDefinition, (CXCursor a0), (a0)) \
  F(unsigned, clang_equalCursors, (CXCursor a0, CXCursor a1), (a0, a1)) \
  F(unsigned, clang_hashCursor, (CXCursor a0), (a0)) \
  F(int, clang_Cursor_getNumArguments, (CXCursor C), (C)) \
  F(CXCursor, clang_Cursor_getArgument, (CXCursor C, unsigned i), (C, i)) \
  F(unsigned, clang_Cursor_isMacroFunctionLike, (CXCursor C), (C)) \
  F(unsigned, clang_Cursor_isMacroBuiltin, (CXCursor C), (C)) \
  F(CXType, clang_getCursorType, (CXCursor C), (C)) \
  F(CXString, clang_getTypeSpelling, (CXType CT), (CT)) \
  F(CXEvalResult, clang_Cursor_Evaluate, (CXCursor C), (C)) \
  F(CXEvalResultKind, clang_EvalResult_getKind, (CXEvalResult E), (E)) \
  F(unsigned, clang_EvalResult_isUnsignedInt, (CXEvalResult E), (E)) \
  F(unsigned long long, clang_EvalResult_getAsUnsigned, (CXEvalResult E), (E)) \
  F(long long, clang_EvalResult_getAsLongLong, (CXEvalResult E), (E)) \
  V(void, clang_EvalResult_dispose, (CXEvalResult E), (E)) \
  V(void, clang_tokenize, (CXTranslationUnit TU, CXSourceRange Range, CXToken **Tokens, unsigned *NumTokens), (TU, Range, Tokens, NumTokens)) \
  V(void, clang_disposeTokens, (CXTranslationUnit TU, CXToken *Tokens, unsigned NumTokens), (TU, Tokens, NumTokens)) \
  F(CXTokenKind, clang_getTokenKind, (CXToken a0), (a0)) \
  F(CXString, clang_getTokenSpelling, (CXTranslationUnit a0, CXToken a1), (a0, a1)) \
  F(CXSourceLocation, clang_getTokenLocation, (CXTranslationUnit a0, CXToken a1), (a0, a1)) \
  F(CXSourceRange, clang_getTokenExtent, (CXTranslationUnit a0, CXToken a1), (a0, a1))

#define POINTER(ret, name, params, args) static ret(*p_##name) params;
SOCKSIFY_LIBCLANG_FUNCTIONS(POINTER, POINTER)

// Hidden: the trampolines are ours alone, so libclang's own calls to its functions never reach them.
#define TRAMPOLINE(ret, name, params, args) \
  __attribute__((visibility("hidden"))) ret name params { return p_##name args; }
#define VOID_TRAMPOLINE(ret, name, params, args) \
  __attribute__((visibility("hidden"))) ret name params { p_##name args; }
SOCKSIFY_LIBCLANG_FUNCTIONS(TRAMPOLINE, VOID_TRAMPOLINE)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char loaded_path[4096];

int socksify_libclang_open(const char *path, char *error, unsigned long error_size) {
  pthread_mutex_lock(&lock);
  if (loaded_path[0] != 0) {
    pthread_mutex_unlock(&lock);
    return 1;
  }
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    const char *reason = dlerror();
    snprintf(error, error_size, "%s", reason ? reason : "cannot be loaded");
    pthread_mutex_unlock(&lock);
    return 0;
  }
  // Looked up into locals first, so a library that lacks one function changes nothing.
#define LOOKUP(ret, name, params, args) \
  ret(*l_##name) params = (ret(*) params)dlsym(handle, #name); \
  if (l_##name == NULL) { \
    snprintf(error, error_size, "%s has no %s: not a libclang this tool can use", path, #name); \
    dlclose(handle); \
    pthread_mutex_unlock(&lock); \
    return 0; \
  }
  SOCKSIFY_LIBCLANG_FUNCTIONS(LOOKUP, LOOKUP)
#define ASSIGN(ret, name, params, args) p_##name = l_##name;
  SOCKSIFY_LIBCLANG_FUNCTIONS(ASSIGN, ASSIGN)
  Dl_info info;
  const char *file = (dladdr((void *)l_clang_getClangVersion, &info) != 0 && info.dli_fname) ? info.dli_fname : path;
  snprintf(loaded_path, sizeof loaded_path, "%s", file);
  pthread_mutex_unlock(&lock);
  return 1;
}

int socksify_libclang_available(const char *path) {
  void *handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
  if (handle == NULL) return 0;
  dlclose(handle);
  return 1;
}

const char *socksify_libclang_path(void) {
  pthread_mutex_lock(&lock);
  const char *path = loaded_path[0] != 0 ? loaded_path : NULL;
  pthread_mutex_unlock(&lock);
  return path;
}
