/* The client: connects out through the net library, so adopt SOCKSifies it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int dial(const char *host, int port);

int main(int argc, char **argv)
{
    int s = dial(argc > 1 ? argv[1] : "127.0.0.1", argc > 2 ? atoi(argv[2]) : 7);
    if (s < 0)
        return 1;
    write(s, "hello\n", 6);
    close(s);
    return 0;
}
