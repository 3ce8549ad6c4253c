/* Document model, the paths a stage adding many annotations takes: names
 * taken once (td_doc_name), room made ahead (td_doc_reserve), adding in
 * bulk (td_doc_add_many), and the
 * name lookups behind td_doc_add and td_annot_set_* when a caller reuses
 * a buffer or uses more names than the lookup keeps by pointer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <tidings/doc.h>

static const char text[] = "Exports from Ningbo rose 6.1% in 2025, the customs office said.";

static td_doc *doc_of(void)
{
    td_doc *doc = td_doc_new("names-1", text, sizeof(text) - 1);
    assert_non_null(doc);
    return doc;
}

static void test_name_is_the_stored_pointer(void **state)
{
    (void)state;
    td_doc *doc = doc_of();
    const char *token = td_doc_name(doc, "token");
    const char *word = td_doc_name(doc, "word");
    const char *shape = td_doc_name(doc, "shape");
    assert_non_null(token);
    assert_string_equal(token, "token");
    /* the same copy every time, and the one annotations carry */
    assert_ptr_equal(td_doc_name(doc, "token"), token);
    td_annot *a = td_doc_add(doc, "token", "word", 0, 7);
    assert_non_null(a);
    assert_ptr_equal(a->layer, token);
    assert_ptr_equal(a->label, word);
    assert_int_equal(td_annot_set_const(doc, a, "shape", "Xx"), 0);
    assert_ptr_equal(a->attrs->key, shape);
    /* passing the copies back means the same as passing the literals */
    td_annot *b = td_doc_add(doc, token, word, 8, 12);
    assert_non_null(b);
    assert_ptr_equal(b->layer, token);
    assert_int_equal(td_annot_set_const(doc, b, shape, "x"), 0);
    assert_string_equal(td_annot_str(b, "shape"), "x");
    size_t n;
    td_annot *const *toks = td_doc_layer(doc, "token", &n);
    assert_int_equal(n, 2);
    assert_ptr_equal(toks[0], a);
    assert_ptr_equal(toks[1], b);
    assert_null(td_doc_name(doc, NULL));
    td_doc_free(doc);
}

static void test_reused_buffer_keeps_its_content(void **state)
{
    (void)state;
    td_doc *doc = doc_of();
    char label[16], key[16];
    strcpy(label, "word");
    strcpy(key, "rule");
    td_annot *a = td_doc_add(doc, "token", label, 0, 7);
    assert_non_null(a);
    assert_int_equal(td_annot_set_const(doc, a, key, "lexicon"), 0);
    /* the same buffer, another name: found by content, not by address */
    strcpy(label, "number");
    strcpy(key, "value");
    td_annot *b = td_doc_add(doc, "token", label, 25, 28);
    assert_non_null(b);
    assert_int_equal(td_annot_set_num(doc, b, key, 6.1), 0);
    assert_string_equal(a->label, "word");
    assert_string_equal(b->label, "number");
    assert_string_equal(td_annot_str(a, "rule"), "lexicon");
    assert_null(td_annot_attr(a, "value"));
    assert_true(td_annot_num(b, "value", 0) == 6.1);
    assert_null(td_annot_attr(b, "rule"));
    /* and back: the first name again from the buffer */
    strcpy(label, "word");
    td_annot *c = td_doc_add(doc, "token", label, 8, 12);
    assert_non_null(c);
    assert_ptr_equal(c->label, a->label);
    td_doc_free(doc);
}

/* More distinct names than the lookup keeps by pointer (about a hundred),
 * from literals and from a buffer: each still interned once, each found. */
static void test_many_names(void **state)
{
    (void)state;
    td_doc *doc = doc_of();
    td_annot *a = td_doc_add(doc, "entity", "institution", 29, 35);
    assert_non_null(a);
    char key[32], value[32];
    for (int i = 0; i < 300; i++) {
        snprintf(key, sizeof(key), "field_%d", i);
        snprintf(value, sizeof(value), "value %d", i * 7);
        assert_int_equal(td_annot_set_str(doc, a, key, value), 0);
    }
    for (int i = 0; i < 300; i++) {
        snprintf(key, sizeof(key), "field_%d", i);
        snprintf(value, sizeof(value), "value %d", i * 7);
        assert_string_equal(td_annot_str(a, key), value);
        const char *name = td_doc_name(doc, key);
        assert_non_null(name);
        assert_string_equal(name, key);
    }
    /* in the order first set, once each */
    int count = 0;
    for (const td_attr *at = a->attrs; at; at = at->next, count++) {
        snprintf(key, sizeof(key), "field_%d", count);
        assert_string_equal(at->key, key);
    }
    assert_int_equal(count, 300);
    td_doc_free(doc);
}

