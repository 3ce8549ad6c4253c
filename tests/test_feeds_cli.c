/* Feeds through the `tidings` command: RSS in, the progress line, the run
 * record and the pipeline stamp on every line, and a run killed with
 * SIGKILL then resumed, which must give the uninterrupted run's output
 * byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tidings/version.h>

#include "cli_test.h"

#define SAMPLE_RSS TD_TEST_SRCDIR "/samples/feed.rss"
#define NDOCS 600

static json_t *load_json(const char *path)
{
    json_error_t jerr;
    json_t *o = json_load_file(path, 0, &jerr);
    if (!o)
        fail_msg("%s: %s (line %d)", path, jerr.text, jerr.line);
    return o;
}

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/tidings-feedcli-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    /* slow: long enough to be killed in the middle; fast: another hash */
    const char *confs[][2] = {{"slow.conf", "3"}, {"fast.conf", "0"}};
    for (size_t i = 0; i < 2; i++) {
        FILE *f = fopen(tmp(confs[i][0]), "w");
        fprintf(f, "[pipeline]\nstages = testtok testslow testcount\nworkers = 2\n"
                   "[stage.testslow]\nms = %s\n", confs[i][1]);
        fclose(f);
    }
    /* Several hundred documents written here, each its own. */
    FILE *f = fopen(tmp("batch.jsonl"), "w");
    static const char *const goods[] = {"steel", "copper", "soybeans", "container freight",
                                        "crude oil", "rare earths", "wheat"};
    for (int i = 0; i < NDOCS; i++)
        fprintf(f,
                "{\"id\": \"b-%04d\", \"source\": \"Test Wire\", \"text\": \"Prices of %s "
                "rose %d.%d percent in week %d, traders said. Shipments to port %d were "
                "%d,%03d tonnes, against %d,%03d a year earlier.\"}\n",
                i, goods[i % 7], i % 11, i % 10, i % 52 + 1, i % 17, i % 90 + 10, i * 37 % 1000,
                i % 80 + 12, i * 53 % 1000);
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

static void test_rss_sample_through_the_command(void **state)
{
    (void)state;
    result r = run("run %s", SAMPLE_RSS);
    assert_int_equal(r.status, 0);
    assert_has(r.err, "6 documents");
    assert_has(r.err, "6 ok, 0 repaired, 0 dropped, 0 failed");
    /* an item's fields, in order, then what the stages add */
    assert_has(r.out, "{\"id\":\"hl-2026-0114-copper\",\"title\":");
    assert_has(r.out, "\"published\":\"2026-01-14T09:30:00+08:00\",\"source\":\"Harbour Ledger "
                      "Markets\",\"text\":\"");
    assert_has(r.out, "\"layer\":\"sentence\"");
    assert_lacks(r.out, "&amp;");
    assert_lacks(r.out, "<p>");
    done(&r);

    /* a broken feed: the items before, the error with its line, exit 1 */
    const char broken[] = "<rss version=\"2.0\"><channel><title>W</title>\n"
                          "<item><guid>w1</guid><description>Rates held.</description></item>\n"
                          "<item><guid>w2</guid><description>Rates <b>cut</description></item>\n"
                          "</channel></rss>\n";
    FILE *f = fopen(tmp("broken.rss"), "w");
    fputs(broken, f);
    fclose(f);
    r = run("run -c %s %s", tmp("fast.conf"), tmp("broken.rss"));
    assert_int_equal(r.status, 1);
    assert_has(r.out, "{\"id\":\"w1\"");
    assert_lacks(r.out, "w2");
    char want[512];
    snprintf(want, sizeof(want), "tidings: %s:3: not well-formed XML: ", tmp("broken.rss"));
    assert_has(r.err, want);
    assert_has(r.err, "1 documents read before it");
    assert_has(r.err, "1 ok, 0 repaired, 0 dropped, 1 failed");
    done(&r);
}

static void test_progress_and_quiet(void **state)
{
    (void)state;
    /* stderr is a file here: no progress line unless asked */
    result r = run("run -c %s %s", tmp("fast.conf"), tmp("batch.jsonl"));
    assert_int_equal(r.status, 0);
    assert_lacks(r.err, "docs/s");
    assert_has(r.err, "600 documents");
    done(&r);
    r = run("run --progress -c %s %s", tmp("fast.conf"), tmp("batch.jsonl"));
    assert_int_equal(r.status, 0);
    /* the last progress line (a log gets lines, not redraws), then the
     * summary */
    assert_lacks(r.err, "\r");
    assert_has(r.err, "tidings: 600 docs, 0.1 MB, ");
    assert_has(r.err, " docs/s, ");
    assert_has(r.err, " MB/s, 100%, ETA 0:00:00\n");
    assert_has(r.err, "tidings: 600 documents in ");
    done(&r);
    /* from stdin the total is not known: no ETA */
    r = run("run --progress -c %s - < %s", tmp("fast.conf"), tmp("batch.jsonl"));
    assert_int_equal(r.status, 0);
    assert_has(r.err, "tidings: 600 docs, ");
    assert_lacks(r.err, "ETA");
    done(&r);
    r = run("run --quiet -c %s %s", tmp("fast.conf"), tmp("batch.jsonl"));
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    assert_has(r.out, "\"id\": \"b-0599\"");
    done(&r);
    /* errors are still said with --quiet */
    r = run("run --quiet -c %s %s %s", tmp("fast.conf"), tmp("batch.jsonl"), tmp("nope.jsonl"));
    assert_int_equal(r.status, 1);
    assert_has(r.err, "nope.jsonl: cannot open");
    assert_lacks(r.err, "documents in");
    done(&r);
    r = run("run --quiet --progress -c %s %s", tmp("fast.conf"), tmp("batch.jsonl"));
    assert_int_equal(r.status, 2);
    done(&r);
}

