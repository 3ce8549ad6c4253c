/* Test plugin: whitespace tokens, so core tests need no real segmenter. */
#include <tidings/tidings.h>

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    size_t len;
    const char *t = td_doc_text(doc, &len);
    size_t i = 0;
    while (i < len) {
        while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t'))
            i++;
        size_t start = i;
        while (i < len && t[i] != ' ' && t[i] != '\n' && t[i] != '\t')
            i++;
        if (i > start && !td_doc_add(doc, "token", "word", start, i))
            return td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
    }
    return TD_OK;
}

TD_STAGE_DEFINE(.name = "testtok", .version = "0", .summary = "test: whitespace tokens",
                .provides = TD_LAYERS("token"), .process = process);