static void test_replacing_a_string_keeps_its_place(void **state)
{
    (void)state;
    td_doc *doc = doc_of();
    td_annot *a = td_doc_add(doc, "entity", "region", 13, 19);
    assert_non_null(a);
    assert_int_equal(td_annot_set_str(doc, a, "canonical", "Ningbo"), 0);
    assert_int_equal(td_annot_set_const(doc, a, "rule", "gazetteer"), 0);
    /* replaced by a longer value, then by its own value */
    assert_int_equal(td_annot_set_strn(doc, a, "canonical", "Ningbo, Zhejiang", 16), 0);
    assert_int_equal(td_annot_set_str(doc, a, "canonical", td_annot_str(a, "canonical")), 0);
    assert_string_equal(td_annot_str(a, "canonical"), "Ningbo, Zhejiang");
    assert_string_equal(a->attrs->key, "canonical");
    assert_string_equal(a->attrs->next->key, "rule");
    assert_null(a->attrs->next->next);
    td_doc_free(doc);
}

static void test_reserve(void **state)
{
    (void)state;
    td_doc *doc = doc_of();
    assert_int_equal(td_doc_reserve(doc, "token", 5000), 0);
    /* a reserved layer with nothing in it is no layer at all */
    size_t n = 99;
    assert_null(td_doc_layer(doc, "token", &n));
    assert_int_equal(n, 0);
    assert_int_equal(td_doc_count(doc), 0);
    /* adding past the room made still works */
    for (size_t i = 0; i < 6000; i++) {
        size_t at = i % (sizeof(text) - 1);
        td_annot *a = td_doc_add(doc, "token", "word", at, at + 1);
        assert_non_null(a);
        assert_int_equal(a->id, i + 1);
    }
    td_annot *const *toks = td_doc_layer(doc, "token", &n);
    assert_int_equal(n, 6000);
    for (size_t i = 1; i < n; i++)
        assert_true(toks[i - 1]->start < toks[i]->start ||
                    (toks[i - 1]->start == toks[i]->start && toks[i - 1]->id < toks[i]->id));
    assert_int_equal(td_doc_reserve(doc, NULL, 10), -1);
    assert_non_null(strstr(td_doc_errmsg(doc), "layer"));
    assert_int_equal(td_doc_reserve(doc, "sentence", (size_t)1 << 40), -1);
    assert_non_null(strstr(td_doc_errmsg(doc), "out of memory"));
    td_doc_free(doc);
}

/* td_doc_add_many gives what the same td_doc_add calls give. */
static void test_add_many_is_add_in_order(void **state)
{
    (void)state;
    td_doc *one = doc_of(), *many = doc_of();
    char label[16];
    strcpy(label, "punct");
    const td_annot_spec spec[] = {
        {"word", 0, 7},  {"word", 8, 12}, {"word", 13, 19}, {"word", 20, 24},
        {"number", 25, 28}, {label, 28, 29}, {"word", 30, 32}, {"number", 33, 37},
        {label, 37, 38}, {"word", 2, 5}, /* out of order: the layer sorts */
    };
    size_t n = sizeof(spec) / sizeof(spec[0]);
    assert_non_null(td_doc_add(one, "sentence", "sentence", 0, 40));
    assert_non_null(td_doc_add(many, "sentence", "sentence", 0, 40));
    for (size_t i = 0; i < n; i++)
        assert_non_null(td_doc_add(one, "token", spec[i].label, spec[i].start, spec[i].end));
    td_annot *a = td_doc_add_many(many, "token", spec, n);
    assert_non_null(a);
    assert_non_null(td_doc_add(one, "sentence", "heading", 0, 10));
    assert_non_null(td_doc_add(many, "sentence", "heading", 0, 10));
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].id, i + 2);
        assert_ptr_equal(td_doc_get(many, (uint32_t)(i + 2)), &a[i]);
        assert_string_equal(a[i].label, spec[i].label);
        assert_ptr_equal(a[i].layer, td_doc_name(many, "token"));
    }
    assert_int_equal(td_doc_count(one), td_doc_count(many));
    size_t n1, n2;
    td_annot *const *t1 = td_doc_layer(one, "token", &n1);
    td_annot *const *t2 = td_doc_layer(many, "token", &n2);
    assert_int_equal(n1, n2);
    for (size_t i = 0; i < n1; i++) {
        assert_int_equal(t1[i]->id, t2[i]->id);
        assert_int_equal(t1[i]->start, t2[i]->start);
        assert_string_equal(t1[i]->label, t2[i]->label);
    }
    /* covering uses the longest span, as after single adds */
    assert_int_equal(td_doc_covering(many, "token", 26)->id, td_doc_covering(one, "token", 26)->id);
    assert_int_equal(td_doc_index(many, &a[9]), 1);
    td_doc_free(one);
    td_doc_free(many);
}

