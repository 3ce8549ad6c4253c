/*
 * Periods: "in 2025", "last year", "in December", "the first quarter",
 * "January-November", "the first 11 months of 2025", "the three months to
 * December", "the first three quarters of last year", "mid-2026". Written
 * as "2025", "2025-12", "2025-Q1", "2025-H2", "2025-01/2025-11", resolved
 * against the document's `published` date where the text gives no year;
 * without one, a relative period keeps its words ("last year").
 */
#include <string.h>

#include "claims.h"

static bool tok_year(const cl_doc *d, size_t i, int *y)
{
    if (!cl_is_year(d, i))
        return false;
    *y = (int)d->t[i].value;
    return true;
}

/* "last year", "this year", "next year": the year, or 0 unresolved. */
static bool relative_year(const cl_doc *d, size_t i, int *y, size_t *end)
{
    if (!cl_tok_is(d, i + 1, "year") && !cl_tok_is(d, i + 1, "year's"))
        return false;
    int off;
    if (cl_tok_isi(d, i, "last"))
        off = -1;
    else if (cl_tok_isi(d, i, "this"))
        off = 0;
    else if (cl_tok_isi(d, i, "next"))
        off = 1;
    else
        return false;
    cl_published(d);
    *y = d->pub_year ? d->pub_year + off : 0;
    *end = i + 2;
    return true;
}

/* A year after "of": "of 2025", "of last year". */
static int of_year(const cl_doc *d, size_t i, size_t *end)
{
    int y;
    size_t e;
    if (!cl_tok_is(d, i, "of"))
        return -1;
    if (tok_year(d, i + 1, &y)) {
        *end = i + 2;
        return y;
    }
    if (relative_year(d, i + 1, &y, &e)) {
        *end = e;
        return y;
    }
    return -1;
}

/* The year of a month or quarter ending in month m, stated without one:
 * the last such month before the article. */
static int past_year(const cl_doc *d, int m)
{
    cl_published(d);
    if (!d->pub_year)
        return 0;
    if (d->future)
        return m >= d->pub_month ? d->pub_year : d->pub_year + 1;
    return m <= d->pub_month ? d->pub_year : d->pub_year - 1;
}

static int count_at(const cl_doc *d, size_t i)
{
    if (i < d->nt && d->t[i].kind == K_NUMBER && d->t[i].has_value && d->t[i].value >= 1 &&
        d->t[i].value <= 12 && d->t[i].value == (int)d->t[i].value)
        return (int)d->t[i].value;
    if (cl_cls(d, i) == CL_NUMWORD && d->t[i].cue->num >= 1)
        return (int)d->t[i].cue->num;
    return 0;
}

/* Period strings, each with its own literal format. */
static bool put_year(char *out, size_t n, int y)
{
    size_t len = 0;
    out[0] = '\0';
    cl_put_int(out, n, &len, y, 0); /* "%d" */
    return true;
}

static bool put_month(char *out, size_t n, int y, int m)
{
    size_t len = 0;
    out[0] = '\0';
    cl_put_int(out, n, &len, y, 0); /* "%d-%02d" */
    cl_put_text(out, n, &len, "-", 1);
    cl_put_int(out, n, &len, m, 2);
    return true;
}

static bool put_months(char *out, size_t n, int y, int m1, int y2, int m2)
{
    size_t len = 0;
    out[0] = '\0';
    if (y) { /* "%d-%02d/%d-%02d" */
        cl_put_int(out, n, &len, y, 0);
        cl_put_text(out, n, &len, "-", 1);
        cl_put_int(out, n, &len, m1, 2);
        cl_put_text(out, n, &len, "/", 1);
        cl_put_int(out, n, &len, y2, 0);
        cl_put_text(out, n, &len, "-", 1);
        cl_put_int(out, n, &len, m2, 2);
    } else { /* "%02d/%02d" */
        cl_put_int(out, n, &len, m1, 2);
        cl_put_text(out, n, &len, "/", 1);
        cl_put_int(out, n, &len, m2, 2);
    }
    return true;
}

static bool put_part(char *out, size_t n, int y, bool quarter, int k)
{
    size_t len = 0;
    out[0] = '\0';
    cl_put_int(out, n, &len, y, 0); /* "%d-Q%d", "%d-H%d" */
    cl_put_text(out, n, &len, quarter ? "-Q" : "-H", 2);
    cl_put_int(out, n, &len, k, 0);
    return true;
}

