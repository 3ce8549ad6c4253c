/*
 * UTF-8 helpers for plugins. Texts in a td_doc are always valid UTF-8.
 */
#ifndef TIDINGS_UTF8_H
#define TIDINGS_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decode the code point at s (n bytes available, n > 0). Returns its length
 * in bytes (1-4) and sets *cp; for an ill-formed sequence sets *cp to U+FFFD
 * and returns the length of its maximal ill-formed subpart (1-3). */
size_t td_utf8_decode(const char *s, size_t n, int32_t *cp);

/* Encode cp into out (4 bytes room); returns the length, 0 if cp is not a
 * Unicode scalar value. */
size_t td_utf8_encode(int32_t cp, char *out);

/* Length of the valid UTF-8 prefix of s. */
size_t td_utf8_valid_prefix(const char *s, size_t n);

/* Start of the code point that ends just before byte `pos` (pos > 0). */
size_t td_utf8_prev(const char *s, size_t pos);

/* Letters and digits of any script (Unicode categories L* and N*), the
 * characters a token boundary never falls between. */
bool td_utf8_is_alnum(int32_t cp);
bool td_utf8_is_upper(int32_t cp);
bool td_utf8_is_lower(int32_t cp);
bool td_utf8_is_space(int32_t cp); /* White_Space, including NBSP */

#ifdef __cplusplus
}
#endif
#endif
