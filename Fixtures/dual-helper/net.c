#include <sys/socket.h>

#include "net.h"

int net_open(int family, int type)
{
    return socket(family, type | SOCK_CLOEXEC, 0);
}
