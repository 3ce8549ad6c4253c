/* entities: building the lexicon's perfect hash (lextable.h).
 *
 * Hash and displace: the words are put in groups of about four by the top
 * bits of their hash; the groups, largest first, each get the first
 * displacement (XOR-ed into the low bits of their words' hashes) that
 * sends all their words to free slots. With the table at most four
 * fifths full that takes some dozens of tries for the last groups. When a group finds none (two of its
 * words with one slot whatever the displacement) the build starts again
 * under another seed. */
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

typedef struct entry {
    uint64_t key[2];
    uint32_t value;
    uint32_t group;
    uint64_t hash;
} entry;

static int by_key(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->key[0] != y->key[0])
        return x->key[0] < y->key[0] ? -1 : 1;
    return x->key[1] < y->key[1] ? -1 : x->key[1] > y->key[1];
}

static int by_group(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return x->group < y->group ? -1 : x->group > y->group;
}

typedef struct group {
    uint32_t first, n; /* entries [first, first + n) */
    uint32_t id;
} group;

static int by_size(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Displacements for every group under t->seed: 0, or 1 when a group
 * found none. `used` has a byte a slot, zeroed. */
static int place(ent_lextable *t, entry *e, size_t n, group *g, uint8_t *used)
{
    for (size_t i = 0; i < n; i++) {
        e[i].hash = ent_lex_hash(t, e[i].key);
        e[i].group = (uint32_t)(e[i].hash >> t->gshift);
    }
    qsort(e, n, sizeof(*e), by_group);
    size_t nonempty = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && e[j].group == e[i].group)
            j++;
        g[nonempty++] = (group){(uint32_t)i, (uint32_t)(j - i), e[i].group};
        i = j;
    }
    qsort(g, nonempty, sizeof(*g), by_size);
    for (size_t gi = 0; gi < nonempty; gi++) {
        const group *gr = &g[gi];
        uint32_t d = 0;
        for (;; d++) {
            if (d > 0xffff)
                return 1;
            size_t k = 0;
            for (; k < gr->n; k++) {
                uint32_t s = ((uint32_t)e[gr->first + k].hash ^ d) & t->smask;
                if (used[s])
                    break;
                used[s] = 1; /* taken back below when the group does not fit */
            }
            if (k == gr->n)
                break;
            while (k--)
                used[((uint32_t)e[gr->first + k].hash ^ d) & t->smask] = 0;
        }
        t->disp[gr->id] = (uint16_t)d;
        for (size_t k = 0; k < gr->n; k++) {
            const entry *w = &e[gr->first + k];
            ent_lex_slot *sl = &t->slot[ent_lex_slot_of(t, w->hash)];
            memcpy(sl->key, w->key, sizeof(sl->key));
            sl->value = w->value;
        }
    }
    return 0;
}

int ent_lextable_build(ent_lextable *t, const ent_lexeme *words, size_t n)
{
    memset(t, 0, sizeof(*t));
    entry *e = malloc((n ? n : 1) * sizeof(*e));
    if (!e)
        return -1;
    /* the keys, a word given twice once with its classes OR-ed */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i].word);
        if (len == 0 || len > ENT_LEX_MAXLEN)
            continue;
        char buf[16] = {0}; /* the word's string may end anywhere */
        memcpy(buf, words[i].word, len);
        ent_lex_key(buf, len, buf + sizeof(buf), e[m].key);
        e[m++].value = words[i].bits;
    }
    qsort(e, m, sizeof(*e), by_key);
    size_t u = 0;
    for (size_t i = 0; i < m; i++) {
        if (u && e[u - 1].key[0] == e[i].key[0] && e[u - 1].key[1] == e[i].key[1])
            e[u - 1].value |= e[i].value;
        else
            e[u++] = e[i];
    }
    unsigned sbits = 6, gbits = 2;
    while (((size_t)1 << sbits) < u + u / 4)
        sbits++; /* half to four fifths full: a small table, and few tries */
    while (((size_t)4 << gbits) < u)
        gbits++;
    size_t ns = (size_t)1 << sbits, ng = (size_t)1 << gbits;
    t->slot = calloc(ns, sizeof(*t->slot));
    t->disp = calloc(ng, sizeof(*t->disp));
    group *g = malloc(ng * sizeof(*g));
    uint8_t *used = malloc(ns);
    int rc = -1;
    if (t->slot && t->disp && g && used) {
        t->smask = (uint32_t)(ns - 1);
        t->gshift = 64 - gbits;
        /* a seed that fits is found at the first or second try; the
         * bound is for a list built to defeat the hash */
        for (uint64_t s = 0; s < 64 && rc != 0; s++) {
            t->seed = s * 0x9E3779B97F4A7C15ull;
            memset(used, 0, ns);
            memset(t->slot, 0, ns * sizeof(*t->slot));
            memset(t->disp, 0, ng * sizeof(*t->disp));
            rc = place(t, e, u, g, used) == 0 ? 0 : -1;
        }
    }
    free(used);
    free(g);
    free(e);
    if (rc != 0)
        ent_lextable_free(t);
    return rc;
}

void ent_lextable_free(ent_lextable *t)
{
    free(t->slot);
    free(t->disp);
    memset(t, 0, sizeof(*t));
}
