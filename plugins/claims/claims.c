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

/* A token's kind by the first byte of its label ("word", "number",
 * "punct", "symbol"), stored as kind ^ K_OTHER so that every other byte
 * (0 in the table) gives K_OTHER: a load instead of a switch. */
static const uint8_t kind_by_label[256] = {
    ['w'] = K_WORD ^ K_OTHER,
    ['n'] = K_NUMBER ^ K_OTHER,
    ['p'] = K_PUNCT ^ K_OTHER,
    ['s'] = K_SYMBOL ^ K_OTHER,
};

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

/* What the walk over the tokens reads and writes, in a local of
 * prepare(): the byte stores into d->t may alias anything, and through
 * d the compiler would reload every pointer after each of them. The keys
 * are the document's own copies (td_doc_name): a key is known by its
 * pointer, and one the document did not share (its name table full)
 * goes to view_token_slow. */
typedef struct cl_view {
    const char *text;
    size_t len;
    const cl_lexicon *lex;
    cl_tok *t;
    uint32_t *cand;
    size_t ncand;
    uint32_t *num; /* d->num */
    size_t nnum, nmark, nt;
    const char *shape, *value, *sent_start;
} cl_view;

/* What view_tokens leaves to this: a token with attributes besides its
 * shape (a number's value, a sentence's first token: some 6 in 100), a
 * key the document did not share, or a non-ASCII first letter. Out of
 * line and writing into the token itself, so that the walk over every
 * token keeps its values in registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void view_token_slow(const cl_view *v, const td_annot *a, cl_tok *t)
{
    unsigned char c = (unsigned char)v->text[a->start];
    if (c >= 0x80) {
        int32_t cp;
        td_utf8_decode(v->text + a->start, a->end - a->start, &cp);
        t->cap = td_utf8_is_upper(cp);
    }
    for (const td_attr *at = a->attrs; at; at = at->next) {
        const char *k = at->key;
        if (k == v->shape)
            continue;
        if (k == v->value || (k != v->sent_start && strcmp(k, "value") == 0)) {
            if (at->type == TD_ATTR_NUMBER) {
                t->has_value = true;
                t->value = at->v.n;
            }
        } else if (at->type == TD_ATTR_BOOL &&
                   (k == v->sent_start || strcmp(k, "sent_start") == 0)) {
            t->sent_start = at->v.b;
        }
    }
}

/* cl_word_key out of line, for the last tokens of a text only */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static uint32_t word_key_last(const char *s, size_t n)
{
    return cl_word_key(s, n);
}

/* The views of tokens [i, j) up to the first one ending past byte s1,
 * all in sentence `sent`: returns where it stopped, with what they tell
 * the sentence (CL_HAS_*) in *has_out. A token a lexicon entry may start
 * at joins v->cand with its key: the bloom bit of the key (the length and
 * first four bytes) says no for nearly all tokens that cannot, without a
 * branch. A loop of its own with no call but for the rare tokens
 * view_token_slow finishes: in prepare()'s walk over the sentences, or
 * with the attribute walk inline, the compiler kept most of its values on
 * the stack. The body is inlined in two loops: the main one, over tokens
 * with four bytes of the text (and its NUL) to read at their start, and
 * one for the last tokens of a text (at most three), which take the
 * slower key; so the main loop has no test of the room left. */
#if defined(__GNUC__)
#define CL_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define CL_ALWAYS_INLINE inline
#endif
typedef struct view_loop {
    const char *text, *shape;
    cl_tok *t;
    const uint64_t *bloom;
    uint32_t *cand;
    size_t nc;
    uint32_t *num;
    size_t nnum, nmark, nt;
    uint8_t has;
} view_loop;

