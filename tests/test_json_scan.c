/* The input fast path agrees with jansson: whatever it accepts, jansson
 * accepts, with the same members and the same decoded strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "doc_internal.h"
#include "json_scan.h"
#include "strbuf.h"
#include <math.h>
#include <tidings/utf8.h>

typedef struct collected {
    int n;
    char keys[16][32];
    td_json_member members[16];
} collected;

static int collect(const td_json_member *m, void *user)
{
    collected *c = user;
    if (c->n < 16) {
        snprintf(c->keys[c->n], sizeof(c->keys[0]), "%.*s", (int)m->key_len, m->key);
        c->members[c->n] = *m;
    }
    c->n++;
    return 0;
}

/* If the scanner accepts the line, jansson must too, with the same
 * top-level members and, for each string member, the same bytes. */
static void agree(const char *line, size_t len)
{
    collected c = {0};
    int n = td_json_scan_object(line, len, collect, &c);
    json_error_t err;
    json_t *j = json_loadb(line, len, JSON_ALLOW_NUL, &err);
    if (n < 0) {
        json_decref(j);
        return; /* left to jansson: always allowed */
    }
    if (!j || !json_is_object(j))
        fail_msg("scanner accepted what jansson refuses: %.*s (%s)", (int)len, line, err.text);
    assert_int_equal(n, c.n);
    for (int i = 0; i < c.n && i < 16; i++) {
        if (!c.members[i].key_plain)
            continue;
        json_t *v = json_object_get(j, c.keys[i]);
        assert_non_null(v);
        if (c.members[i].kind == 's' && json_is_string(v)) {
            char *out = malloc(c.members[i].val_len + 1);
            size_t got = td_json_unescape(c.members[i].val + 1, c.members[i].val_len - 2, out);
            /* a repeated key: jansson keeps the last, so compare only if so */
            bool last = true;
            for (int k = i + 1; k < c.n && k < 16; k++)
                last &= strcmp(c.keys[k], c.keys[i]) != 0;
            if (last) {
                assert_int_equal(got, json_string_length(v));
                assert_memory_equal(out, json_string_value(v), got);
            }
            free(out);
        }
    }
    json_decref(j);
}

static void agree_str(const char *line) { agree(line, strlen(line)); }

static void test_accepts_and_decodes(void **state)
{
    (void)state;
    collected c = {0};
    const char *line = "{\"id\": \"s1\", \"text\": \"Exports rose \\\"6.1%\\\"\\n\\u4e2d\\u56fd"
                       " \\ud83d\\ude00 \\/ \\u0000 end\", \"n\": -12.5, \"ok\": true,"
                       " \"tags\": [\"trade\", {\"k\": null}], \"e\": {}} ";
    assert_int_equal(td_json_scan_object(line, strlen(line), collect, &c), 6);
    assert_string_equal(c.keys[1], "text");
    assert_int_equal(c.members[1].kind, 's');
    assert_false(c.members[1].val_plain);
    assert_true(c.members[0].val_plain);
    assert_int_equal(c.members[2].kind, 'n');
    assert_int_equal(c.members[3].kind, 't');
    assert_int_equal(c.members[4].kind, 'a');
    assert_int_equal(c.members[5].kind, 'o');
    char out[128];
    size_t n = td_json_unescape(c.members[1].val + 1, c.members[1].val_len - 2, out);
    const char want[] = "Exports rose \"6.1%\"\n\xE4\xB8\xAD\xE5\x9B\xBD \xF0\x9F\x98\x80 / \0 end";
    assert_int_equal(n, sizeof(want) - 1);
    assert_memory_equal(out, want, n);
    agree_str(line);
    assert_true(td_json_key_is(&c.members[1], "text"));
    assert_false(td_json_key_is(&c.members[1], "tex"));
}

