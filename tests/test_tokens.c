/* What a stage asks about tokens: index in the document, the tokens of a
 * sentence, white space after a token, a case-folded form, the regions a
 * normaliser rewrote, and a shape taken from the original text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <tidings/tidings.h>

static td_harness *pipeline(const char *const *normalise_opts)
{
    td_harness *h = td_harness_new();
    assert_non_null(h);
    if (normalise_opts && td_harness_add(h, "normalise", normalise_opts) != 0)
        fail_msg("%s", td_harness_errmsg(h));
    if (td_harness_add(h, "segment", NULL) != 0)
        fail_msg("%s", td_harness_errmsg(h));
    return h;
}

static td_doc *run(td_harness *h, const char *text)
{
    td_doc *doc = td_doc_new("t", text, strlen(text));
    assert_non_null(doc);
    if (td_harness_run(h, doc) != TD_OK)
        fail_msg("%s", td_harness_errmsg(h));
    return doc;
}

static const char *tok_text(td_doc *doc, const td_annot *a)
{
    static char buf[256];
    const char *text = td_doc_text(doc, NULL);
    snprintf(buf, sizeof(buf), "%.*s", (int)(a->end - a->start), text + a->start);
    return buf;
}

static void test_index_and_sentence_slices(void **state)
{
    (void)state;
    td_harness *h = pipeline(NULL);
    const char *text = "Exports rose 6.1% in 2025. The GAC said imports fell.";
    td_doc *doc = run(h, text);
    size_t nt, ns;
    td_annot *const *toks = td_doc_layer(doc, "token", &nt);
    td_annot *const *sents = td_doc_layer(doc, "sentence", &ns);
    assert_int_equal(ns, 2);
    for (size_t i = 0; i < nt; i++)
        assert_int_equal(td_doc_index(doc, toks[i]), i);
    /* from a byte offset to the token and its neighbours */
    const char *gac = strstr(text, "GAC");
    td_annot *t = td_doc_covering(doc, "token", (size_t)(gac - text) + 1);
    size_t i = td_doc_index(doc, t);
    assert_string_equal(tok_text(doc, t), "GAC");
    assert_string_equal(tok_text(doc, toks[i - 1]), "The");
    assert_string_equal(tok_text(doc, toks[i + 1]), "said");
    /* the tokens of the second sentence, and where they sit in the layer */
    size_t n;
    td_annot *const *in = td_doc_inside(doc, "token", sents[1], &n);
    assert_int_equal(n, 6);
    assert_string_equal(tok_text(doc, in[0]), "The");
    assert_string_equal(tok_text(doc, in[n - 1]), ".");
    assert_int_equal(td_doc_index(doc, in[0]), (size_t)(in - toks));
    assert_int_equal(td_doc_index(doc, in[0]), 7);
    /* a sentence's index in its own layer */
    assert_int_equal(td_doc_index(doc, sents[1]), 1);
    /* not this document's */
    td_doc *other = run(h, "Exports rose.");
    size_t no;
    td_annot *const *otoks = td_doc_layer(other, "token", &no);
    assert_int_equal(td_doc_index(doc, otoks[0]), SIZE_MAX);
    assert_int_equal(td_doc_index(doc, NULL), SIZE_MAX);
    assert_null(td_doc_inside(doc, "token", NULL, &n));
    assert_int_equal(n, 0);
    td_doc_free(other);
    td_doc_free(doc);
    td_harness_free(h);
}

static void test_space_after_and_fold(void **state)
{
    (void)state;
    td_harness *h = pipeline(NULL);
    /* NBSP between the figure and its unit; the text ends on a token */
    td_doc *doc = run(h, "China's STRASSE-sized\xC2\xA0" "45bn\nΣΟΦΊΑ");
    size_t nt;
    td_annot *const *toks = td_doc_layer(doc, "token", &nt);
    /* China | 's | STRASSE-sized | 45 | bn | ΣΟΦΊΑ */
    assert_int_equal(nt, 6);
    const char *text = td_doc_text(doc, NULL);
    const bool space[] = {false, true, true, false, true, false};
    for (size_t i = 0; i < nt; i++)
        assert_int_equal(td_doc_space_after(doc, toks[i]), space[i]);
    size_t len;
    char *f = td_doc_fold(doc, text + toks[2]->start, toks[2]->end - toks[2]->start, &len);
    assert_string_equal(f, "strasse-sized");
    assert_int_equal(len, 13);
    f = td_doc_fold(doc, text + toks[5]->start, toks[5]->end - toks[5]->start, &len);
    assert_string_equal(f, "σοφία");
    assert_string_equal(td_doc_fold(doc, "Straße", strlen("Straße"), NULL), "strasse");
    assert_string_equal(td_doc_fold(doc, "", 0, &len), "");
    assert_int_equal(len, 0);
    td_doc_free(doc);
    td_harness_free(h);
}

static const char *shapes(td_doc *doc)
{
    static char buf[512];
    size_t n, len = 0;
    td_annot *const *t = td_doc_layer(doc, "token", &n);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " " : "",
                                td_annot_str(t[i], "shape"));
    return buf;
}

