#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "cclean.h"

int cclean_dial(const char *address, int port)
{
    struct sockaddr_in to;
    int s = socket(AF_INET, SOCK_STREAM, 0);

    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    inet_pton(AF_INET, address, &to.sin_addr);
    return connect(s, (struct sockaddr *)&to, sizeof to) == 0 ? s : -1;
}
