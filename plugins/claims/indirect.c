/*
 * Reported speech: "X said (that) CLAUSE", "X told reporters that CLAUSE",
 * "CLAUSE, X said on Wednesday", "According to X, CLAUSE", "CLAUSE,
 * according to X", "X expects CLAUSE". The span is the reported clause;
 * `direct` is false. A clause holding a direct quote is left to that
 * quote, and a verb already spent on a direct quote makes none.
 */
#include <stdint.h>
#include <string.h>

#include "claims.h"

/* Verbs whose clause may follow without "that" (not "added", "warned":
 * "added 146,000 jobs", "warned his supporters against" want "that", ":"
 * or a clause after them; bare_clause() looks). */
const char *const cl_bare_verbs[] = {"said", "says", "say", "believes", "argued",
                                     "expects", "expect", "expected", NULL};

static bool preposition(const cl_doc *d, size_t i);

/* Whether a finite verb or a modal stands in tokens (j, j + 8) before
 * the next punctuation: a clause starts at j ("growth would be just 1%",
 * "its downfall was punishment", "he did not know"). */
static bool finite_after(const cl_doc *d, size_t j)
{
    static const char *const finite[] = {"is",  "are", "was", "were", "has",
                                         "have", "had", "did", "does"};
    for (size_t k = j + 1; k < d->nt && k < j + 8 && d->t[k].kind != K_PUNCT; k++) {
        if (cl_cls(d, k) == CL_MODAL)
            return true;
        for (size_t m = 0; m < sizeof(finite) / sizeof(finite[0]); m++)
            if (cl_tok_is(d, k, finite[m]))
                return true;
    }
    return false;
}

/* "claims" or "claim" as a noun: after a determiner or a word that
 * takes one ("the claims were", "amid opposition claims he was", "refused
 * to deny claims the deal"), not a verb with its subject before it. */
static bool claim_noun(const cl_doc *d, size_t v)
{
    if (!cl_tok_is(d, v, "claims") && !cl_tok_is(d, v, "claim"))
        return false;
    static const char *const before[] = {"the",  "these",   "those",   "such",    "his",
                                         "her",  "its",     "their",   "of",      "amid",
                                         "deny", "denied",  "denies",  "despite", "over",
                                         "about", "against", "rejected", "dismissed", "new",
                                         "latest", "recent", "similar", "false",  "a",
                                         "into", "that"};
    for (size_t k = v; k > 0 && k + 2 > v;) {
        k--;
        for (size_t m = 0; m < sizeof(before) / sizeof(before[0]); m++)
            if (cl_tok_isi(d, k, before[m]))
                return true;
    }
    return false;
}

static bool bare_clause(const cl_doc *d, size_t v)
{
    if (cl_tok_in(d, v, CL_SET_BARE))
        return true;
    /* "added", "warned", "claims", "insisted" with a clause after them,
     * not an object ("added 146,000 jobs", "claimed victory", "insisted on
     * a vote"): a finite verb or a modal before the next punctuation */
    if (cl_tok_is(d, v, "added") || cl_tok_is(d, v, "adding") || cl_tok_is(d, v, "warned") ||
        cl_tok_is(d, v, "warns") || cl_tok_is(d, v, "adds") || cl_tok_is(d, v, "warning") ||
        cl_tok_is(d, v, "claims") || cl_tok_is(d, v, "claimed") || cl_tok_is(d, v, "claim") ||
        cl_tok_is(d, v, "insisted") || cl_tok_is(d, v, "insists") || cl_tok_is(d, v, "insist") ||
        cl_tok_is(d, v, "saying") || cl_tok_is(d, v, "insisting") || cl_tok_is(d, v, "claiming"))
        return !claim_noun(d, v) && !cl_tok_is(d, d->t[v].cue_end, "of") &&
               finite_after(d, d->t[v].cue_end);
    return false;
}

