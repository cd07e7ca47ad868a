import SocksifySource

/// What one translation unit contributes to the analysis, as plain values: the libclang unit is gone
/// by the time these are combined with the other units' facts.
package struct UnitFacts: Codable, Hashable, Sendable {
    package var file: String
    package var socketCreations: [SocketCreation] = []
    /// Calls to functions declared outside system headers, with what each argument may be.
    package var calls: [CallSite] = []
    package var parseErrors: [ParseProblem] = []
    /// Why the unit's file was not analysed at all (binary, unreadable, too large).
    package var inputProblem: String?
    /// The socket-event graph of each function that does anything to a socket or calls the project.
    package var flows: [FunctionFlow] = []
    /// Declarations the `-D` renames would rewrite although they are not the C library's functions.
    package var collisions: [CollidingDeclaration] = []
    /// Calls that reach the network without passing through any renamed function.
    package var unrenamedCalls: [UnrenamedCall] = []
    /// accept()/accept4() calls whose address argument is a null pointer.
    package var nullAddressAccepts: [CallFact] = []
    /// Values stored into program-wide locations (struct fields, globals, function results).
    package var writes: [LocationWrite] = []

    package init(file: String, socketCreations: [SocketCreation] = [], calls: [CallSite] = [], parseErrors: [ParseProblem] = [], inputProblem: String? = nil, flows: [FunctionFlow] = [], collisions: [CollidingDeclaration] = [], unrenamedCalls: [UnrenamedCall] = [], nullAddressAccepts: [CallFact] = [], writes: [LocationWrite] = []) {
        self.file = file
        self.socketCreations = socketCreations
        self.calls = calls
        self.parseErrors = parseErrors
        self.inputProblem = inputProblem
        self.flows = flows
        self.collisions = collisions
        self.unrenamedCalls = unrenamedCalls
        self.nullAddressAccepts = nullAddressAccepts
        self.writes = writes
    }
}

/// A place a value can be stored that more than one function sees. Flow-insensitive: every write
/// anywhere in the program counts for every read.
package enum AbstractLocation: Codable, Hashable, Sendable, Comparable {
    /// A struct field, keyed by record and field name: all objects of a struct type share it
    /// (`addrinfo.ai_socktype`). The address-family fields of the sockaddr types are one class,
    /// `sockaddr.family`, since a sockaddr_in6 is read back through a sockaddr.
    case field(String)
    /// A variable with static storage at file scope, by USR.
    case global(String)
    /// What a function of the project returns, by USR.
    case result(String)
    /// A field of the getaddrinfo result list a project function hands out through its parameter
    /// `index` (`struct addrinfo **out`), or returns (index -1): a wrapper's lookup is its own
    /// object, not every addrinfo of the program.
    case outField(usr: String, index: Int, field: String)

    package static let addrinfoFamily = AbstractLocation.field("addrinfo.ai_family")
    package static let addrinfoSocktype = AbstractLocation.field("addrinfo.ai_socktype")
    package static let sockaddrFamily = AbstractLocation.field("sockaddr.family")
    package static let familyFields: Set<String> = ["sa_family", "sin_family", "sin6_family", "ss_family"]

    /// The location of field `name` of record `record`.
    package static func field(record: String, name: String) -> AbstractLocation {
        familyFields.contains(name) ? sockaddrFamily : .field("\(record).\(name)")
    }

    /// getaddrinfo's results answer an unspecified family (0, AF_UNSPEC) with IPv4 and IPv6 addresses.
    package var zeroMeansAnyFamily: Bool { self == Self.addrinfoFamily }
}

/// `location` may hold any of `values` after the statement at `site`.
package struct LocationWrite: Codable, Hashable, Sendable {
    package var location: AbstractLocation
    package var values: [ValueSource]
    package var site: SourceLocation
    /// How the user wrote the target (`hints.ai_socktype`, `IPv4or6`), for notes.
    package var name: String
    package var function: FunctionRef?

    package init(location: AbstractLocation, values: [ValueSource], site: SourceLocation, name: String, function: FunctionRef? = nil) {
        self.location = location
        self.values = values
        self.site = site
        self.name = name
        self.function = function
    }
}

package struct CallFact: Codable, Hashable, Sendable {
    package var callee: String
    package var location: SourceLocation
    package var function: String?

    package init(callee: String, location: SourceLocation, function: String? = nil) {
        self.callee = callee
        self.location = location
        self.function = function
    }
}

