/*
 * claims: statistics, quotes and forecasts, as typed records.
 *
 * Layer "claim": `statistic` (a figure with its value in base units, unit,
 * change, previous value, share, period, metric), `quote` (direct and
 * reported speech with its speaker) and `forecast` (a forward-looking
 * claim with its source and horizon). README.md beside this file has the
 * rules; claims.h the passes.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims.h"

static const td_option options[] = {
    {"currencies", TD_OPT_LIST, "currencies.tsv money.tsv",
     "currency names, symbols and codes (pattern, ISO 4217, kind), TSV files"},
    {"lexicons", TD_OPT_LIST,
     "scales.tsv units.tsv changes.tsv qualifiers.tsv periods.tsv speech.tsv",
     "the cue lexicons (pattern, class, value), TSV files"},
    {"quotes", TD_OPT_BOOL, "true", "find quotes (direct and reported speech)"},
    {"forecasts", TD_OPT_BOOL, "true", "find forecasts"},
    {"max_quote_sentences", TD_OPT_INT, "12",
     "a quote whose closing mark is missing ends after this many sentences"},
    {NULL, 0, NULL, NULL},
};

static void destroy(void *state)
{
    cl_state *st = state;
    if (!st)
        return;
    cl_lexicon_free(&st->lex);
    free(st);
}

static int load_list(td_stage_config *cfg, cl_state *st, const char *option, bool currency)
{
    size_t n;
    const char *const *files = td_config_list(cfg, option, &n);
    for (size_t k = 0; k < n; k++) {
        char path[PATH_MAX], err[512];
        if (td_config_data_file(cfg, files[k], path, sizeof(path)) != 0)
            return -1;
        if (cl_lexicon_load(&st->lex, path, currency, err, sizeof(err)) != 0)
            return td_config_fail(cfg, "%s: %s", option, err);
    }
    return 0;
}

static int create(td_stage_config *cfg, void **state)
{
    cl_state *st = calloc(1, sizeof(*st));
    if (!st)
        return td_config_fail(cfg, "out of memory");
    st->quotes = td_config_bool(cfg, "quotes");
    st->forecasts = td_config_bool(cfg, "forecasts");
    long long mq = td_config_int(cfg, "max_quote_sentences");
    if (mq < 1 || mq > 1000) {
        destroy(st);
        return td_config_fail(cfg, "max_quote_sentences must be 1 to 1000, not %lld", mq);
    }
    st->max_quote_sentences = (unsigned)mq;
    if (cl_wordsets_build(st->sets) != 0) {
        destroy(st);
        return td_config_fail(cfg, "a word list of the stage does not fit its set");
    }
    if (load_list(cfg, st, "currencies", true) != 0 || load_list(cfg, st, "lexicons", false) != 0) {
        destroy(st);
        return -1;
    }
    *state = st;
    return 0;
}

static cl_kind kind_of(const char *label)
{
    switch (label[0]) {
    case 'w':
        return K_WORD;
    case 'n':
        return K_NUMBER;
    case 'p':
        return K_PUNCT;
    case 's':
        return K_SYMBOL;
    default:
        return K_OTHER;
    }
}

/* The `published` date, read the first time a period needs it: finding a
 * field of the input record costs a scan of the record. */
void cl_published(const cl_doc *cd)
{
    cl_doc *d = (cl_doc *)cd; /* the per-call scratch, never const itself */
    if (d->pub_read)
        return;
    d->pub_read = true;
    const char *p = td_doc_meta(d->doc, "published");
    int y = 0, m = 0;
    if (p && sscanf(p, "%4d-%2d", &y, &m) == 2 && y >= 1900 && y <= 2100 && m >= 1 && m <= 12) {
        d->pub_year = y;
        d->pub_month = m;
    }
}

