import ClangSupport
import Foundation
import SocksifySource
import Testing
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// The cache's hand-written form of facts: every field and every case comes back, the same facts
/// give the same bytes, and bytes that are not a whole facts file are an error, never wrong facts.
@Suite struct FactsCodecTests {
    static func at(_ line: Int, _ file: String = "/t/a.c") -> SocksifySource.SourceLocation {
        SocksifySource.SourceLocation(file: file, line: line, column: line + 1, offset: line * 10)
    }

    /// Every case of every enum, every optional both set and unset, numbers at their extremes.
    static let everything: UnitFacts = {
        let helper = FunctionRef(name: "helper", usr: "c:@F@helper")
        let socket = SocketIdentity(key: "c:a.c@12@F@main@fd", display: "fd")
        let global = SocketIdentity(key: "c:@listener", display: "listener", global: true)
        let origins: [Origin] = [
            .macro(name: "KIND", definition: at(1, "/t/kinds.h")), .addrinfoHints(field: "ai_socktype", assignment: at(2)),
            .addrinfoAnyFamily(call: at(3)), .assignment(variable: "type", location: at(4)),
            .callSite(callee: "helper", caller: "main", location: at(5)), .callSite(callee: "helper", caller: nil, location: at(6)),
        ]
        let values: [ValueSource] = [
            .constant(2, origins: origins), .constant(.min, origins: []), .constant(.max, origins: []),
            .parameter(usr: helper.usr, index: 1), .location(.field("addrinfo.ai_family")), .location(.global("c:@g")),
            .location(.result(helper.usr)), .unknown,
            .parameterField(usr: helper.usr, index: 2, field: "ai_socktype", record: "addrinfo"),
            .location(.outField(usr: helper.usr, index: 3, field: "ai_family")), .location(.outField(usr: helper.usr, index: -1, field: "ai_socktype")),
        ]
        // CaseIterable: a new kind of event is covered without touching this test.
        let events: [SocketEvent] = SocketEvent.Kind.allCases.enumerated().map { position, kind in
            SocketEvent(kind: kind, name: "\(kind)", socket: position.isMultiple(of: 2) ? socket : nil, location: at(position),
                        length: position, function: "main", nonblockingCreate: position == 1, localCreate: position == 2,
                        bindAddress: [BindAddress(wildcard: true, port: .zero), BindAddress(wildcard: false, port: .fixed(-70000)),
                                      BindAddress(wildcard: true, port: .reserved), BindAddress(wildcard: false, port: .unknown),
                                      BindAddress(wildcard: false, port: .unknown, copiedFrom: ["c:@myctladdr", "ftp.ctrl_addr"]), nil][position % 6],
                        retriesUntilEISCONN: position == 3, callExtent: position == 4 ? SocksifySource.SourceRange(start: at(1), end: at(2)) : nil,
                        callee: position == 5 ? helper : nil, arguments: [socket, nil, global], inLoop: position == 6,
                        via: position == 7 ? [CallStep(callee: "helper", location: at(9))] : [],
                        familyParameter: position == 0 ? 0 : position == 8 ? 3 : nil,
                        localArguments: position == 9 ? [0, 2] : [], parameterArguments: position == 9 ? [1, -1, 0] : [],
                        guardParameter: position == 1 ? 2 : position == 2 ? 0 : nil, guardNonzero: position != 2,
                        truthArguments: position == 9 ? [1, 0, -1] : [])
        }
        var facts = UnitFacts(file: "/t/a.c")
        facts.socketCreations = [
            SocketCreation(callee: "socket", location: at(7), function: helper, domain: values, type: [.unknown], callOrigins: origins),
            SocketCreation(callee: "socketpair", location: at(8), function: nil, domain: [], type: [], callOrigins: []),
        ]
        facts.calls = [CallSite(callee: helper, caller: FunctionRef(name: "main", usr: "c:@F@main"), location: at(9), arguments: [values, [], [.unknown]],
                                argumentFields: [ArgumentField(index: 0, field: "ai_socktype", values: values), ArgumentField(index: 2, field: "type", values: [])]),
                       CallSite(callee: helper, caller: nil, location: at(10), arguments: [])]
        facts.parseErrors = [ParseProblem(message: "'config.h' file not found", location: at(1)), ParseProblem(message: "é ✓", location: nil)]
        facts.inputProblem = "binary"
        facts.flows = [FunctionFlow(function: helper, parameters: [socket],
                                    nodes: [FunctionFlow.Node(events: events, successors: [1, 2]), FunctionFlow.Node(), FunctionFlow.Node(events: [], successors: [0])],
                                    returned: [global])]
        facts.collisions = [CollidingDeclaration(name: "connect", kind: "struct member", location: at(11))]
        facts.unrenamedCalls = [UnrenamedCall(kind: .rcmd, callee: "rcmd", location: at(12), function: "main"),
                                UnrenamedCall(kind: .fastOpen, callee: "sendto", location: at(13), function: nil),
                                UnrenamedCall(kind: .syscall("SYS_connect"), callee: "syscall", location: at(14), function: "main")]
        facts.nullAddressAccepts = [CallFact(callee: "accept", location: at(15), function: "serve"), CallFact(callee: "accept4", location: at(16))]
        facts.writes = [LocationWrite(location: .field("conf.type"), values: values, site: at(17), name: "conf->type", function: helper),
                        LocationWrite(location: .global("c:@g"), values: [], site: at(18), name: "g")]
        return facts
    }()