/* Whom a speaker tells, before the clause told without "that" ("told
 * investors the firm will", "told BBC News Labour MPs would", "told a
 * Commons committee the rules were"): a body or person named, one
 * plural word, or a short phrase ending in a role noun or an audience.
 * The token after it, or 0 when there is no such object. */
static size_t told_object_end(const cl_doc *d, size_t j, size_t t1)
{
    static const char *const audience[] = {"reporters", "journalists", "investors", "analysts",
                                           "delegates", "shareholders", "members",  "supporters",
                                           "conference", "programme",  "audience", "MPs",
                                           "peers",     "staff",       "workers",  "parliament",
                                           "website"};
    size_t k = j;
    if (cl_tok_isi(d, k, "the") || cl_tok_isi(d, k, "a"))
        k++;
    if (k >= t1)
        return 0;
    td_annot *e = d->t[k].entity;
    if (e && (e->label[0] == 'o' || e->label[0] == 'i')) {
        while (k < t1 && d->t[k].entity == e)
            k++;
        /* "told BBC Two's Newsnight programme" */
        for (size_t m = k; m < t1 && m < k + 7 && !cl_tok_punct(d, m, ','); m++)
            if (cl_tok_is(d, m, "programme") || cl_tok_is(d, m, "Show"))
                return m + 1;
        /* "told BBC News", "told BBC Radio 4": the rest of a medium's name */
        while (k < t1 && (cl_tok_is(d, k, "News") || cl_tok_is(d, k, "Radio") ||
                          cl_tok_is(d, k, "Online") || cl_tok_is(d, k, "World") ||
                          (k > 0 && cl_tok_is(d, k - 1, "Radio") && d->t[k].kind == K_NUMBER)))
            k++;
        /* "told Labour members", "told a Commons select committee" */
        for (size_t m = k; m < t1 && m < k + 3 && d->t[m].kind == K_WORD && !d->t[m].cap; m++) {
            for (size_t a = 0; a < sizeof(audience) / sizeof(audience[0]); a++)
                if (cl_tok_is(d, m, audience[a]))
                    return m + 1;
            if (cl_role_noun(d, m))
                return m + 1;
        }
        return k;
    }
    for (size_t m = k; m < t1 && m < k + 5; m++) {
        if (d->t[m].kind != K_WORD || cl_tok_is(d, m, "that"))
            return 0;
        for (size_t a = 0; a < sizeof(audience) / sizeof(audience[0]); a++)
            if (cl_tok_is(d, m, audience[a]))
                return m + 1;
        if (m > j && cl_role_noun(d, m))
            return m + 1;
    }
    return 0;
}

/* "told OBJECT CLAUSE": where the clause starts, or 0. Not an order
 * ("told staff to leave") nor a topic ("told MPs about the plan"). */
static size_t told_clause(const cl_doc *d, size_t v, size_t t1)
{
    if (!cl_tok_is(d, v, "told") && !cl_tok_is(d, v, "tells"))
        return 0;
    size_t a = told_object_end(d, d->t[v].cue_end, t1);
    if (!a || a + 2 >= t1 || d->t[a].kind != K_WORD || preposition(d, a) ||
        cl_tok_is(d, a, "that") || cl_tok_is(d, a, "about") || cl_tok_is(d, a, "of") ||
        cl_cls(d, a) == CL_REPORT)
        return 0;
    if (finite_after(d, a))
        return a;
    /* "concerns over China remained": a past tense, not the clause's first word */
    for (size_t k = a + 1; k < t1 && k < a + 8 && d->t[k].kind == K_WORD; k++) {
        const cl_tok *t = &d->t[k];
        if (!t->cap && !t->entity && t->end - t->start > 4 && d->text[t->end - 1] == 'd' &&
            d->text[t->end - 2] == 'e')
            return a;
    }
    return 0;
}

/* Words after a verb that start no reported clause: "said on Monday". */
const char *const cl_prepositions[] = {"on",    "in",        "at",   "after",  "before", "during",
                                        "last",  "this",      "late", "earlier", "recently",
                                        "today", "yesterday", "repeatedly", "separately", "publicly",
                                        "privately", "previously", "by", "to", "through", "ahead", "following",
                                        "when", "as", "late", "overnight", "yesterday", NULL};

