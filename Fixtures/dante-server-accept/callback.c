/* A client that takes one callback connection (FTP active mode) and does not care who calls:
 * fine with the classic library, a crash under Dante's Raccept. */
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

int take_callback(int control, int data)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;

    getsockname(control, (struct sockaddr *)&sin, &len);
    sin.sin_port = 0;
    bind(data, (struct sockaddr *)&sin, sizeof sin);
    getsockname(data, (struct sockaddr *)&sin, &len);
    listen(data, 1);
    return accept(data, NULL, NULL);
}
