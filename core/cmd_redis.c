/*
 * The Redis commands: submit, worker, collect, status (docs/DISTRIBUTED.md).
 *
 * Signals: worker and collect block SIGINT and SIGTERM in every thread and
 * look for them with sigtimedwait / sigpending, so no handler and no global
 * flag is needed; a first signal finishes the batches in hand, a second
 * stops waiting for Redis. SIGPIPE is blocked too: a write to a connection
 * Redis closed fails with EPIPE, and the connection is made again.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codec.h"
#include "input.h"
#include "paths.h"
#include "pipeline_conf.h"
#include "redis.h"
#include "redis_collect.h"
#include "redis_conn.h"
#include "redis_stream.h"
#include "redis_submit.h"
#include "redis_worker.h"
#include "stage.h"

typedef struct rsetup {
    td_paths paths;
    td_pipeline_conf conf;
    td_redis_cfg cfg;
    td_rkeys keys;
    td_rconn conn;
    bool paths_ok, conf_ok, cfg_ok, keys_ok;
} rsetup;

static void rsetup_close(rsetup *s)
{
    td_rconn_close(&s->conn);
    if (s->keys_ok)
        td_rkeys_free(&s->keys);
    if (s->cfg_ok)
        td_redis_cfg_free(&s->cfg);
    if (s->conf_ok)
        td_pipeline_conf_free(&s->conf);
    if (s->paths_ok)
        td_paths_free(&s->paths);
}

/* Config, keys, a connection and (with `setup`) the streams with their
 * groups: 0, or the exit status after saying what is wrong. */
