/* A small daemon with a callback helper written out of order. */
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERVICE_PORT 7070

int serve_forever(void)
{
    struct sockaddr_in sin;
    int s = socket(AF_INET, SOCK_STREAM, 0);

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(SERVICE_PORT);
    if (bind(s, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(s, 16) < 0)
        return -1;
    for (;;) {
        int c = accept(s, NULL, NULL);

        if (c >= 0)
            close(c);
    }
}

/* Asks the peer (already connected on control) to call back, but never asks getsockname where the
 * proxy listens: through SOCKS the peer is told the wrong address. */
int callback_socket(int control)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    int data = socket(AF_INET, SOCK_STREAM, 0);

    getsockname(control, (struct sockaddr *)&sin, &len);
    sin.sin_port = 0;
    bind(data, (struct sockaddr *)&sin, sizeof sin);
    listen(data, 1);
    write(control, &sin, sizeof sin);
    return accept(data, NULL, NULL);
}
