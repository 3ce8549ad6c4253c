/* Test plugin: rewrites "&amp;" to "&", to test text-rewriting stages'
 * place in a pipeline and alignment through the runner. */
#include <string.h>

#include <tidings/tidings.h>

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    size_t len;
    const char *t = td_doc_text(doc, &len);
    if (!strstr(t, "&amp;"))
        return TD_OK;
    td_rewrite *rw = td_rewrite_begin(doc);
    if (!rw)
        return td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
    size_t i = 0;
    while (i < len) {
        const char *hit = strstr(t + i, "&amp;");
        size_t keep = hit ? (size_t)(hit - (t + i)) : len - i;
        td_rewrite_keep(rw, keep);
        i += keep;
        if (hit) {
            td_rewrite_replace(rw, 5, "&", 1);
            i += 5;
        }
    }
    if (td_rewrite_commit(rw) != 0)
        return td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
    return TD_OK;
}

TD_STAGE_DEFINE(.name = "testrewrite", .version = "0", .summary = "test: &amp; to &",
                .flags = TD_STAGE_REWRITES_TEXT, .process = process);
