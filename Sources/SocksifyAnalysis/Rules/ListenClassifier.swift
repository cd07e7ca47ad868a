/// Tells a daemon's listening socket from the FTP-style callback socket a client opens after an
/// outbound connection (which SOCKS relays as a BIND request).
package enum ListenClassifier {
    /// A listen at `index` serves unsolicited connections when the socket is bound to a fixed or
    /// reserved port, or when nothing before it shows the FTP pattern: an outbound connect, or a
    /// getsockname of another socket (the control connection's address the callback is bound to).
    /// Merely handling other values (an address parameter) is no evidence of a callback.
    package static func isServer(_ function: AnalyzedFunction, listenAt index: Int, ownAddressPlaces: Set<String> = []) -> Bool {
        guard let socket = function.events[index].socket else { return false }
        let fixedPort = function.bindEvents(of: socket, before: index).contains { bind in
            switch function.events[bind].bindAddress?.port {
            case .fixed, .reserved: true
            default: false
            }
        }
        if fixedPort { return true }
        // Bound to the address getsockname() gave for another socket, kept in a global or a field
        // by whatever function made the control connection: the FTP-style callback.
        let boundToOwnAddress = function.bindEvents(of: socket, before: index).contains { bind in
            (function.events[bind].bindAddress?.copiedFrom ?? []).contains(where: ownAddressPlaces.contains)
        }
        if boundToOwnAddress { return false }
        let answersAnotherSocket = function.events[..<index].indices.contains { position in
            let event = function.events[position]
            guard let other = event.socket, other != socket, event.kind == .connect || event.kind == .getsockname else { return false }
            // A connect deep inside a helper's helper (a logger reconnecting to syslog) says nothing
            // about this socket, and neither does one on a socket that never leaves the machine.
            return event.via.count <= 1 && !function.factsBefore[position].contains(.local(other))
        }
        return !answersAnotherSocket
    }
}
