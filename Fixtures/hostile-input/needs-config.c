#include "unconfigured.h"
#include <sys/socket.h>

int raw(void)
{
    return socket(2, SOCK_RAW, 0);
}
