/* Document model: texts, UTF-8 repair, annotations, attributes, rewriting
 * and the alignment back to the original. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <tidings/doc.h>
#include <tidings/utf8.h>

static td_doc *doc_of(const char *text)
{
    td_doc *doc = td_doc_new("d1", text, strlen(text));
    assert_non_null(doc);
    return doc;
}

/* The original text a working span maps to, as a string. */
static void assert_maps_to(td_doc *doc, size_t start, size_t end, const char *expected)
{
    size_t os, oe, olen;
    const char *orig = td_doc_original(doc, &olen);
    td_doc_span_original(doc, start, end, &os, &oe);
    assert_true(os <= oe && oe <= olen);
    char got[256];
    assert_true(oe - os < sizeof(got));
    memcpy(got, orig + os, oe - os);
    got[oe - os] = '\0';
    assert_string_equal(got, expected);
}

static void test_plain_text_passes_through(void **state)
{
    (void)state;
    const char *t = "Exports rose 6.1% in 2025.";
    td_doc *doc = doc_of(t);
    size_t len;
    assert_string_equal(td_doc_text(doc, &len), t);
    assert_int_equal(len, strlen(t));
    assert_ptr_equal(td_doc_text(doc, NULL), td_doc_original(doc, NULL));
    assert_int_equal(td_doc_repaired(doc), 0);
    assert_false(td_doc_rewritten(doc));
    assert_string_equal(td_doc_id(doc), "d1");
    td_doc_free(doc);
    td_doc_free(NULL);
}

static void test_invalid_utf8_is_repaired_and_counted(void **state)
{
    (void)state;
    /* A lone continuation byte, a truncated 3-byte sequence followed by
     * ASCII, an overlong encoding, and a valid U+FFFD that must stay. */
    const char raw[] = "A\x80 B\xE2\x82 C\xC0\xAF D\xEF\xBF\xBD";
    td_doc *doc = td_doc_new("bad", raw, sizeof(raw) - 1);
    assert_non_null(doc);
    size_t len;
    const char *orig = td_doc_original(doc, &len);
    assert_string_equal(orig, "A\xEF\xBF\xBD B\xEF\xBF\xBD C\xEF\xBF\xBD\xEF\xBF\xBD D\xEF\xBF\xBD");
    assert_int_equal(td_doc_repaired(doc), 4);
    assert_int_equal(td_utf8_valid_prefix(orig, len), len);
    td_doc_free(doc);
}

