/*
 * What looks like a forecast and is none: a modal that predicts nothing
 * (a wish, a prescription, a counterfactual), an outcome measured against
 * a forecast, an option weighed, a question, a phrasal particle taken for a
 * change, the past perfect's expectation, a consequence no figure
 * measures. Each a predicate forecasts.c asks of a cue.
 */
#include "claims.h"

static bool tok_in_list(const cl_doc *d, size_t k, const char *const *words);

/* A modal at v that predicts nothing: a wish ("would like to see wages
 * rise"), a prescription ("should be better spent", "should be used to
 * cut"), a counterfactual ("would have risen"). */
bool cl_modal_predicts_nothing(const cl_doc *d, size_t v, size_t c1)
{
    size_t w = v + 1;
    if (w < c1 && (cl_tok_is(d, w, "not") || cl_tok_is(d, w, "n't")))
        w++;
    if (w >= c1)
        return false;
    if (cl_tok_is(d, w, "like") || cl_tok_is(d, w, "love") || cl_tok_is(d, w, "prefer") ||
        cl_tok_is(d, w, "rather") || cl_tok_is(d, w, "welcome") || cl_tok_is(d, w, "want"))
        return true;
    if (cl_tok_is(d, w, "have") && w + 1 < c1 && d->t[w + 1].kind == K_WORD) {
        /* a past participle after "have": "been", "risen", "grown", "matched" */
        const char *e = d->text + d->t[w + 1].end;
        size_t n = d->t[w + 1].end - d->t[w + 1].start;
        if (n > 3 && (e[-1] == 'n' || (e[-1] == 'd' && e[-2] == 'e')))
            return true;
    }
    bool should = cl_tok_is(d, v, "should") || cl_tok_is(d, v, "Should");
    if (!cl_tok_is(d, w, "be") || w + 1 >= c1)
        return false;
    size_t x = w + 1;
    if (cl_tok_is(d, x, "better") || cl_tok_is(d, x, "best") || cl_tok_is(d, x, "considered"))
        return true; /* "would be better spent", "would be considered" */
    /* "should be spent on", "should be used to": what ought to be done
     * ("80bn will be spent" is a plan, a forecast) */
    return should && (cl_tok_is(d, x, "used") || cl_tok_is(d, x, "spent") ||
                      cl_tok_is(d, x, "allowed") || cl_tok_is(d, x, "given") ||
                      cl_tok_is(d, x, "made") || cl_tok_is(d, x, "paid") ||
                      cl_tok_is(d, x, "required"));
}

/* Token k measures an outcome against a forecast: "beat", "missed",
 * "exceeded", "topped", "fell short of", "in line with", "above", "below". */
bool cl_beats_forecast(const cl_doc *d, size_t k)
{
    static const char *const verbs[] = {
        "beat",      "beats",       "beating",    "missed",    "misses",     "missing",
        "exceeded",  "exceeds",     "exceeding",  "topped",    "tops",       "topping",
        "surpassed", "surpasses",   "outstripped", "outpaced", "confounded", "defied",
        "above",     "below",       "undershot",  "overshot",  NULL};
    for (size_t i = 0; verbs[i]; i++)
        if (cl_tok_isi(d, k, verbs[i]))
            return true;
    /* "short of forecasts", "in line with expectations", "ahead of forecasts" */
    if (cl_tok_is(d, k, "of") && k > 0 && (cl_tok_is(d, k - 1, "short") || cl_tok_is(d, k - 1, "ahead")))
        return true;
    return cl_tok_is(d, k, "with") && k > 0 && cl_tok_is(d, k - 1, "line");
}

/* A noun that names a course of action weighed or advised, before "is to". */
bool cl_option_noun(const cl_doc *d, size_t k)
{
    static const char *const nouns[] = {"solution", "answer", "key",    "trick",   "remedy",
                                        "option",   "alternative", "way", "cure", "lesson",
                                        "temptation", "mistake", "danger", NULL};
    for (size_t i = 0; nouns[i]; i++)
        if (cl_tok_isi(d, k, nouns[i]))
            return true;
    return false;
}

/* Token k is one of the NULL-ended words (case-folded). */
static bool tok_in_list(const cl_doc *d, size_t k, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (cl_tok_isi(d, k, words[i]))
            return true;
    return false;
}

/* The cue at v is in a question: a "?" ends its clause, within a bounded
 * look ahead ("Who will cut the deficit?"); not "Tax will go up: isn't
 * it clear?". A question predicts nothing. */
bool cl_in_question(const cl_doc *d, size_t v)
{
    size_t end = d->s[d->t[v].sent].t1;
    for (size_t k = v + 1; k < end && k < v + 60; k++) {
        if (d->t[k].kind != K_PUNCT)
            continue;
        if (cl_tok_punct(d, k, '?'))
            return true;
        if (cl_tok_punct(d, k, ':') || cl_tok_punct(d, k, ';') || cl_tok_punct(d, k, '.') ||
            cl_tok_punct(d, k, '!'))
            return false;
    }
    return false;
}

/* The clause before the cue at v is an embedded question: "whether",
 * "asked (last week) if", "wondered how", or a wh-word after a verb of telling that
 * is negated ("did not say where the losses would fall"); not "said when
 * the plant closes, 500 jobs will go". */