/* One token's view; false (nothing written) when it ends past s1. */
static CL_ALWAYS_INLINE bool view_one(const cl_view *v, view_loop *l, const td_annot *a, size_t k,
                                      size_t s1, uint32_t sent, bool four)
{
    size_t start = a->start, end = a->end, n = end - start;
    if (end > s1)
        return false;
    uint8_t kind = kind_by_label[(unsigned char)a->label[0]] ^ K_OTHER;
    unsigned char c = (unsigned char)l->text[start];
    l->t[k] = (cl_tok){.start = (uint32_t)start,
                       .end = (uint32_t)end,
                       .sent = sent,
                       .kind = kind,
                       .c0 = (char)c,
                       .byte1 = n == 1 ? (char)c : 0,
                       .cap = (unsigned)(c - 'A') < 26u};
    /* a number (token, or digit-led word), else a double quote mark */
    if (kind == K_NUMBER || (unsigned)(c - '0') < 10u) {
        l->has |= CL_HAS_NUMBER;
        l->num[l->nnum++] = (uint32_t)k; /* where cl_find_figures looks */
    } else if (kind == K_PUNCT && (c == '"' || (c == 0xE2 && n == 3))) {
        l->has |= CL_HAS_MARK;
        l->num[3 * l->nt + l->nmark++] = (uint32_t)k; /* where pair_marks looks */
    }
    uint32_t hash = four ? cl_word_key4(l->text + start, n) : word_key_last(l->text + start, n);
    unsigned ok = (kind != K_NUMBER) & (unsigned)(l->bloom[(hash & 0xFFFF) >> 6] >> (hash & 63));
    l->cand[2 * l->nc] = (uint32_t)k;
    l->cand[2 * l->nc + 1] = hash;
    l->nc += ok & 1u;
    /* most tokens have their shape and nothing else */
    const td_attr *at = a->attrs;
    if (c >= 0x80 || !at || at->key != l->shape || at->next)
        view_token_slow(v, a, &l->t[k]);
    return true;
}

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t view_tokens(cl_view *v, td_annot *const *toks, size_t i, size_t j, size_t s1,
                          uint32_t sent, uint8_t *has_out)
{
    view_loop l = {.text = v->text,
                   .shape = v->shape,
                   .t = v->t,
                   .bloom = v->lex->bloom,
                   .cand = v->cand,
                   .nc = v->ncand,
                   .num = v->num,
                   .nnum = v->nnum,
                   .nmark = v->nmark,
                   .nt = v->nt};
    /* the bytes that may be read: the text and its NUL; tokens start at
     * distinct bytes, so at most the last three lack four of them */
    size_t room = v->len + 1, safe = j;
    while (safe > i && toks[safe - 1]->start + 4 > room)
        safe--;
    size_t k = i;
    for (; k < safe; k++)
        if (!view_one(v, &l, toks[k], k, s1, sent, true))
            goto done;
    for (; k < j; k++)
        if (!view_one(v, &l, toks[k], k, s1, sent, false))
            break;
done:
    v->ncand = l.nc;
    v->nnum = l.nnum;
    v->nmark = l.nmark;
    *has_out = l.has;
    return k;
}

/* A walk over the entities beside the tokens: the first entity that may
 * cover the tokens to come (they are sorted by start), with its span. */
typedef struct cl_cover {
    td_annot *const *ents;
    size_t ne, e, e0, e1;
} cl_cover;

/* The entity covering each of tokens [q, q1), just viewed (in the cache
 * still: a walk over all the tokens after the view missed it for most
 * bisection steps). The ranges come in order; the walk goes on where the
 * last one stopped. */
static void cover_tokens(cl_tok *t, size_t q, size_t q1, cl_cover *c)
{
    size_t e = c->e, e0 = c->e0, e1 = c->e1;
    for (; q < q1 && e < c->ne; q++) {
        size_t ts = t[q].start;
        while (e1 <= ts) {
            if (++e == c->ne)
                break;
            e0 = c->ents[e]->start;
            e1 = c->ents[e]->end;
        }
        if (e == c->ne)
            break;
        if (ts < e0) {
            /* no entity covers the tokens before e0 (e1 > ts stays): the
             * range's rest when the entity starts past it (most
             * sentences), else a walk to the first token at or after it
             * (one branch the predictor misses, where a bisection missed
             * every other step) */
            if (t[q1 - 1].start < e0)
                break;
            while (t[q + 1].start < e0) /* t[q1 - 1] stops it */
                q++;
            continue; /* the loop's q++ lands on it */
        }
        if (t[q].end <= e1)
            t[q].entity = c->ents[e];
    }
    c->e = e;
    c->e0 = e0;
    c->e1 = e1;
}

/* The token and sentence views the passes share: one walk over the
 * sentences and their tokens. */
