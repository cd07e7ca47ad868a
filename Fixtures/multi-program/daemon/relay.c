/* The daemon's TCP socket is made from a lookup kept in its configuration. */
#include <sys/socket.h>
#include <netdb.h>
#include <string.h>

struct conf {
    struct addrinfo *upstream;
};

static struct conf conf;

static int lookup(const char *host, const char *port) {
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    return getaddrinfo(host, port, &hints, &conf.upstream);
}

static int dial_upstream(void) {
    int fd = socket(conf.upstream->ai_family, conf.upstream->ai_socktype, 0);
    if (fd < 0) return -1;
    return connect(fd, conf.upstream->ai_addr, conf.upstream->ai_addrlen);
}

int main(int argc, char **argv) {
    if (argc < 3 || lookup(argv[1], argv[2]) != 0) return 1;
    return dial_upstream() < 0;
}