static void test_gives_up_on_what_jansson_decides(void **state)
{
    (void)state;
    const char *refused[] = {
        "", "   ", "[1,2]", "\"text\"", "{", "{\"text\":\"a\"", "{\"text\":\"a\"}}",
        "{\"text\":\"a\"} x", "{\"text\":'a'}", "{text:\"a\"}", "{\"text\":\"a\",}",
        "{\"text\":\"tab\there\"}", "{\"text\":\"\\x41\"}", "{\"text\":\"\\ud800\"}",
        "{\"text\":\"\\udc00\"}", "{\"text\":\"\\ud800\\u0041\"}", "{\"text\":\"\\u12\"}",
        "{\"n\":01}", "{\"n\":1.}", "{\"n\":.5}", "{\"n\":-}", "{\"n\":1e5}",
        "{\"n\":123456789012345678901234}", "{\"n\":tru}", "{\"n\":nul}",
        "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\" 1}", "{\"a\":1 \"b\":2}",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        if (td_json_scan_object(refused[i], strlen(refused[i]), NULL, NULL) >= 0)
            fail_msg("scanner accepted: %s", refused[i]);
        agree_str(refused[i]);
    }
    /* deep nesting is left to jansson */
    char deep[300];
    size_t k = 0;
    k += (size_t)sprintf(deep, "{\"a\":");
    for (int i = 0; i < 100; i++)
        deep[k++] = '[';
    for (int i = 0; i < 100; i++)
        deep[k++] = ']';
    deep[k++] = '}';
    assert_int_equal(td_json_scan_object(deep, k, NULL, NULL), -1);
    assert_int_equal(td_json_scan_object("{}", 2, NULL, NULL), 0);
    assert_int_equal(td_json_scan_object(" {\"a\" : [ ] , \"b\":{ }}\r\n", 24, NULL, NULL), 2);
}

/* Mutations of real-looking lines: the scanner never accepts what jansson
 * refuses, and decodes what it accepts the same way. */
static void test_random_mutations_agree(void **state)
{
    (void)state;
    const char *seeds[] = {
        "{\"id\":\"g1\",\"title\":\"Trade \\u2014 up\",\"text\":\"GAC: 45.47 trillion yuan "
        "\\\"record\\\"\",\"n\":[1,2.5,-3,true,false,null],\"o\":{\"x\":{}}}",
        "{\"text\":\"\\ud83d\\ude80 launch\\t\\r\\n\\b\\f\\/\",\"id\":42}",
        "{ \"id\" : \"a\\\"b\" , \"text\" : \"\" , \"text\" : \"second wins\" }",
    };
    const char alphabet[] = "{}[]\":,\\u0123456789abcdefnrtlsE.-+ \t\xC3\xA9";
    unsigned seed = 12345;
    char buf[512];
    int checked = 0, accepted = 0;
    for (int round = 0; round < 20000; round++) {
        const char *base = seeds[round % 3];
        size_t len = strlen(base);
        memcpy(buf, base, len);
        int edits = 1 + (int)(rand_r(&seed) % 4);
        for (int e = 0; e < edits; e++) {
            size_t at = (size_t)rand_r(&seed) % len;
            char c = alphabet[(size_t)rand_r(&seed) % (sizeof(alphabet) - 1)];
            switch (rand_r(&seed) % 3) {
            case 0: buf[at] = c; break; /* replace */
            case 1:                     /* delete */
                memmove(buf + at, buf + at + 1, len - at - 1);
                len--;
                break;
            default: /* insert */
                if (len + 1 < sizeof(buf)) {
                    memmove(buf + at + 1, buf + at, len - at);
                    buf[at] = c;
                    len++;
                }
            }
        }
        /* the reader repairs UTF-8 first; keep the input valid */
        if (td_utf8_valid_prefix(buf, len) != len)
            continue;
        checked++;
        accepted += td_json_scan_object(buf, len, NULL, NULL) >= 0;
        agree(buf, len);
    }
    /* both sides of the fence were exercised */
    print_message("json scan: %d mutated lines, %d accepted by the fast path\n", checked,
                  accepted);
    assert_true(checked > 15000);
    assert_true(accepted > 1000 && accepted < checked - 1000);
}