static void test_run_record_and_stamp(void **state)
{
    (void)state;
    result r = run("run -c %s -o %s %s %s", tmp("slow.conf"), tmp("rec.jsonl"),
                   tmp("batch.jsonl"), SAMPLE_RSS);
    assert_int_equal(r.status, 0);
    done(&r);
    json_t *rec = load_json(tmp("rec.jsonl.run.json"));
    assert_string_equal(json_string_value(json_object_get(rec, "tidings")), TD_VERSION_STRING);
    assert_true(json_is_true(json_object_get(rec, "complete")));
    json_t *pipe = json_object_get(rec, "pipeline");
    const char *hash = json_string_value(json_object_get(pipe, "hash"));
    const char *stamp = json_string_value(json_object_get(pipe, "stamp"));
    assert_int_equal(strlen(hash), 16);
    assert_int_equal(strlen(stamp), 12);
    assert_memory_equal(hash, stamp, 12);
    json_t *stages = json_object_get(json_object_get(pipe, "resolved"), "stages");
    assert_int_equal(json_array_size(stages), 3);
    json_t *slow = json_array_get(stages, 1);
    assert_string_equal(json_string_value(json_object_get(slow, "plugin")), "testslow");
    assert_non_null(json_string_value(json_object_get(slow, "version")));
    /* every option, the defaults too */
    json_t *opts = json_object_get(slow, "options");
    assert_string_equal(json_string_value(json_object_get(opts, "ms")), "3");
    assert_string_equal(json_string_value(json_object_get(opts, "crash")), "");
    /* the inputs with their sizes and what they were read as */
    json_t *inputs = json_object_get(rec, "inputs");
    assert_int_equal(json_array_size(inputs), 2);
    struct stat st;
    assert_int_equal(stat(tmp("batch.jsonl"), &st), 0);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(inputs, 0), "bytes")),
                     st.st_size);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(inputs, 1), "read_as")), "feed");
    assert_non_null(json_string_value(json_object_get(rec, "started")));
    assert_non_null(json_string_value(json_object_get(rec, "ended")));
    json_t *sum = json_object_get(rec, "summary");
    assert_int_equal(json_integer_value(json_object_get(sum, "documents")), NDOCS + 6);
    assert_int_equal(json_integer_value(json_object_get(sum, "ok")), NDOCS + 6);
    json_t *timing = json_object_get(rec, "stages");
    assert_int_equal(json_array_size(timing), 5); /* (decode), three stages, (encode) */
    json_t *t = json_array_get(timing, 2);
    assert_string_equal(json_string_value(json_object_get(t, "stage")), "testslow");
    assert_int_equal(json_integer_value(json_object_get(t, "docs")), NDOCS + 6);
    /* 606 documents slept 3 ms each: the busy time says so */
    assert_true(json_real_value(json_object_get(t, "busy_s")) > 1.5);
    assert_int_equal(json_integer_value(json_object_get(rec, "exit_status")), 0);

    /* every line carries the stamp */
    char *out = slurp(tmp("rec.jsonl"), NULL);
    char want[64];
    snprintf(want, sizeof(want), "\"pipeline\":\"%s\"}}\n", stamp);
    size_t lines = 0;
    for (const char *p = out; (p = strstr(p, want)) != NULL; p++)
        lines++;
    assert_int_equal(lines, NDOCS + 6);
    free(out);

    /* The hash is of names, versions and values, never of a path: the
     * config copied elsewhere gives the same; another value another. */
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/else && cp %s %s/else/", tmpdir, tmp("slow.conf"),
             tmpdir);
    assert_int_equal(system(cmd), 0);
    r = run("run -c %s --record %s %s", tmp("else/slow.conf"), tmp("else.json"), SAMPLE_RSS);
    assert_int_equal(r.status, 0);
    json_t *other = load_json(tmp("else.json"));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(other, "pipeline"), "hash")), hash);
    assert_true(json_is_null(json_object_get(other, "output")));
    json_decref(other);
    done(&r);
    r = run("run -c %s --record %s %s", tmp("fast.conf"), tmp("fast.json"), SAMPLE_RSS);
    other = load_json(tmp("fast.json"));
    assert_string_not_equal(
        json_string_value(json_object_get(json_object_get(other, "pipeline"), "hash")), hash);
    json_decref(other);
    done(&r);
    json_decref(rec);

    /* -o /dev/null (as the benchmarks write): no record beside a device */
    r = run("run -c %s -o /dev/null %s", tmp("fast.conf"), SAMPLE_RSS);
    assert_int_equal(r.status, 0);
    struct stat dev;
    assert_int_not_equal(stat("/dev/null.run.json", &dev), 0);
    done(&r);
}

