/* The server: a SOCKSified listener would listen on the proxy, so adopt leaves it alone. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef PORT
#define PORT 7070
#endif

int main(void) {
    struct sockaddr_in here;
    memset(&here, 0, sizeof here);
    here.sin_family = AF_INET;
    here.sin_port = htons(PORT);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || bind(s, (struct sockaddr *)&here, sizeof here) < 0 || listen(s, 5) < 0) return 1;
    int c = accept(s, 0, 0);
    return close(c);
}