static void test_decoded_document(void **state)
{
    (void)state;
    const char *line = "{\"id\":\"s7\",\"title\":\"Caf\\u00e9 exports\",\"text\":\"Yuan "
                       "\\\"rose\\\"\",\"published\":\"2026-01-14\",\"n\":3}";
    td_record *rec = td_record_new(0, TD_RECORD_JSON, "feed.jsonl", 1, strdup(line),
                                   strlen(line));
    assert_int_equal(td_decode_record(rec), 0);
    assert_null(rec->doc->meta); /* the fast path, no jansson tree */
    assert_string_equal(td_doc_id(rec->doc), "s7");
    assert_string_equal(td_doc_text(rec->doc, NULL), "Yuan \"rose\"");
    assert_string_equal(td_doc_meta(rec->doc, "title"), "Caf\xC3\xA9 exports");
    assert_string_equal(td_doc_meta(rec->doc, "published"), "2026-01-14");
    assert_string_equal(td_doc_meta(rec->doc, "n"), "3"); /* a number, as written */
    assert_null(td_doc_meta(rec->doc, "url"));
    td_record_free(rec);

    /* numeric id; made id; reserved keys go the jansson way */
    const char *lines[] = {"{\"id\":-0,\"text\":\"a\"}", "{\"text\":\"b\"}",
                           "{\"id\":\"r\",\"text\":\"c\",\"annotations\":[]}"};
    const char *ids[] = {"0", "feed.jsonl:9", "r"};
    for (int i = 0; i < 3; i++) {
        rec = td_record_new(0, TD_RECORD_JSON, "dir/feed.jsonl", 9, strdup(lines[i]),
                            strlen(lines[i]));
        assert_int_equal(td_decode_record(rec), 0);
        assert_string_equal(td_doc_id(rec->doc), ids[i]);
        assert_true((rec->doc->meta != NULL) == (i == 2));
        td_record_free(rec);
    }
}

static bool all_layers(const void *user, const char *layer)
{
    (void)user;
    (void)layer;
    return true;
}

/* Input fields read as text or number, and set, on both decoding paths
 * (the fast scan and jansson), and what the output line then carries. */
static void test_input_fields(void **state)
{
    (void)state;
    const char *lines[] = {
        "{\"id\":\"s8\",\"text\":\"Rates rose.\",\"published\":\"2026-01-14\","
        "\"score\":-0.25,\"pages\":12,\"big\":1234567.5,\"live\":true,\"tags\":null}",
        "{\"id\":\"s8\",\"text\":\"Rates rose.\",\"published\":\"2026-01-14\","
        "\"score\":-0.25,\"pages\":12,\"big\":1234567.5,\"live\":true,\"tags\":[\"a\"],"
        "\"tidings\":{}}",
    };
    for (int i = 0; i < 2; i++) {
        td_record *rec = td_record_new(0, TD_RECORD_JSON, "feed.jsonl", 1, strdup(lines[i]),
                                       strlen(lines[i]));
        assert_int_equal(td_decode_record(rec), 0);
        if ((rec->doc->meta != NULL) != (i == 1))
            fail_msg("line %d: meta %p", i, rec->doc->meta);
        td_doc *doc = rec->doc;
        assert_string_equal(td_doc_meta(doc, "published"), "2026-01-14");
        assert_string_equal(td_doc_meta(doc, "score"), "-0.25");
        assert_string_equal(td_doc_meta(doc, "pages"), "12");
        assert_string_equal(td_doc_meta(doc, "live"), "true");
        assert_null(td_doc_meta(doc, "tags"));
        double v = 0;
        assert_true(td_doc_meta_num(doc, "score", &v));
        assert_true(v == -0.25);
        assert_true(td_doc_meta_num(doc, "big", &v));
        assert_true(v == 1234567.5);
        assert_false(td_doc_meta_num(doc, "published", &v));
        assert_false(td_doc_meta_num(doc, "missing", &v));

        assert_int_equal(td_doc_set_meta(doc, "source", "Xinhua"), 0);
        assert_int_equal(td_doc_set_meta_num(doc, "pages", 13), 0);
        assert_int_equal(td_doc_set_meta(doc, "text", "other"), -1);
        assert_string_equal(td_doc_errmsg(doc), "input field 'text' cannot be set: the text, "
                            "the id and the output's own members are not fields");
        assert_int_equal(td_doc_set_meta_num(doc, "score", NAN), -1);
        assert_string_equal(td_doc_meta(doc, "source"), "Xinhua");
        assert_string_equal(td_doc_meta(doc, "pages"), "13");
        assert_string_equal(td_doc_meta(doc, "published"), "2026-01-14");
        assert_int_equal(td_encode_record(rec, all_layers, NULL), 0);
        json_t *out = json_loadb(rec->output, rec->output_len, 0, NULL);
        assert_non_null(out);
        assert_string_equal(json_string_value(json_object_get(out, "source")), "Xinhua");
        assert_int_equal(json_integer_value(json_object_get(out, "pages")), 13);
        assert_string_equal(json_string_value(json_object_get(out, "text")), "Rates rose.");
        assert_string_equal(json_string_value(json_object_get(out, "id")), "s8");
        json_decref(out);
        td_record_free(rec);
    }

    /* A document made in a test, with no input line */
    td_doc *doc = td_doc_new("t", "Rates rose.", 11);
    assert_null(td_doc_meta(doc, "published"));
    assert_int_equal(td_doc_set_meta(doc, "published", "2026-03-01"), 0);
    assert_int_equal(td_doc_set_meta_num(doc, "year", 2026), 0);
    assert_int_equal(td_doc_set_meta_num(doc, "share", 0.5), 0);
    assert_string_equal(td_doc_meta(doc, "published"), "2026-03-01");
    assert_string_equal(td_doc_meta(doc, "year"), "2026");
    assert_string_equal(td_doc_meta(doc, "share"), "0.5");
    double v;
    assert_true(td_doc_meta_num(doc, "year", &v));
    assert_true(v == 2026);
    td_doc_free(doc);
}

