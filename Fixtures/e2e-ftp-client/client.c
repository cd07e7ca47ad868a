/* FTP active mode in miniature: a control connection out, then a data connection called back.
 * Usage: client ADDRESS PORT. Prints what arrives on the data connection. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct sockaddr_in server, sin;
    socklen_t len = sizeof sin;
    unsigned char *a, *p;
    char line[128], buffer[64];
    int control, data, conn;
    ssize_t n;

    if (argc != 3)
        return 2;
    alarm(10);
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &server.sin_addr);
    control = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(control, (struct sockaddr *)&server, sizeof server) != 0) {
        perror("connect");
        return 1;
    }
    if (getsockname(control, (struct sockaddr *)&sin, &len) != 0)
        return 1;
    data = socket(AF_INET, SOCK_STREAM, 0);
    sin.sin_port = 0;
    if (bind(data, (struct sockaddr *)&sin, sizeof sin) != 0) {
        perror("bind");
        return 1;
    }
    len = sizeof sin;
    if (getsockname(data, (struct sockaddr *)&sin, &len) != 0 || listen(data, 1) != 0) {
        perror("getsockname/listen");
        return 1;
    }
    a = (unsigned char *)&sin.sin_addr;
    p = (unsigned char *)&sin.sin_port;
    snprintf(line, sizeof line, "PORT %d,%d,%d,%d,%d,%d\n", a[0], a[1], a[2], a[3], p[0], p[1]);
    write(control, line, strlen(line));
    /* Dante's Raccept dereferences the address argument: passing NULL crashes it (1.4.2). */
    len = sizeof sin;
    conn = accept(data, (struct sockaddr *)&sin, &len);
    if (conn < 0) {
        perror("accept");
        return 1;
    }
    n = read(conn, buffer, sizeof buffer - 1);
    if (n <= 0)
        return 1;
    buffer[n] = 0;
    fputs(buffer, stdout);
    close(conn);
    close(data);
    close(control);
    return 0;
}
