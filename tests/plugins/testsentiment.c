/* testsentiment: a stage that needs the `sentiment` layer (the outlook
 * stage gives it only with scope = all); it counts the annotations. */
#include <tidings/tidings.h>

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    size_t n;
    td_doc_layer(doc, "sentiment", &n);
    if (td_doc_set_num(doc, "testsentiment.count", (double)n) != 0)
        return td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
    return TD_OK;
}

TD_STAGE_DEFINE(.name = "testsentiment", .version = "1.0",
                .summary = "test stage that requires the sentiment layer",
                .requires = TD_LAYERS("sentiment"), .process = process);
