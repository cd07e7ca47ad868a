#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/select.h>
#include <sys/socket.h>

#include "net.h"

int set_nonblocking(int s)
{
    int flags = fcntl(s, F_GETFL, 0);

    return fcntl(s, F_SETFL, flags | O_NONBLOCK);
}

/* The retry the SOCKS library asks for: connect again until EISCONN, and retry select on EINTR. */
int finish_connect(int s, const struct sockaddr_in *server)
{
    for (;;) {
        fd_set writable;

        FD_ZERO(&writable);
        FD_SET(s, &writable);
        if (select(s + 1, NULL, &writable, NULL, NULL) < 0 && errno != EINTR)
            return -1;
        if (connect(s, (const struct sockaddr *)server, sizeof *server) == 0 || errno == EISCONN)
            return 0;
        if (errno != EALREADY && errno != EINPROGRESS && errno != EINTR)
            return -1;
    }
}