static int month_of(const char *s, size_t n)
{
    static const char *const names[] = {"January", "February", "March",     "April",
                                        "May",     "June",     "July",      "August",
                                        "September", "October", "November", "December"};
    for (int k = 0; k < 12; k++)
        if (strlen(names[k]) == n && memcmp(s, names[k], n) == 0)
            return k + 1;
    return 0;
}

static bool month_pair(const char *s, size_t n, int *m1, int *m2)
{
    const char *dash = memchr(s, '-', n);
    if (!dash)
        return false;
    *m1 = month_of(s, (size_t)(dash - s));
    *m2 = month_of(dash + 1, n - (size_t)(dash - s) - 1);
    return *m1 && *m2 && *m1 < *m2;
}

/* The rest of cl_period_may_start: a number must be a year; another
 * token needs to be a month or an ordinal, "the", "in", "for", "during",
 * "by" or "through" before a number, an ordinal or a number word ("in
 * 2025", "the first quarter", "the three months to"), a word before
 * "year" or "year's", "mid-2026", or a capitalised "January-November":
 * what every form of cl_period_at_slow starting at a word needs ("rose 5",
 * "the yuan", a word before "said" start none). */
/* "the", "in", "for", "during", "by", "through" (cl_period_at_slow's
 * words before a year or a count), told apart by the first byte first */
static bool opens_before_number(const cl_doc *d, size_t i)
{
    switch (d->t[i].c0) {
    case 'T':
        return cl_tok_isi(d, i, "the");
    case 't':
        return cl_tok_isi(d, i, "the") || cl_tok_is(d, i, "through");
    case 'i':
        return cl_tok_is(d, i, "in");
    case 'f':
        return cl_tok_is(d, i, "for");
    case 'd':
        return cl_tok_is(d, i, "during");
    case 'b':
        return cl_tok_is(d, i, "by");
    default:
        return false;
    }
}

bool cl_period_may_follow(const cl_doc *d, size_t i)
{
    const cl_tok *t = &d->t[i];
    if (t->kind == K_NUMBER)
        return t->cue || cl_is_year(d, i);
    int c = t->cls;
    if (c == CL_MONTH || c == CL_ORDINAL)
        return true;
    if (i + 1 < d->nt) {
        const cl_tok *nx = &d->t[i + 1];
        if ((nx->kind == K_NUMBER || nx->cls == CL_ORDINAL || nx->cls == CL_NUMWORD) &&
            opens_before_number(d, i))
            return true;
        if (nx->c0 == 'y' && (cl_tok_is(d, i + 1, "year") || cl_tok_is(d, i + 1, "year's")))
            return true;
    }
    size_t len = t->end - t->start;
    const char *w = d->text + t->start;
    return (len == 8 && w[0] == 'm') || (t->cap && memchr(w, '-', len));
}

