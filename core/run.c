/*
 * The in-memory run: the calling thread reads, N workers each run the whole
 * chain of stages on a document (stages chain in one thread, as Flink
 * chains operators: no hand-off between stages), and one writer thread puts
 * results back in input order.
 *
 * Backpressure: the reader takes a slot of a fixed window before it reads
 * a record, the writer gives it back once the record is written. However
 * slow a stage or the output is, no more than `queue_size` documents are in
 * memory, and nothing is dropped.
 */
#include "run.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tidings/utf8.h>

#include "codec.h"
#include "queue.h"
#include "strbuf.h"

unsigned td_default_workers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static bool conf_emits(const void *user, const char *layer)
{
    return td_pipeline_conf_emits(user, layer);
}

void td_process_record(td_pipeline_conf *conf, td_record *rec, size_t from, size_t to,
                       bool encode, unsigned worker)
{
    if (rec->status == TD_RECORD_FAILED)
        return; /* the reader could not read it */
    if (!rec->doc) {
        uint64_t t0 = td_now_ns();
        int rc = td_decode_record(rec);
        atomic_fetch_add_explicit(&conf->decode.nanos, td_now_ns() - t0, memory_order_relaxed);
        atomic_fetch_add_explicit(&conf->decode.docs, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&conf->decode.bytes, rec->raw_len, memory_order_relaxed);
        if (rc != 0) {
            atomic_fetch_add_explicit(&conf->decode.failed, 1, memory_order_relaxed);
            return;
        }
    }
    char err[1024];
    int rc = td_chain_run(&conf->chain, from, to, rec->doc, worker, err, sizeof(err));
    if (rc == TD_DROP) {
        rec->status = TD_RECORD_DROPPED;
        return;
    }
    if (rc != TD_OK) {
        td_record_fail(rec, "document '%s': %s", td_doc_id(rec->doc), err);
        return;
    }
    if (!encode)
        return;
    /* The line says which pipeline made it: the run record's stamp. */
    if (conf->stamp[0] && td_doc_set_str(rec->doc, "pipeline", conf->stamp) != 0) {
        td_record_fail(rec, "document '%s': out of memory", td_doc_id(rec->doc));
        return;
    }
    uint64_t t0 = td_now_ns();
    td_encode_record(rec, conf_emits, conf);
    atomic_fetch_add_explicit(&conf->encode.nanos, td_now_ns() - t0, memory_order_relaxed);
    atomic_fetch_add_explicit(&conf->encode.docs, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&conf->encode.bytes, rec->output_len, memory_order_relaxed);
}

static int write_record(td_record *rec, const td_run_opts *opts, td_run_summary *sum);

int td_write_record(td_record *rec, const td_run_opts *opts, td_run_summary *sum)
{
    int rc = write_record(rec, opts, sum);
    if (opts->progress)
        td_progress_note(opts->progress, sum);
    return rc;
}

static int write_record(td_record *rec, const td_run_opts *opts, td_run_summary *sum)
{
    sum->documents++;
    sum->bytes_in += rec->raw_len;
    sum->repaired += rec->repaired;
    switch (rec->status) {
    case TD_RECORD_OK:
        sum->ok++;
        sum->bytes_out += rec->output_len + 1;
        if (fwrite(rec->output, 1, rec->output_len, opts->out) != rec->output_len ||
            putc('\n', opts->out) == EOF)
            return -1;
        return 0;
    case TD_RECORD_DROPPED:
        sum->dropped++;
        return 0;
    case TD_RECORD_SKIPPED:
        sum->resumed++;
        return 0;
    case TD_RECORD_PENDING:
    case TD_RECORD_FAILED:
        break;
    }
    sum->failed++;
    const char *why = rec->error ? rec->error : "failed for an unknown reason";
    fprintf(opts->log, "tidings: %s\n", why);
    if (opts->errors) {
        td_strbuf b;
        td_strbuf_init(&b);
        td_strbuf_puts(&b, "{\"source\":");
        td_strbuf_json_string(&b, rec->source, strlen(rec->source));
        td_strbuf_printf(&b, ",\"line\":%" PRIu64 ",\"error\":", rec->line);
        td_strbuf_json_string(&b, why, strlen(why));
        /* The input itself, so it can be fixed and fed again; repaired
         * already, so it is valid UTF-8 even when it is not JSON. */
        if (rec->raw && rec->kind == TD_RECORD_JSON &&
            td_utf8_valid_prefix(rec->raw, rec->raw_len) == rec->raw_len) {
            td_strbuf_puts(&b, ",\"input\":");
            td_strbuf_json_string(&b, rec->raw, rec->raw_len);
        }
        td_strbuf_puts(&b, "}\n");
        if (!b.oom && fwrite(b.data, 1, b.len, opts->errors) != b.len) {
            td_strbuf_free(&b);
            return -1;
        }
        td_strbuf_free(&b);
    }
    return 0;
}

