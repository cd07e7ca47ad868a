#ifndef NET_H
#define NET_H

#include <netinet/in.h>

int set_nonblocking(int s);
int finish_connect(int s, const struct sockaddr_in *server);

#endif
