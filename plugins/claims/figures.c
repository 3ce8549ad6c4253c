/*
 * Figures: a number with its currency, scale and unit ("$1.13bn",
 * "45.47 trillion yuan", "3.8 percent", "350,000 tonnes", "40p", "two
 * million jobs"), ranges ("5%-7%", "between $95 and $110", "0.3 to 0.5
 * percentage point"), and the numbers that are not statistics (years,
 * dates, times, ranks, ages, phone numbers, numbers inside names).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claims.h"

/* A parsed amount before it becomes a figure. */
typedef struct amount {
    size_t t0, t1, num;
    double value;
    bool scaled;
    const char *unit;
    bool money, pct, pp;
    const char *rule;
} amount;

static int add_fig(cl_doc *d, const cl_fig *f)
{
    if (d->nf == d->fcap) {
        size_t cap = d->fcap ? d->fcap * 2 : 64;
        cl_fig *v = realloc(d->f, cap * sizeof(*v));
        if (!v)
            return -1;
        d->f = v;
        d->fcap = cap;
    }
    d->f[d->nf++] = *f;
    return 0;
}

/* "tonnes" -> "tonne", "companies" -> "company", "boxes" -> "box". */
static const char *singular(cl_doc *d, const char *w, size_t n)
{
    static const struct {
        const char *pl, *sg;
    } irregular[] = {{"people", "person"}, {"men", "man"},      {"women", "woman"},
                     {"children", "child"}, {"staff", "staff"}, {"sheep", "sheep"},
                     {"cattle", "cattle"}, {"lives", "life"},   {"wives", "wife"},
                     {"knives", "knife"},   {"halves", "half"},   {"thieves", "thief"},
                     {"leaves", "leaf"},    {"shelves", "shelf"}, {"wolves", "wolf"},
                     {"calves", "calf"},    {"loaves", "loaf"}};
    for (size_t k = 0; k < sizeof(irregular) / sizeof(irregular[0]); k++)
        if (strlen(irregular[k].pl) == n && memcmp(w, irregular[k].pl, n) == 0)
            return irregular[k].sg;
    size_t m = n;
    if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0) {
        char *s = td_doc_alloc(d->doc, n);
        if (!s)
            return NULL;
        memcpy(s, w, n - 3);
        memcpy(s + n - 3, "y", 2);
        return s;
    }
    if (n > 4 && (memcmp(w + n - 4, "ches", 4) == 0 || memcmp(w + n - 4, "shes", 4) == 0 ||
                  memcmp(w + n - 3, "xes", 3) == 0 || memcmp(w + n - 4, "sses", 4) == 0))
        m = n - 2;
    else if (n > 2 && w[n - 1] == 's' && w[n - 2] != 's')
        m = n - 1;
    return td_doc_strndup(d->doc, w, m);
}

/* Words after a plural that make it a verb (counted_noun). */
const char *const cl_verb_next[] = {"that", "the", "a", "an", "this", "these", "its",
                                       "their", "his", "her", "clearly", "continued", NULL};

/* A lower-case word that reads as a plural noun after a number. */
/* A plural noun after a number: lower case ("780,000 firms"), or
 * capitalised after a large count ("5.2 million Germans", "100,000 Minis"). */
static bool counted_noun(const cl_doc *d, size_t j, bool large)
{
    if (j >= d->nt || d->t[j].kind != K_WORD || (d->t[j].cap && !large))
        return false;
    if (d->t[j].entity && d->t[j].entity->label[0] != 'c')
        return false; /* a body or a person, not a demonym */
    const char *w = d->text + d->t[j].start;
    size_t n = d->t[j].end - d->t[j].start;
    if (n < 3 || w[n - 1] != 's' || w[n - 2] == 's' || w[n - 2] == '\'')
        return false;
    /* "serious", "various", "bonus", "analysis": an adjective or a
     * singular (not "Minis", "taxis") */
    if (w[n - 2] == 'u' || (n > 3 && w[n - 3] == 's' && w[n - 2] == 'i'))
        return false;
    for (size_t k = d->t[j].cap ? 1 : 0; k < n; k++)
        if (!((w[k] >= 'a' && w[k] <= 'z') || w[k] == '-'))
            return false;
    /* "280,000 homes a year", "65 lives a day": a rate, still the noun */
    if ((cl_tok_is(d, j + 1, "a") || cl_tok_is(d, j + 1, "an")) &&
        (cl_tok_is(d, j + 2, "year") || cl_tok_is(d, j + 2, "month") ||
         cl_tok_is(d, j + 2, "week") || cl_tok_is(d, j + 2, "day") ||
         cl_tok_is(d, j + 2, "hour") || cl_tok_is(d, j + 2, "head")))
        return true;
    /* a verb, not a noun, when a determiner follows: "a reading above 50
     * shows that", "indicates the" */
    if (cl_tok_in(d, j + 1, CL_SET_VERB_NEXT))
        return false;
    return true;
}

