#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "transport.h"

int main(int argc, char **argv)
{
    struct transport t;
    struct sockaddr_in sin;
    int (*dial)(int, const struct sockaddr *, socklen_t) = connect;

    transport_tcp(&t);
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(7);
    inet_pton(AF_INET, argc > 1 ? argv[1] : "127.0.0.1", &sin.sin_addr);
    if (t.connect(&t, (struct sockaddr *)&sin, sizeof sin) != 0) {
        perror("connect");
        return 1;
    }
    (void)dial;
    close(t.fd);
    return 0;
}
