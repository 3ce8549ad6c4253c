/* entities: the word sets' look-up, inline for tokens.c, which asks the
 * lexicon's set of a token longer than its packed table's words
 * (lextable.h), and for strset_find's hash. The sets are built by
 * wordset.c. */
#ifndef ENT_WORDSET_H
#define ENT_WORDSET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "entities.h"

/* GCC would call ent_wordset_get rather than copy it into the token loop:
 * the call is what this header saves */
#if defined(__GNUC__)
#define ENT_INLINE static inline __attribute__((always_inline))
#else
#define ENT_INLINE static inline
#endif

struct ent_word {
    const char *s; /* NULL: empty slot */
    uint32_t len;
    uint32_t hash;
    uint32_t value; /* class bits of the lexicon; 0 in plain lists */
};

static inline uint64_t load8(const char *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
    return v;
}

static inline uint32_t load4(const char *s)
{
    uint32_t v;
    memcpy(&v, s, 4);
    return v;
}

/* Eight bytes at a time (the words here are longer than four bytes): a
 * byte-wise hash cost more than the rest of a look-up. */
static inline uint32_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull;
    if (n < 8) {
        uint64_t v = n >= 4 ? (uint64_t)load4(s) << 32 | load4(s + n - 4) : 0;
        for (size_t i = 0; n < 4 && i < n; i++)
            v = v << 8 | (unsigned char)s[i];
        h ^= v;
    } else {
        size_t i = 0;
        for (; i + 8 < n; i += 8)
            h = (h ^ load8(s + i)) * 0xff51afd7ed558ccdull;
        h ^= load8(s + n - 8);
    }
    h *= 0xc4ceb9fe1a85ec53ull;
    return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

/* memcmp of a short word without the call */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16)
        return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
    if (n >= 4 && n < 8)
        return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
    return memcmp(a, b, n) == 0;
}

#define FILTER_BITS (1u << 16) /* 8 KiB: stays in the first-level cache */

ENT_INLINE uint32_t filter_key(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t h = (uint32_t)n * 2654435761u;
    h ^= u[0] * 40503u;
    h ^= (uint32_t)u[n > 1 ? 1 : 0] << 9;
    h ^= (uint32_t)u[n - 1] << 17;
    h ^= (uint32_t)u[n / 2] * 97u;
    return (h ^ (h >> 15)) & (FILTER_BITS - 1);
}

/* Words of up to four bytes ("the", "of", "Its"), most of the look-ups,
 * live in a small table of packed keys that stays in the cache. */
ENT_INLINE uint64_t short_key(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t k = (uint64_t)n << 32;
    switch (n) {
    case 4:
        k |= (uint64_t)u[3] << 24;
        /* fall through */
    case 3:
        k |= (uint64_t)u[2] << 16;
        /* fall through */
    case 2:
        k |= (uint64_t)u[1] << 8;
        /* fall through */
    default:
        k |= u[0];
    }
    return k;
}

ENT_INLINE size_t short_slot(uint64_t k, size_t cap)
{
    uint64_t h = k * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 40) & (cap - 1);
}

/* The word's slot, or -1 when it is not in the set. */
ENT_INLINE ptrdiff_t short_find(const ent_wordset *ws, const char *s, size_t n)
{
    uint64_t k = short_key(s, n);
    size_t i = short_slot(k, ws->scap);
    while (ws->skey[i]) {
        if (ws->skey[i] == k)
            return (ptrdiff_t)i;
        i = (i + 1) & (ws->scap - 1);
    }
    return -1;
}

ENT_INLINE bool maybe(const ent_wordset *ws, const char *s, size_t n)
{
    if (!ws->filter)
        return true;
    if (!n)
        return false;
    uint32_t f = filter_key(s, n);
    return ws->filter[f >> 6] >> (f & 63) & 1;
}

ENT_INLINE uint32_t ent_wordset_get(const ent_wordset *ws, const char *s, size_t n)
{
    if (n && n <= 4) {
        ptrdiff_t i = ws->scap ? short_find(ws, s, n) : -1;
        return i >= 0 ? ws->sval[i] : 0;
    }
    if (!ws->cap || !maybe(ws, s, n))
        return 0;
    uint32_t h = hash_bytes(s, n);
    size_t i = h & (ws->cap - 1);
    while (ws->slot[i].s) {
        if (ws->slot[i].hash == h && ws->slot[i].len == n && same_bytes(ws->slot[i].s, s, n))
            return ws->slot[i].value;
        i = (i + 1) & (ws->cap - 1);
    }
    return 0;
}

/* ent_wordset_has, inline for the callers in wordset.c */
ENT_INLINE bool wordset_has(const ent_wordset *ws, const char *s, size_t n)
{
    if (n && n <= 4)
        return ws->scap && short_find(ws, s, n) >= 0;
    if (!ws->cap || !maybe(ws, s, n))
        return false;
    uint32_t h = hash_bytes(s, n);
    size_t i = h & (ws->cap - 1);
    while (ws->slot[i].s) {
        if (ws->slot[i].hash == h && ws->slot[i].len == n && same_bytes(ws->slot[i].s, s, n))
            return true;
        i = (i + 1) & (ws->cap - 1);
    }
    return false;
}

#endif
