/* Scanning a text with a built matcher.
 *
 * The automaton runs over the text's bytes, folded on the fly when the
 * matcher has folded patterns: ASCII folds through the byte classes, other
 * code points through utf8proc. Where folding changes a code point's length
 * or splits it (ß -> ss), an event is noted so positions in the folded
 * stream map back to the original text. Candidates are checked (exact
 * patterns byte for byte, token boundaries) and held until no later match
 * can start before them, then reported in order of start.
 *
 * Everything a scan changes lives in `struct scan`, on the caller's stack
 * (growing to the heap only for unusually many pending candidates), so one
 * matcher serves many threads at once.
 */
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>
#include <tidings/utf8.h>

typedef struct cand {
    size_t os, oe; /* span in the original text */
    size_t fs;     /* start in the folded stream */
    uint32_t pat;
} cand;

/* A code point at original o (ol bytes) became fl bytes at folded f. */
typedef struct fold_event {
    size_t f, fl, o, ol;
} fold_event;

#define STACK_CANDS 64
#define STACK_EVENTS 16

struct scan {
    const td_matcher *m;
    const char *text;
    size_t len;
    enum td_scan_mode mode;
    td_match_fn fn;
    void *user;
    cand *buf; /* pending candidates buf[head..n), sorted by start */
    size_t head, n, cap;
    size_t last_end; /* TD_SCAN_LONGEST: the last reported match ends here */
    fold_event *ev;  /* events ev[evhead..nev) that positions may still need */
    size_t evhead, nev, evcap;
    bool have_base;
    fold_event base; /* the newest event dropped from ev */
    cand cstack[STACK_CANDS];
    fold_event estack[STACK_EVENTS];
};

/* Deeper states: sorted labels, then the failure link. s and the result
 * are scan ids (td_matcher.dense). */
static uint32_t sparse_step(const td_matcher *m, uint32_t s, unsigned c)
{
    if (c == 0) /* a byte no pattern has */
        return 0;
    uint32_t z = match_state_id(m, s);
    for (;;) {
        if (z < m->ndense)
            return m->dense[(size_t)z * m->nclass + c];
        const match_node *n = &m->nodes[z];
        uint32_t end = n->child + n->nkids;
        for (uint32_t j = n->child; j < end; j++) {
            unsigned l = m->nodes[j].lab;
            if ((l & 0xFFu) == c)
                return match_scan_id(m, j) |
                       (uint32_t)(l & (MATCH_LAB_OUT | MATCH_LAB_WORD)) << MATCH_LAB_SHIFT;
            if ((l & 0xFFu) > c)
                break;
        }
        z = n->fail;
    }
}

/* The original offset of folded position q; SIZE_MAX inside a code point's
 * folding (a match may not start or end there). */
static size_t f2o(const struct scan *st, size_t q)
{
    for (size_t i = st->nev; i-- > st->evhead;) {
        const fold_event *e = &st->ev[i];
        if (q >= e->f + e->fl)
            return e->o + e->ol + (q - e->f - e->fl);
        if (q == e->f)
            return e->o;
        if (q > e->f)
            return SIZE_MAX;
    }
    if (st->have_base) /* queries never reach further back than its end */
        return st->base.o + st->base.ol + (q - st->base.f - st->base.fl);
    return q;
}

static int push_event(struct scan *st, fold_event e)
{
    /* Events ending a whole longest key before this one are needed no
     * more, but the newest of them still anchors the positions after it. */
    while (st->evhead < st->nev &&
           st->ev[st->evhead].f + st->ev[st->evhead].fl + st->m->maxkey <= e.f) {
        st->base = st->ev[st->evhead++];
        st->have_base = true;
    }
    if (st->nev == st->evcap) {
        if (st->evhead > 0) {
            memmove(st->ev, st->ev + st->evhead, (st->nev - st->evhead) * sizeof(*st->ev));
            st->nev -= st->evhead;
            st->evhead = 0;
        } else {
            size_t cap = st->evcap * 2;
            fold_event *ne = st->ev == st->estack ? malloc(cap * sizeof(*ne))
                                                  : realloc(st->ev, cap * sizeof(*ne));
            if (!ne)
                return -1;
            if (st->ev == st->estack)
                memcpy(ne, st->estack, sizeof(st->estack));
            st->ev = ne;
            st->evcap = cap;
        }
    }
    st->ev[st->nev++] = e;
    return 0;
}

/* Order of report: start, then longer first, then pattern id. */
static bool cand_before(const cand *a, const cand *b)
{
    if (a->os != b->os)
        return a->os < b->os;
    if (a->oe != b->oe)
        return a->oe > b->oe;
    return a->pat < b->pat;
}

