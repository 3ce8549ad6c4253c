/* tidings status: what each stream of a pipeline holds, who reads it. */
#include "redis.h"

#include <string.h>

#include "redis_conn.h"
#include "redis_stream.h"

static long long int_field(const redisReply *flat, const char *name, long long fallback)
{
    const redisReply *v = td_reply_field(flat, name);
    return v && v->type == REDIS_REPLY_INTEGER ? v->integer : fallback;
}

static void print_consumers(td_rconn *conn, const char *key, FILE *out)
{
    const char *argv[] = {"XINFO", "CONSUMERS", key, TD_RGROUP};
    redisReply *r = td_rconn_cmd(conn, 4, argv, NULL);
    for (size_t i = 0; r && r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        const redisReply *c = r->element[i];
        const redisReply *name = td_reply_field(c, "name");
        fprintf(out, "  %-40s %17lld  idle %.1f s\n",
                name && name->type == REDIS_REPLY_STRING ? name->str : "?",
                int_field(c, "pending", 0), (double)int_field(c, "idle", 0) / 1000.0);
    }
    if (r)
        freeReplyObject(r);
}

static void print_last_dead(td_rconn *conn, const char *key, FILE *out)
{
    const char *argv[] = {"XREVRANGE", key, "+", "-", "COUNT", "1"};
    redisReply *r = td_rconn_cmd(conn, 6, argv, NULL);
    const char *id;
    size_t idlen;
    const redisReply *fields;
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
        td_rentry(r->element[0], &id, &idlen, &fields) && fields) {
        size_t elen = 0, slen = 0;
        const char *err = td_rfield(fields, "error", &elen);
        const char *stage = td_rfield(fields, "stage", &slen);
        fprintf(out, "  last: %.*s (stage %.*s)\n", (int)elen, err ? err : "?", (int)slen,
                stage ? stage : "?");
    }
    if (r)
        freeReplyObject(r);
}

/* One stream's line: 0, or -1 when the connection broke. */
static int print_stream(td_rconn *conn, const char *key, const char *what, FILE *out)
{
    const char *xlen[] = {"XLEN", key};
    redisReply *r = td_rconn_cmd(conn, 2, xlen, NULL);
    if (!r)
        return -1;
    long long len = r->type == REDIS_REPLY_INTEGER ? r->integer : 0;
    freeReplyObject(r);
    const char *groups[] = {"XINFO", "GROUPS", key};
    if (!(r = td_rconn_cmd(conn, 3, groups, NULL)))
        return -1;
    const redisReply *g = NULL;
    for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        const redisReply *name = td_reply_field(r->element[i], "name");
        if (name && name->type == REDIS_REPLY_STRING && strcmp(name->str, TD_RGROUP) == 0)
            g = r->element[i];
    }
    char lag[24] = "-";
    long long pending = 0, consumers = 0;
    if (g) {
        long long l = int_field(g, "lag", -1);
        if (l >= 0)
            snprintf(lag, sizeof(lag), "%lld", l);
        else
            snprintf(lag, sizeof(lag), "?");
        pending = int_field(g, "pending", 0);
        consumers = int_field(g, "consumers", 0);
    }
    fprintf(out, "%-42s %8lld %8lld %8s %9lld  %s\n", key, len, pending, lag, consumers, what);
    freeReplyObject(r);
    if (g && consumers)
        print_consumers(conn, key, out);
    return 0;
}

int td_redis_status(td_pipeline_conf *conf, td_rconn *conn, const td_rkeys *keys, FILE *out)
{
    td_rseg segs[keys->nat + 1];
    td_rkeys_segments(keys, conf, segs);
    fprintf(out, "pipeline '%s' at %s\n\n", conf->name, conn->cfg->url_shown);
    fprintf(out, "%-42s %8s %8s %8s %9s  %s\n", "stream", "length", "pending", "lag",
            "consumers", "read by");
    for (size_t s = 0; s <= keys->nat; s++) {
        char what[300];
        snprintf(what, sizeof(what), "worker --from %s (%s)",
                 conf->chain.stages[segs[s].from]->name, segs[s].names);
        if (print_stream(conn, segs[s].src, what, out) != 0)
            return -1;
    }
    if (print_stream(conn, keys->out, "collect", out) != 0 ||
        print_stream(conn, keys->dead, "dead letters (collect reports them)", out) != 0)
        return -1;
    print_last_dead(conn, keys->dead, out);
    const char *hlen[] = {"HLEN", keys->seen};
    redisReply *r = td_rconn_cmd(conn, 2, hlen, NULL);
    if (!r)
        return -1;
    fprintf(out, "\ncollected: %lld document ids (%s)\n",
            r->type == REDIS_REPLY_INTEGER ? r->integer : 0, keys->seen);
    freeReplyObject(r);
    return 0;
}