static bool preposition(const cl_doc *d, size_t i)
{
    return cl_tok_in(d, i, CL_SET_PREP);
}

/* "than expected", "than analysts had expected", "As expected": a
 * comparison with a forecast, nobody's speech (forecasts.c has the same). */
static bool compared(const cl_doc *d, size_t v, size_t t0)
{
    for (size_t k = v; k > t0 && k + 4 > v;) {
        k--;
        if (cl_tok_isi(d, k, "than") || cl_tok_isi(d, k, "as"))
            return true;
        if (d->t[k].kind != K_WORD)
            break;
    }
    return false;
}

/* A reporting word that reports nothing here: the noun in "newspaper
 * reports that", a denial of speech ("did not say where", "would not say
 * whether"). */
static bool not_speech(const cl_doc *d, size_t v, size_t t0)
{
    if (v <= t0)
        return false;
    const cl_tok *p = &d->t[v - 1];
    if (cl_tok_is(d, v, "reports") && p->kind == K_WORD && !p->cap && !p->entity &&
        !p->cue && !(p->end - p->start > 2 && d->text[p->end - 1] == 'y' &&
                     d->text[p->end - 2] == 'l'))
        return true; /* "press reports that" */
    /* "it has been revealed", "it was reported": nobody speaks */
    size_t b = v;
    while (b > t0 && b + 3 > v &&
           (cl_tok_is(d, b - 1, "been") || cl_tok_is(d, b - 1, "has") || cl_tok_is(d, b - 1, "was") ||
            cl_tok_is(d, b - 1, "is") || cl_tok_is(d, b - 1, "had")))
        b--;
    if (b < v && b > t0 && cl_tok_isi(d, b - 1, "it"))
        return true;
    if (cl_tok_is(d, v - 1, "not") || cl_tok_is(d, v - 1, "n't") || cl_tok_is(d, v - 1, "never")) {
        static const char *const wh[] = {"where", "when", "whether", "how", "what",
                                         "why",   "if",   "which",   "who"};
        size_t j = d->t[v].cue_end;
        for (size_t k = 0; k < sizeof(wh) / sizeof(wh[0]); k++)
            if (cl_tok_is(d, j, wh[k]))
                return true;
    }
    return false;
}

static bool is_mark(const cl_doc *d, size_t i)
{
    if (d->t[i].kind != K_PUNCT)
        return false;
    const char *s = d->text + d->t[i].start;
    size_t n = d->t[i].end - d->t[i].start;
    return (n == 1 && s[0] == '"') ||
           (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
            ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D));
}

/* Where a reported clause starting at `a` ends: the sentence's end, a
 * quote mark, or a comma before "but she warned", ", adding", ", according to". */
/* A reported clause is at most this many tokens: a sentence without end
 * must not make every verb in it scan to its end. */
#define MAX_CLAUSE 120

static size_t clause_end(const cl_doc *d, size_t a, size_t hi)
{
    if (hi > a + MAX_CLAUSE)
        hi = a + MAX_CLAUSE;
    for (size_t i = a; i < hi; i++) {
        if (cl_tok_punct(d, i, ';'))
            return i;
        if (!cl_tok_punct(d, i, ',') && !cl_tok_is(d, i, "and"))
            continue;
        int c = cl_cls(d, i + 1);
        if (c == CL_REPORT || c == CL_ACCORDING)
            return i;
        /* ", but she warned that", "and said" */
        size_t j = i + 1;
        if (c == CL_CLAUSE || cl_tok_is(d, j, "and"))
            j++;
        if (cl_cls(d, j) == CL_PRONOUN) {
            size_t v = d->t[j].cue_end;
            if (cl_cls(d, v) == CL_REPORT ||
                (cl_cls(d, v) == CL_FORECAST && !strcmp(d->t[v].cue->str, "expect")))
                return i; /* ", and he expects" */
        }
        if (cl_tok_is(d, i, "and") && c == CL_REPORT)
            return i;
    }
    /* leave the final stop out */
    size_t e = hi;
    while (e > a && d->t[e - 1].kind == K_PUNCT)
        e--;
    return e;
}

