/*
 * Ties the figures of a sentence together: a change stated with a value
 * ("jumped 76% to $1.13bn", "reached 23.6 trillion yuan, up 6.3 percent"),
 * a previous value ("from $639m"), a second currency ("(about $6.5
 * trillion)"), a share ("57.3 percent of the total"), a direction ("rose
 * to 7.3 percent", "a 0.25-percentage-point cut"), and the change basis
 * ("year on year"). Every look is a few tokens to either side of a figure,
 * and only towards its neighbouring figures: linear in the sentence.
 */
#include <string.h>

#include "claims.h"

/* Words that may stand between a change word and its percentage:
 * "grew by 6.1 percent", "an increase of 3.8%", "rose only 0.5 percent". */
const char *const cl_fillers[] = {"by",     "of",    "a",      "an",     "only",
                                        "just",   "another", "some", "sharply", "slightly",
                                        "nearly", "almost", "roughly", "further", "around",
                                        "about",  "modest", "marginal", "strong", "steep",
                                        "massive", "sharp", "record", "slight", "the",
                                        /* "a growth forecast of 1.4%", "growth would be just 1%" */
                                        "forecast", "rate", "target", "estimate", "would", "will",
                                        "be", "is", "was", "could", "should", "projected", NULL};

static bool filler(const cl_doc *d, size_t i)
{
    return cl_cls(d, i) == CL_BASIS || cl_tok_in(d, i, CL_SET_FILLER);
}

static bool clause_break(const cl_doc *d, size_t i)
{
    int c = cl_cls(d, i);
    return cl_tok_punct(d, i, ';') || c == CL_CLAUSE || c == CL_REPORT || c == CL_FORECAST;
}

static int dir_of(int cls)
{
    return cls == CL_UP ? 1 : cls == CL_DOWN ? -1 : cls == CL_FLAT ? 2 : 0;
}

/* The change word before figure f, skipping fillers; its token or -1. */
static long change_before(const cl_doc *d, const cl_fig *f, size_t lo)
{
    /* "cut output by 3%", "increased flow of funds to agriculture by 30%":
     * a change verb, its object, "by" */
    size_t by = f->t0;
    while (by > lo + 1 && by + 3 > f->t0 &&
           (cl_tok_is(d, by - 1, "another") || cl_tok_is(d, by - 1, "a") ||
            cl_tok_is(d, by - 1, "further") || cl_tok_is(d, by - 1, "some")))
        by--;
    if (by > lo + 1 && cl_tok_is(d, by - 1, "by")) {
        for (size_t c = by - 1; c > lo && c + 8 > by;) {
            c--;
            int k = cl_cls(d, c);
            if ((k == CL_UP || k == CL_DOWN) && d->t[c].kind == K_WORD)
                return (long)c;
            if (d->t[c].kind != K_WORD || k == CL_REPORT || k == CL_CLAUSE)
                break;
        }
    }
    size_t i = f->t0;
    for (int skipped = 0; i > lo && skipped <= 3; skipped++) {
        i--;
        /* a cue spanning several tokens ("edged up") ends at i */
        size_t c = i;
        while (c > lo && !d->t[c].cue && i - c < 3)
            c--;
        if (d->t[c].cue && d->t[c].cue_end == i + 1 &&
            (dir_of(d->t[c].cue->cls) || cl_tok_is(d, c, "added")))
            return (long)c; /* "added 146,000 jobs": a speech verb, and a rise */
        if (!filler(d, i))
            return -1;
    }
    return -1;
}

/* Figures of one sentence, in order; "next level figure after k". */
static size_t next_level(const cl_doc *d, size_t k, size_t end)
{
    for (size_t m = k + 1; m < end; m++)
        if (d->f[m].role == R_LEVEL)
            return m;
    return end;
}

/* True when tokens [a, b) hold no clause break and at most `max` tokens. */
static bool clear(const cl_doc *d, size_t a, size_t b, size_t max)
{
    if (b < a || b - a > max)
        return false;
    for (size_t i = a; i < b; i++)
        if (clause_break(d, i) || dir_of(cl_cls(d, i)))
            return false;
    return true;
}

