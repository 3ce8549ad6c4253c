/* entities: the lexicon's words of up to 15 bytes in one packed table,
 * for the look-up of every token (tokens.c).
 *
 * A word's key is its bytes as two 64-bit integers (two loads, masked by
 * the length, the length in the top byte of the second), so a compare is
 * two integer compares and the hash a few multiplies, with no loop over
 * the bytes and no branch on the length. A bucket is one cache line of
 * three keys and their classes; a look-up compares all three without a
 * branch, which matters since whether a word of a text is in the lexicon
 * is close to a coin toss and a predictor cannot guess it. A word goes to
 * its second bucket only when its first is full, and the first says so
 * (`spill`): with the table sized for about one word a bucket, that is
 * about one bucket in fifty. Longer words (under 0.1% of a text's) are left
 * to the lexicon's hash set (wordset.h). Built by lextable.c. */
#ifndef ENT_LEXTABLE_H
#define ENT_LEXTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "entities.h"

#define ENT_LEX_MAXLEN 15 /* the longest word the table holds */

/* ent_lex_mask[n]: the bytes of a word of n bytes in its two keys */
extern const uint64_t ent_lex_mask[ENT_LEX_MAXLEN + 1][2];

static inline uint64_t ent_lex_load8(const char *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
    return v;
}

/* The key of the n bytes at s (1 <= n <= ENT_LEX_MAXLEN); `end` is where
 * the text ends: the loads read 16 bytes, past the word but not past the
 * text, so a word within 16 bytes of the end is copied first. */
static inline void ent_lex_key(const char *s, size_t n, const char *end, uint64_t key[2])
{
    uint64_t a, b;
    if ((size_t)(end - s) >= 16) {
        a = ent_lex_load8(s);
        b = ent_lex_load8(s + 8);
    } else {
        char buf[16] = {0};
        memcpy(buf, s, n);
        a = ent_lex_load8(buf);
        b = ent_lex_load8(buf + 8);
    }
    key[0] = a & ent_lex_mask[n][0];
    /* byte 15 is never a word's (n <= 15): the length goes there, so
     * "ab" and "ab\0" differ */
    key[1] = (b & ent_lex_mask[n][1]) | (uint64_t)n << 56;
}

static inline uint64_t ent_lex_hash(const uint64_t key[2])
{
    /* the second key of most words is their length alone: it goes in
     * through a multiply of its own before the first is mixed */
    return (key[0] ^ key[1] * 0xC2B2AE3D27D4EB4Full) * 0x9E3779B97F4A7C15ull;
}

_Static_assert(ENT_LEX_WAYS == 3 && sizeof(ent_lex_bucket) == 64,
              "ent_lex_in compares three ways; a bucket is a cache line");

/* The bucket's class bits of the key, 0 when it is not there: no branch. */
static inline uint32_t ent_lex_in(const ent_lex_bucket *b, const uint64_t key[2])
{
    /* written out: -O2 keeps a loop of three, at twice the instructions */
    const uint64_t k0 = key[0], k1 = key[1];
    uint32_t v = b->value[0] & (0u - (uint32_t)(((b->key[0][0] ^ k0) | (b->key[0][1] ^ k1)) == 0));
    v |= b->value[1] & (0u - (uint32_t)(((b->key[1][0] ^ k0) | (b->key[1][1] ^ k1)) == 0));
    v |= b->value[2] & (0u - (uint32_t)(((b->key[2][0] ^ k0) | (b->key[2][1] ^ k1)) == 0));
    return v;
}

static inline size_t ent_lex_second(const ent_lextable *t, uint64_t h)
{
    return (size_t)((h >> 17) & t->mask);
}

/* The key's LX_* bits, 0 when the word is not in the lexicon. */
static inline uint32_t ent_lextable_get(const ent_lextable *t, const uint64_t key[2])
{
    uint64_t h = ent_lex_hash(key);
    const ent_lex_bucket *b = &t->bucket[h >> t->shift];
    uint32_t v = ent_lex_in(b, key);
    if (__builtin_expect(b->spill != 0, 0))
        v |= ent_lex_in(&t->bucket[ent_lex_second(t, h)], key);
    return v;
}

/* From the lexicon's words (values of a word given twice OR-ed; words
 * longer than ENT_LEX_MAXLEN left out). 0, or -1 out of memory. */
int ent_lextable_build(ent_lextable *t, const ent_lexeme *words, size_t n);
void ent_lextable_free(ent_lextable *t);

#endif
