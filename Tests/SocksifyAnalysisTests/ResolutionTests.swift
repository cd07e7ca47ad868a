@testable import SocksifyAnalysis
import SocksifySource
import Testing

/// Whole-program resolution over facts written by hand: no libclang, no parse, no files. This test
/// target depends on SocksifyAnalysis alone, so the compiler keeps it that way.
@Suite struct ResolutionTests {
    static func at(_ line: Int, _ file: String = "a.c") -> SocksifySource.SourceLocation {
        SocksifySource.SourceLocation(file: file, line: line, column: 1, offset: line * 100)
    }

    static func creation(domain: [ValueSource], type: [ValueSource], line: Int = 50) -> SocketCreation {
        SocketCreation(callee: "socket", location: at(line, "b.c"), domain: domain, type: type, callOrigins: [])
    }

    @Test func aFieldClassCarriesAStoreFromAnotherUnit() {
        let store = LocationWrite(location: .field("endpoint.kind"), values: [.constant(SocketConstants.datagram, origins: [])],
                                  site: Self.at(3), name: "e->kind")
        let socket = Self.creation(domain: [.constant(SocketConstants.inet, origins: [])], type: [.location(.field("endpoint.kind"))])
        let resolver = InterproceduralResolver(units: [UnitFacts(file: "a.c", writes: [store]),
                                                       UnitFacts(file: "b.c", socketCreations: [socket])])
        let bindings = resolver.resolve(socket).bindings
        #expect(bindings.map { $0.map(\.value) } == [[SocketConstants.inet, SocketConstants.datagram]])
        #expect(bindings.first?[1].origins == [.assignment(variable: "e->kind", location: Self.at(3))])
    }

    @Test func anUnspecifiedFamilyInTheHintsMeansIPv4OrIPv6() {
        let hints = LocationWrite(location: .addrinfoFamily, values: [.constant(0, origins: [])], site: Self.at(7), name: "hints.ai_family")
        let socket = Self.creation(domain: [.location(.addrinfoFamily)], type: [.constant(SocketConstants.stream, origins: [])])
        let resolver = InterproceduralResolver(units: [UnitFacts(file: "a.c", socketCreations: [socket], writes: [hints])])
        let families = Set(resolver.resolve(socket).bindings.compactMap { $0[0].value })
        #expect(families == [SocketConstants.inet, SocketConstants.inet6])
    }

    @Test func aLocationNobodyStoresIntoIsUnknownAndACycleEnds() {
        let loop = LocationWrite(location: .global("c:@g"), values: [.location(.global("c:@g"))], site: Self.at(1), name: "g")
        let socket = Self.creation(domain: [.location(.global("c:@g"))], type: [.location(.result("c:@F@kind"))])
        let resolver = InterproceduralResolver(units: [UnitFacts(file: "a.c", socketCreations: [socket], writes: [loop])])
        #expect(resolver.resolve(socket).bindings.allSatisfy { $0.allSatisfy { $0.value == nil } })
    }

