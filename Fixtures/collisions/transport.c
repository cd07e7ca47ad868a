#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "transport.h"

/* The project's own rcmd() ("run command"): -Drcmd=Rrcmd would swap it for the SOCKS library's. */
static int rcmd(int which)
{
    return which * 2;
}

int transport_open(const struct transport_ops *ops, void *self, const char *host, int accept)
{
    if (accept)
        return ops->listen(self, rcmd(accept));
    return ops->connect(self, host, 80);
}

/* Calls the renames can never see. */
long raw_dial(int s, const struct sockaddr_in *to)
{
    if (sendto(s, "x", 1, MSG_FASTOPEN, (const struct sockaddr *)to, sizeof *to) >= 0)
        return 0;
    return syscall(SYS_connect, s, (const struct sockaddr *)to, sizeof *to);
}

static const struct transport_ops plain = { .connect = 0, .listen = 0, .close = 0 };
