/* The collector (see redis_collect.h). */
#include "redis_collect.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redis_wire.h"
#include "stage.h"

typedef struct got {
    bool dead;           /* from the dead-letter stream */
    char id[64];         /* entry id */
    td_record *rec;      /* NULL: the entry is gone; only acknowledged */
    char key[512];       /* the document id it is claimed under */
    char tag[72];        /* "o:<entry id>" or "d:<entry id>": the claim's value */
    bool winner;         /* holds the claim: write it */
} got;

typedef struct collector {
    td_rconn *conn;
    const td_rkeys *keys;
    const td_rcollect_opts *o;
    td_rcollect_stats *st;
    td_run_opts ropts;
    got *items;
    size_t n, cap;
    char *sink_field;    /* the output file's real path */
    uint64_t committed;  /* bytes of it committed */
    bool own;            /* read our own pending entries first */
    char cursor[2][64];  /* XAUTOCLAIM scans of out and dead */
    td_rargs args;
} collector;

static void clear_items(collector *c)
{
    for (size_t i = 0; i < c->n; i++)
        td_record_free(c->items[i].rec);
    c->n = 0;
}

static got *add_got(collector *c, bool dead, const char *id, size_t idlen,
                    const redisReply *fields)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        got *grown = realloc(c->items, cap * sizeof(*grown));
        if (!grown)
            return NULL;
        c->items = grown;
        c->cap = cap;
    }
    got *g = &c->items[c->n++];
    memset(g, 0, sizeof(*g));
    g->dead = dead;
    snprintf(g->id, sizeof(g->id), "%.*s", (int)(idlen < 63 ? idlen : 63), id);
    snprintf(g->tag, sizeof(g->tag), "%c:%s", dead ? 'd' : 'o', g->id);
    if (!fields)
        return g;
    char err[256];
    g->rec = td_wire_result(fields, dead, err, sizeof(err));
    if (!g->rec) {
        fprintf(c->o->log, "tidings collect: entry %s: %s\n", g->id, err);
        return g;
    }
    size_t len;
    const char *docid = td_rfield(fields, "id", &len);
    if (docid)
        snprintf(g->key, sizeof(g->key), "%.*s", (int)(len < 500 ? len : 500), docid);
    else /* a dead letter whose input never decoded */
        snprintf(g->key, sizeof(g->key), "@%s:%llu", g->rec->source,
                 (unsigned long long)g->rec->line);
    return g;
}

static void take_stream(collector *c, const redisReply *s)
{
    if (s->type != REDIS_REPLY_ARRAY || s->elements != 2 ||
        s->element[0]->type != REDIS_REPLY_STRING)
        return;
    bool dead = strcmp(s->element[0]->str, c->keys->dead) == 0;
    const redisReply *entries = s->element[1];
    for (size_t i = 0; entries->type == REDIS_REPLY_ARRAY && i < entries->elements; i++) {
        const char *id;
        size_t idlen;
        const redisReply *fields;
        if (td_rentry(entries->element[i], &id, &idlen, &fields))
            add_got(c, dead, id, idlen, fields);
    }
}

/* New entries (or with c->own, ours not yet acknowledged). 0, or -1 when
 * the connection broke. */
static int read_entries(collector *c, uint64_t want, unsigned block_ms)
{
    char count[24], block[24];
    snprintf(count, sizeof(count), "%llu", (unsigned long long)want);
    snprintf(block, sizeof(block), "%u", block_ms);
    redisReply *r;
    if (c->own) { /* no BLOCK: what is pending is there or not */
        const char *argv[] = {"XREADGROUP", "GROUP", TD_RGROUP, c->o->consumer, "COUNT", count,
                              "STREAMS", c->keys->out, c->keys->dead, "0", "0"};
        r = td_rconn_cmd(c->conn, 11, argv, NULL);
    } else {
        const char *argv[] = {"XREADGROUP", "GROUP", TD_RGROUP, c->o->consumer, "COUNT", count,
                              "BLOCK", block, "STREAMS", c->keys->out, c->keys->dead, ">", ">"};
        r = td_rconn_cmd(c->conn, 13, argv, NULL);
    }
    if (!r)
        return -1;
    if (r->type == REDIS_REPLY_ERROR) {
        fprintf(c->o->log, "tidings collect: reading %s: %s\n", c->keys->out, r->str);
        freeReplyObject(r);
        td_sleep_ms(200, NULL);
        return 0;
    }
    for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++)
        take_stream(c, r->element[i]);
    freeReplyObject(r);
    return 0;
}

/* COUNT is per stream: keep no more documents than wanted; the rest stay
 * pending, ours, read again next (c->own). */
static void keep_wanted(collector *c, uint64_t want)
{
    uint64_t docs = 0;
    size_t keep = 0;
    for (; keep < c->n; keep++) {
        if (c->items[keep].rec && docs == want)
            break;
        docs += c->items[keep].rec != NULL;
    }
    for (size_t i = keep; i < c->n; i++)
        td_record_free(c->items[i].rec);
    if (keep < c->n)
        c->own = true;
    c->n = keep;
}

