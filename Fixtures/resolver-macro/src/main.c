#include <stdio.h>
#include <unistd.h>

#include "dns.h"

int main(int argc, char **argv)
{
    int fd = open_resolver(argc > 1 ? argv[1] : "127.0.0.1");

    if (fd < 0) {
        perror("resolver");
        return 1;
    }
    close(fd);
    return 0;
}
