/* A segment's worker thread (see redis_worker.h). */
#include "redis_worker.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "redis_wire.h"
#include "run.h"
#include "stage.h"

/* One entry of a batch and what became of it. */
typedef struct item {
    char id[64];          /* the entry's id in the source stream */
    td_record *rec;       /* NULL: the entry was deleted meanwhile; only acknowledged */
    td_strbuf doc;        /* the document for the next stream (a split) */
    const char *stage;    /* where it failed */
    uint64_t deliveries;  /* as far as known */
} item;

typedef struct worker {
    td_rworker_shared *sh;
    const td_rseg *seg;
    unsigned index;
    char consumer[192];
    td_rconn conn;
    td_rargs args;
    item *items;
    size_t n, cap;
    char cursor[64];      /* where the XAUTOCLAIM scan goes on */
    bool throttled;       /* the next stream is over max_backlog */
} worker;

static void clear_batch(worker *w)
{
    for (size_t i = 0; i < w->n; i++) {
        td_record_free(w->items[i].rec);
        td_strbuf_free(&w->items[i].doc);
    }
    w->n = 0;
}

static item *add_item(worker *w, const char *id, size_t idlen, const redisReply *fields,
                      uint64_t deliveries)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        item *grown = realloc(w->items, cap * sizeof(*grown));
        if (!grown)
            return NULL;
        w->items = grown;
        w->cap = cap;
    }
    item *it = &w->items[w->n++];
    memset(it, 0, sizeof(*it));
    snprintf(it->id, sizeof(it->id), "%.*s", (int)(idlen < 63 ? idlen : 63), id);
    it->deliveries = deliveries;
    td_strbuf_init(&it->doc);
    if (!fields)
        return it;
    char err[256];
    uint64_t t0 = td_now_ns();
    it->rec = td_wire_record(fields, w->seg->from > 0, err, sizeof(err));
    if (w->seg->from > 0) {
        td_pipeline_conf *conf = w->sh->conf;
        atomic_fetch_add_explicit(&conf->decode.nanos, td_now_ns() - t0, memory_order_relaxed);
        atomic_fetch_add_explicit(&conf->decode.docs, 1, memory_order_relaxed);
        size_t dlen = 0;
        td_rfield(fields, "doc", &dlen);
        atomic_fetch_add_explicit(&conf->decode.bytes, dlen + (it->rec ? it->rec->raw_len : 0),
                                  memory_order_relaxed);
    }
    if (!it->rec) {
        /* Not an entry tidings wrote: keep it as a dead letter. */
        it->rec = td_record_new(0, TD_RECORD_JSON, w->seg->src, 0, NULL, 0);
        if (it->rec)
            td_record_fail(it->rec, "entry %s: %s", it->id, err);
        it->stage = "(stream)";
    } else if (it->rec->status == TD_RECORD_FAILED) {
        it->stage = "(stream)";
    }
    return it;
}

static void process_item(worker *w, item *it)
{
    td_record *rec = it->rec;
    td_pipeline_conf *conf = w->sh->conf;
    const td_rseg *seg = w->seg;
    if (!rec || rec->status == TD_RECORD_FAILED)
        return;
    /* Stage by stage, to know which one failed. */
    for (size_t i = seg->from; i < seg->to; i++) {
        td_process_record(conf, rec, i, i + 1, false, w->index);
        if (rec->status == TD_RECORD_FAILED) {
            it->stage = rec->doc ? conf->chain.stages[i]->name : "(decode)";
            return;
        }
        if (rec->status == TD_RECORD_DROPPED)
            return;
    }
    atomic_fetch_add_explicit(&w->sh->docs, 1, memory_order_relaxed);
    if (seg->last) {
        td_process_record(conf, rec, seg->to, seg->to, true, w->index);
        if (rec->status == TD_RECORD_FAILED)
            it->stage = "(encode)";
        return;
    }
    uint64_t t0 = td_now_ns();
    if (td_wire_encode(rec->doc, &it->doc) != 0) {
        td_record_fail(rec, "document '%s': out of memory for the wire", td_doc_id(rec->doc));
        it->stage = "(wire)";
    }
    atomic_fetch_add_explicit(&conf->encode.nanos, td_now_ns() - t0, memory_order_relaxed);
    atomic_fetch_add_explicit(&conf->encode.docs, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&conf->encode.bytes, it->doc.len, memory_order_relaxed);
}

/* ---- reading ------------------------------------------------------------ */

static void recreate_group(worker *w, const char *why)
{
    const char *argv[] = {"XGROUP", "CREATE", w->seg->src, TD_RGROUP, "0", "MKSTREAM"};
    redisReply *r = td_rconn_cmd(&w->conn, 6, argv, NULL);
    if (r && w->sh->log)
        fprintf(w->sh->log, "%s: %s: %s; made the group again\n", w->sh->who, w->seg->src, why);
    if (r)
        freeReplyObject(r);
}

