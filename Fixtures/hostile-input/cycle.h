/* Includes itself with no guard: an include cycle. */
#include "cycle.h"
