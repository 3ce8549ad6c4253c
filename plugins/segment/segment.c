/*
 * segment: sentences and tokens.
 *
 * Splits the working text into tokens (layer "token": word, number, punct,
 * symbol, url, email) and sentences (layer "sentence": sentence or
 * heading), with the attributes later stages need: a token's shape, whether
 * it starts its sentence, a number's value; a sentence's paragraph.
 * README.md beside this file has the rules; segment.h the passes.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

#include "segment.h"

static const td_option options[] = {
    {"abbreviations", TD_OPT_STRING, "abbreviations.tsv",
     "abbreviations with their class (abbr, inner, number), a TSV file"},
    {"starters", TD_OPT_STRING, "starters.tsv",
     "words that end a sentence after an abbreviation (\"the U.S. The ...\"), a TSV file"},
    {"tokens", TD_OPT_BOOL, "true", "add the token annotations (sentences are always added)"},
    {"line_breaks", TD_OPT_BOOL, "true",
     "a single line break ends a sentence (false: only blank lines do, for hard-wrapped text)"},
    {NULL, 0, NULL, NULL},
};

typedef struct seg_state {
    seg_lexicon lex;
    bool tokens;
} seg_state;

static void destroy(void *state)
{
    seg_state *st = state;
    if (!st)
        return;
    seg_wordset_free(&st->lex.abbrev);
    seg_wordset_free(&st->lex.starters);
    free(st);
}

static int load(td_stage_config *cfg, const char *option, seg_wordset *ws, bool with_class)
{
    char path[PATH_MAX], err[512];
    if (td_config_data_file(cfg, td_config_str(cfg, option), path, sizeof(path)) != 0)
        return -1;
    if (seg_wordset_load(ws, path, with_class, err, sizeof(err)) != 0)
        return td_config_fail(cfg, "%s: %s", option, err);
    return 0;
}

static int create(td_stage_config *cfg, void **state)
{
    seg_state *st = calloc(1, sizeof(*st));
    if (!st)
        return td_config_fail(cfg, "out of memory");
    st->tokens = td_config_bool(cfg, "tokens");
    st->lex.line_breaks = td_config_bool(cfg, "line_breaks");
    if (load(cfg, "abbreviations", &st->lex.abbrev, true) != 0 ||
        load(cfg, "starters", &st->lex.starters, false) != 0) {
        destroy(st);
        return -1;
    }
    *state = st;
    return 0;
}

/* The names the stage writes, as the document's own copies
 * (td_doc_name): taken once per document, they cost no comparing in the
 * million calls that pass them. */
typedef struct seg_names {
    const char *token, *sentence, *heading, *shape, *sent_start, *value, *paragraph;
    const char *labels[SEG_NLABELS];
} seg_names;

static int take_names(td_doc *doc, seg_names *nm)
{
    nm->token = td_doc_name(doc, "token");
    nm->sentence = td_doc_name(doc, "sentence");
    nm->heading = td_doc_name(doc, "heading");
    nm->shape = td_doc_name(doc, "shape");
    nm->sent_start = td_doc_name(doc, "sent_start");
    nm->value = td_doc_name(doc, "value");
    nm->paragraph = td_doc_name(doc, "paragraph");
    bool ok = nm->token && nm->sentence && nm->heading && nm->shape && nm->sent_start &&
              nm->value && nm->paragraph;
    /* URLs and emails are rare: their labels go as the literals, which
     * the document copies on first use (taking a name costs a copy and a
     * hash, in every document) */
    for (size_t i = 0; i < SEG_NLABELS; i++)
        ok = (nm->labels[i] = i == SEG_URL || i == SEG_EMAIL
                                  ? seg_label_names[i]
                                  : td_doc_name(doc, seg_label_names[i])) &&
             ok;
    return ok ? 0 : -1;
}

