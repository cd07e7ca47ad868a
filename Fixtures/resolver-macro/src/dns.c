#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "dns.h"

int open_resolver(const char *server)
{
    struct sockaddr_in sin;
    int fd = socket(AF_INET, RESOLVER_SOCKTYPE, 0);

    if (fd < 0)
        return -1;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(RESOLVER_PORT);
    if (inet_pton(AF_INET, server, &sin.sin_addr) != 1 ||
        connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}
