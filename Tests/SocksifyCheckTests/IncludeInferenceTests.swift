import Foundation
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Flags for a tree without a compile database: what the code asks for, and nothing that shadows.
/// Each tree parses only with the right inference, and holds a UDP socket the gate must see.
@Suite struct IncludeInferenceTests {
    private func check(_ tree: TemporaryTree) throws -> CommandResult {
        try CommandRunner.run(["--format", "json", "--no-cache", tree.path])
    }

    /// curl's layout: `<curl/curl.h>` lives in include/, not beside the sources.
    @Test func angleIncludeOfTheProjectsOwnHeaderFindsItsPrefix() throws {
        let tree = try TemporaryTree([
            "include/netlib/netlib.h": "#include <sys/socket.h>\n#define NETLIB_KIND SOCK_DGRAM\n",
            "lib/vdns/resolve.c": "#include <netlib/netlib.h>\nint r(void) { return socket(AF_INET, NETLIB_KIND, 0); }\n",
        ])
        let result = try check(tree)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("\"rule\" : \"udp-socket\""))
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    /// libevent's layout: `"event2/util.h"` from a source at the root, the header under include/.
    @Test func quotedIncludeWithAPathFindsItsPrefix() throws {
        let tree = try TemporaryTree([
            "include/event2/util.h": "#include <sys/socket.h>\n#define EV_KIND SOCK_DGRAM\n",
            "evutil.c": "#include \"event2/util.h\"\nint r(void) { return socket(AF_INET, EV_KIND, 0); }\n",
        ])
        let result = try check(tree)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    /// hiredis's layout: adapters/poll.h must not replace the system's <poll.h>.
    @Test func projectHeaderNamedLikeASystemHeaderShadowsNothing() throws {
        let tree = try TemporaryTree([
            "adapters/poll.h": "#error this is the project's adapter, not <poll.h>\n",
            "adapters/glue.h": "int glue(void);\n",
            "net.c": """
                #include <poll.h>
                #include <sys/socket.h>
                #include "glue.h"
                int wait_one(int fd) { struct pollfd p = { fd, POLLIN, 0 }; return poll(&p, 1, 0); }
                int r(void) { return socket(AF_INET, SOCK_DGRAM, 0); }
                """,
        ])
        let result = try check(tree)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    /// wget's layout: msdos/config.h is another platform's; the configured config.h (beside its
    /// config.h.in template) is the one, and units that test HAVE_CONFIG_H get it defined.
    @Test func platformFoldersAreNeverSearchedAndTheGeneratedConfigWins() throws {
        let tree = try TemporaryTree([
            "msdos/config.h": "#define select my_select\n#define KIND SOCK_STREAM\n",
            "WIN32-Code/config.h": "#error windows\n",
            "config.h.in": "#undef KIND\n",
            "config.h": "#include <sys/socket.h>\n#define KIND SOCK_DGRAM\n",
            "src/main.c": """
                #ifdef HAVE_CONFIG_H
                #include "config.h"
                #endif
                #include <sys/socket.h>
                int r(void) { return socket(AF_INET, KIND, 0); }
                """,
        ])
        let result = try check(tree)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("\"rule\" : \"udp-socket\""), "the generated config.h, reached through -DHAVE_CONFIG_H")
        #expect(!result.stdout.contains("name-collision"), "msdos/config.h's #define select is not seen")
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    /// c-ares's layout: the configured header is ares_config.h (beside ares_config.h.in), and the
    /// unit tests HAVE_CONFIG_H only in a header it includes; autoconf defines it for every compile.
    @Test func configuredHeaderOfAnotherNameAndHaveConfigHTestedInAHeader() throws {
        let tree = try TemporaryTree([
            "src/lib/ares_config.h.in": "#undef HAVE_STRUCT_TIMEVAL\n",
            "src/lib/ares_config.h": "#define HAVE_STRUCT_TIMEVAL 1\n#define RESOLVER_KIND SOCK_DGRAM\n",
            "src/lib/ares_setup.h": """
                #ifdef HAVE_CONFIG_H
                #include "ares_config.h"
                #endif
                #include <sys/time.h>
                #ifndef HAVE_STRUCT_TIMEVAL
                struct timeval { long tv_sec; long tv_usec; };
                #endif
                """,
            "src/lib/ares_process.c": """
                #include "ares_setup.h"
                #include <sys/socket.h>
                int open_udp(void) { return socket(AF_INET, RESOLVER_KIND, 0); }
                """,
        ])
        let result = try check(tree)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(!result.stdout.contains("parse-error"), "\(result.stdout)")
    }

    /// libevent unbuilt: event2/event-config.h is generated by make, so every EVENT__HAVE_*_H test
    /// fails and <netinet/in.h> is never included; the POSIX prelude keeps the function that opens
    /// the UDP socket in the parse, and the missing header is still reported.
    @Test func missingGeneratedConfigGetsThePOSIXPrelude() throws {
        let tree = try TemporaryTree([
            "event-config.h.cmake": "#cmakedefine EVENT__HAVE_NETINET_IN_H 1\n",
            "evutil.c": """
                #include "event2/event-config.h"
                #include <sys/socket.h>
                #ifdef EVENT__HAVE_NETINET_IN_H
                #include <netinet/in.h>
                #endif
                int probe(void) { return socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP); }
                """,
        ])
        let result = try CommandRunner.run(["--format", "json", "--no-cache", "--max-parse-failures", "100", tree.path])
        #expect(result.stdout.contains("\"rule\" : \"udp-socket\""), "\(result.stdout)")
        #expect(result.stderr.contains("'event2/event-config.h' not found in 1 translation unit"), "\(result.stderr)")
        let inference = IncludeInference(root: tree.path, headers: [])
        #expect(inference.missesGeneratedConfig(includes: [(tree.path + "/evutil.c", ["event2/event-config.h"], [])]))
        #expect(!inference.missesGeneratedConfig(includes: [(tree.path + "/evutil.c", ["util.h"], ["sys/socket.h"])]))
    }

    @Test func platformFoldersAreRecognisedInsideLongerNames() {
        let inference = IncludeInference(root: "/t", headers: [])
        #expect(inference.isPlatformSpecific("/t/WIN32-Code/nmake/event2/event-config.h"))
        #expect(inference.isPlatformSpecific("/t/msdos/config.h"))
        #expect(inference.isPlatformSpecific("/t/src/vms/vms.h"))
        #expect(!inference.isPlatformSpecific("/t/include/event2/util.h"))
        #expect(!inference.isPlatformSpecific("/t/macros/dosomething.h"))
    }

    @Test func flagsAreQuoteDirectoriesIncludeDirectoriesAndTheConfigDefine() {
        let flags = IncludeInference.Flags(quoteDirectories: ["/t", "/t/lib"], includeDirectories: ["/t/include"], definesConfigHeader: true)
        #expect(flags.arguments == ["-w", "-D_GNU_SOURCE", "-DHAVE_CONFIG_H", "-iquote", "/t", "-iquote", "/t/lib", "-I/t/include"])
    }
}