static int push_cand(struct scan *st, cand c)
{
    if (st->n == st->cap) {
        if (st->head > 0) {
            memmove(st->buf, st->buf + st->head, (st->n - st->head) * sizeof(*st->buf));
            st->n -= st->head;
            st->head = 0;
        } else {
            size_t cap = st->cap * 2;
            cand *nb = st->buf == st->cstack ? malloc(cap * sizeof(*nb))
                                             : realloc(st->buf, cap * sizeof(*nb));
            if (!nb)
                return -1;
            if (st->buf == st->cstack)
                memcpy(nb, st->cstack, sizeof(st->cstack));
            st->buf = nb;
            st->cap = cap;
        }
    }
    /* Candidates come in order of end, so most go at or near the back. */
    size_t i = st->n;
    while (i > st->head && cand_before(&c, &st->buf[i - 1])) {
        st->buf[i] = st->buf[i - 1];
        i--;
    }
    st->buf[i] = c;
    st->n++;
    return 0;
}

static int emit(struct scan *st, const cand *c)
{
    const match_pattern *p = &st->m->pats[c->pat];
    td_match mt = {.pattern = c->pat, .start = c->os, .end = c->oe,
                   .payload = p->payload, .npayload = p->npayload};
    return st->fn(&mt, st->user);
}

/* Report the candidates no later match can precede: those starting before
 * folded position `limit` (SIZE_MAX: all of them). */
static int flush(struct scan *st, size_t limit)
{
    int rc = 0;
    while (st->head < st->n) {
        const cand *c = &st->buf[st->head];
        if (c->fs >= limit)
            break;
        if (st->mode == TD_SCAN_ALL) {
            st->head++;
            if ((rc = emit(st, c)) != 0)
                return rc;
            continue;
        }
        /* Leftmost-longest: this span, with every pattern matching exactly
         * it; then nothing that overlaps it. */
        size_t os = c->os, oe = c->oe;
        while (st->head < st->n && st->buf[st->head].os == os && st->buf[st->head].oe == oe)
            if ((rc = emit(st, &st->buf[st->head++])) != 0)
                return rc;
        st->last_end = oe;
        while (st->head < st->n && st->buf[st->head].os < oe)
            st->head++;
    }
    if (st->head == st->n)
        st->head = st->n = 0;
    return 0;
}

static bool ascii_alnum(unsigned char b)
{
    return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
}

static bool alnum_before(const char *text, size_t pos)
{
    unsigned char b = (unsigned char)text[pos - 1];
    if (b < 0x80)
        return ascii_alnum(b);
    size_t p = td_utf8_prev(text, pos);
    int32_t cp;
    td_utf8_decode(text + p, pos - p, &cp);
    return td_utf8_is_alnum(cp);
}

static bool alnum_at(const char *text, size_t len, size_t pos)
{
    unsigned char b = (unsigned char)text[pos];
    if (b < 0x80)
        return ascii_alnum(b);
    int32_t cp;
    td_utf8_decode(text + pos, len - pos, &cp);
    return td_utf8_is_alnum(cp);
}

/* State s (a scan id) was reached with the text read up to original oe, folded fe. */
static int on_state(struct scan *st, uint32_t s, size_t oe, size_t fe)
{
    const td_matcher *m = st->m;
    int next_alnum = -1; /* the code point at oe: looked at once, if needed */
    const match_state_info *info = &m->info[match_state_id(m, s)];
    for (uint32_t t = info->out; t != MATCH_NONE; t = m->terms[t].next) {
        const match_term *term = &m->terms[t];
        /* Inside a word: the common case, settled for the whole term. */
        if (term->all & MATCH_ALNUM_LAST) {
            if (next_alnum < 0)
                next_alnum = oe < st->len && alnum_at(st->text, st->len, oe);
            if (next_alnum)
                continue;
        }
        size_t fs = fe - term->keylen;
        size_t os = m->fold ? f2o(st, fs) : fs;
        if (os == SIZE_MAX)
            continue;
        if (st->mode == TD_SCAN_LONGEST && os < st->last_end)
            continue;
        int prev_alnum = -1;
        for (uint32_t k = 0; k < term->count; k++) {
            uint32_t e = m->plist[term->first + k];
            uint32_t id = e & MATCH_PL_ID, flags = e >> MATCH_PL_SHIFT;
            if (flags & MATCH_ALNUM_LAST) {
                if (next_alnum < 0)
                    next_alnum = oe < st->len && alnum_at(st->text, st->len, oe);
                if (next_alnum)
                    continue;
            }
            if (flags & MATCH_ALNUM_FIRST) {
                if (prev_alnum < 0)
                    prev_alnum = os > 0 && alnum_before(st->text, os);
                if (prev_alnum)
                    continue;
            }
            if (m->fold && !(flags & TD_MATCH_FOLD)) {
                const match_pattern *p = &m->pats[id];
                if (oe - os != p->len || memcmp(st->text + os, p->text, p->len) != 0)
                    continue;
            }
            if (push_cand(st, (cand){.os = os, .oe = oe, .fs = fs, .pat = id}) != 0)
                return -1;
        }
    }
    if (st->head == st->n)
        return 0;
    /* A later match starts inside the text the state stands for (its last
     * depth bytes) or later: whatever starts before that is settled. */
    return flush(st, fe - info->depth);
}

