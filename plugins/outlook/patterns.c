/* outlook: the lexicon's patterns, and the scan that finds them in a text.
 *
 * The scan gives what the shared matcher gives for case-folded patterns in
 * TD_SCAN_LONGEST mode (the stage used it until the speed sprint): token
 * boundaries on a side where the pattern's own character is a letter or
 * digit, Unicode full case folding, leftmost-longest matches that do not
 * overlap. It is cheaper because of what a lexicon of words looks like.
 * A pattern that starts with an ASCII letter or digit ("growth", "next
 * year", "pre-tax profit", "2026": nearly all) can only match where a run
 * of ASCII letters and digits starts, and only when its first word is that
 * whole run (a letter after "profit" in "profits" fails the boundary, a
 * letter where "pre-tax" has its hyphen fails the comparison). So the scan
 * walks the runs of the text, looks each one up among the first words by
 * its first 8 bytes and its length, and compares only the few patterns
 * that start with it, longest first. The other patterns (";", "'ll") are
 * tried at each byte they start with. The automaton stepped through every
 * byte of the text, and building it was most of create(). Linear: each
 * byte is classed once (a word running over several blocks is walked once
 * more), and at a word only its chain of patterns (a few, of bounded
 * length) is compared.
 *
 * The walk comes in two steps (scan_pass()): candidates64() gathers, 64
 * bytes at a time, the words a bit filter of the first words lets through
 * and the bytes other patterns start with, without a branch on the
 * filter; then these are looked up and compared in order. Most words of a
 * text start no pattern, and the table they would have been looked up in
 * is larger than the L1 cache: the branch on that look-up and its cache
 * misses were most of the scan's time.
 *
 * Folding: a text with no code point that case folding changes, beyond
 * ASCII capitals (most news), is compared as it is, capitals lowered on
 * the fly; the scan watches for such a code point and, at the first,
 * starts again over a folded copy of the text, with each folded byte's
 * place in the original, as the matcher does; a match may not start or
 * end inside one code point's folding ("ﬁ" -> "fi").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/utf8.h>
#include <utf8proc.h>

#include "outlook.h"

#define NONE UINT32_MAX
#define FNV_SEED 2166136261u
#define FNV_PRIME 16777619u

/* Longest UTF-8 one code point folds to (at most 3 code points). */
#define FOLD_MAX 16

static bool ascii_alnum(unsigned char b)
{
    return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
}

static unsigned char lower(unsigned char b)
{
    return b >= 'A' && b <= 'Z' ? (unsigned char)(b + 32) : b;
}

/* The folding of one code point into out (its length), or 0 when it folds
 * to itself: the matcher's rule (utf8proc's full case folding). */
static size_t fold_cp(int32_t cp, char *out, int *ncp)
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

static bool cp_alnum(const char *s, size_t n)
{
    int32_t cp;
    td_utf8_decode(s, n, &cp);
    return td_utf8_is_alnum(cp);
}

static uint32_t key_hash(const char *s, size_t n)
{
    uint32_t h = FNV_SEED;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

/* ---- adding ------------------------------------------------------------- */

static int pt_fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return -1;
}

static int grow_keys(ol_patterns *pt, size_t need)
{
    if (pt->keys_len + need <= pt->keys_cap)
        return 0;
    size_t cap = pt->keys_cap ? pt->keys_cap : 16384;
    while (cap < pt->keys_len + need)
        cap *= 2;
    char *k = realloc(pt->keys, cap);
    if (!k)
        return -1;
    pt->keys = k;
    pt->keys_cap = cap;
    return 0;
}

static int hash_grow(ol_patterns *pt)
{
    size_t cap = pt->hashcap ? pt->hashcap * 2 : 16384; /* no rehash for ~6,300 patterns */
    uint32_t *h = malloc(cap * sizeof(*h));
    if (!h)
        return -1;
    memset(h, 0xFF, cap * sizeof(*h));
    for (uint32_t id = 0; id < pt->n; id++) {
        const ol_pattern *p = &pt->v[id];
        size_t i = key_hash(pt->keys + p->key, p->keylen) & (cap - 1);
        while (h[i] != NONE)
            i = (i + 1) & (cap - 1);
        h[i] = id;
    }
    free(pt->hash);
    pt->hash = h;
    pt->hashcap = cap;
    return 0;
}