bool cl_period_at_slow(const cl_doc *d, size_t i, size_t limit, char *out, size_t outlen,
                       size_t *end)
{
    int y, m, n;
    size_t e;
    /* "in 2025", "for 2025" */
    if ((cl_tok_is(d, i, "in") || cl_tok_is(d, i, "for") || cl_tok_is(d, i, "during") ||
         cl_tok_is(d, i, "by") || cl_tok_is(d, i, "through")) &&
        i + 1 < limit && tok_year(d, i + 1, &y) && cl_cls(d, i + 2) != CL_MONTH) {
        *end = i + 2;
        return put_year(out, outlen, y);
    }
    if (relative_year(d, i, &y, &e) && e <= limit) {
        *end = e;
        if (!y) {
            size_t len = 0;
            out[0] = '\0';
            cl_put_text(out, outlen, &len, d->text + d->t[i].start,
                        d->t[e - 1].end - d->t[i].start);
            return true;
        }
        return put_year(out, outlen, y);
    }
    /* "mid-2026" */
    if (d->t[i].kind == K_WORD && d->t[i].end - d->t[i].start == 8 &&
        memcmp(d->text + d->t[i].start, "mid-", 4) == 0) {
        const char *w = d->text + d->t[i].start + 4;
        int yy = 0;
        for (int k = 0; k < 4; k++)
            yy = w[k] >= '0' && w[k] <= '9' ? yy * 10 + (w[k] - '0') : -100000;
        if (yy >= 1900 && yy <= 2100) {
            *end = i + 1;
            return put_year(out, outlen, yy);
        }
    }
    /* "January-November" as one token (segment joins words at a hyphen) */
    if (d->t[i].kind == K_WORD) {
        int m1, m2;
        if (month_pair(d->text + d->t[i].start, d->t[i].end - d->t[i].start, &m1, &m2)) {
            size_t e2 = i + 1;
            y = tok_year(d, e2, &y) ? (e2++, y) : past_year(d, m2);
            *end = e2;
            return put_months(out, outlen, y, m1, y, m2);
        }
    }
    /* "January-November", "December 2025", "in December" */
    if (cl_cls(d, i) == CL_MONTH) {
        m = (int)d->t[i].cue->num;
        e = d->t[i].cue_end;
        if (e + 1 < limit && cl_tok_punct(d, e, '-') && cl_cls(d, e + 1) == CL_MONTH) {
            int m2 = (int)d->t[e + 1].cue->num;
            size_t e2 = d->t[e + 1].cue_end;
            y = tok_year(d, e2, &y) ? (e2++, y) : past_year(d, m2);
            *end = e2;
            if (!y)
                return put_months(out, outlen, 0, m, 0, m2);
            return put_months(out, outlen, y, m, y, m2);
        }
        if (e < d->nt && d->t[e].kind == K_NUMBER && !cl_is_year(d, e))
            return false; /* a date, "Dec. 27" */
        if (tok_year(d, e, &y))
            e++;
        else
            y = past_year(d, m);
        *end = e;
        if (!y)
            return false;
        return put_month(out, outlen, y, m);
    }
    /* "the first 11 months of 2025", "the first three quarters of last year",
     * "the first quarter", "the second half" */
    size_t k = i;
    if (cl_tok_isi(d, k, "the"))
        k++;
    if (cl_cls(d, k) == CL_ORDINAL && k + 1 < limit) {
        int ord = (int)d->t[k].cue->num;
        size_t q = k + 1;
        n = count_at(d, q);
        if (n)
            q++;
        const char *unit = cl_cls(d, q) == CL_PERIOD ? d->t[q].cue->str
                           : cl_cls(d, q) == CL_NUMWORD && d->t[q].cue->num == 0.5 ? "half"
                                                                                  : NULL;
        if (!unit)
            return false;
        int months = !strcmp(unit, "quarter") ? 3 : !strcmp(unit, "half") ? 6 :
                     !strcmp(unit, "month") ? 1 : 0;
        if (!months)
            return false;
        e = d->t[q].cue_end;
        size_t e2;
        int oy = of_year(d, e, &e2);
        if (n) {
            /* the first N months/quarters: from January */
            if (ord != 1)
                return false;
            int last = n * months;
            if (last > 12)
                return false;
            y = oy >= 0 ? oy : past_year(d, last);
            *end = oy >= 0 ? e2 : e;
            if (!y)
                return false;
            return put_months(out, outlen, y, 1, y, last);
        }
        if (months == 1 || ord * months > 12)
            return false;
        y = oy >= 0 ? oy : past_year(d, ord * months);
        *end = oy >= 0 ? e2 : e;
        if (!y)
            return false;
        return put_part(out, outlen, y, months == 3, ord);
    }
    /* "the three months to December" */
    if (cl_tok_isi(d, i, "the") && (n = count_at(d, i + 1)) && cl_cls(d, i + 2) == CL_PERIOD &&
        !strcmp(d->t[i + 2].cue->str, "month") && cl_tok_is(d, d->t[i + 2].cue_end, "to") &&
        cl_cls(d, d->t[i + 2].cue_end + 1) == CL_MONTH) {
        size_t mm = d->t[i + 2].cue_end + 1;
        m = (int)d->t[mm].cue->num;
        e = d->t[mm].cue_end;
        y = tok_year(d, e, &y) ? (e++, y) : past_year(d, m);
        if (!y || m - n + 1 < 1)
            return false;
        *end = e;
        return put_months(out, outlen, y, m - n + 1, y, m);
    }
    /* "the 2025 total", "its 2026 forecast": a year before a noun */
    if (tok_year(d, i, &y) && i + 1 < limit && d->t[i + 1].kind == K_WORD && !d->t[i + 1].cap &&
        i > 0 && (cl_tok_isi(d, i - 1, "the") || cl_tok_is(d, i - 1, "its") ||
                  cl_tok_is(d, i - 1, "their") || cl_tok_is(d, i - 1, "'s"))) {
        *end = i + 1;
        return put_year(out, outlen, y);
    }
    return false;
}

