/* UTF-8 helpers the core uses beyond the public ones. */
#ifndef TD_UTF8_INTERNAL_H
#define TD_UTF8_INTERNAL_H

#include <tidings/utf8.h>

/* Length of the leading run of ASCII bytes. */
size_t td_utf8_ascii_prefix(const char *s, size_t n);
/* Number of code points in valid UTF-8. */
size_t td_utf8_count(const char *s, size_t n);
/* Replace ill-formed sequences by U+FFFD. When `in` is valid, *out is NULL
 * (use the input as it is); otherwise *out is a new NUL-terminated buffer
 * the caller frees. 0, or -1 when out of memory. */
int td_utf8_repair(const char *in, size_t len, char **out, size_t *out_len, size_t *repaired);

#endif
