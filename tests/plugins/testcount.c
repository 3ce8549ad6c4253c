/* Test plugin: needs tokens, counts them into a document attribute. */
#include <stdlib.h>

#include <tidings/tidings.h>

static const td_option options[] = {
    {"min_length", TD_OPT_INT, "1", "shortest token counted, in bytes"},
    {"ratio", TD_OPT_DOUBLE, "0.5", "unused: a number option for tests"},
    {"label", TD_OPT_STRING, NULL, "unused: an option without default"},
    {NULL, 0, NULL, NULL},
};

typedef struct state {
    long long min_length;
} state;

static int create(td_stage_config *cfg, void **out)
{
    state *st = td_config_int(cfg, "min_length") >= 0 ? calloc(1, sizeof(*st)) : NULL;
    if (!st)
        return td_config_fail(cfg, "min_length must not be negative");
    st->min_length = td_config_int(cfg, "min_length");
    *out = st;
    return 0;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const state *st = td_stage_state(ctx);
    size_t n, counted = 0;
    td_annot *const *toks = td_doc_layer(doc, "token", &n);
    for (size_t i = 0; i < n; i++)
        counted += toks[i]->end - toks[i]->start >= (size_t)st->min_length;
    if (td_doc_set_num(doc, "testcount.tokens", (double)counted) != 0)
        return td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
    return TD_OK;
}

static void destroy(void *st) { free(st); }

TD_STAGE_DEFINE(.name = "testcount", .version = "0", .summary = "test: counts tokens",
                .options = options, .requires = TD_LAYERS("token"),
                .provides = TD_LAYERS("count"), .create = create, .process = process,
                .destroy = destroy);
