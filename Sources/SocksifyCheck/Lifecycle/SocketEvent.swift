import ClangSupport

/// What a socket is called in the code: a variable, a field path of one (`conn->fd`, `srv.data.fd`),
/// by the declaration's USR so that two `fd`s in different functions never meet.
struct SocketIdentity: Codable, Hashable, Sendable {
    var key: String
    /// As written, for messages.
    var display: String
    /// A file-scope variable (or a field of one): shared by every function, so a helper's events on
    /// it reach its callers.
    var global = false
}

/// Where a bind puts the socket, as far as the code shows.
struct BindAddress: Codable, Hashable, Sendable {
    enum Port: Codable, Hashable, Sendable {
        case zero
        case fixed(Int64)
        /// bindresvport/rresvport: some port below 1024.
        case reserved
        case unknown
    }

    /// True when the address is provably INADDR_ANY / in6addr_any.
    var wildcard: Bool
    var port: Port

    var isRemovable: Bool { wildcard && port == .zero }
}

/// A call through which an event reached the function being analysed (a helper's bind, say).
struct CallStep: Codable, Hashable, Sendable {
    var callee: String
    var location: SourceLocation
}

/// One thing that happens to a socket, at the token of the call that does it.
struct SocketEvent: Codable, Hashable, Sendable {
    enum Kind: String, Codable, Sendable {
        case create, bind, connect, listen, accept, getsockname, nonblocking, blocking, close
        /// A call of a project function; replaced by what its summary says it does.
        case call
    }

    var kind: Kind
    /// The function called (`bind`, `rresvport`, a helper's name).
    var name: String
    /// The socket the call acts on; for `create` and `call`, the variable that receives the result.
    var socket: SocketIdentity?
    var location: SourceLocation
    var length: Int
    /// The function the call is written in.
    var function: String

    var nonblockingCreate = false
    /// A create in a family that never leaves the machine (AF_UNIX, AF_NETLINK): SOCKS leaves it alone.
    var localCreate = false
    var bindAddress: BindAddress?
    /// A connect inside a loop (or repeated) in a function that compares errno with EISCONN.
    var retriesUntilEISCONN = false
    /// The whole call, for a bind: what a fix-it may delete.
    var callExtent: SourceRange?
    var callee: FunctionRef?
    var arguments: [SocketIdentity?] = []
    var inLoop = false
    /// Outermost first: the calls of the function being analysed that led here.
    var via: [CallStep] = []
}

/// A function's body as a graph of socket events: node 0 is the entry, node 1 the exit.
struct FunctionFlow: Codable, Hashable, Sendable {
    struct Node: Codable, Hashable, Sendable {
        var events: [SocketEvent] = []
        var successors: [Int] = []
    }

    var function: FunctionRef
    var parameters: [SocketIdentity]
    var nodes: [Node]
    /// The sockets its return statements return.
    var returned: [SocketIdentity]

    static let entry = 0
    static let exit = 1
}