int ol_patterns_add(ol_patterns *pt, const char *pattern, size_t len, uint32_t *id, char *err,
                    size_t errlen)
{
    if (len == 0)
        return pt_fail(err, errlen, "empty pattern");
    if (len > 4096 || pt->n >= NONE / 2)
        return pt_fail(err, errlen, "pattern too long or too many patterns");
    /* the folded key goes at the end of the pool; kept only if new */
    if (grow_keys(pt, len * FOLD_MAX + 1) != 0)
        return pt_fail(err, errlen, "out of memory");
    char *key = pt->keys + pt->keys_len;
    size_t kl = 0;
    bool ascii = true;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)pattern[i];
        if (b == 0)
            return pt_fail(err, errlen, "NUL byte in pattern");
        ascii &= b < 0x80;
        key[i] = (char)lower(b);
    }
    if (ascii) { /* nearly every pattern: folded by lowering A-Z */
        kl = len;
    } else {
        size_t valid = td_utf8_valid_prefix(pattern, len);
        if (valid != len) {
            snprintf(err, errlen, "invalid UTF-8 in pattern at byte %zu", valid + 1);
            return -1;
        }
        for (size_t i = 0; i < len;) {
            int32_t cp;
            size_t l = td_utf8_decode(pattern + i, len - i, &cp);
            int ncp;
            size_t fl = fold_cp(cp, key + kl, &ncp);
            if (fl == 0) {
                memcpy(key + kl, pattern + i, l);
                fl = l;
            }
            kl += fl;
            i += l;
        }
    }
    key[kl] = '\0';
    if ((pt->n + 1) * 2 > pt->hashcap && hash_grow(pt) != 0)
        return pt_fail(err, errlen, "out of memory");
    size_t i = key_hash(key, kl) & (pt->hashcap - 1);
    for (; pt->hash[i] != NONE; i = (i + 1) & (pt->hashcap - 1)) {
        const ol_pattern *p = &pt->v[pt->hash[i]];
        if (p->keylen == kl && memcmp(pt->keys + p->key, key, kl) == 0) {
            *id = pt->hash[i]; /* the same folded text: the same pattern */
            return 0;
        }
    }
    if (pt->n == pt->cap) {
        size_t cap = pt->cap ? pt->cap * 2 : 1024;
        ol_pattern *v = realloc(pt->v, cap * sizeof(*v));
        if (!v)
            return pt_fail(err, errlen, "out of memory");
        pt->v = v;
        pt->cap = cap;
    }
    /* the boundary sides come from the pattern as written, as in the matcher */
    uint8_t flags = 0;
    if (ascii ? ascii_alnum((unsigned char)pattern[0]) : cp_alnum(pattern, len))
        flags |= OL_PAT_ALNUM_FIRST;
    size_t last = ascii ? len - 1 : td_utf8_prev(pattern, len);
    if (ascii ? ascii_alnum((unsigned char)pattern[last]) : cp_alnum(pattern + last, len - last))
        flags |= OL_PAT_ALNUM_LAST;
    pt->v[pt->n] = (ol_pattern){(uint32_t)pt->keys_len, (uint32_t)kl, NONE, 0, flags, 0, 0};
    pt->hash[i] = (uint32_t)pt->n;
    *id = (uint32_t)pt->n++;
    pt->keys_len += kl + 1;
    return 0;
}

/* ---- building the look-up tables ---------------------------------------- */

/* A first word is looked up by its first 8 bytes (lowered, zero after its
 * end) packed into one integer as memcpy() loads them, and its length:
 * the scan gets both from one load, with no hash loop over the bytes.
 * One multiplication mixes them: its high 32 bits pick the slot of the
 * table, its top bits the bits of the filters. */
#define ONES 0x0101010101010101ull
#define MIX 0x9E3779B97F4A7C15ull

static uint64_t word_mix(uint64_t packed, size_t w) { return (packed ^ w) * MIX; }

/* The filter's bit for a word, from the top bits of its mix (the table's
 * slot comes from the bits below). */
static size_t filter_bit(uint64_t mix) { return (size_t)(mix >> (64 - OL_ALONE_BITS)); }

static bool bit_test(const uint64_t *bits, size_t i) { return bits[i / 64] >> (i % 64) & 1; }

static void bit_set(uint64_t *bits, size_t i) { bits[i / 64] |= (uint64_t)1 << (i % 64); }

static uint64_t pack(const unsigned char *w, size_t n)
{
    unsigned char b[8] = {0};
    memcpy(b, w, n);
    uint64_t v;
    memcpy(&v, b, 8);
    return v;
}

