import Foundation

/// What a test server on 127.0.0.1 saw: who connected (or sent a datagram) and what they said.
struct Peer: Equatable {
    var address: String
    var port: UInt16
    var text: String
}

/// A TCP or UDP server on a free loopback port, run on a background thread and stopped by the test.
/// It logs each peer's address, so a test can tell a relayed connection (from danted's external
/// address, 127.0.0.2) from a direct one (127.0.0.1). On a "PORT a,b,c,d,p1,p2" line it connects
/// back to that address and sends "data", as an FTP server in active mode does.
final class PeerServer: @unchecked Sendable {  // mutable state behind `lock`
    let port: UInt16
    private let descriptor: Int32
    private let udp: Bool
    private let lock = NSLock()
    private var stopped = false
    private var seen: [Peer] = []
    private var callbackTargets: [String] = []
    private var thread: Thread?

    init(udp: Bool = false) throws {
        self.udp = udp
        descriptor = socket(AF_INET, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = Loopback.address("127.0.0.1", port: 0)
        guard Loopback.bind(descriptor, &address) == 0, udp || listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw CocoaError(.fileWriteUnknown)
        }
        port = Loopback.localPort(descriptor)
        let thread = Thread { [weak self] in self?.serve() }
        self.thread = thread
        thread.start()
    }

    var peers: [Peer] { lock.withLock { seen } }
    /// The addresses clients asked to be called back at.
    var callbacks: [String] { lock.withLock { callbackTargets } }

    /// Waits (bounded) until `count` peers have been seen.
    func waitForPeers(_ count: Int, timeout: TimeInterval = 5) -> [Peer] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, peers.count < count { usleep(20_000) }
        return peers
    }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }

    deinit { if !lock.withLock({ stopped }) { stop() } }

    private func serve() {
        while !lock.withLock({ stopped }) {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            if udp { receiveDatagram() } else { acceptConnection() }
        }
    }

    private func receiveDatagram() {
        var buffer = [UInt8](repeating: 0, count: 512)
        var from = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &from) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, &buffer, buffer.count, 0, $0, &length) }
        }
        guard count > 0 else { return }
        record(from, String(decoding: buffer[..<count], as: UTF8.self))
    }

    private func acceptConnection() {
        var from = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let connection = withUnsafeMutablePointer(to: &from) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(descriptor, $0, &length) }
        }
        guard connection >= 0 else { return }
        defer { close(connection) }
        let text = Loopback.readLine(connection, timeout: 3)
        record(from, text)
        if text.hasPrefix("PORT ") { callBack(text) }
    }

    private func callBack(_ line: String) {
        let numbers = line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        guard numbers.count == 6 else { return }
        let host = numbers[0..<4].map(String.init).joined(separator: ".")
        let port = UInt16(numbers[4] << 8 | numbers[5])
        lock.withLock { callbackTargets.append("\(host):\(port)") }
        let data = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(data) }
        var address = Loopback.address(host, port: port)
        guard Loopback.connect(data, &address) == 0 else { return }
        _ = "data\n".withCString { write(data, $0, 5) }
    }

    private func record(_ from: sockaddr_in, _ text: String) {
        var address = from.sin_addr
        var name = [CChar](repeating: 0, count: 32)
        inet_ntop(AF_INET, &address, &name, socklen_t(name.count))
        let peer = Peer(address: String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), port: UInt16(bigEndian: from.sin_port), text: text)
        lock.withLock { seen.append(peer) }
    }
}

enum Loopback {
    static func address(_ host: String, port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }

    static func bind(_ descriptor: Int32, _ address: inout sockaddr_in) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    static func connect(_ descriptor: Int32, _ address: inout sockaddr_in) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    static func localPort(_ descriptor: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A port nobody listens on right now (the kernel's choice, released at once).
    static func freePort() -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = Loopback.address("127.0.0.1", port: 0)
        _ = bind(descriptor, &address)
        return localPort(descriptor)
    }

    static func readLine(_ descriptor: Int32, timeout: TimeInterval) -> String {
        var collected: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, !collected.contains(UInt8(ascii: "\n")) {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) >= 0 else { break }
            guard poller.revents != 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            collected += buffer[..<count]
        }
        return String(decoding: collected, as: UTF8.self)
    }
}
