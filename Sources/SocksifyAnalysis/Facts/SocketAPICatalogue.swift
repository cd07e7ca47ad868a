/// The C library's socket API as the tool knows it: one list from which the prefilter's words, the
/// extractor's call kinds and the calls that make a unit's parse matter are derived (the rename
/// targets come from `Profile`). A test checks that each derived list is covered by the prefilter's.
package enum SocketAPICatalogue {
    /// Calls that create a socket: socket() and socketpair() are judged on their arguments.
    package static let creators: Set<String> = ["socket", "socketpair"]

    /// Calls the socket-life model turns into events (`SocketEvent.Kind`).
    package static let lifecycle: Set<String> = [
        "socket", "accept", "accept4", "rresvport", "rresvport_af", "bind", "bindresvport", "bindresvport6",
        "connect", "listen", "getsockname", "close", "closesocket", "fcntl", "fcntl64", "ioctl",
    ]

    /// Calls a unit must parse for its findings to be complete.
    package static let hazardous: Set<String> = creators.union([
        "connect", "bind", "listen", "accept", "accept4", "getaddrinfo", "rresvport", "bindresvport", "rcmd",
    ])

    /// Other calls and constants some rule or model reads.
    package static let alsoRead: Set<String> = [
        "getpeername", "select", "pselect", "poll", "ppoll", "rcmd_af", "sendto", "sendmsg", "recvfrom", "recvmsg",
        "send", "recv", "syscall", "getaddrinfo", "gethostbyname2", "getipnodebyname", "SOCK_DGRAM", "SOCK_RAW",
        "SOCK_STREAM", "SOCK_NONBLOCK", "O_NONBLOCK", "FIONBIO", "AF_INET", "AF_INET6", "PF_INET", "PF_INET6",
        "SOCKSinit",
    ]

    /// Calls that only end a socket's life: a unit that does nothing else cannot make a finding, and
    /// nearly every unit calls close().
    package static let closers: Set<String> = ["close", "closesocket"]

    /// Every identifier whose mention makes a unit worth parsing: the API, and the R-names of every
    /// profile's renames (a tree already SOCKSified by hand).
    package static let prefilterWords: Set<String> = lifecycle.subtracting(closers).union(hazardous).union(alsoRead)
        .union(Profile.anyRenamedFunction).union(Profile.anyRenamedFunction.map { "R" + $0 })
}
