/* Loader and harness: good plugins, a wrong ABI version, a missing entry
 * symbol, a file that is not a shared object. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tidings/tidings.h>

#include "paths.h"
#include "plugin.h"

static void find(const char *name, char *buf, size_t len)
{
    td_paths paths;
    assert_int_equal(td_paths_init(&paths, NULL), 0);
    assert_int_equal(td_paths_find_plugin(&paths, name, buf, len), 0);
    td_paths_free(&paths);
}

static void test_good_plugin_loads(void **state)
{
    (void)state;
    char path[4096], err[1024];
    find("example", path, sizeof(path));
    td_plugin *p = td_plugin_open(path, err, sizeof(err));
    assert_non_null(p);
    assert_string_equal(p->api.name, "example");
    assert_int_equal(p->api.abi_version, TD_ABI_VERSION);
    assert_non_null(td_plugin_option(p, "words"));
    assert_null(td_plugin_option(p, "nope"));
    assert_true(td_plugin_provides(p, "keyword"));
    assert_false(td_plugin_provides(p, "token"));
    td_plugin_close(p);
    td_plugin_close(NULL);
}

static void test_wrong_abi_refused(void **state)
{
    (void)state;
    char path[4096], err[1024];
    find("badabi", path, sizeof(path));
    assert_null(td_plugin_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "ABI version 99"));
    assert_non_null(strstr(err, "loads version 2"));
}

static void test_missing_symbol_refused(void **state)
{
    (void)state;
    char path[4096], err[1024];
    find("nosymbol", path, sizeof(path));
    assert_null(td_plugin_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "no 'tidings_stage' symbol"));
}

/* Bug: entlite.so declaring .name = "entities-lite" was listed under one
 * name and configured under the other. The file name must be the name. */
static void test_file_name_must_be_the_name(void **state)
{
    (void)state;
    char path[4096], err[1024];
    find("entlite", path, sizeof(path));
    assert_null(td_plugin_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "'entities-lite'"));
    assert_non_null(strstr(err, "'entlite.so'"));
    assert_non_null(strstr(err, "fix: rename the file to entities-lite.so"));
    /* and so neither name makes a stage */
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "entlite", NULL), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "'entities-lite'"));
    assert_int_equal(td_harness_add(h, "entities-lite", NULL), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "no plugin 'entities-lite'"));
    td_harness_free(h);
}

static void test_harness_one_plugin_two_stages(void **state)
{
    (void)state;
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "example", (const char *[]){"words=yuan", NULL}), 0);
    assert_int_equal(td_harness_add(h, "example", NULL), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "stage 'example' appears twice"));
    assert_string_equal(td_harness_warnings(h), "");
    assert_int_equal(td_harness_add_stage(h, "tariffs", "example",
                                          (const char *[]){"words=tariff Tariff", NULL}),
                     0);
    assert_string_equal(td_harness_warnings(h),
                        "tariffs: td_matcher_add: 'tariff' is also at td_matcher_add with "
                        "another payload; a match reports both\n");
    const char *text = "A tariff on yuan.";
    td_doc *doc = td_doc_new("d", text, strlen(text));
    assert_int_equal(td_harness_run(h, doc), TD_OK);
    size_t n;
    td_annot *const *kw = td_doc_layer(doc, "keyword", &n);
    assert_int_equal(n, 3); /* "tariff" and "Tariff" are two canonical forms */
    assert_string_equal(td_annot_str(kw[0], "rule"), "tariffs:words");
    assert_string_equal(td_annot_str(kw[0], "canonical"), "tariff");
    assert_string_equal(td_annot_str(kw[1], "canonical"), "Tariff");
    assert_string_equal(td_annot_str(kw[2], "rule"), "example:words");
    td_doc_free(doc);
    td_harness_free(h);
}

/* Bug: td_harness_free unloaded the plugin while documents still pointed
 * into it (a td_annot_set_const literal, a matcher payload). */
static void test_documents_outlive_the_harness(void **state)
{
    (void)state;
    td_doc *docs[3];
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "testconst", NULL), 0);
    for (int i = 0; i < 3; i++) {
        docs[i] = td_doc_new("d", "Exports rose.", 13);
        assert_int_equal(td_harness_run(h, docs[i]), TD_OK);
    }
    assert_int_equal(td_harness_run(h, docs[0]), TD_OK); /* run twice: held once */
    td_harness_free(h);
    for (int i = 0; i < 3; i++) {
        size_t n;
        td_annot *const *marks = td_doc_layer(docs[i], "mark", &n);
        assert_int_equal(n, i == 0 ? 2 : 1);
        assert_string_equal(td_annot_str(marks[0], "rule"), "testconst:literal");
        assert_string_equal(td_annot_str(marks[0], "payload"), "the payload of 'rose'");
        td_doc_free(docs[i]); /* the last one lets the stages go */
    }
}

/* A plugin reading an option it did not declare aborted with a bare
 * assertion; now the stage fails to start with a message naming both. */
static void test_undeclared_option_named(void **state)
{
    (void)state;
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "testtypo", NULL), -1);
    const char *err = td_harness_errmsg(h);
    assert_non_null(strstr(err, "stage 'testtypo' failed to start: plugin 'testtypo' read "
                                "option 'fold_case', which its option table does not declare "
                                "(it declares: fold label)"));
    assert_non_null(strstr(err, "and option 'label' as integer, but it is a string"));
    td_harness_free(h);
}

