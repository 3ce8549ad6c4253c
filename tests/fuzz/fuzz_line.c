/*
 * Fuzz target: one input line through the whole default chain.
 *
 * The bytes are read as a JSON Lines record (or, when they start with 't',
 * as the body of a .txt file), decoded, run through normalise and segment,
 * and encoded. Whatever the input, nothing may crash, and every output
 * line must be JSON whose annotation offsets point at their text.
 *
 * Build with clang and libFuzzer (scripts/fuzz does this):
 *     ./configure CC=clang --enable-fuzz && make tests/fuzz/fuzz_line
 *     tests/fuzz/fuzz_line -max_total_time=60 tests/fuzz/corpus
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

#include "codec.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool all_layers(const void *user, const char *layer)
{
    (void)user;
    (void)layer;
    return true;
}

static td_harness *chain(void)
{
    /* Made once and kept: the plugins' state is read-only, as in a run. */
    static td_harness *h;
    if (!h) {
        h = td_harness_new();
        if (!h || td_harness_add(h, "normalise", NULL) != 0 ||
            td_harness_add(h, "segment", NULL) != 0) {
            fprintf(stderr, "fuzz: %s\n", h ? td_harness_errmsg(h) : "out of memory");
            abort();
        }
    }
    return h;
}

static size_t cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static void check_output(const char *line, size_t len)
{
    json_error_t err;
    json_t *o = json_loadb(line, len, JSON_ALLOW_NUL, &err);
    if (!o) {
        fprintf(stderr, "fuzz: output is not JSON: %s\n%.*s\n", err.text, (int)len, line);
        abort();
    }
    const char *text = json_string_value(json_object_get(o, "text"));
    size_t text_len = json_string_length(json_object_get(o, "text"));
    size_t cps = text ? cp_count(text, text_len) : 0;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(o, "annotations"), i, a)
    {
        json_int_t s = json_integer_value(json_object_get(a, "start"));
        json_int_t e = json_integer_value(json_object_get(a, "end"));
        if (s < 0 || e < s || (size_t)e > cps) {
            fprintf(stderr, "fuzz: span [%lld, %lld) outside %zu code points\n", (long long)s,
                    (long long)e, cps);
            abort();
        }
    }
    json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bool text_file = size > 0 && data[0] == 't';
    char *raw = malloc(size + 1);
    if (!raw)
        return 0;
    memcpy(raw, data, size);
    raw[size] = '\0';
    td_record *rec = td_record_new(0, text_file ? TD_RECORD_TEXT : TD_RECORD_JSON, "fuzz.jsonl",
                                   1, raw, size);
    if (!rec) {
        free(raw);
        return 0;
    }
    if (td_decode_record(rec) == 0) {
        int rc = td_harness_run(chain(), rec->doc);
        if (rc == TD_ERROR) {
            fprintf(stderr, "fuzz: a stage failed: %s\n", td_harness_errmsg(chain()));
            abort();
        }
        if (td_encode_record(rec, all_layers, NULL) == 0)
            check_output(rec->output, rec->output_len);
    }
    td_record_free(rec);
    return 0;
}
