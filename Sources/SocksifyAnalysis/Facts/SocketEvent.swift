import SocksifySource

/// What a socket is called in the code: a variable, a field path of one (`conn->fd`, `srv.data.fd`),
/// by the declaration's USR so that two `fd`s in different functions never meet.
package struct SocketIdentity: Codable, Hashable, Sendable {
    package var key: String
    /// As written, for messages.
    package var display: String
    /// A file-scope variable (or a field of one): shared by every function, so a helper's events on
    /// it reach its callers.
    package var global = false

    package init(key: String, display: String, global: Bool = false) {
        self.key = key
        self.display = display
        self.global = global
    }
}

/// Where a bind puts the socket, as far as the code shows.
package struct BindAddress: Codable, Hashable, Sendable {
    package enum Port: Codable, Hashable, Sendable {
        case zero
        case fixed(Int64)
        /// bindresvport/rresvport: some port below 1024.
        case reserved
        case unknown
    }

    /// True when the address is provably INADDR_ANY / in6addr_any.
    package var wildcard: Bool
    package var port: Port
    /// The program-wide places (a global's USR, a field class `record.field`) the bound address was
    /// copied from: an FTP client binds its data socket to the control connection's own address,
    /// which getsockname() left in such a place, often in another function.
    package var copiedFrom: [String]

    package var isRemovable: Bool { wildcard && port == .zero }

    package init(wildcard: Bool, port: Port, copiedFrom: [String] = []) {
        self.wildcard = wildcard
        self.port = port
        self.copiedFrom = copiedFrom
    }
}

/// A call through which an event reached the function being analysed (a helper's bind, say).
package struct CallStep: Codable, Hashable, Sendable {
    package var callee: String
    package var location: SourceLocation

    package init(callee: String, location: SourceLocation) {
        self.callee = callee
        self.location = location
    }
}

/// One thing that happens to a socket, at the token of the call that does it.
package struct SocketEvent: Codable, Hashable, Sendable {
    package enum Kind: String, Codable, Sendable, CaseIterable {
        case create, bind, connect, listen, accept, getsockname, nonblocking, blocking, close
        /// getpeername on descriptor 0: the process was started with a connected socket as its
        /// standard input (by inetd), the mark of a server that listens through inetd.
        case inherited
        /// A call of a project function; replaced by what its summary says it does.
        case call
    }

    package var kind: Kind
    /// The function called (`bind`, `rresvport`, a helper's name).
    package var name: String
    /// The socket the call acts on; for `create` and `call`, the variable that receives the result.
    package var socket: SocketIdentity?
    package var location: SourceLocation
    package var length: Int
    /// The function the call is written in.
    package var function: String

    package var nonblockingCreate = false
    /// A create in a family that never leaves the machine (AF_UNIX, AF_NETLINK): SOCKS leaves it alone.
    package var localCreate = false
    package var bindAddress: BindAddress?
    /// A connect inside a loop (or repeated) in a function that compares errno with EISCONN.
    package var retriesUntilEISCONN = false
    /// The whole call, for a bind: what a fix-it may delete.
    package var callExtent: SourceRange?
    package var callee: FunctionRef?
    package var arguments: [SocketIdentity?] = []
    package var inLoop = false
    /// Outermost first: the calls of the function being analysed that led here.
    package var via: [CallStep] = []
    /// For a create whose family is exactly a parameter of the function it is in (a helper that opens
    /// sockets of every family): that parameter's position. A call that passes AF_UNIX there makes
    /// the spliced create local; one that passes its own parameter moves the position up.
    package var familyParameter: Int?
    /// For a call: the argument positions whose every value is a local family (AF_UNIX, AF_NETLINK).
    package var localArguments: [Int] = []
    /// For a call: per argument position, the caller's parameter the argument is exactly (-1: none).
    package var parameterArguments: [Int] = []
    /// The event happens only when this parameter of its function is nonzero (`guardNonzero`) or
    /// zero: it sits under `if (nonblock)` / `else`. A call that passes a known value keeps or drops
    /// it; one that passes its own parameter moves the guard up.
    package var guardParameter: Int?
    package var guardNonzero = true
    /// For a call: per argument position, 1 when the argument is known nonzero, 0 known zero, -1 unknown.
    package var truthArguments: [Int] = []

    package init(kind: Kind, name: String, socket: SocketIdentity? = nil, location: SourceLocation, length: Int, function: String, nonblockingCreate: Bool = false, localCreate: Bool = false, bindAddress: BindAddress? = nil, retriesUntilEISCONN: Bool = false, callExtent: SourceRange? = nil, callee: FunctionRef? = nil, arguments: [SocketIdentity?] = [], inLoop: Bool = false, via: [CallStep] = [], familyParameter: Int? = nil, localArguments: [Int] = [], parameterArguments: [Int] = [], guardParameter: Int? = nil, guardNonzero: Bool = true, truthArguments: [Int] = []) {
        self.kind = kind
        self.name = name
        self.socket = socket
        self.location = location
        self.length = length
        self.function = function
        self.nonblockingCreate = nonblockingCreate
        self.localCreate = localCreate
        self.bindAddress = bindAddress
        self.retriesUntilEISCONN = retriesUntilEISCONN
        self.callExtent = callExtent
        self.callee = callee
        self.arguments = arguments
        self.inLoop = inLoop
        self.via = via
        self.familyParameter = familyParameter
        self.localArguments = localArguments
        self.parameterArguments = parameterArguments
        self.guardParameter = guardParameter
        self.guardNonzero = guardNonzero
        self.truthArguments = truthArguments
    }
}