/* One of 64 buckets for the two bytes after a first word (folded), so a
 * scan can tell from one test that no longer pattern goes on there. */
static unsigned follow_bucket(unsigned char a, unsigned char b) { return (a * 7u + b) & 63u; }

static uint64_t follow_bit(unsigned char a, unsigned char b)
{
    return (uint64_t)1 << follow_bucket(a, b);
}

/* Put pattern id into the chain at *head, longer keys first: at one place
 * the first that matches is then the longest. Chains are a few patterns
 * long ("not", "not only", "not expected to"...). */
static void chain_insert(ol_patterns *pt, uint32_t *head, uint32_t id)
{
    uint32_t *at = head;
    while (*at != NONE && pt->v[*at].keylen > pt->v[id].keylen)
        at = &pt->v[*at].next;
    pt->v[id].next = *at;
    *at = id;
}

int ol_patterns_build(ol_patterns *pt)
{
    free(pt->hash); /* only adding needed the key table */
    pt->hash = NULL;
    pt->hashcap = 0;
    for (size_t b = 0; b < 256; b++) {
        pt->by_byte[b] = NONE;
        pt->lower[b] = lower((unsigned char)b);
        pt->alnum[b] = ascii_alnum((unsigned char)b) ? lower((unsigned char)b) : 0;
    }
    /* a third full at most (4,800 first words in 16,384 slots): a probe
     * that finds its word finds it in the first slot nearly always */
    size_t cap = 1024;
    while (cap < pt->n * 3)
        cap *= 2;
    pt->words = calloc(cap, sizeof(*pt->words));
    if (!pt->words)
        return -1;
    pt->wordmask = cap - 1;
    memset(pt->alone_bits, 0, sizeof(pt->alone_bits));
    /* added from the last so equal lengths keep the order of adding */
    for (size_t id = pt->n; id-- > 0;) {
        ol_pattern *p = &pt->v[id];
        const char *k = pt->keys + p->key;
        size_t w = 0;
        while (w < p->keylen && ascii_alnum((unsigned char)k[w]))
            w++;
        p->wlen = (uint16_t)(w < UINT16_MAX ? w : UINT16_MAX);
        if (w == UINT16_MAX)
            w = 0;
        /* the quick test of longest_at(): the bytes after those compared */
        unsigned char r[4] = {0}, m[4] = {0};
        for (size_t j = 0; j < 4 && w + j < p->keylen; j++) {
            r[j] = (unsigned char)(k[w + j] | 0x20);
            m[j] = 0xFF;
        }
        memcpy(&p->rest4, r, 4);
        memcpy(&p->rest4_mask, m, 4);
        if (w == 0) {
            p->wlen = 0;
            chain_insert(pt, &pt->by_byte[(unsigned char)k[0]], (uint32_t)id);
            continue;
        }
        uint64_t packed = pack((const unsigned char *)k, w < 8 ? w : 8);
        uint64_t mix = word_mix(packed, w);
        size_t i = (size_t)(mix >> 32) & pt->wordmask;
        while (pt->words[i].packed &&
               !(pt->words[i].wlen == w && memcmp(pt->keys + pt->words[i].key, k, w) == 0))
            i = (i + 1) & pt->wordmask;
        ol_word *wd = &pt->words[i];
        if (!wd->packed) /* a word's first byte is no NUL: packed is never 0 */
            *wd = (ol_word){packed, 0, NONE, p->key, (uint32_t)w, false, false};
        bit_set(pt->alone_bits, filter_bit(mix));
        if (p->keylen == w) {
            wd->alone = true;
        } else { /* the key's NUL stands in for a missing second byte */
            unsigned char a = (unsigned char)k[w], b = (unsigned char)k[w + 1];
            wd->follow |= follow_bit(a, b);
        }
        chain_insert(pt, &wd->chain, (uint32_t)id);
    }
    for (size_t i = 0; i <= pt->wordmask; i++) {
        ol_word *wd = &pt->words[i];
        wd->only = wd->packed && wd->alone && pt->v[wd->chain].next == NONE;
    }
    /* the NUL stops the scan's walk over bytes no pattern starts with; a
     * lead byte >= 0xC0 is looked at, for a code point folding changes */
    for (size_t b = 0; b < 256; b++)
        pt->kind[b] = pt->alnum[b] ? 1 : pt->by_byte[b] != NONE || b == 0 || b >= 0xC0 ? 2 : 0;
    size_t nlook = 0;
    memset(pt->look, 0, sizeof(pt->look));
    for (size_t b = 1; b < 0x80; b++)
        if (pt->kind[b] == 2 && nlook++ < sizeof(pt->look))
            pt->look[nlook - 1] = (uint8_t)b;
    pt->look_fits = nlook <= sizeof(pt->look);
    for (size_t b = 0x80; b < 0xC0; b++) /* no pattern starts inside a code point */
        pt->look_fits &= pt->kind[b] != 2;
    return 0;
}