    @Test func helperArgumentsAreResolvedTogetherPerCallSite() {
        let helper = FunctionRef(name: "open_any", usr: "c:@F@open_any")
        let socket = Self.creation(domain: [.parameter(usr: helper.usr, index: 0)], type: [.parameter(usr: helper.usr, index: 1)])
        let calls = [
            CallSite(callee: helper, location: Self.at(10), arguments: [[.constant(SocketConstants.unixDomain, origins: [])],
                                                                         [.constant(SocketConstants.datagram, origins: [])]]),
            CallSite(callee: helper, location: Self.at(11), arguments: [[.constant(SocketConstants.inet, origins: [])],
                                                                         [.constant(SocketConstants.stream, origins: [])]]),
        ]
        let resolver = InterproceduralResolver(units: [UnitFacts(file: "a.c", socketCreations: [socket], calls: calls)])
        let pairs = Set(resolver.resolve(socket).bindings.map { $0.compactMap(\.value) })
        #expect(pairs == [[SocketConstants.unixDomain, SocketConstants.datagram], [SocketConstants.inet, SocketConstants.stream]],
                "never AF_INET with SOCK_DGRAM")
    }

    /// setnonblock(fd, on): set and clear on separate branches. Spliced into a caller, the set stays.
    @Test func aHelpersSetOrClearBranchesKeepTheSet() {
        let expanded = expandCaller(helperNodes: { set, clear in
            [.init(successors: [2, 3]), .init(), .init(events: [set], successors: [1]), .init(events: [clear], successors: [1])]
        })
        #expect(expanded == [.nonblocking])
    }

    /// save, set, send, restore: the clear follows the set on its path and stays.
    @Test func aRestoreAfterTheSetStays() {
        let expanded = expandCaller(helperNodes: { set, clear in
            [.init(successors: [2]), .init(), .init(events: [set, clear], successors: [1])]
        })
        #expect(expanded == [.nonblocking, .blocking])
    }

    private func expandCaller(helperNodes: (SocketEvent, SocketEvent) -> [FunctionFlow.Node]) -> [SocketEvent.Kind] {
        let parameter = SocketIdentity(key: "c:@F@helper@fd", display: "fd")
        let set = SocketEvent(kind: .nonblocking, name: "fcntl", socket: parameter, location: Self.at(2), length: 5, function: "helper")
        let clear = SocketEvent(kind: .blocking, name: "fcntl", socket: parameter, location: Self.at(3), length: 5, function: "helper")
        let helperRef = FunctionRef(name: "helper", usr: "c:@F@helper")
        let helper = FunctionFlow(function: helperRef, parameters: [parameter], nodes: helperNodes(set, clear), returned: [])
        let socket = SocketIdentity(key: "c:@F@main@s", display: "s")
        var call = SocketEvent(kind: .call, name: "helper", location: Self.at(20), length: 6, function: "main")
        call.callee = helperRef
        call.arguments = [socket]
        let caller = FunctionFlow(function: FunctionRef(name: "main", usr: "c:@F@main"), parameters: [],
                                  nodes: [.init(successors: [2]), .init(), .init(events: [call], successors: [1])], returned: [])
        let summaries = FunctionSummaries(flows: [helper, caller])
        return summaries.expand(caller).nodes.flatMap(\.events).filter { $0.socket == socket }.map(\.kind)
    }

    @Test func theUDPRuleReportsAResolvedDatagramSocketAndNotALocalOne() {
        let udp = Self.creation(domain: [.constant(SocketConstants.inet, origins: [])], type: [.constant(SocketConstants.datagram, origins: [])])
        let local = Self.creation(domain: [.constant(SocketConstants.unixDomain, origins: [])],
                                  type: [.constant(SocketConstants.datagram, origins: [])], line: 60)
        let resolver = InterproceduralResolver(units: [UnitFacts(file: "b.c", socketCreations: [udp, local])])
        let context = RuleContext(sockets: [udp, local].map(resolver.resolve), units: [], functions: [], profile: .socks4,
                                  showParseErrors: false)
        let found = UDPSocketRule().check(context)
        #expect(found.map(\.location) == [Self.at(50, "b.c")])
        #expect(found.first?.rule == "udp-socket")
    }
}

/// The socket API is one catalogue: the prefilter's words cover every call the extractor models,
/// every call that makes a parse matter, and every rename of every profile (and its R-name).
@Suite struct CatalogueTests {
    @Test func thePrefilterCoversEverythingElse() {
        let words = SocketAPICatalogue.prefilterWords
        #expect(SocketAPICatalogue.lifecycle.subtracting(SocketAPICatalogue.closers).isSubset(of: words))
        #expect(SocketAPICatalogue.hazardous.isSubset(of: words))
        #expect(SocketAPICatalogue.creators.isSubset(of: SocketAPICatalogue.hazardous))
        for profile in Profile.allCases {
            #expect(Set(profile.renamedFunctions).isSubset(of: words), "\(profile)")
            #expect(Set(profile.renamedFunctions.map { "R" + $0 }).isSubset(of: words), "\(profile)")
        }
    }
}
