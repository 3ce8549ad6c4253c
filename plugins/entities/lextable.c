/* entities: building the lexicon's perfect hash (lextable.h).
 *
 * Hash and displace: the words are put in groups of about two by the top
 * bits of their hash; the groups, largest first, each get the first
 * displacement (XOR-ed into the low bits of their words' hashes) that
 * sends all their words to free slots: with the table at most four
 * fifths full, a few tries a group. When a group finds none (two of its
 * words with one slot whatever the displacement) the build starts again
 * under another seed. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lextable.h"

typedef struct entry {
    uint64_t key[2];
    uint64_t hash;
    uint32_t value;
} entry;

/* Groups of at most this many words; a hash that makes a bigger one is
 * given up for another seed. */
#define MAX_GROUP 32

/* Displacements for every group under t->seed, the words in `e` (m of
 * them, a word given twice once, its classes OR-ed): 0, or 1 when a group
 * can find none and another seed must be tried. Linear in the words bar
 * the displacement tries: create() builds the table once. */
static int place(ent_lextable *t, const entry *e, size_t m, entry *sorted, uint32_t *count,
                 uint32_t *order, uint8_t *used)
{
    size_t ng = (size_t)t->gshift < 64 ? ((size_t)1 << (64 - t->gshift)) : 1;
    /* the words by group, a counting sort */
    memset(count, 0, (ng + 1) * sizeof(*count));
    for (size_t i = 0; i < m; i++)
        count[(ent_lex_hash(t, e[i].key) >> t->gshift) + 1]++;
    for (size_t g = 0; g < ng; g++)
        count[g + 1] += count[g];
    for (size_t i = 0; i < m; i++) {
        uint64_t h = ent_lex_hash(t, e[i].key);
        entry *w = &sorted[count[h >> t->gshift]++];
        *w = e[i];
        w->hash = h;
    }
    /* count[g] is now where group g ends; a group whose words need one
     * slot whatever the displacement cannot be placed */
    size_t nsize[MAX_GROUP + 1] = {0};
    for (size_t g = 0, from = 0; g < ng; from = count[g], g++) {
        size_t n = count[g] - from;
        if (n > MAX_GROUP)
            return 1;
        for (size_t x = from; x < count[g]; x++)
            for (size_t y = x + 1; y < count[g]; y++)
                if ((((uint32_t)sorted[x].hash ^ (uint32_t)sorted[y].hash) & t->smask) == 0)
                    return 1;
        nsize[n]++;
    }
    /* the groups, largest first (a counting sort again): the big ones
     * find room while the table is empty */
    size_t at[MAX_GROUP + 1];
    for (size_t n = MAX_GROUP + 1, pos = 0; n-- > 0;) {
        at[n] = pos;
        pos += nsize[n];
    }
    for (size_t g = 0, from = 0; g < ng; from = count[g], g++)
        order[at[count[g] - from]++] = (uint32_t)g;
    for (size_t oi = 0; oi < ng; oi++) {
        uint32_t g = order[oi];
        size_t from = g ? count[g - 1] : 0, to = count[g];
        if (from == to)
            break; /* the empty groups are last */
        uint32_t d = 0;
        for (;; d++) {
            if (d > 0xffff)
                return 1;
            size_t k = from;
            for (; k < to; k++) {
                uint32_t sl = ((uint32_t)sorted[k].hash ^ d) & t->smask;
                if (used[sl])
                    break;
                used[sl] = 1; /* taken back below when the group does not fit */
            }
            if (k == to)
                break;
            while (k-- > from)
                used[((uint32_t)sorted[k].hash ^ d) & t->smask] = 0;
        }
        t->disp[g] = (uint16_t)d;
        for (size_t k = from; k < to; k++) {
            ent_lex_slot *sl = &t->slot[ent_lex_slot_of(t, sorted[k].hash)];
            sl->key[0] = sorted[k].key[0];
            sl->key[1] = sorted[k].key[1] | (uint64_t)sorted[k].value << 56; /* the index */
        }
    }
    return 0;
}

/* A word given twice once, its classes OR-ed: the words are grouped by a
 * hash of their keys first, so the same word is in the same group. */
