/*
 * Fuzz target: bytes as a feed (core/feed.c) or, when they start with 'h',
 * as HTML to make text of (core/html_text.c). Nothing may crash, every item
 * must come out as a JSON object with a "text" string (once its UTF-8 is
 * repaired, as the codec does: libxml2 can pass an invalid byte of a
 * CDATA section through, and the document then counts as repaired), and
 * HTML made of valid UTF-8 must give valid UTF-8.
 *
 *     ./configure CC=clang --enable-fuzz && make tests/fuzz/fuzz_feed
 *     tests/fuzz/fuzz_feed -max_total_time=60 tests/fuzz/feeds
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/utf8.h>

#include "feed.h"
#include "html_text.h"
#include "stream.h"
#include "utf8_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void html(const uint8_t *data, size_t size)
{
    td_strbuf b;
    td_strbuf_init(&b);
    td_text_builder tb;
    td_text_begin(&tb, &b);
    td_text_html(&tb, (const char *)data, size);
    if (b.oom)
        abort();
    if (td_utf8_valid_prefix((const char *)data, size) == size &&
        td_utf8_valid_prefix(b.data ? b.data : "", b.len) != b.len)
        abort(); /* a valid input made invalid text */
    td_strbuf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size && data[0] == 'h') {
        html(data + 1, size - 1);
        return 0;
    }
    /* The whole input as the bytes already read; the stream gives no more. */
    td_stream *s = td_stream_open("/dev/null");
    if (!s)
        abort();
    td_feed *f = td_feed_open(s, "fuzz.rss", (const char *)data, size);
    if (!f)
        abort();
    char *json;
    size_t len;
    uint64_t line;
    int rc;
    while ((rc = td_feed_next(f, &json, &len, &line)) == 1) {
        char *fixed = NULL;
        size_t fixed_len, repaired = 0;
        if (td_utf8_repair(json, len, &fixed, &fixed_len, &repaired) != 0)
            abort();
        json_error_t jerr;
        json_t *o = fixed ? json_loadb(fixed, fixed_len, 0, &jerr) : json_loadb(json, len, 0, &jerr);
        free(fixed);
        if (!o || !json_is_string(json_object_get(o, "text")))
            abort();
        json_decref(o);
        free(json);
    }
    if (rc == -2)
        abort();
    td_feed_close(f);
    td_stream_close(s);
    return 0;
}
