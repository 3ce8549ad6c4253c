/* entities: candidates, and the resolution that turns them into
 * annotations. Longest match wins; at one length the rule's priority;
 * labels never overlap ("China" inside "Bank of China" is part of the
 * institution). References (affiliation, antecedent) to a candidate that
 * lost go to the winner over the same tokens, or are left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"

const char *const ent_label_names[] = {"", "official", "institution", "country", "region"};

static ent_cand *grow(ent_doc *d)
{
    if (d->ncand == d->capcand) {
        size_t nc = d->capcand ? 2 * d->capcand : 64;
        ent_cand *nv = td_doc_alloc(d->doc, nc * sizeof(*nv));
        if (!nv)
            return NULL;
        if (d->ncand)
            memcpy(nv, d->cand, d->ncand * sizeof(*nv));
        d->cand = nv;
        d->capcand = nc;
    }
    ent_cand *c = &d->cand[d->ncand++];
    memset(c, 0, sizeof(*c));
    c->affiliation = c->antecedent = -1;
    c->aff_definite = 0;
    return c;
}

ent_cand *ent_cand_span(ent_doc *d, uint8_t label, size_t start, size_t end, uint32_t t0,
                        uint32_t t1, const char *rule)
{
    ent_cand *c = grow(d);
    if (!c) {
        d->oom = true;
        return NULL;
    }
    c->label = label;
    c->start = start;
    c->end = end;
    c->t0 = t0;
    c->t1 = t1;
    c->rule = rule;
    int32_t ci = (int32_t)(c - d->cand);
    for (uint32_t t = t0; t < t1; t++) {
        int32_t o = d->owner[t];
        if (o < 0 || d->cand[o].t1 - d->cand[o].t0 <= t1 - t0)
            d->owner[t] = ci;
    }
    return c;
}

ent_cand *ent_cand_add(ent_doc *d, uint8_t label, uint32_t t0, uint32_t t1, const char *rule)
{
    ent_cand *c = ent_cand_span(d, label, d->tok[t0].start, d->tok[t1 - 1].end, t0, t1, rule);
    if (c && label != ENT_OFFICIAL) {
        c->canonical = ent_span_name(d, c->start, c->end);
        if (!c->canonical)
            return NULL;
    } else if (c) {
        c->canonical = ent_span_name(d, c->start, c->end);
        if (!c->canonical)
            return NULL;
        /* the family name: first for names from family-first cultures */
        uint32_t s = t1 - 1;
        if (t1 - t0 >= 2 && t1 - t0 <= 4 &&
            ent_wordset_has(&d->st->family, d->text + d->tok[t0].start, ent_tok_len(d, t0)))
            s = t0;
        c->surname = td_doc_strndup(d->doc, d->text + d->tok[s].start, ent_tok_len(d, s));
        c->prio = 8;
    }
    return c;
}

const char *ent_span_name(ent_doc *d, size_t start, size_t end)
{
    const char *s = d->text + start;
    size_t n = end - start;
    if (n > 4 && (memcmp(s, "The ", 4) == 0 || memcmp(s, "the ", 4) == 0)) {
        s += 4;
        n -= 4;
    }
    if (n > 2 && (memcmp(s + n - 2, "'s", 2) == 0))
        n -= 2;
    char *out = td_doc_alloc(d->doc, n + 1);
    if (!out) {
        d->oom = true;
        return NULL;
    }
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

/* "Vice Minister" -> "vice minister"; places and acronyms keep their case
 * ("chief China economist", "senior U.S. economist"). */
const char *ent_title_text(ent_doc *d, size_t t0, size_t t1)
{
    size_t bytes = 1;
    for (size_t t = t0; t < t1; t++)
        bytes += ent_tok_len(d, t) + 1;
    char *out = td_doc_alloc(d->doc, bytes);
    if (!out) {
        d->oom = true;
        return NULL;
    }
    size_t o = 0;
    for (size_t t = t0; t < t1; t++) {
        const ent_tok *k = &d->tok[t];
        const char *s = d->text + k->start;
        size_t n = k->end - k->start;
        bool lower = (k->flags & TK_CAP) && !(k->flags & TK_UPPER) && k->hit < 0 &&
                     (ent_wordset_has_lower(&d->st->words, s, n) ||
                      (k->flags & (TK_ROLE | TK_RMOD | TK_TITLE)));
        bool glue = o > 0 && (n == 2 && memcmp(s, "'s", 2) == 0);
        if (o > 0 && !glue)
            out[o++] = ' ';
        for (size_t i = 0; i < n; i++)
            out[o++] = (lower && s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    }
    out[o] = '\0';
    return out;
}

int ent_run_add(ent_doc *d, size_t t0, size_t t1)
{
    if (d->nrun == d->caprun) {
        size_t nc = d->caprun ? 2 * d->caprun : 64;
        ent_run *nv = td_doc_alloc(d->doc, nc * sizeof(*nv));
        if (!nv)
            return -1;
        if (d->nrun)
            memcpy(nv, d->run, d->nrun * sizeof(*nv));
        d->run = nv;
        d->caprun = nc;
    }
    d->run[d->nrun++] = (ent_run){(uint32_t)t0, (uint32_t)t1, false, -1};
    return 0;
}

/* ---- resolution ------------------------------------------------------------ */

void ent_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *),
              void *arg)
{
    /* an article has a few dozen candidates: insertion sort, without the
     * allocation qsort_r makes; many (a 10 MB article) go to qsort_r */
    if (n > 32 || size > 16) {
        qsort_r(base, n, size, cmp, arg);
        return;
    }
    char *b = base, tmp[16];
    for (size_t i = 1; i < n; i++) {
        memcpy(tmp, b + i * size, size);
        size_t j = i;
        while (j > 0 && cmp(b + (j - 1) * size, tmp, arg) > 0) {
            memcpy(b + j * size, b + (j - 1) * size, size);
            j--;
        }
        memcpy(b + j * size, tmp, size);
    }
}

