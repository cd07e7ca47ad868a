/* A nonblocking connect done the way the SOCKS library needs: connect again until EISCONN,
 * retrying select on EINTR. Usage: client ADDRESS PORT. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_nonblocking(int s, const struct sockaddr_in *server)
{
    for (;;) {
        fd_set writable;
        struct timeval wait = { 1, 0 };

        if (connect(s, (const struct sockaddr *)server, sizeof *server) == 0 || errno == EISCONN)
            return 0;
        if (errno != EINPROGRESS && errno != EALREADY && errno != EINTR)
            return -1;
        FD_ZERO(&writable);
        FD_SET(s, &writable);
        if (select(s + 1, NULL, &writable, NULL, &wait) < 0 && errno != EINTR)
            return -1;
    }
}

int main(int argc, char **argv)
{
    struct sockaddr_in server;
    int s;

    if (argc != 3)
        return 2;
    alarm(10);
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &server.sin_addr);
    s = socket(AF_INET, SOCK_STREAM, 0);
    fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
    if (connect_nonblocking(s, &server) != 0) {
        perror("connect");
        return 1;
    }
    fcntl(s, F_SETFL, fcntl(s, F_GETFL) & ~O_NONBLOCK);
    write(s, "hello\n", 6);
    close(s);
    return 0;
}