/* The annotations of one sentence, tokens [first, end) of toks: its
 * tokens, then itself (so the token layer and its strings come first in
 * the document's lookups, which the many token annotations then find at
 * once). The tokens' specs and shape names are the tokeniser's arrays, as
 * they are. *num is the first of toks->numbers not before the sentence;
 * it moves past the sentence's. */
static int emit_sentence(td_doc *doc, const seg_names *nm, const char *text,
                         const seg_toks *toks, const seg_sent *sent, size_t end, bool tokens,
                         size_t *num)
{
    const td_annot_spec *sp = toks->span;
    size_t first = sent->first, n = end - first;
    if (tokens) { /* tokens: added at once (td_doc_add_many), then their attributes */
        td_annot *a = td_doc_add_many(doc, nm->token, sp + first, n);
        if (!a)
            return -1;
        /* Attributes in the order shape, sent_start, value. sent_start is
         * true on a sentence's first token, absent (false) on the others:
         * setting false on every token would cost a quarter of the stage. */
        if (td_annot_set_const_many(doc, a, n, nm->shape, toks->shape + first) != 0 ||
            td_annot_set_bool(doc, &a[0], nm->sent_start, true) != 0)
            return -1;
        const size_t *nums = toks->numbers;
        size_t k = *num;
        for (; k < toks->nnumbers && nums[k] < end; k++) {
            double v;
            const td_annot_spec *t = &sp[nums[k]];
            if (seg_number_value(text + t->start, t->end - t->start, &v) &&
                td_annot_set_num(doc, &a[nums[k] - first], nm->value, v) != 0)
                return -1;
        }
        *num = k;
    }
    td_annot *s = td_doc_add(doc, nm->sentence, sent->heading ? nm->heading : nm->sentence,
                             sp[first].start, sp[end - 1].end);
    if (!s || td_annot_set_num(doc, s, nm->paragraph, sent->paragraph) != 0)
        return -1;
    return 0;
}

/* The original offset of working offset w, as td_doc_span_original maps a
 * span's start (end: false) or end (end: true), looking at the regions
 * from k on (every one before k starts at or before w). A token spans few
 * regions, so the scan is short and the walk stays linear. */
static size_t to_original(const td_rewrite_span *r, size_t nr, size_t k, size_t w, bool end)
{
    size_t j = k;
    while (j < nr && (end ? r[j].start < w : r[j].start <= w))
        j++;
    if (j == 0)
        return w; /* no region before w */
    const td_rewrite_span *e = &r[j - 1];
    if (end ? w <= e->end : w < e->end)
        return end ? e->orig_end : e->orig_start; /* inside: all of the region */
    return e->orig_end + (w - e->end);
}

/* The first of t[from, n) whose end is past `pos` (n if none): token ends
 * grow, as tokens neither overlap nor are empty. */
static size_t first_ending_after(const td_annot_spec *t, size_t from, size_t n, size_t pos)
{
    size_t lo = from, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid].end > pos)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/*
 * A word's shape (and the case of its first letter, which the sentence
 * splitter reads) as the writer wrote it: where a normaliser rewrote the
 * text ("casefold = true" makes every word "x"), take them from the
 * original. Only words touching a rewritten region are looked at again.
 * Each token belongs to the first region not wholly before it (the first
 * whose end is at or after the token's start) and is looked at when that
 * region starts before the token's end: the tokens of region k are found
 * by a binary search from where region k - 1's stopped, so a text with few
 * rewrites costs a few searches, not a step per token, and one with many
 * stays linear in the tokens plus the regions times a logarithm.
 */
