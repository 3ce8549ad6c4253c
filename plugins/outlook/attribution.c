/* outlook: whose view a statement is (holder) and what it is about (target).
 *
 * The holder comes from the `claim` layer when a stage made one: a quote
 * or forecast claim that covers the forward cue (or else overlaps the
 * sentence) gives its `speaker`. Without claims, or when the claim has no
 * speaker, there is no holder: the statement is the outlet's own voice, or
 * its source is not findable, and a holder is never guessed.
 *
 * The target is the metric of the deciding direction-metric pair, grown
 * over the words in front of it ("China's foreign trade") and a short
 * "of/for ..." after a generic metric ("the forecast for goods trade"). */
#include <string.h>

#include "outlook.h"

/* Every claim here is of the claim layer (td_doc_layer's array). */
static bool speaks(const ol_claims *cl, const td_annot *c, td_annot **speaker)
{
    if (c->label != cl->quote && c->label != cl->forecast)
        return false;
    *speaker = td_annot_ref(cl->doc, c, cl->speaker);
    return *speaker != NULL;
}

static int rank(const ol_claims *cl, const td_annot *c, size_t pos)
{
    return (c->start <= pos && pos < c->end ? 2 : 0) + (c->label == cl->forecast);
}

static void claims_find(ol_claims *c)
{
    c->v = td_doc_layer(c->doc, "claim", &c->n);
    c->maxlen = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i]->end - c->v[i]->start > c->maxlen)
            c->maxlen = c->v[i]->end - c->v[i]->start;
    c->ready = true;
}

/* The first claim (by start) starting at or after pos. */
static size_t lower_bound(const ol_claims *c, size_t pos)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->v[mid]->start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The claim covering pos, the first in layer order when several do (what
 * td_doc_covering() answers, without finding the layer again). */
static td_annot *covering(const ol_claims *c, size_t pos)
{
    td_annot *found = NULL;
    for (size_t i = lower_bound(c, pos + 1); i > 0;) {
        td_annot *a = c->v[--i];
        if (a->start + c->maxlen <= pos)
            break;
        if (pos < a->end)
            found = a;
    }
    return found;
}

td_annot *ol_holder(ol_claims *claims, size_t start, size_t end, size_t pos)
{
    if (!claims->ready)
        claims_find(claims);
    if (!claims->v || !claims->n)
        return NULL;
    td_annot *best = NULL, *speaker;
    int best_rank = -1;
    /* claims that begin inside the sentence, then those around it */
    size_t first = start < end ? lower_bound(claims, start) : 0;
    size_t n = start < end ? lower_bound(claims, end) - first : 0;
    td_annot *const *in = claims->v + first;
    td_annot *around[2] = {covering(claims, pos), covering(claims, start)};
    for (size_t i = 0; i < n + 2; i++) {
        td_annot *c = i < n ? in[i] : around[i - n];
        if (!c || c->end <= start || !speaks(claims, c, &speaker))
            continue;
        int r = rank(claims, c, pos);
        if (r > best_rank) {
            best_rank = r;
            best = speaker;
        }
    }
    return best;
}

/* Words that end the growing of a target, by first letter: a token is
 * compared only with the few of its letter (one list of 70 was walked
 * whole for every token asked about). */
static bool stop_word(const ol_sentence *s, size_t t)
{
    static const char *const a[] = {"a", "an", "and", "as", "at", "are", "also", "about"};
    static const char *const b[] = {"by", "be", "been", "but"};
    static const char *const c[] = {"could"};
    static const char *const e[] = {"even", "expects", "expect"};
    static const char *const f[] = {"for", "from"};
    static const char *const h[] = {"his", "her", "he", "has", "have", "had"};
    static const char *const i[] = {"its", "in", "is", "it", "if", "into"};
    static const char *const l[] = {"less"};
    static const char *const m[] = {"may", "might", "more"};
    static const char *const n[] = {"not"};
    static const char *const o[] = {"our", "of", "on", "or", "over"};
    static const char *const st[] = {"should", "said", "says", "she", "still",
                                     "see",    "sees", "so",   "such"};
    static const char *const th[] = {"the",  "their", "this", "that", "these",
                                     "those", "to",   "than", "they", "there"};
    static const char *const w[] = {"with", "was",   "were",  "will",  "would",
                                    "we",   "which", "who",   "while", "whose"};
    if (!ol_is_word(s, t))
        return true;
    size_t len;
    const char *x = ol_tok_text(s, t, &len);
    if (len == 0 || len > 7) /* "expects" is the longest */
        return false;
    switch (x[0] | 0x20) {
    case 'a': return OL_TOK_IN(s, t, a);
    case 'b': return OL_TOK_IN(s, t, b);
    case 'c': return OL_TOK_IN(s, t, c);
    case 'e': return OL_TOK_IN(s, t, e);
    case 'f': return OL_TOK_IN(s, t, f);
    case 'h': return OL_TOK_IN(s, t, h);
    case 'i': return OL_TOK_IN(s, t, i);
    case 'l': return OL_TOK_IN(s, t, l);
    case 'm': return OL_TOK_IN(s, t, m);
    case 'n': return OL_TOK_IN(s, t, n);
    case 'o': return OL_TOK_IN(s, t, o);
    case 's': return OL_TOK_IN(s, t, st);
    case 't': return OL_TOK_IN(s, t, th);
    case 'w': return OL_TOK_IN(s, t, w);
    default: return false;
    }
}

/* Is token t part of a cue other than a metric (a direction, a tone word)? */
static bool other_cue(const ol_sentence *s, size_t t)
{
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_item *it = &s->items[i];
        if (it->tok > t)
            break;
        if (t < it->tok_end)
            return !it->hit->cue->metric;
    }
    return false;
}

void ol_target(const ol_sentence *s, const ol_item *metric, size_t *start, size_t *end)
{
    size_t t0 = metric->tok, t1 = metric->tok_end;
    size_t floor = s->parts[metric->part].tok;
    for (int words = 0; t0 > floor && words < 4; words++) {
        size_t p = t0 - 1;
        if (ol_tok_is(s, p, "'s") && p > floor && !stop_word(s, p - 1)) {
            t0 = p - 1;
            continue;
        }
        if (stop_word(s, p) || other_cue(s, p))
            break;
        t0 = p;
    }
    /* "the forecast for goods trade", "growth in exports" */
    if (t1 + 1 < s->ntoks && (ol_tok_is(s, t1, "of") || ol_tok_is(s, t1, "for")) &&
        !stop_word(s, t1 + 1) && !other_cue(s, t1 + 1)) {
        size_t e = t1 + 1;
        while (e < s->ntoks && e < t1 + 6 && (ol_tok_is(s, e, "'s") || (!stop_word(s, e) && !other_cue(s, e))))
            e++;
        t1 = e;
    }
    *start = s->toks[t0]->start;
    *end = s->toks[t1 - 1]->end;
}
