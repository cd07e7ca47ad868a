#include <netinet/in.h>
#include <sys/socket.h>

#include "net.h"

/* The control connection is TCP. */
int open_control(void)
{
    return net_open(AF_INET, SOCK_STREAM);
}

/* The local status pipe is a datagram socket, but AF_UNIX never leaves the machine. */
int open_status(void)
{
    return net_open(AF_UNIX, SOCK_DGRAM);
}