/* ---- threads ------------------------------------------------------------ */

typedef struct run_state {
    td_pipeline_conf *conf;
    const td_run_opts *opts;
    td_run_summary *sum;
    td_queue *work;

    pthread_mutex_t lock;
    pthread_cond_t ready; /* the next record to write is done */
    pthread_cond_t space; /* a window slot came free */
    td_record **slots;    /* done records by seq % window */
    size_t window;
    uint64_t issued;      /* records handed to the workers */
    uint64_t written;     /* records written: the next seq to write */
    bool reading_done;
    bool write_failed;
} run_state;

typedef struct worker_arg {
    run_state *rs;
    unsigned index;
} worker_arg;

static void *worker_main(void *p)
{
    worker_arg *wa = p;
    run_state *rs = wa->rs;
    td_record *rec;
    while (td_queue_pop(rs->work, &rec) == 1) {
        if (rs->opts->resume) {
            /* Decoded first, to know its id: one already written is not
             * run again. */
            td_process_record(rs->conf, rec, 0, 0, false, wa->index);
            if (rec->status == TD_RECORD_PENDING && rec->doc) {
                const char *id = td_doc_id(rec->doc);
                if (td_idset_has(rs->opts->resume, id, strlen(id)))
                    rec->status = TD_RECORD_SKIPPED;
            }
        }
        if (rec->status != TD_RECORD_SKIPPED)
            td_process_record(rs->conf, rec, 0, rs->conf->chain.n, true, wa->index);
        /* The document is not needed once its line is written. */
        td_doc_free(rec->doc);
        rec->doc = NULL;
        pthread_mutex_lock(&rs->lock);
        rs->slots[rec->seq % rs->window] = rec;
        if (rec->seq == rs->written)
            pthread_cond_signal(&rs->ready);
        pthread_mutex_unlock(&rs->lock);
    }
    return NULL;
}

static void *writer_main(void *p)
{
    run_state *rs = p;
    pthread_mutex_lock(&rs->lock);
    for (;;) {
        td_record **slot = &rs->slots[rs->written % rs->window];
        while (!*slot && !(rs->reading_done && rs->written == rs->issued))
            pthread_cond_wait(&rs->ready, &rs->lock);
        if (!*slot)
            break; /* everything read has been written */
        td_record *rec = *slot;
        *slot = NULL;
        pthread_mutex_unlock(&rs->lock);
        if (!rs->write_failed && td_write_record(rec, rs->opts, rs->sum) != 0)
            rs->write_failed = true;
        td_record_free(rec);
        pthread_mutex_lock(&rs->lock);
        rs->written++;
        pthread_cond_signal(&rs->space);
    }
    pthread_mutex_unlock(&rs->lock);
    return NULL;
}

