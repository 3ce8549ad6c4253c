/*
 * Quoted fragments: words in quote marks inside a sentence ('said the
 * plans were "inadequate" and were "a sham"', '"deep reform" is needed,
 * the IMF said') that no rule of quotes.c attributed. A fragment speaks
 * for the sentence's reporting clause: the reported clause holding it,
 * else the nearest quote of the sentence that has a speaker; with no
 * reporting verb at all, the subject of an attitude verb before it
 * ("X attacked the pledges as "vacuous"", "X accuses Y of a "sham"").
 * Runs once per sentence, after its reported speech, over the quotes
 * that opened in it: linear in the document.
 */
#include <string.h>

#include "claims.h"

/* How far back from a fragment an attitude verb may stand, in tokens. */
#define ATTITUDE_REACH 60
/* How many quotes on either side of a fragment it is compared with, and
 * how many tokens apart two quotes of one clause may be: a sentence of
 * 3,000 quote marks stays linear. */
#define QUOTE_REACH 8
#define CLAUSE_REACH 80

/* Verbs that judge and so voice the words quoted after them. */
bool cl_attitude_verb(const cl_doc *d, size_t i)
{
    /* not the forms that are nouns as often ("attacks", "calls", "pledges");
     * by first letter, so that most tokens cost one test */
    static const char *const a_[] = {"attacked", "accused", "accuses", "accuse", "accusing", NULL};
    static const char *const b_[] = {"branded", "branding", "blamed", NULL};
    static const char *const c_[] = {"called",     "calling",    "condemned",  "condemns",
                                     "criticised", "criticises", "criticized", "criticizes", NULL};
    static const char *const d_[] = {"described",  "describes", "describing", "dismissed",
                                     "dismisses",  "denounced", "denounces",  "derided", NULL};
    static const char *const h_[] = {"hailed", NULL};
    static const char *const l_[] = {"labelled", "labeled", NULL};
    static const char *const m_[] = {"mocked", NULL};
    static const char *const p_[] = {"promised", "pledged", "praised", NULL};
    static const char *const r_[] = {"ridiculed", NULL};
    static const char *const s_[] = {"slammed", NULL};
    static const char *const v_[] = {"vowed", NULL};
    static const char *const w_[] = {"welcomed", NULL};
    if (i >= d->nt || d->t[i].kind != K_WORD || d->t[i].end - d->t[i].start < 5)
        return false;
    const char *const *list;
    switch (d->text[d->t[i].start]) {
    case 'a': list = a_; break;
    case 'b': list = b_; break;
    case 'c': list = c_; break;
    case 'd': list = d_; break;
    case 'h': list = h_; break;
    case 'l': list = l_; break;
    case 'm': list = m_; break;
    case 'p': list = p_; break;
    case 'r': list = r_; break;
    case 's': list = s_; break;
    case 'v': list = v_; break;
    case 'w': list = w_; break;
    default: return false;
    }
    for (; *list; list++)
        if (cl_tok_is(d, i, *list))
            return true;
    return false;
}

bool cl_passive_at(const cl_doc *d, size_t v, size_t lo)
{
    if (v <= lo)
        return false;
    size_t b = v - 1;
    /* "is widely described as", "has been called" */
    if (b > lo && d->t[b].kind == K_WORD && d->text[d->t[b].end - 1] == 'y' &&
        d->t[b].end - d->t[b].start > 3 && d->text[d->t[b].end - 2] == 'l')
        b--;
    static const char *const be[] = {"is", "are", "was", "were", "be", "been", "being"};
    for (size_t k = 0; k < sizeof(be) / sizeof(be[0]); k++)
        if (cl_tok_isi(d, b, be[k]))
            return true;
    return false;
}

static bool verb_rule(const char *rule)
{
    /* a speaker found at a verb of this sentence, not carried over */
    return rule && strcmp(rule, "direct:same-paragraph") != 0 &&
           strcmp(rule, "direct:continues") != 0 && strcmp(rule, "direct:next-sentence") != 0;
}

static size_t gap(const cl_quote *a, const cl_quote *b)
{
    return a->q1 <= b->q0 ? b->q0 - a->q1 : a->q0 >= b->q1 ? a->q0 - b->q1 : 0;
}

/* Whether a clause opener ("while", "but", "whereas") or ";" stands
 * between tokens a and b (a < b): then they are different clauses. */
static bool clause_between(const cl_doc *d, size_t a, size_t b)
{
    if (b > a + CLAUSE_REACH)
        return true;
    for (size_t i = a; i < b; i++)
        if (cl_cls(d, i) == CL_CLAUSE || cl_tok_punct(d, i, ';'))
            return true;
    return false;
}

/* The subject of a verb that judges before the fragment in its clause. */
static bool attitude_subject(cl_doc *d, const cl_sent *se, const cl_quote *q, cl_speaker *sp)
{
    for (size_t v = q->open; v > se->t0 && v + ATTITUDE_REACH > q->open;) {
        v--;
        if (cl_cls(d, v) == CL_CLAUSE || cl_tok_punct(d, v, ';'))
            return false;
        if (!cl_attitude_verb(d, v))
            continue;
        if (cl_passive_at(d, v, se->t0))
            return false; /* "is described as": nobody named speaks */
        return cl_sentence_subject(d, v, se->t0, sp) && sp->name;
    }
    return false;
}

void cl_fragment_speakers(cl_doc *d, size_t s, size_t k0, size_t k1, size_t nq0)
{
    const cl_sent *se = &d->s[s];
    for (size_t k = k0; k < k1; k++) {
        cl_quote *q = &d->q[k];
        if (q->sp.name || q->unnamed || (q->rule && !strcmp(q->rule, "direct:passive")))
            continue;
        /* the reported clause holding it */
        /* the sentence's reported clauses, in the order of their verbs (the
         * first QUOTE_REACH * 4 of them) */
        const cl_quote *best = NULL;
        size_t r0 = nq0, r1 = d->nq < nq0 + 4 * QUOTE_REACH ? d->nq : nq0 + 4 * QUOTE_REACH;
        for (size_t m = r0; m < r1 && !best; m++)
            if (d->q[m].sp.name && d->q[m].q0 <= q->q0 && q->q0 < d->q[m].q1)
                best = &d->q[m];
        if (best) {
            q->sp = best->sp;
            q->attributed = true;
            q->rule = "direct:in-reported";
            continue;
        }
        /* a verb that judges, in its clause */
        cl_speaker sp;
        if (attitude_subject(d, se, q, &sp)) {
            q->sp = sp;
            q->attributed = true;
            q->rule = "direct:attitude-verb";
            continue;
        }
        /* the nearest quote of its clause with a speaker of its own */
        size_t d0 = k > k0 + QUOTE_REACH ? k - QUOTE_REACH : k0;
        size_t d1 = k + QUOTE_REACH < k1 ? k + QUOTE_REACH : k1;
        for (size_t m = r0; m < r1 + (d1 - d0); m++) {
            bool direct = m >= r1;
            const cl_quote *r = direct ? &d->q[d0 + (m - r1)] : &d->q[m];
            if (r == q || !r->sp.name || (direct && !verb_rule(r->rule)))
                continue;
            size_t lo = r->q1 <= q->q0 ? r->q1 : q->q1, hi = r->q1 <= q->q0 ? q->q0 : r->q0;
            if (lo < hi && clause_between(d, lo, hi))
                continue;
            if (!best || gap(r, q) < gap(best, q))
                best = r;
        }
        if (best) {
            q->sp = best->sp;
            q->attributed = true;
            q->rule = "direct:sentence-speaker";
        }
    }
}
