/* outlook: the scan that finds the lexicon's patterns in a text (the
 * patterns and their tables: patterns.c; why the scan looks as it does:
 * patterns.c's opening comment). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patterns.h"

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