static int by_strength(const void *a, const void *b, void *arg)
{
    const ent_cand *c = arg;
    const ent_cand *x = &c[*(const uint32_t *)a], *y = &c[*(const uint32_t *)b];
    size_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    if (x->prio != y->prio)
        return x->prio > y->prio ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* The kept candidate over candidate i's first token with i's label. */
static int32_t winner_of(const ent_doc *d, int32_t i, const int32_t *taken)
{
    if (i < 0)
        return -1;
    if (!d->cand[i].dropped)
        return i;
    int32_t w = taken[d->cand[i].t0];
    return w >= 0 && d->cand[w].label == d->cand[i].label ? w : -1;
}

/* A candidate's place in an order: the key, then the index (so the order
 * is total, and any sort gives the one result). */
typedef struct keyed {
    uint64_t key;
    uint32_t i;
} keyed;

static bool before(const keyed *a, const keyed *b)
{
    return a->key < b->key || (a->key == b->key && a->i < b->i);
}

/* Sorts v[0, n) with tmp[0, n) as room: a bottom-up merge sort on the
 * keys, with no comparator called through a pointer (which was most of
 * the cost of qsort_r here). */
static void sort_keyed(keyed *v, keyed *tmp, size_t n)
{
    for (size_t i = 1; i < n; i++) { /* runs of eight by insertion first */
        if (i % 8 == 0)
            continue;
        keyed x = v[i];
        size_t j = i;
        while (j % 8 != 0 && before(&x, &v[j - 1])) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    keyed *src = v, *dst = tmp;
    for (size_t w = 8; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t a = lo, b = mid, o = lo;
            while (a < mid && b < hi)
                dst[o++] = before(&src[b], &src[a]) ? src[b++] : src[a++];
            while (a < mid)
                dst[o++] = src[a++];
            while (b < hi)
                dst[o++] = src[b++];
        }
        keyed *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof(*v));
}

/* The order of by_strength as one key: longer first, then the higher
 * priority, then the earlier start; false when a span is too long or too
 * far into the text to pack (then by_strength itself is used). */
static bool strength_key(const ent_cand *c, uint64_t *key)
{
    size_t len = c->end - c->start;
    if (len >= (1u << 20) || c->start >= ((uint64_t)1 << 40) || c->prio > 15)
        return false;
    *key = (uint64_t)((1u << 20) - 1 - len) << 44 | (uint64_t)(15 - c->prio) << 40 | c->start;
    return true;
}

/* order[0, n) (candidate indices) sorted by strength, or by start when
 * !strength: as ent_sort with by_strength or by_start would. */
static int sort_order(ent_doc *d, uint32_t *order, size_t n, bool strength)
{
    keyed *v = td_doc_alloc(d->doc, 2 * (n ? n : 1) * sizeof(*v));
    if (!v)
        return -1;
    for (size_t k = 0; k < n; k++) {
        const ent_cand *c = &d->cand[order[k]];
        v[k].i = order[k];
        if (!strength)
            v[k].key = c->start;
        else if (!strength_key(c, &v[k].key)) {
            ent_sort(order, n, sizeof(*order), by_strength, d->cand);
            return 0;
        }
    }
    sort_keyed(v, v + n, n);
    for (size_t k = 0; k < n; k++)
        order[k] = v[k].i;
    return 0;
}

int ent_sort_by_start(ent_doc *d, uint32_t *order, size_t n)
{
    return sort_order(d, order, n, false);
}

static int set_opt(td_doc *doc, td_annot *a, const char *key, const char *v)
{
    /* every value lives as long as the document: the arena, a literal, or
     * the stage's state, which the core keeps until its documents are freed */
    return v && v[0] ? td_annot_set_const(doc, a, key, v) : 0;
}

/* The index of the lowest set bit of b (not 0). */
static inline size_t lowest_bit(uint64_t b)
{
#if defined(__GNUC__)
    return (size_t)__builtin_ctzll(b);
#else
    size_t i = 0;
    while (!(b & 1)) {
        b >>= 1;
        i++;
    }
    return i;
#endif
}

/* The kept candidates order[0, n) put in text order without a sort: they
 * overlap nowhere, so each starts in a token of its own, and the order of
 * those first tokens is theirs. A bit per token, read a word at a time.
 * 0; 1 when two start in one token or the starts do not come out
 * increasing (then sort_order must do it); -1 out of memory. */
static int by_first_token(ent_doc *d, uint32_t *order, size_t n)
{
    size_t nw = (d->ntok + 63) / 64;
    uint64_t *bit = td_doc_alloc(d->doc, nw * sizeof(*bit));
    uint32_t *at = td_doc_alloc(d->doc, d->ntok * sizeof(*at)); /* read where a bit is set */
    if (!bit || !at)
        return -1;
    memset(bit, 0, nw * sizeof(*bit));
    for (size_t k = 0; k < n; k++) {
        uint32_t t = d->cand[order[k]].t0;
        uint64_t m = (uint64_t)1 << (t & 63);
        if (bit[t / 64] & m)
            return 1;
        bit[t / 64] |= m;
        at[t] = order[k];
    }
    size_t o = 0;
    for (size_t w = 0; w < nw; w++)
        for (uint64_t b = bit[w]; b; b &= b - 1)
            order[o++] = at[w * 64 + lowest_bit(b)];
    for (size_t k = 1; k < n; k++)
        if (d->cand[order[k]].start <= d->cand[order[k - 1]].start)
            return 1;
    return 0;
}

int ent_resolve(ent_doc *d)
{
    if (d->ncand == 0)
        return 0;
    uint32_t *order = td_doc_alloc(d->doc, d->ncand * sizeof(*order));
    int32_t *taken = d->owner; /* reused: per token, the kept candidate */
    if (!order)
        return -1;
    memset(taken, 0xff, d->ntok * sizeof(*taken)); /* -1 */
    /* A candidate no other one touches (a token of its own each) wins
     * whatever the order, and its winning changes no other's fate: only
     * the others need the strength order. cover[t]: how many candidates
     * are over token t, 2 meaning two or more. */
    uint8_t *cover = td_doc_alloc(d->doc, d->ntok);
    uint32_t *alone = td_doc_alloc(d->doc, d->ncand * sizeof(*alone));
    if (!cover || !alone)
        return -1;
    memset(cover, 0, d->ntok);
    for (size_t i = 0; i < d->ncand; i++) {
        ent_cand *c = &d->cand[i];
        if (c->dropped || !c->canonical || !c->canonical[0]) {
            c->dropped = true;
            continue;
        }
        for (uint32_t t = c->t0; t < c->t1; t++)
            cover[t] = (uint8_t)(cover[t] + (cover[t] < 2));
    }
    size_t ncontest = 0, nalone = 0;
    for (size_t i = 0; i < d->ncand; i++) {
        const ent_cand *c = &d->cand[i];
        if (c->dropped)
            continue;
        bool shared = false;
        for (uint32_t t = c->t0; t < c->t1; t++)
            shared |= cover[t] > 1;
        if (shared)
            order[ncontest++] = (uint32_t)i;
        else
            alone[nalone++] = (uint32_t)i;
    }
    if (sort_order(d, order, ncontest, true) != 0)
        return -1;
    size_t kept = 0;
    for (size_t k = 0; k < ncontest; k++) {
        ent_cand *c = &d->cand[order[k]];
        bool clash = false;
        for (uint32_t t = c->t0; t < c->t1 && !clash; t++) {
            int32_t o = taken[t];
            if (o >= 0 && d->cand[o].start < c->end && c->start < d->cand[o].end)
                clash = true;
        }
        if (clash) {
            c->dropped = true;
            continue;
        }
        for (uint32_t t = c->t0; t < c->t1; t++)
            if (taken[t] < 0)
                taken[t] = (int32_t)order[k];
        order[kept++] = order[k];
    }
    for (size_t k = 0; k < nalone; k++) {
        const ent_cand *c = &d->cand[alone[k]];
        for (uint32_t t = c->t0; t < c->t1; t++)
            taken[t] = (int32_t)alone[k];
        order[kept++] = alone[k];
    }
    int placed = kept ? by_first_token(d, order, kept) : 0;
    if (placed < 0 || (placed > 0 && sort_order(d, order, kept, false) != 0))
        return -1;
    if (kept == 0)
        return 0;
    /* all at once, in text order (td_doc_add_many: the same as one
     * td_doc_add each, in order), and the names taken once: a name the
     * document gave back is found without a search */
    td_annot_spec *spec = td_doc_alloc(d->doc, kept * sizeof(*spec));
    /* every annotation's canonical and rule, set for all at once */
    const char **canonical = td_doc_alloc(d->doc, 2 * kept * sizeof(*canonical));
    if (!spec || !canonical)
        return -1;
    const char **rule = canonical + kept;
    const char *label[5] = {NULL};
    for (int l = ENT_OFFICIAL; l <= ENT_REGION; l++)
        if (!(label[l] = td_doc_name(d->doc, ent_label_names[l])))
            return -1;
    for (size_t k = 0; k < kept; k++) {
        const ent_cand *c = &d->cand[order[k]];
        spec[k] = (td_annot_spec){label[c->label], c->start, c->end};
        canonical[k] = c->canonical;
        rule[k] = c->rule;
    }
    td_annot *added = td_doc_add_many(d->doc, "entity", spec, kept);
    const char *k_canonical = td_doc_name(d->doc, "canonical"), *k_rule = td_doc_name(d->doc, "rule");
    const char *k_iso = td_doc_name(d->doc, "iso"), *k_form = td_doc_name(d->doc, "form");
    const char *k_kind = td_doc_name(d->doc, "kind"), *k_country = td_doc_name(d->doc, "country");
    const char *k_acronym = td_doc_name(d->doc, "acronym"), *k_title = td_doc_name(d->doc, "title");
    const char *k_surname = td_doc_name(d->doc, "surname");
    const char *k_gender = td_doc_name(d->doc, "gender");
    const char *k_affiliation = td_doc_name(d->doc, "affiliation");
    const char *k_antecedent = td_doc_name(d->doc, "antecedent");
    if (!added || !k_affiliation || !k_antecedent || !k_canonical || !k_rule || !k_iso || !k_form || !k_kind || !k_country ||
        !k_acronym || !k_title || !k_surname || !k_gender)
        return -1;
    /* the same attributes in the same order as one td_annot_set_const
     * each: canonical, rule, then the label's own */
    if (td_annot_set_const_many(d->doc, added, kept, k_canonical, canonical) != 0 ||
        td_annot_set_const_many(d->doc, added, kept, k_rule, rule) != 0)
        return -1;
    for (size_t k = 0; k < kept; k++) {
        ent_cand *c = &d->cand[order[k]];
        td_annot *a = &added[k];
        c->annot = a;
        int rc = 0;
        switch (c->label) {
        case ENT_COUNTRY:
            rc = set_opt(d->doc, a, k_iso, c->iso) | set_opt(d->doc, a, k_form, c->form);
            break;
        case ENT_REGION:
            rc = set_opt(d->doc, a, k_kind, c->kind) | set_opt(d->doc, a, k_country, c->country);
            break;
        case ENT_INSTITUTION:
            rc = set_opt(d->doc, a, k_acronym, c->acronym);
            break;
        case ENT_OFFICIAL:
            rc = set_opt(d->doc, a, k_title, c->title) | set_opt(d->doc, a, k_surname, c->surname) |
                 set_opt(d->doc, a, k_gender, c->gender);
            break;
        }
        if (rc != 0)
            return -1;
    }
    /* references, once every target exists */
    for (size_t k = 0; k < kept; k++) {
        ent_cand *c = &d->cand[order[k]];
        int32_t af = winner_of(d, c->affiliation, taken);
        if (af >= 0 && d->cand[af].annot && d->cand[af].label == ENT_INSTITUTION &&
            td_annot_set_ref(d->doc, c->annot, k_affiliation, d->cand[af].annot) != 0)
            return -1;
        int32_t an = winner_of(d, c->antecedent, taken);
        if (an >= 0 && an != (int32_t)order[k] && d->cand[an].annot &&
            td_annot_set_ref(d->doc, c->annot, k_antecedent, d->cand[an].annot) != 0)
            return -1;
    }
    return 0;
}
