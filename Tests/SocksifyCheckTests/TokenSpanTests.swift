import Testing
@testable import ClangSupport

/// Token reads inside a function come from its tokens lexed once (TokenSpan): every read gives what
/// clang_tokenize gives for the same range, however the text is written around it.
@Suite struct TokenSpanTests {
    static let header = """
        #define OP ==
        #define CHECK(x) do { if (!(x)) return -1; } while (0)
        #define RET int
        struct conf { int type; struct conf *next; };
        static inline int in_header(struct conf *c) { return c->type==2 ? c->next->type : (c->type /* } */ != 3); }

        """

    static let source = """
        #include "net.h"
        RET macro_return_type(int a, int b) { return a OP b; }
        int tight(int a,int b){int x=a==b;x|=a<<b;x=a&&b||!x;return x;}
        int spelled(struct conf *c, int n) {
            const char *s = "{ not a brace }"; char q = '}';
            CHECK(c->type == n);
            for (int i = 0; i < n; i++) { n -= i; }
            for (;;) { break; }
            switch (n) { case 1: return s[0] + q; default: break; }
            return c -> type
                >= n;
        }
        """

    /// Every cursor of every function definition, read without the span and then with it.
    @Test func readsThroughTheSpanAreClangsOwn() throws {
        let tree = try TemporaryTree(["net.h": Self.header, "net.c": Self.source])
        let unit = try ClangIndex().parse(ParseRequest(file: tree.path + "/net.c", arguments: ["-w"], workingDirectory: tree.path))
        let functions = unit.cursor.children.filter { $0.kind == .functionDecl && $0.isDefinition }
        #expect(functions.count == 4)
        var reads = 0
        for function in functions {
            var cursors: [Cursor] = []
            function.walk { cursors.append($0); return .into }
            func everyRead() -> [[String]] {
                cursors.flatMap { cursor -> [[String]] in
                    var found = [cursor.tokens.map(\.spelling), [cursor.spelledFirstToken?.spelling ?? "-"]]
                    let children = cursor.children
                    if children.count == 2 {
                        found.append(children[0].tokens(upTo: children[1]).map { $0.map(\.spelling) } ?? ["nil"])
                        found.append(children[0].spelledTokens(upTo: children[1]).map { $0.map(\.spelling) } ?? ["nil"])
                    }
                    return found
                }
            }
            let direct = everyRead()
            let throughSpan = unit.withTokens(of: function) { everyRead() }
            #expect(direct == throughSpan, "\(function.spelling)")
            reads += direct.count
        }
        #expect(reads > 200)
    }

    /// Token locations (file, line, column, offset) are the same as well.
    @Test func locationsAreClangsOwn() throws {
        let tree = try TemporaryTree(["net.h": Self.header, "net.c": Self.source])
        let unit = try ClangIndex().parse(ParseRequest(file: tree.path + "/net.c", arguments: ["-w"], workingDirectory: tree.path))
        for function in unit.cursor.children where function.kind == .functionDecl && function.isDefinition {
            var cursors: [Cursor] = []
            function.walk { cursors.append($0); return .into }
            let direct = cursors.map(\.tokens)
            #expect(unit.withTokens(of: function) { cursors.map(\.tokens) } == direct, "\(function.spelling)")
        }
    }
}
