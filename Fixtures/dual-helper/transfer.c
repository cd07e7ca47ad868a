#include <netinet/in.h>
#include <sys/socket.h>

#include "net.h"

#define TRANSFER_TYPE SOCK_DGRAM

/* The bulk transfer is TFTP-like, over UDP: this is what SOCKS cannot carry. */
int open_transfer(void)
{
    return net_open(AF_INET, TRANSFER_TYPE);
}
