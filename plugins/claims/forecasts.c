/*
 * Forecasts: a clause with a forecast word ("X forecast that", "expects",
 * "is projected to", "is set to", "is likely to", "raised its forecast
 * to", "we see") or a modal before a change word ("will barely grow",
 * "could fall"). One per clause, with the statistic it states, its
 * horizon ("2026", "2026-Q1", "the next five years") and its source: the
 * speaker of the quote around it, the subject of the forecast verb, the
 * body whose forecast it is ("Goldman Sachs ... its 2026 forecast"), or
 * "according to X".
 */
#include <string.h>

#include "claims.h"

static const char *direction_names[] = {"down", "", "up", "flat"};


/* "is expected", "were forecast": the cue word after a form of "be" (not
 * a progressive: "is expecting" is the subject's own forecast) */
static bool passive(const cl_doc *d, size_t v)
{
    size_t n = d->t[v].end - d->t[v].start;
    if (n > 4 && memcmp(d->text + d->t[v].end - 3, "ing", 3) == 0)
        return false;
    return v > 0 && (cl_tok_is(d, v - 1, "is") || cl_tok_is(d, v - 1, "are") ||
                     cl_tok_is(d, v - 1, "was") || cl_tok_is(d, v - 1, "were") ||
                     cl_tok_is(d, v - 1, "be") || cl_tok_is(d, v - 1, "been"));
}

/* Verbs of a trend (trend_verb). */
const char *const cl_trend_verbs[] = {"lag", "outpace", "continue", "remain", "stay",
                                        "recover", "recovering", "maintain", "keep", "hold", "outperform",
                                        "underperform", "stabilise", "stabilize", "peak", NULL};

/* Verbs of a trend that are no change words: "is set to lag", "is
 * expected to continue", "to maintain steady growth". */
static bool trend_verb(const cl_doc *d, size_t i)
{
    if (cl_tok_in(d, i, CL_SET_TREND))
        return true;
    return false;
}

static bool boundary(const cl_doc *d, size_t i)
{
    /* a relative clause ("the WTO, which has cut its forecast") and
     * "according to" stay with the forecast they qualify */
    if (cl_tok_punct(d, i, ';') || cl_tok_punct(d, i, ':') ||
        (cl_cls(d, i) == CL_CLAUSE && !cl_tok_is(d, i, "which")))
        return true;
    return cl_tok_punct(d, i, ',') && (cl_cls(d, i + 1) == CL_REPORT || cl_tok_is(d, i + 1, "who"));
}


/* A number that can be a forecast's figure: not a year, not a day of a
 * month ("is expected on 6 January"). */
static bool quantity_number(const cl_doc *d, size_t k)
{
    if (d->t[k].kind != K_NUMBER || cl_is_year(d, k))
        return false;
    if (cl_cls(d, k + 1) == CL_MONTH || (k > 0 && cl_cls(d, k - 1) == CL_MONTH))
        return false;
    return true;
}

/* Words of a time ahead (period_word): "in the second quarter", "next year". */
const char *const cl_period_words[] = {"quarter", "year", "month", "week", "next", "coming",
                                       "ahead", "soon", "improvement", "recovery", NULL};

static bool period_word(const cl_doc *d, size_t i)
{
    return cl_tok_in(d, i, CL_SET_PERIOD);
}

/* Verbs that put a figure on an outcome (outcome_verb): "would save the
 * country £119m", "will cost 300m euros", "could create 2,500 jobs" (a
 * deal's terms are deal_verb's). */
const char *const cl_outcome_verbs[] = {"save", "cost", "create", "generate", "raise",
                                        "lose", "earn", "bring", "wipe", "add", NULL};

static bool outcome_verb(const cl_doc *d, size_t i)
{
    return cl_tok_in(d, i, CL_SET_OUTCOME);
}