static void test_add_many_all_or_nothing(void **state)
{
    (void)state;
    td_doc *doc = doc_of();
    const td_annot_spec bad_span[] = {{"word", 0, 7}, {"word", 60, 600}};
    assert_null(td_doc_add_many(doc, "token", bad_span, 2));
    assert_non_null(strstr(td_doc_errmsg(doc), "outside the text"));
    const td_annot_spec no_label[] = {{"word", 0, 7}, {NULL, 8, 12}};
    assert_null(td_doc_add_many(doc, "token", no_label, 2));
    assert_non_null(strstr(td_doc_errmsg(doc), "label"));
    const td_annot_spec no_first_label[] = {{NULL, 0, 7}};
    assert_null(td_doc_add_many(doc, "token", no_first_label, 1));
    assert_non_null(strstr(td_doc_errmsg(doc), "label"));
    assert_null(td_doc_add_many(doc, "", bad_span, 1));
    assert_null(td_doc_add_many(doc, "token", bad_span, 0));
    assert_non_null(strstr(td_doc_errmsg(doc), "nothing"));
    assert_int_equal(td_doc_count(doc), 0);
    /* and the next id is still the first */
    td_annot *a = td_doc_add_many(doc, "token", bad_span, 1);
    assert_non_null(a);
    assert_int_equal(a->id, 1);
    td_doc_free(doc);
}

/* One key on many annotations at once: the same as setting each, keeping
 * the attributes' order and replacing a value set before. */
static void test_set_const_many(void **state)
{
    (void)state;
    td_doc *doc = doc_of();
    td_annot_spec spec[3] = {{"word", 0, 7}, {"word", 8, 12}, {"word", 13, 19}};
    td_annot *a = td_doc_add_many(doc, "token", spec, 3);
    assert_non_null(a);
    assert_int_equal(td_annot_set_bool(doc, &a[1], "sent_start", true), 0);
    assert_int_equal(td_annot_set_const(doc, &a[2], "shape", "old"), 0);
    const char *shapes[3] = {"Xxxxx", "xxxx", "Xxxxx"};
    assert_int_equal(td_annot_set_const_many(doc, a, 3, "shape", shapes), 0);
    assert_string_equal(td_annot_str(&a[0], "shape"), "Xxxxx");
    assert_ptr_equal(td_annot_str(&a[0], "shape"), shapes[0]); /* kept, not copied */
    /* after the attribute set before, as td_annot_set_const would add it */
    assert_string_equal(a[1].attrs->key, "sent_start");
    assert_string_equal(a[1].attrs->next->key, "shape");
    assert_string_equal(td_annot_str(&a[1], "shape"), "xxxx");
    /* a value set before is replaced in its place */
    assert_string_equal(td_annot_str(&a[2], "shape"), "Xxxxx");
    assert_null(a[2].attrs->next);
    assert_int_equal(td_annot_set_const_many(doc, a, 0, "shape", shapes), 0);
    assert_int_equal(td_annot_set_const_many(doc, a, 2, "shape", NULL), -1);
    td_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_is_the_stored_pointer),
        cmocka_unit_test(test_reused_buffer_keeps_its_content),
        cmocka_unit_test(test_many_names),
        cmocka_unit_test(test_replacing_a_string_keeps_its_place),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_add_many_is_add_in_order),
        cmocka_unit_test(test_add_many_all_or_nothing),
        cmocka_unit_test(test_set_const_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
