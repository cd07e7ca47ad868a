#include <string.h>
#include <sys/socket.h>

#include "local.h"

int claim_local_port(int s, unsigned short port)
{
    struct sockaddr_in sin;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    return bind(s, (struct sockaddr *)&sin, sizeof sin);
}

int bind_anywhere(int s)
{
    struct sockaddr_in sin;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_ANY);
    sin.sin_port = 0;
    return bind(s, (struct sockaddr *)&sin, sizeof sin);
}
