/* outlook: which parts of a sentence look ahead, and to when.
 *
 * A part looks ahead when it holds a forward cue of future.tsv (a modal,
 * an expectation, a plan, a horizon phrase) or names a year or a date
 * after the document's `published` date ("takes effect on March 1"). Reported speech needs nothing of its own:
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

/* The month a token names ("March", "Jan.", "Sept"), 1-12, or 0. */
static int token_month(const ol_sentence *s, size_t i)
{
    static const char *const names[] = {"january", "february", "march",     "april",
                                        "may",     "june",     "july",      "august",
                                        "september", "october", "november", "december"};
    size_t n;
    const char *t = ol_tok_text(s, i, &n);
    if (n < 3 || n > 10 || t[0] < 'A' || t[0] > 'Z')
        return 0;
    if (t[n - 1] == '.')
        n--;
    for (int m = 0; m < 12; m++) {
        size_t k = 0;
        while (k < n && names[m][k] && (t[k] | 0x20) == names[m][k])
            k++;
        /* the whole name, or an abbreviation of 3 or 4 letters */
        if (k == n && (!names[m][k] || n <= 4))
            return m + 1;
    }
    return 0;
}

static int small_number(const ol_sentence *s, size_t i, int max)
{
    size_t n;
    const char *t = ol_tok_text(s, i, &n);
    if (n < 1 || n > 2 || t[0] < '0' || t[0] > '9' || (n == 2 && (t[1] < '0' || t[1] > '9')))
        return 0;
    int v = n == 2 ? (t[0] - '0') * 10 + (t[1] - '0') : t[0] - '0';
    return v >= 1 && v <= max ? v : 0;
}

/* A date at token i ("March 1", "Jan. 27", "5 March", "Feb. 5, 2027"):
 * its tokens [i, *end), or false. */
static bool token_date(const ol_sentence *s, size_t i, ol_date *d, size_t *end)
{
    int m = token_month(s, i), day = 0;
    size_t e = i;
    if (m && i + 1 < s->ntoks && (day = small_number(s, i + 1, 31)) != 0) {
        e = i + 2;
    } else if (!m && (day = small_number(s, i, 31)) != 0 && i + 1 < s->ntoks &&
               (m = token_month(s, i + 1)) != 0) {
        e = i + 2;
    } else {
        return false;
    }
    *d = (ol_date){0, m, day};
    if (e + 1 < s->ntoks && s->text[s->toks[e]->start] == ',' &&
        s->toks[e]->end - s->toks[e]->start == 1) {
        int y = token_year(s, e + 1);
        if (y) {
            d->year = y;
            e += 2;
        }
    }
    *end = e;
    return true;
}

/* Days from the published date to d, roughly (31-day months). Without a
 * year, a date up to half a year after it is ahead, a later one is of the
 * year before ("Dec. 27" in a January article). */
static long days_ahead(const ol_date *pub, const ol_date *d)
{
    long diff = (long)(d->month - pub->month) * 31 + (d->day - pub->day);
    if (d->year)
        return (long)(d->year - pub->year) * 372 + diff;
    if (diff > 186)
        diff -= 372;
    else if (diff < -186)
        diff += 372;
    return diff;
}

/* "the OECD projects", "we see": a verb that is a noun as often ("road
 * projects") counts after a name or "we" only. */
static bool after_name(const ol_sentence *s, const ol_item *it)
{
    if (it->tok == 0)
        return false;
    size_t p = it->tok - 1;
    char c = s->text[s->toks[p]->start];
    return ((c >= 'A' && c <= 'Z') && p > 0 && strcmp(s->toks[p]->label, "word") == 0) ||
           ol_tok_is(s, p, "we") || ol_tok_is(s, p, "they") ||
           ol_tok_is(s, p, ")"); /* "the Organisation ... (OECD) projects" */
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
static void find_horizon(const ol_sentence *s, int year, size_t date_tok, size_t date_end,
                         ol_horizon *h)
{
    *h = (ol_horizon){0, 0, 0};
    for (size_t t = 0; t < s->ntoks; t++) {
        int y = token_year(s, t);
        if (y && (!year || y >= year) && s->parts[part_of(s, t)].forward) {
            set_horizon(s, h, t, t + 1, 0, false);
            return;
        }
    }
    if (date_end > date_tok) {
        set_horizon(s, h, date_tok, date_end, 0, false);
        return;
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

bool ol_future(ol_sentence *s, const ol_date *published, ol_horizon *horizon)
{
    int year = published->year;
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
        if (noun_will(s, it) || (c->after_name && !after_name(s, it)))
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
    /* dates: after the published one, ahead ("takes effect on March 1") */
    size_t date_tok = 0, date_end = 0;
    for (size_t t = 0; published->month && published->day && t + 1 < s->ntoks; t++) {
        ol_date d;
        size_t e;
        if (!token_date(s, t, &d, &e))
            continue;
        long ahead = days_ahead(published, &d);
        ol_part *p = &s->parts[part_of(s, t)];
        if (ahead < 0) {
            p->past = true;
        } else if (ahead > 0) {
            if (!p->forward) {
                p->forward = true;
                p->future = OL_FUT_HORIZON;
            }
            if (date_end == 0) {
                date_tok = t;
                date_end = e;
            }
        }
        t = e - 1;
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
        find_horizon(s, year, date_tok, date_end, horizon);
    else
        *horizon = (ol_horizon){0, 0, 0};
    return any;
}
