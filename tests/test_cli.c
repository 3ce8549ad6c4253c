/* The `tidings` command end to end: run, plugins, check, and every kind of
 * bad input, through the real binary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_test.h"

#define FEED TD_TEST_SRCDIR "/samples/feed.jsonl"

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The code points [start, end) of a UTF-8 string, as bytes. */
static char *cp_slice(const char *s, size_t len, size_t start, size_t end)
{
    size_t i = 0, cp = 0, from = 0;
    for (; i < len && cp < end; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (cp == start)
            from = i;
        cp++;
    }
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    if (start == end)
        from = i;
    char *out = malloc(i - from + 1);
    memcpy(out, s + from, i - from);
    out[i - from] = '\0';
    return out;
}

/* Every output line: valid JSON, the input's fields unchanged, offsets that
 * point at the annotation's text in the original. Returns the line count. */
static size_t check_output(const char *out, const char *input_path)
{
    FILE *in = input_path ? fopen(input_path, "r") : NULL;
    char *line = NULL;
    size_t cap = 0, n = 0;
    const char *p = out;
    while (*p) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        json_error_t jerr;
        json_t *o = json_loadb(p, (size_t)(nl - p), JSON_ALLOW_NUL, &jerr);
        if (!o)
            fail_msg("output line %zu is not JSON: %s", n + 1, jerr.text);
        if (in && getline(&line, &cap, in) > 0) {
            json_t *orig = json_loads(line, JSON_ALLOW_NUL, NULL);
            const char *key;
            json_t *v;
            json_object_foreach(orig, key, v) assert_true(json_equal(v, json_object_get(o, key)));
            json_decref(orig);
        }
        const char *text = json_string_value(json_object_get(o, "text"));
        assert_non_null(text);
        size_t text_len = json_string_length(json_object_get(o, "text"));
        size_t i;
        json_t *a;
        json_array_foreach(json_object_get(o, "annotations"), i, a)
        {
            size_t s = (size_t)json_integer_value(json_object_get(a, "start"));
            size_t e = (size_t)json_integer_value(json_object_get(a, "end"));
            char *slice = cp_slice(text, text_len, s, e);
            json_t *want = json_object_get(a, "text");
            assert_int_equal(strlen(slice), json_string_length(want));
            assert_string_equal(slice, json_string_value(want));
            free(slice);
            assert_non_null(json_object_get(a, "id"));
            assert_true(json_is_object(json_object_get(a, "attrs")));
        }
        assert_true(json_is_object(json_object_get(o, "tidings")));
        json_decref(o);
        n++;
        p = nl + 1;
    }
    free(line);
    if (in)
        fclose(in);
    return n;
}

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/tidings-cli-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    FILE *f = fopen(tmp("words.conf"), "w");
    fputs("[pipeline]\nstages = testrewrite example testtok testcount\n"
          "[stage.example]\nwords = yuan, AT&T, tariffs, GAC\n",
          f);
    fclose(f);
    f = fopen(tmp("fail.conf"), "w");
    fputs("[pipeline]\nstages = testtok testfail\nemit = token\n", f);
    fclose(f);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_usage(void **state)
{
    (void)state;
    result r = run("--version");
    assert_int_equal(r.status, 0);
    assert_has(r.out, "tidings 0.");
    done(&r);
    r = run("run --help");
    assert_int_equal(r.status, 0);
    assert_has(r.out, "usage: tidings run");
    done(&r);
    r = run("help check");
    assert_int_equal(r.status, 0);
    assert_has(r.out, "usage: tidings check");
    done(&r);
    r = run("frobnicate");
    assert_int_equal(r.status, 2);
    assert_has(r.err, "unknown command 'frobnicate'");
    done(&r);
    r = run("run -c %s", tmp("words.conf"));
    assert_int_equal(r.status, 2);
    assert_has(r.err, "no input");
    done(&r);
    r = run("run --workers 0 -c %s %s", tmp("words.conf"), FEED);
    assert_int_equal(r.status, 2);
    done(&r);
    r = run("%s", "");
    assert_int_equal(r.status, 2);
    done(&r);
}

