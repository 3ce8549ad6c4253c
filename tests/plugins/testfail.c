/* Test plugin: fails on documents holding a marker, drops those holding
 * another; the poison document of the error-path tests. */
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

static const td_option options[] = {
    {"marker", TD_OPT_STRING, "POISON", "fail documents containing this"},
    {"drop", TD_OPT_STRING, "DROPME", "drop documents containing this"},
    {NULL, 0, NULL, NULL},
};

typedef struct state {
    char *marker, *drop;
} state;

static void destroy(void *p)
{
    state *st = p;
    if (!st)
        return;
    free(st->marker);
    free(st->drop);
    free(st);
}

static int create(td_stage_config *cfg, void **out)
{
    state *st = calloc(1, sizeof(*st));
    if (!st || !(st->marker = strdup(td_config_str(cfg, "marker"))) ||
        !(st->drop = strdup(td_config_str(cfg, "drop")))) {
        destroy(st);
        return td_config_fail(cfg, "out of memory");
    }
    *out = st;
    return 0;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const state *st = td_stage_state(ctx);
    const char *text = td_doc_text(doc, NULL);
    if (strstr(text, st->marker))
        return td_stage_fail(ctx, "found the marker '%s'", st->marker);
    if (strstr(text, st->drop))
        return TD_DROP;
    return TD_OK;
}

TD_STAGE_DEFINE(.name = "testfail", .version = "0", .summary = "test: fails on a marker",
                .options = options, .create = create, .process = process, .destroy = destroy);
