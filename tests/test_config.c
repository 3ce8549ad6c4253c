/* Pipeline configs: a good one, and each kind of mistake named with its
 * file, line, section, key and fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline_conf.h"

typedef struct fixture {
    char dir[64];
    char path[128];
    td_paths paths;
    td_pipeline_conf conf;
    char err[8192];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    strcpy(f->dir, "/tmp/tidings-config-XXXXXX");
    if (!f || !mkdtemp(f->dir) || td_paths_init(&f->paths, NULL) != 0)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/trade.conf", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    td_paths_free(&f->paths);
    free(f);
    return 0;
}

/* Write the config and load it; returns what td_pipeline_conf_load did. */
static int load(fixture *f, const char *text)
{
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    int rc = td_pipeline_conf_load(&f->conf, f->path, &f->paths, true, f->err, sizeof(f->err));
    if (rc == 0)
        td_pipeline_conf_free(&f->conf);
    return rc;
}

static void assert_err_has(fixture *f, const char *part)
{
    if (!strstr(f->err, part))
        fail_msg("error message lacks \"%s\":\n%s", part, f->err);
}

static void test_good_config(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(f->path, "w");
    fputs("# a test pipeline\n"
          "[pipeline]\n"
          "stages = testtok testcount   ; tokens, then a count\n"
          "workers = 3\n"
          "queue = memory\n"
          "emit = token count\n"
          "\n"
          "[stage.testcount]\n"
          "min_length = 2\n"
          "ratio = 0.25\n"
          "\n"
          "[queue.redis]\n"
          "url = redis://127.0.0.1:6390/1\n",
          fp);
    fclose(fp);
    assert_int_equal(td_pipeline_conf_load(&f->conf, f->path, &f->paths, true, f->err,
                                           sizeof(f->err)),
                     0);
    assert_int_equal(f->conf.chain.n, 2);
    assert_string_equal(f->conf.chain.stages[0]->name, "testtok");
    assert_string_equal(f->conf.name, "trade");
    assert_int_equal(f->conf.workers, 3);
    assert_string_equal(f->conf.queue, "memory");
    assert_true(td_pipeline_conf_emits(&f->conf, "token"));
    assert_false(td_pipeline_conf_emits(&f->conf, "sentence"));
    assert_string_equal(td_config_str(f->conf.redis, "url"), "redis://127.0.0.1:6390/1");
    assert_int_equal(td_config_int(f->conf.redis, "batch"), 64);
    td_pipeline_conf_free(&f->conf);
}

static void test_defaults(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(f->path, "w");
    fputs("[pipeline]\nstages = testtok\n", fp);
    fclose(fp);
    assert_int_equal(td_pipeline_conf_load(&f->conf, f->path, &f->paths, true, f->err,
                                           sizeof(f->err)),
                     0);
    assert_int_equal(f->conf.workers, 0); /* auto */
    assert_int_equal(f->conf.queue_size, 256);
    assert_false(td_pipeline_conf_emits(&f->conf, "token"));
    assert_true(td_pipeline_conf_emits(&f->conf, "entity"));
    td_pipeline_conf_free(&f->conf);
}

static void test_unknown_key(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testcount\n\n"
                             "[stage.testcount]\nmin_lenght = 2\n"),
                     -1);
    assert_err_has(f, "trade.conf:5: [stage.testcount] min_lenght: unknown option "
                      "'min_lenght'");
    assert_err_has(f, "valid options: min_length ratio label");
}

static void test_wrong_type(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testcount\n"
                             "[stage.testcount]\nmin_length = 2\nratio = half\n"),
                     -1);
    assert_err_has(f, "trade.conf:5: [stage.testcount] ratio:");
    assert_err_has(f, "'half' is not a number such as 0.5");
}

static void test_missing_plugin(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok entitees\n"), -1);
    assert_err_has(f, "trade.conf:2: [pipeline] stages: no plugin 'entitees' on the plugin "
                      "path");
    assert_err_has(f, "tidings plugins");
}

static void test_layer_not_provided(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testcount testtok\n"), -1);
    assert_err_has(f, "trade.conf:2: [pipeline] stages: stage 'testcount' requires layer "
                      "'token', which no stage before it provides");
    assert_err_has(f, "fix: move 'testtok' before 'testcount'");

    /* any plugin that provides tokens will do (testtok, segment, ...) */
    assert_int_equal(load(f, "[pipeline]\nstages = testcount\n"), -1);
    assert_err_has(f, "fix: add '");
    assert_err_has(f, "' before 'testcount'");
}

static void assert_err_lacks(fixture *f, const char *part)
{
    if (strstr(f->err, part))
        fail_msg("error message has \"%s\", which it should not:\n%s", part, f->err);
}

/* Bug: the missing-layer hint was added to every failure of the chain
 * check, so a stage listed twice was told to add the tokeniser. */
static void test_twice_gets_no_layer_hint(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testcount testcount\n"), -1);
    assert_err_has(f, "trade.conf:2: [pipeline] stages: stage 'testcount' appears twice; fix: "
                      "remove one, or make a second stage of plugin 'testcount' with a "
                      "[stage.NAME] section that says plugin = testcount");
    assert_err_lacks(f, "before");
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testrewrite\n"), -1);
    assert_err_lacks(f, "fix: add");
    assert_err_lacks(f, "fix: move");
}

/* Bug: with tokens = false segment adds no tokens, yet the check let a
 * stage that needs them through, to find nothing at run time. */