static void shapes_from_original(const td_doc *doc, seg_toks *toks)
{
    const td_annot_spec *t = toks->span;
    seg_tok *v = toks->v;
    size_t n = toks->n;
    size_t olen, nr;
    const char *orig = td_doc_original(doc, &olen);
    const td_rewrite_span *r = td_doc_rewrites(doc, &nr);
    size_t i = 0; /* tokens before i belong to earlier regions */
    for (size_t k = 0; k < nr && i < n; k++) {
        /* the tokens whose start is at or before r[k].end, past i, belong
         * to region k; of those, the ones ending after its start touch it */
        i = first_ending_after(t, i, n, r[k].start);
        for (; i < n && t[i].start <= r[k].end; i++) {
            if (v[i].label != SEG_WORD && v[i].label != SEG_URL && v[i].label != SEG_EMAIL)
                continue;
            /* the region before k gives the shift before the token */
            size_t from = k ? k - 1 : 0;
            size_t os = to_original(r, nr, from, t[i].start, false);
            size_t oe = to_original(r, nr, from, t[i].end, true);
            if (oe < os || oe > olen)
                continue;
            uint8_t shape, first;
            seg_shape_of(orig, olen, os, oe, &shape, &first);
            v[i].first = first;
            if (v[i].label == SEG_WORD)
                toks->shape[i] = seg_shape_names[shape];
        }
    }
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const seg_state *st = td_stage_state(ctx);
    size_t len;
    const char *text = td_doc_text(doc, &len);
    seg_toks toks = {.labels = seg_label_names};
    seg_sent *sents = NULL;
    seg_names nm = {0};
    int rc = TD_OK;
    if (!len)
        return TD_OK;
    /* The names first: the tokeniser writes the labels into the specs
     * handed to td_doc_add_many. */
    if (take_names(doc, &nm) != 0) {
        rc = td_stage_fail(ctx, "cannot add an annotation: %s", td_doc_errmsg(doc));
        goto out;
    }
    toks.labels = nm.labels;
    if (seg_tokenise(&st->lex, text, len, &toks) != 0) {
        rc = td_stage_fail(ctx, "out of memory tokenising %zu bytes", len);
        goto out;
    }
    if (td_doc_rewritten(doc))
        shapes_from_original(doc, &toks);
    size_t nsent = seg_split(&st->lex, text, &toks, &sents);
    if (nsent == SIZE_MAX) {
        rc = td_stage_fail(ctx, "out of memory splitting %zu tokens", toks.n);
        goto out;
    }
    /* Room for every annotation the stage adds: the document's array of
     * all annotations takes the sentences as well as the tokens, so the
     * token layer's reservation counts both (td_doc_reserve grows that
     * array for the one layer it is given), else the first sentences
     * after the tokens grow it again, copying it. */
    if (toks.n && ((st->tokens && td_doc_reserve(doc, nm.token, toks.n + nsent) != 0) ||
                   td_doc_reserve(doc, nm.sentence, nsent) != 0)) {
        rc = td_stage_fail(ctx, "cannot add an annotation: %s", td_doc_errmsg(doc));
        goto out;
    }
    size_t num = 0;
    for (size_t k = 0; k < nsent; k++) {
        size_t end = k + 1 < nsent ? sents[k + 1].first : toks.n;
        if (emit_sentence(doc, &nm, text, &toks, &sents[k], end, st->tokens, &num) != 0) {
            rc = td_stage_fail(ctx, "cannot add an annotation: %s", td_doc_errmsg(doc));
            goto out;
        }
    }
out:
    free(sents);
    seg_toks_free(&toks);
    return rc;
}

/* Tokens only when asked for: a later stage that needs them is refused
 * before the run rather than finding none. */
static const char *const *provides(const td_stage_config *cfg)
{
    static const char *const with_tokens[] = {"sentence", "token", NULL};
    static const char *const sentences_only[] = {"sentence", NULL};
    return td_config_bool(cfg, "tokens") ? with_tokens : sentences_only;
}

TD_STAGE_DEFINE(
    .name = "segment",
    .version = "1.0",
    .summary = "sentences (with paragraphs and headings) and tokens (with shape and value)",
    .options = options,
    .provides = TD_LAYERS("sentence", "token"),
    .create = create,
    .process = process,
    .destroy = destroy,
    .provides_fn = provides);
