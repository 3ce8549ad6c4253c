/* Test plugin: marks the first word with attributes that point into the
 * plugin: a string literal (td_annot_set_const, as doc.h recommends) and
 * a matcher payload, which must stay readable after td_harness_free while
 * the document lives (bug 5 of issue 7). */
#include <stdlib.h>

#include <tidings/tidings.h>

typedef struct state {
    td_matcher *m;
} state;

static int create(td_stage_config *cfg, void **out)
{
    state *st = calloc(1, sizeof(*st));
    const char *payload[] = {"the payload of 'rose'"};
    if (!st || !(st->m = td_matcher_new()) ||
        td_matcher_add(st->m, "rose", 4, TD_MATCH_FOLD, payload, 1, NULL) != 0 ||
        td_matcher_build(st->m) != 0) {
        if (st)
            td_matcher_free(st->m);
        free(st);
        return td_config_fail(cfg, "cannot build the matcher");
    }
    *out = st;
    return 0;
}

typedef struct scan {
    td_doc *doc;
    int failed;
} scan;

static int on_match(const td_match *m, void *user)
{
    scan *s = user;
    td_annot *a = td_doc_add(s->doc, "mark", "rose", m->start, m->end);
    s->failed = !a || td_annot_set_const(s->doc, a, "rule", "testconst:literal") != 0 ||
                td_annot_set_const(s->doc, a, "payload", m->payload[0]) != 0;
    return s->failed;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const state *st = td_stage_state(ctx);
    size_t len;
    const char *text = td_doc_text(doc, &len);
    scan s = {doc, 0};
    if (td_matcher_scan(st->m, text, len, TD_SCAN_LONGEST, on_match, &s) != 0 || s.failed)
        return td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
    return TD_OK;
}

static void destroy(void *p)
{
    state *st = p;
    if (st)
        td_matcher_free(st->m);
    free(st);
}

TD_STAGE_DEFINE(.name = "testconst", .version = "0",
                .summary = "test: attributes pointing into the plugin and its state",
                .provides = TD_LAYERS("mark"), .create = create, .process = process,
                .destroy = destroy);
