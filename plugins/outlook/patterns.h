/* outlook: what the lexicon's patterns (patterns.c) and their scan
 * (scan.c) share: the folding rule, the first words' keys and the
 * filters' bits. Private to the plugin. */
#ifndef OL_PATTERNS_H
#define OL_PATTERNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tidings/utf8.h>
#include <utf8proc.h>

#include "outlook.h"

#define NONE UINT32_MAX
#define FNV_SEED 2166136261u
#define FNV_PRIME 16777619u

/* Longest UTF-8 one code point folds to (at most 3 code points). */
#define FOLD_MAX 16

static inline bool ascii_alnum(unsigned char b)
{
    return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
}

static inline unsigned char lower(unsigned char b)
{
    return b >= 'A' && b <= 'Z' ? (unsigned char)(b + 32) : b;
}

/* The folding of one code point into out (its length), or 0 when it folds
 * to itself: the matcher's rule (utf8proc's full case folding). */
static inline size_t fold_cp(int32_t cp, char *out, int *ncp)
{
    *ncp = 1;
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') {
            out[0] = (char)(cp + 32);
            return 1;
        }
        return 0;
    }
    if (utf8proc_get_property(cp)->casefold_seqindex == UINT16_MAX)
        return 0;
    utf8proc_int32_t buf[8];
    int last_boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 8, UTF8PROC_CASEFOLD, &last_boundclass);
    if (n <= 0 || n > 3)
        return 0;
    size_t len = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        size_t l = td_utf8_encode(buf[i], out + len);
        if (l == 0)
            return 0;
        len += l;
    }
    *ncp = (int)n;
    return len;
}

static inline bool cp_alnum(const char *s, size_t n)
{
    int32_t cp;
    td_utf8_decode(s, n, &cp);
    return td_utf8_is_alnum(cp);
}

static inline uint32_t key_hash(const char *s, size_t n)
{
    uint32_t h = FNV_SEED;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}


/* A first word is looked up by its first 8 bytes (lowered, zero after its
 * end) packed into one integer as memcpy() loads them, and its length:
 * the scan gets both from one load, with no hash loop over the bytes.
 * One multiplication mixes them: its high 32 bits pick the slot of the
 * table, its top bits the bits of the filters. */
#define ONES 0x0101010101010101ull
#define MIX 0x9E3779B97F4A7C15ull

static inline uint64_t word_mix(uint64_t packed, size_t w) { return (packed ^ w) * MIX; }

/* The filter's bit for a word, from the top bits of its mix (the table's
 * slot comes from the bits below). */
static inline size_t filter_bit(uint64_t mix) { return (size_t)(mix >> (64 - OL_ALONE_BITS)); }

static inline bool bit_test(const uint64_t *bits, size_t i) { return bits[i / 64] >> (i % 64) & 1; }

static inline void bit_set(uint64_t *bits, size_t i) { bits[i / 64] |= (uint64_t)1 << (i % 64); }

static inline uint64_t pack(const unsigned char *w, size_t n)
{
    unsigned char b[8] = {0};
    memcpy(b, w, n);
    uint64_t v;
    memcpy(&v, b, 8);
    return v;
}

/* One of 64 buckets for the two bytes after a first word (folded), so a
 * scan can tell from one test that no longer pattern goes on there. */
static inline unsigned follow_bucket(unsigned char a, unsigned char b)
{
    return (a * 7u + b) & 63u;
}

static inline uint64_t follow_bit(unsigned char a, unsigned char b)
{
    return (uint64_t)1 << follow_bucket(a, b);
}


#endif
