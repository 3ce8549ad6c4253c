/* entities: building the lexicon's packed table (lextable.h).
 *
 * Each word goes to the first free way of its first bucket, else of its
 * second (the first then marked `spill`); when both are full the table is
 * doubled and built again, so a look-up never needs a third bucket. */
#include <stdlib.h>
#include <string.h>

#include "lextable.h"

#define M(n) ((n) >= 8 ? ~0ull : (1ull << (8 * (n))) - 1)
#define ROW(n) {M(n), (n) > 8 ? M((n) - 8) : 0}
const uint64_t ent_lex_mask[ENT_LEX_MAXLEN + 1][2] = {
    ROW(0),  ROW(1),  ROW(2),  ROW(3),  ROW(4),  ROW(5),  ROW(6),  ROW(7),
    ROW(8),  ROW(9),  ROW(10), ROW(11), ROW(12), ROW(13), ROW(14), ROW(15),
};
#undef ROW
#undef M

static bool same_key(const uint64_t a[2], const uint64_t b[2])
{
    return a[0] == b[0] && a[1] == b[1];
}

/* The way of the bucket holding key, or -1. */
static int way_of(const ent_lex_bucket *b, const uint64_t key[2])
{
    for (int j = 0; j < ENT_LEX_WAYS; j++)
        if (same_key(b->key[j], key))
            return j;
    return -1;
}

static int free_way(const ent_lex_bucket *b)
{
    static const uint64_t empty[2] = {0, 0};
    return way_of(b, empty);
}

/* 0, 1 when both buckets are full (the table must grow). */
static int insert(ent_lextable *t, const uint64_t key[2], uint32_t value)
{
    uint64_t h = ent_lex_hash(key);
    ent_lex_bucket *first = &t->bucket[h >> t->shift];
    ent_lex_bucket *second = &t->bucket[ent_lex_second(t, h)];
    int j = way_of(first, key);
    if (j >= 0) {
        first->value[j] |= value;
        return 0;
    }
    if (first->spill && (j = way_of(second, key)) >= 0) {
        second->value[j] |= value;
        return 0;
    }
    ent_lex_bucket *b = first;
    if ((j = free_way(first)) < 0) {
        b = second;
        if ((j = free_way(second)) < 0)
            return 1;
        first->spill = 1;
    }
    memcpy(b->key[j], key, sizeof(b->key[j]));
    b->value[j] = value;
    return 0;
}

/* The table with 2^bits buckets: 0, 1 when a bucket pair overflowed, -1
 * out of memory. */
static int build(ent_lextable *t, unsigned bits, const ent_lexeme *words, size_t n)
{
    size_t nb = (size_t)1 << bits;
    t->bucket = aligned_alloc(64, nb * sizeof(*t->bucket));
    if (!t->bucket)
        return -1;
    memset(t->bucket, 0, nb * sizeof(*t->bucket));
    t->mask = nb - 1;
    t->shift = 64 - bits;
    static const char pad[16] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i].word);
        if (len == 0 || len > ENT_LEX_MAXLEN)
            continue;
        /* the key from a zero-padded copy: the word's string may end anywhere */
        char buf[16];
        memcpy(buf, pad, sizeof(buf));
        memcpy(buf, words[i].word, len);
        uint64_t key[2];
        ent_lex_key(buf, len, buf + sizeof(buf), key);
        if (insert(t, key, words[i].bits) != 0) {
            ent_lextable_free(t);
            return 1;
        }
    }
    return 0;
}

int ent_lextable_build(ent_lextable *t, const ent_lexeme *words, size_t n)
{
    memset(t, 0, sizeof(*t));
    /* about one word a bucket of three: few spills, and the frequent
     * words' buckets stay in the cache whatever the size */
    unsigned bits = 6;
    while (((size_t)1 << bits) < n)
        bits++;
    for (; bits < 32; bits++) {
        int rc = build(t, bits, words, n);
        if (rc <= 0)
            return rc;
    }
    return -1;
}

void ent_lextable_free(ent_lextable *t)
{
    free(t->bucket);
    memset(t, 0, sizeof(*t));
}