static void test_feed_same_output_with_many_workers(void **state)
{
    (void)state;
    result one = run("run -c %s --workers 1 %s", tmp("words.conf"), FEED);
    assert_int_equal(one.status, 0);
    assert_int_equal(check_output(one.out, FEED), 12);
    assert_has(one.err, "12 documents");
    assert_has(one.err, "12 ok, 0 repaired, 0 dropped, 0 failed");
    assert_has(one.out, "\"canonical\":\"yuan\"");
    assert_has(one.out, "\"testcount.tokens\":");
    for (int workers = 2; workers <= 8; workers *= 2) {
        result many = run("run -c %s --workers %d --stats %s %s %s", tmp("words.conf"), workers,
                          FEED, FEED, FEED);
        assert_int_equal(many.status, 0);
        assert_int_equal(many.out_len, 3 * one.out_len);
        for (int k = 0; k < 3; k++)
            assert_memory_equal(many.out + k * one.out_len, one.out, one.out_len);
        assert_has(many.err, "testcount");
        assert_has(many.err, "(decode)");
        done(&many);
    }
    done(&one);
}

/* The default pipeline (no -c: pipelines/news.conf) on the sample feed
 * gives exactly samples/expected.jsonl, with any number of workers. After
 * a deliberate change of output, regenerate it:
 *     tidings run samples/feed.jsonl > samples/expected.jsonl */
static void test_default_pipeline_expected_output(void **state)
{
    (void)state;
    char *expected = slurp(TD_TEST_SRCDIR "/samples/expected.jsonl", NULL);
    for (int workers = 1; workers <= 4; workers *= 2) {
        result r = run("run --workers %d %s", workers, FEED);
        assert_int_equal(r.status, 0);
        assert_has(r.err, "12 ok");
        if (strcmp(r.out, expected) != 0)
            fail_msg("the default pipeline's output differs from samples/expected.jsonl; if "
                     "the change is meant, regenerate it (see the comment above this test)");
        assert_int_equal(check_output(r.out, FEED), 12);
        assert_has(r.out, "\"layer\":\"sentence\"");
        done(&r);
    }
    free(expected);
}

static void test_output_file_and_stdin(void **state)
{
    (void)state;
    result r = run("run -c %s -o %s %s", tmp("words.conf"), tmp("o.jsonl"), FEED);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out_len, 0);
    done(&r);
    char *written = slurp(tmp("o.jsonl"), NULL);
    r = run("run -c %s - < %s", tmp("words.conf"), FEED);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, written);
    free(written);
    done(&r);
}

static void test_rewritten_text_offsets(void **state)
{
    (void)state;
    const char *feed = "{\"id\":\"r1\",\"text\":\"Shares of AT&amp;T fell; \u2018yuan\u2019 "
                       "trade &amp; tariffs\"}\n";
    write_file(tmp("amp.jsonl"), feed, strlen(feed));
    result r = run("run -c %s %s", tmp("words.conf"), tmp("amp.jsonl"));
    assert_int_equal(r.status, 0);
    assert_int_equal(check_output(r.out, tmp("amp.jsonl")), 1);
    /* matched in the rewritten "AT&T", reported over the original */
    assert_has(r.out, "\"start\":10,\"end\":18,\"text\":\"AT&amp;T\"");
    assert_has(r.out, "\"text\":\"tariffs\"");
    done(&r);
}

