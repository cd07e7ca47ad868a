#include <string.h>
#include <unistd.h>

/* Sends a command and reads one line of reply. */
int mr_command(int s, const char *command, char *reply, size_t size)
{
    if (write(s, command, strlen(command)) < 0)
        return -1;
    ssize_t n = read(s, reply, size - 1);
    if (n < 0)
        return -1;
    reply[n] = '\0';
    return 0;
}