int td_run_memory(td_pipeline_conf *conf, td_input *in, const td_run_opts *opts,
                  td_run_summary *sum)
{
    memset(sum, 0, sizeof(*sum));
    unsigned nworkers = opts->workers ? opts->workers
                        : conf->workers ? conf->workers
                                        : td_default_workers();
    run_state rs = {.conf = conf, .opts = opts, .sum = sum};
    rs.window = conf->queue_size > nworkers * 2 ? conf->queue_size : nworkers * 2;
    rs.slots = calloc(rs.window, sizeof(*rs.slots));
    rs.work = td_queue_memory_new(rs.window);
    pthread_t *threads = calloc(nworkers, sizeof(*threads));
    worker_arg *args = calloc(nworkers, sizeof(*args));
    pthread_t writer;
    unsigned started = 0;
    bool writer_started = false;
    int rc = -1;
    if (!rs.slots || !rs.work || !threads || !args) {
        fprintf(opts->log, "tidings: out of memory\n");
        goto out;
    }
    pthread_mutex_init(&rs.lock, NULL);
    pthread_cond_init(&rs.ready, NULL);
    pthread_cond_init(&rs.space, NULL);

    uint64_t t0 = td_now_ns();
    for (; started < nworkers; started++) {
        args[started] = (worker_arg){&rs, started};
        if (pthread_create(&threads[started], NULL, worker_main, &args[started]) != 0) {
            fprintf(opts->log, "tidings: cannot start worker thread %u\n", started);
            break;
        }
    }
    writer_started = started == nworkers && pthread_create(&writer, NULL, writer_main, &rs) == 0;
    bool reader_ok = writer_started;
    for (;;) {
        if (!reader_ok)
            break;
        pthread_mutex_lock(&rs.lock);
        while (rs.issued - rs.written >= rs.window)
            pthread_cond_wait(&rs.space, &rs.lock);
        pthread_mutex_unlock(&rs.lock);
        td_record *rec;
        int got = td_input_next(in, &rec);
        if (got <= 0) {
            if (got < 0) {
                fprintf(opts->log, "tidings: out of memory reading the input\n");
                reader_ok = false;
            }
            break;
        }
        pthread_mutex_lock(&rs.lock);
        rs.issued++;
        pthread_mutex_unlock(&rs.lock);
        if (td_queue_push(rs.work, rec) != 0) {
            td_record_free(rec);
            reader_ok = false;
            break;
        }
    }
    td_queue_close(rs.work);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_lock(&rs.lock);
    rs.reading_done = true;
    pthread_cond_signal(&rs.ready);
    pthread_mutex_unlock(&rs.lock);
    if (writer_started)
        pthread_join(writer, NULL);
    sum->skipped = td_input_skipped(in);
    sum->seconds = (double)(td_now_ns() - t0) / 1e9;
    if (fflush(opts->out) != 0 || rs.write_failed) {
        fprintf(opts->log, "tidings: cannot write the output: %m\n");
        reader_ok = false;
    }
    rc = reader_ok ? 0 : -1;
    pthread_mutex_destroy(&rs.lock);
    pthread_cond_destroy(&rs.ready);
    pthread_cond_destroy(&rs.space);
out:
    td_queue_destroy(rs.work);
    free(rs.slots);
    free(threads);
    free(args);
    return rc;
}

/* ---- the report --------------------------------------------------------- */

static void stats_row(FILE *log, const char *name, const td_stage_stats *s, double wall)
{
    uint64_t docs = atomic_load(&s->docs), nanos = atomic_load(&s->nanos);
    uint64_t bytes = atomic_load(&s->bytes);
    double secs = (double)nanos / 1e9;
    fprintf(log, "  %-12s %10" PRIu64 " %8" PRIu64 " %8" PRIu64 " %10.3f %6.1f%% %9.1f\n", name,
            docs, (uint64_t)atomic_load(&s->dropped), (uint64_t)atomic_load(&s->failed), secs,
            wall > 0 ? 100.0 * secs / wall : 0.0, secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
}

void td_run_report(const td_pipeline_conf *conf, const td_run_summary *sum,
                   const td_run_opts *opts)
{
    FILE *log = opts->log;
    double mbs = sum->seconds > 0 ? (double)sum->bytes_in / 1e6 / sum->seconds : 0;
    fprintf(log,
            "tidings: %" PRIu64 " documents in %.2f s (%.1f MB/s): %" PRIu64 " ok, %" PRIu64
            " repaired, %" PRIu64 " dropped, %" PRIu64 " failed",
            sum->documents, sum->seconds, mbs, sum->ok, sum->repaired, sum->dropped,
            sum->failed);
    if (sum->skipped)
        fprintf(log, "; %" PRIu64 " blank lines skipped", sum->skipped);
    if (sum->resumed)
        fprintf(log, "; %" PRIu64 " already in the output, skipped (resume)", sum->resumed);
    fputc('\n', log);
    if (!opts->stats)
        return;
    /* Busy time summed over the worker threads; "busy" is that time over
     * the wall time, so with N workers a stage can reach N x 100%. */
    fprintf(log, "  %-12s %10s %8s %8s %10s %7s %9s\n", "stage", "docs", "dropped", "failed",
            "busy s", "busy", "MB/s");
    stats_row(log, "(decode)", &conf->decode, sum->seconds);
    for (size_t i = 0; i < conf->chain.n; i++)
        stats_row(log, conf->chain.stages[i]->name, &conf->chain.stages[i]->stats, sum->seconds);
    stats_row(log, "(encode)", &conf->encode, sum->seconds);
}
