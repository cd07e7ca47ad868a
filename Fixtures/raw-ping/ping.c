/* An ICMP echo probe: raw sockets cannot go through SOCKS at all. */
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <sys/socket.h>
#include <unistd.h>

int open_probe(void)
{
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);

    if (fd < 0)
        return -1;
    return fd;
}

int main(void)
{
    int fd = open_probe();

    if (fd >= 0)
        close(fd);
    return fd < 0;
}