static size_t unique_words(entry *e, size_t m, entry *tmp, uint32_t *count, unsigned bits)
{
    size_t nb = (size_t)1 << bits;
    memset(count, 0, (nb + 1) * sizeof(*count));
    for (size_t i = 0; i < m; i++) {
        e[i].hash = ent_lex_hash(&(ent_lextable){.seed = 0}, e[i].key) >> (64 - bits);
        count[e[i].hash + 1]++;
    }
    for (size_t b = 0; b < nb; b++)
        count[b + 1] += count[b];
    for (size_t i = 0; i < m; i++)
        tmp[count[e[i].hash]++] = e[i];
    size_t u = 0;
    for (size_t b = 0, from = 0; b < nb; from = count[b], b++)
        for (size_t x = from; x < count[b]; x++) {
            size_t y = from;
            while (y < x && !(tmp[y].key[0] == tmp[x].key[0] && tmp[y].key[1] == tmp[x].key[1]))
                y++;
            if (y < x) {
                tmp[y].value |= tmp[x].value;
                tmp[x].value = UINT32_MAX; /* merged */
            }
        }
    for (size_t i = 0; i < m; i++)
        if (tmp[i].value != UINT32_MAX)
            e[u++] = tmp[i];
    return u;
}

static bool wanted(const char *w, size_t len, bool lower)
{
    return len > 0 && len <= ENT_LEX_MAXLEN && (w[0] >= 'a' && w[0] <= 'z') == lower;
}

/* The words' class bits as indexes into t->classes (from 1; 0 is no
 * word): 0, or -1 with more than 255 combinations. */
static int class_indexes(ent_lextable *t, entry *e, size_t m)
{
    size_t nc = 1;
    for (size_t i = 0; i < m; i++) {
        size_t c = 1;
        while (c < nc && t->classes[c] != e[i].value)
            c++; /* a few dozen combinations: a scan is quick enough */
        if (c == nc) {
            if (nc == 256)
                return -1;
            t->classes[nc++] = e[i].value;
        }
        e[i].value = (uint32_t)c;
    }
    return 0;
}

int ent_lextable_build(ent_lextable *t, const ent_lexeme *words, size_t n, bool lower)
{
    memset(t, 0, sizeof(*t));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += wanted(words[i].word, strlen(words[i].word), lower);
    unsigned sbits = 6, gbits = 2;
    while (((size_t)1 << sbits) < m + m / 4)
        sbits++; /* at most four fifths full: a small table, and few tries */
    while (((size_t)4 << gbits) < m)
        gbits++; /* about two words a group */
    size_t ns = (size_t)1 << sbits, ng = (size_t)1 << gbits;
    size_t nc = (ns > ng ? ns : ng) + 1;
    entry *e = malloc((m ? m : 1) * sizeof(*e));
    entry *sorted = malloc((m ? m : 1) * sizeof(*sorted));
    uint32_t *count = malloc(nc * sizeof(*count));
    uint32_t *order = malloc(ng * sizeof(*order));
    uint8_t *used = malloc(ns);
    t->slot = calloc(ns, sizeof(*t->slot));
    t->disp = calloc(ng, sizeof(*t->disp));
    t->classes = calloc(256, sizeof(*t->classes));
    int rc = -1;
    if (!e || !sorted || !count || !order || !used || !t->slot || !t->disp || !t->classes)
        goto out;
    m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i].word);
        if (!wanted(words[i].word, len, lower))
            continue;
        char buf[16] = {0}; /* the word's string may end anywhere */
        memcpy(buf, words[i].word, len);
        ent_lex_key(buf, len, buf + sizeof(buf), e[m].key);
        e[m++].value = words[i].bits;
    }
    m = unique_words(e, m, sorted, count, sbits);
    if (class_indexes(t, e, m) != 0) {
        rc = -2;
        goto out;
    }
    t->smask = (uint32_t)(ns - 1);
    t->gshift = 64 - gbits;
    /* about half the seeds fit (two words of a group on one slot is the
     * usual failure, found before any try); the bound is for a list made
     * to defeat the hash */
    for (uint64_t s = 1; s <= 64 && rc != 0; s++) {
        t->seed = s * 0x9E3779B97F4A7C15ull;
        memset(used, 0, ns);
        memset(t->slot, 0, ns * sizeof(*t->slot));
        memset(t->disp, 0, ng * sizeof(*t->disp));
        rc = place(t, e, m, sorted, count, order, used) == 0 ? 0 : -1;
    }
out:
    free(used);
    free(order);
    free(count);
    free(sorted);
    free(e);
    if (rc != 0)
        ent_lextable_free(t);
    return rc;
}

void ent_lextable_free(ent_lextable *t)
{
    free(t->slot);
    free(t->disp);
    free(t->classes);
    memset(t, 0, sizeof(*t));
}
