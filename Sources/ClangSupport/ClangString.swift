import CClang

/// Takes ownership of a CXString: copies it into Swift and disposes it in the same scope.
func consume(_ string: CXString) -> String {
    defer { clang_disposeString(string) }
    guard let pointer = clang_getCString(string) else { return "" }
    return String(cString: pointer)
}
