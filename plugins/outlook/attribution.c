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

static bool speaks(const td_doc *doc, const td_annot *c, td_annot **speaker)
{
    if (strcmp(c->layer, "claim") != 0 ||
        (strcmp(c->label, "quote") != 0 && strcmp(c->label, "forecast") != 0))
        return false;
    *speaker = td_annot_ref(doc, c, "speaker");
    return *speaker != NULL;
}

static int rank(const td_annot *c, size_t pos)
{
    return (c->start <= pos && pos < c->end ? 2 : 0) + (strcmp(c->label, "forecast") == 0);
}

td_annot *ol_holder(td_doc *doc, size_t start, size_t end, size_t pos)
{
    size_t n;
    if (!td_doc_layer(doc, "claim", &n))
        return NULL;
    td_annot *best = NULL, *speaker;
    int best_rank = -1;
    /* claims that begin inside the sentence, then those around it */
    td_annot *const *in = td_doc_within(doc, "claim", start, end, &n);
    td_annot *around[2] = {td_doc_covering(doc, "claim", pos),
                           td_doc_covering(doc, "claim", start)};
    for (size_t i = 0; i < n + 2; i++) {
        td_annot *c = i < n ? in[i] : around[i - n];
        if (!c || c->end <= start || !speaks(doc, c, &speaker))
            continue;
        int r = rank(c, pos);
        if (r > best_rank) {
            best_rank = r;
            best = speaker;
        }
    }
    return best;
}

static bool stop_word(const ol_sentence *s, size_t t)
{
    static const char *const stops[] = {
        "the",  "a",     "an",   "its",   "their", "his",  "her",   "our",    "this",  "that",
        "these", "those", "to",  "of",    "in",    "on",   "for",   "from",   "by",    "with",
        "and",  "or",    "as",   "at",    "is",    "are",  "was",   "were",   "be",    "been",
        "will", "would", "could", "may",  "might", "should", "said", "says",  "than",  "more",
        "less", "it",    "they", "we",    "he",    "she",  "which", "who",    "also",  "still",
        "even", "has",   "have", "had",   "not",   "expects", "expect", "see", "sees", "said",
        "but",  "while", "whose", "if",   "so",    "such", "into",  "over",   "about", "there",
    };
    if (strcmp(s->toks[t]->label, "word") != 0)
        return true;
    for (size_t k = 0; k < sizeof(stops) / sizeof(*stops); k++)
        if (ol_tok_is(s, t, stops[k]))
            return true;
    return false;
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
