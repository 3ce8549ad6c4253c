/* Running the segment stage in its tests (test_segment.c,
 * test_segment_gold.c). */
#ifndef SEGMENT_TEST_H
#define SEGMENT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <tidings/tidings.h>

static inline td_harness *stage(const char *const *options)
{
    td_harness *h = td_harness_new();
    assert_non_null(h);
    if (td_harness_add(h, "segment", options) != 0)
        fail_msg("%s", td_harness_errmsg(h));
    return h;
}

static td_harness *plain; /* default options, made once */

static inline int group_setup(void **state)
{
    (void)state;
    plain = stage(NULL);
    return 0;
}

static inline int group_teardown(void **state)
{
    (void)state;
    td_harness_free(plain);
    return 0;
}

static inline td_doc *run_with(td_harness *h, const char *text, size_t len)
{
    td_doc *doc = td_doc_new("t", text, len);
    assert_non_null(doc);
    if (td_harness_run(h, doc) != TD_OK)
        fail_msg("segment failed: %s", td_harness_errmsg(h));
    return doc;
}

static inline td_doc *run(const char *text) { return run_with(plain, text, strlen(text)); }

static inline char *span(td_doc *doc, const td_annot *a)
{
    static char buf[4096];
    const char *t = td_doc_text(doc, NULL);
    snprintf(buf, sizeof(buf), "%.*s", (int)(a->end - a->start), t + a->start);
    return buf;
}

#endif