void ol_patterns_free(ol_patterns *pt)
{
    free(pt->keys);
    free(pt->v);
    free(pt->hash);
    free(pt->words);
    memset(pt, 0, sizeof(*pt));
}

/* ---- scanning ----------------------------------------------------------- */

typedef struct scan {
    const ol_patterns *pt;
    const char *text; /* the original */
    size_t len;
    const unsigned char *f; /* what is compared: the text, or its folded copy */
    size_t flen;
    const size_t *map; /* folded byte -> original offset, SIZE_MAX inside a
                          code point; NULL when f is the text */
} scan;

/* Does folding change the code point at s (a lead byte)? */
static bool cp_folds(const unsigned char *s, size_t n)
{
    int32_t cp;
    td_utf8_decode((const char *)s, n, &cp);
    return cp != 0xFFFD && utf8proc_get_property(cp)->casefold_seqindex != UINT16_MAX;
}

/* The folded copy (NUL-terminated) and its map, both malloc'd. 0, or -1
 * out of memory. */
static int fold_text(scan *sc)
{
    size_t cap = sc->len + sc->len / 4 + FOLD_MAX;
    unsigned char *f = malloc(cap + 1);
    size_t *map = malloc((cap + 1) * sizeof(*map));
    if (!f || !map)
        goto oom;
    size_t o = 0;
    for (size_t i = 0; i < sc->len;) {
        if (cap - o < FOLD_MAX) {
            size_t nc = cap * 2;
            unsigned char *nf = realloc(f, nc + 1);
            if (!nf)
                goto oom;
            f = nf;
            size_t *nm = realloc(map, (nc + 1) * sizeof(*nm));
            if (!nm)
                goto oom;
            map = nm;
            cap = nc;
        }
        int32_t cp;
        size_t l = td_utf8_decode(sc->text + i, sc->len - i, &cp);
        int ncp;
        size_t fl = cp == 0xFFFD ? 0 : fold_cp(cp, (char *)f + o, &ncp);
        if (fl == 0) {
            memcpy(f + o, sc->text + i, l);
            fl = l;
        }
        map[o] = i;
        for (size_t k = 1; k < fl; k++)
            map[o + k] = SIZE_MAX;
        o += fl;
        i += l;
    }
    map[o] = sc->len;
    f[o] = '\0';
    sc->f = f;
    sc->flen = o;
    sc->map = map;
    return 0;
oom:
    free(f);
    free(map);
    return -1;
}

/* The longest pattern of the chain at folded position fs (its first
 * `same` bytes already compared), or NONE; *os, *oe get its span in the
 * original text. */
static uint32_t longest_at(const scan *sc, uint32_t id, size_t fs, size_t same, size_t *os,
                           size_t *oe)
{
    const ol_patterns *pt = sc->pt;
    size_t start = sc->map ? sc->map[fs] : fs;
    if (start == SIZE_MAX)
        return NONE;
    const uint8_t *low = pt->lower;
    const unsigned char *t = sc->f + fs;
    int prev_alnum = -1; /* looked at once, if needed */
    /* the 4 bytes after those compared, | 0x20, for the quick test */
    uint32_t t4 = 0;
    bool have4 = sc->flen - fs - same >= 4;
    if (have4) {
        memcpy(&t4, t + same, 4);
        t4 |= 0x20202020u;
    }
    for (; id != NONE; id = pt->v[id].next) {
        const ol_pattern *p = &pt->v[id];
        if ((have4 && (t4 & p->rest4_mask) != p->rest4) || p->keylen > sc->flen - fs)
            continue;
        const unsigned char *k = (const unsigned char *)pt->keys + p->key;
        size_t j = same;
        while (j < p->keylen && low[t[j]] == k[j])
            j++;
        if (j < p->keylen)
            continue;
        size_t fe = fs + p->keylen;
        size_t end = sc->map ? sc->map[fe] : fe;
        if (end == SIZE_MAX)
            continue;
        if ((p->flags & OL_PAT_ALNUM_LAST) && end < sc->len &&
            ((unsigned char)sc->text[end] < 0x80 ? pt->alnum[(unsigned char)sc->text[end]] != 0
                                                 : cp_alnum(sc->text + end, sc->len - end)))
            continue;
        if (p->flags & OL_PAT_ALNUM_FIRST) {
            if (prev_alnum < 0) {
                unsigned char b = start ? (unsigned char)sc->text[start - 1] : ' ';
                if (b < 0x80) {
                    prev_alnum = pt->alnum[b] != 0;
                } else {
                    size_t q = td_utf8_prev(sc->text, start);
                    prev_alnum = cp_alnum(sc->text + q, start - q);
                }
            }
            if (prev_alnum)
                continue;
        }
        *os = start;
        *oe = end;
        return id;
    }
    return NONE;
}

