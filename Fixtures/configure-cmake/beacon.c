/* Announces itself over UDP when the build defines BEACON_UDP (CMakeLists.txt does). */
#include <netinet/in.h>
#include <sys/socket.h>

int announce(const struct sockaddr *peer, socklen_t length) {
#ifdef BEACON_UDP
    int s = socket(AF_INET, SOCK_DGRAM, 0);
#else
    int s = socket(AF_INET, SOCK_STREAM, 0);
#endif
    return connect(s, peer, length);
}
