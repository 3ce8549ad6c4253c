/* The matcher: being written (see include/tidings/match.h). */
#include <tidings/match.h>
