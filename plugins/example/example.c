/*
 * example: the smallest useful stage, and the one docs/PLUGINS.md walks
 * through. It marks the words given in its `words` option, and those of
 * the TSV word lists named in its `lists` option, wherever they stand as
 * whole words, as annotations of layer "keyword".
 *
 * Build it out of tree against an installed tidings (see README.md):
 *     cc -shared -fPIC -o example.so example.c $(pkg-config --cflags --libs tidings)
 *
 * The regions between "docs:" markers are copied into docs/PLUGINS.md;
 * tests/doc-snippets checks that the page and this file agree, so the
 * page's code is code that compiles and runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

/* docs:options */
static const td_option options[] = {
    {"words", TD_OPT_LIST, "tariff tariffs", "the words to mark, separated by spaces or commas"},
    {"lists", TD_OPT_LIST, "",
     "TSV word lists (word, then its canonical form) found as data files, e.g. trade.tsv"},
    {"case_sensitive", TD_OPT_BOOL, "false",
     "match the words' case exactly (a list's #@case lines decide for its own words)"},
    {NULL, 0, NULL, NULL},
};
/* docs:end */

/* Made once by create(); only read afterwards, by many threads at once. */
typedef struct example_state {
    td_matcher *matcher;
    char rule[128]; /* "STAGE:words": which stage's list made a keyword */
} example_state;

/* docs:matcher-create */
/* A word listed twice, or once with two canonical forms: worth a line in
 * `tidings check`, not a failure. */
static void on_repeat(const char *message, void *cfg)
{
    td_config_warn(cfg, "%s", message);
}

/* A matcher of the words given and of the words in the lists, built; NULL
 * with the reason set by td_config_fail(). Nothing leaks on any path. */
static td_matcher *build_matcher(td_stage_config *cfg, const char *const *words, size_t nwords,
                                 const char *const *lists, size_t nlists, unsigned flags)
{
    td_matcher *m = td_matcher_new();
    if (!m) {
        td_config_fail(cfg, "out of memory");
        return NULL;
    }
    td_matcher_on_warning(m, on_repeat, cfg);
    for (size_t i = 0; i < nwords; i++) {
        const char *payload[] = {words[i]}; /* the canonical form: the word as configured */
        if (td_matcher_add(m, words[i], strlen(words[i]), flags, payload, 1, NULL) != 0) {
            td_config_fail(cfg, "word '%s': %s", words[i], td_matcher_errmsg(m));
            goto fail;
        }
    }
    for (size_t i = 0; i < nlists; i++) {
        char path[4096];
        if (td_config_data_file(cfg, lists[i], path, sizeof(path)) != 0)
            goto fail; /* the message names every folder it looked in */
        if (td_matcher_load_tsv(m, path, flags) != 0) { /* "path:12: problem" */
            td_config_fail(cfg, "%s", td_matcher_errmsg(m));
            goto fail;
        }
    }
    if (td_matcher_build(m) != 0) {
        td_config_fail(cfg, "cannot build the matcher: %s", td_matcher_errmsg(m));
        goto fail;
    }
    return m;
fail:
    td_matcher_free(m);
    return NULL;
}
/* docs:end */

static int create(td_stage_config *cfg, void **state)
{
    size_t nwords, nlists;
    const char *const *words = td_config_list(cfg, "words", &nwords);
    const char *const *lists = td_config_list(cfg, "lists", &nlists);
    unsigned flags = td_config_bool(cfg, "case_sensitive") ? 0 : TD_MATCH_FOLD;
    if (nwords == 0 && nlists == 0)
        return td_config_fail(cfg, "words and lists are empty: give at least one word to mark");
    example_state *st = calloc(1, sizeof(*st));
    if (!st)
        return td_config_fail(cfg, "out of memory");
    /* One plugin may run as several stages ([stage.tariffs] plugin = example),
     * each with its own words: the rule says which one matched. */
    snprintf(st->rule, sizeof(st->rule), "%s:words", td_config_stage(cfg));
    st->matcher = build_matcher(cfg, words, nwords, lists, nlists, flags);
    if (!st->matcher) {
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

/* docs:matcher-scan */
typedef struct scan {
    td_doc *doc;
    const example_state *st;
    int failed;
} scan;

static int on_match(const td_match *hit, void *user)
{
    scan *s = user;
    /* hit->start, hit->end: bytes in the text; hit->payload[0..npayload) */
    td_annot *a = td_doc_add(s->doc, "keyword", "keyword", hit->start, hit->end);
    if (!a ||
        td_annot_set_str(s->doc, a, "canonical", hit->npayload ? hit->payload[0] : "") != 0 ||
        td_annot_set_str(s->doc, a, "rule", s->st->rule) != 0) {
        s->failed = 1;
        return 1; /* non-zero stops the scan */
    }
    return 0;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const example_state *st = td_stage_state(ctx);
    size_t len;
    const char *text = td_doc_text(doc, &len);
    scan s = {doc, st, 0};
    if (td_matcher_scan(st->matcher, text, len, TD_SCAN_LONGEST, on_match, &s) < 0 || s.failed)
        return td_stage_fail(ctx, "cannot add a keyword: %s", td_doc_errmsg(doc));
    return TD_OK;
}
/* docs:end */

static void destroy(void *state)
{
    example_state *st = state;
    if (!st)
        return;
    td_matcher_free(st->matcher);
    free(st);
}

/* docs:define */
TD_STAGE_DEFINE(
    .name = "example",
    .version = "1.1",
    .summary = "marks chosen words as keyword annotations (the plugin-writing example)",
    .options = options,
    .provides = TD_LAYERS("keyword"),
    .create = create,
    .process = process,
    .destroy = destroy);
/* docs:end */
