/* Insists on its own source port before connecting: through SOCKS the port is silently not used.
 * Usage: client ADDRESS PORT LOCAL-PORT. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sockaddr_in server, local;
    int s, on = 1;

    if (argc != 4)
        return 2;
    alarm(10);
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &server.sin_addr);
    memset(&local, 0, sizeof local);
    local.sin_family = AF_INET;
    local.sin_port = htons(atoi(argv[3]));
    s = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(s, (struct sockaddr *)&local, sizeof local) != 0) {
        perror("bind");
        return 1;
    }
    if (connect(s, (struct sockaddr *)&server, sizeof server) != 0) {
        perror("connect");
        return 1;
    }
    write(s, "hello\n", 6);
    close(s);
    return 0;
}