/* Entries a dead collector left pending, from both streams. */
static int reclaim(collector *c, uint64_t want)
{
    char idle[24], count[24];
    snprintf(idle, sizeof(idle), "%u", c->conn->cfg->claim_idle_ms);
    snprintf(count, sizeof(count), "%llu", (unsigned long long)want);
    const char *keys[2] = {c->keys->out, c->keys->dead};
    for (int s = 0; s < 2; s++) {
        const char *argv[] = {"XAUTOCLAIM", keys[s], TD_RGROUP, c->o->consumer, idle,
                              c->cursor[s], "COUNT", count};
        redisReply *r = td_rconn_cmd(c->conn, 8, argv, NULL);
        if (!r)
            return -1;
        if (r->type == REDIS_REPLY_ARRAY && r->elements >= 2 &&
            r->element[0]->type == REDIS_REPLY_STRING) {
            snprintf(c->cursor[s], sizeof(c->cursor[s]), "%s", r->element[0]->str);
            const redisReply *entries = r->element[1];
            for (size_t i = 0; entries->type == REDIS_REPLY_ARRAY && i < entries->elements; i++) {
                const char *id;
                size_t idlen;
                const redisReply *fields;
                if (td_rentry(entries->element[i], &id, &idlen, &fields))
                    add_got(c, s == 1, id, idlen, fields);
            }
        }
        freeReplyObject(r);
    }
    return 0;
}

/* Claim every document id of the batch: HSETNX, then HGET says who holds it. */
static int claim(collector *c)
{
    unsigned sent = 0;
    for (size_t i = 0; i < c->n; i++) {
        got *g = &c->items[i];
        if (!g->rec)
            continue;
        const char *setnx[] = {"HSETNX", c->keys->seen, g->key, g->tag};
        const char *get[] = {"HGET", c->keys->seen, g->key};
        if (td_rconn_append(c->conn, 4, setnx, NULL) != 0 ||
            td_rconn_append(c->conn, 3, get, NULL) != 0)
            return -1;
        sent++;
    }
    for (size_t i = 0; i < c->n; i++) {
        got *g = &c->items[i];
        if (!g->rec)
            continue;
        redisReply *set = td_rconn_get(c->conn), *holder = set ? td_rconn_get(c->conn) : NULL;
        if (!holder) {
            if (set)
                freeReplyObject(set);
            return -1;
        }
        g->winner = holder->type == REDIS_REPLY_STRING && strcmp(holder->str, g->tag) == 0;
        freeReplyObject(set);
        freeReplyObject(holder);
    }
    return 0;
}

static int output_size(collector *c, uint64_t *size)
{
    struct stat sb;
    if (fstat(fileno(c->o->out), &sb) != 0)
        return -1;
    *size = (uint64_t)sb.st_size;
    return 0;
}

/* The acknowledgements and the file's committed size, in one transaction. */
static int commit(collector *c, uint64_t size)
{
    td_rargs *a = &c->args;
    const char *multi[] = {"MULTI"}, *exec[] = {"EXEC"};
    if (td_rconn_append(c->conn, 1, multi, NULL) != 0)
        return -1;
    if (c->sink_field) {
        td_rargs_str(a, "HSET");
        td_rargs_str(a, c->keys->sink);
        td_rargs_str(a, c->sink_field);
        td_rargs_u64(a, size);
        if (td_rargs_append(a, c->conn) != 0)
            return -1;
    }
    for (int dead = 0; dead < 2; dead++) {
        td_rargs_str(a, "XACK");
        td_rargs_str(a, dead ? c->keys->dead : c->keys->out);
        td_rargs_str(a, TD_RGROUP);
        int n = a->n;
        for (size_t i = 0; i < c->n; i++)
            if (c->items[i].dead == (bool)dead)
                td_rargs_str(a, c->items[i].id);
        if (a->n == n)
            td_rargs_reset(a);
        else if (td_rargs_append(a, c->conn) != 0)
            return -1;
    }
    if (td_rconn_append(c->conn, 1, exec, NULL) != 0)
        return -1;
    return td_rconn_skip(c->conn);
}

/* Claim, write and commit the batch in hand. 0, 1 when the output cannot
 * be written, -1 when the connection broke before the commit. */
static int handle_batch(collector *c)
{
    if (claim(c) != 0)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        got *g = &c->items[i];
        if (!g->rec)
            continue;
        if (!g->winner) {
            c->st->repeats++;
            continue;
        }
        if (td_write_record(g->rec, &c->ropts, &c->st->sum) != 0)
            return 1;
        td_record_free(g->rec); /* written: not again if the commit is retried */
        g->rec = NULL;
    }
    if (fflush(c->o->out) != 0 || (c->o->errors && fflush(c->o->errors) != 0))
        return 1;
    uint64_t size = 0;
    if (c->sink_field && output_size(c, &size) != 0)
        return 1;
    /* Written: commit, again after reconnecting if need be (idempotent). */
    while (commit(c, size) != 0)
        if (td_rconn_ready(c->conn) != 0)
            return -1;
    c->committed = size;
    return 0;
}

