/*
 * Direct quotes: words between quote marks (straight or curly), over
 * several sentences, closed at the paragraph's end when a mark is missing;
 * attributed after the closing mark ("...," said X / X said / he said),
 * before the opening one (X said: "..."; He described it as "..."), in
 * the next sentence, or to the speaker of the quote before it in the
 * paragraph, or of the previous paragraph when a quote opens this one.
 */
#include <stdlib.h>
#include <string.h>

#include "claims.h"

enum { MARK_NONE, MARK_OPEN, MARK_CLOSE, MARK_EITHER };

/* Whether token i is a double quote mark, and which way it faces. */
static int mark_at_punct(const cl_doc *d, size_t i)
{
    const cl_tok *t = &d->t[i];
    const char *s = d->text + t->start;
    size_t n = t->end - t->start;
    if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80) {
        unsigned char c = (unsigned char)s[2];
        if (c == 0x9C || c == 0x9E) /* “ „ */
            return MARK_OPEN;
        if (c == 0x9D) /* ” */
            return MARK_CLOSE;
        return MARK_NONE;
    }
    if (n != 1 || s[0] != '"')
        return MARK_NONE;
    /* a straight quote opens after white space or an opening bracket, and
     * closes when it touches what precedes it */
    if (i == 0 || d->t[i - 1].end < t->start || d->t[i].sent_start) {
        /* space on both sides ('months, " he said'): closes an open quote */
        if (i + 1 < d->nt && d->t[i + 1].start > t->end && !d->t[i].sent_start)
            return MARK_EITHER;
        return MARK_OPEN;
    }
    const char *p = d->text + d->t[i - 1].start;
    if (d->t[i - 1].end - d->t[i - 1].start == 1 && (p[0] == '(' || p[0] == '[' || p[0] == '-'))
        return MARK_OPEN;
    return MARK_CLOSE;
}

/* Most tokens are no punctuation: told inline, before any call. */
static inline int mark_at(const cl_doc *d, size_t i)
{
    return d->t[i].kind != K_PUNCT ? MARK_NONE : mark_at_punct(d, i);
}

cl_quote *cl_new_quote(cl_doc *d)
{
    if (d->nq == d->qcap) {
        size_t cap = d->qcap ? d->qcap * 2 : 32;
        cl_quote *v = realloc(d->q, cap * sizeof(*v));
        if (!v)
            return NULL;
        d->q = v;
        d->qcap = cap;
    }
    cl_quote *q = &d->q[d->nq++];
    memset(q, 0, sizeof(*q));
    return q;
}

