#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    struct sockaddr_in me;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    memset(&me, 0, sizeof me);
    me.sin_family = AF_INET;
    me.sin_port = htons(7007);
    if (bind(s, (struct sockaddr *)&me, sizeof me) != 0 || listen(s, 5) != 0)
        return 1;
    for (;;) {
        int c = accept(s, 0, 0);
        if (c >= 0)
            close(c);
    }
}
