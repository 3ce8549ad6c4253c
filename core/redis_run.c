/*
 * tidings run with queue = redis: the whole pipeline in one process, through
 * Redis streams of its own ("<prefix>:{<name>}:run:<id>:..."), deleted at
 * the end. The calling thread reads the input and feeds the input stream;
 * each segment gets N worker threads (the code `tidings worker` runs); one
 * writer thread reads the output and dead-letter streams and writes the
 * results in input order (by seq), dropping repeats, exactly as the memory
 * run does. A window bounds how far reading runs ahead of writing.
 */
#include "redis.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "redis_conn.h"
#include "redis_stream.h"
#include "redis_submit.h"
#include "redis_wire.h"
#include "redis_worker.h"
#include "stage.h"

typedef struct run_state {
    td_pipeline_conf *conf;
    const td_run_opts *opts;
    td_run_summary *sum;
    const td_redis_cfg *cfg;
    const td_rkeys *keys;
    char node[160];

    atomic_int stop;   /* workers: finish up */
    atomic_int abort;  /* everyone: stop waiting for Redis */
    atomic_int failed; /* a thread gave up */

    pthread_mutex_t lock;
    pthread_cond_t space;  /* the writer moved on */
    uint64_t issued;       /* records handed to Redis */
    uint64_t written;      /* the next seq to write */
    size_t window;
    bool reading_done, writer_done, write_failed;
} run_state;

typedef struct worker_arg {
    run_state *rs;
    td_rworker_shared *sh;
    unsigned index;
} worker_arg;

static void *worker_thread(void *p)
{
    worker_arg *wa = p;
    if (td_rworker_main(wa->sh, wa->index) != 0) {
        atomic_store(&wa->rs->failed, 1);
        atomic_store(&wa->rs->abort, 1);
        pthread_mutex_lock(&wa->rs->lock);
        pthread_cond_broadcast(&wa->rs->space);
        pthread_mutex_unlock(&wa->rs->lock);
    }
    return NULL;
}

/* ---- the writer ---------------------------------------------------------- */

typedef struct writer {
    run_state *rs;
    td_rconn conn;
    td_record **slots;
    td_rargs ack_out, ack_dead;
    char consumer[192];
    bool own;            /* read our own pending entries first */
    unsigned reconnects;
} writer;

static bool all_written(run_state *rs)
{
    pthread_mutex_lock(&rs->lock);
    bool done = rs->reading_done && rs->written == rs->issued;
    pthread_mutex_unlock(&rs->lock);
    return done;
}

/* Entries of one stream of the reply into their slots. */
static void take_entries(writer *w, const redisReply *stream)
{
    run_state *rs = w->rs;
    bool dead = stream->element[0]->len == strlen(rs->keys->dead) &&
                memcmp(stream->element[0]->str, rs->keys->dead, stream->element[0]->len) == 0;
    td_rargs *ack = dead ? &w->ack_dead : &w->ack_out;
    const redisReply *entries = stream->element[1];
    for (size_t i = 0; entries->type == REDIS_REPLY_ARRAY && i < entries->elements; i++) {
        const char *id;
        size_t idlen;
        const redisReply *fields;
        if (!td_rentry(entries->element[i], &id, &idlen, &fields))
            continue;
        td_rargs_add(ack, id, idlen);
        if (!fields)
            continue;
        char err[256];
        td_record *rec = td_wire_result(fields, dead, err, sizeof(err));
        if (!rec) {
            fprintf(rs->opts->log, "tidings: %s entry %.*s: %s\n", dead ? "dead-letter" : "output",
                    (int)idlen, id, err);
            continue;
        }
        /* rs->written only moves in this thread: no lock to read it. */
        td_record **slot = &w->slots[rec->seq % rs->window];
        if (rec->seq < rs->written || rec->seq >= rs->written + rs->window || *slot) {
            td_record_free(rec); /* a repeat (at-least-once delivery) */
            continue;
        }
        *slot = rec;
    }
}

