/* Scanning a JSON object's top-level members without building a tree: the
 * fast path of the input codec (core/json_scan.c). */
#ifndef TD_JSON_SCAN_H
#define TD_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct td_json_member {
    const char *key; /* the key's body, between its quotes */
    size_t key_len;
    bool key_plain;  /* no escapes in the key */
    const char *val; /* the value's bytes, quotes included for a string */
    size_t val_len;
    char kind;       /* 's' string, 'n' number, 'o' object, 'a' array,
                        't' true, 'f' false, 'z' null */
    bool val_plain;  /* a string with no escapes */
} td_json_member;

/* Return non-zero to give up the scan. */
typedef int (*td_json_member_fn)(const td_json_member *m, void *user);

/*
 * Check that s[0, n) is one JSON object (with nothing after it but white
 * space) and call fn for each top-level member in order. Returns the
 * number of members, or -1 when the line is not valid JSON or holds
 * something this scanner leaves to jansson (numbers with exponents or over
 * 17 characters, nesting over 64 deep). The text must be valid UTF-8.
 */
int td_json_scan_object(const char *s, size_t n, td_json_member_fn fn, void *user);

/* The member's key is `key` (escaped keys never match). */
bool td_json_key_is(const td_json_member *m, const char *key);

/* Decode a string body (between the quotes) that the scanner accepted into
 * out, which has room for n bytes (decoding never grows). Returns the
 * decoded length. */
size_t td_json_unescape(const char *s, size_t n, char *out);

#endif
