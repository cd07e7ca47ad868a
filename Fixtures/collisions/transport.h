#ifndef TRANSPORT_H
#define TRANSPORT_H

/* A table of operations: the member names collide with the -D renames. */
struct transport_ops {
    int (*connect)(void *self, const char *host, int port);
    int (*listen)(void *self, int backlog);
    void (*close)(void *self);
};

int transport_open(const struct transport_ops *ops, void *self, const char *host, int accept);

#endif
