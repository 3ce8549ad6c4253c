/* Test plugin: a file (entlite.so) named otherwise than its .name, which
 * the loader must refuse with both names (bug 2 of issue 7). */
#include <tidings/tidings.h>

static const td_option options[] = {
    {"fold_case", TD_OPT_BOOL, "true", "unused"},
    {NULL, 0, NULL, NULL},
};

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    (void)ctx;
    (void)doc;
    return TD_OK;
}

TD_STAGE_DEFINE(.name = "entities-lite", .version = "0",
                .summary = "test: a plugin whose file name is not its name", .options = options,
                .provides = TD_LAYERS("entity"), .process = process);