static void test_broken_lines_reported_rest_goes_on(void **state)
{
    (void)state;
    const char feed[] =
        "{\"id\":\"ok1\",\"text\":\"Exports rose 6.1 percent.\"}\n"
        "{\"id\":\"bad1\",\"text\":\"unterminated}\n"
        "{\"id\":\"bad2\",\"title\":\"no text here\"}\n"
        "[\"an\",\"array\"]\n"
        "{\"id\":\"bad4\",\"text\":42}\n"
        "\n"
        "{\"id\":\"ok2\",\"text\":\"Imports edged up 0.5 percent.\"}\n"
        "{\"id\":\"fix\",\"text\":\"caf\xC3 au lait \xFF yuan\"}\n"
        "{\"id\":{\"nested\":1},\"text\":\"bad id\"}\n"
        "{\"text\":\"no id: one is made\", \"n\": 7}\n";
    write_file(tmp("broken.jsonl"), feed, sizeof(feed) - 1);
    result r = run("run -c %s --errors %s %s", tmp("words.conf"), tmp("errors.jsonl"),
                   tmp("broken.jsonl"));
    assert_int_equal(r.status, 1);
    assert_has(r.err, "broken.jsonl:2: not valid JSON");
    assert_has(r.err, "broken.jsonl:3: no \"text\" field");
    assert_has(r.err, "broken.jsonl:4: expected a JSON object with a \"text\" field, found an "
                      "array");
    assert_has(r.err, "broken.jsonl:5: \"text\" is a number, not a string");
    assert_has(r.err, "broken.jsonl:9: \"id\" is an object");
    assert_has(r.err, "9 documents");
    assert_has(r.err, "4 ok, 1 repaired, 0 dropped, 5 failed; 1 blank lines skipped");
    assert_int_equal(count_lines(r.out), 4);
    /* the good ones, in order; the repaired one with U+FFFD in its text */
    const char *ok1 = strstr(r.out, "\"ok1\""), *ok2 = strstr(r.out, "\"ok2\"");
    const char *fix = strstr(r.out, "\"fix\"");
    assert_true(ok1 && ok2 && fix && ok1 < ok2 && ok2 < fix);
    assert_has(r.out, "caf\xEF\xBF\xBD au lait \xEF\xBF\xBD yuan");
    assert_has(r.out, "\"utf8_repaired\":2");
    assert_has(r.out, "{\"id\":\"broken.jsonl:10\",\"text\":\"no id: one is made\", \"n\": 7,");
    assert_int_equal(check_output(r.out, NULL), 4);
    char *errors = slurp(tmp("errors.jsonl"), NULL);
    assert_int_equal(count_lines(errors), 5);
    assert_has(errors, "\"line\":2,\"error\":");
    assert_has(errors, "\"input\":\"[\\\"an\\\",\\\"array\\\"]\"");
    free(errors);
    done(&r);
}

