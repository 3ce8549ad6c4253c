/*
 * outlook: forward-looking statements and their tone.
 *
 * Every sentence (or clause) that looks ahead becomes an `outlook`
 * annotation labelled positive, negative, neutral or mixed, with `score`
 * in [-1, 1], `holder` (the speaker of a quote or forecast claim around
 * it, when the claims stage ran), `target`, `horizon`, `cues` and `rule`.
 * With `scope = all`, every sentence also gets a `sentiment` annotation.
 * README.md beside this file has the rules; outlook.h the passes.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlook.h"

static const td_option options[] = {
    {"scope", TD_OPT_STRING, "outlook",
     "outlook: forward-looking sentences only; all: also a `sentiment` annotation on every "
     "sentence"},
    {"tone", TD_OPT_STRING, "tone.tsv", "words and phrases with their polarity, a TSV file"},
    {"metrics", TD_OPT_STRING, "metrics.tsv",
     "quantities with the sign of their rise (+ profit, - costs), a TSV file"},
    {"directions", TD_OPT_STRING, "directions.tsv",
     "words of change with their direction (rise up, narrow down), a TSV file"},
    {"modifiers", TD_OPT_STRING, "modifiers.tsv",
     "negation, intensifiers, diminishers and contrast words, a TSV file"},
    {"future", TD_OPT_STRING, "future.tsv",
     "forward-looking and past-expectation phrases, a TSV file"},
    {"irregular", TD_OPT_STRING, "irregular.tsv",
     "irregular word forms (grew -> grow), a TSV file from WordNet; empty for none"},
    {"families", TD_OPT_BOOL, "true",
     "grow each tone, metric and direction entry into its word family (stemmer + irregulars)"},
    {"threshold", TD_OPT_DOUBLE, "0.25", "a score at least this far from 0 is positive or negative"},
    {"mixed", TD_OPT_DOUBLE, "0.5",
     "an outlook with positive and negative cues both at least this strong (and of like "
     "weight) is mixed"},
    {NULL, 0, NULL, NULL},
};

typedef struct ol_state {
    ol_lexicon lex;
    bool all;
    ol_thresholds th;
} ol_state;

static void destroy(void *state)
{
    ol_state *st = state;
    if (!st)
        return;
    ol_lexicon_free(&st->lex);
    free(st);
}

static int create(td_stage_config *cfg, void **state)
{
    const char *scope = td_config_str(cfg, "scope");
    if (strcmp(scope, "outlook") != 0 && strcmp(scope, "all") != 0)
        return td_config_fail(cfg, "scope = %s: use outlook or all", scope);
    double th = td_config_double(cfg, "threshold"), mixed = td_config_double(cfg, "mixed");
    if (!(th > 0 && th < 1))
        return td_config_fail(cfg, "threshold = %g: it must lie between 0 and 1", th);
    if (!(mixed > 0))
        return td_config_fail(cfg, "mixed = %g: it must be above 0", mixed);
    /* families.tsv is no option: it only saves create() the stemming of
     * the stage's own entries (make-families writes it), an entry of
     * another lexicon it lacks is stemmed */
    static const char *const names[] = {"tone",   "metrics",   "directions", "modifiers",
                                        "future", "irregular", NULL};
    bool families = td_config_bool(cfg, "families");
    char paths[7][PATH_MAX];
    const char *p[7];
    for (size_t i = 0; i < 7; i++) {
        const char *file = names[i] ? td_config_str(cfg, names[i]) : "families.tsv";
        p[i] = NULL;
        if ((i == 5 && !*file) || (i == 6 && !families))
            continue;
        if (td_config_data_file(cfg, file, paths[i], sizeof(paths[i])) != 0)
            return -1;
        p[i] = paths[i];
    }
    ol_state *st = calloc(1, sizeof(*st));
    if (!st)
        return td_config_fail(cfg, "out of memory");
    st->all = strcmp(scope, "all") == 0;
    st->th = (ol_thresholds){(float)th, (float)mixed};
    ol_files files = {p[0], p[1], p[2], p[3], p[4], p[5], p[6]};
    char err[512];
    if (ol_lexicon_load(&st->lex, &files, families, err, sizeof(err)) != 0) {
        free(st);
        return td_config_fail(cfg, "%s", err);
    }
    *state = st;
    return 0;
}