    @Test func everyFieldAndCaseRoundTrips() throws {
        let data = FactsCodec.encode(Self.everything)
        #expect(try FactsCodec.decode(data) == Self.everything)
        #expect(FactsCodec.encode(Self.everything) == data, "the same facts, the same bytes")
        var empty = UnitFacts(file: "/t/b.c")
        #expect(try FactsCodec.decode(FactsCodec.encode(empty)) == empty)
        empty.inputProblem = ""
        #expect(try FactsCodec.decode(FactsCodec.encode(empty)) == empty)
    }

    @Test func realFactsRoundTrip() throws {
        let tree = try TemporaryTree(["net.c": """
            #include <sys/socket.h>
            #include <netinet/in.h>
            #include <fcntl.h>
            #define KIND SOCK_DGRAM
            struct conf { int type; };
            static int open_it(struct conf *c) { return socket(AF_INET, c->type ? c->type : KIND, 0); }
            int run(struct conf *c, struct sockaddr_in *a) {
                int fd = open_it(c);
                fcntl(fd, F_SETFL, O_NONBLOCK);
                bind(fd, (struct sockaddr *)a, sizeof *a);
                while (connect(fd, (struct sockaddr *)a, sizeof *a) < 0) { }
                return fd;
            }
            """])
        let unit = try ClangIndex().parse(ParseRequest(file: tree.path + "/net.c", arguments: ["-w"], workingDirectory: tree.path))
        let facts = FactExtractor(unit: unit, file: tree.path + "/net.c").extract()
        #expect(!facts.flows.isEmpty && !facts.socketCreations.isEmpty && !facts.calls.isEmpty)
        #expect(try FactsCodec.decode(FactsCodec.encode(facts)) == facts)
    }

    @Test func truncatedOrExtendedFilesAreAnError() throws {
        let data = FactsCodec.encode(Self.everything)
        for length in 0..<data.count {
            #expect(throws: (any Error).self) { try FactsCodec.decode(data.prefix(length)) }
        }
        #expect(throws: (any Error).self) { try FactsCodec.decode(data + Data([0])) }
    }

    @Test(arguments: [Data(), Data("SXF1".utf8), Data("SXC1\u{0}".utf8), Data("{\"file\": \"a.c\"}".utf8),
                      Data([0x53, 0x58, 0x46, 0x31, 0x01, 0x01, 0x61, 0x05]),
                      Data([0x53, 0x58, 0x46, 0x31, 0x01] + [UInt8](repeating: 0xFF, count: 9) + [0x01])])
    func foreignBytesAreAnError(_ data: Data) {
        #expect(throws: (any Error).self) { try FactsCodec.decode(data) }
    }
}