package struct CollidingDeclaration: Codable, Hashable, Sendable {
    package var name: String
    /// "struct member", "parameter", ...
    package var kind: String
    package var location: SourceLocation

    package init(name: String, kind: String, location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.location = location
    }
}

package struct UnrenamedCall: Codable, Hashable, Sendable {
    package enum Kind: Codable, Hashable, Sendable {
        case rcmd
        case fastOpen
        case syscall(String)
    }

    package var kind: Kind
    package var callee: String
    package var location: SourceLocation
    package var function: String?

    package init(kind: Kind, callee: String, location: SourceLocation, function: String? = nil) {
        self.kind = kind
        self.callee = callee
        self.location = location
        self.function = function
    }
}

/// A `socket()` or `socketpair()` call.
package struct SocketCreation: Codable, Hashable, Sendable {
    package var callee: String
    /// The callee name token, at its expansion site.
    package var location: SourceLocation
    package var function: FunctionRef?
    package var domain: [ValueSource]
    package var type: [ValueSource]
    /// Macros the call itself was written in.
    package var callOrigins: [Origin]

    package init(callee: String, location: SourceLocation, function: FunctionRef? = nil, domain: [ValueSource], type: [ValueSource], callOrigins: [Origin]) {
        self.callee = callee
        self.location = location
        self.function = function
        self.domain = domain
        self.type = type
        self.callOrigins = callOrigins
    }
}

package struct CallSite: Codable, Hashable, Sendable {
    package var callee: FunctionRef
    package var caller: FunctionRef?
    package var location: SourceLocation
    package var arguments: [[ValueSource]]
    /// What the fields of the objects passed (`hints`, `&conf`) hold at this call.
    package var argumentFields: [ArgumentField]

    package init(callee: FunctionRef, caller: FunctionRef? = nil, location: SourceLocation, arguments: [[ValueSource]], argumentFields: [ArgumentField] = []) {
        self.callee = callee
        self.caller = caller
        self.location = location
        self.arguments = arguments
        self.argumentFields = argumentFields
    }

    package func fieldValues(index: Int, field: String) -> [ValueSource]? {
        argumentFields.first { $0.index == index && $0.field == field }?.values
    }
}

/// Field `field` of the object passed as argument `index` may hold `values` at the call.
package struct ArgumentField: Codable, Hashable, Sendable {
    package var index: Int
    package var field: String
    package var values: [ValueSource]

    package init(index: Int, field: String, values: [ValueSource]) {
        self.index = index
        self.field = field
        self.values = values
    }
}

package struct FunctionRef: Codable, Hashable, Sendable {
    package var name: String
    package var usr: String

    package init(name: String, usr: String) {
        self.name = name
        self.usr = usr
    }
}

/// One thing an expression may evaluate to.
package enum ValueSource: Codable, Hashable, Sendable {
    /// A value clang folded, with the places it came through (project macros, getaddrinfo hints).
    case constant(Int64, origins: [Origin])
    /// Whatever the caller passes as parameter `index` of the function `usr`.
    case parameter(usr: String, index: Int)
    /// Field `field` of the object the caller passes as parameter `index` (a struct by value or a
    /// pointer to one): each call site says what its argument's field holds; a call site that
    /// cannot say falls back to the field's program-wide class (`record.field`).
    case parameterField(usr: String, index: Int, field: String, record: String)
    /// Whatever the program stores into this location anywhere.
    case location(AbstractLocation)
    case unknown
}

/// Why a value is what it is: rendered as a `note:` under the finding.
package enum Origin: Codable, Hashable, Sendable {
    case macro(name: String, definition: SourceLocation)
    case addrinfoHints(field: String, assignment: SourceLocation)
    /// A getaddrinfo call whose hints leave ai_family unspecified (AF_UNSPEC or no hints).
    case addrinfoAnyFamily(call: SourceLocation)
    /// A variable given the value here (its initializer or an assignment).
    case assignment(variable: String, location: SourceLocation)
    case callSite(callee: String, caller: String?, location: SourceLocation)
}

package struct ParseProblem: Codable, Hashable, Sendable {
    package var message: String
    package var location: SourceLocation?

    package init(message: String, location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// A file found but not readable as a source (a name that is not UTF-8, a dangling symlink, binary).
package struct InputProblem: Hashable, Sendable {
    package var path: String
    package var reason: String

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