/* Like clear(), but change and forecast words may stand between. */
static bool quiet(const cl_doc *d, size_t a, size_t b, size_t max)
{
    if (b < a || b - a > max)
        return false;
    for (size_t i = a; i < b; i++)
        if (cl_tok_punct(d, i, ';') || cl_cls(d, i) == CL_CLAUSE || cl_cls(d, i) == CL_REPORT)
            return false;
    return true;
}

static void set_change(cl_fig *g, const cl_fig *f)
{
    g->change = f->change;
    g->change_pct = f->change_pct;
    g->dir = f->dir;
    if (!g->basis)
        g->basis = f->basis;
}

static void basis_near(const cl_doc *d, cl_fig *f, size_t lo, size_t hi)
{
    for (size_t i = f->t1; i < hi && i < f->t1 + 8; i++) {
        if (cl_cls(d, i) == CL_BASIS) {
            f->basis = d->t[i].cue->str;
            return;
        }
        if (clause_break(d, i) || cl_tok_punct(d, i, ','))
            break;
    }
    for (size_t i = f->t0; i > lo && i + 6 > f->t0;) {
        i--;
        if (cl_cls(d, i) == CL_BASIS && d->t[i].cue_end <= f->t0) {
            f->basis = d->t[i].cue->str;
            return;
        }
    }
}