/* Verbs of a deal's terms (deal_verb). */
const char *const cl_deal_verbs[] = {"pay", "receive", "buy", "sell", "acquire", "offer",
                                        "charge", "spend", NULL};

/* Verbs of a deal's terms: "will pay $2bn for", "is to receive £24.5m". */
static bool deal_verb(const cl_doc *d, size_t i)
{
    if (cl_tok_in(d, i, CL_SET_DEAL))
        return true;
    return false;
}

const char *const cl_quantity_nouns[] = {
        "sales",     "output",   "growth",    "demand",    "prices",    "price",   "profits",
        "profit",    "loss",     "losses",    "jobs",      "spending",  "investment", "revenue",
        "revenues",  "earnings", "exports",   "imports",   "inflation", "rates",   "rate",
        "deficit",   "production", "share",   "coverage",  "costs",     "margins", "economy",
        "economies", "dividend", "dividends", "unemployment", "value",  "volumes", "orders",
        "capacity",  "debt",     "budget",    "wages",     "income",    "yields", NULL};

/* Nouns of a measurable trend: a future about one of them is a forecast
 * ("will need emergency assistance" is not; "will hit Europe's economies",
 * "is to boost spending" are). */
static bool quantity_noun(const cl_doc *d, size_t i)
{
    /* asked of the same token by every modal of its clause: the answer is
     * kept on the token (the per-call scratch, never const itself) */
    if (i >= d->nt)
        return false;
    cl_tok *t = (cl_tok *)&d->t[i];
    if (t->qnoun)
        return t->qnoun == 2;
    t->qnoun = cl_tok_in(d, i, CL_SET_QUANTITY) ? 2 : 1;
    return t->qnoun == 2;
}

/* A change word or a quantity noun after a modal makes a forecast, not: a figure alone is a deal's term ("will
 * pay $2bn", "could face 85 years"), and "remain"/"keep" a verdict ("will
 * remain a bargaining tool"), unless the clause named a quantity before
 * the modal ("the target for the deficit will be 4.3%"). */
static bool measurable_after_modal(const cl_doc *d, size_t c0, size_t v, size_t c1)
{
    /* a quantity or an amount named before the modal: "the target for the
     * deficit will be 4.3%", "80bn rupees will be spent" */
    bool named = false;
    for (size_t k = c0; k < v; k++)
        named = named || quantity_noun(d, k) || quantity_number(d, k);
    if (named && v + 1 < c1 && cl_tok_is(d, v + 1, "be"))
        return true;
    for (size_t k = v + 1; k < c1 && k < v + 9; k++) {
        int kc = cl_cls(d, k);
        bool adverb = cl_tok_is(d, k, "up") || cl_tok_is(d, k, "down"); /* "take up" */
        if (((kc == CL_UP || kc == CL_DOWN || kc == CL_FLAT) && !adverb) || quantity_noun(d, k) ||
            (named && quantity_number(d, k)))
            return true;
        if (kc == CL_REPORT)
            return false;
    }
    return false;
}

/* "predicted", "predicts", "projected", "economists predict": the verb,
 * which a clause with a modal completes ("... the election will be
 * close"); not the nouns "capital projects", "its forecast". */
static bool cue_is_verb(const cl_doc *d, size_t v, const char *how)
{
    const char *e = d->text + d->t[v].end;
    size_t n = d->t[v].end - d->t[v].start;
    if (n > 4 && e[-2] == 'e' && e[-1] == 'd')
        return true;
    if (!strcmp(how, "project"))
        return false;
    if (n > 4 && e[-2] == 't' && e[-1] == 's' && !strcmp(how, "predict"))
        return true; /* "predicts"; "forecasts" is mostly the noun */
    return v > 0 && d->t[v - 1].kind == K_WORD && !cl_tok_isi(d, v - 1, "the") &&
           !cl_tok_isi(d, v - 1, "its") && !cl_tok_isi(d, v - 1, "their") &&
           !cl_tok_isi(d, v - 1, "a") && !cl_tok_isi(d, v - 1, "his") &&
           !cl_tok_isi(d, v - 1, "her") && !cl_tok_isi(d, v - 1, "our");
}