size_t cl_quote_lower(const cl_doc *d, size_t from, size_t to, size_t tok)
{
    size_t lo = from, hi = to;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->q[mid].q0 < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const cl_quote *cl_quote_covering(const cl_doc *d, size_t from, size_t to, size_t tok)
{
    size_t k = cl_quote_lower(d, from, to, tok + 1);
    if (k == from)
        return NULL;
    const cl_quote *q = &d->q[k - 1];
    return q->q0 <= tok && tok < q->q1 ? q : NULL;
}

/* A title or a name in quote marks ("Big Market for All"), not speech. */
static bool name_like(const cl_doc *d, size_t a, size_t b)
{
    size_t words = 0;
    for (size_t i = a; i < b; i++) {
        const cl_tok *t = &d->t[i];
        if (t->kind == K_PUNCT && (cl_tok_punct(d, i, '.') || cl_tok_punct(d, i, '?') ||
                                   cl_tok_punct(d, i, '!') || cl_tok_punct(d, i, ',')))
            return false;
        if (t->kind != K_WORD)
            continue;
        words++;
        if (!t->cap && t->end - t->start > 3)
            return false;
    }
    return words > 0;
}

static int add_span(cl_doc *d, size_t open, size_t close, size_t q1)
{
    size_t q0 = open + 1;
    while (q1 > q0 && (cl_tok_punct(d, q1 - 1, ',') || mark_at(d, q1 - 1)))
        q1--;
    if (q1 <= q0 || name_like(d, q0, q1))
        return 0;
    cl_quote *q = cl_new_quote(d);
    if (!q)
        return -1;
    q->q0 = (uint32_t)q0;
    q->q1 = (uint32_t)q1;
    q->open = (uint32_t)open;
    q->close = (uint32_t)close;
    q->direct = true;
    return 0;
}

/* Pair the marks in one walk. A quote still open at the end of its
 * paragraph, or after max_quote_sentences sentences, ends there. */
static int pair_marks(cl_doc *d)
{
    size_t open = SIZE_MAX;
    /* prepare()'s list of the tokens that may be marks, in order: a
     * sentence's are walked, not all its tokens */
    const uint32_t *mk = d->num + 3 * d->nt, *mend = mk + d->nmark;
    for (size_t s = 0; s < d->ns; s++) {
        const cl_sent *si = &d->s[s];
        if (open != SIZE_MAX) {
            const cl_sent *so = &d->s[d->t[open].sent];
            if (si->paragraph != so->paragraph ||
                s - d->t[open].sent >= d->st->max_quote_sentences) {
                /* ends with the sentence before this one */
                if (add_span(d, open, d->nt, si->t0) != 0)
                    return -1;
                open = SIZE_MAX;
            }
        }
        if (!(si->has & CL_HAS_MARK))
            continue;
        while (mk < mend && *mk < si->t0)
            mk++;
        for (; mk < mend && *mk < si->t1; mk++) {
        size_t i = *mk;
        int m = mark_at(d, i);
        if (m == MARK_EITHER)
            m = open != SIZE_MAX ? MARK_CLOSE : MARK_OPEN;
        if (m == MARK_OPEN) {
            if (open != SIZE_MAX && add_span(d, open, d->nt, i) != 0)
                return -1;
            open = i;
        } else if (m == MARK_CLOSE && open != SIZE_MAX) {
            if (add_span(d, open, i, i) != 0)
                return -1;
            open = SIZE_MAX;
        }
        }
    }
    if (open != SIZE_MAX && add_span(d, open, d->nt, d->nt) != 0)
        return -1;
    return 0;
}

static bool opens_sentence(const cl_doc *d, const cl_quote *q);
static bool previous_sentence(cl_doc *d, cl_quote *q);

/* "...," said X / "...," X said / "...," he added. A quote that opens its
 * sentence is what was said, and spends the verb; a phrase quoted inside
 * a clause ('was "stupid", he said') leaves it to the reported clause. */
static bool after_close(cl_doc *d, cl_quote *q)
{
    if (q->close >= d->nt)
        return false;
    size_t i = q->close + 1;
    const cl_sent *s = &d->s[d->t[q->close].sent];
    if (i < s->t1 && (cl_tok_punct(d, i, ',') || cl_tok_is(d, i, "\xe2\x80\x94")))
        i++;
    if (i >= s->t1)
        return false;
    /* '... as "desperate", while the Greens said': another clause speaks */
    if (cl_cls(d, i) == CL_CLAUSE || cl_tok_is(d, i, "and"))
        return false;
    size_t e;
    if (cl_cls(d, i) == CL_REPORT) {
        q->attributed = true;
        d->t[i].spent = opens_sentence(d, q); /* no reported clause from this verb */
        cl_subject_after(d, i, s->t1, &q->sp, &e);
        q->rule = "direct:said-X";
        return true;
    }
    /* "he said", "Hartley said", "chairman and chief executive Richard Parsons
     * said"; not "... and said" with nobody named between */
    /* "...," Sun Meijun, head of the GAC, said: the name before an appositive */
    bool names = false;
    size_t comma = SIZE_MAX;
    for (size_t v = i; v < s->t1 && v < i + 30; v++) {
        if (mark_at(d, v) || (cl_tok_punct(d, v, ',') && comma != SIZE_MAX && v != comma &&
                              !cl_cls(d, v + 1)))
            return false;
        if (cl_tok_punct(d, v, ',') && comma == SIZE_MAX) {
            if (!names)
                return false;
            comma = v;
            continue;
        }
        if (cl_cls(d, v) == CL_REPORT && !names)
            return false;
        if (comma == SIZE_MAX)
            names = names || d->t[v].entity || d->t[v].cap || cl_cls(d, v) == CL_PRONOUN ||
                    cl_role_noun(d, v) || cl_cls(d, v) == CL_TITLE;
        if (cl_cls(d, v) == CL_REPORT) {
            if (comma != SIZE_MAX && !cl_tok_punct(d, v - 1, ','))
                return false; /* "...," the man at the back of the room said */
            q->attributed = true;
            d->t[v].spent = opens_sentence(d, q);
            size_t who_end = comma != SIZE_MAX ? comma : v;
            if (!cl_speaker_of(d, i, who_end, i, &q->sp))
                for (size_t k = i; k < who_end && !q->unnamed; k++)
                    q->unnamed = cl_role_noun(d, k) == 1 || cl_cls(d, k) == CL_TITLE;
            q->rule = "direct:X-said";
            return true;
        }
        if (v > i + 8 && comma == SIZE_MAX)
            return false;
    }
    return false;
}

/* X said: "..." / He described the outlook as "..." / According to X, "..." */
static bool before_open(cl_doc *d, cl_quote *q, cl_speaker *last, size_t *last_sent)
{
    size_t o = q->open;
    const cl_sent *s = &d->s[d->t[o].sent];
    for (size_t v = o; v > s->t0 && v + 24 > o;) {
        v--;
        if (mark_at(d, v))
            return false; /* another quote between */
        int c = cl_cls(d, v);
        /* 'X confirmed a report which branded the law as "a mess"': the
         * verb that judges nearest the quote speaks */
        if (c != CL_REPORT && cl_attitude_verb(d, v)) {
            if (cl_passive_at(d, v, s->t0)) {
                q->attributed = true;
                q->rule = "direct:passive";
                return true;
            }
            cl_speaker sp;
            if (cl_sentence_subject(d, v, s->t0, &sp) && sp.name) {
                q->sp = sp;
                q->attributed = true;
                q->rule = "direct:attitude-verb";
                return true;
            }
            continue;
        }
        if (c == CL_ACCORDING) {
            size_t j = d->t[v].cue_end;
            if (cl_tok_isi(d, j, "the"))
                j++;
            size_t k = j;
            while (k < o && !cl_tok_punct(d, k, ','))
                k++;
            q->attributed = true;
            cl_speaker_of(d, j, k, v, &q->sp);
            q->rule = "direct:according-to";
            return true;
        }
        if (c != CL_REPORT && !(c == CL_FORECAST && !strcmp(d->t[v].cue->str, "expect") &&
                                !cl_tok_is(d, v - 1, "is") && !cl_tok_is(d, v - 1, "are") &&
                                !cl_tok_is(d, v - 1, "was") && !cl_tok_is(d, v - 1, "were") &&
                                !cl_tok_is(d, v - 1, "be")))
            continue; /* "X said ... is expected to enter "modest uptick"": said */
        q->attributed = true;
        if (c == CL_REPORT && cl_passive_at(d, v, s->t0)) {
            /* "He is described as "..."": the words are not his */
            q->rule = "direct:passive";
            return true;
        }
        q->rule = "direct:X-said-before";
        if (c == CL_REPORT && o <= d->t[v].cue_end + 3)
            d->t[v].spent = true; /* "X put it bluntly: "..."": the quote is what was said */
        (void)last;
        (void)last_sent;
        size_t e;
        /* '"...," said Joaquin Almunia, "but ..."': the subject after the verb */
        if (!cl_sentence_subject(d, v, s->t0, &q->sp) && c == CL_REPORT)
            cl_subject_after(d, v, o, &q->sp, &e);
        return true;
    }
    return false;
}

/* Whether the words [a, b) after a reporting verb only say where or how
 * it was said ("so in a statement", "on Monday", ":"), not what: a
 * sentence that reports a clause of its own comments on the quote before. */
static bool bare_attribution(const cl_doc *d, size_t a, size_t b)
{
    if (a < b && (cl_tok_punct(d, a, ':') || mark_at(d, a)))
        return true;
    if (b > a + 7)
        return false;
    static const char *const verbs[] = {"that", "is", "are", "was", "were", "has", "have", "had"};
    for (size_t k = a; k < b; k++) {
        if (cl_cls(d, k) == CL_MODAL || cl_cls(d, k) == CL_REPORT)
            return false;
        for (size_t m = 0; m < sizeof(verbs) / sizeof(verbs[0]); m++)
            if (cl_tok_is(d, k, verbs[m]))
                return false;
    }
    return true;
}

/* "Quote." She said so in a statement: a report verb opening the next sentence. */
static bool next_sentence(cl_doc *d, cl_quote *q)
{
    if (q->close >= d->nt)
        return false;
    size_t sn = d->t[q->close].sent + 1;
    if (sn >= d->ns || d->s[sn].paragraph != d->s[sn - 1].paragraph)
        return false;
    const cl_sent *s = &d->s[sn];
    for (size_t v = s->t0 + 1; v < s->t1 && v < s->t0 + 6; v++) {
        if (mark_at(d, v))
            return false;
        if (cl_cls(d, v) == CL_REPORT) {
            if (!bare_attribution(d, d->t[v].cue_end, s->t1))
                return false; /* "Mr Lang said the article showed ...": a comment on it */
            if (!cl_speaker_of(d, s->t0, v, s->t0, &q->sp))
                return false;
            q->attributed = true;
            q->rule = "direct:next-sentence";
            return true;
        }
    }
    return false;
}

static int emit(cl_doc *d, size_t ndirect)
{
    for (size_t k = 0; k < ndirect; k++) {
        cl_quote *q = &d->q[k];
        td_annot *a = td_doc_add(d->doc, CL_NAME(d, claim), CL_NAME(d, quote), d->t[q->q0].start,
                                 d->t[q->q1 - 1].end);
        if (!a || td_annot_set_bool(d->doc, a, CL_NAME(d, direct), q->direct) != 0 ||
            cl_set_speaker(d, a, &q->sp) != 0 ||
            td_annot_set_const(d->doc, a, CL_NAME(d, rule),
                               q->rule ? q->rule : "direct:unattributed") != 0)
            return -1;
    }
    return 0;
}

/* Sentence by sentence, in order: the direct quotes that open in it, then
 * its reported speech, so that a pronoun finds every speaker before it. */
static void attribute(cl_doc *d, size_t k, cl_speaker *last, size_t *last_sent);

int cl_find_quotes(cl_doc *d)
{
    if (pair_marks(d) != 0)
        return -1;
    size_t ndirect = d->nq;
    d->ndirect = ndirect;
    cl_speaker last = {0};
    size_t last_sent = SIZE_MAX;
    size_t k = 0;
    for (size_t s = 0; s < d->ns; s++) {
        size_t k0 = k, nq0 = d->nq;
        for (; k < ndirect && d->t[d->q[k].open].sent == s; k++)
            attribute(d, k, &last, &last_sent);
        if ((d->s[s].has & CL_HAS_SPEECH) && cl_indirect_sentence(d, s, ndirect) != 0)
            return -1;
        if (k > k0)
            cl_fragment_speakers(d, s, k0, k, nq0);
    }
    for (; k < ndirect; k++)
        attribute(d, k, &last, &last_sent);
    return emit(d, ndirect);
}

/* A quote that opens its sentence (not a phrase quoted inside one, as
 * in 'the so-called "churn rate"'): only such a quote may take its speaker
 * from the next sentence or from the quote before it. */
static bool opens_sentence(const cl_doc *d, const cl_quote *q)
{
    return d->s[d->t[q->open].sent].t0 == q->open;
}

/* A quote opening its sentence after a sentence of the same paragraph that
 * reported someone ("But he said talks could be difficult. "..."") or
 * whose subject is a person ("Writing in a newspaper, Ms Lee set out her
 * view. "..."") and that quotes nobody directly: that person goes on. */
static bool previous_sentence(cl_doc *d, cl_quote *q)
{
    size_t qs = d->t[q->open].sent;
    if (qs == 0 || d->s[qs - 1].paragraph != d->s[qs].paragraph)
        return false;
    const cl_sent *p = &d->s[qs - 1];
    size_t nd = d->ndirect;
    /* a direct quote in it: the rules above had their say */
    size_t k = cl_quote_lower(d, 0, nd, p->t0);
    if (k < nd && d->q[k].q0 < p->t1)
        return false;
    for (size_t m = cl_quote_lower(d, nd, d->nq, p->t1), seen = 0; m > nd && seen < 16; seen++) {
        const cl_quote *r = &d->q[--m];
        if (r->q0 < p->t0)
            break;
        if (r->sp.name) {
            q->sp = r->sp;
            q->attributed = true;
            q->rule = "direct:after-reported";
            return true;
        }
    }
    /* the person the sentence is about, when it names one before its verb */
    for (size_t i = p->t0; i < p->t1 && i < p->t0 + 12; i++) {
        if (cl_cls(d, i) == CL_REPORT)
            return false;
        td_annot *e = d->t[i].entity;
        if (e && e->label[0] == 'o' && cl_speaker_of(d, i, i + 1, i, &q->sp)) {
            q->attributed = true;
            q->rule = "direct:paragraph-speaker";
            return true;
        }
    }
    return false;
}

static void attribute(cl_doc *d, size_t k, cl_speaker *last, size_t *last_sent)
{
    {
        cl_quote *q = &d->q[k];
        if (after_close(d, q) || before_open(d, q, last, last_sent))
            return;
        if (!opens_sentence(d, q))
            return;
        /* right after a quote of the same paragraph: that speaker goes on,
         * before any attribution the next sentence may seem to give */
        if (k > 0) {
            const cl_quote *p = &d->q[k - 1];
            size_t ps = d->t[p->close < d->nt ? p->close : p->q1 - 1].sent, qs = d->t[q->open].sent;
            if (p->attributed && p->sp.name && qs <= ps + 1 &&
                d->s[ps].paragraph == d->s[qs].paragraph) {
                q->sp = p->sp;
                q->attributed = true;
                q->rule = "direct:same-paragraph";
                return;
            }
        }
        if (next_sentence(d, q) || previous_sentence(d, q))
            return;
        /* a quote after another in the paragraph, or opening a paragraph
         * after one that ended with a quote: the same speaker goes on */
        if (k > 0) {
            const cl_quote *p = &d->q[k - 1];
            uint32_t pp = d->s[d->t[p->q0].sent].paragraph, qp = d->s[d->t[q->q0].sent].paragraph;
            bool opens = d->t[q->open].sent_start &&
                         d->s[d->t[q->open].sent].t0 == q->open &&
                         (d->t[q->open].sent == 0 ||
                          d->s[d->t[q->open].sent - 1].paragraph != qp);
            if (p->attributed && (pp == qp || (qp == pp + 1 && opens))) {
                q->sp = p->sp;
                q->attributed = p->sp.name != NULL;
                q->rule = pp == qp ? "direct:same-paragraph" : "direct:continues";
            }
        }
    }
}