/* Entries from XREADGROUP: 1 with items, 0 for none, -1 when the
 * connection broke. `start` is ">" for new entries, "0" for our own
 * pending ones. */
static int read_batch(worker *w, const char *start, unsigned block_ms)
{
    td_rargs *a = &w->args;
    td_rargs_str(a, "XREADGROUP");
    td_rargs_str(a, "GROUP");
    td_rargs_str(a, TD_RGROUP);
    td_rargs_str(a, w->consumer);
    td_rargs_str(a, "COUNT");
    td_rargs_u64(a, w->sh->cfg->batch);
    if (block_ms) {
        td_rargs_str(a, "BLOCK");
        td_rargs_u64(a, block_ms);
    }
    td_rargs_str(a, "STREAMS");
    td_rargs_str(a, w->seg->src);
    td_rargs_str(a, start);
    if (td_rargs_append(a, &w->conn) != 0)
        return -1;
    redisReply *r = td_rconn_get(&w->conn);
    if (!r)
        return -1;
    int got = 0;
    if (r->type == REDIS_REPLY_ERROR) {
        if (atomic_load(w->sh->stop)) { /* e.g. tidings run deleting its streams */
            freeReplyObject(r);
            return 0;
        }
        if (strncmp(r->str, "NOGROUP", 7) == 0)
            recreate_group(w, r->str);
        else if (w->sh->log)
            fprintf(w->sh->log, "%s: reading %s: %s\n", w->sh->who, w->seg->src, r->str);
        freeReplyObject(r);
        td_sleep_ms(100, w->sh->stop);
        return 0;
    }
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
        r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 2) {
        const redisReply *entries = r->element[0]->element[1];
        for (size_t i = 0; entries->type == REDIS_REPLY_ARRAY && i < entries->elements; i++) {
            const char *id;
            size_t idlen;
            const redisReply *fields;
            if (td_rentry(entries->element[i], &id, &idlen, &fields) &&
                add_item(w, id, idlen, fields, 1))
                got = 1;
        }
    }
    freeReplyObject(r);
    return got;
}

/* ---- writing ------------------------------------------------------------- */

/* Did the transaction of a batch go through before the connection broke?
 * It acknowledged the batch, so its first entry is pending no more. */
static int batch_committed(worker *w)
{
    const char *argv[] = {"XPENDING", w->seg->src, TD_RGROUP, w->items[0].id, w->items[0].id,
                          "1"};
    redisReply *r = td_rconn_cmd(&w->conn, 6, argv, NULL);
    if (!r)
        return -1;
    int done = r->type == REDIS_REPLY_ARRAY && r->elements == 0;
    freeReplyObject(r);
    return done;
}

static int append_batch(worker *w)
{
    const td_rkeys *k = w->sh->keys;
    const td_rseg *seg = w->seg;
    td_rargs *a = &w->args;
    const char *multi[] = {"MULTI"};
    if (td_rconn_append(&w->conn, 1, multi, NULL) != 0)
        return -1;
    for (size_t i = 0; i < w->n; i++) {
        const item *it = &w->items[i];
        const td_record *rec = it->rec;
        if (!rec)
            continue;
        if (rec->status == TD_RECORD_FAILED)
            td_wire_xadd_dead(a, k->dead, rec, it->stage ? it->stage : seg->names,
                              it->deliveries);
        else if (rec->status == TD_RECORD_DROPPED || seg->last)
            td_wire_xadd_out(a, k->out, rec);
        else
            td_wire_xadd_split(a, seg->dst, rec, it->doc.data, it->doc.len);
        if (td_rargs_append(a, &w->conn) != 0)
            return -1;
    }
    td_rargs_str(a, "XACK");
    td_rargs_str(a, seg->src);
    td_rargs_str(a, TD_RGROUP);
    for (size_t i = 0; i < w->n; i++)
        td_rargs_str(a, w->items[i].id);
    const char *exec[] = {"EXEC"};
    if (td_rargs_append(a, &w->conn) != 0 || td_rconn_append(&w->conn, 1, exec, NULL) != 0)
        return -1;
    if (w->sh->cfg->max_backlog) {
        const char *xlen[] = {"XLEN", seg->dst};
        if (td_rconn_append(&w->conn, 2, xlen, NULL) != 0)
            return -1;
    }
    return 0;
}

static int note_exec(worker *w, const redisReply *r)
{
    const char *why = !r ? "no reply" : r->type == REDIS_REPLY_ERROR ? r->str
                      : r->type != REDIS_REPLY_ARRAY                  ? "the transaction was dropped"
                                                                     : NULL;
    for (size_t i = 0; !why && i < r->elements; i++)
        why = td_reply_error(r->element[i]);
    if (why && w->sh->log)
        fprintf(w->sh->log, "%s: cannot hand on a batch from %s: %s; its entries stay pending "
                "and come again\n", w->sh->who, w->seg->src, why);
    return why ? 1 : 0;
}

