/// Where a header that a unit could not find usually comes from, so the message can say what to
/// install. Debian's package names (`apt-file search` gives the rest).
enum HeaderPackages {
    /// By the include's first path component, or by the whole name for a top-level header.
    static let debian: [String: String] = [
        "openssl": "libssl-dev", "gnutls": "libgnutls28-dev", "zlib.h": "zlib1g-dev", "bzlib.h": "libbz2-dev",
        "lzma.h": "liblzma-dev", "zstd.h": "libzstd-dev", "brotli": "libbrotli-dev", "nghttp2": "libnghttp2-dev",
        "idn2.h": "libidn2-dev", "libpsl.h": "libpsl-dev", "readline": "libreadline-dev", "ncurses.h": "libncurses-dev",
        "curses.h": "libncurses-dev", "pcap.h": "libpcap-dev", "pcap": "libpcap-dev", "bsd": "libbsd-dev",
        "systemd": "libsystemd-dev", "event2": "libevent-dev", "event.h": "libevent-dev", "ev.h": "libev-dev",
        "uv.h": "libuv1-dev", "ldap.h": "libldap-dev", "lber.h": "libldap-dev", "krb5.h": "libkrb5-dev",
        "gssapi": "libkrb5-dev", "gssapi.h": "libkrb5-dev", "sasl": "libsasl2-dev", "pam": "libpam0g-dev",
        "security": "libpam0g-dev", "tcpd.h": "libwrap0-dev", "libssh2.h": "libssh2-1-dev", "libssh": "libssh-dev",
        "rtmp": "librtmp-dev", "ares.h": "libc-ares-dev", "expat.h": "libexpat1-dev", "libxml": "libxml2-dev",
        "pcre.h": "libpcre3-dev", "pcre2.h": "libpcre2-dev", "sqlite3.h": "libsqlite3-dev", "mysql": "libmariadb-dev",
        "libpq-fe.h": "libpq-dev", "dbus": "libdbus-1-dev", "glib.h": "libglib2.0-dev", "gmp.h": "libgmp-dev",
        "selinux": "libselinux1-dev", "cap-ng.h": "libcap-ng-dev", "sys/capability.h": "libcap-dev",
        "libnetfilter_conntrack": "libnetfilter-conntrack-dev", "libmnl": "libmnl-dev", "nettle": "nettle-dev",
        "lua.h": "liblua5.3-dev", "tls.h": "libtls-dev", "seccomp.h": "libseccomp-dev", "jansson.h": "libjansson-dev",
        "microhttpd.h": "libmicrohttpd-dev", "libwebsockets.h": "libwebsockets-dev", "maxminddb.h": "libmaxminddb-dev",
        "netlink": "libnl-3-dev", "libnl3": "libnl-3-dev", "avahi-client": "libavahi-client-dev", "rpc": "libtirpc-dev",
        "tirpc": "libtirpc-dev", "libintl.h": "libc6-dev", "linux": "linux-libc-dev",
    ]

    static func package(for header: String) -> String? {
        if let whole = debian[header] { return whole }
        guard let first = header.split(separator: "/").first, header.contains("/") else { return nil }
        return debian[String(first)]
    }
}
