/// The numbers the socket API uses on Linux and the BSDs alike (glibc's enum, BSD's macros).
package enum SocketConstants {
    /// glibc's SOCK_TYPE_MASK: SOCK_NONBLOCK and SOCK_CLOEXEC live above it.
    package static let typeMask: Int64 = 0xF

    package static let stream: Int64 = 1
    package static let datagram: Int64 = 2
    package static let raw: Int64 = 3

    package static let unixDomain: Int64 = 1
    package static let inet: Int64 = 2
    package static let inet6: Int64 = 10
    /// SOCK_NONBLOCK, or-ed into socket()'s type.
    package static let nonblockingTypeFlag: Int64 = 0o4000
    /// O_NONBLOCK for fcntl(F_SETFL) (the same bit as SOCK_NONBLOCK on Linux); O_NDELAY is an alias.
    package static let nonblockingFileFlag: Int64 = 0o4000
    package static let setFileFlags: Int64 = 4
    package static let getFileFlags: Int64 = 3
    package static let ioctlNonblocking: Int64 = 0x5421
    package static let netlink: Int64 = 16

    /// Families whose sockets never leave the machine, so SOCKS has nothing to relay.
    package static let localFamilies: Set<Int64> = [unixDomain, netlink]

    package static func typeName(_ value: Int64) -> String {
        switch value & typeMask {
        case stream: "SOCK_STREAM"
        case datagram: "SOCK_DGRAM"
        case raw: "SOCK_RAW"
        case 4: "SOCK_RDM"
        case 5: "SOCK_SEQPACKET"
        default: "\(value)"
        }
    }
}
