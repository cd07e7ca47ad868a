import ClangSupport
import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// HeaderFunctionMemo: what it blanks, and that a unit parsed with blanked bodies gets the facts it
/// would have got whole.
@Suite struct HeaderFunctionMemoTests {
    @Test func blankingKeepsEveryLineBreakAndLength() {
        let text = Array("int f(void) {\n  return g(1,\n 2);\n}\nint x;\n".utf8)
        let open = text.firstIndex(of: UInt8(ascii: "{"))!, close = text.firstIndex(of: UInt8(ascii: "}"))!
        let blanked = HeaderFunctionMemo.blank(text, [open + 1..<close])
        #expect(blanked.count == text.count)
        #expect(String(decoding: blanked, as: UTF8.self)
            == "int f(void) {\n" + String(repeating: " ", count: 13) + "\n" + String(repeating: " ", count: 4) + "\n}\nint x;\n")
    }

    @Test func anyLineStartingWithAHashIsADirective() {
        #expect(HeaderFunctionMemo.hasDirective(ArraySlice("{\n  #if X\n}".utf8)))
        #expect(HeaderFunctionMemo.hasDirective(ArraySlice("{\n/*\n# in a comment\n*/ }".utf8)), "comments too: never shared")
        #expect(!HeaderFunctionMemo.hasDirective(ArraySlice("{ return a # b; }".utf8)))
    }

    @Test func laterUnitsGetTheHeaderBlankedAndTheSameFacts() throws {
        let header = "#include <sys/socket.h>\nstatic inline int open_udp(void) {\n  return socket(2, SOCK_DGRAM, 0);\n}\n"
        let tree = try TemporaryTree([
            "net.h": header,
            "a.c": "#include \"net.h\"\nint a(void) { return open_udp(); }\n",
            "b.c": "#include \"net.h\"\nint b(void) { return open_udp(); }\n",
        ])
        let index = ClangIndex()
        let memo = HeaderFunctionMemo()
        let first = ParseRequest(file: tree.path + "/a.c", arguments: [], workingDirectory: tree.path)
        let second = ParseRequest(file: tree.path + "/b.c", arguments: [], workingDirectory: tree.path)
        #expect(memo.unsavedFiles(memo.session(for: first)).isEmpty, "nothing shared yet")
        let sharedFirst = UnitExtraction.extract(first, index: index, memo: memo)
        let unsaved = memo.unsavedFiles(memo.session(for: second))
        #expect(unsaved.map(\.path) == [tree.path + "/net.h"])
        let blanked = String(decoding: unsaved.first?.contents ?? [], as: UTF8.self)
        #expect(blanked == "#include <sys/socket.h>\nstatic inline int open_udp(void) {\n" + String(repeating: " ", count: 34) + "\n}\n")
        let sharedSecond = UnitExtraction.extract(second, index: index, memo: memo)
        #expect(sharedFirst.facts == UnitExtraction.extract(first, index: index).facts)
        #expect(sharedSecond.facts == UnitExtraction.extract(second, index: index).facts)
        #expect(sharedSecond.facts.socketCreations.count == 1, "the blanked body's socket() comes from the memo")
        let otherArguments = ParseRequest(file: second.file, arguments: ["-DOTHER"], workingDirectory: tree.path)
        #expect(memo.unsavedFiles(memo.session(for: otherArguments)).isEmpty, "other arguments share nothing")
    }
}
