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

/* A plain set's slot: where its word is in `strings` (plus one: 0 is an
 * empty slot), its length (0xFFFF: that long or longer) and 16 bits of
 * its hash, so a probe reads the word only when all three agree. */
struct ent_plain_slot {
    uint32_t off1;
    uint16_t len;
    uint16_t tag;
};

static uint16_t plain_len(size_t n) { return n < 0xFFFF ? (uint16_t)n : 0xFFFF; }

/* The slot of the word, or of the empty slot where it would go. */
ENT_INLINE size_t plain_slot(const ent_wordset *ws, const char *s, size_t n, uint32_t h)
{
    size_t mask = ws->pcap - 1, i = h & mask;
    uint16_t tag = (uint16_t)(h >> 16), len = plain_len(n);
    for (; ws->plain[i].off1; i = (i + 1) & mask) {
        const struct ent_plain_slot *e = &ws->plain[i];
        if (e->tag != tag || e->len != len)
            continue;
        const char *w = ws->strings + e->off1 - 1;
        /* a stored length below 0xFFFF is the word's: n bytes of it are
         * the word's own; a longer word is measured first */
        if (len < 0xFFFF ? same_bytes(w, s, n) : strlen(w) == n && memcmp(w, s, n) == 0)
            break;
    }
    return i;
}

static int plain_grow(ent_wordset *ws, size_t cap)
{
    struct ent_plain_slot *old = ws->plain;
    size_t oldcap = ws->pcap;
    ws->plain = calloc(cap, sizeof(*ws->plain));
    if (!ws->plain) {
        ws->plain = old;
        return -1;
    }
    ws->pcap = cap;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].off1)
            continue;
        const char *w = ws->strings + old[i].off1 - 1;
        size_t n = old[i].len < 0xFFFF ? old[i].len : strlen(w);
        ws->plain[plain_slot(ws, w, n, hash_bytes(w, n))] = old[i];
    }
    free(old);
    return 0;
}

/* A list read whole, its words left where they are in the file's buffer
 * (cut in place by tsv.c) and hashed as they are read: no rows kept to
 * count first, and slots of 8 bytes, so the 65,000 words of words.tsv
 * touch 1 MiB at start-up, not the 4 MiB of rows and ent_word slots they
 * did. At most two thirds full; sized from the file's bytes at about 8
 * a row (words.tsv has 9), grown should a list have shorter rows. */
int ent_wordset_load(ent_wordset *ws, const char *path, char *err, size_t errlen)
{
    memset(ws, 0, sizeof(*ws));
    ent_tsv t;
    if (ent_tsv_open(&t, path, 0, err, errlen) != 0)
        return -1;
    if (t.len >= UINT32_MAX) {
        snprintf(err, errlen, "%s: more than 4 GiB", path);
        ent_tsv_close(&t);
        return -1;
    }
    ws->strings = t.buf; /* taken below: the slots point into it */
    size_t rows = t.len / 8, cap = 64;
    while (cap < rows + rows / 2 + 16)
        cap *= 2;
    ws->plain = calloc(cap, sizeof(*ws->plain));
    ws->pcap = cap;
    const char *col[1];
    size_t ncol;
    int r = ws->plain ? 0 : -1;
    /* words of up to four bytes go to the packed table of short keys
     * (wordset.h), as in every set: most look-ups, and a small table
     * that stays in the cache; its size needs their count first */
    uint32_t *shorts = NULL;
    size_t nshort = 0, capshort = 0;
    while (r == 0 && (r = ent_tsv_next(&t, col, 1, &ncol)) > 0) {
        r = 0;
        size_t len = t.len0;
        if (len <= 4) {
            if (nshort == capshort) {
                size_t c = capshort ? 2 * capshort : 1024;
                uint32_t *ns = realloc(shorts, c * sizeof(*ns));
                if (!ns) {
                    r = -2;
                    break;
                }
                shorts = ns;
                capshort = c;
            }
            shorts[nshort++] = (uint32_t)(col[0] - t.buf);
            ws->first[(unsigned char)col[0][0] >> 6] |= (uint64_t)1 << ((unsigned char)col[0][0] & 63);
            continue;
        }
        if (3 * (ws->pn + 1) > 2 * ws->pcap && plain_grow(ws, 2 * ws->pcap) != 0) {
            r = -2;
            break;
        }
        uint32_t h = hash_bytes(col[0], len);
        size_t i = plain_slot(ws, col[0], len, h);
        if (ws->plain[i].off1)
            continue; /* a word given twice */
        ws->plain[i] = (struct ent_plain_slot){(uint32_t)(col[0] - t.buf) + 1, plain_len(len),
                                               (uint16_t)(h >> 16)};
        ws->pn++;
        ws->first[(unsigned char)col[0][0] >> 6] |= (uint64_t)1 << ((unsigned char)col[0][0] & 63);
    }
    ws->strings = ent_tsv_take(&t);
    if (r == 0 && short_alloc(ws, nshort) != 0)
        r = -2;
    for (size_t i = 0; r == 0 && i < nshort; i++) {
        const char *w = ws->strings + shorts[i]; /* cut at its end by tsv.c */
        short_insert(ws, w, strlen(w), 0);
    }
    free(shorts);
    ws->n = ws->pn + nshort; /* a short word given twice counted twice */
    if (r == -2 || !ws->plain)
        snprintf(err, errlen, "out of memory");
    if (r < 0) {
        ent_wordset_free(ws);
        return -1;
    }
    return 0;
}

/* A plain set's look-up, or the valued set's (wordset.h). */
ENT_INLINE bool set_has(const ent_wordset *ws, const char *s, size_t n)
{
    if (!ws->plain || (n && n <= 4))
        return wordset_has(ws, s, n);
    return n && ws->plain[plain_slot(ws, s, n, hash_bytes(s, n))].off1;
}

bool ent_wordset_has(const ent_wordset *ws, const char *s, size_t n)
{
    return set_has(ws, s, n);
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
    return set_has(ws, buf, n);
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
    free(ws->plain);
    memset(ws, 0, sizeof(*ws));
}