static int grow_hits(ol_hits *h)
{
    size_t cap = h->cap ? h->cap * 2 : 256;
    ol_hit *v = realloc(h->v, cap * sizeof(*v));
    if (!v)
        return -1;
    h->v = v;
    h->cap = cap;
    return 0;
}

/* Inline: a hit in three stores (called for 60,000 hits on 2 MB, the call
 * cost more than the stores) */
static inline int push_hit(const ol_lexicon *lex, ol_hits *h, size_t os, size_t oe, uint32_t id)
{
    if (h->n == h->cap && grow_hits(h) != 0)
        return -1;
    h->v[h->n++] = (ol_hit){os, oe, &lex->cues[id]};
    return 0;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define OL_SWAR 1
/* The eight bytes at s as memcpy() loads them: 0x01 in each of the bytes
 * before the first that is no ASCII letter or digit (all eight: a word
 * of eight bytes or more), 0 from there on. Per byte, x + (0x80 - lo) has
 * its top bit set when x >= lo, with no carry between bytes once the top
 * bits are cleared; a byte of 0x80 or more is no letter here. Then the
 * lowest such top bit, less one, is a mask of the bytes before it. No
 * branch: whether a word ends within 8 bytes and where is the branch
 * predictor's worst guess. */
static inline uint64_t alnum_lead(uint64_t v)
{
    const uint64_t top = ONES * 0x80;
    uint64_t x = v & ~top, lowered = x | ONES * 0x20;
    uint64_t digit = (x + ONES * (0x80 - '0')) & ~(x + ONES * (0x80 - '9' - 1));
    uint64_t letter = (lowered + ONES * (0x80 - 'a')) & ~(lowered + ONES * (0x80 - 'z' - 1));
    uint64_t other = (~(digit | letter) | v) & top;
    return (((other - 1) & ~other) >> 7) & ONES;
}

/* How many bytes alnum_lead() marked. */
static inline unsigned lead_count(uint64_t lead) { return (unsigned)((lead * ONES) >> 56); }
#else
#define OL_SWAR 0
#endif

/* Where the run of letters and digits at f + p (f[p] is one) ends, the
 * final NUL ending the last; *packed gets its first 8 bytes, lowered,
 * zero after its end. */
static inline size_t word_end(const ol_patterns *pt, const unsigned char *f, size_t flen,
                              size_t p, uint64_t *packed)
{
    const uint8_t *al = pt->alnum;
    size_t e = p + 1;
#if OL_SWAR
    if (flen - p >= 8) {
        uint64_t v;
        memcpy(&v, f + p, 8);
        uint64_t lead = alnum_lead(v);
        /* lowers A-Z, keeps digits; zero after the word's end */
        *packed = (v | ONES * 0x20) & (lead * 0xFF);
        unsigned run = lead_count(lead);
        e = p + run;
        /* a word of 8 bytes or more (about one in five): 8 more at a time */
        while (run == 8 && flen - e >= 8) {
            memcpy(&v, f + e, 8);
            run = lead_count(alnum_lead(v));
            e += run;
        }
        if (run == 8) /* near the end of the text: the final NUL stops it */
            while (al[f[e]])
                e++;
        return e;
    }
#endif
    while (al[f[e]])
        e++;
    unsigned char b[8] = {0};
    for (size_t j = 0; j < e - p && j < 8; j++)
        b[j] = al[f[p + j]];
    *packed = pack(b, 8);
    return e;
}

/* The chain of patterns of the word [p, e) that the filter let through
 * (mix and packed are its), or NONE. */
static uint32_t word_chain(const ol_patterns *pt, const unsigned char *f, size_t p, size_t e,
                           uint64_t packed, uint64_t mix, bool *only)
{
    const uint8_t *al = pt->alnum;
    size_t w = e - p;
    const ol_word *wd;
    for (size_t i = (size_t)(mix >> 32) & pt->wordmask;; i = (i + 1) & pt->wordmask) {
        wd = &pt->words[i];
        if (wd->packed != packed || wd->wlen != w) {
            if (!wd->packed)
                return NONE;
            continue;
        }
        if (w > 8) { /* "opportunities", "opportunitied": the same 8 bytes */
            const unsigned char *k = (const unsigned char *)pt->keys + wd->key;
            size_t j = 8;
            while (j < w && al[f[p + j]] == k[j])
                j++;
            if (j < w)
                continue;
        }
        break;
    }
    *only = wd->only;
    if (wd->alone)
        return wd->chain;
    /* f[e] is a byte of the text or its final NUL: f[e + 1] can be read
     * when f[e] is not that NUL (a NUL inside the text is no follower of
     * any pattern either, so a wrong guess there costs nothing) */
    unsigned char a = pt->lower[f[e]], b = a ? pt->lower[f[e + 1]] : 0;
    return wd->follow & follow_bit(a, b) ? wd->chain : NONE;
}

/* A place where a pattern may start: a word the filter let through, or a
 * byte of kind 2 (end = start). */
typedef struct candidate {
    size_t start, end;
    uint64_t packed; /* a word's first 8 bytes, as word_end() gives them */
} candidate;

#define CANDIDATES 128

/* From p on, the places a pattern may start, into c (room for CANDIDATES),
 * until it is full or the text ends (the final NUL is the last); *n gets
 * how many. Returns where to go on. The loop every word of the text goes
 * through: whether the filter lets a word through is a guess the branch
 * predictor gets wrong about every other time, so it is no branch, the
 * slot is written and counted only when it is. */
#if defined(__GNUC__)
__attribute__((noinline)) /* its own registers: inlined, its constants were reloaded per word */
#endif
static size_t candidates(const ol_patterns *pt, const unsigned char *f, size_t flen, size_t p,
                         candidate *c, size_t *n)
{
    const uint8_t *kind = pt->kind;
    const uint64_t *bits = pt->alone_bits;
    size_t k = 0;
    while (k < CANDIDATES) {
        uint8_t what;
        while ((what = kind[f[p]]) == 0) /* no pattern starts with these bytes */
            p++;
        if (what != 1) {
            c[k++] = (candidate){p, p, 0};
            if (p >= flen)
                break;
            p++;
            continue;
        }
        uint64_t packed;
        size_t e = word_end(pt, f, flen, p, &packed);
        c[k] = (candidate){p, e, packed};
        k += bit_test(bits, filter_bit(word_mix(packed, e - p)));
        p = e; /* no pattern starts inside the word */
    }
    *n = k;
    return p;
}

#if OL_SWAR && defined(__SSE2__)
#include <emmintrin.h>
#define OL_BLOCKS 1

/* The bytes classify64() compares with, made once per call of
 * candidates64() (in the loop, the look bytes were loaded and spread to
 * 16 lanes again for every block). */
typedef struct byte_classes {
    __m128i bit5, a1, z1, d0, d9, zero, lead, l0, l1, l2, l3;
    bool four; /* l2 and l3 are look bytes too, not NULs */
} byte_classes;

static byte_classes byte_classes_of(const ol_patterns *pt)
{
    return (byte_classes){
        _mm_set1_epi8(0x20),          _mm_set1_epi8('a' - 1),
        _mm_set1_epi8('z' + 1),       _mm_set1_epi8('0' - 1),
        _mm_set1_epi8('9' + 1),       _mm_setzero_si128(),
        _mm_set1_epi8(-65), /* 0xBF: signed, bytes >= 0xC0 lie in (-65, 0) */
        _mm_set1_epi8((char)pt->look[0]), _mm_set1_epi8((char)pt->look[1]),
        _mm_set1_epi8((char)pt->look[2]), _mm_set1_epi8((char)pt->look[3]),
        pt->look[2] != 0,
    };
}

/* One bit per byte of the 64 at s: *alnum the ASCII letters and digits,
 * *look the bytes of kind 2 (NUL, pt->look, a lead byte >= 0xC0). The
 * byte classes of the kind table, 16 bytes per step, with no branch. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* four is a constant at each call */
#endif
static inline void classify64(const byte_classes *bc, bool four, const unsigned char *s,
                              uint64_t *alnum, uint64_t *look)
{
    uint64_t am = 0, lm = 0;
    for (unsigned j = 0; j < 4; j++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * j));
        __m128i low = _mm_or_si128(v, bc->bit5); /* bytes >= 0x80 stay negative: no letter */
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(low, bc->a1), _mm_cmplt_epi8(low, bc->z1));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, bc->d0), _mm_cmplt_epi8(v, bc->d9));
        __m128i other = _mm_or_si128(_mm_cmpeq_epi8(v, bc->zero),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, bc->l0), _mm_cmpeq_epi8(v, bc->l1)));
        if (four) /* the lexicon has two: ";" and "'" */
            other = _mm_or_si128(other, _mm_or_si128(_mm_cmpeq_epi8(v, bc->l2),
                                                     _mm_cmpeq_epi8(v, bc->l3)));
        other = _mm_or_si128(other, _mm_and_si128(_mm_cmpgt_epi8(v, bc->lead),
                                                  _mm_cmplt_epi8(v, bc->zero)));
        am |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(letter, digit)) << (16 * j);
        lm |= (uint64_t)(uint16_t)_mm_movemask_epi8(other) << (16 * j);
    }
    *alnum = am;
    *look = lm;
}