static int rsetup_open(rsetup *s, const char *who, const char *config, const char *plugin_path,
                       bool create, bool setup, const atomic_int *abort)
{
    memset(s, 0, sizeof(*s));
    char pathbuf[4096], err[8192];
    if (td_paths_init(&s->paths, plugin_path) != 0) {
        fprintf(stderr, "%s: out of memory\n", who);
        return TD_EXIT_USAGE;
    }
    s->paths_ok = true;
    const char *cfg = td_cli_config_path(config, td_paths_pipelines_dir(&s->paths), pathbuf,
                                         sizeof(pathbuf));
    if (td_pipeline_conf_load(&s->conf, cfg, &s->paths, create, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        return TD_EXIT_USAGE;
    }
    s->conf_ok = true;
    td_pipeline_conf_print_warnings(&s->conf);
    if (td_redis_cfg_load(&s->cfg, s->conf.redis, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", cfg, err);
        return TD_EXIT_USAGE;
    }
    s->cfg_ok = true;
    if (td_rkeys_init(&s->keys, &s->cfg, &s->conf, NULL, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", cfg, err);
        return TD_EXIT_USAGE;
    }
    s->keys_ok = true;
    td_rconn_init(&s->conn, &s->cfg, stderr, who, abort);
    if (td_rconn_connect(&s->conn) != 0) {
        fprintf(stderr, "%s: %s\n", who, s->conn.err);
        return TD_EXIT_USAGE;
    }
    if (setup && td_rstreams_setup(&s->conn, &s->keys, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", who, err);
        return TD_EXIT_USAGE;
    }
    return 0;
}

static void block_signals(bool stop_signals, sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGPIPE);
    if (stop_signals) {
        sigaddset(set, SIGINT);
        sigaddset(set, SIGTERM);
    }
    pthread_sigmask(SIG_BLOCK, set, NULL);
}

static int parse_count(const char *who, const char *opt, const char *arg, long long lo,
                       long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (errno || *end || end == arg || v < lo || v > hi) {
        fprintf(stderr, "%s: %s wants %lld to %lld, not '%s'\n", who, opt, lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* ---- submit ----------------------------------------------------------------- */

static void submit_usage(FILE *f)
{
    fprintf(f,
            "usage: tidings submit -c CONFIG [--plugin-path DIRS] INPUT...\n\n"
            "Feeds the documents of every INPUT (JSON Lines, .txt files, folders, - for\n"
            "stdin) into the pipeline's input stream in Redis, for `tidings worker` to\n"
            "process. Prints how many were submitted. Lines that are not a JSON object\n"
            "with a \"text\" string are reported as FILE:LINE and not submitted.\n\n"
            "Exit status: 0 all submitted, 1 some lines were bad, 2 config or Redis error.\n");
}

int td_cmd_submit(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"plugin-path", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *plugin_path = NULL, *who = "tidings submit";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'p': plugin_path = optarg; break;
        case 'h': submit_usage(stdout); return TD_EXIT_OK;
        default: submit_usage(stderr); return TD_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "%s: no input; give files, folders, or - for stdin\n\n", who);
        submit_usage(stderr);
        return TD_EXIT_USAGE;
    }
    sigset_t set;
    block_signals(false, &set);
    rsetup s;
    int status = rsetup_open(&s, who, config, plugin_path, false, true, NULL);
    td_input *in = NULL;
    if (status != 0)
        goto out;
    in = td_input_open((const char *const *)argv + optind, (size_t)(argc - optind));
    if (!in) {
        fprintf(stderr, "%s: out of memory\n", who);
        status = TD_EXIT_USAGE;
        goto out;
    }
    td_rsubmit sub;
    td_rsubmit_init(&sub, &s.conn, &s.keys, true, NULL);
    uint64_t bad = 0, t0 = td_now_ns();
    td_record *rec;
    int got, rc = 0;
    while (rc == 0 && (got = td_input_next(in, &rec)) > 0) {
        /* Checked here, so a bad line is reported where it was read; the
         * input goes as it came (the worker repairs and counts again). */
        char *raw = rec->status != TD_RECORD_FAILED ? malloc(rec->raw_len + 1) : NULL;
        size_t raw_len = rec->raw_len;
        if (raw) {
            memcpy(raw, rec->raw, raw_len);
            raw[raw_len] = '\0';
            td_decode_record(rec);
        } else if (rec->status != TD_RECORD_FAILED) {
            td_record_fail(rec, "out of memory");
        }
        if (rec->status == TD_RECORD_FAILED) {
            fprintf(stderr, "tidings: %s\n", rec->error ? rec->error : "cannot read");
            td_record_free(rec);
            free(raw);
            bad++;
            continue;
        }
        td_doc_free(rec->doc);
        rec->doc = NULL;
        free(rec->raw);
        rec->raw = raw;
        rec->raw_len = raw_len;
        rc = td_rsubmit_add(&sub, rec);
    }
    if (rc == 0 && got < 0) {
        fprintf(stderr, "%s: out of memory reading the input\n", who);
        rc = -1;
    } else if (rc == 0) {
        rc = td_rsubmit_finish(&sub);
    }
    if (rc != 0 && s.conn.err[0])
        fprintf(stderr, "%s: %s\n", who, s.conn.err);
    printf("%llu\n", (unsigned long long)sub.sent);
    fprintf(stderr, "%s: %llu documents into %s in %.2f s", who, (unsigned long long)sub.sent,
            s.keys.in, (double)(td_now_ns() - t0) / 1e9);
    if (bad)
        fprintf(stderr, "; %llu bad inputs not submitted", (unsigned long long)bad);
    fputc('\n', stderr);
    td_rsubmit_free(&sub);
    status = rc != 0 ? TD_EXIT_USAGE : bad ? TD_EXIT_FAILED_DOCS : TD_EXIT_OK;
out:
    td_input_close(in);
    rsetup_close(&s);
    return status;
}

/* ---- worker ----------------------------------------------------------------- */

static void worker_usage(FILE *f)
{
    fprintf(f,
            "usage: tidings worker -c CONFIG [--from STAGE] [--workers N] [--plugin-path DIRS]\n\n"
            "Runs the stages of a Redis pipeline that start at STAGE (the first stage, or\n"
            "one named in [pipeline] split; default the first) up to the next split,\n"
            "reading documents from the stream before STAGE and writing them to the next\n"
            "stream, the output stream, or the dead-letter stream. Runs until SIGINT or\n"
            "SIGTERM, then finishes and acknowledges the batches it holds and exits 0\n"
            "(a second signal stops waiting for Redis).\n\n"
            "  -f, --from STAGE      where the chain starts (--stage STAGE says the same)\n"
            "  -w, --workers N       threads, each with its own connection (default: the\n"
            "                        config's workers, or one per core)\n\n"
            "Exit status: 0 stopped by a signal, 2 config error or Redis lost for good.\n");
}

typedef struct wthread {
    td_rworker_shared *sh;
    unsigned index;
    atomic_int *alive;
    int rc;
} wthread;

static void *wthread_main(void *p)
{
    wthread *t = p;
    t->rc = td_rworker_main(t->sh, t->index);
    atomic_fetch_sub(t->alive, 1);
    return NULL;
}

static int run_workers(rsetup *s, const td_rseg *seg, unsigned n, const sigset_t *set,
                       atomic_int *abort)
{
    atomic_int stop = 0, alive = (int)n;
    char node[160];
    td_redis_node_name(node, sizeof(node));
    td_rworker_shared sh = {.conf = &s->conf, .cfg = &s->cfg, .keys = &s->keys, .seg = seg,
                            .log = stderr, .who = "tidings worker", .node = node,
                            .block_ms = s->cfg.block_ms, .stop = &stop, .abort = abort};
    wthread *t = calloc(n, sizeof(*t));
    pthread_t *tid = calloc(n, sizeof(*tid));
    unsigned started = 0;
    for (; t && tid && started < n; started++) {
        t[started] = (wthread){&sh, started, &alive, 0};
        if (pthread_create(&tid[started], NULL, wthread_main, &t[started]) != 0)
            break;
    }
    if (started < n) {
        fprintf(stderr, "tidings worker: cannot start %u threads\n", n);
        atomic_store(&stop, 1);
        atomic_fetch_sub(&alive, (int)(n - started));
    }
    fprintf(stderr, "tidings worker: '%s' from %s to %s, %u thread%s as %s:N\n", seg->names,
            seg->src, seg->last ? s->keys.out : seg->dst, started, started == 1 ? "" : "s", node);
    struct timespec tick = {0, 200 * 1000000L};
    while (atomic_load(&alive) > 0) {
        int sig = sigtimedwait(set, NULL, &tick);
        if (sig != SIGINT && sig != SIGTERM)
            continue;
        if (!atomic_load(&stop)) {
            atomic_store(&stop, 1);
            fprintf(stderr, "tidings worker: finishing the batches in hand\n");
        } else {
            atomic_store(sh.abort, 1);
        }
    }
    int rc = 0;
    for (unsigned i = 0; i < started; i++) {
        pthread_join(tid[i], NULL);
        rc |= t[i].rc;
    }
    fprintf(stderr, "tidings worker: %llu documents, %llu dead letters, %llu entries taken "
            "over, %llu batches sent again\n", (unsigned long long)atomic_load(&sh.docs),
            (unsigned long long)atomic_load(&sh.dead),
            (unsigned long long)atomic_load(&sh.reclaimed),
            (unsigned long long)atomic_load(&sh.retried));
    free(t);
    free(tid);
    return rc != 0 || started < n ? TD_EXIT_USAGE : TD_EXIT_OK;
}

int td_cmd_worker(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},  {"from", required_argument, NULL, 'f'},
        {"stage", required_argument, NULL, 'f'},   {"workers", required_argument, NULL, 'w'},
        {"plugin-path", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *plugin_path = NULL, *from = NULL, *who = "tidings worker";
    long long workers = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:f:w:p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'f': from = optarg; break;
        case 'p': plugin_path = optarg; break;
        case 'w':
            if (parse_count(who, "--workers", optarg, 1, 1024, &workers) != 0)
                return TD_EXIT_USAGE;
            break;
        case 'h': worker_usage(stdout); return TD_EXIT_OK;
        default: worker_usage(stderr); return TD_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\n\n", who, argv[optind]);
        worker_usage(stderr);
        return TD_EXIT_USAGE;
    }
    sigset_t set;
    block_signals(true, &set);
    atomic_int abort = 0;
    rsetup s;
    td_rseg *segs = NULL;
    int status = rsetup_open(&s, who, config, plugin_path, true, true, &abort);
    if (status != 0)
        goto out;
    long idx = td_rkeys_segment_named(&s.keys, &s.conf, from);
    segs = calloc(s.keys.nat + 1, sizeof(*segs));
    if (!segs) {
        fprintf(stderr, "%s: out of memory\n", who);
        status = TD_EXIT_USAGE;
        goto out;
    }
    td_rkeys_segments(&s.keys, &s.conf, segs);
    if (idx < 0) {
        fprintf(stderr, "%s: '%s' has no stream before it; a worker starts at '%s'", who, from,
                s.conf.chain.stages[0]->name);
        for (size_t i = 1; i <= s.keys.nat; i++)
            fprintf(stderr, " or '%s'", s.conf.chain.stages[segs[i].from]->name);
        fprintf(stderr, " (fix: add it to [pipeline] split)\n");
        status = TD_EXIT_USAGE;
        goto out;
    }
    td_rconn_close(&s.conn); /* each thread connects on its own */
    unsigned n = workers ? (unsigned)workers
                 : s.conf.workers ? s.conf.workers
                                  : td_default_workers();
    status = run_workers(&s, &segs[idx], n, &set, &abort);
out:
    free(segs);
    rsetup_close(&s);
    return status;
}

/* ---- collect ---------------------------------------------------------------- */

static void collect_usage(FILE *f)
{
    fprintf(f,
            "usage: tidings collect -c CONFIG [-o OUT] [--count N | --until-idle SECONDS]\n"
            "                       [--errors FILE] [--name NAME] [--plugin-path DIRS]\n\n"
            "Writes the finished documents of a Redis pipeline as JSON Lines, each\n"
            "document id once, and reports its dead letters. Without --count or\n"
            "--until-idle, runs until SIGINT or SIGTERM.\n\n"
            "  -o, --output FILE      append here (default stdout); a collector that\n"
            "                         restarts cuts off what it wrote but never committed\n"
            "  -n, --count N          stop after N documents (written, dropped or dead)\n"
            "  -i, --until-idle S     stop after S seconds with nothing new\n"
            "  -e, --errors FILE      also write dead letters there, as JSON Lines\n"
            "      --name NAME        this collector's name in the group (default collect);\n"
            "                         restart a collector under the same name\n\n"
            "Exit status: 0 fine, 1 some documents were dead letters, 2 config or Redis error.\n");
}

int td_cmd_collect(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},     {"output", required_argument, NULL, 'o'},
        {"count", required_argument, NULL, 'n'},      {"until-idle", required_argument, NULL, 'i'},
        {"errors", required_argument, NULL, 'e'},     {"name", required_argument, NULL, 'N'},
        {"plugin-path", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *plugin_path = NULL, *output = NULL, *errors = NULL;
    const char *name = "collect", *who = "tidings collect";
    long long count = 0;
    double idle = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:o:n:i:e:p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'o': output = optarg; break;
        case 'e': errors = optarg; break;
        case 'N': name = optarg; break;
        case 'p': plugin_path = optarg; break;
        case 'n':
            if (parse_count(who, "--count", optarg, 1, 1LL << 53, &count) != 0)
                return TD_EXIT_USAGE;
            break;
        case 'i': {
            char *end;
            idle = strtod(optarg, &end);
            if (*end || end == optarg || !(idle > 0) || idle > 86400) {
                fprintf(stderr, "%s: --until-idle wants seconds, more than 0, not '%s'\n", who,
                        optarg);
                return TD_EXIT_USAGE;
            }
            break;
        }
        case 'h': collect_usage(stdout); return TD_EXIT_OK;
        default: collect_usage(stderr); return TD_EXIT_USAGE;
        }
    }
    if (optind < argc || (count && idle > 0)) {
        fprintf(stderr, "%s: %s\n\n", who, optind < argc ? "unexpected argument"
                                                         : "--count or --until-idle, not both");
        collect_usage(stderr);
        return TD_EXIT_USAGE;
    }
    sigset_t set;
    block_signals(true, &set);
    atomic_int abort = 0;
    rsetup s;
    FILE *out = stdout, *err_file = NULL;
    int status = rsetup_open(&s, who, config, plugin_path, false, true, &abort);
    if (status != 0)
        goto out;
    status = TD_EXIT_USAGE;
    if (output && !(out = fopen(output, "a"))) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, output, strerror(errno));
        goto out;
    }
    if (errors && !(err_file = fopen(errors, "a"))) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, errors, strerror(errno));
        goto out;
    }
    td_rcollect_opts o = {.out = out, .out_path = output, .errors = err_file, .log = stderr,
                          .consumer = name, .count = (uint64_t)count, .until_idle = idle,
                          .stop_on = &set};
    td_rcollect_stats st;
    if (td_rcollect(&s.conn, &s.keys, &o, &st) != 0)
        goto out;
    fprintf(stderr, "%s: %llu documents in %.2f s: %llu written, %llu dropped, %llu dead "
            "letters; %llu repeats left out\n", who, (unsigned long long)st.sum.documents,
            st.sum.seconds, (unsigned long long)st.sum.ok, (unsigned long long)st.sum.dropped,
            (unsigned long long)st.sum.failed, (unsigned long long)st.repeats);
    status = st.sum.failed ? TD_EXIT_FAILED_DOCS : TD_EXIT_OK;
