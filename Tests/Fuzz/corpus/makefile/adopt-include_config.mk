# Build settings live here; the Makefile includes them.
CFLAGS = -O2 -Wall
LDLIBS = -lm
