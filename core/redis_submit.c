/* Feeding the input stream in transactions (see redis_submit.h). */
#include "redis_submit.h"

#include <stdlib.h>
#include <string.h>

#include "redis_wire.h"
#include "stage.h"

void td_rsubmit_init(td_rsubmit *s, td_rconn *conn, const td_rkeys *keys, bool number,
                     const atomic_int *stop)
{
    memset(s, 0, sizeof(*s));
    s->conn = conn;
    s->keys = keys;
    s->number = number;
    s->stop = stop;
    char node[128];
    td_redis_node_name(node, sizeof(node));
    snprintf(s->sid, sizeof(s->sid), "%s:%llx", node, (unsigned long long)td_now_ns());
    td_rargs_init(&s->args);
}

static void drop_batch(td_rsubmit *s)
{
    for (size_t i = 0; i < s->n; i++)
        td_record_free(s->recs[i]);
    s->n = 0;
    s->numbered = false;
}

void td_rsubmit_free(td_rsubmit *s)
{
    drop_batch(s);
    free(s->recs);
    td_rargs_free(&s->args);
    s->recs = NULL;
    s->cap = 0;
}

/* Sequence numbers for the batch, from the shared counter. */
static int number_batch(td_rsubmit *s)
{
    char n[24];
    snprintf(n, sizeof(n), "%zu", s->n);
    const char *argv[] = {"INCRBY", s->keys->seq, n};
    redisReply *r = td_rconn_cmd(s->conn, 3, argv, NULL);
    if (!r)
        return -1;
    if (r->type != REDIS_REPLY_INTEGER) {
        freeReplyObject(r);
        td_rconn_drop(s->conn, "INCRBY did not answer a number");
        return -1;
    }
    uint64_t first = (uint64_t)r->integer - s->n;
    freeReplyObject(r);
    for (size_t i = 0; i < s->n; i++)
        s->recs[i]->seq = first + i;
    s->numbered = true;
    return 0;
}

/* Did batch number s->batches + 1 go through before the connection broke? */
static int batch_committed(td_rsubmit *s)
{
    const char *argv[] = {"HGET", s->keys->submits, s->sid};
    redisReply *r = td_rconn_cmd(s->conn, 3, argv, NULL);
    if (!r)
        return -1;
    int done = r->type == REDIS_REPLY_STRING && strtoull(r->str, NULL, 10) > s->batches;
    freeReplyObject(r);
    return done;
}

static int append_batch(td_rsubmit *s)
{
    td_rargs *a = &s->args;
    const char *multi[] = {"MULTI"}, *exec[] = {"EXEC"};
    if (td_rconn_append(s->conn, 1, multi, NULL) != 0)
        return -1;
    for (size_t i = 0; i < s->n; i++) {
        td_record *rec = s->recs[i];
        if (rec->status == TD_RECORD_FAILED)
            td_wire_xadd_dead(a, s->keys->dead, rec, "(input)", 0);
        else
            td_wire_xadd_input(a, s->keys->in, rec);
        if (td_rargs_append(a, s->conn) != 0)
            return -1;
    }
    td_rargs_str(a, "HSET");
    td_rargs_str(a, s->keys->submits);
    td_rargs_str(a, s->sid);
    td_rargs_u64(a, s->batches + 1);
    if (td_rargs_append(a, s->conn) != 0 || td_rconn_append(s->conn, 1, exec, NULL) != 0)
        return -1;
    const char *xlen[] = {"XLEN", s->keys->in};
    return td_rconn_append(s->conn, 2, xlen, NULL);
}

/* Wait while the input stream holds max_backlog entries or more. */
static int wait_backlog(td_rsubmit *s, long long len)
{
    long long max = s->conn->cfg->max_backlog;
    while (max && len >= max && !(s->stop && atomic_load(s->stop))) {
        td_sleep_ms(100, s->stop);
        if (td_rconn_ready(s->conn) != 0)
            return -1;
        const char *argv[] = {"XLEN", s->keys->in};
        redisReply *r = td_rconn_cmd(s->conn, 2, argv, NULL);
        if (!r)
            continue;
        len = r->type == REDIS_REPLY_INTEGER ? r->integer : 0;
        freeReplyObject(r);
    }
    return 0;
}

int td_rsubmit_flush(td_rsubmit *s)
{
    if (s->n == 0)
        return 0;
    for (unsigned attempt = 0;; attempt++) {
        if (td_rconn_ready(s->conn) != 0)
            return -1;
        if (attempt > 0) {
            int done = batch_committed(s);
            if (done < 0)
                continue;
            if (done)
                break;
        }
        if (s->number && !s->numbered && number_batch(s) != 0)
            continue;
        if (append_batch(s) != 0) {
            td_rargs_reset(&s->args);
            td_rconn_drop(s->conn, "out of memory building a batch");
            continue;
        }
        unsigned owed = s->conn->owed;
        redisReply *exec = NULL;
        long long len = 0;
        bool broke = false;
        for (unsigned i = 0; i < owed; i++) {
            redisReply *r = td_rconn_get(s->conn);
            if (!r) {
                broke = true;
                break;
            }
            if (i == owed - 2)
                exec = r;
            else {
                if (i == owed - 1 && r->type == REDIS_REPLY_INTEGER)
                    len = r->integer;
                freeReplyObject(r);
            }
        }
        if (broke) {
            if (exec)
                freeReplyObject(exec);
            continue;
        }
        const char *why = !exec || exec->type == REDIS_REPLY_NIL ? "the transaction was dropped"
                          : exec->type == REDIS_REPLY_ERROR       ? exec->str
                                                                  : NULL;
        for (size_t i = 0; !why && i < exec->elements; i++)
            why = td_reply_error(exec->element[i]);
        if (why) {
            snprintf(s->conn->err, sizeof(s->conn->err), "%s refused a batch for %s: %s",
                     s->conn->cfg->url_shown, s->keys->in, why);
            freeReplyObject(exec);
            return -1;
        }
        freeReplyObject(exec);
        if (wait_backlog(s, len) != 0)
            return -1;
        break;
    }
    s->batches++;
    s->sent += s->n;
    drop_batch(s);
    return 0;
}

int td_rsubmit_add(td_rsubmit *s, td_record *rec)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        td_record **grown = realloc(s->recs, cap * sizeof(*grown));
        if (!grown) {
            td_record_free(rec);
            snprintf(s->conn->err, sizeof(s->conn->err), "out of memory");
            return -1;
        }
        s->recs = grown;
        s->cap = cap;
    }
    s->recs[s->n++] = rec;
    return s->n >= s->conn->cfg->batch ? td_rsubmit_flush(s) : 0;
}

int td_rsubmit_finish(td_rsubmit *s)
{
    if (td_rsubmit_flush(s) != 0)
        return -1;
    if (s->batches == 0 || td_rconn_ready(s->conn) != 0)
        return 0;
    const char *argv[] = {"HDEL", s->keys->submits, s->sid};
    redisReply *r = td_rconn_cmd(s->conn, 3, argv, NULL);
    if (r)
        freeReplyObject(r);
    return 0;
}
