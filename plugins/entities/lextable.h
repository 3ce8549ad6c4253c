/* entities: the lexicon's words of up to 15 bytes in one table, for the
 * look-up of every token (tokens.c).
 *
 * A word's key is its bytes as two 64-bit integers (two loads, masked by
 * the length, the length in a byte of the second), so a compare is
 * two integer compares and the hash two multiplies, with no loop over the
 * bytes and no branch on the length. The table is a perfect hash (hash
 * and displace): the words are put in groups by their hash, and each
 * group has a displacement, chosen when the table is built, that sends
 * its words to slots no other word has. A look-up is then one read of the
 * group's displacement (a small array that stays in the cache), one slot
 * and one compare, with no branch at all: whether a word of a text is in
 * the lexicon is close to a coin toss, which no predictor guesses. A slot
 * is 16 bytes, the word's classes an index into a table of their 75 or so
 * combinations, and the words in lower case first, the ones most tokens
 * ask about, have a table of their own: fewer cache lines. Longer
 * words (half a percent of a text's) are left to the lexicon's hash set
 * (wordset.h). Built by lextable.c. */
#ifndef ENT_LEXTABLE_H
#define ENT_LEXTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "entities.h"

#define ENT_LEX_MAXLEN 14 /* the longest word the table holds */

/* ent_lex_mask[n]: the bytes of a word of n bytes in its two keys (here,
 * not extern: a module reaches its own data without the GOT) */
#define ENT_LEX_M(n) ((n) >= 8 ? ~0ull : (1ull << (8 * (n))) - 1)
#define ENT_LEX_ROW(n) {ENT_LEX_M(n), (n) > 8 ? ENT_LEX_M((n) - 8) : 0}
static const uint64_t ent_lex_mask[ENT_LEX_MAXLEN + 1][2] = {
    ENT_LEX_ROW(0),  ENT_LEX_ROW(1),  ENT_LEX_ROW(2),  ENT_LEX_ROW(3),  ENT_LEX_ROW(4),
    ENT_LEX_ROW(5),  ENT_LEX_ROW(6),  ENT_LEX_ROW(7),  ENT_LEX_ROW(8),  ENT_LEX_ROW(9),
    ENT_LEX_ROW(10), ENT_LEX_ROW(11), ENT_LEX_ROW(12), ENT_LEX_ROW(13), ENT_LEX_ROW(14),
};
#undef ENT_LEX_ROW
#undef ENT_LEX_M

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
    /* bytes 14 and 15 are never a word's (n <= 14): the length goes in
     * byte 14, so "ab" and "ab\0" differ; the table keeps the word's
     * class index in byte 15 */
    key[1] = (b & ent_lex_mask[n][1]) | (uint64_t)n << 48;
}

/* The hash of a key under the table's seed (the build tries seeds until
 * every group finds free slots). The top bits pick the group, the low
 * ones (mixed with the top) the slot. */
static inline uint64_t ent_lex_hash(const ent_lextable *t, const uint64_t key[2])
{
    /* the second key of most words is their length alone: it goes in
     * through a multiply of its own before the first is mixed */
    uint64_t h = (key[0] ^ t->seed ^ key[1] * 0xC2B2AE3D27D4EB4Full) * 0x9E3779B97F4A7C15ull;
    return h ^ h >> 32;
}

static inline uint32_t ent_lex_slot_of(const ent_lextable *t, uint64_t h)
{
    return ((uint32_t)h ^ t->disp[h >> t->gshift]) & t->smask;
}

/* The key's LX_* bits, 0 when the word is not in the lexicon: one slot,
 * one compare, no branch. */
static inline uint32_t ent_lextable_get(const ent_lextable *t, const uint64_t key[2])
{
    const ent_lex_slot *e = &t->slot[ent_lex_slot_of(t, ent_lex_hash(t, key))];
    /* the shift drops the slot's class index from the compare */
    uint64_t diff = (e->key[0] ^ key[0]) | (e->key[1] ^ key[1]) << 8;
    return t->classes[e->key[1] >> 56] & (0u - (uint32_t)(diff == 0));
}

/* From those of the lexicon's words that `lower` says start in lower case
 * or not (values of a word given twice OR-ed; words longer than
 * ENT_LEX_MAXLEN left out). 0; -1 out of memory; -2 with more than 255
 * combinations of classes. */
int ent_lextable_build(ent_lextable *t, const ent_lexeme *words, size_t n, bool lower);
void ent_lextable_free(ent_lextable *t);

#endif