/* The published date from the input record ("2026-01-14"; the year alone
 * is enough), all 0 when there is none. */
static ol_date read_published(td_doc *doc)
{
    ol_date d = {0, 0, 0};
    const char *p = td_doc_meta(doc, "published");
    if (!p)
        return d;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (p[i] < '0' || p[i] > '9')
            return d;
        y = y * 10 + (p[i] - '0');
    }
    if (y < 1900 || y > 2100)
        return d;
    d.year = y;
    if (p[4] == '-' && p[5] >= '0' && p[5] <= '1' && p[6] >= '0' && p[6] <= '9') {
        int m = (p[5] - '0') * 10 + (p[6] - '0');
        if (m >= 1 && m <= 12) {
            d.month = m;
            if (p[7] == '-' && p[8] >= '0' && p[8] <= '3' && p[9] >= '0' && p[9] <= '9')
                d.day = (p[8] - '0') * 10 + (p[9] - '0');
        }
    }
    return d;
}

const ol_date *ol_published_date(ol_published *p)
{
    if (!p->read) {
        p->date = read_published(p->doc);
        p->read = true;
    }
    return &p->date;
}

static const char *polar_label(float score, float th)
{
    return score >= th ? "positive" : score <= -th ? "negative" : "neutral";
}

static const char *tone_rule(const ol_tone *t)
{
    return t->pairs ? "pair" : t->nreasons ? "lexicon" : "none";
}

static double rounded(float v) { return round((double)v * 1000.0) / 1000.0; }

/* Appending to a fixed buffer without printf (cues are written for every
 * outlook; printf's number formatting showed in profiles). */
typedef struct text_buf {
    char *p;
    size_t n, cap;
} text_buf;