/* Hand the batch on and acknowledge it, in one transaction; after a broken
 * connection, again, unless it went through. 0, 1 when Redis refused it
 * (the entries stay pending), or -1 when giving up. */
static int write_batch(worker *w)
{
    if (w->n == 0)
        return 0;
    for (unsigned attempt = 0;; attempt++) {
        if (td_rconn_ready(&w->conn) != 0)
            return -1;
        if (attempt > 0) {
            int done = batch_committed(w);
            if (done < 0)
                continue;
            if (done)
                return 0;
            atomic_fetch_add_explicit(&w->sh->retried, 1, memory_order_relaxed);
        }
        if (append_batch(w) != 0) {
            td_rargs_reset(&w->args);
            td_rconn_drop(&w->conn, "out of memory building a batch");
            continue;
        }
        bool broke = false;
        redisReply *exec = NULL, *xlen = NULL;
        unsigned owed = w->conn.owed;
        for (unsigned i = 0; i < owed && !broke; i++) {
            redisReply *r = td_rconn_get(&w->conn);
            if (!r)
                broke = true;
            else if (w->sh->cfg->max_backlog && i == owed - 1)
                xlen = r;
            else if (i == owed - 1 - (w->sh->cfg->max_backlog ? 1 : 0))
                exec = r;
            else
                freeReplyObject(r);
        }
        int refused = 0;
        if (!broke) {
            refused = note_exec(w, exec);
            w->throttled = xlen && xlen->type == REDIS_REPLY_INTEGER &&
                           xlen->integer >= w->sh->cfg->max_backlog;
        }
        if (exec)
            freeReplyObject(exec);
        if (xlen)
            freeReplyObject(xlen);
        if (!broke)
            return refused;
    }
}

/* Still over max_backlog? -1 when the connection broke. */
static int check_backlog(worker *w)
{
    const char *argv[] = {"XLEN", w->seg->dst};
    redisReply *r = td_rconn_cmd(&w->conn, 2, argv, NULL);
    if (!r)
        return -1;
    w->throttled = r->type == REDIS_REPLY_INTEGER && r->integer >= w->sh->cfg->max_backlog;
    freeReplyObject(r);
    return 0;
}

static void count_failures(worker *w)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->items[i].rec && w->items[i].rec->status == TD_RECORD_FAILED)
            atomic_fetch_add_explicit(&w->sh->dead, 1, memory_order_relaxed);
}

/* ---- taking over --------------------------------------------------------- */

static uint64_t delivery_count(worker *w, const char *id)
{
    const char *argv[] = {"XPENDING", w->seg->src, TD_RGROUP, id, id, "1"};
    redisReply *r = td_rconn_cmd(&w->conn, 6, argv, NULL);
    uint64_t n = 0;
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
        r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 4)
        n = (uint64_t)r->element[0]->element[3]->integer;
    if (r)
        freeReplyObject(r);
    return n;
}

/* The entry came too often: a dead letter, with the stages it went to. */
static void give_up_on(worker *w, item *it)
{
    td_record *rec = it->rec;
    if (!rec)
        return;
    if (!rec->doc && rec->status != TD_RECORD_FAILED)
        td_decode_record(rec); /* for its id; a failure is overwritten below */
    td_record_fail(rec, "%s%s%sdelivered %" PRIu64 " times and never acknowledged (max_deliveries "
                   "= %u): a worker running '%s' may crash or hang on it",
                   rec->doc ? "document '" : "", rec->doc ? td_doc_id(rec->doc) : "",
                   rec->doc ? "': " : "", it->deliveries, w->sh->cfg->max_deliveries,
                   w->seg->names);
    it->stage = w->seg->names;
}

/*
 * Take over entries idle longer than claim_idle_ms in any consumer's
 * pending list, one at a time, each processed and handed on before the
 * next is claimed.
 */