/* candidates() 64 bytes at a time: the bytes are classed at once, and the
 * loop runs over the places where a word starts (a letter or digit after
 * none) or a byte of kind 2 is, found by their bits, not over every byte. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t candidates64(const ol_patterns *pt, const unsigned char *f, size_t flen, size_t p,
                           candidate *c, size_t *n)
{
    /* the bytes of a word of w < 64 bytes among its first 8: indexed by w
     * itself, the length of a word that ends inside its block */
    static const uint64_t first_bytes[64] = {
        0, 0xFF, 0xFFFF, 0xFFFFFF,
        0xFFFFFFFF, 0xFFFFFFFFFF, 0xFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
    };
    const uint64_t *bits = pt->alone_bits;
    const uint8_t *al = pt->alnum;
    size_t k = 0;
    uint64_t carry = 0; /* the last byte of the block before was a letter or digit */
    const byte_classes bc = byte_classes_of(pt);
    while (k <= CANDIDATES - 64) { /* room for a block's worth */
        /* a word's first 8 bytes are read from its start: 7 past the block */
        size_t avail = flen + 1 - p; /* the final NUL included */
        unsigned char tail[64 + 8];
        const unsigned char *s = f + p;
        if (avail < sizeof(tail)) {
            memset(tail, 0, sizeof(tail));
            memcpy(tail, f + p, avail);
            s = tail;
        }
        uint64_t alnum, look;
        if (bc.four)
            classify64(&bc, true, s, &alnum, &look);
        else
            classify64(&bc, false, s, &alnum, &look);
        if (avail < 64) { /* nothing past the final NUL */
            alnum &= ((uint64_t)1 << avail) - 1;
            look &= ((uint64_t)1 << avail) - 1;
        }
        uint64_t starts = alnum & ~(alnum << 1 | carry);
        size_t next = p + 64; /* where the next block starts */
/* The word starting at bit i of the block: its end, its first 8 bytes
 * (lowered, as word_end() gives them), into the next slot of c, which
 * counts when the filter lets it through. */
#define OL_BLOCK_WORD(i)                                                                    \
    do {                                                                                    \
        uint64_t rest = ~alnum >> (i);                                                      \
        size_t w, mask_at;                                                                  \
        if (rest) { /* it ends in the block: w < 64 */                                      \
            w = mask_at = (unsigned)__builtin_ctzll(rest);                                  \
        } else { /* the word goes on into the next block */                                 \
            size_t e = p + 64;                                                              \
            while (al[f[e]])                                                                \
                e++;                                                                        \
            next = e; /* its bytes start no word */                                         \
            w = e - (p + (i));                                                              \
            mask_at = w < 8 ? w : 8;                                                        \
        }                                                                                   \
        uint64_t v;                                                                         \
        memcpy(&v, s + (i), 8);                                                             \
        /* lowers A-Z, keeps digits (the word's bytes are both); zero after it */           \
        v = (v | ONES * 0x20) & first_bytes[mask_at];                                       \
        c[k] = (candidate){p + (i), p + (i) + w, v};                                        \
        k += bit_test(bits, filter_bit(word_mix(v, w)));                                    \
    } while (0)
        if (!look) { /* most blocks: words only */
            for (; starts; starts &= starts - 1) {
                unsigned i = (unsigned)__builtin_ctzll(starts);
                OL_BLOCK_WORD(i);
            }
        } else {
            for (uint64_t at_bits = starts | look; at_bits; at_bits &= at_bits - 1) {
                unsigned i = (unsigned)__builtin_ctzll(at_bits);
                if (look >> i & 1) {
                    c[k++] = (candidate){p + i, p + i, 0};
                    if (p + i >= flen) {
                        *n = k;
                        return p + i;
                    }
                    continue;
                }
                OL_BLOCK_WORD(i);
            }
        }
#undef OL_BLOCK_WORD
        /* after a long word, the next block starts at its end: no letter */
        carry = next == p + 64 ? alnum >> 63 : 0;
        p = next;
    }
    *n = k;
    return p;
}
#else
#define OL_BLOCKS 0
#endif

