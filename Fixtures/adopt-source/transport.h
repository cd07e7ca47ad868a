#ifndef TRANSPORT_H
#define TRANSPORT_H

#include <sys/socket.h>

/* Members named like the renamed functions: -Dconnect=Rconnect would rename them too. */
struct transport {
    int (*connect)(struct transport *self, const struct sockaddr *to, socklen_t length);
    int (*accept)(struct transport *self);
    int fd;
};

/* The project's own wrapper, spelled inside a macro: source mode renames the call in its body. */
#define TRANSPORT_DIAL(fd, to, length) connect((fd), (to), (length))

int transport_tcp(struct transport *t);

#endif
