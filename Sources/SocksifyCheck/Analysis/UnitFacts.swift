import ClangSupport

/// What one translation unit contributes to the analysis, as plain values: the libclang unit is gone
/// by the time these are combined with the other units' facts.
struct UnitFacts: Codable, Hashable, Sendable {
    var file: String
    var socketCreations: [SocketCreation] = []
    /// Calls to functions declared outside system headers, with what each argument may be.
    var calls: [CallSite] = []
    var parseErrors: [ParseProblem] = []
    /// Why the unit's file was not analysed at all (binary, unreadable, too large).
    var inputProblem: String?
    /// The socket-event graph of each function that does anything to a socket or calls the project.
    var flows: [FunctionFlow] = []
    /// Declarations the `-D` renames would rewrite although they are not the C library's functions.
    var collisions: [CollidingDeclaration] = []
    /// Calls that reach the network without passing through any renamed function.
    var unrenamedCalls: [UnrenamedCall] = []
    /// accept()/accept4() calls whose address argument is a null pointer.
    var nullAddressAccepts: [CallFact] = []
    /// Values stored into program-wide locations (struct fields, globals, function results).
    var writes: [LocationWrite] = []
}

/// A place a value can be stored that more than one function sees. Flow-insensitive: every write
/// anywhere in the program counts for every read.
enum AbstractLocation: Codable, Hashable, Sendable, Comparable {
    /// A struct field, keyed by record and field name: all objects of a struct type share it
    /// (`addrinfo.ai_socktype`). The address-family fields of the sockaddr types are one class,
    /// `sockaddr.family`, since a sockaddr_in6 is read back through a sockaddr.
    case field(String)
    /// A variable with static storage at file scope, by USR.
    case global(String)
    /// What a function of the project returns, by USR.
    case result(String)

    static let addrinfoFamily = AbstractLocation.field("addrinfo.ai_family")
    static let addrinfoSocktype = AbstractLocation.field("addrinfo.ai_socktype")
    static let sockaddrFamily = AbstractLocation.field("sockaddr.family")
    static let familyFields: Set<String> = ["sa_family", "sin_family", "sin6_family", "ss_family"]

    /// The location of field `name` of record `record`.
    static func field(record: String, name: String) -> AbstractLocation {
        familyFields.contains(name) ? sockaddrFamily : .field("\(record).\(name)")
    }

    /// getaddrinfo's results answer an unspecified family (0, AF_UNSPEC) with IPv4 and IPv6 addresses.
    var zeroMeansAnyFamily: Bool { self == Self.addrinfoFamily }
}

/// `location` may hold any of `values` after the statement at `site`.
struct LocationWrite: Codable, Hashable, Sendable {
    var location: AbstractLocation
    var values: [ValueSource]
    var site: SourceLocation
    /// How the user wrote the target (`hints.ai_socktype`, `IPv4or6`), for notes.
    var name: String
    var function: FunctionRef?
}

struct CallFact: Codable, Hashable, Sendable {
    var callee: String
    var location: SourceLocation
    var function: String?
}

struct CollidingDeclaration: Codable, Hashable, Sendable {
    var name: String
    /// "struct member", "parameter", ...
    var kind: String
    var location: SourceLocation
}

struct UnrenamedCall: Codable, Hashable, Sendable {
    enum Kind: Codable, Hashable, Sendable {
        case rcmd
        case fastOpen
        case syscall(String)
    }

    var kind: Kind
    var callee: String
    var location: SourceLocation
    var function: String?
}

/// A `socket()` or `socketpair()` call.
struct SocketCreation: Codable, Hashable, Sendable {
    var callee: String
    /// The callee name token, at its expansion site.
    var location: SourceLocation
    var function: FunctionRef?
    var domain: [ValueSource]
    var type: [ValueSource]
    /// Macros the call itself was written in.
    var callOrigins: [Origin]
}

struct CallSite: Codable, Hashable, Sendable {
    var callee: FunctionRef
    var caller: FunctionRef?
    var location: SourceLocation
    var arguments: [[ValueSource]]
}

struct FunctionRef: Codable, Hashable, Sendable {
    var name: String
    var usr: String
}

/// One thing an expression may evaluate to.
enum ValueSource: Codable, Hashable, Sendable {
    /// A value clang folded, with the places it came through (project macros, getaddrinfo hints).
    case constant(Int64, origins: [Origin])
    /// Whatever the caller passes as parameter `index` of the function `usr`.
    case parameter(usr: String, index: Int)
    /// Whatever the program stores into this location anywhere.
    case location(AbstractLocation)
    case unknown
}

/// Why a value is what it is: rendered as a `note:` under the finding.
enum Origin: Codable, Hashable, Sendable {
    case macro(name: String, definition: SourceLocation)
    case addrinfoHints(field: String, assignment: SourceLocation)
    /// A getaddrinfo call whose hints leave ai_family unspecified (AF_UNSPEC or no hints).
    case addrinfoAnyFamily(call: SourceLocation)
    /// A variable given the value here (its initializer or an assignment).
    case assignment(variable: String, location: SourceLocation)
    case callSite(callee: String, caller: String?, location: SourceLocation)
}

struct ParseProblem: Codable, Hashable, Sendable {
    var message: String
    var location: SourceLocation?
}
