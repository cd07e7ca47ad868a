#ifndef CNET_H
#define CNET_H

/* Announces this host on the LAN, over UDP: the SOCKSified build would leak it past the proxy. */
int cnet_announce(const char *group, int port);

#endif
