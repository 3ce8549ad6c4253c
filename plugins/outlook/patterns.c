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
 * byte is walked once, and at a word only its chain of patterns (a few, of
 * bounded length) is compared.
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
 * the scan gets both from one load, with no hash loop over the bytes. */
#define ONES 0x0101010101010101ull

static uint32_t packed_hash(uint64_t packed, size_t w)
{
    return (uint32_t)(((packed ^ w) * 0x9E3779B97F4A7C15ull) >> 32);
}

static uint64_t pack(const unsigned char *w, size_t n)
{
    unsigned char b[8] = {0};
    memcpy(b, w, n);
    uint64_t v;
    memcpy(&v, b, 8);
    return v;
}

/* One of 64 bits for the two bytes after a first word (folded), so a
 * scan can tell from one test that no longer pattern goes on there. */
static uint64_t follow_bit(unsigned char a, unsigned char b)
{
    return (uint64_t)1 << ((a * 7u + b) & 63u);
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
    size_t cap = 1024;
    while (cap < pt->n * 4)
        cap *= 2;
    pt->words = malloc(cap * sizeof(*pt->words));
    pt->packed = calloc(cap, sizeof(*pt->packed));
    if (!pt->words || !pt->packed)
        return -1;
    for (size_t i = 0; i < cap; i++)
        pt->words[i] = (ol_word){0, 0, NONE, 0, false};
    pt->wordmask = cap - 1;
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
        uint32_t h = packed_hash(packed, w);
        size_t i = h & pt->wordmask;
        while (pt->words[i].chain != NONE &&
               !(pt->words[i].wlen == w && memcmp(pt->keys + pt->words[i].key, k, w) == 0))
            i = (i + 1) & pt->wordmask;
        ol_word *wd = &pt->words[i];
        if (wd->chain == NONE) {
            *wd = (ol_word){p->key, (uint32_t)w, NONE, 0, false};
            pt->packed[i] = packed;
        }
        if (p->keylen == w)
            wd->alone = true;
        else /* the key's NUL stands in for a missing second byte */
            wd->follow |= follow_bit((unsigned char)k[w], (unsigned char)k[w + 1]);
        chain_insert(pt, &wd->chain, (uint32_t)id);
    }
    /* the NUL stops the scan's walk over bytes no pattern starts with; a
     * lead byte >= 0xC0 is looked at, for a code point folding changes */
    for (size_t b = 0; b < 256; b++)
        pt->kind[b] = pt->alnum[b] ? 1 : pt->by_byte[b] != NONE || b == 0 || b >= 0xC0 ? 2 : 0;
    return 0;
}

void ol_patterns_free(ol_patterns *pt)
{
    free(pt->keys);
    free(pt->v);
    free(pt->hash);
    free(pt->words);
    free(pt->packed);
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

static int push_hit(const ol_lexicon *lex, ol_hits *h, size_t os, size_t oe, uint32_t id)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        ol_hit *v = realloc(h->v, cap * sizeof(*v));
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = (ol_hit){os, oe, &lex->cues[id]};
    return 0;
}

/* How many of the eight bytes at s, from the first, are ASCII letters or
 * digits (8: all of them); 0 where the byte order makes it unknown (the
 * caller walks the bytes). Per byte, x + (0x80 - lo) has its top bit set
 * when x >= lo, with no carry between bytes once the top bits are
 * cleared; a byte of 0x80 or more is no letter here. */
static inline unsigned alnum_run8(const unsigned char *s)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t top = ONES * 0x80;
    uint64_t v;
    memcpy(&v, s, 8);
    uint64_t x = v & ~top, lowered = x | ONES * 0x20;
    uint64_t digit = (x + ONES * (0x80 - '0')) & ~(x + ONES * (0x80 - '9' - 1));
    uint64_t letter = (lowered + ONES * (0x80 - 'a')) & ~(lowered + ONES * (0x80 - 'z' - 1));
    uint64_t other = ~(digit | letter) & top;
    other |= v & top;
    return other ? (unsigned)__builtin_ctzll(other) / 8 : 8;
#else
    (void)s;
    return 0;
#endif
}

