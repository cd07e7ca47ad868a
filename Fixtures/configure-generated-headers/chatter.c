/* Both headers are made by make: check --configure makes them in its scratch copy (the tree is
   not written), so the UDP socket, whose type only chatconf.h gives, is seen. */
#include <netinet/in.h>
#include <sys/socket.h>
#include "chatconf.h"
#include "proto.h"

int open_channel(void) {
    return socket(AF_INET, CHAT_TYPE, 0);
}

int dial(const struct sockaddr *peer, socklen_t length) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    return connect(s, peer, length);
}
