// libFuzzer harness for the suppression-comment parser: the comment lexer and the directive parser
// must take any bytes, and every comment they report must lie inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSuppressionParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lines = bytes.filter { $0 == UInt8(ascii: "\n") }.count + 1
    for comment in CommentScanner.comments(in: bytes) {
        precondition(comment.line >= 1 && comment.line <= comment.endLine && comment.endLine <= lines)
        if let directive = SuppressionDirective.parse(comment.text) {
            precondition(directive.rules.allSatisfy { !$0.isEmpty })
        }
    }
    _ = SuppressionDirective.parse(String(decoding: bytes, as: UTF8.self))
    return 0
}
