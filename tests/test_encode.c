/* The output encoder's pieces: numbers and strings as JSON (the fast
 * paths give the bytes the plain ones gave), and the annotations' order
 * when several layers, unsorted adds and references to a layer not
 * written are merged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/doc.h>

#include "codec.h"
#include "record.h"
#include "strbuf.h"

/* The number as the encoder wrote it before its fast paths: a whole
 * number as an integer, else the shortest of %.15g, %.16g, %.17g that
 * reads back. */
static void reference_number(double v, char *out, size_t len)
{
    if (!isfinite(v)) {
        snprintf(out, len, "null");
        return;
    }
    if (fabs(v) < 1e15 && v == (double)(long long)v) {
        snprintf(out, len, "%lld", (long long)v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, len, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            break;
    }
}

static void assert_number(double v)
{
    char want[64];
    reference_number(v, want, sizeof(want));
    td_strbuf b;
    td_strbuf_init(&b);
    td_strbuf_json_number(&b, v);
    assert_false(b.oom);
    if (strcmp(b.data, want) != 0)
        fail_msg("%.17g: wrote %s, expected %s", v, b.data, want);
    td_strbuf_free(&b);
}

static void test_numbers_as_before(void **state)
{
    (void)state;
    static const double some[] = {
        0.1, 0.2, 0.1 + 0.2, 0.25, -0.25, 1e-4, 9.5e-5, 1.5e-4, 0.0001234, 6.1, 45.47,
        1.13e9, 1130000000.5, -2.3, 3.8, 76.5, 1.0 / 3.0, 2.0 / 3.0, 123456789012.345,
        99999999999999.9, 999999999999999.9, 1e15 + 0.5, 1e15, 1e16, 1e300, -1e-300,
        5e-324, 1.7976931348623157e308, 0.30000000000000004, 12.345678, 0.00999999,
        1e-8, 12345.678901234, 0.5, -0.0, 0.0, 7, -7, 1e14 + 0.25,
    };
    for (size_t i = 0; i < sizeof(some) / sizeof(some[0]); i++)
        assert_number(some[i]);
    assert_number(NAN);
    assert_number(INFINITY);
    /* many short decimals, and their neighbours one ulp away */
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int k = (int)(x % 12);
        double m = (double)((x >> 8) % 100000000000000ull) / (double)(1 + (x >> 60) % 9);
        m = floor(m);
        double v = m / pow(10, k) * ((x >> 4) & 1 ? -1 : 1);
        assert_number(v);
        assert_number(nextafter(v, INFINITY));
    }
}

/* JSON string escaping as it was written a byte at a time. */
static void reference_string(const char *s, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o++ = '"';
    *o = '\0';
}

static void test_strings_as_before(void **state)
{
    (void)state;
    /* bytes that need escaping at every position of an 8-byte word, and
     * bytes near them ('!' '#' '[' ']', 0x1f 0x20, high bytes of UTF-8) */
    static const char alphabet[] = "ab \"\\\n\t\r\x01\x1f !#[]\xc3\xa9\xe2\x80\x9c\x7f";
    char s[96], want[96 * 6 + 3];
    uint32_t x = 2463534242u;
    for (int round = 0; round < 20000; round++) {
        size_t n = round % 90;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            /* mostly plain letters, so long runs come too */
            s[i] = x % 4 ? "Exports rose"[x % 12] : alphabet[(x >> 8) % (sizeof(alphabet) - 1)];
        }
        reference_string(s, n, want);
        td_strbuf b;
        td_strbuf_init(&b);
        td_strbuf_json_string(&b, s, n);
        assert_string_equal(b.data, want);
        assert_int_equal(b.len, strlen(want));
        td_strbuf_free(&b);
    }
}

/* The buffer is sized for the text as it is; escapes make their own room,
 * also when a long run of them comes after a buffer already in use. */