/* Function words that are no modifier of a counted noun. */
const char *const cl_modifier_stop[] = {"of", "to", "in", "the", "a", "an", "and", "or", "per",
                                       "from", "at", "by", "for", "with", "on", "than", "that",
                                       "which", "who", "was", "were", "be", "been", "will",
                                       "would", "can", "could", "may", "might", "should", "had",
                                       "did", "do", "not", "each", "every", "more", "new-found", NULL};

/* A word that may stand between a number and its noun: "500 idle
 * farms", "200 new jobs", "12 eurozone countries"; not a plural, a
 * function word or a lexicon word. */
static bool modifier(const cl_doc *d, size_t i)
{
    const cl_tok *t = &d->t[i];
    if (t->kind != K_WORD || t->cap || t->cue || t->entity)
        return false;
    const char *w = d->text + t->start;
    size_t n = t->end - t->start;
    /* a plural is no modifier, an adjective in -ous is ("serious") */
    if (n < 2 || (w[n - 1] == 's' && !(n > 4 && memcmp(w + n - 3, "ous", 3) == 0)))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!((w[k] >= 'a' && w[k] <= 'z') || w[k] == '-'))
            return false;
    if (cl_tok_in(d, i, CL_SET_MODIFIER_STOP))
        return false;
    return true;
}

static bool is_dash(const cl_doc *d, size_t i)
{
    return cl_tok_punct(d, i, '-') || cl_tok_is(d, i, "\xe2\x80\x93"); /* en dash */
}

/* A scale written onto a number ("1.13bn", "600m"): segment splits it off
 * as its own token, but the matcher finds words only at boundaries, so
 * the suffixes segment splits are read here. */
static double attached_scale(const cl_doc *d, size_t j, bool *pct)
{
    static const struct {
        const char *w;
        double mult;
    } suffixes[] = {{"bn", 1e9},  {"mn", 1e6},  {"m", 1e6},   {"k", 1e3},  {"tn", 1e12},
                    {"trn", 1e12}, {"b", 1e9},  {"K", 1e3},   {"M", 1e6},  {"B", 1e9},
                    {"bln", 1e9}, {"mln", 1e6}, {"pct", 0}};
    *pct = false;
    if (j == 0 || j >= d->nt || d->t[j - 1].end != d->t[j].start || d->t[j].kind != K_WORD)
        return 0;
    for (size_t k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++)
        if (cl_tok_is(d, j, suffixes[k].w)) {
            *pct = suffixes[k].mult == 0;
            return suffixes[k].mult;
        }
    return 0;
}

/* "40p": a word token of digits and a pence sign. */
static bool pence_word(const cl_doc *d, size_t i, double *v)
{
    const char *w = d->text + d->t[i].start;
    size_t n = d->t[i].end - d->t[i].start;
    if (n < 2 || n > 12 || w[n - 1] != 'p')
        return false;
    double x = 0, frac = 0;
    bool dot = false;
    for (size_t k = 0; k + 1 < n; k++) {
        if (w[k] == '.' && !dot) {
            dot = true;
            frac = 1;
        } else if (w[k] >= '0' && w[k] <= '9') {
            if (dot) {
                frac /= 10;
                x += (w[k] - '0') * frac;
            } else
                x = x * 10 + (w[k] - '0');
        } else
            return false;
    }
    *v = x;
    return true;
}

/* The amount at token i (a number, or a number word before a scale).
 * `lo` is the sentence start. */