static const cl_fig *figure_in(const cl_doc *d, size_t a, size_t b);

/* Token v starts a forecast in clause [c0, c1): its kind, or NULL. */
static const char *cue_at(const cl_doc *d, size_t c0, size_t v, size_t c1)
{
    int c = cl_cls(d, v);
    /* "not as strong as could be expected", "more than would normally be
     * expected": a comparison with what a modal supposes (not "as will be
     * the case in Japan") */
    if (c == CL_MODAL && v > 0 && (cl_tok_is(d, v - 1, "as") || cl_tok_is(d, v - 1, "than")))
        for (size_t k = v + 1; k < c1 && k < v + 5; k++)
            if (cl_supposed(d, k))
                return NULL;
    if (c == CL_FORECAST) {
        const char *how = d->t[v].cue->str;
        /* "fewer jobs than expected", "better than previously forecast",
         * "as expected": a comparison with a forecast, not one */
        for (size_t k = v; k > 0 && k + 4 > v;) {
            k--;
            if (cl_tok_is(d, k, "than") || cl_tok_is(d, k, "as") || cl_tok_is(d, k, "what"))
                return NULL; /* also "more than analysts had expected", "twice
                              * what analysts had been expecting" */
            if (cl_beats_forecast(d, k))
                return NULL; /* "beat profit forecasts", "missed analysts'
                              * forecasts", "fell short of forecasts": an
                              * outcome measured against a forecast */
            if (d->t[k].kind != K_WORD && !cl_tok_is(d, k, "'") && !cl_tok_is(d, k, "'s") &&
                !cl_tok_is(d, k, "\u2019") && !cl_tok_is(d, k, "\u2019s"))
                break;
        }
        if (v > 1 && cl_tok_is(d, v - 1, "been") && cl_tok_is(d, v - 2, "had"))
            return NULL; /* "had been expecting": an expectation of the past */
        if (cl_past_perfect(d, v))
            return NULL; /* "analysts had expected 34 cents", "had widely
                          * been forecast": the past's expectation */
        size_t j = d->t[v].cue_end;
        if ((cl_tok_is(d, v, "expected") || cl_tok_is(d, v, "anticipated")) && v > 0 &&
            (cl_tok_is(d, v - 1, "much") || cl_tok_is(d, v - 1, "widely") ||
             cl_tok_is(d, v - 1, "long") || cl_tok_is(d, v - 1, "eagerly") ||
             cl_tok_is(d, v - 1, "of") || cl_tok_is(d, v - 1, "an") || cl_tok_is(d, v - 1, "the")))
            return NULL; /* an adjective: "its much anticipated offer" */
        if (!strcmp(how, "see")) {
            /* seeing, not foreseeing: "as you can see", "I don't see why",
             * "would like to see", "to see off": an ability, a negation, a
             * wish or an infinitive before it, a phrasal verb after it */
            if (v > 0 && (cl_tok_isi(d, v - 1, "can") || cl_tok_isi(d, v - 1, "could") ||
                          cl_tok_isi(d, v - 1, "cannot") || cl_tok_isi(d, v - 1, "to") ||
                          cl_tok_isi(d, v - 1, "not") || cl_tok_isi(d, v - 1, "n't") ||
                          cl_tok_isi(d, v - 1, "don't") || cl_tok_isi(d, v - 1, "doesn't") ||
                          cl_tok_isi(d, v - 1, "didn't") || cl_tok_isi(d, v - 1, "can't") ||
                          cl_tok_isi(d, v - 1, "let") || cl_tok_isi(d, v - 1, "never")))
                return NULL;
            if (j < c1 && (cl_tok_is(d, j, "why") || cl_tok_is(d, j, "off") ||
                           cl_tok_is(d, j, "through") || cl_tok_is(d, j, "fit")))
                return NULL;
            /* "we see volumes recovering", not "wait and see how" */
            if (j >= c1 || d->t[j].kind != K_WORD || cl_tok_is(d, j, "how") ||
                cl_tok_is(d, j, "what") || cl_tok_is(d, j, "whether") || cl_tok_is(d, j, "if") ||
                cl_tok_is(d, j, "as") || cl_tok_is(d, j, "no") || cl_tok_is(d, j, "that"))
                return NULL;
            /* "we see volumes recovering", "see consumer prices rising 1.9
             * percent": a change or a figure after it */
            for (size_t k = j; k < c1 && k < j + 8; k++) {
                int kc = cl_cls(d, k);
                if (kc == CL_UP || kc == CL_DOWN || kc == CL_FLAT || quantity_number(d, k) ||
                    trend_verb(d, k))
                    return how;
            }
            return NULL;
        }
        if (!strcmp(how, "estimate"))
            return NULL;
        if (!strcmp(how, "intend") || !strcmp(how, "is-to")) {
            /* "hopes to increase the number of users", "is to boost spending",
             * "a plan to triple US sales": an aim about a quantity */
            if (!strcmp(how, "intend") && !cl_tok_is(d, j, "to"))
                return NULL;
            /* "the solution is to cut wages", "the only option is to sell":
             * advice or a choice, not an aim anyone holds */
            if (!strcmp(how, "is-to") && v > 0 && cl_option_noun(d, v - 1))
                return NULL;
            /* an aim wants a change or a figure: not "plans to promote exports";
             * "Some 200 new jobs are to be created": the figure before it */
            if (deal_verb(d, j + (cl_tok_is(d, j, "to") ? 1 : 0)))
                return NULL;
            /* a statistic, not any number: "Mr Boateng, 53, is to become" */
            if (!strcmp(how, "is-to") && figure_in(d, c0, v))
                return how;
            for (size_t k = j; k < c1 && k < j + 10; k++) {
                int kc = cl_cls(d, k);
                if (((kc == CL_UP || kc == CL_DOWN) && !cl_particle(d, k)) || quantity_number(d, k))
                    return how;
                if (kc == CL_REPORT)
                    break;
            }
            return NULL;
        }
        if (!strcmp(how, "set") || !strcmp(how, "likely") || passive(d, v)) {
            /* "is set to lag", "is expected to rise": a trend or a figure
             * after it; not "is set to take effect on March 1" */
            for (size_t k = j; k < c1 && k < j + 8; k++) {
                int kc = cl_cls(d, k);
                if (((kc == CL_UP || kc == CL_DOWN || kc == CL_FLAT) && !cl_particle(d, k)) ||
                    quantity_number(d, k) || trend_verb(d, k))
                    return how;
            }
            return NULL;
        }
        if (v > 0 && (cl_tok_is(d, v - 1, "original") || cl_tok_is(d, v - 1, "previous") ||
                      cl_tok_is(d, v - 1, "earlier") || cl_tok_is(d, v - 1, "initial")))
            return NULL; /* "far above its original projection": a past forecast */
        if (!strcmp(how, "forecast") || !strcmp(how, "project") || !strcmp(how, "predict")) {
            /* a noun wants a figure or a year after it: "its 2026 forecast
             * for GDP to 4.8 percent", not "Not all forecasts were upbeat";
             * a verb a clause with a modal: "predicted the election will be
             * close" */
            bool verb = cue_is_verb(d, v, how);
            /* "projects" is mostly building projects: a figure or "that"
             * after it, not a change word ("capital projects are slow") */
            bool projects = !strcmp(how, "project") && cl_tok_isi(d, v, "projects");
            for (size_t k = j; k < c1 && k < j + 20; k++)
                if (cl_tok_is(d, k, "that") || d->t[k].kind == K_NUMBER ||
                    ((cl_cls(d, k) == CL_UP || cl_cls(d, k) == CL_DOWN) && !projects) ||
                    (verb && cl_cls(d, k) == CL_MODAL && k > j))
                    return how;
            for (size_t k = v; k > 0 && k + 4 > v;)
                if (cl_is_year(d, --k))
                    return how;
            return NULL;
        }
        if (!strcmp(how, "expect")) {
            /* "expects growth of 3%", "expect prices to rise", "is expecting
             * an election in May": something ahead after it, a clause, a
             * quantity or a date; not "we expected a bit of this" */
            for (size_t k = j; k < c1 && k < j + 12; k++) {
                int kc = cl_cls(d, k);
                if (cl_tok_is(d, k, "to") || cl_tok_is(d, k, "that") || kc == CL_MODAL ||
                    kc == CL_UP || kc == CL_DOWN || kc == CL_FLAT || kc == CL_MONTH ||
                    quantity_number(d, k) || quantity_noun(d, k) || trend_verb(d, k) ||
                    cl_is_year(d, k) || period_word(d, k))
                    return how;
            }
            return NULL;
        }
        return how;
    }
    if (c == CL_MODAL && ((cl_tok_is(d, v + 1, "add") &&
                           (cl_tok_is(d, v + 2, "that") || v + 2 >= c1 || d->t[v + 2].kind == K_PUNCT)) ||
                          cl_cls(d, v + 1) == CL_REPORT))
        return NULL; /* "I may add that", "would say"; not "will add 6 percent" */
    if (c == CL_MODAL && (deal_verb(d, v + 1) || cl_modal_predicts_nothing(d, v, c1)))
        return NULL;
    /* "another way to cut losses could be to shift production", "the
     * answer might be to wait": an option weighed, not a prediction (but
     * "the result could be to raise output" predicts) */
    if (c == CL_MODAL && v + 2 < c1 && cl_tok_is(d, v + 1, "be") && cl_tok_is(d, v + 2, "to"))
        for (size_t k = v; k > c0 && k + 8 > v;)
            if (cl_option_noun(d, --k))
                return NULL;
    if (c == CL_MODAL && v + 2 < c1 && !cl_tok_is(d, v + 1, "not")) {
        /* "would save affected countries £3bn a year", "could create 2,500
         * jobs": an outcome with its figure (within a few words) */
        size_t w = v + 1;
        if (w + 1 < c1 && (cl_tok_is(d, w, "also") || cl_tok_is(d, w, "only") ||
                           cl_tok_is(d, w, "eventually")))
            w++;
        if (outcome_verb(d, w) && !cl_tok_is(d, w + 1, "that"))
            for (size_t k = w + 1; k < c1 && k < w + 6; k++)
                if (quantity_number(d, k))
                    return "modal";
    }
    if (c == CL_MODAL && measurable_after_modal(d, c0, v, c1) && !cl_tok_is(d, v + 1, "have") &&
        !cl_tok_is(d, v + 1, "not")) {
        /* "would hit Europe's economies", "will be 4.3%", "should help
         * underpin profits"; not "would have been" (the past) */
        return "modal";
    }
    if (c == CL_MODAL) {
        /* "will barely grow" (a change word within two), "could push soybean
         * prices down 8 percent" (further, when a figure follows it), not
         * "will try to sign up subscribers" */
        for (size_t j = v + 1; j < c1 && j < v + 6; j++) {
            int k = cl_cls(d, j);
            if (k == CL_UP || k == CL_DOWN || k == CL_FLAT) {
                bool adverb = cl_tok_is(d, j, "up") || cl_tok_is(d, j, "down");
                if (j <= v + 2 && !adverb)
                    return "modal";
                size_t e = d->t[j].cue_end;
                if (e < c1 && (d->t[e].kind == K_NUMBER || cl_cls(d, e) == CL_QUALIFIER ||
                               (e + 1 < c1 && d->t[e + 1].kind == K_NUMBER)))
                    return "modal";
                break;
            }
            if (d->t[j].kind != K_WORD)
                break;
        }
    }
    return NULL;
}

