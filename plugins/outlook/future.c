/* outlook: which parts of a sentence look ahead, and to when.
 *
 * A part looks ahead when it holds a forward cue of future.tsv (a modal,
 * an expectation, a plan, a horizon phrase) or names a year after the
 * document's `published` year. Reported speech needs nothing of its own:
 * "she said exports would slow" holds "would". Past expectations ("had
 * been expected to", "than forecast") are patterns of their own, so the
 * longest match takes them before "expected to" can; they, "last year"
 * and years before the published one mark a part as past ("by" the
 * published year itself looks ahead), and a past part
 * does not look ahead on a weak modal alone ("could not" of last year). */
#include <string.h>

#include "outlook.h"

/* A year written as a token: "2026", "mid-2026", "end-2026", "FY2026". */
static int token_year(const ol_sentence *s, size_t i)
{
    size_t n;
    const char *t = ol_tok_text(s, i, &n);
    if (n < 4 || n > 9 || t[n - 1] < '0' || t[n - 1] > '9')
        return 0;
    const char *y = t + n - 4;
    for (int k = 0; k < 4; k++)
        if (y[k] < '0' || y[k] > '9')
            return 0;
    if (n > 4) {
        size_t pre = n - 4;
        bool ok = (pre == 4 && (memcmp(t, "mid-", 4) == 0 || memcmp(t, "end-", 4) == 0)) ||
                  (pre == 2 && memcmp(t, "FY", 2) == 0);
        if (!ok)
            return 0;
    }
    int v = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
    return v >= 1900 && v <= 2100 ? v : 0;
}

/* "May" the month, not the modal: capitalised inside a sentence, or
 * before a number ("may 5"). */
static bool month_may(const ol_sentence *s, const ol_item *it)
{
    size_t n;
    const char *t = ol_tok_text(s, it->tok, &n);
    if (n != 3 || (t[0] != 'm' && t[0] != 'M'))
        return false;
    if (t[0] == 'M' && it->tok > 0)
        return true;
    if (it->tok + 1 < s->ntoks && strcmp(s->toks[it->tok + 1]->label, "number") == 0)
        return true;
    return it->tok > 0 && ol_tok_is(s, it->tok - 1, "in");
}

/* "will" the noun: "the will of", "political will". */
static bool noun_will(const ol_sentence *s, const ol_item *it)
{
    if (!ol_tok_is(s, it->tok, "will") || it->tok == 0)
        return false;
    static const char *const before[] = {"the", "a", "political", "good", "free", "ill", "its",
                                         "their", "his", "her"};
    for (size_t k = 0; k < sizeof(before) / sizeof(*before); k++)
        if (ol_tok_is(s, it->tok - 1, before[k]))
            return true;
    return false;
}

static size_t part_of(const ol_sentence *s, size_t tok)
{
    size_t p = 0;
    while (p + 1 < s->nparts && s->parts[p + 1].tok <= tok)
        p++;
    return p;
}

static void set_horizon(const ol_sentence *s, ol_horizon *h, size_t t0, size_t t1, int year,
                        bool phrase)
{
    if (phrase && t0 > 0 && ol_tok_is(s, t0 - 1, "the"))
        t0--;
    h->start = s->toks[t0]->start;
    h->end = s->toks[t1 - 1]->end;
    h->year = year;
}

/* The horizon: the first year (not before the published one) in a part
 * that looks ahead, else its first horizon phrase. */
static void find_horizon(const ol_sentence *s, int year, ol_horizon *h)
{
    *h = (ol_horizon){0, 0, 0};
    for (size_t t = 0; t < s->ntoks; t++) {
        int y = token_year(s, t);
        if (y && (!year || y >= year) && s->parts[part_of(s, t)].forward) {
            set_horizon(s, h, t, t + 1, 0, false);
            return;
        }
    }
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_item *it = &s->items[i];
        const ol_cue *c = it->hit->cue;
        if ((c->future == OL_FUT_HORIZON || c->future == OL_FUT_WHEN) &&
            s->parts[it->part].forward) {
            set_horizon(s, h, it->tok, it->tok_end,
                        c->has_year && year ? year + c->year_offset : 0, true);
            return;
        }
    }
}

bool ol_future(ol_sentence *s, int year, ol_horizon *horizon)
{
    uint8_t maybe[OL_MAX_PARTS] = {0};
    const ol_item *maybe_item[OL_MAX_PARTS] = {0};
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_item *it = &s->items[i];
        const ol_cue *c = it->hit->cue;
        if (!c->future)
            continue;
        ol_part *p = &s->parts[it->part];
        if (c->future == OL_FUT_PAST) {
            p->past = true;
            continue;
        }
        if (c->future == OL_FUT_WHEN) /* "this year": a horizon, not a cue */
            continue;
        if (c->future == OL_FUT_MAYBE) {
            if (!month_may(s, it) && !maybe[it->part]) {
                maybe[it->part] = 1;
                maybe_item[it->part] = it;
            }
            continue;
        }
        if (noun_will(s, it))
            continue;
        if (!p->forward) { /* the first cue names the rule */
            p->future = c->future;
            p->future_item = it;
        }
        p->forward = true;
    }
    /* years: after the published one, a cue; before it, the past */
    for (size_t t = 0; year && t < s->ntoks; t++) {
        int y = token_year(s, t);
        if (!y)
            continue;
        ol_part *p = &s->parts[part_of(s, t)];
        /* "by mid-2026" in a 2026 article: still ahead */
        bool by = y == year && t > 0 && ol_tok_is(s, t - 1, "by");
        if (y == year && !by)
            continue;
        if (y < year) {
            p->past = true;
        } else if (!p->forward) {
            p->forward = true;
            p->future = OL_FUT_HORIZON;
        }
    }
    bool any = false;
    for (size_t p = 0; p < s->nparts; p++) {
        ol_part *part = &s->parts[p];
        if (!part->forward && maybe[p] && !part->past) {
            part->forward = true;
            part->future = OL_FUT_MAYBE;
            part->future_item = maybe_item[p];
        }
        any |= part->forward;
    }
    if (any)
        find_horizon(s, year, horizon);
    else
        *horizon = (ol_horizon){0, 0, 0};
    return any;
}