/* One pass over sc->f. With `watch` (sc->f is the text itself), it stops
 * and returns 1 at the first code point that folding changes: the caller
 * scans the folded copy instead. 0, or -1 out of memory.
 *
 * The places where a pattern may start are gathered first (candidates()),
 * then tried in order; a match goes on to its end, and the places it
 * covers are left out. Those places are the places the scan would stop
 * at byte by byte: a match ends where no letter or digit follows its last
 * (the boundary rule) or after a byte that is none, so where it ends
 * starts a run or lies between runs. */
static int scan_pass(const ol_lexicon *lex, const scan *sc, bool watch, ol_hits *out)
{
    const ol_patterns *pt = &lex->pats;
    const unsigned char *f = sc->f;
    const size_t flen = sc->flen;
    candidate c[CANDIDATES];
    size_t p = 0, next = 0; /* where to gather from; where the last match ended */
    for (;;) {
        size_t n;
#if OL_BLOCKS
        if (pt->look_fits)
            p = candidates64(pt, f, flen, p, c, &n);
        else
#endif
            p = candidates(pt, f, flen, p, c, &n);
        for (size_t i = 0; i < n; i++) {
            size_t at = c[i].start, same = 0;
            if (at < next)
                continue; /* inside the last match */
            uint32_t chain;
            if (c[i].end > at) {
                size_t e = c[i].end;
                uint64_t packed = c[i].packed;
                bool only = false;
                chain = word_chain(pt, f, at, e, packed, word_mix(packed, e - at), &only);
                /* a word that is a pattern alone and starts no longer one
                 * (most hits): the word is equal, and between bytes below
                 * 0x80 that are no letters or digits its boundaries hold */
                if (only && !sc->map && f[e] < 0x80 &&
                    (at == 0 || (f[at - 1] < 0x80 && !pt->alnum[f[at - 1]]))) {
                    if (push_hit(lex, out, at, e, chain) != 0)
                        return -1;
                    next = e;
                    continue;
                }
                same = e - at;
            } else {
                if (at >= flen)
                    return 0;
                if (watch && f[at] >= 0xC0 && cp_folds(f + at, flen - at))
                    return 1;
                chain = pt->by_byte[f[at]];
            }
            if (chain != NONE) {
                size_t os, oe;
                uint32_t id = longest_at(sc, chain, at, same, &os, &oe);
                if (id != NONE) {
                    if (push_hit(lex, out, os, oe, id) != 0)
                        return -1;
                    next = at + pt->v[id].keylen;
                }
            }
        }
        if (next > p) /* a match went past what was gathered */
            p = next;
    }
}

int ol_scan(const ol_lexicon *lex, const char *text, size_t len, ol_hits *out)
{
    scan sc = {&lex->pats, text, len, (const unsigned char *)text, len, NULL};
    size_t before = out->n;
    int rc = scan_pass(lex, &sc, true, out);
    if (rc != 1)
        return rc;
    out->n = before;
    if (fold_text(&sc) != 0)
        return -1;
    rc = scan_pass(lex, &sc, false, out);
    free((void *)sc.f);
    free((void *)sc.map);
    return rc;
}
