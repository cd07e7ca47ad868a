#ifndef CCLEAN_H
#define CCLEAN_H

int cclean_dial(const char *address, int port);

#endif