static int prepare(cl_doc *d)
{
    size_t nt, ns;
    td_annot *const *toks = td_doc_layer(d->doc, "token", &nt);
    td_annot *const *sents = td_doc_layer(d->doc, "sentence", &ns);
    if (nt == 0 || ns == 0)
        return 0;
    if (d->len > UINT32_MAX - 1 || nt > UINT32_MAX - 1)
        return -2; /* cl_tok's offsets are 32-bit */
    /* every field is written below: no zeroing of the blocks first (a
     * calloc of them cost more than the whole walk) */
    d->t = malloc(nt * sizeof(*d->t));
    d->s = malloc(ns * sizeof(*d->s));
    d->cand = malloc(2 * nt * sizeof(*d->cand));
    d->num = malloc(4 * nt * sizeof(*d->num));
    if (!d->t || !d->s || !d->cand || !d->num)
        return -1;
    d->nt = nt;
    cl_view v = {.text = d->text,
                 .len = d->len,
                 .lex = &d->st->lex,
                 .t = d->t,
                 .cand = d->cand,
                 .num = d->num,
                 .nt = nt,
                 .shape = td_doc_name(d->doc, "shape"),
                 .value = td_doc_name(d->doc, "value"),
                 .sent_start = td_doc_name(d->doc, "sent_start")};
    const char *paragraph = td_doc_name(d->doc, "paragraph");
    if (!v.shape || !v.value || !v.sent_start || !paragraph)
        return -1;
    /* the entity covering each token, found range by range */
    cl_cover cov = {0};
    cov.ents = td_doc_layer(d->doc, "entity", &cov.ne);
    d->have_entities = cov.ne > 0;
    if (cov.ne) {
        cov.e0 = cov.ents[0]->start;
        cov.e1 = cov.ents[0]->end;
    }
    /* no lexicon, no cues and no CL_HAS_* at all */
    uint8_t has_mask = d->st->lex.nslots > 0 ? 0xFF : 0;
    /* sentences over token indexes; a token in no sentence counts as
     * sentence 0's (its `sent` is 0) */
    size_t i = 0, out = 0;
    uint8_t outside = 0;
    for (size_t k = 0; k < ns; k++) {
        const td_annot *s = sents[k];
        size_t s0 = s->start, s1 = s->end;
        size_t j = i;
        uint8_t has;
        while (j < nt && toks[j]->start < s0)
            j++;
        if (j > i) {
            view_tokens(&v, toks, i, j, SIZE_MAX, 0, &has);
            cover_tokens(d->t, i, j, &cov);
            outside |= has;
        }
        i = j;
        j = view_tokens(&v, toks, i, nt, s1, (uint32_t)out, &has);
        if (j == i)
            continue;
        cover_tokens(d->t, i, j, &cov);
        cl_sent *cs = &d->s[out];
        cs->t0 = (uint32_t)i;
        cs->t1 = (uint32_t)j;
        cs->start = s->start;
        cs->end = s->end;
        /* the sentence's one attribute, known by its key's pointer */
        const td_attr *at = s->attrs;
        cs->paragraph = (uint32_t)(at && at->key == paragraph && at->type == TD_ATTR_NUMBER
                                       ? at->v.n
                                       : td_annot_num(s, "paragraph", 0));
        cs->heading = s->label[0] == 'h';
        cs->has = has & has_mask;
        cs->may_period = 0;
        out++;
        i = j;
    }
    if (i < nt) {
        uint8_t has;
        view_tokens(&v, toks, i, nt, SIZE_MAX, 0, &has);
        cover_tokens(d->t, i, nt, &cov);
        outside |= has;
    }
    d->s[0].has |= outside & has_mask;
    d->ns = out;
    d->ncand = v.ncand;
    d->nnum = v.nnum;
    d->nmark = v.nmark;
    return cl_mark_cues(d);
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const cl_state *st = td_stage_state(ctx);
    cl_doc d = {.doc = doc, .st = st};
    d.text = td_doc_text(doc, &d.len);
    int rc = TD_OK;
    int prc = prepare(&d);
    if (prc != 0) {
        rc = prc == -2 ? td_stage_fail(ctx, "a text of %zu bytes is over the 4 GiB the stage reads",
                                       d.len)
                       : td_stage_fail(ctx, "out of memory reading %zu bytes", d.len);
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
    free(d.cand);
    free(d.num);
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