/* A file: cut off what a crashed collector wrote but never committed. */
static int open_sink(collector *c)
{
    if (!c->o->out_path)
        return 0;
    char real[PATH_MAX];
    if (!realpath(c->o->out_path, real) || !(c->sink_field = strdup(real)))
        return -1;
    uint64_t size;
    if (output_size(c, &size) != 0)
        return -1;
    const char *argv[] = {"HGET", c->keys->sink, c->sink_field};
    redisReply *r = td_rconn_cmd(c->conn, 3, argv, NULL);
    if (!r)
        return -1;
    uint64_t committed = r->type == REDIS_REPLY_STRING ? strtoull(r->str, NULL, 10) : size;
    freeReplyObject(r);
    if (size > committed) {
        if (ftruncate(fileno(c->o->out), (off_t)committed) != 0)
            return -1;
        c->st->cut = size - committed;
        fprintf(c->o->log, "tidings collect: %s: cut %llu bytes written after the last commit; "
                "those documents come again\n", c->o->out_path, (unsigned long long)c->st->cut);
    } else if (size < committed) {
        fprintf(c->o->log, "tidings collect: %s is shorter than what was committed to it "
                "(%llu < %llu bytes): was it changed?\n", c->o->out_path,
                (unsigned long long)size, (unsigned long long)committed);
    }
    c->committed = size < committed ? size : committed;
    return 0;
}

static bool signalled(const sigset_t *set)
{
    sigset_t pending;
    if (!set || sigpending(&pending) != 0)
        return false;
    return sigismember(&pending, SIGINT) == 1 && sigismember(set, SIGINT) == 1 ? true
           : sigismember(&pending, SIGTERM) == 1 && sigismember(set, SIGTERM) == 1;
}

int td_rcollect(td_rconn *conn, const td_rkeys *keys, const td_rcollect_opts *o,
                td_rcollect_stats *st)
{
    memset(st, 0, sizeof(*st));
    collector c = {.conn = conn, .keys = keys, .o = o, .st = st, .own = true};
    c.ropts = (td_run_opts){.out = o->out, .errors = o->errors, .log = o->log};
    snprintf(c.cursor[0], sizeof(c.cursor[0]), "0-0");
    snprintf(c.cursor[1], sizeof(c.cursor[1]), "0-0");
    td_rargs_init(&c.args);
    const td_redis_cfg *cfg = conn->cfg;
    int rc = -1;
    if (open_sink(&c) != 0) {
        fprintf(o->log, "tidings collect: %s: %s\n", o->out_path,
                conn->c ? strerror(errno) : conn->err);
        goto out;
    }
    uint64_t t0 = td_now_ns(), last_new = t0, next_claim = t0, next_trim = t0;
    uint64_t done = 0;
    unsigned reconnects = conn->reconnects;
    for (;;) {
        if (signalled(o->stop_on) || (o->count && done >= o->count))
            break;
        uint64_t now = td_now_ns();
        double idle = (double)(now - last_new) / 1e9;
        if (o->until_idle > 0 && idle >= o->until_idle)
            break;
        if (td_rconn_ready(conn) != 0) {
            fprintf(o->log, "tidings collect: %s\n", conn->err);
            goto out;
        }
        if (conn->reconnects != reconnects) {
            reconnects = conn->reconnects;
            c.own = true;
        }
        uint64_t want = o->count && o->count - done < cfg->batch ? o->count - done : cfg->batch;
        unsigned block = cfg->block_ms;
        if (o->until_idle > 0 && (o->until_idle - idle) * 1000 < block)
            block = (unsigned)((o->until_idle - idle) * 1000) + 1;
        int r;
        if (!c.own && now >= next_claim) {
            r = reclaim(&c, want);
            next_claim = now + (uint64_t)(cfg->claim_idle_ms / 2 + 1) * 1000000;
        } else {
            r = read_entries(&c, want, block);
        }
        if (r != 0) {
            clear_items(&c);
            continue;
        }
        if (o->count)
            keep_wanted(&c, want);
        if (c.own && c.n == 0)
            c.own = false;
        if (c.n == 0)
            continue;
        last_new = td_now_ns();
        uint64_t before = st->sum.documents;
        int h = handle_batch(&c);
        done += st->sum.documents - before;
        clear_items(&c);
        if (h > 0) {
            fprintf(o->log, "tidings collect: cannot write the output: %s\n", strerror(errno));
            goto out;
        }
        if (h == 0 && td_now_ns() >= next_trim) {
            td_rstream_trim(conn, keys->out);
            next_trim = td_now_ns() + 1000000000ull;
        }
    }
    if (conn->c)
        td_rstream_trim(conn, keys->out);
    st->sum.seconds = (double)(td_now_ns() - t0) / 1e9;
    rc = 0;
out:
    clear_items(&c);
    free(c.items);
    free(c.sink_field);
    td_rargs_free(&c.args);
    return rc;
}
