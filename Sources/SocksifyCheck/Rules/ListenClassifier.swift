/// Tells a daemon's listening socket from the FTP-style callback socket a client opens after an
/// outbound connection (which SOCKS relays as a BIND request).
enum ListenClassifier {
    /// A listen at `index` serves unsolicited connections when the socket is bound to a fixed or
    /// reserved port, or when no outbound connection precedes it on any path and the function works
    /// on no other socket it was handed (a control connection's getsockname, say).
    static func isServer(_ function: AnalyzedFunction, listenAt index: Int) -> Bool {
        guard let socket = function.events[index].socket else { return false }
        let fixedPort = function.bindEvents(of: socket, before: index).contains { bind in
            switch function.events[bind].bindAddress?.port {
            case .fixed, .reserved: true
            default: false
            }
        }
        if fixedPort { return true }
        if function.factsBefore[index].contains(.connectedAny) { return false }
        let parameters = Set(function.flow.parameters)
        let answersAnotherSocket = function.events[..<index].contains { event in
            guard let other = event.socket, other != socket else { return false }
            return parameters.contains(other) || event.kind == .connect
        }
        return !answersAnotherSocket
    }
}
