/*
 * example: the smallest useful stage, and the one docs/PLUGINS.md walks
 * through. It marks the words given in its `words` option wherever they
 * stand as whole words, as annotations of layer "keyword".
 *
 * Build it out of tree against an installed tidings (see README.md):
 *     cc -shared -fPIC -o example.so example.c $(pkg-config --cflags --libs tidings)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

static const td_option options[] = {
    {"words", TD_OPT_LIST, "tariff tariffs", "the words to mark, separated by spaces or commas"},
    {"case_sensitive", TD_OPT_BOOL, "false", "match the words' case exactly"},
    {NULL, 0, NULL, NULL},
};

/* Made once by create(); only read afterwards, by many threads at once. */
typedef struct example_state {
    td_matcher *matcher;
    char rule[128]; /* "STAGE:words": which stage's list made a keyword */
} example_state;

static int create(td_stage_config *cfg, void **state)
{
    size_t n;
    const char *const *words = td_config_list(cfg, "words", &n);
    unsigned flags = td_config_bool(cfg, "case_sensitive") ? 0 : TD_MATCH_FOLD;
    if (n == 0)
        return td_config_fail(cfg, "words is empty: give at least one word to mark");
    example_state *st = calloc(1, sizeof(*st));
    if (!st)
        return td_config_fail(cfg, "out of memory");
    /* One plugin may run as several stages ([stage.tariffs] plugin = example),
     * each with its own words: the rule says which one matched. */
    snprintf(st->rule, sizeof(st->rule), "%s:words", td_config_stage(cfg));
    st->matcher = td_matcher_new();
    if (!st->matcher)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        /* The payload is the word as configured: the keyword's canonical form. */
        const char *payload[] = {words[i]};
        if (td_matcher_add(st->matcher, words[i], strlen(words[i]), flags, payload, 1, NULL) != 0)
            goto fail;
    }
    if (td_matcher_build(st->matcher) != 0)
        goto fail;
    *state = st;
    return 0;
fail:
    td_config_fail(cfg, "cannot build the word list: %s",
                   st->matcher ? td_matcher_errmsg(st->matcher) : "out of memory");
    td_matcher_free(st->matcher);
    free(st);
    return -1;
}

typedef struct scan {
    td_doc *doc;
    const example_state *st;
    int failed;
} scan;

static int on_match(const td_match *m, void *user)
{
    scan *s = user;
    td_annot *a = td_doc_add(s->doc, "keyword", "keyword", m->start, m->end);
    if (!a || td_annot_set_str(s->doc, a, "canonical", m->payload[0]) != 0 ||
        td_annot_set_str(s->doc, a, "rule", s->st->rule) != 0) {
        s->failed = 1;
        return 1; /* stop the scan */
    }
    return 0;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const example_state *st = td_stage_state(ctx);
    size_t len;
    const char *text = td_doc_text(doc, &len);
    scan s = {doc, st, 0};
    td_matcher_scan(st->matcher, text, len, TD_SCAN_LONGEST, on_match, &s);
    if (s.failed)
        return td_stage_fail(ctx, "cannot add a keyword: %s", td_doc_errmsg(doc));
    return TD_OK;
}

static void destroy(void *state)
{
    example_state *st = state;
    if (!st)
        return;
    td_matcher_free(st->matcher);
    free(st);
}

TD_STAGE_DEFINE(
    .name = "example",
    .version = "1.0",
    .summary = "marks chosen words as keyword annotations (the plugin-writing example)",
    .options = options,
    .provides = TD_LAYERS("keyword"),
    .create = create,
    .process = process,
    .destroy = destroy);