static void test_escapes_make_room(void **state)
{
    (void)state;
    static const char *const runs[] = {"\"", "\x01", "\\"};
    static const char *const forms[] = {"\\\"", "\\u0001", "\\\\"};
    for (size_t r = 0; r < 3; r++) {
        size_t n = 3000;
        char *s = malloc(n);
        assert_non_null(s);
        memset(s, runs[r][0], n);
        td_strbuf b;
        td_strbuf_init(&b);
        td_strbuf_puts(&b, "{\"text\":");
        size_t before = b.len;
        td_strbuf_json_string(&b, s, n);
        assert_false(b.oom);
        size_t fl = strlen(forms[r]);
        assert_int_equal(b.len, before + n * fl + 2);
        assert_int_equal(b.data[before], '"');
        for (size_t i = 0; i < n; i++)
            assert_memory_equal(b.data + before + 1 + i * fl, forms[r], fl);
        assert_int_equal(b.data[b.len - 1], '"');
        assert_int_equal(b.data[b.len], '\0');
        td_strbuf_free(&b);
        free(s);
    }
}

static void test_offsets_as_decimal(void **state)
{
    (void)state;
    static const uint64_t some[] = {0, 7, 9, 10, 99, 100, 101, 999, 1000, 65535, 4294967295u,
                                    18446744073709551615ull};
    for (size_t i = 0; i < sizeof(some) / sizeof(some[0]); i++) {
        char want[32];
        snprintf(want, sizeof(want), "%llu", (unsigned long long)some[i]);
        td_strbuf b;
        td_strbuf_init(&b);
        td_strbuf_u64(&b, some[i]);
        assert_string_equal(b.data, want);
        td_strbuf_free(&b);
    }
}

static bool emit_all(const void *user, const char *layer)
{
    (void)user;
    (void)layer;
    return true;
}

static bool all_but_scratch(const void *user, const char *layer)
{
    (void)user;
    return strcmp(layer, "scratch") != 0;
}

static int order_cmp(const void *x, const void *y)
{
    const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    json_int_t as = json_integer_value(json_object_get(a, "start"));
    json_int_t bs = json_integer_value(json_object_get(b, "start"));
    json_int_t ae = json_integer_value(json_object_get(a, "end"));
    json_int_t be = json_integer_value(json_object_get(b, "end"));
    json_int_t ai = json_integer_value(json_object_get(a, "id"));
    json_int_t bi = json_integer_value(json_object_get(b, "id"));
    if (as != bs)
        return as < bs ? -1 : 1;
    if (ae != be)
        return ae > be ? -1 : 1;
    return ai < bi ? -1 : ai > bi;
}

/* Layers added out of order and interleaved, one not written but
 * referred to: every annotation written once, in the output's order. */
static void test_annotation_order(void **state)
{
    (void)state;
    const char line[] = "{\"id\":\"order-1\",\"text\":\"Li Wei of the Ningbo customs office "
                        "said exports rose 6.1% to 1.13 trillion yuan in 2025.\"}";
    char *raw = strdup(line);
    assert_non_null(raw);
    td_record *rec = td_record_new(0, TD_RECORD_JSON, "order.jsonl", 1, raw, strlen(raw));
    assert_non_null(rec);
    assert_int_equal(td_decode_record(rec), 0);
    td_doc *doc = rec->doc;
    size_t len;
    td_doc_text(doc, &len);
    /* entities backwards, claims forwards, tokens every 3 bytes, a
     * scratch layer (not written) that a claim refers to */
    td_annot *scratch = td_doc_add(doc, "scratch", "note", 14, 20);
    assert_non_null(scratch);
    td_annot *inner = td_doc_add(doc, "scratch", "note", 0, 6);
    assert_non_null(inner);
    assert_int_equal(td_annot_set_ref(doc, scratch, "inner", inner), 0);
    for (size_t at = len - 10; at >= 10; at -= 9)
        assert_non_null(td_doc_add(doc, "entity", "region", at, at + 6));
    for (size_t at = 0; at + 8 <= len; at += 7) {
        td_annot *c = td_doc_add(doc, "claim", "statistic", at, at + 8);
        assert_non_null(c);
        assert_int_equal(td_annot_set_num(doc, c, "value", (double)at / 4), 0);
        if (at == 21)
            assert_int_equal(td_annot_set_ref(doc, c, "subject", scratch), 0);
    }
    for (size_t at = 0; at + 3 <= len; at += 3)
        assert_non_null(td_doc_add(doc, "token", "word", at, at + 3));
    assert_non_null(td_doc_add(doc, "entity", "official", 0, 6)); /* same span as a scratch */
    assert_int_equal(td_encode_record(rec, all_but_scratch, NULL), 0);

    json_error_t err;
    json_t *out = json_loadb(rec->output, rec->output_len, 0, &err);
    assert_non_null(out);
    json_t *annots = json_object_get(out, "annotations");
    size_t n = json_array_size(annots);
    size_t want = td_doc_count(doc); /* all: the scratch ones are referred to */
    assert_int_equal(n, want);
    json_t **sorted = malloc(n * sizeof(*sorted));
    assert_non_null(sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = json_array_get(annots, i);
    qsort(sorted, n, sizeof(*sorted), order_cmp);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(sorted[i], json_array_get(annots, i));
        if (i)
            assert_true(json_integer_value(json_object_get(sorted[i - 1], "id")) !=
                        json_integer_value(json_object_get(sorted[i], "id")));
    }
    free(sorted);
    json_decref(out);
    td_record_free(rec);
}