static void test_not_a_shared_object(void **state)
{
    (void)state;
    char path[] = "/tmp/tidings-notso-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "not an ELF file\n", 16), 16);
    close(fd);
    char err[1024];
    assert_null(td_plugin_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "cannot load as a shared object"));
    unlink(path);
    assert_null(td_plugin_open("/nonexistent/plugin.so", err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/plugin.so"));
}

static void test_harness_runs_a_chain(void **state)
{
    (void)state;
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "testtok", NULL), 0);
    assert_int_equal(td_harness_add(h, "testcount", (const char *[]){"min_length=4", NULL}), 0);
    const char *text = "Exports to the EU rose 8.2 percent";
    td_doc *doc = td_doc_new("h1", text, strlen(text));
    assert_int_equal(td_harness_run(h, doc), TD_OK);
    size_t n;
    td_doc_layer(doc, "token", &n);
    assert_int_equal(n, 7);
    /* Exports, rose, percent: the tokens of 4 bytes or more */
    assert_true(td_doc_attr(doc, "testcount.tokens")->v.n == 3);
    td_doc_free(doc);
    td_harness_free(h);
    td_harness_free(NULL);
}

static void test_harness_errors(void **state)
{
    (void)state;
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "nosuchstage", NULL), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "no plugin 'nosuchstage'"));
    /* requires token, which nothing before it provides */
    assert_int_equal(td_harness_add(h, "testcount", NULL), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "requires layer 'token'"));
    assert_int_equal(td_harness_add(h, "testtok", NULL), 0);
    assert_int_equal(td_harness_add(h, "testcount", (const char *[]){"min_len=4", NULL}), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "unknown option 'min_len'"));
    assert_non_null(strstr(td_harness_errmsg(h), "min_length"));
    assert_int_equal(td_harness_add(h, "testcount", (const char *[]){"min_length=four", NULL}),
                     -1);
    assert_non_null(strstr(td_harness_errmsg(h), "'four' is not a whole number"));
    assert_int_equal(td_harness_add(h, "testcount", (const char *[]){"min_length", NULL}), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "not key=value"));
    assert_int_equal(td_harness_add(h, "testcount", (const char *[]){"min_length=-1", NULL}),
                     -1);
    assert_non_null(strstr(td_harness_errmsg(h), "must not be negative"));
    /* a stage that rewrites text cannot follow one that annotates */
    assert_int_equal(td_harness_add(h, "testrewrite", NULL), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "rewrites the text"));

    assert_int_equal(td_harness_add(h, "testfail", NULL), 0);
    td_doc *doc = td_doc_new("p", "a POISON pill", 13);
    assert_int_equal(td_harness_run(h, doc), TD_ERROR);
    assert_non_null(strstr(td_harness_errmsg(h), "testfail: found the marker 'POISON'"));
    td_doc_free(doc);
    doc = td_doc_new("d", "DROPME please", 13);
    assert_int_equal(td_harness_run(h, doc), TD_DROP);
    td_doc_free(doc);
    td_harness_free(h);
}

/* Every stage on the plugin path survives an empty, a broken and a large
 * document, alone and after the stages it needs. */
typedef struct every {
    int loaded;
} every;

static void run_one_stage(const char *path, void *user)
{
    every *ev = user;
    char err[1024];
    td_plugin *p = td_plugin_open(path, err, sizeof(err));
    if (!p)
        return; /* the broken test plugins */
    char name[128];
    snprintf(name, sizeof(name), "%s", p->api.name);
    bool needs_tokens = p->api.requires && p->api.requires[0];
    td_plugin_close(p);
    if (strcmp(name, "testfail") == 0 || strcmp(name, "testtypo") == 0)
        return; /* fails on purpose */

    td_harness *h = td_harness_new();
    if (needs_tokens && td_harness_add(h, "testtok", NULL) != 0)
        fail_msg("%s", td_harness_errmsg(h));
    if (td_harness_add(h, name, NULL) != 0) {
        /* a stage may need layers testtok does not give; it must say so */
        assert_non_null(strstr(td_harness_errmsg(h), "requires layer"));
        td_harness_free(h);
        return;
    }
    size_t big = 3u << 20;
    char *huge = malloc(big);
    assert_non_null(huge);
    for (size_t i = 0; i < big; i++)
        huge[i] = "Trade rose 4.5% in 2025. \n"[i % 26];
    const char broken[] = "\xE2\x80 \xFF\xFE caf\xC3 \0 nul \xF0\x9F\x98";
    struct {
        const char *text;
        size_t len;
    } docs[] = {{"", 0}, {broken, sizeof(broken) - 1}, {huge, big}};
    for (size_t i = 0; i < 3; i++) {
        td_doc *doc = td_doc_new("x", docs[i].text, docs[i].len);
        int rc = td_harness_run(h, doc);
        if (rc != TD_OK && rc != TD_DROP)
            fail_msg("stage %s failed on document %zu: %s", name, i, td_harness_errmsg(h));
        td_doc_free(doc);
    }
    free(huge);
    td_harness_free(h);
    ev->loaded++;
}

static void test_every_stage_survives_hard_documents(void **state)
{
    (void)state;
    td_paths paths;
    assert_int_equal(td_paths_init(&paths, NULL), 0);
    every ev = {0};
    td_paths_each_plugin(&paths, run_one_stage, &ev);
    td_paths_free(&paths);
    assert_true(ev.loaded >= 4); /* example, testtok, testcount, testrewrite, ... */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_plugin_loads),
        cmocka_unit_test(test_wrong_abi_refused),
        cmocka_unit_test(test_missing_symbol_refused),
        cmocka_unit_test(test_file_name_must_be_the_name),
        cmocka_unit_test(test_harness_one_plugin_two_stages),
        cmocka_unit_test(test_documents_outlive_the_harness),
        cmocka_unit_test(test_undeclared_option_named),
        cmocka_unit_test(test_not_a_shared_object),
        cmocka_unit_test(test_harness_runs_a_chain),
        cmocka_unit_test(test_harness_errors),
        cmocka_unit_test(test_every_stage_survives_hard_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