/* From dense state s at p[*pos], step over ASCII bytes eight at a time
 * (one check for "all ASCII" and one for "room left" per eight) while the
 * automaton stays in dense states where nothing ends: most of a text. A
 * scan id at or above dense_end is flagged (MATCH_OUT, MATCH_WORD) or
 * sparse, so one comparison stops the run. Returns the state reached, *pos
 * after the byte that led to it; the caller handles a stop as after any
 * byte. */
static inline uint32_t ascii_run(const uint8_t *cls, const uint32_t *dense, uint32_t dense_end,
                                 const unsigned char *p, size_t len, size_t *pos, uint32_t s)
{
    size_t i = *pos;
    while (s < dense_end && len - i >= 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        if (v & 0x8080808080808080u)
            break;
        const unsigned char *q = p + i;
        int k = 0;
        for (; k < 8; k++) {
            uint32_t t = dense[s + cls[q[k]]];
            s = t;
            if (t >= dense_end)
                break;
        }
        i += k < 8 ? (size_t)k + 1 : 8;
    }
    *pos = i;
    return s;
}

int td_matcher_scan(const td_matcher *m, const char *text, size_t len,
                    enum td_scan_mode mode, td_match_fn fn, void *user)
{
    if (!m || !m->built || !fn || (!text && len) ||
        (mode != TD_SCAN_LONGEST && mode != TD_SCAN_ALL))
        return -1;
    struct scan st;
    st.m = m;
    st.text = text;
    st.len = len;
    st.mode = mode;
    st.fn = fn;
    st.user = user;
    st.buf = st.cstack;
    st.head = st.n = 0;
    st.cap = STACK_CANDS;
    st.last_end = 0;
    st.ev = st.estack;
    st.evhead = st.nev = 0;
    st.evcap = STACK_EVENTS;
    st.have_base = false;

    /* The hot loop keeps the automaton in locals: the callback may run
     * between bytes, and the compiler cannot know it leaves m alone. */
    const unsigned char *p = (const unsigned char *)text;
    const uint8_t *cls = m->cls;
    const uint32_t *dense = m->dense;
    const uint32_t dense_end = m->dense_end;
    uint32_t s = 0;
    size_t i = 0;
    int rc = 0;
#define NEXT(c) (s < dense_end ? dense[s + (c)] : sparse_step(m, s, (c)))

    if (!m->fold) {
        while (i < len) {
            s = NEXT(cls[p[i]]);
            i++;
            s = ascii_run(cls, dense, dense_end, p, len, &i, s);
            if (s & MATCH_OUT) {
                bool inside_word = (s & MATCH_WORD) && i < len && ascii_alnum(p[i]);
                s &= MATCH_STATE_MASK;
                if (!inside_word && (rc = on_state(&st, s, i, i)) != 0)
                    goto out;
            }
        }
    } else {
        ptrdiff_t d = 0; /* folded position minus original position */
        while (i < len) {
            unsigned char b = p[i];
            if (b < 0x80) {
                s = NEXT(cls[b]);
                i++;
                s = ascii_run(cls, dense, dense_end, p, len, &i, s);
                if (s & MATCH_OUT) {
                    bool inside_word = (s & MATCH_WORD) && i < len && ascii_alnum(p[i]);
                    s &= MATCH_STATE_MASK;
                    if (!inside_word &&
                        (rc = on_state(&st, s, i, (size_t)((ptrdiff_t)i + d))) != 0)
                        goto out;
                }
                continue;
            }
            int32_t cp;
            size_t l = td_utf8_decode(text + i, len - i, &cp);
            char fb[MATCH_FOLD_MAX];
            int ncp = 1;
            size_t fl = cp == 0xFFFD ? 0 : match_fold_cp(cp, fb, &ncp);
            const unsigned char *src = fl ? (const unsigned char *)fb : p + i;
            size_t sl = fl ? fl : l;
            /* A match cannot end inside a code point: only the state after
             * its last byte counts. */
            for (size_t k = 0; k < sl; k++) {
                s &= MATCH_STATE_MASK;
                s = NEXT(cls[src[k]]);
            }
            if (fl && (fl != l || ncp != 1)) {
                fold_event e = {.f = (size_t)((ptrdiff_t)i + d), .fl = fl, .o = i, .ol = l};
                if (push_event(&st, e) != 0) {
                    rc = -1;
                    goto out;
                }
                d += (ptrdiff_t)fl - (ptrdiff_t)l;
            }
            i += l;
            if (s & MATCH_OUT) {
                s &= MATCH_STATE_MASK;
                if ((rc = on_state(&st, s, i, (size_t)((ptrdiff_t)i + d))) != 0)
                    goto out;
            }
        }
    }
#undef NEXT
    rc = flush(&st, SIZE_MAX);
out:
    if (st.buf != st.cstack)
        free(st.buf);
    if (st.ev != st.estack)
        free(st.ev);
    return rc;
}