/* The token and sentence views the passes share. */
static int prepare(cl_doc *d)
{
    size_t nt, ns;
    td_annot *const *toks = td_doc_layer(d->doc, "token", &nt);
    td_annot *const *sents = td_doc_layer(d->doc, "sentence", &ns);
    if (nt == 0 || ns == 0)
        return 0;
    /* every field is written below: no zeroing of the blocks first (a
     * calloc of them cost more than the whole walk) */
    d->t = malloc(nt * sizeof(*d->t));
    d->s = malloc(ns * sizeof(*d->s));
    if (!d->t || !d->s)
        return -1;
    d->nt = nt;
    const cl_lexicon *lex = &d->st->lex;
    /* no lexicon, no cues and no CL_HAS_* at all */
    uint8_t has_mask = lex->nslots > 0 ? 0xFF : 0;
    const char *text = d->text;
    for (size_t i = 0; i < nt; i++) {
        const td_annot *a = toks[i];
        size_t start = a->start, end = a->end, n = end - start;
        uint8_t kind = (uint8_t)kind_of(a->label);
        unsigned char c = (unsigned char)text[start];
        bool cap;
        if (c < 0x80) {
            cap = c >= 'A' && c <= 'Z';
        } else {
            int32_t cp;
            td_utf8_decode(text + start, n, &cp);
            cap = td_utf8_is_upper(cp);
        }
        /* what the token tells its sentence, and whether a cue may start
         * here: asked now, while the token is at hand */
        uint8_t has = 0;
        if (kind == K_NUMBER || (c >= '0' && c <= '9'))
            has = CL_HAS_NUMBER;
        else if (kind == K_PUNCT && (c == '"' || (c == 0xE2 && n == 3)))
            has = CL_HAS_MARK;
        bool cand = kind != K_NUMBER && cl_cue_candidate(lex, text + start, n);
        cl_tok *t = &d->t[i];
        *t = (cl_tok){.start = start,
                      .end = end,
                      .kind = kind,
                      .cap = cap,
                      .has = (uint8_t)(has & has_mask),
                      .cand = cand,
                      .c0 = (char)c,
                      .byte1 = n == 1 ? (char)c : 0};
        for (const td_attr *at = a->attrs; at; at = at->next) {
            if (at->type == TD_ATTR_NUMBER && at->key[0] == 'v' && strcmp(at->key, "value") == 0) {
                t->has_value = true;
                t->value = at->v.n;
            } else if (at->type == TD_ATTR_BOOL && at->key[0] == 's' &&
                       strcmp(at->key, "sent_start") == 0) {
                t->sent_start = at->v.b;
            }
        }
    }
    /* sentences over token indexes, in one walk; a token in no sentence
     * counts as sentence 0's (its `sent` stays 0) */
    size_t i = 0, out = 0;
    uint8_t outside = 0;
    for (size_t k = 0; k < ns; k++) {
        const td_annot *s = sents[k];
        size_t s0 = s->start, s1 = s->end;
        while (i < nt && d->t[i].start < s0)
            outside |= d->t[i++].has;
        size_t j = i;
        uint8_t has = 0;
        while (j < nt && d->t[j].end <= s1) {
            d->t[j].sent = (uint32_t)out;
            has |= d->t[j++].has;
        }
        if (j == i)
            continue;
        cl_sent *cs = &d->s[out];
        cs->t0 = (uint32_t)i;
        cs->t1 = (uint32_t)j;
        cs->start = s->start;
        cs->end = s->end;
        cs->paragraph = (uint32_t)td_annot_num(s, "paragraph", 0);
        cs->heading = s->label[0] == 'h';
        cs->has = has;
        out++;
        i = j;
    }
    while (i < nt)
        outside |= d->t[i++].has;
    d->s[0].has |= outside;
    d->ns = out;
    /* the entity covering each token */
    size_t ne;
    td_annot *const *ents = td_doc_layer(d->doc, "entity", &ne);
    d->have_entities = ne > 0;
    size_t e = 0;
    /* the current entity's span in locals: the stores into d->t below
     * would make the compiler load it again for every token */
    size_t e0 = ne ? ents[0]->start : 0, e1 = ne ? ents[0]->end : 0;
    for (size_t q = 0; q < nt && e < ne; q++) {
        size_t ts = d->t[q].start;
        while (e1 <= ts) {
            if (++e == ne)
                break;
            e0 = ents[e]->start;
            e1 = ents[e]->end;
        }
        if (e == ne)
            break;
        if (ts < e0) {
            /* no entity covers the tokens before e0 (e1 > ts stays):
             * bisect to the first token at or after it */
            size_t lo = q + 1, hi = nt;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (d->t[mid].start < e0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            q = lo - 1; /* the loop's q++ lands on lo */
            continue;
        }
        if (d->t[q].end <= e1)
            d->t[q].entity = ents[e];
    }
    return cl_mark_cues(d);
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const cl_state *st = td_stage_state(ctx);
    cl_doc d = {.doc = doc, .st = st};
    d.text = td_doc_text(doc, &d.len);
    int rc = TD_OK;
    if (prepare(&d) != 0) {
        rc = td_stage_fail(ctx, "out of memory reading %zu bytes", d.len);
        goto out;
    }
    if (d.nt == 0)
        goto out;
    if (cl_find_figures(&d) != 0) {
        rc = td_stage_fail(ctx, "out of memory finding figures");
        goto out;
    }
    cl_link_figures(&d);
    cl_find_periods(&d);
    cl_find_metrics(&d);
    if (cl_emit_statistics(&d) != 0) {
        rc = td_stage_fail(ctx, "cannot add a statistic: %s", td_doc_errmsg(doc));
        goto out;
    }
    if (st->quotes && cl_find_quotes(&d) != 0) {
        rc = td_stage_fail(ctx, "cannot add a quote: %s", td_doc_errmsg(doc));
        goto out;
    }
    if (st->forecasts && cl_find_forecasts(&d) != 0) {
        rc = td_stage_fail(ctx, "cannot add a forecast: %s", td_doc_errmsg(doc));
        goto out;
    }
out:
    free(d.t);
    free(d.s);
    free(d.f);
    free(d.q);
    return rc;
}

TD_STAGE_DEFINE(
    .name = "claims",
    .version = "1.0",
    .summary = "statistics (value, unit, change, period), quotes with speakers, and forecasts",
    .options = options,
    /* entity for the speakers and subjects; with no entity annotations
     * in a document the stage still runs, naming speakers from the text */
    .requires = TD_LAYERS("sentence", "token", "entity"),
    .provides = TD_LAYERS("claim"),
    .create = create,
    .process = process,
    .destroy = destroy);