static int reclaim(worker *w)
{
    const td_redis_cfg *cfg = w->sh->cfg;
    char idle[24];
    snprintf(idle, sizeof(idle), "%u", cfg->claim_idle_ms);
    for (unsigned calls = 0; calls < 100 && !atomic_load(w->sh->stop); calls++) {
        const char *argv[] = {"XAUTOCLAIM", w->seg->src, TD_RGROUP, w->consumer, idle,
                              w->cursor, "COUNT", "1"};
        redisReply *r = td_rconn_cmd(&w->conn, 8, argv, NULL);
        if (!r)
            return -1;
        if (r->type != REDIS_REPLY_ARRAY || r->elements < 2 ||
            r->element[0]->type != REDIS_REPLY_STRING ||
            r->element[1]->type != REDIS_REPLY_ARRAY) {
            if (r->type == REDIS_REPLY_ERROR && w->sh->log)
                fprintf(w->sh->log, "%s: XAUTOCLAIM on %s: %s\n", w->sh->who, w->seg->src,
                        r->str);
            freeReplyObject(r);
            return 0;
        }
        snprintf(w->cursor, sizeof(w->cursor), "%s", r->element[0]->str);
        const redisReply *entries = r->element[1];
        const char *id;
        size_t idlen;
        const redisReply *fields;
        if (entries->elements == 1 && td_rentry(entries->element[0], &id, &idlen, &fields)) {
            item *it = add_item(w, id, idlen, fields, 0);
            if (it) {
                atomic_fetch_add_explicit(&w->sh->reclaimed, 1, memory_order_relaxed);
                it->deliveries = delivery_count(w, it->id);
                if (it->deliveries > cfg->max_deliveries)
                    give_up_on(w, it);
                else
                    process_item(w, it);
            }
        }
        freeReplyObject(r);
        count_failures(w);
        int rc = write_batch(w);
        clear_batch(w);
        if (rc < 0)
            return -1;
        if (strcmp(w->cursor, "0-0") == 0)
            return 0;
    }
    return 0;
}

/* ---- the loop ------------------------------------------------------------- */

/* On a clean exit: trim what was read, and leave the group unless entries
 * are still ours. */
static void farewell(worker *w)
{
    if (!w->conn.c || td_rstream_trim(&w->conn, w->seg->src) < 0)
        return;
    const char *argv[] = {"XPENDING", w->seg->src, TD_RGROUP, "-", "+", "1", w->consumer};
    redisReply *r = td_rconn_cmd(&w->conn, 7, argv, NULL);
    bool none = r && r->type == REDIS_REPLY_ARRAY && r->elements == 0;
    if (r)
        freeReplyObject(r);
    if (!none)
        return;
    const char *del[] = {"XGROUP", "DELCONSUMER", w->seg->src, TD_RGROUP, w->consumer};
    if ((r = td_rconn_cmd(&w->conn, 5, del, NULL)))
        freeReplyObject(r);
}

int td_rworker_main(td_rworker_shared *sh, unsigned index)
{
    worker w = {.sh = sh, .seg = sh->seg, .index = index};
    snprintf(w.consumer, sizeof(w.consumer), "%s:%u", sh->node, index);
    snprintf(w.cursor, sizeof(w.cursor), "0-0");
    td_rconn_init(&w.conn, sh->cfg, sh->log, sh->who, sh->abort);
    td_rargs_init(&w.args);
    const uint64_t ms = 1000000;
    uint64_t next_claim = 0, next_trim = td_now_ns() + 1000 * ms, next_reap = 0;
    unsigned reconnects = 0;
    bool own = true; /* first our own pending entries (after a reconnection) */
    int rc = 0;
    while (!atomic_load(sh->stop)) {
        if (td_rconn_ready(&w.conn) != 0) {
            rc = -1;
            break;
        }
        if (w.conn.reconnects != reconnects) {
            reconnects = w.conn.reconnects;
            own = true;
        }
        uint64_t now = td_now_ns();
        if (now >= next_trim) {
            if (td_rstream_trim(&w.conn, sh->seg->src) < 0)
                continue;
            if (now >= next_reap) {
                td_rstream_reap(&w.conn, sh->seg->src, w.consumer, sh->cfg->claim_idle_ms);
                next_reap = now + 10000 * ms;
            }
            next_trim = now + 1000 * ms;
        }
        if (w.throttled) {
            if (check_backlog(&w) == 0 && w.throttled)
                td_sleep_ms(100, sh->stop);
            continue;
        }
        int got;
        if (own) {
            got = read_batch(&w, "0", 0);
            own = got != 0;
        } else if (now >= next_claim) {
            reclaim(&w);
            next_claim = td_now_ns() + (uint64_t)(sh->cfg->claim_idle_ms / 2 + 1) * ms;
            continue;
        } else {
            got = read_batch(&w, ">", sh->block_ms);
        }
        if (got > 0) {
            for (size_t i = 0; i < w.n; i++)
                process_item(&w, &w.items[i]);
            count_failures(&w);
            int wrote = write_batch(&w);
            if (wrote < 0)
                rc = -1;
            if (wrote > 0) { /* refused: not again at once */
                own = false;
                td_sleep_ms(100, sh->stop);
            }
        }
        clear_batch(&w);
        if (rc != 0)
            break;
    }
    if (rc == 0)
        farewell(&w);
    else if (!atomic_load(sh->abort) && sh->log)
        fprintf(sh->log, "%s: %s\n", sh->who, w.conn.err);
    clear_batch(&w);
    free(w.items);
    td_rargs_free(&w.args);
    td_rconn_close(&w.conn);
    return rc;
}