static void test_text_files_folders_and_missing(void **state)
{
    (void)state;
    char dir[256], sub[300];
    snprintf(dir, sizeof(dir), "%s/in", tmpdir);
    snprintf(sub, sizeof(sub), "%s/in/more", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(tmp("in/b.txt"), "Tariffs\0on yuan \xE2\x82 goods", 24);
    write_file(tmp("in/a.txt"), "The GAC said trade grew.", 24);
    const char *c1 = "{\"id\":\"c1\",\"text\":\"yuan\"}\n";
    write_file(tmp("in/more/c.jsonl"), c1, strlen(c1));
    write_file(tmp("in/notes.md"), "ignored", 7);
    result r = run("run -c %s %s %s/missing.jsonl", tmp("words.conf"), dir, tmpdir);
    assert_int_equal(r.status, 1);
    assert_has(r.err, "missing.jsonl: cannot open: No such file or directory");
    assert_has(r.err, "4 documents");
    assert_has(r.err, "3 ok, 1 repaired, 0 dropped, 1 failed");
    assert_int_equal(check_output(r.out, NULL), 3);
    const char *a = strstr(r.out, "{\"id\":\"a\",\"source\":");
    const char *b = strstr(r.out, "{\"id\":\"b\",");
    const char *c = strstr(r.out, "{\"id\":\"c1\"");
    assert_true(a && b && c && a < b && b < c);
    assert_has(r.out, "Tariffs\\u0000on yuan \xEF\xBF\xBD goods");
    done(&r);
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    const char feed[] = "\xEF\xBB\xBF{\"id\":\"w1\",\"text\":\"Made on Windows\"}\r\n"
                        "{\"id\":\"w2\",\"text\":\"with CRLF line ends\"}\r\n";
    write_file(tmp("bom.jsonl"), feed, sizeof(feed) - 1);
    result r = run("run -c %s %s", tmp("words.conf"), tmp("bom.jsonl"));
    assert_int_equal(r.status, 0);
    assert_has(r.err, "2 ok");
    assert_int_equal(check_output(r.out, NULL), 2);
    assert_true(strncmp(r.out, "{\"id\":\"w1\"", 10) == 0);
    done(&r);
}

static void test_huge_and_empty_documents(void **state)
{
    (void)state;
    size_t n = 8u << 20;
    char *feed = malloc(n + 64);
    size_t off = (size_t)sprintf(feed, "{\"id\":\"big\",\"text\":\"");
    for (size_t i = 0; i < n; i++)
        feed[off++] = "yuan trade "[i % 11];
    off += (size_t)sprintf(feed + off, "\"}\n{\"id\":\"empty\",\"text\":\"\"}\n");
    write_file(tmp("huge.jsonl"), feed, off);
    free(feed);
    result r = run("run -c %s %s", tmp("words.conf"), tmp("huge.jsonl"));
    assert_int_equal(r.status, 0);
    assert_has(r.err, "2 ok");
    assert_has(r.out, "{\"id\":\"empty\",\"text\":\"\",\"annotations\":[],\"tidings\":{");
    done(&r);
}

static void test_failing_and_dropping_stage(void **state)
{
    (void)state;
    const char feed[] = "{\"id\":\"a\",\"text\":\"ordinary news\"}\n"
                        "{\"id\":\"p\",\"text\":\"a POISON pill\"}\n"
                        "{\"id\":\"d\",\"text\":\"DROPME now\"}\n"
                        "{\"id\":\"b\",\"text\":\"more news\"}\n";
    write_file(tmp("poison.jsonl"), feed, sizeof(feed) - 1);
    result r = run("run -c %s %s", tmp("fail.conf"), tmp("poison.jsonl"));
    assert_int_equal(r.status, 1);
    assert_has(r.err, "poison.jsonl:2: document 'p': testfail: found the marker 'POISON'");
    assert_has(r.err, "2 ok, 0 repaired, 1 dropped, 1 failed");
    assert_int_equal(count_lines(r.out), 2);
    assert_has(r.out, "\"layer\":\"token\""); /* emit = token */
    done(&r);
}

static void test_plugins_and_check(void **state)
{
    (void)state;
    result r = run("plugins");
    assert_int_equal(r.status, 1); /* the broken test plugins are on the path */
    assert_has(r.out, "example 1.1");
    assert_has(r.out, "words (list, default tariff tariffs)");
    assert_has(r.out, "testcount 0");
    assert_has(r.out, "requires  token");
    assert_has(r.out, "! ");
    assert_has(r.out, "ABI version 99");
    done(&r);

    r = run("check %s", tmp("words.conf"));
    assert_int_equal(r.status, 0);
    assert_has(r.out, "words.conf: ok");
    assert_has(r.out, "stages: testrewrite example testtok testcount");
    done(&r);

    write_file(tmp("bad.conf"), "[pipeline]\nstages = testcount\n[stage.testcount]\nmin = 1\n",
               55);
    r = run("check %s", tmp("bad.conf"));
    assert_int_equal(r.status, 2);
    assert_has(r.err, "bad.conf:4: [stage.testcount] min: unknown option 'min'");
    assert_has(r.err, "bad.conf:2: [pipeline] stages: stage 'testcount' requires layer 'token'");
    done(&r);

    r = run("run -c %s %s", tmp("bad.conf"), FEED);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    done(&r);
}

/* One plugin as two stages, each with its own words. */
static void test_one_plugin_two_stages(void **state)
{
    (void)state;
    const char conf[] = "[pipeline]\nstages = example tariffs\nemit = keyword\n"
                        "[stage.example]\nwords = yuan\n"
                        "[stage.tariffs]\nplugin = example\nwords = tariff tariffs\n"
                        "case_sensitive = true\n";
    write_file(tmp("two.conf"), conf, sizeof(conf) - 1);
    const char feed[] = "{\"id\":\"t\",\"text\":\"Tariffs on yuan goods: a tariff.\"}\n";
    write_file(tmp("two.jsonl"), feed, sizeof(feed) - 1);
    result r = run("run -c %s %s", tmp("two.conf"), tmp("two.jsonl"));
    assert_int_equal(r.status, 0);
    /* case_sensitive only for the second stage: "Tariffs" is not its word */
    assert_has(r.out, "\"text\":\"yuan\",\"attrs\":{\"canonical\":\"yuan\","
                      "\"rule\":\"example:words\"}");
    assert_has(r.out, "\"text\":\"tariff\",\"attrs\":{\"canonical\":\"tariff\","
                      "\"rule\":\"tariffs:words\"}");
    assert_true(strstr(r.out, "\"text\":\"Tariffs\"") == NULL);
    done(&r);

    r = run("check %s", tmp("two.conf"));
    assert_int_equal(r.status, 0);
    assert_has(r.out, "stages: example tariffs (example)");
    done(&r);

    r = run("plugins -c %s", tmp("two.conf"));
    assert_int_equal(r.status, 0);
    assert_has(r.out, "example: plugin example 1.1");
    assert_has(r.out, "tariffs: plugin example 1.1");
    assert_has(r.out, "words=tariff tariffs lists= case_sensitive=true");
    done(&r);

    /* mistakes: an unknown plugin, an option of the plugin checked per stage */
    const char bad[] = "[pipeline]\nstages = example tariffs\n"
                       "[stage.tariffs]\nplugin = exampel\n"
                       "[stage.other]\nplugin = example\n";
    write_file(tmp("two-bad.conf"), bad, sizeof(bad) - 1);
    r = run("check %s", tmp("two-bad.conf"));
    assert_int_equal(r.status, 2);
    assert_has(r.err, "two-bad.conf:4: [stage.tariffs] plugin: no plugin 'exampel' on the "
                      "plugin path");
    assert_has(r.err, "two-bad.conf:5: [stage.other] configures a stage that [pipeline] "
                      "stages does not list");
    done(&r);
    const char typed[] = "[pipeline]\nstages = example tariffs\n"
                         "[stage.tariffs]\nplugin = example\ncase_sensitive = maybe\n";
    write_file(tmp("two-typed.conf"), typed, sizeof(typed) - 1);
    r = run("check %s", tmp("two-typed.conf"));
    assert_int_equal(r.status, 2);
    assert_has(r.err, "two-typed.conf:5: [stage.tariffs] case_sensitive: option "
                      "'case_sensitive' of tariffs (plugin example) must be bool");
    done(&r);
}

/* Where a plugin's data files are found, and what a miss says. */
static void test_data_files(void **state)
{
    (void)state;
    const char feed[] = "{\"id\":\"d\",\"text\":\"The WTO and the wto on a Tariff.\"}\n";
    write_file(tmp("data.jsonl"), feed, sizeof(feed) - 1);

    /* a name: the plugin's own data/ in the source tree, with its #@case lines */
    const char own[] = "[pipeline]\nstages = example\n[stage.example]\nwords = \n"
                       "lists = trade.tsv\n";
    write_file(tmp("own.conf"), own, sizeof(own) - 1);
    result r = run("run -c %s %s", tmp("own.conf"), tmp("data.jsonl"));
    assert_int_equal(r.status, 0);
    assert_has(r.out, "\"text\":\"WTO\",\"attrs\":{\"canonical\":\"World Trade Organization\"");
    assert_has(r.out, "\"text\":\"Tariff\",\"attrs\":{\"canonical\":\"tariff\"");
    assert_true(strstr(r.out, "\"text\":\"wto\"") == NULL);
    done(&r);

    /* a repeat is a warning of check and run, not a failure */
    const char twice[] = "[pipeline]\nstages = example\n[stage.example]\nwords = tariff\n"
                         "lists = trade.tsv\n";
    write_file(tmp("twice.conf"), twice, sizeof(twice) - 1);
    r = run("check %s", tmp("twice.conf"));
    assert_int_equal(r.status, 0);
    assert_has(r.err, "twice.conf:3: [stage.example] warning: " TD_TEST_SRCDIR
                      "/plugins/example/data/trade.tsv:4: 'tariff' repeats td_matcher_add "
                      "exactly (same case mode and payload); skipped\n");
    done(&r);

    /* a relative path: from the config file's folder, not the working one */
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/conf/lists %s/plug/example/data", tmpdir, tmpdir);
    assert_int_equal(system(cmd), 0);
    const char mine[] = "wto\tWorld Trade Organization\n";
    write_file(tmp("conf/lists/mine.tsv"), mine, sizeof(mine) - 1);
    const char rel[] = "[pipeline]\nstages = example\n[stage.example]\nwords = \n"
                       "lists = lists/mine.tsv\n";
    write_file(tmp("conf/rel.conf"), rel, sizeof(rel) - 1);
    r = run("run -c %s %s", tmp("conf/rel.conf"), tmp("data.jsonl"));
    assert_int_equal(r.status, 0);
    assert_has(r.out, "\"text\":\"wto\",\"attrs\":{\"canonical\":\"World Trade Organization\"");
    done(&r);

    /* an out-of-tree plugin: its data beside its .so, in DIR/<plugin>/data/ */
    snprintf(cmd, sizeof(cmd), "cp %s/plugins/example/.libs/example.so %s/plug/", TD_TEST_BUILDDIR,
             tmpdir);
    assert_int_equal(system(cmd), 0);
    const char theirs[] = "customs\tcustoms\n";
    write_file(tmp("plug/example/data/theirs.tsv"), theirs, sizeof(theirs) - 1);
    const char beside[] = "[pipeline]\nstages = example\n[stage.example]\nwords = \n"
                          "lists = theirs.tsv\n";
    write_file(tmp("beside.conf"), beside, sizeof(beside) - 1);
    r = run("check --plugin-path %s/plug %s", tmpdir, tmp("beside.conf"));
    assert_int_equal(r.status, 0);
    done(&r);

    /* bug: a miss named TIDINGS_DATA_PATH and "$(pkgdatadir)/<name>" whatever
     * was looked at; now the real folders, or the path itself */
    const char missing[] = "[pipeline]\nstages = segment\n[stage.segment]\n"
                           "abbreviations = /nonexistent/abbr.tsv\n";
    write_file(tmp("missing.conf"), missing, sizeof(missing) - 1);
    r = run("check %s", tmp("missing.conf"));
    assert_int_equal(r.status, 2);
    assert_has(r.err, "data file '/nonexistent/abbr.tsv' not found: no file "
                      "/nonexistent/abbr.tsv");
    assert_true(strstr(r.err, "TIDINGS_DATA_PATH") == NULL);
    assert_true(strstr(r.err, "pkgdatadir") == NULL);
    done(&r);
    const char named[] = "[pipeline]\nstages = segment\n[stage.segment]\n"
                         "abbreviations = abbr.tsv\n";
    write_file(tmp("named.conf"), named, sizeof(named) - 1);
    r = run("check %s", tmp("named.conf"));
    assert_int_equal(r.status, 2);
    assert_has(r.err, "data file 'abbr.tsv' not found; looked in " TD_TEST_SRCDIR
                      "/plugins/segment/data");
    assert_true(strstr(r.err, "<name>") == NULL);
    done(&r);
    const char nowhere[] = "[pipeline]\nstages = example\n[stage.example]\nlists = nowhere.tsv\n";
    write_file(tmp("nowhere.conf"), nowhere, sizeof(nowhere) - 1);
    r = run("check --plugin-path %s/plug %s", tmpdir, tmp("nowhere.conf"));
    assert_int_equal(r.status, 2);
    snprintf(cmd, sizeof(cmd), "looked in %s/plug/example/data, %s/plug/data, %s/plugins/example/data",
             tmpdir, tmpdir, TD_TEST_SRCDIR);
    assert_has(r.err, cmd);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usage),
        cmocka_unit_test(test_feed_same_output_with_many_workers),
        cmocka_unit_test(test_default_pipeline_expected_output),
        cmocka_unit_test(test_output_file_and_stdin),
        cmocka_unit_test(test_rewritten_text_offsets),
        cmocka_unit_test(test_broken_lines_reported_rest_goes_on),
        cmocka_unit_test(test_text_files_folders_and_missing),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_huge_and_empty_documents),
        cmocka_unit_test(test_failing_and_dropping_stage),
        cmocka_unit_test(test_plugins_and_check),
        cmocka_unit_test(test_one_plugin_two_stages),
        cmocka_unit_test(test_data_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
