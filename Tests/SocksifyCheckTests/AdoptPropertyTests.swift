import Foundation
import PropertyBased
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Makefiles generated from a grammar of what adopt reads (every assignment flavor, override and
/// export, continuations, comments, includes, conditionals, explicit, pattern, suffix and built-in
/// rules, recursive make) plus random byte noise. Whatever comes out: adopt never crashes; when it
/// produces a patch, `git apply` takes it, the result reads again and a second adopt is empty; and
/// nothing is ever written outside the tree.
@Suite(.serialized) struct AdoptPropertyTests {
    static let fragments: [String] = [
        "CC = cc\n", "CFLAGS = -O2 -Wall\n", "CFLAGS := -g\n", "CFLAGS ::= -O0\n", "CFLAGS += -DX=1\n", "CFLAGS ?= -O1\n",
        "override CPPFLAGS += -Iinc\n", "export LDFLAGS = -Wl,-O1\n", "LIBS = -lm \\\n       -lpthread\n", "LDLIBS ?=\n",
        "OBJS = main.o\n", "OBJS += util.o\n", "MYFLAGS = -DMINE\n", "MYLIBS = -lz\n", "SUBDIRS = sub\n",
        "# a comment with a # and a \\\\ in it\n", "\n", "include config.mk\n", "-include missing.mk\n",
        "ifeq ($(DEBUG),1)\nCFLAGS = -g\nelse\nCFLAGS = -O2\nendif\n", "ifdef STATIC\nLDFLAGS += -static\nendif\n",
        "prog: $(OBJS)\n\t$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)\n",
        "prog: $(OBJS)\n\t$(CC) $(LIBS) $(LDFLAGS) -o $@ $^\n",
        "prog: main.o util.o\n", "util: util.c\n",
        "%.o: %.c\n\t$(CC) $(CFLAGS) -c $< -o $@\n", ".c.o:\n\t$(CC) $(MYFLAGS) -c $<\n",
        "main.o: main.c ; $(CC) $(CPPFLAGS) $(CFLAGS) -c main.c\n",
        "all:\n\tfor d in $(SUBDIRS); do $(MAKE) -C $$d; done\n",
        "clean:\n\trm -f prog *.o\n", ".PHONY: all clean\n", "define RECIPE\n\techo hi\nendef\n",
        "x = $(patsubst %.c,%.o,$(wildcard *.c))\n", "y = $(OBJS:.o=.c)\n",
    ]

    static let makefile = zip(
        Gen.int(in: 0...(fragments.count - 1)).array(of: 1...14),
        Gen.int(in: 0...255).array(of: 0...24),
        Gen.int(in: 0...15)
    ).map { picks, noise, noisePosition in
        var bytes = Array(picks.map { fragments[$0] }.joined().utf8)
        // Noise somewhere in the file (or not at all): adopt must survive it.
        if noisePosition < 12 && !noise.isEmpty {
            let at = min(bytes.count, noisePosition * bytes.count / 12)
            bytes.insert(contentsOf: noise.map(UInt8.init), at: at)
        }
        return bytes
    }

    private func listing(_ directory: String) -> Set<String> {
        Set(FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? [])
    }

    @Test func adoptNeverCrashesAndItsPatchesApplyAndSettle() async throws {
        let sandbox = try TemporaryTree([:])
        await propertyCheck(count: 150, input: Self.makefile) { bytes in
            do {
                let name = "t\(UInt32.random(in: 0...UInt32.max))"
                let root = sandbox.path + "/" + name
                let files: [String: [UInt8]] = [
                    "Makefile": bytes, "config.mk": Array("CFLAGS += -DCONFIG\n".utf8),
                    "main.c": Array("int main(void) { return 0; }\n".utf8), "util.c": Array("int util;\n".utf8),
                    "sub/Makefile": Array("s: s.o\n".utf8), "sub/s.c": Array("int s;\n".utf8),
                ]
                for (path, content) in files {
                    try FileManager.default.createDirectory(atPath: FilePaths.parent(of: root + "/" + path), withIntermediateDirectories: true)
                    try Data(content).write(to: URL(fileURLWithPath: root + "/" + path))
                }
                let outside = listing(sandbox.path).filter { !$0.hasPrefix(name) }
                let plan: AdoptPlan
                do {
                    plan = try await Adopter.plan(AdoptOptions(root: root, allowCollisions: true))
                } catch is AdoptError {
                    return // a clear refusal (binary noise, say) is an answer, not a crash
                }
                if !plan.changes.isEmpty {
                    let applied = try shell(["git", "apply", "-"], in: root, input: plan.patch)
                    #expect(applied.status == 0, "git apply: \(applied.stderr)\n\(String(decoding: plan.patch, as: UTF8.self))")
                    let again = try await Adopter.plan(AdoptOptions(root: root, allowCollisions: true))
                    #expect(again.changes.isEmpty, "second adopt: \(String(decoding: again.patch, as: UTF8.self))")
                }
                #expect(listing(sandbox.path).filter { !$0.hasPrefix(name) } == outside, "nothing written outside the tree")
                try FileManager.default.removeItem(atPath: root)
            } catch {
                Issue.record("unexpected error: \(error)")
            }
        }
    }
}
