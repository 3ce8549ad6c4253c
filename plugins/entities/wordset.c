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
#include "wordset.h"

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
    return wordset_has(ws, s, n);
}

/* Eight bytes with their ASCII capitals in lower case, at once. */
static uint64_t lower8(uint64_t v)
{
    const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
    uint64_t x = v & ~hi; /* each byte's low seven bits: no carry between bytes below */
    uint64_t from_a = x + lo * (0x80 - 'A'), past_z = x + lo * (0x80 - 'Z' - 1);
    return v | ((from_a & ~past_z & ~v & hi) >> 2); /* 'A'..'Z' get 0x20 */
}

bool ent_wordset_has_lower(const ent_wordset *ws, const char *s, size_t n)
{
    char buf[64];
    if (n >= sizeof(buf))
        return false;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        v = lower8(v);
        memcpy(buf + i, &v, 8);
    }
    for (; i < n; i++)
        buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    return wordset_has(ws, buf, n);
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