static int read_results(writer *w)
{
    run_state *rs = w->rs;
    char count[24], block[24];
    snprintf(count, sizeof(count), "%u", rs->cfg->batch * 4);
    snprintf(block, sizeof(block), "%u", rs->cfg->block_ms < 100 ? rs->cfg->block_ms : 100);
    /* After a reconnection, first what was delivered to us and never
     * acknowledged (a reply lost with the connection), without blocking. */
    const char *start = w->own ? "0" : ">";
    const char *argv[] = {"XREADGROUP", "GROUP", TD_RGROUP, w->consumer, "COUNT", count,
                          "BLOCK", block, "STREAMS", rs->keys->out, rs->keys->dead, start, start};
    if (w->own)
        memmove(argv + 6, argv + 8, 5 * sizeof(*argv));
    redisReply *r = td_rconn_cmd(&w->conn, w->own ? 11 : 13, argv, NULL);
    if (!r)
        return -1;
    int got = w->ack_out.n + w->ack_dead.n;
    for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        const redisReply *s = r->element[i];
        if (s->type == REDIS_REPLY_ARRAY && s->elements == 2 &&
            s->element[0]->type == REDIS_REPLY_STRING)
            take_entries(w, s);
    }
    if (w->own && w->ack_out.n + w->ack_dead.n == got)
        w->own = false;
    if (r->type == REDIS_REPLY_ERROR)
        fprintf(rs->opts->log, "tidings: reading the results: %s\n", r->str);
    /* Acknowledged once read: a private run has no other reader. The ids
     * are the reply's: queued before it is freed. */
    int n = 0;
    if (w->ack_out.n > 3 && td_rargs_append(&w->ack_out, &w->conn) == 0)
        n++;
    if (w->ack_dead.n > 3 && td_rargs_append(&w->ack_dead, &w->conn) == 0)
        n++;
    td_rargs_reset(&w->ack_out);
    td_rargs_reset(&w->ack_dead);
    freeReplyObject(r);
    return n ? td_rconn_skip(&w->conn) : 0;
}

static void ack_start(writer *w)
{
    td_rargs_str(&w->ack_out, "XACK");
    td_rargs_str(&w->ack_out, w->rs->keys->out);
    td_rargs_str(&w->ack_out, TD_RGROUP);
    td_rargs_str(&w->ack_dead, "XACK");
    td_rargs_str(&w->ack_dead, w->rs->keys->dead);
    td_rargs_str(&w->ack_dead, TD_RGROUP);
}

static void write_ready(writer *w)
{
    run_state *rs = w->rs;
    for (;;) {
        td_record **slot = &w->slots[rs->written % rs->window];
        if (!*slot)
            break;
        if (!rs->write_failed && td_write_record(*slot, rs->opts, rs->sum) != 0)
            rs->write_failed = true;
        td_record_free(*slot);
        *slot = NULL;
        pthread_mutex_lock(&rs->lock);
        rs->written++;
        pthread_cond_broadcast(&rs->space);
        pthread_mutex_unlock(&rs->lock);
    }
}

/* A run killed before its end must not leave its streams in Redis for
 * ever: they expire an hour after the last refresh (every 30 s). */
static void expire_keys(writer *w)
{
    const td_rkeys *k = w->rs->keys;
    const char *keys[] = {k->in, k->out, k->dead, k->submits};
    int sent = 0;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) + k->nat; i++) {
        const char *key = i < 4 ? keys[i] : k->at[i - 4];
        const char *argv[] = {"EXPIRE", key, "3600"};
        if (td_rconn_append(&w->conn, 3, argv, NULL) == 0)
            sent++;
    }
    if (sent)
        td_rconn_skip(&w->conn);
}

static void *writer_thread(void *p)
{
    run_state *rs = p;
    writer w = {.rs = rs};
    snprintf(w.consumer, sizeof(w.consumer), "%s:writer", rs->node);
    td_rconn_init(&w.conn, rs->cfg, rs->opts->log, "tidings", &rs->abort);
    td_rargs_init(&w.ack_out);
    td_rargs_init(&w.ack_dead);
    w.slots = calloc(rs->window, sizeof(*w.slots));
    uint64_t next_trim = td_now_ns() + 1000000000ull, next_expire = 0;
    bool ok = w.slots != NULL;
    while (ok && !all_written(rs)) {
        if (atomic_load(&rs->failed) || td_rconn_ready(&w.conn) != 0) {
            ok = false;
            break;
        }
        if (w.conn.reconnects != w.reconnects) {
            w.reconnects = w.conn.reconnects;
            w.own = true;
        }
        ack_start(&w);
        if (read_results(&w) != 0)
            continue;
        write_ready(&w);
        if (td_now_ns() >= next_trim) {
            td_rstream_trim(&w.conn, rs->keys->out);
            next_trim = td_now_ns() + 1000000000ull;
        }
        if (td_now_ns() >= next_expire && rs->written > 0) {
            expire_keys(&w);
            next_expire = td_now_ns() + 30 * 1000000000ull;
        }
    }
    if (!ok && !atomic_load(&rs->abort) && w.conn.err[0])
        fprintf(rs->opts->log, "tidings: %s\n", w.conn.err);
    if (!ok) {
        atomic_store(&rs->failed, 1);
        atomic_store(&rs->abort, 1);
    }
    for (size_t i = 0; w.slots && i < rs->window; i++)
        td_record_free(w.slots[i]);
    free(w.slots);
    td_rargs_free(&w.ack_out);
    td_rargs_free(&w.ack_dead);
    td_rconn_close(&w.conn);
    pthread_mutex_lock(&rs->lock);
    rs->writer_done = true;
    pthread_cond_broadcast(&rs->space);
    pthread_mutex_unlock(&rs->lock);
    return NULL;
}

