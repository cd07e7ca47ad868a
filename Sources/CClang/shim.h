// libclang's C API, from Debian's libclang-dev (LLVM 14). Only ClangSupport imports this module.
#include <clang-c/Index.h>
#include <clang-c/CXCompilationDatabase.h>