/* Names written from the encoder's cache of quoted names: more than it
 * keeps, longer than a slot, with characters to escape, repeated. */
static void test_names_in_output(void **state)
{
    (void)state;
    const char line[] = "{\"id\":\"names-1\",\"text\":\"Exports rose 6.1% in 2025.\"}";
    char *raw = strdup(line);
    assert_non_null(raw);
    td_record *rec = td_record_new(0, TD_RECORD_JSON, "names.jsonl", 1, raw, strlen(raw));
    assert_non_null(rec);
    assert_int_equal(td_decode_record(rec), 0);
    td_doc *doc = rec->doc;
    static const char long_key[] = "a_key_longer_than_thirty_two_bytes_in_all";
    static const char odd_key[] = "say \"rose\"\n\\ \xc3\xa9";
    char key[32];
    for (int round = 0; round < 3; round++) {
        td_annot *a = td_doc_add(doc, round ? "claim" : "entité", "statistic", 8, 12);
        assert_non_null(a);
        for (int i = 0; i < 100; i++) {
            snprintf(key, sizeof(key), "k%d", i);
            assert_int_equal(td_annot_set_num(doc, a, key, i + round), 0);
        }
        assert_int_equal(td_annot_set_const(doc, a, long_key, "long"), 0);
        assert_int_equal(td_annot_set_const(doc, a, odd_key, "odd"), 0);
    }
    assert_int_equal(td_encode_record(rec, emit_all, NULL), 0);
    json_error_t err;
    json_t *out = json_loadb(rec->output, rec->output_len, 0, &err);
    if (!out)
        fail_msg("not JSON: %s", err.text);
    json_t *annots = json_object_get(out, "annotations");
    assert_int_equal(json_array_size(annots), 3);
    for (size_t r = 0; r < 3; r++) {
        json_t *a = json_array_get(annots, r);
        assert_string_equal(json_string_value(json_object_get(a, "layer")),
                            r ? "claim" : "entité");
        assert_string_equal(json_string_value(json_object_get(a, "label")), "statistic");
        json_t *attrs = json_object_get(a, "attrs");
        assert_int_equal(json_object_size(attrs), 102);
        for (int i = 0; i < 100; i++) {
            snprintf(key, sizeof(key), "k%d", i);
            assert_int_equal(json_integer_value(json_object_get(attrs, key)), i + (int)r);
        }
        assert_string_equal(json_string_value(json_object_get(attrs, long_key)), "long");
        assert_string_equal(json_string_value(json_object_get(attrs, odd_key)), "odd");
    }
    json_decref(out);
    td_record_free(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_as_before),
        cmocka_unit_test(test_strings_as_before),
        cmocka_unit_test(test_escapes_make_room),
        cmocka_unit_test(test_offsets_as_decimal),
        cmocka_unit_test(test_annotation_order),
        cmocka_unit_test(test_names_in_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
