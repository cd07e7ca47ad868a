#ifndef NET_H
#define NET_H

/* One helper opens every socket of the program; the callers decide the type. */
int net_open(int family, int type);

#endif
