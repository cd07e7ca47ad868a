/* Sends one datagram. SOCKS cannot carry it: it goes straight to the network.
 * Usage: client ADDRESS PORT. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sockaddr_in server;
    int s;

    if (argc != 3)
        return 2;
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &server.sin_addr);
    s = socket(AF_INET, SOCK_DGRAM, 0);
    if (sendto(s, "ping\n", 5, 0, (struct sockaddr *)&server, sizeof server) != 5)
        return 1;
    close(s);
    return 0;
}
