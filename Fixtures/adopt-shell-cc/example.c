#include <stdio.h>

int mr_connect(const char *host, const char *port);
int mr_command(int s, const char *command, char *reply, size_t size);

int main(int argc, char **argv)
{
    char reply[128];
    int s = mr_connect(argc > 1 ? argv[1] : "127.0.0.1", argc > 2 ? argv[2] : "6379");
    if (s < 0 || mr_command(s, "PING\r\n", reply, sizeof reply) != 0)
        return 1;
    fputs(reply, stdout);
    return 0;
}
