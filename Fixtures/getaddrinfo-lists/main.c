/* Each getaddrinfo list is its own object: the datagram hints of a numeric-name check whose
   results are freed at once (openssh's canohost.c) say nothing about the TCP list resolve()
   returns, which main stores, passes down and walks through ai_next. No udp-socket here; the
   IPv6 warning names resolve()'s lookup, not numeric()'s. */
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int numeric(const char *name) {
    struct addrinfo hints, *ai;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICHOST;
    if (getaddrinfo(name, NULL, &hints, &ai) == 0) { freeaddrinfo(ai); return 1; }
    return 0;
}

static struct addrinfo *resolve(const char *host) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, "22", &hints, &res) != 0) return NULL;
    return res;
}

static int open_one(struct addrinfo *ai) {
    return socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
}

static int dial_list(struct addrinfo *aitop) {
    struct addrinfo *ai;
    for (ai = aitop; ai; ai = ai->ai_next) {
        int s = open_one(ai);
        if (s >= 0 && connect(s, ai->ai_addr, ai->ai_addrlen) == 0) return s;
        if (s >= 0) close(s);
    }
    return -1;
}

int main(int argc, char **argv) {
    struct addrinfo *addrs = NULL;
    if (argc < 2 || numeric(argv[1])) return 1;
    if ((addrs = resolve(argv[1])) == NULL) return 1;
    return dial_list(addrs) < 0;
}
