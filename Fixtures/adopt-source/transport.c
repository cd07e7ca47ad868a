#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "transport.h"

static int tcp_connect(struct transport *self, const struct sockaddr *to, socklen_t length)
{
    self->fd = socket(AF_INET, SOCK_STREAM, 0);
    return TRANSPORT_DIAL(self->fd, to, length);
}

static int tcp_accept(struct transport *self)
{
    fd_set readable;
    struct timeval wait = { 5, 0 };

    FD_ZERO(&readable);
    FD_SET(self->fd, &readable);
    if (select(self->fd + 1, &readable, NULL, NULL, &wait) <= 0)
        return -1;
    return accept(self->fd, NULL, NULL);
}

int transport_tcp(struct transport *t)
{
    t->connect = tcp_connect;
    t->accept = tcp_accept;
    t->fd = -1;
    return 0;
}