/* Start `tidings ARGS` in the background; its pid. */
static pid_t start(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "exec %s %s 2>%s/bg.err", TIDINGS, args, tmpdir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static off_t size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : 0;
}

static void test_killed_run_resumed(void **state)
{
    (void)state;
    result r = run("run -c %s -o %s %s", tmp("slow.conf"), tmp("full.jsonl"), tmp("batch.jsonl"));
    assert_int_equal(r.status, 0);
    done(&r);
    size_t full_len;
    char *full = slurp(tmp("full.jsonl"), &full_len);

    /* The same run, killed with SIGKILL a third of the way. */
    char args[1024];
    snprintf(args, sizeof(args), "run -c %s -o %s %s", tmp("slow.conf"), tmp("part.jsonl"),
             tmp("batch.jsonl"));
    pid_t pid = start(args);
    struct timespec pause = {0, 2000000};
    for (int i = 0; i < 10000 && size_of(tmp("part.jsonl")) < (off_t)full_len / 3; i++)
        nanosleep(&pause, NULL);
    assert_int_equal(kill(pid, SIGKILL), 0);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    off_t killed_at = size_of(tmp("part.jsonl"));
    print_message("  killed with %lld of %zu bytes written\n", (long long)killed_at, full_len);
    assert_true(killed_at > 0 && killed_at < (off_t)full_len);
    /* the record a killed run leaves: its pipeline, not complete */
    json_t *rec = load_json(tmp("part.jsonl.run.json"));
    assert_true(json_is_false(json_object_get(rec, "complete")));
    json_decref(rec);

    size_t killed_len;
    char *killed = slurp(tmp("part.jsonl"), &killed_len);
    bool partial = killed_len && killed[killed_len - 1] != '\n';
    free(killed);

    /* Another pipeline may not resume it... */
    r = run("run --resume -c %s -o %s %s", tmp("fast.conf"), tmp("part.jsonl"),
            tmp("batch.jsonl"));
    assert_int_equal(r.status, 2);
    assert_has(r.err, "was made by another pipeline");
    done(&r);
    assert_int_equal(size_of(tmp("part.jsonl")), killed_at);

    /* ...the same one does: what is left, appended in input order. */
    r = run("run --resume -c %s -o %s %s", tmp("slow.conf"), tmp("part.jsonl"),
            tmp("batch.jsonl"));
    assert_int_equal(r.status, 0);
    assert_has(r.err, "tidings: resuming ");
    if (partial) /* almost always: stdio writes in 4 KB blocks */
        assert_has(r.err, "a partial last line of ");
    assert_has(r.err, " already in the output, skipped (resume)");
    done(&r);
    size_t part_len;
    char *part = slurp(tmp("part.jsonl"), &part_len);
    assert_int_equal(part_len, full_len);
    assert_memory_equal(part, full, full_len);
    free(part);
    rec = load_json(tmp("part.jsonl.run.json"));
    json_t *resume = json_object_get(rec, "resume");
    json_int_t kept = json_integer_value(json_object_get(resume, "kept_lines"));
    json_int_t skipped =
        json_integer_value(json_object_get(json_object_get(rec, "summary"), "resumed_skipped"));
    json_int_t ok = json_integer_value(json_object_get(json_object_get(rec, "summary"), "ok"));
    print_message("  resumed: %lld lines kept, %lld skipped, %lld run again\n", (long long)kept,
                  (long long)skipped, (long long)ok);
    assert_true(kept > 0 && kept < NDOCS);
    assert_int_equal(skipped, kept);
    assert_int_equal(ok, NDOCS - kept);
    json_decref(rec);

    /* Resuming a finished output does nothing; --force lets another
     * pipeline append; --resume wants -o. */
    r = run("run --resume -c %s -o %s %s", tmp("slow.conf"), tmp("part.jsonl"),
            tmp("batch.jsonl"));
    assert_int_equal(r.status, 0);
    assert_has(r.err, "0 ok, 0 repaired, 0 dropped, 0 failed; 600 already in the output");
    done(&r);
    assert_int_equal(size_of(tmp("part.jsonl")), (off_t)full_len);
    r = run("run --resume --force -c %s -o %s %s", tmp("fast.conf"), tmp("part.jsonl"),
            tmp("batch.jsonl"));
    assert_int_equal(r.status, 0);
    done(&r);
    r = run("run --resume -c %s %s", tmp("slow.conf"), tmp("batch.jsonl"));
    assert_int_equal(r.status, 2);
    assert_has(r.err, "--resume needs -o");
    done(&r);
    free(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss_sample_through_the_command),
        cmocka_unit_test(test_progress_and_quiet),
        cmocka_unit_test(test_run_record_and_stamp),
        cmocka_unit_test(test_killed_run_resumed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