/* A clause that starts a sentence leaves out its dateline:
 * "BEIJING, Jan. 14 (Harbour Ledger) -- China's trade..." */
size_t cl_after_dateline(const cl_doc *d, size_t a, size_t hi)
{
    if (d->t[a].sent_start == false && a > 0 && d->t[a - 1].sent == d->t[a].sent)
        return a;
    for (size_t i = a; i < hi && i < a + 14; i++)
        if (cl_tok_is(d, i, "--") || cl_tok_is(d, i, "\xe2\x80\x94"))
            return i + 1;
    return a;
}

/* Whether the clause [a, b) is mostly a direct quote (then the direct
 * quote is the claim; a phrase quoted inside a reported clause, as in
 * 'argued that the EU should "de-risk" its ties', leaves both). Direct
 * quotes are sorted and do not overlap: bisect. */
static bool holds_direct(const cl_doc *d, size_t a, size_t b, size_t ndirect)
{
    if (cl_quote_covering(d, 0, ndirect, a))
        return true;
    size_t quoted = 0;
    for (size_t k = cl_quote_lower(d, 0, ndirect, a); k < ndirect && d->q[k].q0 < b; k++) {
        if (d->q[k].q0 <= a + 2)
            return true; /* 'said "We will grow"' */
        size_t e = d->q[k].q1 < b ? d->q[k].q1 : b;
        quoted += e - d->q[k].q0;
    }
    return 2 * quoted >= b - a;
}

static bool inside_direct(const cl_doc *d, size_t v, size_t ndirect)
{
    size_t k = cl_quote_lower(d, 0, ndirect, v + 1);
    if (k == 0)
        return false;
    const cl_quote *q = &d->q[k - 1];
    return q->open <= v && v <= (q->close < d->nt ? q->close : q->q1);
}

static int add(cl_doc *d, size_t a, size_t b, const cl_speaker *sp, const char *rule)
{
    if (b <= a || b - a < 3)
        return 0;
    td_annot *an =
        td_doc_add(d->doc, CL_NAME(d, claim), CL_NAME(d, quote), d->t[a].start, d->t[b - 1].end);
    /* `rule` is a literal: set without a copy */
    if (!an || td_annot_set_bool(d->doc, an, CL_NAME(d, direct), false) != 0 ||
        cl_set_speaker(d, an, sp) != 0 ||
        td_annot_set_const(d->doc, an, CL_NAME(d, rule), rule) != 0)
        return -1;
    cl_quote *q = cl_new_quote(d);
    if (!q)
        return -1;
    q->q0 = (uint32_t)a;
    q->q1 = (uint32_t)b;
    q->open = q->close = (uint32_t)d->nt;
    q->sp = *sp;
    q->attributed = sp->name != NULL;
    q->rule = rule;
    return 0;
}

/* The first token of [v, t1) with a cue that can make speech below, or
 * t1: from cl_mark_cues's list of them (d->num + 2 * nt), whose head
 * moves on with the sentences, not a test of every token. */
static size_t next_speech(cl_doc *d, size_t v, size_t t1)
{
    const uint32_t *sp = d->num + 2 * d->nt;
    size_t at = d->speech_at;
    while (at > 0 && sp[at - 1] >= v)
        at--;
    while (at < d->nspeech && sp[at] < v)
        at++;
    d->speech_at = at;
    return at < d->nspeech && sp[at] < t1 ? sp[at] : t1;
}