/* Fields looked up many times from one indexed read of the line: the last
 * of repeated keys wins, past the index's first growth too; values are
 * decoded; a value set later overrides what was indexed. */
static void test_input_field_index(void **state)
{
    (void)state;
    char line[2048];
    int n = snprintf(line, sizeof(line), "{\"id\":\"s9\",\"published\":\"2025-12-31\","
                     "\"text\":\"Output rose 4 percent in May.\"");
    for (int i = 0; i < 40; i++) /* more members than the index starts with */
        n += snprintf(line + n, sizeof(line) - (size_t)n, ",\"k%d\":%d", i % 7, i);
    n += snprintf(line + n, sizeof(line) - (size_t)n,
                  ",\"published\":\"2026-01-14\","
                  "\"region\":\"Zhejiang\\n\"}");
    assert_true(n > 0 && (size_t)n < sizeof(line));
    td_record *rec = td_record_new(0, TD_RECORD_JSON, "feed.jsonl", 1, strdup(line), (size_t)n);
    assert_int_equal(td_decode_record(rec), 0);
    td_doc *doc = rec->doc;
    assert_null(doc->meta); /* the fast path */
    for (int round = 0; round < 3; round++) {
        assert_string_equal(td_doc_meta(doc, "published"), "2026-01-14");
        assert_string_equal(td_doc_meta(doc, "region"), "Zhejiang\n");
        for (int k = 0; k < 7; k++) {
            char key[8], want[8];
            snprintf(key, sizeof(key), "k%d", k);
            snprintf(want, sizeof(want), "%d", 35 + k - (35 + k >= 40 ? 7 : 0));
            assert_string_equal(td_doc_meta(doc, key), want);
        }
        assert_null(td_doc_meta(doc, "k7"));
    }
    double v = 0;
    assert_true(td_doc_meta_num(doc, "k3", &v));
    assert_true(v == 38);
    assert_false(td_doc_meta_num(doc, "region", &v));
    assert_int_equal(td_doc_set_meta(doc, "published", "2026-02-01"), 0);
    assert_string_equal(td_doc_meta(doc, "published"), "2026-02-01");
    assert_string_equal(td_doc_meta(doc, "k6"), "34");
    td_record_free(rec);
}

static bool only_claims(const void *user, const char *layer)
{
    (void)user;
    return strcmp(layer, "claim") == 0;
}

/* A reference is written so that it cannot be taken for a number, and the
 * annotations it points to are written even when their layer is not. */