static void test_shape_from_the_original(void **state)
{
    (void)state;
    const char *text = "The IMF met “China’s” iPhone makers. Exports rose.";
    td_harness *plain = pipeline(NULL);
    td_harness *folded = pipeline((const char *[]){"casefold=true", NULL});
    td_doc *a = run(plain, text);
    td_doc *b = run(folded, text);
    assert_string_equal(td_doc_text(b, NULL),
                        "the imf met \"china's\" iphone makers. exports rose.");
    assert_string_equal(shapes(a), "Xx XX x punct Xx x punct mixed x punct Xx x punct");
    assert_string_equal(shapes(b), "Xx XX x punct Xx x punct mixed x punct Xx x punct");
    /* the sentence break reads the original's capital too */
    size_t n;
    td_doc_layer(b, "sentence", &n);
    assert_int_equal(n, 2);
    assert_true(td_annot_bool(td_doc_layer(b, "token", &n)[10], "sent_start", false));
    td_doc_free(a);
    td_doc_free(b);
    td_harness_free(plain);
    td_harness_free(folded);
}

static void test_rewritten_regions(void **state)
{
    (void)state;
    td_harness *h = pipeline((const char *[]){"casefold=true", NULL});
    const char *text = "ab “Cd” ef";
    td_doc *doc = run(h, text);
    assert_string_equal(td_doc_text(doc, NULL), "ab \"cd\" ef");
    size_t n;
    const td_rewrite_span *r = td_doc_rewrites(doc, &n);
    assert_non_null(r);
    assert_true(n >= 2 && n <= 3); /* the quotes and the C, one region or two for “C */
    const char *work = td_doc_text(doc, NULL);
    size_t prev_end = 0, prev_oend = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(r[i].start >= prev_end && r[i].end >= r[i].start);
        assert_true(r[i].orig_start >= prev_oend && r[i].orig_end >= r[i].orig_start);
        /* between regions the texts are the same bytes */
        assert_memory_equal(work + prev_end, text + prev_oend, r[i].start - prev_end);
        prev_end = r[i].end;
        prev_oend = r[i].orig_end;
    }
    assert_string_equal(work + prev_end, text + prev_oend);
    assert_int_equal(r[0].start, 3);
    assert_int_equal(r[0].orig_start, 3);
    td_doc_free(doc);
    td_harness_free(h);
    td_doc *clean = td_doc_new("c", "no change", 9);
    assert_null(td_doc_rewrites(clean, &n));
    assert_int_equal(n, 0);
    td_doc_free(clean);
}

/* Shapes from the original over a text whose rewrites change lengths
 * (fullwidth letters, ligatures) before and inside words. */
static void test_shape_across_length_changes(void **state)
{
    (void)state;
    td_harness *h = pipeline((const char *[]){"casefold=true", "form=NFKC", NULL});
    td_doc *doc = run(h, "ＧＤＰ ﬁgures: The IMF and “Ofﬁcials” in GENEVA, iPhone.");
    assert_string_equal(td_doc_text(doc, NULL),
                        "gdp figures: the imf and \"officials\" in geneva, iphone.");
    assert_string_equal(shapes(doc), "XX x punct Xx XX x punct Xx punct x XX punct mixed punct");
    td_doc_free(doc);
    td_harness_free(h);
}

/* Folding must not change a shape: the same text normalised with and
 * without casefold gives the same shapes, over many rewrites of every
 * length in a row (the walk over the regions stays in step). */
static void test_shapes_with_and_without_folding(void **state)
{
    (void)state;
    static const char *const parts[] = {
        "The ", "“IMF” ", "ＧＤＰ ", "ﬁgures ", "Ofﬁcials ", "in ", "GENEVA, ", "iPhone ",
        "Straße ", "ΣΟΦΊΑ ", "Q1 ", "O’Brien ", "U.S. ", "e\u0301lan ", "Zürich. ",
    };
    char text[8192];
    size_t len = 0;
    for (int i = 0; i < 300; i++) {
        const char *p = parts[(i * 7) % 15];
        size_t n = strlen(p);
        assert_true(len + n < sizeof(text));
        memcpy(text + len, p, n);
        len += n;
    }
    text[len] = '\0';
    td_harness *plain = pipeline((const char *[]){"form=NFKC", NULL});
    td_harness *folded = pipeline((const char *[]){"form=NFKC", "casefold=true", NULL});
    td_doc *a = run(plain, text), *b = run(folded, text);
    size_t na, nb;
    td_annot *const *ta = td_doc_layer(a, "token", &na);
    td_annot *const *tb = td_doc_layer(b, "token", &nb);
    assert_int_equal(na, nb);
    size_t upper = 0;
    for (size_t i = 0; i < na; i++) {
        const char *sa = td_annot_str(ta[i], "shape"), *sb = td_annot_str(tb[i], "shape");
        if (strcmp(sa, sb) != 0)
            fail_msg("token %zu '%s': shape %s without folding, %s with", i, tok_text(a, ta[i]),
                     sa, sb);
        upper += strcmp(sa, "x") != 0;
    }
    assert_true(upper > na / 3);
    size_t sa, sb;
    td_doc_layer(a, "sentence", &sa);
    td_doc_layer(b, "sentence", &sb);
    assert_int_equal(sa, sb);
    td_doc_free(a);
    td_doc_free(b);
    td_harness_free(plain);
    td_harness_free(folded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_and_sentence_slices),
        cmocka_unit_test(test_space_after_and_fold),
        cmocka_unit_test(test_shape_from_the_original),
        cmocka_unit_test(test_rewritten_regions),
        cmocka_unit_test(test_shape_across_length_changes),
        cmocka_unit_test(test_shapes_with_and_without_folding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