static bool parse_amount(cl_doc *d, size_t i, size_t lo, size_t hi, amount *a)
{
    memset(a, 0, sizeof(*a));
    a->t0 = a->num = i;
    size_t j = i + 1;
    if (d->t[i].kind == K_NUMBER) {
        if (!d->t[i].has_value)
            return false;
        a->value = d->t[i].value;
        a->rule = "number";
    } else if (cl_cls(d, i) == CL_NUMWORD) {
        /* "two million", "half a billion" */
        j = d->t[i].cue_end;
        if (cl_tok_isi(d, j, "a") && d->t[i].cue->num < 1)
            j++;
        if (j >= hi || cl_cls(d, j) != CL_SCALE || d->t[j].cue->num < 1e6)
            return false;
        a->value = d->t[i].cue->num;
        a->rule = "number-word";
    } else if (d->t[i].kind == K_WORD && pence_word(d, i, &a->value)) {
        a->value /= 100;
        a->unit = "GBP";
        a->money = true;
        a->t1 = i + 1;
        a->rule = "pence";
        return true;
    } else
        return false;

    /* a currency before it: "$", "US$", "€", "USD " */
    if (i > lo && cl_cls(d, i - 1) == CL_CURRENCY && d->t[i - 1].cue->prefix) {
        const cl_entry *c = d->t[i - 1].cue;
        a->money = true;
        a->unit = c->str;
        a->t0 = i - 1;
        if (c->minor)
            a->value /= 100;
    } else if (i > lo + 1 && cl_tok_punct(d, i - 1, '-') && cl_cls(d, i - 2) == CL_CURRENCY &&
               d->t[i - 2].cue->prefix &&
               cl_adjacent(d, i - 2) && cl_adjacent(d, i - 1)) {
        a->money = true; /* "-$5m" is rare; "$-5" never: keep the sign out */
        a->unit = d->t[i - 2].cue->str;
        a->t0 = i - 2;
    }
    bool pct_suffix;
    double mult = j < hi ? attached_scale(d, j, &pct_suffix) : 0;
    if (j < hi && pct_suffix) {
        a->unit = "percent";
        a->pct = true;
        a->t1 = j + 1;
        return true;
    }
    if (mult > 0) {
        a->value *= mult;
        a->scaled = true;
        j++;
    } else if (j < hi && cl_cls(d, j) == CL_SCALE) {
        a->value *= d->t[j].cue->num;
        a->scaled = true;
        j = d->t[j].cue_end;
    }
    /* "0.25-percentage-point", "3.8-percent": a hyphen to a unit word;
     * any other hyphenated word makes a compound adjective ("45-year-old",
     * "40-foot box"), never a statistic of its own unless it is money */
    if (j + 1 < hi && cl_tok_punct(d, j, '-') && cl_adjacent(d, j - 1) && cl_adjacent(d, j)) {
        int c = cl_cls(d, j + 1);
        if (c == CL_PERCENT || c == CL_POINTS || c == CL_BASISPT || c == CL_SCALE)
            j++;
        else if (!a->money)
            return false;
    }
    int c = j < hi ? cl_cls(d, j) : CL_NONE;
    if (c == CL_PERCENT) {
        a->unit = "percent";
        a->pct = true;
        j = d->t[j].cue_end;
    } else if (c == CL_POINTS && !a->money) {
        a->unit = "percentage_points";
        a->pp = true;
        j = d->t[j].cue_end;
    } else if (c == CL_BASISPT && !a->money) {
        a->unit = "percentage_points";
        a->pp = true;
        a->value /= 100;
        j = d->t[j].cue_end;
    } else if (c == CL_CURRENCY && d->t[j].cue->str[0] != '\0') {
        const cl_entry *e = d->t[j].cue;
        if (!a->money) {
            a->money = true;
            a->unit = e->str;
            if (e->minor)
                a->value /= 100;
        }
        j = d->t[j].cue_end;
    } else if (!a->money) {
        if (c == CL_UNIT) {
            a->unit = d->t[j].cue->str;
            j = d->t[j].cue_end;
            a->rule = "counted-noun-lexicon";
        } else if (c == CL_NOTUNIT || c == CL_SCALE || c == CL_PERIOD) {
            return false;
        } else {
            /* "780,000 firms", "500 idle farms", "14,000 new net jobs" */
            bool large = a->scaled || a->value >= 1000;
            size_t k = j;
            while (k < hi && k < j + 2 && modifier(d, k))
                k++;
            if (k < hi && cl_cls(d, k) == CL_UNIT) {
                a->unit = d->t[k].cue->str;
                j = d->t[k].cue_end;
                a->rule = "counted-noun-lexicon";
            } else if (k < hi && cl_cls(d, k) == CL_NONE && counted_noun(d, k, large)) {
                /* "84,000 civil servants jobs": the last plural of the run */
                if (k + 1 < hi && cl_cls(d, k + 1) == CL_NONE && !d->t[k + 1].cap &&
                    counted_noun(d, k + 1, large))
                    k++;
                a->unit = singular(d, d->text + d->t[k].start, d->t[k].end - d->t[k].start);
                if (!a->unit)
                    return false;
                a->rule = k > j ? "counted-noun-after-adjective" : "counted-noun";
                j = k + 1;
            } else {
                return false;
            }
        }
    }
    a->t1 = j;
    return a->unit != NULL;
}

