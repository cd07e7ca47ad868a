/// Tells a daemon's listening socket from the FTP-style callback socket a client opens after an
/// outbound connection (which SOCKS relays as a BIND request).
package enum ListenClassifier {
    /// A listen at `index` serves unsolicited connections when the socket is bound to a fixed or
    /// reserved port, or when nothing before it shows the FTP pattern: an outbound connect, or a
    /// getsockname of another socket (the control connection's address the callback is bound to).
    /// Merely handling other values (an address parameter) is no evidence of a callback.
    /// The places (globals, field classes) where getsockname() left the own address of a socket
    /// that may be connected outward at that point: the control connection of an FTP client.
    /// Each place maps to the sockets whose address it received (a socket that later listens on
    /// its own address, as netcat's UDP listener that connects to its first peer, is no callback).
    /// A socket is told apart by where it was created (the same socket has other names in its
    /// callers); a socket none of whose creations the function sees is known by its name.
    package static func ownAddressPlaces(_ functions: [AnalyzedFunction]) -> [String: Set<String>] {
        var places: [String: Set<String>] = [:]
        for function in functions {
            for (index, event) in function.events.enumerated() where event.kind == .getsockname {
                guard let socket = event.socket, let copied = event.bindAddress?.copiedFrom, !copied.isEmpty,
                      function.orderStates(of: socket, before: index).contains(.outbound) else { continue }
                for place in copied { places[place, default: []].formUnion(origins(of: socket, in: function)) }
            }
        }
        return places
    }

    /// Where `socket` is created in the function's graph (its name when nowhere).
    static func origins(of socket: SocketIdentity, in function: AnalyzedFunction) -> Set<String> {
        let creations = function.events.filter { $0.kind == .create && $0.socket == socket }
            .map { "\($0.location.file):\($0.location.offset)" }
        return creations.isEmpty ? ["name:" + socket.key] : Set(creations)
    }

    package static func isServer(_ function: AnalyzedFunction, listenAt index: Int, ownAddressPlaces: [String: Set<String>] = [:]) -> Bool {
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
            (function.events[bind].bindAddress?.copiedFrom ?? []).contains { place in
                !ownAddressPlaces[place, default: []].isSubset(of: origins(of: socket, in: function))
            }
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