static void link_sentence(cl_doc *d, size_t f0, size_t f1)
{
    size_t lo = d->s[d->f[f0].sent].t0, hi = d->s[d->f[f0].sent].t1;
    /* direction and change from the words around each figure */
    for (size_t k = f0; k < f1; k++) {
        cl_fig *f = &d->f[k];
        long c = change_before(d, f, lo);
        if (c >= 0) {
            f->dir = d->t[c].cue->cls == CL_REPORT ? 1 : dir_of(d->t[c].cue->cls);
            if (f->is_pct && f->dir != 2) {
                f->change = true;
                f->change_pct = f->dir * f->value;
            }
            f->link_rule = "change-word";
        } else {
            /* "climbed to a record 45.47", "rose to 7.3 percent", "held at 2%" */
            size_t i = f->t0;
            while (i > lo + 1 && i + 4 > f->t0 &&
                   (cl_tok_is(d, i - 1, "a") || cl_tok_is(d, i - 1, "record") ||
                    cl_tok_is(d, i - 1, "new") || cl_tok_is(d, i - 1, "an")))
                i--;
            bool to = i > lo + 1 && cl_tok_is(d, i - 1, "to");
            bool at = i > lo + 1 && cl_tok_is(d, i - 1, "at");
            for (size_t b = i - 1; (to || at) && b > lo && b + 4 > i;) {
                b--;
                if (d->t[b].cue && d->t[b].cue_end == i - 1 && dir_of(d->t[b].cue->cls)) {
                    int dir = dir_of(d->t[b].cue->cls);
                    if ((to && dir != 2) || (at && dir == 2)) {
                        f->dir = dir;
                        f->link_rule = "direction-to";
                    }
                    break;
                }
            }
        }
        if (f->t1 < hi && f->dir == 0 && f->is_pct && cl_cls(d, f->t1) == CL_QUALIFIER) {
            /* "21% more than the average", "5% less than a year ago" */
            const char *q = d->t[f->t1].cue->str;
            int dir = !strcmp(q, "more than") ? 1 : !strcmp(q, "less than") ? -1 : 0;
            if (dir) {
                f->dir = dir;
                f->change = true;
                f->change_pct = dir * f->value;
                f->link_rule = "change-than";
            }
        }
        size_t after = f->t1;
        if (after < hi && cl_cls(d, after) == CL_BASIS)
            after = d->t[after].cue_end; /* "a 6.3 percent year-on-year increase" */
        if (after < hi && f->dir == 0 && dir_of(cl_cls(d, after))) {
            /* "a 0.25-percentage-point cut", "a 5% rise" */
            f->dir = dir_of(cl_cls(d, after));
            if (after > f->t1)
                f->basis = d->t[f->t1].cue->str;
            f->t1 = d->t[after].cue_end; /* the change noun is part of the figure */
            if (f->is_pct && f->dir != 2) {
                f->change = true;
                f->change_pct = f->dir * f->value;
            }
            f->link_rule = cl_tok_is(d, f->t1, "than") ? "change-than" : "change-noun";
        }
        if (f->dir)
            basis_near(d, f, lo, hi);
    }
    /* "increased 5 percent and 8.6 percent": the second shares the change */
    for (size_t k = f0 + 1; k < f1; k++) {
        cl_fig *f = &d->f[k], *g = &d->f[k - 1];
        if (f->dir || !f->is_pct || !g->change || !g->is_pct || f->t0 != g->t1 + 1 ||
            !cl_tok_is(d, g->t1, "and"))
            continue;
        f->dir = g->dir;
        f->change = true;
        f->change_pct = f->dir * f->value;
        f->link_rule = "change-shared";
    }
    /* a second currency in brackets: "45.47 trillion yuan (about $6.5 trillion)" */
    for (size_t k = f0; k + 1 < f1; k++) {
        cl_fig *f = &d->f[k], *g = &d->f[k + 1];
        /* money in another currency, or a count in another unit: "32,000
         * acres (13,000 hectares)" */
        bool money = f->money && g->money;
        bool measure = !f->money && !g->money && !f->is_pct && !g->is_pct && !f->is_pp &&
                       !g->is_pp;
        if (f->role || (!money && !measure) || f->range)
            continue;
        if (!cl_tok_punct(d, f->t1, '(') || g->t0 != f->t1 + 1 || strcmp(f->unit, g->unit) == 0)
            continue;
        /* "(£600m)", "($6.58bn; £3.5bn)": the first is the alternative,
         * the others repeat it in a third currency */
        size_t m = k + 1;
        while (m + 1 < f1 && d->f[m + 1].money && d->f[m + 1].t0 == d->f[m].t1 + 1 &&
               (cl_tok_punct(d, d->f[m].t1, ';') || cl_tok_punct(d, d->f[m].t1, ',') ||
                cl_tok_punct(d, d->f[m].t1, '/')))
            m++;
        if (!cl_tok_punct(d, d->f[m].t1, ')'))
            continue;
        f->alt = true;
        f->alt_value = g->value;
        f->alt_unit = g->unit;
        for (size_t a = k + 1; a <= m; a++)
            d->f[a].role = R_ABSORBED;
        f->t1 = d->f[m].t1 + 1; /* the figure with its brackets */
    }
    /* the same figure in another currency, in words: "12 trillion yuan,
     * equivalent to about 1.7 trillion dollars", "£350m, or about $450m" */
    for (size_t k = f0; k + 1 < f1; k++) {
        cl_fig *f = &d->f[k], *g = &d->f[k + 1];
        if (f->role || g->role || !f->money || !g->money || f->alt || f->range ||
            strcmp(f->unit, g->unit) == 0)
            continue;
        size_t i = f->t1;
        if (cl_tok_punct(d, i, ','))
            i++;
        if (cl_tok_is(d, i, "equivalent") && cl_tok_is(d, i + 1, "to"))
            i += 2;
        else if (cl_tok_is(d, i, "or") && i > f->t1)
            i++;
        else
            continue;
        if (g->t0 != i)
            continue;
        f->alt = true;
        f->alt_value = g->value;
        f->alt_unit = g->unit;
        g->role = R_ABSORBED;
    }
    /* a share: "26.04 trillion yuan of trade, 57.3 percent of the total" */
    for (size_t k = f0 + 1; k < f1; k++) {
        cl_fig *f = &d->f[k];
        if (f->role || !f->is_pct || f->change || f->dir)
            continue;
        bool of_total = cl_tok_is(d, f->t1, "of");
        bool cue = f->t0 > lo && cl_cls(d, f->t0 - 1) == CL_SHARE;
        if (!of_total && !cue)
            continue;
        for (size_t m = k; m > f0;) {
            m--;
            cl_fig *g = &d->f[m];
            if (g->role || (g->is_pct && g->change))
                continue; /* "23.6 trillion yuan, up 6.3 percent, or 51.9 percent of" */
            if (!g->is_pct && !g->share && quiet(d, g->t1, f->t0, 14)) {
                g->share = true;
                g->share_pct = f->value;
                f->role = R_ABSORBED;
            }
            break;
        }
    }
    /* a change then its value: "jumped 76% to $1.13bn", "rose 0.5 percent in 2025, to" */
    for (size_t k = f0; k < f1; k++) {
        cl_fig *f = &d->f[k];
        if (f->role || !f->change)
            continue;
        size_t m = next_level(d, k, f1);
        if (m == f1)
            continue;
        cl_fig *g = &d->f[m];
        size_t to = g->t0;
        while (to > f->t1 && (cl_tok_is(d, to - 1, "a") || cl_tok_is(d, to - 1, "record") ||
                              cl_tok_is(d, to - 1, "reach") || cl_tok_is(d, to - 1, "new")))
            to--;
        if (to <= f->t1 || !(cl_tok_is(d, to - 1, "to") || cl_tok_is(d, to - 1, "at")) ||
            g->change ||
            !clear(d, f->t1, to - 1, 8))
            continue;
        set_change(g, f);
        g->lead = f->lead ? f->lead : f->t0;
        g->link_rule = "change-to-value";
        f->role = R_ABSORBED;
    }
    /* a value then its change: "reached 23.6 trillion yuan, up 6.3 percent" */
    for (size_t k = f0; k < f1; k++) {
        cl_fig *g = &d->f[k];
        if (g->role || g->change || g->is_pct)
            continue;
        size_t m = next_level(d, k, f1);
        if (m == f1)
            continue;
        cl_fig *f = &d->f[m];
        if (!f->change || f->dir == 0)
            continue;
        long c = change_before(d, f, lo);
        if (c < 0 || (size_t)c <= g->t1)
            continue;
        /* the change word stands after a comma or "and", with no verb before
         * it: ", up 6.3 percent", ", a year-on-year increase of 3.8%" */
        size_t before = (size_t)c - 1;
        while (before > g->t1 && (cl_tok_is(d, before, "a") || cl_tok_is(d, before, "an") ||
                                  cl_cls(d, before) == CL_BASIS))
            before--;
        if (!(cl_tok_punct(d, before, ',') || cl_tok_is(d, before, "and")))
            continue;
        if (!clear(d, g->t1, (size_t)c, 12))
            continue;
        set_change(g, f);
        g->link_rule = "value-then-change";
        f->role = R_ABSORBED;
    }
    /* "cutting output by 10,000 vehicles, or 1.2%": the percentage of the
     * change; "4.875 million people or 11.7%": the share of a whole */
    for (size_t k = f0; k + 1 < f1; k++) {
        cl_fig *g = &d->f[k], *f = &d->f[k + 1];
        if (g->role || f->role || g->is_pct || !f->is_pct || f->change || g->change)
            continue;
        size_t i = g->t1;
        if (cl_tok_punct(d, i, ','))
            i++;
        if (!cl_tok_is(d, i, "or") || f->t0 != i + 1)
            continue;
        if (g->dir == 1 || g->dir == -1) {
            g->change = true;
            g->change_pct = g->dir * f->value;
        } else {
            g->share = true;
            g->share_pct = f->value;
        }
        g->link_rule = "or-percent";
        f->role = R_ABSORBED;
    }
    /* "9.3 million tonnes of wheat in 2024, 12% higher than in 2023" */
    for (size_t k = f0; k + 1 < f1; k++) {
        cl_fig *g = &d->f[k], *f = &d->f[k + 1];
        if (g->role || f->role || g->is_pct || g->change || !f->change || !f->link_rule ||
            strcmp(f->link_rule, "change-than") != 0 || f->t0 == 0 || !cl_tok_punct(d, f->t0 - 1, ',') ||
            !clear(d, g->t1, f->t0 - 1, 10))
            continue;
        set_change(g, f);
        g->link_rule = "value-then-change";
        f->role = R_ABSORBED;
    }
    /* a previous value: "to $1.13bn ... from $639m", "rose to 7.3 percent from 6.9 percent" */
    for (size_t k = f0; k < f1; k++) {
        cl_fig *f = &d->f[k];
        if (f->role)
            continue;
        size_t m = next_level(d, k, f1);
        if (m == f1)
            continue;
        cl_fig *g = &d->f[m];
        size_t from = g->t0;
        /* "compared with a loss of 984m euros" */
        while (from > f->t1 + 1 && from + 3 > g->t0 &&
               (cl_tok_is(d, from - 1, "of") || cl_tok_is(d, from - 1, "a") ||
                cl_tok_is(d, from - 1, "loss") || cl_tok_is(d, from - 1, "profit") ||
                cl_tok_is(d, from - 1, "deficit") || cl_tok_is(d, from - 1, "surplus")) &&
               !(cl_cls(d, from - 1) == CL_FROM))
            from--;
        if (from > f->t1 + 1 && cl_cls(d, from - 2) == CL_FROM && d->t[from - 2].cue_end == from)
            from -= 2; /* "up from", "down from" */
        else if (from > f->t1 && cl_cls(d, from - 1) == CL_FROM)
            from--;
        else
            continue;
        bool stated = d->t[from].cue->num != 0 && cl_tok_punct(d, from - 1, ',');
        if (!(stated ? quiet(d, f->t1, from, 14) : clear(d, f->t1, from, 12)) ||
            (f->money != g->money) || (f->money && strcmp(f->unit, g->unit) != 0) ||
            f->is_pct != g->is_pct)
            continue;
        f->prev = true;
        f->prev_value = g->value;
        int dir = (int)d->t[from].cue->num;
        if (!f->dir)
            f->dir = dir ? dir : f->value > g->value ? 1 : f->value < g->value ? -1 : 2;
        g->role = R_ABSORBED;
    }
}

