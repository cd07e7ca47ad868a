/// Every rule, in the order `rules` lists them. Ids here are the public contract: never rename one.
public enum RuleRegistry {
    package static let rules: [any Rule] = [
        UDPSocketRule(),
        RawSocketRule(),
        BindBeforeConnectRule(),
        NonblockingConnectRule(),
        ServerSocketRule(),
        BindOrderRule(),
        IPv6SocketRule(),
        NameCollisionRule(),
        UnrenamedCallRule(),
        AcceptNullAddressRule(),
        ParseErrorRule(),
        UnusedSuppressionRule(),
        InputErrorRule(),
    ]

    public static var descriptions: [RuleDescription] {
        rules.map { type(of: $0).description }
    }

    public static func description(for id: String) -> RuleDescription? {
        descriptions.first { $0.id == id }
    }

    public static var ids: [String] { descriptions.map(\.id) }
}