static void put(text_buf *b, const char *s, size_t n)
{
    if (n > b->cap - 1 - b->n)
        n = b->cap - 1 - b->n;
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void put_str(text_buf *b, const char *s) { put(b, s, strlen(s)); }

/* " +1.00": a signed weight with two decimals. */
static void put_weight(text_buf *b, float v)
{
    long c = lroundf(fabsf(v) * 100.0f);
    char tmp[24];
    size_t n = sizeof(tmp);
    tmp[--n] = (char)('0' + c % 10);
    tmp[--n] = (char)('0' + c / 10 % 10);
    tmp[--n] = '.';
    c /= 100;
    do {
        tmp[--n] = (char)('0' + c % 10);
        c /= 10;
    } while (c && n > 2);
    tmp[--n] = v < 0 ? '-' : '+';
    tmp[--n] = ' ';
    put(b, tmp + n, sizeof(tmp) - n);
}

/* "expects; growth slow -0.50; headwinds -1.00": the forward cue, then
 * the deciding words with their weight. */
static size_t cue_text(const ol_sentence *s, const ol_part *fwd, const ol_tone *t, char *buf,
                       size_t cap)
{
    text_buf b = {buf, 0, cap};
    if (fwd && fwd->future_item) {
        const ol_hit *h = fwd->future_item->hit;
        put(&b, s->text + h->start, h->end - h->start);
    }
    for (size_t i = 0; i < t->nreasons; i++) {
        const ol_reason *r = &t->reasons[i];
        const ol_hit *a = r->what->hit, *m = r->metric ? r->metric->hit : NULL;
        if (m && m->start > a->start) {
            const ol_hit *x = a;
            a = m;
            m = x;
        }
        if (b.n)
            put_str(&b, "; ");
        if (r->negated)
            put_str(&b, "not ");
        put(&b, s->text + a->start, a->end - a->start);
        if (m) {
            put_str(&b, " ");
            put(&b, s->text + m->start, m->end - m->start);
        }
        put_weight(&b, r->value);
    }
    return b.n;
}

/* "forward:KIND tone:HOW", by the forward cue's kind and tone_rule(): a
 * constant, so no printf and no copy per outlook */
static const char *outlook_rule(uint8_t future, const ol_tone *t)
{
    static const char *const rules[][3] = {
        {"forward: tone:pair", "forward: tone:lexicon", "forward: tone:none"},
        {"forward:modal tone:pair", "forward:modal tone:lexicon", "forward:modal tone:none"},
        {"forward:maybe tone:pair", "forward:maybe tone:lexicon", "forward:maybe tone:none"},
        {"forward:expect tone:pair", "forward:expect tone:lexicon", "forward:expect tone:none"},
        {"forward:plan tone:pair", "forward:plan tone:lexicon", "forward:plan tone:none"},
        {"forward:horizon tone:pair", "forward:horizon tone:lexicon",
         "forward:horizon tone:none"},
        {"forward:when tone:pair", "forward:when tone:lexicon", "forward:when tone:none"},
        {"forward:past tone:pair", "forward:past tone:lexicon", "forward:past tone:none"},
    };
    size_t how = t->pairs ? 0 : t->nreasons ? 1 : 2;
    return rules[future < sizeof(rules) / sizeof(*rules) ? future : 0][how];
}

/* The names the stage writes as the document's own copies (td_doc_name),
 * taken at the first outlook: the core finds a name it made by its
 * pointer, where a literal has it compare the text, on every annotation
 * and attribute. */
typedef struct ol_names {
    const char *outlook, *positive, *negative, *neutral, *mixed, *score, *holder, *target,
        *horizon, *cues, *rule;
} ol_names;

static int take_names(td_doc *doc, ol_names *n)
{
    static const char *const lit[] = {"outlook", "positive", "negative", "neutral",
                                      "mixed",   "score",    "holder",   "target",
                                      "horizon", "cues",     "rule"};
    const char **out[] = {&n->outlook, &n->positive, &n->negative, &n->neutral,
                          &n->mixed,   &n->score,    &n->holder,   &n->target,
                          &n->horizon, &n->cues,     &n->rule};
    for (size_t i = 0; i < sizeof(lit) / sizeof(*lit); i++)
        if (!(*out[i] = td_doc_name(doc, lit[i])))
            return -1;
    return 0;
}

/* "2026": a year (or any int) in decimal, without printf */
static void put_int(char *buf, int v)
{
    char tmp[16];
    size_t n = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    if (v < 0)
        buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    buf[k] = '\0';
}

/* 1 when the sentence looks ahead (its outlook is added), 0 when not, -1
 * when an annotation could not be added. */
static int add_outlook(td_doc *doc, const ol_state *st, ol_sentence *s,
                       ol_published *published, ol_claims *claims, ol_names *nm)
{
    ol_horizon hz;
    if (!ol_future(s, published, &hz))
        return 0;
    ol_tone t;
    ol_tone_score(s, true, &t);
    /* the span: the whole sentence, unless a part of it states the past */
    size_t first = s->nparts, last = 0;
    bool past_part = false;
    const ol_part *fwd = NULL;
    for (size_t p = 0; p < s->nparts; p++) {
        if (s->parts[p].forward) {
            if (first == s->nparts)
                first = p;
            last = p;
            if (!fwd)
                fwd = &s->parts[p];
        } else if (s->parts[p].past) {
            past_part = true;
        }
    }
    size_t start = s->start, end = s->end;
    if (past_part) {
        size_t t0 = s->parts[first].tok, t1 = s->parts[last].tok_end;
        for (size_t i = 0; i < s->nitems; i++)
            if (s->items[i].tok == t0 && (s->items[i].hit->cue->mod == OL_MOD_ADVERSATIVE ||
                                          s->items[i].hit->cue->mod == OL_MOD_SPLIT))
                t0 = s->items[i].tok_end;
        if (t0 < t1) {
            start = s->toks[t0]->start;
            end = s->toks[t1 - 1]->end;
        }
    }
    /* mixed: strong cues both ways, the weaker at least 60% of the other */
    bool mixed = t.said_mixed || (t.pos >= st->th.mixed && t.neg >= st->th.mixed &&
                                  fminf(t.pos, t.neg) >= 0.6f * fmaxf(t.pos, t.neg));
    if (!nm->outlook && take_names(doc, nm) != 0)
        return -1;
    /* polar_label(), in the document's names */
    const char *label = mixed                      ? nm->mixed
                        : t.score >= st->th.polar  ? nm->positive
                        : t.score <= -st->th.polar ? nm->negative
                                                   : nm->neutral;
    td_annot *a = td_doc_add(doc, nm->outlook, label, start, end);
    if (!a || td_annot_set_num(doc, a, nm->score, rounded(t.score)) != 0)
        return -1;
    size_t pos = fwd->future_item ? fwd->future_item->hit->start : start;
    td_annot *holder = ol_holder(claims, start, end, pos);
    if (holder && td_annot_set_ref(doc, a, nm->holder, holder) != 0)
        return -1;
    if (t.target) {
        size_t ts, te;
        ol_target(s, t.target, &ts, &te);
        if (td_annot_set_strn(doc, a, nm->target, s->text + ts, te - ts) != 0)
            return -1;
    }
    if (hz.year) {
        char y[16];
        put_int(y, hz.year);
        if (td_annot_set_str(doc, a, nm->horizon, y) != 0)
            return -1;
    } else if (hz.end > hz.start &&
               td_annot_set_strn(doc, a, nm->horizon, s->text + hz.start, hz.end - hz.start) != 0) {
        return -1;
    }
    char cues[512];
    size_t n = cue_text(s, fwd, &t, cues, sizeof(cues));
    if (n && td_annot_set_strn(doc, a, nm->cues, cues, n) != 0)
        return -1;
    return td_annot_set_const(doc, a, nm->rule, outlook_rule(fwd->future, &t)) != 0 ? -1 : 1;
}

static int add_sentiment(td_doc *doc, const ol_state *st, ol_sentence *s)
{
    ol_tone t;
    ol_tone_score(s, false, &t);
    td_annot *a = td_doc_add(doc, "sentiment", polar_label(t.score, st->th.polar), s->start,
                             s->end);
    if (!a || td_annot_set_num(doc, a, "score", rounded(t.score)) != 0)
        return -1;
    return td_annot_set_const(doc, a, "rule", tone_rule(&t));
}

/* The first token of toks[lo, hi) that starts at `pos` or later (hi when
 * none does), by halving. */
static size_t halve_to(td_annot *const *toks, size_t lo, size_t hi, size_t pos)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (toks[mid]->start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first token from index `from` on that starts at `pos` or later:
 * galloping, then halving, so looking up the sentences of a document in
 * order costs the log of the gaps between them, not a walk over every
 * token of the sentences left out. */
static size_t first_token(td_annot *const *toks, size_t n, size_t from, size_t pos)
{
    size_t lo = from, hi = from, step = 1;
    while (hi < n && toks[hi]->start < pos) {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    if (hi > n)
        hi = n;
    return halve_to(toks, lo, hi, pos);
}

/* What first_token() answers, searched from a guess (a sentence's end from
 * its length in bytes, about 6 a token; its start from the end of the one
 * before): each probe reads a token annotation the cache has not seen yet,
 * and from a good guess two or three probes do. */
static size_t first_token_near(td_annot *const *toks, size_t n, size_t from, size_t guess,
                               size_t pos)
{
    size_t g = guess < from ? from : guess > n ? n : guess;
    if (g == from || toks[g - 1]->start < pos)
        return first_token(toks, n, g, pos);
    /* toks[g - 1] starts at pos or later: galloping back, then halving */
    size_t hi = g - 1, lo = from, step = 1;
    while (hi > from) {
        size_t probe = hi - from > step ? hi - step : from;
        if (toks[probe]->start < pos) {
            lo = probe + 1;
            break;
        }
        hi = probe;
        step *= 2;
    }
    return halve_to(toks, lo, hi, pos);
}

/* Can [start, end) look ahead at all? Only by what ol_future() takes for
 * it: a forward cue of kinds modal to horizon ("past" and "when" cues
 * alone never make a part look ahead), a year not before the published
 * one (a year without a published date is no cue), or a date when the
 * published date has a day. The published date is read only for a
 * sentence with a year or a month and no forward cue, one ol_future()
 * would read it for anyway. *cursor (hits before start are skipped)
 * advances to the first hit of the sentence. */
static bool may_look_ahead(const ol_hits *hits, size_t *cursor, size_t start, size_t end,
                           ol_published *published)
{
    size_t h = *cursor;
    while (h < hits->n && hits->v[h].start < start)
        h++;
    *cursor = h;
    bool times = false;
    for (size_t k = h; k < hits->n && hits->v[k].start < end; k++) {
        const ol_cue *c = hits->v[k].cue;
        if (c->future >= OL_FUT_MODAL && c->future <= OL_FUT_HORIZON)
            return true;
        times |= c->year || c->month;
    }
    if (!times)
        return false;
    const ol_date *pub = ol_published_date(published);
    for (size_t k = h; k < hits->n && hits->v[k].start < end; k++) {
        const ol_cue *c = hits->v[k].cue;
        if ((c->year && pub->year && c->year >= pub->year) || (c->month && pub->month && pub->day))
            return true;
    }
    return false;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const ol_state *st = td_stage_state(ctx);
    size_t len, nsent;
    const char *text = td_doc_text(doc, &len);
    td_annot *const *sents = td_doc_layer(doc, "sentence", &nsent);
    if (!nsent)
        return TD_OK;
    /* the sentence list is copied: adding annotations to other layers
     * leaves it alone, but td_doc_layer() arrays are only promised until
     * the next add to their own layer */
    td_annot **sv = td_doc_alloc(doc, nsent * sizeof(*sv));
    ol_sentence *s = malloc(sizeof(*s));
    ol_hits hits = {0};
    int rc = TD_OK;
    if (!sv || !s) {
        rc = td_stage_fail(ctx, "out of memory");
        goto out;
    }
    memcpy(sv, sents, nsent * sizeof(*sv));
    if (ol_scan(&st->lex, text, len, &hits) != 0) {
        rc = td_stage_fail(ctx, "out of memory scanning %zu bytes", len);
        goto out;
    }
    ol_published published = {doc, false, {0, 0, 0}};
    ol_claims claims = {doc, td_doc_name(doc, "quote"), td_doc_name(doc, "forecast"),
                        td_doc_name(doc, "speaker"), NULL, 0, 0, false};
    ol_names names = {0};
    size_t cursor = 0, outlooks = 0, ntok, tok = 0, tok_end = 0;
    td_annot *const *all = td_doc_layer(doc, "token", &ntok);
    const char *heading = td_doc_name(doc, "heading");
    s->word = td_doc_name(doc, "word");
    s->number = td_doc_name(doc, "number");
    if (!claims.quote || !claims.forecast || !claims.speaker || !heading || !s->word ||
        !s->number) {
        rc = td_stage_fail(ctx, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nsent; i++) {
        /* without a sentiment layer to write, a sentence with no forward
         * cue, year or month can hold no outlook (ol_future() finds a part
         * looking ahead only by those): its tokens are not even looked for */
        if (!st->all &&
            !may_look_ahead(&hits, &cursor, sv[i]->start, sv[i]->end, &published))
            continue;
        /* sentences and tokens are both in order: each search goes on from
         * where the last one stopped */
        tok = first_token_near(all, ntok, tok, tok_end, sv[i]->start);
        size_t end = first_token_near(all, ntok, tok, tok + (sv[i]->end - sv[i]->start) / 6,
                                      sv[i]->end);
        tok_end = end;
        size_t nt = end - tok;
        td_annot *const *toks = all + tok;
        if (!nt)
            continue;
        s->text = text;
        s->toks = toks;
        s->ntoks = nt;
        s->start = sv[i]->start;
        s->end = sv[i]->end;
        s->heading = sv[i]->label == heading;
        ol_sentence_cues(s, &hits, &cursor);
        int added = st->all && add_sentiment(doc, st, s) != 0 ? -1
                                                              : add_outlook(doc, st, s, &published,
                                                                            &claims, &names);
        if (added < 0) {
            rc = td_stage_fail(ctx, "cannot add an annotation: %s", td_doc_errmsg(doc));
            goto out;
        }
        outlooks += (size_t)added;
    }
    if (td_doc_set_num(doc, "outlook.statements", (double)outlooks) != 0)
        rc = td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
out:
    free(hits.v);
    free(s);
    return rc;
}

/* The sentiment layer comes only with scope = all, so a later stage that
 * needs it is refused when it would find nothing. */
static const char *const *provides(const td_stage_config *cfg)
{
    static const char *const all[] = {"outlook", "sentiment", NULL};
    static const char *const outlooks[] = {"outlook", NULL};
    return strcmp(td_config_str(cfg, "scope"), "all") == 0 ? all : outlooks;
}

TD_STAGE_DEFINE(
    .name = "outlook",
    .version = "1.0",
    .summary = "forward-looking statements with their tone, holder, target and horizon",
    .options = options,
    .requires = TD_LAYERS("sentence", "token"),
    .provides = TD_LAYERS("outlook", "sentiment"),
    .create = create,
    .process = process,
    .destroy = destroy,
    .provides_fn = provides);
