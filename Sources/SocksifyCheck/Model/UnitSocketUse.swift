/// What a unit's functions do to sockets (`socket`, `socket@LINE`, `connect`, `bind`, `listen`,
/// `accept`, …) and whom they call, by function name (file-scope code under "").
public struct UnitSocketUse: Sendable, Equatable, Codable {
    public var functions: [String: Set<String>] = [:]
    public var calls: [String: Set<String>] = [:]

    public init(functions: [String: Set<String>] = [:], calls: [String: Set<String>] = [:]) {
        self.functions = functions
        self.calls = calls
    }
}
