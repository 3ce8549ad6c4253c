/*
 * Talking to Redis: the [queue.redis] settings, the URL, and a connection
 * that is dropped the moment it breaks and made again at a bounded rate.
 *
 * A redisContext that has seen an error cannot be used again (hiredis):
 * every call here that meets one frees the context at once, keeps the
 * reason in rc->err and returns NULL / -1. The next td_rconn_ready()
 * connects again, waiting 100 ms, 200 ms, ... up to 2 s between attempts,
 * and gives up after reconnect_max_ms without a working connection.
 */
#ifndef TD_REDIS_CONN_H
#define TD_REDIS_CONN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <hiredis/hiredis.h>

#include <tidings/stage.h>

typedef struct td_redis_cfg {
    char *url_shown;  /* the URL without its password, for messages */
    char *host;       /* TCP host, or NULL for a unix socket */
    int port;
    char *socket;     /* unix socket path */
    char *user;       /* ACL user, or NULL */
    char *password;   /* NULL: no AUTH */
    int db;
    char *prefix;
    unsigned batch, block_ms, claim_idle_ms, max_deliveries;
    unsigned connect_timeout_ms, command_timeout_ms, reconnect_max_ms;
    long long max_backlog;
} td_redis_cfg;

/* Parse redis://[user:password@]host[:port][/db] or unix://[user:password@]/path[?db=N]
 * into cfg's connection fields. 0, or -1 with the reason. */
int td_redis_url_parse(td_redis_cfg *cfg, const char *url, char *err, size_t errlen);
/* Every [queue.redis] option, checked for range. 0, or -1 with the reason. */
int td_redis_cfg_load(td_redis_cfg *cfg, const td_stage_config *opts, char *err, size_t errlen);
void td_redis_cfg_free(td_redis_cfg *cfg);

typedef struct td_rconn {
    const td_redis_cfg *cfg;
    redisContext *c;     /* NULL while not connected */
    FILE *log;           /* where reconnections are told, or NULL */
    const char *who;     /* "tidings worker" and the like, for messages */
    const atomic_int *stop; /* waiting for a reconnection ends when set */
    char err[256];       /* why the last call failed */
    unsigned backoff_ms; /* wait before the next attempt */
    uint64_t down_since; /* when the connection was lost (ns), 0 while up */
    uint64_t next_try;   /* not before this (ns) */
    unsigned owed;       /* replies of appended commands not read yet */
    unsigned reconnects; /* connections made after a loss */
} td_rconn;

void td_rconn_init(td_rconn *rc, const td_redis_cfg *cfg, FILE *log, const char *who,
                   const atomic_int *stop);
/* One attempt: connect, AUTH, SELECT, within the timeouts. 0, or -1 with
 * rc->err saying what failed ("cannot connect to ...: Connection refused"). */
int td_rconn_connect(td_rconn *rc);
/* Connected, reconnecting with backoff when not. 0, or -1 when stopping or
 * after reconnect_max_ms without a connection (rc->err says why). */
int td_rconn_ready(td_rconn *rc);
/* Forget a broken context (what td_rconn_get does on an I/O error). */
void td_rconn_drop(td_rconn *rc, const char *why);
void td_rconn_close(td_rconn *rc);

/* Queue a command for the pipeline; sent with the first td_rconn_get. */
int td_rconn_append(td_rconn *rc, int argc, const char **argv, const size_t *lens);
/* The next reply of the queued commands. NULL when the connection broke
 * (it is dropped); Redis error replies come back as replies. */
redisReply *td_rconn_get(td_rconn *rc);
/* One command, one reply (NULL as td_rconn_get). */
redisReply *td_rconn_cmd(td_rconn *rc, int argc, const char **argv, const size_t *lens);
/* Read and free the replies still owed; -1 when the connection broke. */
int td_rconn_skip(td_rconn *rc);

/* ---- building argument vectors ------------------------------------------ */

typedef struct td_rargs {
    int n, cap;
    const char **v;
    size_t *len;
    char (*num)[24]; /* numbers formatted in place */
    bool *isnum;
    bool oom;
} td_rargs;

void td_rargs_init(td_rargs *a);
void td_rargs_free(td_rargs *a);
void td_rargs_reset(td_rargs *a);
void td_rargs_add(td_rargs *a, const char *s, size_t len); /* borrowed */
void td_rargs_str(td_rargs *a, const char *s);               /* borrowed */
void td_rargs_u64(td_rargs *a, uint64_t x);                   /* copied */
/* Queue the command built so far and reset the builder. */
int td_rargs_append(td_rargs *a, td_rconn *rc);

/* ---- replies ----------------------------------------------------------- */

/* The value of `field` in a flat [field, value, ...] array, or NULL. */
const redisReply *td_reply_field(const redisReply *flat, const char *field);
/* A reply that is an error: its text; else NULL. */
const char *td_reply_error(const redisReply *r);

/* Sleep ms, in slices, returning early when *stop is set. */
void td_sleep_ms(unsigned ms, const atomic_int *stop);

#endif