static void test_references_in_the_output(void **state)
{
    (void)state;
    const char *text = "Wang said exports rose 6.1 percent.";
    td_record *rec = td_record_new(0, TD_RECORD_TEXT, "a.txt", 0, strdup(text), strlen(text));
    assert_int_equal(td_decode_record(rec), 0);
    td_doc *doc = rec->doc;
    td_annot *tok = td_doc_add(doc, "token", "word", 0, 4);
    td_annot *ent = td_doc_add(doc, "entity", "official", 0, 4);
    td_annot *other = td_doc_add(doc, "entity", "country", 10, 17); /* referred to by none */
    td_annot *claim = td_doc_add(doc, "claim", "statistic", 23, 34);
    assert_non_null(tok);
    assert_non_null(other);
    assert_int_equal(td_annot_set_ref(doc, ent, "head", tok), 0);
    assert_int_equal(td_annot_set_ref(doc, claim, "speaker", ent), 0);
    assert_int_equal(td_annot_set_ref(doc, claim, "again", ent), 0); /* written once */
    assert_int_equal(td_annot_set_num(doc, claim, "value", 2), 0);   /* ent's id is 2 too */
    assert_int_equal(td_encode_record(rec, only_claims, NULL), 0);

    json_t *out = json_loadb(rec->output, rec->output_len, 0, NULL);
    assert_non_null(out);
    json_t *anns = json_object_get(out, "annotations");
    assert_int_equal(json_array_size(anns), 3); /* the claim, its speaker, the speaker's head */
    json_t *by_id[8] = {0};
    for (size_t i = 0; i < json_array_size(anns); i++) {
        json_t *a = json_array_get(anns, i);
        by_id[json_integer_value(json_object_get(a, "id"))] = a;
    }
    assert_null(by_id[3]); /* "other": no reference reaches it */
    json_t *attrs = json_object_get(by_id[4], "attrs");
    json_t *speaker = json_object_get(attrs, "speaker");
    assert_true(json_is_object(speaker));
    assert_int_equal(json_integer_value(json_object_get(speaker, "ref")), 2);
    assert_true(json_is_integer(json_object_get(attrs, "value")));
    json_t *head = json_object_get(json_object_get(by_id[2], "attrs"), "head");
    assert_int_equal(json_integer_value(json_object_get(head, "ref")), 1);
    assert_string_equal(json_string_value(json_object_get(by_id[1], "layer")), "token");
    assert_string_equal(json_string_value(json_object_get(by_id[1], "text")), "Wang");
    json_decref(out);
    td_record_free(rec);
}

/* Numbers written into attributes: integers as integers, the rest in the
 * shortest form that reads back the same, null for what JSON cannot hold,
 * and no undefined conversion of huge values (found by the fuzzer). */
static void test_number_output(void **state)
{
    (void)state;
    const double values[] = {0, 42, -7, 45.47, 4.547e13, 2.2222222222222222e25, -1e300, 0.1,
                             1e15, 123456789012345.0};
    const char *want[] = {"0", "42", "-7", "45.47", "45470000000000", "2.2222222222222222e+25",
                          "-1e+300", "0.10000000000000001", "1e+15", "123456789012345"};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        td_strbuf b;
        td_strbuf_init(&b);
        td_strbuf_json_number(&b, values[i]);
        if (strcmp(b.data, want[i]) != 0 && strtod(b.data, NULL) != values[i])
            fail_msg("%.17g written as %s", values[i], b.data);
        assert_true(strtod(b.data, NULL) == values[i]);
        td_strbuf_free(&b);
    }
    td_strbuf b;
    td_strbuf_init(&b);
    td_strbuf_json_number(&b, NAN);
    td_strbuf_putc(&b, ' ');
    td_strbuf_json_number(&b, INFINITY);
    td_strbuf_putc(&b, ' ');
    td_strbuf_u64(&b, 18446744073709551615ull);
    assert_string_equal(b.data, "null null 18446744073709551615");
    td_strbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_and_decodes),
        cmocka_unit_test(test_gives_up_on_what_jansson_decides),
        cmocka_unit_test(test_random_mutations_agree),
        cmocka_unit_test(test_decoded_document),
        cmocka_unit_test(test_input_fields),
        cmocka_unit_test(test_input_field_index),
        cmocka_unit_test(test_references_in_the_output),
        cmocka_unit_test(test_number_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