out:
    if (out && out != stdout && fclose(out) != 0) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, output, strerror(errno));
        status = TD_EXIT_USAGE;
    }
    if (err_file)
        fclose(err_file);
    rsetup_close(&s);
    return status;
}

/* ---- status ----------------------------------------------------------------- */

int td_cmd_status(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"plugin-path", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *plugin_path = NULL, *who = "tidings status";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'p': plugin_path = optarg; break;
        case 'h':
            printf("usage: tidings status -c CONFIG [--plugin-path DIRS]\n\n"
                   "Shows each stream of a Redis pipeline: its length, entries pending\n"
                   "(read, not acknowledged), lag (not read yet), the consumers reading it\n"
                   "with their idle time, and the dead letters.\n");
            return TD_EXIT_OK;
        default: return TD_EXIT_USAGE;
        }
    }
    sigset_t set;
    block_signals(false, &set);
    rsetup s;
    /* Looks only: makes no stream (a wrong name shows empty ones). */
    int status = rsetup_open(&s, who, config, plugin_path, false, false, NULL);
    if (status == 0 && td_redis_status(&s.conf, &s.conn, &s.keys, stdout) != 0) {
        fprintf(stderr, "%s: %s\n", who, s.conn.err);
        status = TD_EXIT_USAGE;
    }
    rsetup_close(&s);
    return status;
}