bool cl_embedded_question(const cl_doc *d, size_t c0, size_t v)
{
    static const char *const ask[] = {"asked", "ask", "asks", "asking", "wondered", "wonder",
                                      "wondering", "unclear", "uncertain", NULL};
    static const char *const tell[] = {"say", "know", "tell", "explain", "reveal", "specify",
                                       "disclose", "indicate", NULL};
    static const char *const wh[] = {"if", "where", "how", "when", "why", "what", "who", NULL};
    size_t lo = v > c0 + 25 ? v - 25 : c0;
    for (size_t k = lo; k < v; k++) {
        char c = (char)(d->t[k].c0 | 0x20); /* every word asked of starts w, h or i */
        if (c != 'w' && c != 'h' && c != 'i')
            continue;
        if (cl_tok_isi(d, k, "whether"))
            return true;
        if (k == 0 || !tok_in_list(d, k, wh))
            continue;
        for (size_t q = k; q > 0 && q + 4 > k;) /* "asked last week if" */
            if (tok_in_list(d, --q, ask))
                return true;
        if (!tok_in_list(d, k - 1, tell) || cl_tok_is(d, k, "if"))
            continue;
        for (size_t q = k - 1; q > 0 && q + 4 > k;) {
            q--;
            if (cl_tok_is(d, q, "not") || cl_tok_is(d, q, "n't") || cl_tok_is(d, q, "never") ||
                cl_tok_is(d, q, "declined") || cl_tok_is(d, q, "refused"))
                return true;
        }
    }
    return false;
}

/* "step down", "take up the post", "set up a division": a particle of a
 * phrasal verb that is no change, unlike "go up", "pick up speed", "step
 * up sales", "push prices down". */
bool cl_particle(const cl_doc *d, size_t k)
{
    static const char *const before_down[] = {"step", "stand", "back", "turn", "shut",
                                              "close", "wind", "hand", "sit", "track", NULL};
    static const char *const before_up[] = {"set", "sign", "take", "show", "follow", "draw",
                                            "turn", "open", "line", "team", NULL};
    if (k == 0)
        return false;
    if (cl_tok_is(d, k, "down"))
        return tok_in_list(d, k - 1, before_down);
    return cl_tok_is(d, k, "up") && tok_in_list(d, k - 1, before_up);
}

/* The cue at v is a participle in the past perfect: "had expected", "had
 * originally forecast", "had widely been expected" (an adverb in "-ly" or
 * of time between); not "had plans to". */
bool cl_past_perfect(const cl_doc *d, size_t v)
{
    /* a participle: "had plans to" owns a plan, it has not had one */
    size_t len = d->t[v].end - d->t[v].start;
    const char *w = d->text + d->t[v].start;
    if (!(len > 3 && w[len - 2] == 'e' && w[len - 1] == 'd') && !cl_tok_isi(d, v, "forecast"))
        return false;
    size_t p = v;
    for (int step = 0; step < 2 && p > 0; step++) {
        const cl_tok *t = &d->t[p - 1];
        size_t n = t->end - t->start;
        const char *e = d->text + t->end;
        bool adverb = t->kind == K_WORD && n > 3 && e[-2] == 'l' && e[-1] == 'y';
        if (cl_tok_is(d, p - 1, "had"))
            return true;
        if (!adverb && !cl_tok_is(d, p - 1, "been") && !cl_tok_is(d, p - 1, "also") &&
            !cl_tok_is(d, p - 1, "earlier") && !cl_tok_is(d, p - 1, "all"))
            return false;
        p--;
    }
    return p > 0 && cl_tok_is(d, p - 1, "had");
}

/* The first change word after the cue at v in [v, c1) acts on what no
 * figure measures ("will increase pressure on the bank" (not "ease the
 * pressure" of a trend), "could raise
 * concerns", "would reduce the chances of fraud"), and no number follows
 * the cue: a consequence foreseen, not a forecast of a figure or trend. */
bool cl_changes_no_measure(const cl_doc *d, size_t v, size_t c1)
{
    static const char *const objects[] = {
            "concern", "concerns", "questions", "fears",    "hopes",
            "prospect", "possibility", "risk", "risks",   "chance",    "chances",
            "speculation", "criticism", "tension", "tensions", "awareness", "options",
            "doubts",   "worries", "calls", "likelihood", "threat",  "stakes",
            "suspicions", "anger", NULL};
    size_t end = c1 < v + 12 ? c1 : v + 12;
    for (size_t k = v + 1; k < end; k++)
        if (d->t[k].kind == K_NUMBER)
            return false;
    for (size_t k = v + 1; k < end; k++) {
        int kc = cl_cls(d, k);
        if (kc != CL_UP && kc != CL_DOWN)
            continue;
        size_t o = d->t[k].cue_end;
        while (o < end && (cl_tok_is(d, o, "the") || cl_tok_is(d, o, "further") ||
                           cl_tok_is(d, o, "more") || cl_tok_is(d, o, "also")))
            o++;
        /* pressure on someone, not "ease the pressure" a deficit puts */
        if (o < end && cl_tok_is(d, o, "pressure"))
            return o + 1 < c1 && (cl_tok_is(d, o + 1, "on") || cl_tok_is(d, o + 1, "for"));
        return o < end && tok_in_list(d, o, objects);
    }
    return false;
}

/* What a modal supposes in a comparison: "as could be expected". */
static const char *const supposed[] = {"expected", "anticipated", "hoped", "predicted", "forecast",
                                       "imagined", "normal", "usual", "thought", NULL};

/* Token k is a word of what a modal supposes ("as could be expected"). */
bool cl_supposed(const cl_doc *d, size_t k)
{
    return tok_in_list(d, k, supposed);
}