/* ---- the reader ------------------------------------------------------------ */

/* Feed the input, keeping at most `window` records ahead of the writer.
 * 0, or -1 when the run must stop. */
static int read_input(run_state *rs, td_input *in, td_rsubmit *sub)
{
    for (;;) {
        pthread_mutex_lock(&rs->lock);
        bool full = rs->issued - rs->written >= rs->window;
        pthread_mutex_unlock(&rs->lock);
        if (full && td_rsubmit_flush(sub) != 0)
            return -1;
        pthread_mutex_lock(&rs->lock);
        while (rs->issued - rs->written >= rs->window && !rs->writer_done &&
               !atomic_load(&rs->failed))
            pthread_cond_wait(&rs->space, &rs->lock);
        bool stop = rs->writer_done || atomic_load(&rs->failed);
        pthread_mutex_unlock(&rs->lock);
        if (stop)
            return -1;
        td_record *rec;
        int got = td_input_next(in, &rec);
        if (got < 0) {
            fprintf(rs->opts->log, "tidings: out of memory reading the input\n");
            return -1;
        }
        if (got == 0)
            return td_rsubmit_finish(sub);
        pthread_mutex_lock(&rs->lock);
        rs->issued++;
        pthread_mutex_unlock(&rs->lock);
        if (td_rsubmit_add(sub, rec) != 0)
            return -1;
    }
}

/* ---- the run ------------------------------------------------------------- */

static void report_redis(const run_state *rs, td_rworker_shared *sh, size_t nseg)
{
    uint64_t reclaimed = 0, retried = 0;
    for (size_t s = 0; s < nseg; s++) {
        reclaimed += atomic_load(&sh[s].reclaimed);
        retried += atomic_load(&sh[s].retried);
    }
    fprintf(rs->opts->log, "  redis: %s, %zu stream(s) of work, batch %u; %llu entries taken "
            "over, %llu batches sent again\n", rs->cfg->url_shown, nseg, rs->cfg->batch,
            (unsigned long long)reclaimed, (unsigned long long)retried);
}

static int run(run_state *rs, td_input *in, td_rconn *conn, const td_rseg *segs, size_t nseg,
               unsigned nworkers)
{
    td_rworker_shared *sh = calloc(nseg, sizeof(*sh));
    worker_arg *args = calloc(nseg * nworkers, sizeof(*args));
    pthread_t *threads = calloc(nseg * nworkers, sizeof(*threads));
    pthread_t writer_tid;
    size_t started = 0;
    bool writer_started = false;
    int rc = -1;
    if (!sh || !args || !threads) {
        fprintf(rs->opts->log, "tidings: out of memory\n");
        goto out;
    }
    for (size_t s = 0; s < nseg; s++) {
        sh[s] = (td_rworker_shared){.conf = rs->conf, .cfg = rs->cfg, .keys = rs->keys,
                                    .seg = &segs[s], .log = rs->opts->log, .who = "tidings",
                                    .node = rs->node, .stop = &rs->stop, .abort = &rs->abort};
        sh[s].block_ms = rs->cfg->block_ms < 100 ? rs->cfg->block_ms : 100;
        for (unsigned i = 0; i < nworkers; i++, started++) {
            args[started] = (worker_arg){rs, &sh[s], i};
            if (pthread_create(&threads[started], NULL, worker_thread, &args[started]) != 0) {
                fprintf(rs->opts->log, "tidings: cannot start a worker thread\n");
                goto stop;
            }
        }
    }
    if (pthread_create(&writer_tid, NULL, writer_thread, rs) != 0) {
        fprintf(rs->opts->log, "tidings: cannot start the writer thread\n");
        goto stop;
    }
    writer_started = true;
    td_rsubmit sub;
    td_rsubmit_init(&sub, conn, rs->keys, false, &rs->abort);
    int read_rc = read_input(rs, in, &sub);
    if (read_rc != 0 && conn->err[0] && !atomic_load(&rs->failed))
        fprintf(rs->opts->log, "tidings: %s\n", conn->err);
    td_rsubmit_free(&sub);
    pthread_mutex_lock(&rs->lock);
    rs->reading_done = true;
    pthread_mutex_unlock(&rs->lock);
    if (read_rc != 0)
        atomic_store(&rs->failed, 1);
    rc = read_rc;
stop:
    if (rc != 0) {
        atomic_store(&rs->failed, 1);
        atomic_store(&rs->abort, 1);
    }
    if (writer_started)
        pthread_join(writer_tid, NULL);
    atomic_store(&rs->stop, 1);
    /* Done with the streams: deleting them also wakes the workers blocked
     * on them, rather than at their block's end (a Redis timeout is only
     * as fine as its hz: 100 ms). */
    if (conn->c || td_rconn_connect(conn) == 0)
        td_rstreams_delete(conn, rs->keys);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    if (atomic_load(&rs->failed))
        rc = -1;
    if (rs->opts->stats && rc == 0)
        report_redis(rs, sh, nseg);
out:
    free(sh);
    free(args);
    free(threads);
    return rc;
}

