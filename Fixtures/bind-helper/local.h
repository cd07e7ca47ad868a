#ifndef LOCAL_H
#define LOCAL_H

#include <netinet/in.h>

/* Binds s to the local port the protocol insists on (NFS-style clients want one below 1024). */
int claim_local_port(int s, unsigned short port);
/* Binds s to "any address, any port", which is what the kernel does anyway. */
int bind_anywhere(int s);

#endif