/* Numbers that are not statistics, judged around token i. */
static bool not_a_statistic(const cl_doc *d, size_t i, size_t lo, const amount *a)
{
    const cl_tok *t = d->t;
    if (t[i].kind != K_NUMBER)
        return false;
    if (cl_is_year(d, i) && !a->money && !a->pct && !a->scaled)
        return true; /* "2025 results", "the 2003 performance" */
    const char *w = d->text + t[i].start;
    size_t n = t[i].end - t[i].start;
    if (n > 1 && w[0] == '0' && memchr(w, '.', n) == NULL)
        return true; /* "020 7946": a phone or a code */
    if (i > lo) {
        int c = cl_cls(d, i - 1);
        if (c == CL_MONTH || c == CL_RANK || c == CL_AGE)
            return true;
        if (cl_tok_punct(d, i - 1, '+') || cl_tok_punct(d, i - 1, '#'))
            return true;
        /* "10 737-800 planes": a number right after a number is a model or a code */
        if (t[i - 1].kind == K_NUMBER && a->t0 == i)
            return true;
        /* a name: "Boeing 747 jets", "FTSE 100", "Group of 20 nations" */
        if (!a->money && !a->pct && !a->pp && a->t0 == i) {
            if (t[i - 1].kind == K_WORD && t[i - 1].cap && !t[i - 1].sent_start &&
                c == CL_NONE)
                return true;
            if (i > lo + 1 && cl_tok_is(d, i - 1, "of") && t[i - 2].kind == K_WORD &&
                t[i - 2].cap && cl_cls(d, i - 2) == CL_NONE)
                return true;
        }
        /* "Jan. 27-28": the second number of a date */
        if (i > lo + 2 && is_dash(d, i - 1) && t[i - 2].kind == K_NUMBER &&
            cl_cls(d, i - 3) == CL_MONTH)
            return true;
    }
    size_t k = a->t1 > i + 1 ? i + 1 : a->t1;
    if (k < d->nt && cl_cls(d, k) == CL_MONTH && !a->money && !a->pct)
        return true; /* "5 January" */
    if (i + 2 < d->nt && cl_tok_punct(d, i + 1, ':') && cl_adjacent(d, i) &&
        t[i + 2].kind == K_NUMBER)
        return true; /* "9:15" */
    if (cl_cls(d, i + 1) == CL_TIME)
        return true; /* "5 p.m." */
    return false;
}

/* 8.2 * 1e9 is 8199999999.999999 in binary: round to the digits written. */
static double tidy(double v)
{
    if (v == 0 || !isfinite(v) || fabs(v) < 1e4 || fabs(v) > 1e18)
        return v;
    /* values of 1e4 and more are whole numbers of base units in news copy
     * ("8.2bn" is 8200000000): the nearest one, when it is that near */
    double r = round(v);
    return fabs(r - v) < 1e-6 * fabs(v) ? r : v;
}

static void to_fig(const amount *a, size_t sent, cl_fig *f)
{
    memset(f, 0, sizeof(*f));
    f->t0 = (uint32_t)a->t0;
    f->t1 = (uint32_t)a->t1;
    f->num = (uint32_t)a->num;
    f->sent = (uint32_t)sent;
    f->value = tidy(a->value);
    f->unit = a->unit;
    f->money = a->money;
    f->is_pct = a->pct;
    f->is_pp = a->pp;
    f->rule = a->rule;
}

