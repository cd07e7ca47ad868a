/* FTP active mode: the control connection goes out, the data connection is called back.
 * This is exactly what SOCKS BIND was made for: nothing here is a hazard. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int open_control(const struct sockaddr_in *server)
{
    int control = socket(AF_INET, SOCK_STREAM, 0);

    if (control < 0)
        return -1;
    if (connect(control, (const struct sockaddr *)server, sizeof *server) < 0) {
        close(control);
        return -1;
    }
    return control;
}

/* Opens the data socket and tells the server where to call back. */
static int open_data(int control)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    unsigned char *a, *p;
    int data;

    if (getsockname(control, (struct sockaddr *)&sin, &len) < 0)
        return -1;
    data = socket(AF_INET, SOCK_STREAM, 0);
    sin.sin_port = 0;
    if (bind(data, (struct sockaddr *)&sin, sizeof sin) < 0)
        goto fail;
    len = sizeof sin;
    if (getsockname(data, (struct sockaddr *)&sin, &len) < 0)
        goto fail;
    if (listen(data, 1) < 0)
        goto fail;
    a = (unsigned char *)&sin.sin_addr;
    p = (unsigned char *)&sin.sin_port;
    dprintf(control, "PORT %d,%d,%d,%d,%d,%d\r\n", a[0], a[1], a[2], a[3], p[0], p[1]);
    return data;
fail:
    close(data);
    return -1;
}

int main(void)
{
    struct sockaddr_in server;
    int control, data, conn;

    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(21);
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    if ((control = open_control(&server)) < 0)
        return 1;
    if ((data = open_data(control)) < 0)
        return 1;
    dprintf(control, "LIST\r\n");
    conn = accept(data, NULL, NULL);
    close(conn);
    close(data);
    close(control);
    return 0;
}