/* "raised surcharges from £6 to £10": the later figure with the earlier as
 * its previous value. */
static void from_to(cl_doc *d, size_t f0, size_t f1, size_t lo)
{
    for (size_t k = f0; k + 1 < f1; k++) {
        cl_fig *g = &d->f[k], *f = &d->f[k + 1];
        /* "from about 4.5% today to about 25%": a word or two before "to" */
        size_t to = g->t1;
        while (to < f->t0 && to < g->t1 + 2 && !cl_tok_is(d, to, "to") && d->t[to].kind == K_WORD)
            to++;
        if (g->role || f->role || f->prev || g->t0 <= lo || cl_cls(d, g->t0 - 1) != CL_FROM ||
            f->t0 != to + 1 || !cl_tok_is(d, to, "to") || f->money != g->money ||
            f->is_pct != g->is_pct || (f->money && strcmp(f->unit, g->unit) != 0))
            continue;
        f->prev = true;
        f->prev_value = g->value;
        if (!f->dir)
            f->dir = f->value > g->value ? 1 : f->value < g->value ? -1 : 2;
        if (!f->link_rule)
            f->link_rule = "from-to";
        g->role = R_ABSORBED;
    }
}

void cl_link_figures(cl_doc *d)
{
    for (size_t k = 0; k < d->nf;) {
        size_t e = k + 1;
        while (e < d->nf && d->f[e].sent == d->f[k].sent)
            e++;
        from_to(d, k, e, d->s[d->f[k].sent].t0);
        link_sentence(d, k, e);
        k = e;
    }
}
