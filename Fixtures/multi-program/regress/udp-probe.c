/* A test program of the same tree: its UDP lookup is its own, and never reaches the daemon. */
#include <sys/socket.h>
#include <netdb.h>
#include <string.h>

int main(int argc, char **argv) {
    struct addrinfo hints, *res;
    int fd;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    if (argc < 3 || getaddrinfo(argv[1], argv[2], &hints, &res) != 0) return 1;
    fd = socket(res->ai_family, res->ai_socktype, 0);
    return fd < 0;
}
