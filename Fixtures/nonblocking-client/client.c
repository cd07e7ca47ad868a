#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

/* Made nonblocking by a helper, connected here, then trusted once poll says writable: breaks. */
int quick_dial(const struct sockaddr_in *server)
{
    struct pollfd p;
    int s = socket(AF_INET, SOCK_STREAM, 0);

    set_nonblocking(s);
    if (connect(s, (const struct sockaddr *)server, sizeof *server) < 0 && errno != EINPROGRESS)
        return -1;
    p.fd = s;
    p.events = POLLOUT;
    if (poll(&p, 1, 3000) != 1) {
        close(s);
        return -1;
    }
    return s;
}

/* The same start, finished by the helper that loops on connect until EISCONN: works. */
int careful_dial(const struct sockaddr_in *server)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

    if (connect(s, (const struct sockaddr *)server, sizeof *server) < 0 && errno != EINPROGRESS)
        return -1;
    return finish_connect(s, server) == 0 ? s : -1;
}
