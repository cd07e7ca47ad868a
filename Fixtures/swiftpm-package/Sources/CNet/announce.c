#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cnet.h"

int cnet_announce(const char *group, int port)
{
    struct sockaddr_in to;
    int s = socket(AF_INET, SOCK_DGRAM, 0);

    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    inet_pton(AF_INET, group, &to.sin_addr);
    sendto(s, "here", 4, 0, (struct sockaddr *)&to, sizeof to);
    return close(s);
}