/* The first figure whose number token is at a or after (nf when none),
 * by halving: figures are in text order. */
static size_t first_figure_at(const cl_doc *d, size_t a)
{
    size_t lo = 0, hi = d->nf;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->f[mid].num < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const cl_fig *figure_in(const cl_doc *d, size_t a, size_t b)
{
    size_t lo = first_figure_at(d, a);
    for (size_t k = lo; k < d->nf; k++) {
        const cl_fig *f = &d->f[k];
        if (f->role || !f->annot)
            continue;
        if (f->num >= a && f->num < b)
            return f;
        if (f->num >= b)
            break;
    }
    return NULL;
}

/* The figure a cue at v takes from before it in its clause [a, v): the
 * first one outside a relative clause ("Acme, which employs 4,000 staff,
 * could cut 10% of jobs" takes none of 4,000), and none from the clause
 * a relative clause the cue is in qualifies ("a deal worth $2bn which
 * should create jobs": the deal's worth is no forecast). */
static const cl_fig *figure_before(const cl_doc *d, size_t a, size_t v)
{
    size_t lo = first_figure_at(d, a);
    /* main: the clause's first figure outside relative clauses; inner:
     * the first of the relative clause open at t */
    const cl_fig *main = NULL, *inner = NULL;
    bool rel = false;
    for (size_t t = a; t < v; t++) {
        if ((d->t[t].c0 | 0x20) == 'w' &&
            (cl_tok_isi(d, t, "which") || cl_tok_isi(d, t, "who") || cl_tok_isi(d, t, "whose"))) {
            rel = true;
            inner = NULL;
        } else if (rel && cl_tok_punct(d, t, ',')) {
            rel = false; /* closed: the main clause goes on */
        }
        for (; lo < d->nf && d->f[lo].num <= t; lo++) {
            const cl_fig *f = &d->f[lo];
            if (f->num != t || f->role || !f->annot)
                continue;
            if (rel && !inner)
                inner = f;
            else if (!rel && !main)
                main = f;
        }
    }
    return rel ? inner : main;
}

/* "agreed in 2000", "closed in 1969", "since it came to power in 1997":
 * a year after a verb in the past dates an event, not the horizon. True
 * when token i ("in", "since") or the year at i follows such a verb. */
static bool past_event_at(const cl_doc *d, size_t i)
{
    size_t y = cl_is_year(d, i) ? i : i + 1 < d->nt && cl_is_year(d, i + 1) ? i + 1 : SIZE_MAX;
    if (y == SIZE_MAX || y < 2)
        return false;
    /* "by 2015", "until 2030": a deadline, whatever the verb */
    if (!(cl_tok_is(d, y - 1, "in") || cl_tok_is(d, y - 1, "since") ||
          cl_tok_is(d, y - 1, "during")))
        return false;
    static const char *const irregular[] = {"came", "began", "took", "went", "won", "rose",
                                            "fell", "made", "saw", "was", "were", "built", "grew"};
    for (size_t k = y - 1; k + 3 >= y && k > 0;) {
        k--;
        const cl_tok *t = &d->t[k];
        if (t->kind != K_WORD || t->cue)
            continue; /* "expected in 2026": a cue looks ahead */
        size_t len = t->end - t->start;
        const char *w = d->text + t->start;
        if (len > 3 && w[len - 2] == 'e' && w[len - 1] == 'd' && !(w[0] >= 'A' && w[0] <= 'Z')) {
            /* a participle after a modal or "be": "will be completed in 2027" */
            bool ahead = false;
            for (size_t q = k; q > 0 && q + 3 > k && !ahead;) {
                q--;
                ahead = cl_cls(d, q) == CL_MODAL || cl_tok_is(d, q, "be") ||
                        cl_tok_is(d, q, "being") || cl_tok_is(d, q, "to");
            }
            if (!ahead)
                return true;
            continue;
        }
        for (size_t m = 0; m < sizeof(irregular) / sizeof(irregular[0]); m++)
            if (cl_tok_is(d, k, irregular[m]))
                return true;
    }
    return false;
}

static bool horizon(cl_doc *d, size_t a, size_t b, size_t limit, bool years, char *out, size_t n)
{
    d->future = true;
    bool found = false;
    size_t e;
    for (size_t i = a; i < b && !found; i++) {
        if (years && !cl_is_year(d, i + 1) && !(cl_tok_is(d, i + 1, "year") && cl_cls(d, i) != CL_NONE))
            continue;
        /* "the next five years", "the coming years" */
        if (cl_tok_isi(d, i, "the") && (cl_tok_is(d, i + 1, "next") || cl_tok_is(d, i + 1, "coming"))) {
            size_t j = i + 2;
            if (j < b && (d->t[j].kind == K_NUMBER || cl_cls(d, j) == CL_NUMWORD))
                j++;
            if (j < b && (cl_tok_is(d, j, "years") || cl_tok_is(d, j, "months") ||
                          cl_tok_is(d, j, "decade") || cl_tok_is(d, j, "quarters"))) {
                size_t len = 0;
                out[0] = '\0';
                cl_put_text(out, n, &len, d->text + d->t[i].start, d->t[j].end - d->t[i].start);
                found = true;
                break;
            }
        }
        if (cl_tok_is(d, i, "of") && cl_is_year(d, i + 1)) {
            size_t len = 0;
            out[0] = '\0';
            cl_put_int(out, n, &len, (int)d->t[i + 1].value, 0);
            found = true;
            break;
        }
        if (past_event_at(d, i))
            continue;
        found = cl_period_at(d, i, limit, out, n, &e);
    }
    d->future = false;
    return found;
}

static int emit(cl_doc *d, size_t a, size_t b, size_t v, const char *how)
{
    const cl_fig *f = figure_in(d, v, b);
    if (!f)
        f = figure_before(d, a, v);
    cl_speaker sp = {0};
    /* the quote around it speaks: a direct one, else reported speech */
    const cl_quote *q = cl_quote_covering(d, 0, d->ndirect, v);
    if (!q || !q->sp.name)
        q = cl_quote_covering(d, d->ndirect, d->nq, v);
    if (q && q->sp.name)
        sp = q->sp;
    /* the forecast is the quoted or reported words it stands in */
    if (q && q->q0 > a && q->q0 <= v)
        a = q->q0;
    if (q && q->q1 < b && q->q1 > v)
        b = q->q1;
    if (!sp.name && strcmp(how, "modal") && strcmp(how, "set") && strcmp(how, "likely") &&
        !passive(d, v)) {
        size_t subj;
        if (!cl_subject_before(d, v, d->s[d->t[v].sent].t0, &sp, &subj)) {
            /* "its 2026 forecast": the body the clause names */
            memset(&sp, 0, sizeof(sp));
            for (size_t i = a; i < v && !sp.name; i++)
                if (d->t[i].entity && (d->t[i].entity->label[0] == 'o' ||
                                       d->t[i].entity->label[0] == 'i')) {
                    size_t j = i;
                    while (j < v && d->t[j].entity == d->t[i].entity)
                        j++;
                    cl_speaker_of(d, i, j, i, &sp);
                }
        }
    }
    char hz[48];
    /* a year after the cue first ("in 2026"), then any period, then before it */
    bool has_hz = horizon(d, v, b, b, true, hz, sizeof(hz)) ||
                  horizon(d, v, b, b, false, hz, sizeof(hz)) ||
                  horizon(d, a, v, b, false, hz, sizeof(hz));
    a = cl_after_dateline(d, a, b);
    while (a < b && (d->t[a].kind == K_PUNCT || cl_tok_is(d, a, "that") || cl_tok_is(d, a, "and")))
        a++;
    while (b > a && d->t[b - 1].kind == K_PUNCT)
        b--;
    if (a >= b)
        return 0;
    td_doc *doc = d->doc;
    td_annot *an =
        td_doc_add(doc, CL_NAME(d, claim), CL_NAME(d, forecast), d->t[a].start, d->t[b - 1].end);
    if (!an || cl_set_speaker(d, an, &sp) != 0 ||
        (sp.entity && td_annot_set_ref(doc, an, CL_NAME(d, source), sp.entity) != 0))
        return -1;
    if (has_hz && td_annot_set_str(doc, an, CL_NAME(d, horizon), hz) != 0)
        return -1;
    if (f) {
        if (td_annot_set_num(doc, an, CL_NAME(d, value), f->range ? f->vmin : f->value) != 0 ||
            td_annot_set_const(doc, an, CL_NAME(d, unit), f->unit) != 0 ||
            (f->range && (td_annot_set_num(doc, an, CL_NAME(d, value_min), f->vmin) != 0 ||
                          td_annot_set_num(doc, an, CL_NAME(d, value_max), f->vmax) != 0)) ||
            (f->change && td_annot_set_num(doc, an, CL_NAME(d, change_pct), f->change_pct) != 0) ||
            (f->dir && td_annot_set_const(doc, an, CL_NAME(d, direction),
                                          direction_names[f->dir + 1]) != 0) ||
            (f->qualifier &&
             td_annot_set_const(doc, an, CL_NAME(d, qualifier), f->qualifier) != 0) ||
            td_annot_set_ref(doc, an, CL_NAME(d, statistic), f->annot) != 0)
            return -1;
    }
    char rule[64];
    size_t len = 0;
    rule[0] = '\0';
    cl_put_text(rule, sizeof(rule), &len, "forecast:", 9);
    cl_put_text(rule, sizeof(rule), &len, how, strlen(how));
    return td_annot_set_str(doc, an, CL_NAME(d, rule), rule);
}

int cl_find_forecasts(cl_doc *d)
{
    for (size_t s = 0; s < d->ns; s++) {
        const cl_sent *se = &d->s[s];
        if (se->heading || !(se->has & CL_HAS_FUTURE))
            continue;
        size_t c0 = se->t0;
        while (c0 < se->t1) {
            /* only punctuation and lexicon words can end a clause or cue one */
            size_t c1 = c0 + 1;
            /* the clause's first forecast word or modal found on the way
             * (a boundary is neither), where the walk for a cue starts */
            const cl_tok *t = d->t;
            size_t first = t[c0].cls == CL_FORECAST || t[c0].cls == CL_MODAL ? c0 : SIZE_MAX;
            for (; c1 < se->t1; c1++)
                if (t[c1].cue || t[c1].kind == K_PUNCT) {
                    if (boundary(d, c1))
                        break;
                    if (first == SIZE_MAX && (t[c1].cls == CL_FORECAST || t[c1].cls == CL_MODAL))
                        first = c1;
                }
            for (size_t v = first; v < c1; v++) {
                /* only a forecast word or a modal cues one (cue_at) */
                if (d->t[v].cls != CL_FORECAST && d->t[v].cls != CL_MODAL)
                    continue;
                const char *how = cue_at(d, c0, v, c1);
                /* a question asks what will happen: "Will prices rise?",
                 * "asked if the plan would cut costs" (asked of a cue only,
                 * the few per clause) */
                if (how && (cl_in_question(d, v) || cl_embedded_question(d, c0, v) ||
                            cl_changes_no_measure(d, v, c1)))
                    continue;
                if (how) {
                    if (emit(d, c0, c1, v, how) != 0)
                        return -1;
                    break;
                }
            }
            c0 = c1;
            if (c0 < se->t1 && cl_tok_punct(d, c0, ','))
                c0++;
        }
    }
    return 0;
}