/// A function's body as a graph of socket events: node 0 is the entry, node 1 the exit.
package struct FunctionFlow: Codable, Hashable, Sendable {
    package struct Node: Codable, Hashable, Sendable {
        package var events: [SocketEvent] = []
        package var successors: [Int] = []

        package init(events: [SocketEvent] = [], successors: [Int] = []) {
            self.events = events
            self.successors = successors
        }
    }

    package var function: FunctionRef
    package var parameters: [SocketIdentity]
    package var nodes: [Node]
    /// The sockets its return statements return.
    package var returned: [SocketIdentity]

    package static let entry = 0
    package static let exit = 1

    package init(function: FunctionRef, parameters: [SocketIdentity], nodes: [Node], returned: [SocketIdentity]) {
        self.function = function
        self.parameters = parameters
        self.nodes = nodes
        self.returned = returned
    }
}

/// Only what differs from the defaults is encoded: most events are calls with no flags set, and the
/// cache holds thousands of them per unit.
extension SocketEvent {
    private enum CodingKeys: String, CodingKey {
        case kind, name, socket, location, length, function, nonblockingCreate, localCreate, bindAddress
        case retriesUntilEISCONN, callExtent, callee, arguments, inLoop, via
        case familyParameter, localArguments, parameterArguments, guardParameter, guardNonzero, truthArguments
    }

    package init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try values.decode(Kind.self, forKey: .kind), name: try values.decode(String.self, forKey: .name),
                  socket: try values.decodeIfPresent(SocketIdentity.self, forKey: .socket),
                  location: try values.decode(SourceLocation.self, forKey: .location),
                  length: try values.decode(Int.self, forKey: .length), function: try values.decode(String.self, forKey: .function),
                  nonblockingCreate: try values.decodeIfPresent(Bool.self, forKey: .nonblockingCreate) ?? false,
                  localCreate: try values.decodeIfPresent(Bool.self, forKey: .localCreate) ?? false,
                  bindAddress: try values.decodeIfPresent(BindAddress.self, forKey: .bindAddress),
                  retriesUntilEISCONN: try values.decodeIfPresent(Bool.self, forKey: .retriesUntilEISCONN) ?? false,
                  callExtent: try values.decodeIfPresent(SourceRange.self, forKey: .callExtent),
                  callee: try values.decodeIfPresent(FunctionRef.self, forKey: .callee),
                  arguments: try values.decodeIfPresent([SocketIdentity?].self, forKey: .arguments) ?? [],
                  inLoop: try values.decodeIfPresent(Bool.self, forKey: .inLoop) ?? false,
                  via: try values.decodeIfPresent([CallStep].self, forKey: .via) ?? [],
                  familyParameter: try values.decodeIfPresent(Int.self, forKey: .familyParameter),
                  localArguments: try values.decodeIfPresent([Int].self, forKey: .localArguments) ?? [],
                  parameterArguments: try values.decodeIfPresent([Int].self, forKey: .parameterArguments) ?? [],
                  guardParameter: try values.decodeIfPresent(Int.self, forKey: .guardParameter),
                  guardNonzero: try values.decodeIfPresent(Bool.self, forKey: .guardNonzero) ?? true,
                  truthArguments: try values.decodeIfPresent([Int].self, forKey: .truthArguments) ?? [])
    }

    package func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(kind, forKey: .kind)
        try values.encode(name, forKey: .name)
        try values.encodeIfPresent(socket, forKey: .socket)
        try values.encode(location, forKey: .location)
        try values.encode(length, forKey: .length)
        try values.encode(function, forKey: .function)
        if nonblockingCreate { try values.encode(true, forKey: .nonblockingCreate) }
        if localCreate { try values.encode(true, forKey: .localCreate) }
        try values.encodeIfPresent(bindAddress, forKey: .bindAddress)
        if retriesUntilEISCONN { try values.encode(true, forKey: .retriesUntilEISCONN) }
        try values.encodeIfPresent(callExtent, forKey: .callExtent)
        try values.encodeIfPresent(callee, forKey: .callee)
        if !arguments.isEmpty { try values.encode(arguments, forKey: .arguments) }
        if inLoop { try values.encode(true, forKey: .inLoop) }
        if !via.isEmpty { try values.encode(via, forKey: .via) }
        try values.encodeIfPresent(familyParameter, forKey: .familyParameter)
        if !localArguments.isEmpty { try values.encode(localArguments, forKey: .localArguments) }
        if !parameterArguments.isEmpty { try values.encode(parameterArguments, forKey: .parameterArguments) }
        try values.encodeIfPresent(guardParameter, forKey: .guardParameter)
        if !guardNonzero { try values.encode(false, forKey: .guardNonzero) }
        if !truthArguments.isEmpty { try values.encode(truthArguments, forKey: .truthArguments) }
    }
}
