/* Test plugin: needs sentences only, counts them. */
#include <tidings/tidings.h>

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    size_t n;
    td_doc_layer(doc, "sentence", &n);
    if (td_doc_set_num(doc, "testsent.sentences", (double)n) != 0)
        return td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
    return TD_OK;
}

TD_STAGE_DEFINE(.name = "testsent", .version = "0", .summary = "test: counts sentences",
                .requires = TD_LAYERS("sentence"), .process = process);
