/*
 * This client used to open socket(AF_INET, SOCK_DGRAM, 0) for its status pings;
 * SOCK_DGRAM is gone now, only the TCP connection is left.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

static const char *history = "removed: socket(AF_INET, SOCK_DGRAM, 0)";

#if 0
int old_status_socket(void)
{
    return socket(AF_INET, SOCK_DGRAM, 0);
}
#endif

#ifdef NEVER_DEFINED_ANYWHERE
# define STATUS_TYPE SOCK_DGRAM
#endif

/* The suppression below was written for the old UDP socket; it now silences nothing. */
// socksify-check: ignore-next-line udp-socket
int open_connection(void)
{
    // SOCK_DGRAM? no: SOCK_STREAM.
    puts(history);
    return socket(AF_INET, SOCK_STREAM, 0);
}