int cl_indirect_sentence(cl_doc *d, size_t s, size_t ndirect)
{
    {
        const cl_sent *se = &d->s[s];
        cl_speaker last = {0};
        bool have_last = false;
        for (size_t v = next_speech(d, se->t0, se->t1); v < se->t1;
             v = next_speech(d, v + 1, se->t1)) {
            int c = d->t[v].cls;
            bool expect = c == CL_FORECAST && !strcmp(d->t[v].cue->str, "expect");
            /* "Morgan Stanley has forecast that", "predicted that", "some
             * economists predict a further rise will come", "hopes airlines
             * will want": speech too, when a clause follows */
            bool forecast_that = false;
            if (c == CL_FORECAST && !expect) {
                const char *how = d->t[v].cue->str;
                size_t j = d->t[v].cue_end;
                if (cl_tok_is(d, j, "that"))
                    forecast_that = true;
                else if ((!strcmp(how, "predict") || !strcmp(how, "forecast") ||
                          !strcmp(how, "intend")) && !cl_tok_is(d, j, "to"))
                    for (size_t k = j; k < se->t1 && k < j + 12 && !forecast_that; k++) {
                        if (d->t[k].kind == K_PUNCT)
                            break;
                        forecast_that = cl_cls(d, k) == CL_MODAL;
                    }
                if (forecast_that && !strcmp(how, "intend") && !cl_tok_is(d, v, "hopes") &&
                    !cl_tok_is(d, v, "hope") && !cl_tok_is(d, v, "hoped"))
                    forecast_that = false;
            }
            if (c != CL_REPORT && c != CL_ACCORDING && !expect && !forecast_that)
                continue;
            if (forecast_that)
                expect = true; /* wants a speaker, like "expects" */
            if (expect && v > se->t0 &&
                (cl_tok_is(d, v - 1, "much") || cl_tok_is(d, v - 1, "widely") ||
                 cl_tok_is(d, v - 1, "long") || cl_tok_is(d, v - 1, "eagerly") ||
                 cl_tok_isi(d, v - 1, "of") || cl_tok_isi(d, v - 1, "an") ||
                 cl_tok_isi(d, v - 1, "the") || cl_tok_isi(d, v - 1, "a")))
                continue; /* an adjective: "its much anticipated offer", "The expected deal" */
            if (expect && compared(d, v, se->t0))
                continue; /* "fewer jobs than expected", "as expected" */
            if (inside_direct(d, v, ndirect))
                continue;
            if (c == CL_REPORT && not_speech(d, v, se->t0))
                continue;
            /* "say they expect to seal a deal": inside the clause reported already */
            if (d->nq > ndirect && d->q[d->nq - 1].q0 <= v && v < d->q[d->nq - 1].q1 &&
                d->t[d->q[d->nq - 1].q0].sent == s)
                continue;
            cl_speaker sp = {0};
            size_t a = 0, b = 0, subj = v;
            const char *rule = NULL;
            if (c == CL_ACCORDING) {
                size_t j = d->t[v].cue_end, k = j;
                if (cl_tok_isi(d, j, "the"))
                    j++;
                while (k < se->t1 && !cl_tok_punct(d, k, ',') && d->t[k].kind != K_PUNCT)
                    k++;
                cl_speaker_of(d, j, k, v, &sp);
                if (v == se->t0 || (v > se->t0 && is_mark(d, v - 1))) {
                    a = k + 1; /* "According to Raman, CLAUSE" */
                    b = clause_end(d, a, se->t1);
                } else if (cl_tok_punct(d, v - 1, ',') && !cl_tok_is(d, v - 2, "that")) {
                    a = cl_after_dateline(d, se->t0, v); /* "CLAUSE, according to X" */
                    b = v - 1;
                } /* "X said that, according to Y, CLAUSE": an aside in X's clause */
                rule = "indirect:according-to";
            } else {
                if (expect && v > se->t0 &&
                    (cl_tok_is(d, v - 1, "is") || cl_tok_is(d, v - 1, "are") ||
                     cl_tok_is(d, v - 1, "was") || cl_tok_is(d, v - 1, "were") ||
                     cl_tok_is(d, v - 1, "be") || cl_tok_is(d, v - 1, "been")))
                    continue; /* "is expected to": a forecast, nobody speaks */
                subj = v;
                bool found = cl_subject_before(d, v, se->t0, &sp, &subj);
                /* "CLAUSE, said experts and executives." / ", said Lyu Daliang, a
                 * spokesperson": the speaker after the verb, the clause before */
                /* not a participle: in "X criticised the plan, saying Y had
                 * failed" the clause before is the outlet's, Y's is after */
                bool participle = d->text[d->t[v].end - 1] == 'g' &&
                                  d->t[v].end - d->t[v].start > 4 &&
                                  d->text[d->t[v].end - 2] == 'n' && d->text[d->t[v].end - 3] == 'i';
                if (!found && !participle && v > se->t0 + 4 && cl_tok_punct(d, v - 1, ',') &&
                    !cl_tok_is(d, v + 1, "that") &&
                    !(d->t[v].cue_end < se->t1 && cl_cls(d, d->t[v].cue_end) == CL_PRONOUN)) {
                    size_t e1;
                    cl_speaker after = {0};
                    bool named = cl_subject_after(d, v, se->t1, &after, &e1);
                    size_t rest = se->t1 - d->t[v].cue_end;
                    if (named || rest <= 6) {
                        size_t start = se->t0;
                        for (size_t m = se->t0; m < v; m++)
                            if (is_mark(d, m))
                                start = m + 1;
                        if (d->t[v].spent || holds_direct(d, start, v - 1, ndirect))
                            continue;
                        if (add(d, cl_after_dateline(d, start, v - 1), v - 1, &after,
                                "indirect:clause-said-X") != 0)
                            return -1;
                        continue;
                    }
                }
                if (!found && have_last &&
                    (cl_tok_punct(d, v - 1, ',') || cl_tok_is(d, v - 1, "and")))
                    sp = last, found = true; /* ", adding that", "and said" */
                if (!found)
                    found = cl_sentence_subject(d, v, se->t0, &sp);
                /* "Mr Magnier and Mr McManus issued a statement saying that": a
                 * participle speaks for the sentence's first person or body */
                /* not a progressive verb ("lawyers who have been arguing"):
                 * its subject was looked for above */
                bool progressive = v > se->t0 &&
                                   (cl_tok_is(d, v - 1, "been") || cl_tok_is(d, v - 1, "is") ||
                                    cl_tok_is(d, v - 1, "are") || cl_tok_is(d, v - 1, "was") ||
                                    cl_tok_is(d, v - 1, "were") || cl_tok_is(d, v - 1, "be"));
                if (!found && !progressive &&
                    (cl_tok_is(d, v, "saying") || cl_tok_is(d, v, "adding") ||
                     cl_tok_is(d, v, "arguing") || cl_tok_is(d, v, "noting"))) {
                    /* "He opposed the plan, saying that": the pronoun that
                     * opens the sentence ("But he", "And she") */
                    size_t p0 = se->t0;
                    if (cl_cls(d, p0) == CL_CLAUSE || cl_tok_isi(d, p0, "and"))
                        p0++;
                    if (cl_cls(d, p0) == CL_PRONOUN && d->t[p0].cue_end < v)
                        found = cl_speaker_of(d, p0, d->t[p0].cue_end, p0, &sp);
                    /* the subject only: before any word in lower case but a
                     * determiner ("A US woman is suing Acme, saying" is not Acme) */
                    for (size_t k = se->t0; k < v && !found; k++) {
                        td_annot *e = d->t[k].entity;
                        if (!e && d->t[k].kind == K_WORD && d->text[d->t[k].start] >= 'a' &&
                            d->text[d->t[k].start] <= 'z' && k > p0 &&
                            !cl_tok_isi(d, k, "the") && !inside_direct(d, k, ndirect))
                            break;
                        if (e && (e->label[0] == 'o' || e->label[0] == 'i')) {
                            size_t e1 = k;
                            while (e1 < v && d->t[e1].entity == e)
                                e1++;
                            found = cl_speaker_of(d, k, e1, k, &sp);
                        }
                    }
                }
                if (expect && !sp.name && !found && subj == v)
                    continue; /* a forecast word with no subject at all */
                if (d->t[v].spent)
                    continue;
                size_t j = d->t[v].cue_end;
                /* "told reporters in Beijing that", "said after the decision that" */
                size_t that = SIZE_MAX;
                for (size_t k = j; k < se->t1 && k < j + 10; k++) {
                    if (cl_tok_is(d, k, "that")) {
                        that = k;
                        break;
                    }
                    if (d->t[k].kind == K_PUNCT || cl_cls(d, k) == CL_REPORT)
                        break;
                }
                if (that != SIZE_MAX && (that == j || !bare_clause(d, v) || preposition(d, j) ||
                                         cl_tok_is(d, v, "told") || cl_tok_is(d, v, "tells"))) {
                    a = that + 1;
                    /* "said that, according to data from Y, CLAUSE": past the aside */
                    if (cl_tok_punct(d, a, ',') && cl_cls(d, a + 1) == CL_ACCORDING)
                        for (size_t k = a + 1; k < se->t1 && k < a + 24; k++)
                            if (cl_tok_punct(d, k, ',')) {
                                a = k + 1;
                                break;
                            }
                    rule = "indirect:said-that";
                } else if (bare_clause(d, v) && j < se->t1 && d->t[j].kind == K_WORD &&
                           !preposition(d, j) && !expect) {
                    a = j;
                    rule = "indirect:said";
                    /* "the shortfall, which she said would be 3.1% of output", "the powers
                     * - which President Chavez argues are needed" */
                    if (subj > se->t0 && subj + 4 >= v &&
                        (cl_tok_is(d, subj - 1, "which") || cl_tok_is(d, subj - 1, "that")))
                        a = subj - 1;
                } else if (expect && j < se->t1 && d->t[j].kind == K_WORD) {
                    a = j;
                    rule = "indirect:expects";
                } else if (!expect && (a = told_clause(d, v, se->t1)) != 0) {
                    rule = "indirect:told-X";
                } else if (!expect && subj > se->t0 + 3 && cl_tok_punct(d, subj - 1, ',') &&
                           (j >= se->t1 || d->t[j].kind == K_PUNCT || preposition(d, j) ||
                            ((cl_tok_is(d, v, "told") || cl_tok_is(d, v, "tells")) &&
                             se->t1 - j <= 8))) {
                    /* "CLAUSE, the GAC said on Wednesday." */
                    size_t k = subj - 1;
                    size_t start = se->t0;
                    /* after a direct quote the sentence opens with (its own
                     * attribution took the verb); a phrase quoted inside the
                     * clause ('was "stupid", he said') stays in it */
                    const cl_quote *dq = cl_quote_covering(d, 0, ndirect, se->t0 + 1);
                    if (dq && dq->close < k)
                        start = dq->close + 1;
                    a = cl_after_dateline(d, start, k);
                    b = k;
                    rule = "indirect:clause-said";
                } else {
                    continue;
                }
                if (found) {
                    last = sp;
                    have_last = true;
                }
            }
            if (!b && a)
                b = clause_end(d, a, se->t1);
            if (a >= b || holds_direct(d, a, b, ndirect))
                continue;
            size_t before_add = d->nq;
            if (add(d, a, b, &sp, rule) != 0)
                return -1;
            /* said by a person the article does not name ("the minister's
             * spokesman said"): a "he" after it is nobody known */
            if (!sp.name && subj < v && d->nq > before_add)
                for (size_t k = subj; k < v && !d->q[d->nq - 1].unnamed; k++)
                    d->q[d->nq - 1].unnamed = cl_role_noun(d, k) == 1 ||
                                              cl_tok_is(d, k, "spokesman") ||
                                              cl_tok_is(d, k, "spokeswoman");
        }
    }
    return 0;
}