int td_run_redis(td_pipeline_conf *conf, td_input *in, const td_run_opts *opts,
                 td_run_summary *sum)
{
    memset(sum, 0, sizeof(*sum));
    char err[1024];
    td_redis_cfg cfg;
    if (td_redis_cfg_load(&cfg, conf->redis, err, sizeof(err)) != 0) {
        fprintf(opts->log, "%s: %s\n", conf->path, err);
        return -2;
    }
    run_state rs = {.conf = conf, .opts = opts, .sum = sum, .cfg = &cfg};
    td_redis_node_name(rs.node, sizeof(rs.node));
    char run_id[64];
    snprintf(run_id, sizeof(run_id), "%llx.%lx", (unsigned long long)td_now_ns(),
             (long)(time(NULL) ^ (long)(uintptr_t)&rs));
    td_rkeys keys;
    if (td_rkeys_init(&keys, &cfg, conf, run_id, err, sizeof(err)) != 0) {
        fprintf(opts->log, "%s: %s\n", conf->path, err);
        td_redis_cfg_free(&cfg);
        return -2;
    }
    rs.keys = &keys;
    /* A write to a connection Redis closed must fail, not kill us: SIGPIPE
     * is held off in this thread and the ones it starts. */
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    td_rconn conn;
    td_rconn_init(&conn, &cfg, opts->log, "tidings", &rs.abort);
    int rc = -2;
    if (td_rconn_connect(&conn) != 0) {
        fprintf(opts->log, "tidings: %s\n", conn.err);
        goto out;
    }
    if (td_rstreams_setup(&conn, &keys, err, sizeof(err)) != 0) {
        fprintf(opts->log, "tidings: %s\n", err);
        goto out;
    }
    size_t nseg = keys.nat + 1;
    td_rseg *segs = calloc(nseg, sizeof(*segs));
    unsigned nworkers = opts->workers ? opts->workers
                        : conf->workers ? conf->workers
                                        : td_default_workers();
    size_t ahead = 2 * (size_t)cfg.batch * nworkers * nseg + cfg.batch;
    rs.window = conf->queue_size > ahead ? conf->queue_size : ahead;
    pthread_mutex_init(&rs.lock, NULL);
    pthread_cond_init(&rs.space, NULL);
    uint64_t t0 = td_now_ns();
    if (segs) {
        td_rkeys_segments(&keys, conf, segs);
        rc = run(&rs, in, &conn, segs, nseg, nworkers);
    } else {
        fprintf(opts->log, "tidings: out of memory\n");
        rc = -1;
    }
    sum->skipped = td_input_skipped(in);
    sum->seconds = (double)(td_now_ns() - t0) / 1e9;
    if (rc == 0 && (fflush(opts->out) != 0 || rs.write_failed)) {
        fprintf(opts->log, "tidings: cannot write the output: %m\n");
        rc = -1;
    }
    /* Again, now that every thread has stopped: a late write may have made
     * one again. */
    if (conn.c || td_rconn_connect(&conn) == 0)
        td_rstreams_delete(&conn, &keys);
    free(segs);
    pthread_mutex_destroy(&rs.lock);
    pthread_cond_destroy(&rs.space);
out:
    td_rconn_close(&conn);
    td_rkeys_free(&keys);
    td_redis_cfg_free(&cfg);
    /* Let go of a SIGPIPE held meanwhile, then restore the mask. */
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
        ;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}
