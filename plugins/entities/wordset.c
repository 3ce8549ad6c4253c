/* entities: word lists as hash sets.
 *
 * The word list (is "Private" an ordinary word?) and the family names are
 * asked about one token at a time, which a hash answers without a scan.
 * The files are read by tsv.c, in the one TSV format of every tidings
 * list and with its "path:line: problem" messages. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"

struct ent_word {
    const char *s; /* NULL: empty slot */
    uint32_t len;
    uint32_t hash;
    uint32_t value; /* class bits of the lexicon; 0 in plain lists */
};

static uint64_t load8(const char *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
    return v;
}

static uint32_t load4(const char *s)
{
    uint32_t v;
    memcpy(&v, s, 4);
    return v;
}

/* Eight bytes at a time (the words here are longer than four bytes): a
 * byte-wise hash cost more than the rest of a look-up. */
static uint32_t hash_bytes(const char *s, size_t n)
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
static bool same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16)
        return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
    if (n >= 4 && n < 8)
        return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
    return memcmp(a, b, n) == 0;
}

#define FILTER_BITS (1u << 16) /* 8 KiB: stays in the first-level cache */

static uint32_t filter_key(const char *s, size_t n)
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
static uint64_t short_key(const char *s, size_t n)
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

static size_t short_slot(uint64_t k, size_t cap)
{
    uint64_t h = k * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 40) & (cap - 1);
}

static int short_alloc(ent_wordset *ws, size_t nshort)
{
    ws->scap = 64;
    while (ws->scap < 2 * nshort + 16)
        ws->scap *= 2;
    ws->skey = calloc(ws->scap, sizeof(*ws->skey));
    ws->sval = calloc(ws->scap, sizeof(*ws->sval));
    return ws->skey && ws->sval ? 0 : -1;
}

static void short_insert(ent_wordset *ws, const char *s, size_t len, uint32_t value)
{
    uint64_t k = short_key(s, len);
    size_t i = short_slot(k, ws->scap);
    while (ws->skey[i] && ws->skey[i] != k)
        i = (i + 1) & (ws->scap - 1);
    ws->skey[i] = k; /* never 0: the length is in it */
    ws->sval[i] |= value;
}

/* The word's slot, or -1 when it is not in the set. */
static ptrdiff_t short_find(const ent_wordset *ws, const char *s, size_t n)
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

static void insert(ent_wordset *ws, const char *s, size_t len, uint32_t value)
{
    if (len)
        ws->first[(unsigned char)s[0] >> 6] |= (uint64_t)1 << ((unsigned char)s[0] & 63);
    if (len && len <= 4) {
        short_insert(ws, s, len, value);
        ws->n++;
        return;
    }
    uint32_t h = hash_bytes(s, len);
    size_t i = h & (ws->cap - 1);
    while (ws->slot[i].s) {
        if (ws->slot[i].hash == h && ws->slot[i].len == len && memcmp(ws->slot[i].s, s, len) == 0) {
            ws->slot[i].value |= value;
            return;
        }
        i = (i + 1) & (ws->cap - 1);
    }
    ws->slot[i] = (struct ent_word){s, (uint32_t)len, h, value};
    ws->n++;
    if (ws->filter && len) {
        uint32_t f = filter_key(s, len);
        ws->filter[f >> 6] |= (uint64_t)1 << (f & 63);
    }
}

static bool maybe(const ent_wordset *ws, const char *s, size_t n)
{
    if (!ws->filter)
        return true;
    if (!n)
        return false;
    uint32_t f = filter_key(s, n);
    return ws->filter[f >> 6] >> (f & 63) & 1;
}

int ent_wordset_build(ent_wordset *ws, const ent_lexeme *words, size_t n)
{
    memset(ws, 0, sizeof(*ws));
    ws->cap = 16;
    while (ws->cap < 4 * n + 16)
        ws->cap *= 2;
    size_t nshort = 0;
    for (size_t i = 0; i < n; i++)
        nshort += strlen(words[i].word) <= 4;
    ws->slot = calloc(ws->cap, sizeof(*ws->slot));
    ws->filter = calloc(FILTER_BITS / 64, sizeof(uint64_t));
    if (!ws->slot || !ws->filter || short_alloc(ws, nshort) != 0) {
        ent_wordset_free(ws);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        insert(ws, words[i].word, strlen(words[i].word), words[i].bits);
    return 0;
}

uint32_t ent_wordset_get(const ent_wordset *ws, const char *s, size_t n)
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

int ent_wordset_load(ent_wordset *ws, const char *path, char *err, size_t errlen)
{
    memset(ws, 0, sizeof(*ws));
    ent_tsv t;
    if (ent_tsv_open(&t, path, 0, err, errlen) != 0)
        return -1;
    /* the rows first (the table's sizes need the counts), then the table;
     * the words stay in the file's buffer, which the set keeps */
    struct row {
        const char *s;
        size_t len;
    } *row = NULL;
    size_t n = 0, cap = 0, nshort = 0;
    const char *col[1];
    size_t ncol;
    int r;
    while ((r = ent_tsv_next(&t, col, 1, &ncol)) > 0) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            struct row *nr = realloc(row, cap * sizeof(*nr));
            if (!nr) {
                snprintf(err, errlen, "out of memory");
                r = -1;
                break;
            }
            row = nr;
        }
        size_t len = t.len0;
        row[n++] = (struct row){col[0], len};
        nshort += len <= 4;
    }
    if (r < 0) {
        free(row);
        ent_tsv_close(&t);
        return -1;
    }
    ws->cap = 16;
    while (ws->cap < 2 * n + 16)
        ws->cap *= 2;
    ws->slot = calloc(ws->cap, sizeof(*ws->slot));
    ws->strings = ent_tsv_take(&t);
    if (!ws->slot || short_alloc(ws, nshort) != 0) {
        snprintf(err, errlen, "out of memory");
        free(row);
        ent_wordset_free(ws);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        insert(ws, row[i].s, row[i].len, 0);
    free(row);
    return 0;
}

bool ent_wordset_has(const ent_wordset *ws, const char *s, size_t n)
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

bool ent_wordset_has_lower(const ent_wordset *ws, const char *s, size_t n)
{
    char buf[64];
    if (n >= sizeof(buf))
        return false;
    for (size_t i = 0; i < n; i++)
        buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    return ent_wordset_has(ws, buf, n);
}

uint32_t ent_wordset_get_lower(const ent_wordset *ws, const char *s, size_t n)
{
    char buf[64];
    if (n >= sizeof(buf))
        return 0;
    for (size_t i = 0; i < n; i++)
        buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    return ent_wordset_get(ws, buf, n);
}

void ent_wordset_free(ent_wordset *ws)
{
    free(ws->slot);
    free(ws->strings);
    free(ws->filter);
    free(ws->skey);
    free(ws->sval);
    memset(ws, 0, sizeof(*ws));
}