/* The chain of the word at f + p, or NONE; *q gets where its run of
 * letters and digits ends (the NUL after the text ends the last run). */
static uint32_t word_chain(const ol_patterns *pt, const unsigned char *f, size_t flen, size_t p,
                           size_t *q)
{
    static const uint64_t first_bytes[8] = {
        0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFF, 0xFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF,
    };
    const uint8_t *al = pt->alnum;
    size_t e = p + 1;
    /* most words are shorter than eight bytes: their end from one load,
     * without a loop whose exit the branch predictor cannot guess (a
     * mispredicted exit per word was the scan's largest cost) */
    unsigned run = flen - p >= 8 ? alnum_run8(f + p) : 0;
    if (run > 0 && run < 8) {
        e = p + run;
    } else {
        if (run == 8)
            e = p + 8;
        /* two bytes a step: f[e + 1] is read only after f[e] proved a
         * letter, so never past the final NUL */
        while (al[f[e]] && al[f[e + 1]])
            e += 2;
        e += al[f[e]] != 0;
    }
    *q = e;
    size_t w = e - p;
    uint64_t packed;
    if (flen - p >= 8) {
        memcpy(&packed, f + p, 8);
        packed |= ONES * 0x20; /* lowers A-Z, keeps digits: the word's bytes are alnum */
        if (w < 8)
            packed &= first_bytes[w];
    } else {
        unsigned char b[8] = {0};
        for (size_t j = 0; j < w && j < 8; j++)
            b[j] = al[f[p + j]];
        packed = pack(b, 8);
    }
    const ol_word *wd;
    const uint64_t *tags = pt->packed;
    for (size_t i = packed_hash(packed, w) & pt->wordmask;; i = (i + 1) & pt->wordmask) {
        if (tags[i] != packed) {
            if (tags[i] == 0)
                return NONE;
            continue;
        }
        wd = &pt->words[i];
        if (wd->wlen != w)
            continue;
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
    if (wd->alone)
        return wd->chain;
    /* f[e] is a byte of the text or its final NUL: f[e + 1] can be read
     * when f[e] is not that NUL (a NUL inside the text is no follower of
     * any pattern either, so a wrong guess there costs nothing) */
    unsigned char a = pt->lower[f[e]], b = a ? pt->lower[f[e + 1]] : 0;
    return wd->follow & follow_bit(a, b) ? wd->chain : NONE;
}

/* One pass over sc->f. With `watch` (sc->f is the text itself), it stops
 * and returns 1 at the first code point that folding changes: the caller
 * scans the folded copy instead. 0, or -1 out of memory. */
static int scan_pass(const ol_lexicon *lex, const scan *sc, bool watch, ol_hits *out)
{
    const ol_patterns *pt = &lex->pats;
    const unsigned char *f = sc->f;
    const size_t flen = sc->flen;
    const uint8_t *kind = pt->kind;
    const uint8_t *al = pt->alnum;
    size_t p = 0;
    for (;;) {
        uint8_t k;
        while ((k = kind[f[p]]) == 0) /* no pattern starts with these bytes */
            p++;
    word:;
        uint32_t chain;
        size_t same = 0, q;
        if (k == 1) {
            chain = word_chain(pt, f, flen, p, &q);
            same = q - p;
        } else {
            if (p >= flen)
                return 0;
            if (watch && f[p] >= 0xC0 && cp_folds(f + p, flen - p))
                return 1;
            chain = pt->by_byte[f[p]];
            q = p + 1;
        }
        if (chain != NONE) {
            size_t os, oe;
            uint32_t id = longest_at(sc, chain, p, same, &os, &oe);
            if (id != NONE) {
                if (push_hit(lex, out, os, oe, id) != 0)
                    return -1;
                p += pt->v[id].keylen;
                continue;
            }
        }
        /* nothing starts here, nor inside the run (a letter precedes) */
        p = q;
        /* most often a space and the next word: straight to it (f[p + 1]
         * exists, f[p] being no NUL) */
        if (k == 1 && kind[f[p]] == 0 && al[f[p + 1]]) {
            p++;
            k = 1;
            goto word;
        }
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
