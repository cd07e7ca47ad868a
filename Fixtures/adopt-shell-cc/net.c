#define _POSIX_C_SOURCE 200112L
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Connects to host:port over TCP (IPv4 only: a SOCKS v4 proxy carries nothing else). */
int mr_connect(const char *host, const char *port)
{
    struct addrinfo hints, *result, *ai;
    int s = -1;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &result) != 0)
        return -1;
    for (ai = result; ai != NULL; ai = ai->ai_next) {
        s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s < 0)
            continue;
        if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(s);
        s = -1;
    }
    freeaddrinfo(result);
    return s;
}