/* The qualifier before a figure: "more than", "about", "up to". */
static void qualifier(const cl_doc *d, size_t lo, cl_fig *f)
{
    /* a qualifier is at most four tokens long */
    for (size_t back = 1; back <= 4 && f->t0 >= lo + back; back++) {
        size_t q = f->t0 - back;
        if (cl_cls(d, q) == CL_QUALIFIER && d->t[q].cue_end == f->t0) {
            f->qualifier = d->t[q].cue->str;
            f->t0 = (uint32_t)q;
            return;
        }
    }
}

/* Try a range after amount x: "5%-7%", "5 to 6 percent", "between $95 and $110". */
static bool range_after(cl_doc *d, amount *x, size_t lo, size_t hi, bool between,
                        size_t num_end, amount *y)
{
    size_t j = x->unit ? x->t1 : num_end;
    /* "between 250 euros (£173) and 600 euros": over the bracket */
    if (j < hi && cl_tok_punct(d, j, '(')) {
        size_t c = j + 1;
        while (c < hi && c < j + 8 && !cl_tok_punct(d, c, ')'))
            c++;
        if (c < hi && cl_tok_punct(d, c, ')'))
            j = c + 1;
    }
    if (j + 1 >= hi)
        return false;
    bool sep = is_dash(d, j) || cl_tok_is(d, j, "to") || (between && cl_tok_is(d, j, "and"));
    if (!sep)
        return false;
    if (x->t0 > lo && cl_cls(d, x->t0 - 1) == CL_FROM && !is_dash(d, j))
        return false; /* "from 4.3 percent to 4.8 percent": a change */
    /* "rose $1.64 to $47.10", "jumped 80,000 barrels a day to 84 million":
     * after a change word, the amount of the change and the level it
     * reached, unless the two are close enough to be a range ("rose 5 to 6
     * percent") */
    bool after_change = x->t0 > lo && !is_dash(d, j) &&
                        (cl_cls(d, x->t0 - 1) == CL_UP || cl_cls(d, x->t0 - 1) == CL_DOWN ||
                         (x->t0 > lo + 1 && (cl_cls(d, x->t0 - 2) == CL_UP ||
                                             cl_cls(d, x->t0 - 2) == CL_DOWN) &&
                          d->t[x->t0 - 1].kind == K_WORD && cl_cls(d, x->t0 - 1) != CL_NONE));
    size_t k = j + 1;
    if (cl_cls(d, k) == CL_CURRENCY && d->t[k].cue->prefix && k + 1 < hi)
        k++;
    if (d->t[k].kind != K_NUMBER || !parse_amount(d, k, lo, hi, y))
        return false;
    if (k != y->num)
        return false;
    if (x->unit && strcmp(x->unit, y->unit) != 0)
        return false;
    if (!x->unit && !x->money && cl_is_year(d, x->num))
        return false; /* "halved in 2004 to $200m" */
    double v = x->value;
    if (!x->unit && !x->scaled && y->scaled)
        v *= y->value / d->t[y->num].value;
    if (v > y->value || (after_change && y->value > 2 * v))
        return false;
    if (!x->unit) {
        x->unit = y->unit;
        x->money = y->money;
        x->pct = y->pct;
        x->pp = y->pp;
        x->value = v;
    }
    return true;
}

/* Where the next figure may start: the heads of prepare()'s two sorted
 * lists (d->num), walked beside the figures instead of every token of a
 * sentence with a number. */
typedef struct num_cursor {
    const uint32_t *v, *v0, *ve; /* numbers, digit-led tokens */
    const uint32_t *w, *w0, *we; /* number words */
} num_cursor;

/* The first token of [i, hi) a figure can start at (a number, a number
 * word, a word led by a digit), or hi. The lists hold every such token
 * (and a few more, tested here); i mostly grows from call to call, so
 * each list's head moves on, over the document once. */