static void test_provides_follows_options(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = segment testcount\n"
                             "[stage.segment]\ntokens = false\n"),
                     -1);
    assert_err_has(f, "trade.conf:2: [pipeline] stages: stage 'testcount' requires layer "
                      "'token', which no stage before it provides ('segment' does, but not "
                      "with the options it has here)");
    assert_err_lacks(f, "fix: add");
    assert_int_equal(load(f, "[pipeline]\nstages = segment testcount\n"
                             "[stage.segment]\ntokens = true\n"),
                     0);
    /* sentences still come with tokens = false */
    assert_int_equal(load(f, "[pipeline]\nstages = segment testsent\n"
                             "[stage.segment]\ntokens = false\n"),
                     0);
}

static void test_rewrite_after_annotation(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testrewrite\n"), -1);
    assert_err_has(f, "stage 'testrewrite' rewrites the text, so it must come before "
                      "'testtok'");
    assert_int_equal(load(f, "[pipeline]\nstages = testrewrite testtok\n"), 0);
}

static void test_sections(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "workers = 2\n[pipeline]\nstages = testtok\n"
                             "[stage.example]\nwords = yuan\n[queue.kafka]\nhost = x\n"),
                     -1);
    assert_err_has(f, "'workers' sits before any section");
    assert_err_has(f, "trade.conf:4: [stage.example] configures a stage that [pipeline] "
                      "stages does not list");
    assert_err_has(f, "trade.conf:6: unknown section [queue.kafka]");
}

static void test_pipeline_keys(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok\nqueue = kafka\nworkers = many\n"
                             "queue_size = 0\nthreads = 4\n"),
                     -1);
    assert_err_has(f, "trade.conf:3: [pipeline] queue: 'kafka' is not a queue; fix: memory "
                      "or redis");
    assert_err_has(f, "trade.conf:4: [pipeline] workers: 'many'");
    assert_err_has(f, "trade.conf:5: [pipeline] queue_size: 0 is out of range");
    assert_err_has(f, "trade.conf:6: [pipeline] threads: unknown option 'threads'");
    assert_int_equal(load(f, "[pipeline]\n"), -1);
    assert_err_has(f, "stages: no stages");
    assert_int_equal(load(f, "[queue.redis]\nbatch = 10\n"), -1);
    assert_err_has(f, "no [pipeline] section");
    assert_int_equal(load(f, "[pipeline]\nstages = testtok\n[queue.redis]\nbatch = lots\n"),
                     -1);
    assert_err_has(f, "trade.conf:4: [queue.redis] batch:");
    assert_int_equal(load(f, "[pipeline]\nstages = testtok\n[queue.redis]\nbatch = 0\n"), -1);
    assert_err_has(f, "trade.conf:3: [queue.redis] batch: 0 is out of range; fix: 1 to 100000");
    assert_int_equal(load(f, "[pipeline]\nstages = testtok\nqueue = redis\n"
                             "[queue.redis]\nurl = http://example.com/\n"),
                     -1);
    assert_err_has(f, "trade.conf:4: [queue.redis] ");
}

static void test_splits(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testcount\nsplit = testcount\n"),
                     0);
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testcount\nsplit = testtok\n"), -1);
    assert_err_has(f, "'testtok' is the first stage");
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testcount\nsplit = other\n"), -1);
    assert_err_has(f, "split: 'other' is not one of the stages");
}

static void test_create_failure_and_syntax(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testcount\n"
                             "[stage.testcount]\nmin_length = -3\n"),
                     -1);
    assert_err_has(f, "trade.conf:3: [stage.testcount] stage 'testcount' failed to start: "
                      "min_length must not be negative");
    /* the stages start on threads of their own: every one that fails is
     * reported, in pipeline order, each with its own section's line */
    assert_int_equal(load(f, "[pipeline]\nstages = testtok short long\n"
                             "[stage.short]\nplugin = testcount\nmin_length = -3\n"
                             "[stage.long]\nplugin = testcount\nmin_length = -7\n"),
                     -1);
    const char *first = strstr(f->err, "trade.conf:3: [stage.short] stage 'short' failed");
    const char *second = strstr(f->err, "trade.conf:6: [stage.long] stage 'long' failed");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second);
    assert_int_equal(load(f, "[pipeline]\nstages = testtok\nthis line is wrong\n"), -1);
    assert_err_has(f, "trade.conf:3: not a [section] or key = value line");
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testtok\n"), -1);
    assert_err_has(f, "appears twice");

    int rc = td_pipeline_conf_load(&f->conf, "/nonexistent/news.conf", &f->paths, true, f->err,
                                   sizeof(f->err));
    assert_int_equal(rc, -1);
    assert_err_has(f, "/nonexistent/news.conf: cannot read the pipeline config");
}

static void test_several_problems_at_once(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "[pipeline]\nstages = testtok testcount\n"
                             "[stage.testcount]\nmin_length = x\nbogus = 1\n"),
                     -1);
    assert_err_has(f, "trade.conf:4:");
    assert_err_has(f, "trade.conf:5:");
    assert_non_null(strchr(f->err, '\n'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_good_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_plugin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layer_not_provided, setup, teardown),
        cmocka_unit_test_setup_teardown(test_twice_gets_no_layer_hint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_provides_follows_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewrite_after_annotation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_splits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_failure_and_syntax, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_problems_at_once, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
