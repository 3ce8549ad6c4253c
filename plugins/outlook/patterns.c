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

#include "patterns.h"

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

