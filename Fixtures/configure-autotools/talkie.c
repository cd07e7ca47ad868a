/* A client whose sockets depend on the configured build: config.h (made by configure) and the
   Makefile's own -DTALK_CLIENT. check --configure sees both; a parse of the bare tree sees neither. */
#include <config.h>
#include <netinet/in.h>
#include <sys/socket.h>

int open_channel(void) {
#ifdef TALK_CLIENT
    return socket(AF_INET, SOCK_DGRAM, 0);
#else
    return socket(AF_INET, SOCK_STREAM, 0);
#endif
}

int dial(const struct sockaddr *peer, socklen_t length) {
#ifdef ENABLE_IPV6
    int s = socket(AF_INET6, SOCK_STREAM, 0);
#else
    int s = socket(AF_INET, SOCK_STREAM, 0);
#endif
    return connect(s, peer, length);
}
