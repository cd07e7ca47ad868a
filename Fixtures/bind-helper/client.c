#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "local.h"

int mount_server(const struct sockaddr_in *server)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);

    if (claim_local_port(s, 1000) < 0)
        return -1;
    return connect(s, (const struct sockaddr *)server, sizeof *server) == 0 ? s : -1;
}

int status_server(const struct sockaddr_in *server)
{
    struct sockaddr_in any;
    int s = socket(AF_INET, SOCK_STREAM, 0);

    memset(&any, 0, sizeof any);
    any.sin_family = AF_INET;
    bind(s, (struct sockaddr *)&any, sizeof any);
    return connect(s, (const struct sockaddr *)server, sizeof *server) == 0 ? s : -1;
}

int log_server(const struct sockaddr_in *server)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);

    bind_anywhere(s);
    return connect(s, (const struct sockaddr *)server, sizeof *server) == 0 ? s : -1;
}

int rsh_server(const struct sockaddr_in *server)
{
    int port = IPPORT_RESERVED - 1;
    int s = rresvport(&port);

    if (s < 0)
        return -1;
    return connect(s, (const struct sockaddr *)server, sizeof *server) == 0 ? s : -1;
}

/* The variable is reused: the bound socket is closed, a fresh one is connected. Not a hazard. */
int probe_then_connect(const struct sockaddr_in *server)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);

    claim_local_port(s, 4000);
    close(s);
    s = socket(AF_INET, SOCK_STREAM, 0);
    return connect(s, (const struct sockaddr *)server, sizeof *server) == 0 ? s : -1;
}
