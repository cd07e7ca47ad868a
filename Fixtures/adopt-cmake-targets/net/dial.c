/* In a static library: the client reaches it, so it is compiled with the renames too. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int dial(const char *host, int port)
{
    struct sockaddr_in to;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    if (s < 0 || inet_pton(AF_INET, host, &to.sin_addr) != 1 || connect(s, (struct sockaddr *)&to, sizeof to) != 0) {
        if (s >= 0)
            close(s);
        return -1;
    }
    return s;
}
