#include <sys/socket.h>
#include <netinet/in.h>

int announce(void)
{
    return socket(AF_INET, SOCK_DGRAM, 0);
}
