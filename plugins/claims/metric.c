/*
 * What a figure measures: the noun phrase before its verb ("Outbound
 * shipments rose 6.1 percent"), before "of" ("a surplus of 8.51 trillion
 * yuan"), or after it ("26.04 trillion yuan of trade"); and `subject`, the
 * entity named inside that phrase ("China's goods trade").
 */
#include <string.h>

#include "claims.h"

/* Words that end the noun phrase before a figure (any case). */
const char *const cl_stop_words[] = {"that", "which", "while", "as",   "but", "when",
                                        "if",   "after", "before", "said", "says", "show",
                                        "shows", "where", "whose", "to", "than", "because",
                                        "so",   "or",   "although", "though", "whereas", NULL};

static bool stop_word(const cl_doc *d, size_t i)
{
    if (cl_tok_in(d, i, CL_SET_STOP))
        return true;
    int c = cl_cls(d, i);
    return c == CL_REPORT || c == CL_CLAUSE || c == CL_FORECAST || c == CL_ACCORDING;
}

/* Words between a phrase and its verb: "was", "has", "sharply". */
const char *const cl_aux_words[] = {"was",  "were", "is",    "are",   "has",   "have",
                                        "had",  "been", "will",  "would", "could", "may",
                                        "might", "also", "only", "still", "be",    "then",
                                        "again", "sharply", "slightly", "steadily", "just", "to", NULL};

static bool auxiliary(const cl_doc *d, size_t i)
{
    return cl_tok_in(d, i, CL_SET_AUX);
}

/* Determiners a phrase leaves out (any case). */
const char *const cl_determiners[] = {"the", "a", "an", "its", "their", "his", "her", "our",
                                        "this", "that", "these", "those", NULL};

static bool determiner(const cl_doc *d, size_t i)
{
    return cl_tok_in(d, i, CL_SET_DET);
}

static bool verb_cue(const cl_doc *d, size_t i)
{
    int c = cl_cls(d, i);
    return c == CL_UP || c == CL_DOWN || c == CL_FLAT || c == CL_LEVEL;
}

static bool np_token(const cl_doc *d, size_t i)
{
    const cl_tok *t = &d->t[i];
    if (t->kind == K_WORD)
        return !stop_word(d, i) && !verb_cue(d, i);
    if (t->kind == K_PUNCT)
        return cl_tok_is(d, i, "'s") || cl_tok_punct(d, i, '&'); /* a '-' token is a dash */
    return false;
}

/* The phrase of words ending just before token `end`, at most 12 tokens. */
static bool phrase_before(const cl_doc *d, size_t lo, size_t end, size_t *a, size_t *b)
{
    size_t j = end;
    /* "Purchases edged up": past the first word of a two-word change too */
    while (j > lo && (auxiliary(d, j - 1) || (verb_cue(d, j - 1) && end - j < 2)))
        j--;
    size_t i = j;
    while (i > lo && j - i < 12 && (np_token(d, i - 1) || cl_tok_is(d, i - 1, "'s")))
        i--;
    while (i < j && (determiner(d, i) || d->t[i].kind != K_WORD))
        i++;
    if (i >= j)
        return false;
    *a = i;
    *b = j;
    return true;
}

static bool phrase_after(const cl_doc *d, size_t start, size_t hi, size_t *a, size_t *b)
{
    size_t i = start;
    while (i < hi && determiner(d, i))
        i++;
    size_t j = i;
    while (j < hi && j - i < 4 && d->t[j].kind == K_WORD && !stop_word(d, j) &&
           !cl_tok_is(d, j, "in") && !cl_tok_is(d, j, "to") && !cl_tok_is(d, j, "for") &&
           !cl_tok_is(d, j, "from") && !cl_tok_is(d, j, "on") && !cl_tok_is(d, j, "at") &&
           !d->t[j].cue)
        j++;
    if (j == i)
        return false;
    *a = i;
    *b = j;
    return true;
}

static td_annot *subject_in(cl_doc *d, size_t a, size_t b)
{
    if (!d->have_entities)
        return NULL;
    for (size_t i = a; i < b; i++)
        if (d->t[i].entity)
            return d->t[i].entity;
    return NULL;
}

void cl_find_metrics(cl_doc *d)
{
    for (size_t k = 0; k < d->nf; k++) {
        cl_fig *f = &d->f[k];
        if (f->role)
            continue;
        const cl_sent *s = &d->s[f->sent];
        size_t a = 0, b = 0, anchor = 0;
        bool found = false;
        /* the verb or change word just before the figure: "rose 6.1 percent",
         * "climbed to a record", "reached" */
        size_t t0 = f->lead && f->lead < f->t0 ? f->lead : f->t0;
        for (size_t i = t0; i > s->t0 && i + 5 > t0 && !found;) {
            i--;
            if (!d->t[i].cue && i > s->t0 && d->t[i - 1].cue && d->t[i - 1].cue_end == i + 1)
                i--; /* the last word of "edged up" */
            int c = cl_cls(d, i);
            if ((c == CL_UP || c == CL_DOWN || c == CL_FLAT || c == CL_LEVEL) &&
                d->t[i].cue_end <= t0) {
                /* "a year-on-year growth of 3.8 percent": the noun names no metric */
                if (cl_tok_is(d, d->t[i].cue_end, "of"))
                    break;
                anchor = i;
                found = phrase_before(d, s->t0, anchor, &a, &b);
                break;
            }
            if (!(cl_tok_is(d, i, "to") || cl_tok_is(d, i, "at") || cl_tok_is(d, i, "by") ||
                  cl_tok_is(d, i, "of") || cl_tok_is(d, i, "a") || cl_tok_is(d, i, "an") ||
                  cl_tok_is(d, i, "record") || cl_tok_is(d, i, "only") ||
                  cl_tok_is(d, i, "another") || cl_tok_is(d, i, "new") || d->t[i].cue))
                break;
        }
        if (!found && f->t0 > s->t0 + 1 && cl_tok_is(d, f->t0 - 1, "of"))
        {
            found = phrase_before(d, s->t0, f->t0 - 1, &a, &b);
            /* "leaving a surplus of": the words after the last determiner */
            for (size_t i = b; found && i > a;)
                if (determiner(d, --i)) {
                    a = i + 1;
                    break;
                }
            found = found && a < b && b - a <= 3;
        }
        if (!found && cl_tok_is(d, f->t1, "of") && !cl_tok_is(d, f->t1 + 1, "them") &&
            !cl_tok_is(d, f->t1 + 1, "those"))
            found = phrase_after(d, f->t1 + 1, s->t1, &a, &b);
        if (!found)
            continue;
        f->metric_start = d->t[a].start;
        f->metric_end = d->t[b - 1].end;
        f->subject = subject_in(d, a, b);
    }
}