static size_t next_number(const cl_doc *d, num_cursor *c, size_t i, size_t hi)
{
    const cl_tok *t = d->t;
    while (c->v > c->v0 && c->v[-1] >= i)
        c->v--;
    while (c->w > c->w0 && c->w[-1] >= i)
        c->w--;
    while (c->v < c->ve && *c->v < i)
        c->v++;
    while (c->w < c->we && *c->w < i)
        c->w++;
    for (;;) {
        size_t a = c->v < c->ve ? *c->v : SIZE_MAX, b = c->w < c->we ? *c->w : SIZE_MAX;
        if (b <= a) /* a number word: a figure may start here */
            return b < hi ? b : hi;
        if (a >= hi)
            return hi;
        if (t[a].kind == K_NUMBER || (t[a].kind == K_WORD && t[a].c0 >= '0' && t[a].c0 <= '9'))
            return a;
        c->v++; /* a symbol or mark led by a digit */
    }
}

int cl_find_figures(cl_doc *d)
{
    num_cursor nc = {.v = d->num,
                     .v0 = d->num,
                     .ve = d->num + d->nnum,
                     .w = d->num + d->nt,
                     .w0 = d->num + d->nt,
                     .we = d->num + d->nt + d->nnumw};
    for (size_t s = 0; s < d->ns; s++) {
        if (!(d->s[s].has & CL_HAS_NUMBER))
            continue;
        size_t lo = d->s[s].t0, hi = d->s[s].t1;
        for (size_t i = next_number(d, &nc, lo, hi); i < hi;
             i = next_number(d, &nc, i + 1, hi)) {
            const cl_tok *t = &d->t[i];
            amount a, b;
            bool between = i > lo + 1 && (cl_tok_is(d, i - 1, "between") ||
                                          (cl_cls(d, i - 1) == CL_CURRENCY &&
                                           cl_tok_is(d, i - 2, "between")));
            bool ok = parse_amount(d, i, lo, hi, &a);
            size_t num_end = i + 1;
            if (!ok && t->kind == K_NUMBER && t->has_value) {
                /* a bare first number may take the unit of a range's second */
                memset(&a, 0, sizeof(a));
                a.t0 = a.num = i;
                a.value = t->value;
                a.rule = "number";
                if (i > lo && cl_cls(d, i - 1) == CL_CURRENCY && d->t[i - 1].cue->prefix) {
                    a.t0 = i - 1;
                    a.money = true;
                    a.unit = d->t[i - 1].cue->str;
                }
                bool pct_suffix;
                double mult = attached_scale(d, i + 1, &pct_suffix);
                if (mult > 0) {
                    a.value *= mult;
                    a.scaled = true;
                    num_end = i + 2;
                } else if (cl_cls(d, i + 1) == CL_SCALE) {
                    a.value *= d->t[i + 1].cue->num;
                    a.scaled = true;
                    num_end = d->t[i + 1].cue_end;
                }
                a.t1 = num_end;
            }
            if (!ok && !(t->kind == K_NUMBER && t->has_value))
                continue;
            if (ok)
                num_end = a.t1;
            bool range = range_after(d, &a, lo, hi, between, num_end, &b);
            if (!a.unit && !range && d->nf && d->f[d->nf - 1].sent == s &&
                cl_tok_is(d, num_end, "of") &&
                (cl_tok_is(d, num_end + 1, "them") || cl_tok_is(d, num_end + 1, "those"))) {
                /* "more than 240 economies ... over 190 of them" */
                const cl_fig *before = &d->f[d->nf - 1];
                if (!before->money && !before->is_pct && !before->is_pp) {
                    a.unit = before->unit;
                    a.rule = "counted-noun-of-them";
                }
            }
            if (!a.unit)
                continue;
            if (not_a_statistic(d, i, lo, &a)) {
                if (range)
                    i = b.t1 - 1;
                continue;
            }
            cl_fig f;
            to_fig(&a, s, &f);
            if (range) {
                f.range = true;
                f.vmin = tidy(a.value);
                f.vmax = tidy(b.value);
                f.value = f.vmin;
                f.t1 = (uint32_t)b.t1;
                f.rule = "range";
            }
            if (between)
                f.t0--;
            qualifier(d, lo, &f);
            if (add_fig(d, &f) != 0)
                return -1;
            i = f.t1 - 1;
            if (i < f.num)
                i = f.num;
        }
    }
    return 0;
}