/* Whether any period cl_period_at_slow finds may start in sentence s,
 * by what each of its forms needs in the sentence: a month or an ordinal;
 * a year after "in", "for", "during", "by", "through", "the", "its",
 * "their" or "'s"; "year" or "year's" after "last", "this" or "next";
 * "month(s)" ("the three months to December"); "mid-2026"; a capitalised
 * "January-November"; or "the" among its last two tokens (the words after
 * it may run past the sentence's end). One walk over a sentence with
 * figures instead of the windows around each of them, for the sentences
 * with none. */
static bool sentence_may_have_period(const cl_doc *d, const cl_sent *s)
{
    for (size_t m = s->t0; m < s->t1; m++) {
        const cl_tok *t = &d->t[m];
        if (t->kind == K_PUNCT)
            continue;
        if (t->cls == CL_MONTH || t->cls == CL_ORDINAL ||
            (t->cls == CL_PERIOD && !strcmp(t->cue->str, "month")))
            return true;
        if (t->kind == K_NUMBER) {
            if (m > 0 && cl_is_year(d, m) &&
                (cl_tok_is(d, m - 1, "in") || cl_tok_is(d, m - 1, "for") ||
                 cl_tok_is(d, m - 1, "during") || cl_tok_is(d, m - 1, "by") ||
                 cl_tok_is(d, m - 1, "through") || cl_tok_isi(d, m - 1, "the") ||
                 cl_tok_is(d, m - 1, "its") || cl_tok_is(d, m - 1, "their") ||
                 cl_tok_is(d, m - 1, "'s")))
                return true;
            continue;
        }
        size_t len = t->end - t->start;
        if (t->c0 == 'y' && m > s->t0 && (cl_tok_is(d, m, "year") || cl_tok_is(d, m, "year's")) &&
            (cl_tok_isi(d, m - 1, "last") || cl_tok_isi(d, m - 1, "this") ||
             cl_tok_isi(d, m - 1, "next")))
            return true;
        if (len == 8 && t->c0 == 'm')
            return true;
        if (t->cap && len >= 7 && memchr(d->text + t->start, '-', len))
            return true;
        if (m + 2 >= s->t1 && cl_tok_isi(d, m, "the"))
            return true;
    }
    return false;
}

void cl_find_periods(cl_doc *d)
{
    for (size_t k = 0; k < d->nf; k++) {
        cl_fig *f = &d->f[k];
        if (f->role)
            continue;
        cl_sent *s = &d->s[f->sent];
        if (!s->may_period)
            s->may_period = sentence_may_have_period(d, s) ? 2 : 1;
        if (s->may_period == 1) {
            f->period[0] = '\0';
            continue;
        }
        size_t e;
        bool found = false;
        /* after the figure, up to the next figure that stands alone */
        size_t stop = s->t1;
        for (size_t m = k + 1; m < d->nf && d->f[m].sent == f->sent; m++)
            if (!d->f[m].role) {
                stop = d->f[m].t0;
                break;
            }
        /* "the lowest since September 2001" dates no figure */
        /* the cheap test of a start first: most tokens fail it */
        for (size_t i = f->t1; i < stop && i < f->t1 + 14 && !found; i++)
            found = cl_period_may_start(d, i, s->t1) && !cl_tok_is(d, i - 1, "since") &&
                    cl_period_at_slow(d, i, s->t1, f->period, sizeof(f->period), &e);
        size_t back = 30; /* "In 2025, the country's retail sales hit a new high, rising to" */
        for (size_t m = k; m > 0 && d->f[m - 1].sent == f->sent;)
            if (!d->f[--m].role) {
                back = f->t0 - d->f[m].t1 < back ? f->t0 - d->f[m].t1 : back;
                break;
            }
        for (size_t i = f->t0; !found && i > s->t0 && i + back > f->t0;) {
            i--;
            found = cl_period_may_start(d, i, f->t0) &&
                    !(i > 0 && cl_tok_is(d, i - 1, "since")) &&
                    cl_period_at_slow(d, i, f->t0, f->period, sizeof(f->period), &e);
        }
        if (!found)
            f->period[0] = '\0';
    }
}