static void test_nul_bytes_and_empty_text(void **state)
{
    (void)state;
    const char raw[] = "a\0b";
    td_doc *doc = td_doc_new("nul", raw, 3);
    size_t len;
    const char *t = td_doc_text(doc, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(t, raw, 3);
    td_doc_free(doc);

    doc = td_doc_new(NULL, NULL, 0);
    assert_non_null(doc);
    assert_string_equal(td_doc_text(doc, &len), "");
    assert_int_equal(len, 0);
    assert_null(td_doc_add(doc, "token", "word", 0, 1));
    assert_non_null(strstr(td_doc_errmsg(doc), "outside"));
    assert_non_null(td_doc_add(doc, "sentence", "s", 0, 0));
    td_doc_free(doc);
}

static void test_annotations_sorted_and_found(void **state)
{
    (void)state;
    /*                 0         1         2         3
     *                 0123456789012345678901234567890123456 */
    td_doc *doc = doc_of("Li Wei of MOFCOM spoke in Beijing today.");
    td_annot *city = td_doc_add(doc, "entity", "region", 26, 33);
    td_annot *person = td_doc_add(doc, "entity", "official", 0, 6);
    td_annot *inst = td_doc_add(doc, "entity", "institution", 10, 16);
    td_annot *wide = td_doc_add(doc, "entity", "span", 0, 16);
    assert_non_null(city);
    assert_int_equal(city->id, 1);
    assert_int_equal(wide->id, 4);
    assert_string_equal(person->layer, "entity");
    assert_ptr_equal(person->layer, city->layer); /* interned */

    size_t n;
    td_annot *const *ents = td_doc_layer(doc, "entity", &n);
    assert_int_equal(n, 4);
    /* by start, then longest first */
    assert_ptr_equal(ents[0], wide);
    assert_ptr_equal(ents[1], person);
    assert_ptr_equal(ents[2], inst);
    assert_ptr_equal(ents[3], city);

    td_annot *const *in = td_doc_within(doc, "entity", 5, 30, &n);
    assert_int_equal(n, 2);
    assert_ptr_equal(in[0], inst);
    assert_ptr_equal(in[1], city);
    assert_null(td_doc_within(doc, "entity", 34, 40, &n));
    assert_int_equal(n, 0);

    assert_ptr_equal(td_doc_covering(doc, "entity", 28), city);
    assert_ptr_equal(td_doc_covering(doc, "entity", 3), wide);
    assert_null(td_doc_covering(doc, "entity", 20));
    assert_null(td_doc_layer(doc, "token", &n));
    assert_ptr_equal(td_doc_get(doc, 3), inst);
    assert_null(td_doc_get(doc, 0));
    assert_null(td_doc_get(doc, 99));
    assert_int_equal(td_doc_count(doc), 4);
    td_doc_free(doc);
}

static void test_covering_many_tokens(void **state)
{
    (void)state;
    /* 500 two-letter tokens and spaces: covering must find each in place. */
    char text[1501];
    for (int i = 0; i < 500; i++)
        memcpy(text + i * 3, "ab ", 3);
    text[1500] = '\0';
    td_doc *doc = doc_of(text);
    for (size_t i = 0; i < 500; i++)
        assert_non_null(td_doc_add(doc, "token", "word", i * 3, i * 3 + 2));
    assert_int_equal(td_doc_covering(doc, "token", 301)->start, 300);
    assert_null(td_doc_covering(doc, "token", 302)); /* a space */
    assert_int_equal(td_doc_covering(doc, "token", 1498)->id, 500);
    td_doc_free(doc);
}

static void test_attributes(void **state)
{
    (void)state;
    td_doc *doc = doc_of("Exports rose 6.1 percent, Wang said.");
    td_annot *stat = td_doc_add(doc, "claim", "statistic", 0, 24);
    td_annot *who = td_doc_add(doc, "entity", "official", 26, 30);
    assert_int_equal(td_annot_set_str(doc, stat, "metric", "exports"), 0);
    assert_int_equal(td_annot_set_num(doc, stat, "change_pct", 6.1), 0);
    assert_int_equal(td_annot_set_bool(doc, stat, "estimate", false), 0);
    assert_int_equal(td_annot_set_ref(doc, stat, "speaker", who), 0);
    assert_int_equal(td_annot_set_num(doc, stat, "change_pct", 6.2), 0); /* replaces */
    assert_int_equal(td_annot_set_strn(doc, who, "canonical", "Wang Wentao", 4), 0);

    assert_string_equal(td_annot_str(stat, "metric"), "exports");
    assert_true(td_annot_num(stat, "change_pct", 0) == 6.2);
    assert_false(td_annot_bool(stat, "estimate", true));
    assert_ptr_equal(td_annot_ref(doc, stat, "speaker"), who);
    assert_string_equal(td_annot_str(who, "canonical"), "Wang");
    assert_null(td_annot_str(stat, "change_pct")); /* wrong type */
    assert_true(td_annot_num(stat, "missing", -1) == -1);

    /* order of first setting is kept, and a replaced key is not repeated */
    const char *keys[] = {"metric", "change_pct", "estimate", "speaker"};
    int i = 0;
    for (const td_attr *at = stat->attrs; at; at = at->next)
        assert_string_equal(at->key, keys[i++]);
    assert_int_equal(i, 4);

    /* a reference into another document is refused */
    td_doc *other = doc_of("Another text entirely.");
    td_annot *foreign = td_doc_add(other, "entity", "x", 0, 7);
    td_annot *fake = td_doc_add(other, "entity", "y", 0, 7);
    (void)fake;
    assert_int_equal(td_annot_set_ref(doc, stat, "speaker", foreign), -1);
    td_doc_free(other);

    assert_int_equal(td_doc_set_num(doc, "normalise.changes", 3), 0);
    assert_int_equal(td_doc_set_str(doc, "lang", "en"), 0);
    assert_true(td_doc_attr(doc, "normalise.changes")->v.n == 3);
    assert_string_equal(td_doc_attrs(doc)->next->v.s, "en");
    td_doc_free(doc);
}

static void test_rewrite_alignment(void **state)
{
    (void)state;
    /* "“Exports” rose  ﬁve — percent" : curly quotes, a double space, a
     * ligature and an em dash, rewritten as a normaliser would. */
    const char *orig = "\xE2\x80\x9C" "Exports" "\xE2\x80\x9D" " rose  "
                       "\xEF\xAC\x81" "ve " "\xE2\x80\x94" " percent";
    td_doc *doc = doc_of(orig);
    td_rewrite *rw = td_rewrite_begin(doc);
    assert_non_null(rw);
    assert_int_equal(td_rewrite_replace(rw, 3, "\"", 1), 0); /* “ -> " */
    assert_int_equal(td_rewrite_keep(rw, 7), 0);             /* Exports */
    assert_int_equal(td_rewrite_replace(rw, 3, "\"", 1), 0); /* ” -> " */
    assert_int_equal(td_rewrite_keep(rw, 6), 0);             /* " rose " */
    assert_int_equal(td_rewrite_replace(rw, 1, "", 0), 0);   /* second space */
    assert_int_equal(td_rewrite_replace(rw, 3, "fi", 2), 0); /* ﬁ -> fi */
    assert_int_equal(td_rewrite_keep(rw, 3), 0);             /* "ve " */
    assert_int_equal(td_rewrite_replace(rw, 3, "-", 1), 0);  /* — -> - */
    assert_int_equal(td_rewrite_keep(rw, 8), 0);
    assert_int_equal(td_rewrite_commit(rw), 0);

    size_t len;
    const char *w = td_doc_text(doc, &len);
    assert_string_equal(w, "\"Exports\" rose five - percent");
    assert_true(td_doc_rewritten(doc));

    assert_maps_to(doc, 1, 8, "Exports");
    assert_maps_to(doc, 0, 9, "\xE2\x80\x9C" "Exports" "\xE2\x80\x9D");
    assert_maps_to(doc, 10, 14, "rose");
    /* the word after the removed space starts at the ligature */
    assert_maps_to(doc, 15, 19, "\xEF\xAC\x81" "ve");
    /* a span cutting the ligature in half grows to cover it */
    assert_maps_to(doc, 16, 19, "\xEF\xAC\x81" "ve");
    assert_maps_to(doc, 15, 16, "\xEF\xAC\x81");
    /* a span ending before the removed space leaves it out */
    assert_maps_to(doc, 10, 15, "rose ");
    assert_maps_to(doc, 20, 21, "\xE2\x80\x94");
    assert_maps_to(doc, 22, 29, "percent");
    assert_maps_to(doc, 0, len, orig);

    /* code points: “ is one code point, so "Exports" starts at 1 */
    size_t os, oe;
    td_doc_span_original(doc, 1, 8, &os, &oe);
    assert_int_equal(td_doc_cp_offset(doc, os), 1);
    assert_int_equal(td_doc_cp_offset(doc, oe), 8);
    td_doc_span_original(doc, 22, 29, &os, &oe);
    assert_int_equal(td_doc_cp_offset(doc, os), 22);
    assert_int_equal(td_doc_cp_offset(doc, oe), 29);
    td_doc_free(doc);
}

static void test_rewrite_composes(void **state)
{
    (void)state;
    /* Fullwidth "４５．４７" -> "45.47" first, then "45.47" -> "45.470" and
     * a prefix inserted; spans still land on the original characters. */
    const char *orig = "up \xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x8E\xEF\xBC\x94\xEF\xBC\x97 trn";
    td_doc *doc = doc_of(orig);
    td_rewrite *rw = td_rewrite_begin(doc);
    td_rewrite_keep(rw, 3);
    td_rewrite_replace(rw, 3, "4", 1);
    td_rewrite_replace(rw, 3, "5", 1);
    td_rewrite_replace(rw, 3, ".", 1);
    td_rewrite_replace(rw, 3, "4", 1);
    td_rewrite_replace(rw, 3, "7", 1);
    td_rewrite_keep(rw, 4);
    assert_int_equal(td_rewrite_commit(rw), 0);
    assert_string_equal(td_doc_text(doc, NULL), "up 45.47 trn");

    rw = td_rewrite_begin(doc);
    td_rewrite_replace(rw, 0, ">", 1); /* insert at the start */
    td_rewrite_keep(rw, 8);
    td_rewrite_replace(rw, 0, "0", 1); /* insert after 45.47 */
    td_rewrite_keep(rw, 4);
    assert_int_equal(td_rewrite_commit(rw), 0);
    assert_string_equal(td_doc_text(doc, NULL), ">up 45.470 trn");

    assert_maps_to(doc, 1, 3, "up");
    assert_maps_to(doc, 4, 10, "\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x8E\xEF\xBC\x94\xEF\xBC\x97");
    assert_maps_to(doc, 11, 14, "trn");
    size_t os, oe;
    td_doc_span_original(doc, 4, 10, &os, &oe);
    assert_int_equal(td_doc_cp_offset(doc, os), 3);
    assert_int_equal(td_doc_cp_offset(doc, oe), 8);
    td_doc_free(doc);
}

static void test_rewrite_errors(void **state)
{
    (void)state;
    td_doc *doc = doc_of("abc");
    td_rewrite *rw = td_rewrite_begin(doc);
    assert_int_equal(td_rewrite_keep(rw, 5), -1);
    assert_int_equal(td_rewrite_commit(rw), -1);
    assert_non_null(strstr(td_doc_errmsg(doc), "more bytes"));

    rw = td_rewrite_begin(doc);
    td_rewrite_keep(rw, 2);
    assert_int_equal(td_rewrite_commit(rw), -1);
    assert_non_null(strstr(td_doc_errmsg(doc), "consumed"));

    /* nothing changed: the text stays the original */
    rw = td_rewrite_begin(doc);
    td_rewrite_replace(rw, 3, "abc", 3);
    assert_int_equal(td_rewrite_commit(rw), 0);
    assert_false(td_doc_rewritten(doc));

    td_doc_add(doc, "token", "word", 0, 3);
    rw = td_rewrite_begin(doc);
    td_rewrite_replace(rw, 3, "ABC", 3);
    assert_int_equal(td_rewrite_commit(rw), -1);
    assert_non_null(strstr(td_doc_errmsg(doc), "annotations"));
    assert_string_equal(td_doc_text(doc, NULL), "abc");
    td_rewrite_abort(NULL);
    td_doc_free(doc);
}

static void test_cp_offsets_long_text(void **state)
{
    (void)state;
    /* Long enough to cross many index blocks, with 2- and 3-byte chars. */
    char text[3000];
    size_t n = 0, cps = 0;
    size_t marks[100], mark_cps[100];
    for (int i = 0; i < 100; i++) {
        marks[i] = n;
        mark_cps[i] = cps;
        const char *piece = (i % 3 == 0) ? "caf\xC3\xA9 " : (i % 3 == 1) ? "\xE2\x82\xAC" "5 " : "yuan ";
        size_t plen = strlen(piece);
        memcpy(text + n, piece, plen);
        n += plen;
        cps += (i % 3 == 0) ? 5 : (i % 3 == 1) ? 3 : 5;
    }
    td_doc *doc = td_doc_new("cp", text, n);
    for (int i = 99; i >= 0; i--)
        assert_int_equal(td_doc_cp_offset(doc, marks[i]), mark_cps[i]);
    assert_int_equal(td_doc_cp_offset(doc, n), cps);
    td_doc_free(doc);
}

/* A document with many names (a feed's metadata keys, a stage's own
 * attributes) still shares every one: a layer one stage made is found by
 * another that names it with its own string, and an attribute set twice
 * under equal keys is one attribute. */
static void test_many_names_stay_shared(void **state)
{
    (void)state;
    td_doc *doc = td_doc_new("n1", "Exports rose 6.1 percent.", 25);
    assert_non_null(doc);
    td_annot *first = td_doc_add(doc, "token", "word", 0, 7);
    assert_non_null(first);
    char key[32];
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof(key), "feature_%d", i);
        assert_int_equal(td_annot_set_num(doc, first, key, i), 0);
    }
    /* the layer made after the names, then asked for by another string */
    char made[] = "claim", asked[] = "claim";
    assert_non_null(td_doc_add(doc, made, "statistic", 8, 24));
    size_t n = 0;
    td_annot *const *claims = td_doc_layer(doc, asked, &n);
    assert_int_equal(n, 1);
    assert_string_equal(claims[0]->label, "statistic");
    /* one key, written through two buffers */
    char k1[] = "feature_1999", k2[] = "feature_1999";
    assert_int_equal(td_annot_set_num(doc, first, k1, -1), 0);
    assert_int_equal(td_annot_set_num(doc, first, k2, -2), 0);
    size_t nattrs = 0;
    for (const td_attr *at = first->attrs; at; at = at->next)
        nattrs++;
    assert_int_equal(nattrs, 2000);
    assert_true(td_annot_num(first, "feature_1999", 0) == -2);
    assert_true(td_annot_num(first, "feature_7", 0) == 7);
    td_doc_free(doc);
}

static void test_arena(void **state)
{
    (void)state;
    td_doc *doc = doc_of("x");
    for (int i = 0; i < 1000; i++) {
        char *p = td_doc_alloc(doc, (size_t)(i * 37 % 5000) + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xAB, (size_t)(i * 37 % 5000) + 1);
    }
    char *big = td_doc_alloc(doc, 1 << 20);
    assert_non_null(big);
    memset(big, 0, 1 << 20);
    assert_string_equal(td_doc_strndup(doc, "yuan-denominated", 4), "yuan");
    td_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_passes_through),
        cmocka_unit_test(test_invalid_utf8_is_repaired_and_counted),
        cmocka_unit_test(test_nul_bytes_and_empty_text),
        cmocka_unit_test(test_annotations_sorted_and_found),
        cmocka_unit_test(test_covering_many_tokens),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_rewrite_alignment),
        cmocka_unit_test(test_rewrite_composes),
        cmocka_unit_test(test_rewrite_errors),
        cmocka_unit_test(test_cp_offsets_long_text),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_many_names_stay_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
