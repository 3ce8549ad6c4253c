/* Redis settings, URLs and connections (see redis_conn.h). */
#include "redis_conn.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "options.h"
#include "stage.h"

/* ---- URLs --------------------------------------------------------------- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A copy of s[0, n) with %XX decoded; NULL when a % escape is broken. */
static char *percent_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            *o++ = s[i];
            continue;
        }
        int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
        int lo = hi >= 0 ? hexval((unsigned char)s[i + 2]) : -1;
        if (lo < 0) {
            free(out);
            return NULL;
        }
        *o++ = (char)(hi * 16 + lo);
        i += 2;
    }
    *o = '\0';
    return out;
}

static int parse_number(const char *s, size_t n, long lo, long hi, long *out)
{
    if (n == 0 || n > 10)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static void url_clear(td_redis_cfg *cfg)
{
    free(cfg->url_shown);
    free(cfg->host);
    free(cfg->socket);
    free(cfg->user);
    free(cfg->password);
    cfg->url_shown = cfg->host = cfg->socket = cfg->user = cfg->password = NULL;
    cfg->port = 0;
    cfg->db = 0;
}

/* user[:password] */
static int parse_userinfo(td_redis_cfg *cfg, const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    size_t ulen = colon ? (size_t)(colon - s) : n;
    if (ulen && !(cfg->user = percent_decode(s, ulen)))
        return -1;
    if (colon && !(cfg->password = percent_decode(colon + 1, n - ulen - 1)))
        return -1;
    if (!colon) /* an ACL user that needs no password */
        cfg->password = strdup("");
    return cfg->password ? 0 : -1;
}

static int fail(char *err, size_t errlen, const char *url, const char *why)
{
    snprintf(err, errlen, "url '%s': %s", url, why);
    return -1;
}

int td_redis_url_parse(td_redis_cfg *cfg, const char *url, char *err, size_t errlen)
{
    url_clear(cfg);
    const char *example = "expected redis://[user:password@]host[:port][/db] or "
                          "unix:///path/to/socket[?db=N]";
    bool unix_sock = strncmp(url, "unix://", 7) == 0;
    if (strncmp(url, "rediss://", 9) == 0)
        return fail(err, errlen, url, "TLS (rediss://) is not supported by this build");
    if (!unix_sock && strncmp(url, "redis://", 8) != 0)
        return fail(err, errlen, url, example);
    const char *p = url + (unix_sock ? 7 : 8);
    /* userinfo: up to an '@' before the first '/' (unix: before the path) */
    const char *slash = strchr(p, '/');
    const char *at = memchr(p, '@', slash ? (size_t)(slash - p) : strlen(p));
    if (at) {
        if (parse_userinfo(cfg, p, (size_t)(at - p)) != 0) {
            url_clear(cfg);
            return fail(err, errlen, url, "a broken %-escape in the user or password");
        }
        p = at + 1;
    }
    long db = 0;
    if (unix_sock) {
        const char *q = strchr(p, '?');
        size_t plen = q ? (size_t)(q - p) : strlen(p);
        if (plen < 2 || p[0] != '/') {
            url_clear(cfg);
            return fail(err, errlen, url, "a unix socket needs an absolute path, as in "
                        "unix:///run/redis/redis.sock");
        }
        if (q && (strncmp(q, "?db=", 4) != 0 ||
                  parse_number(q + 4, strlen(q + 4), 0, 100000, &db) != 0)) {
            url_clear(cfg);
            return fail(err, errlen, url, "the only query is ?db=N");
        }
        cfg->socket = strndup(p, plen);
    } else {
        const char *end = strchr(p, '/');
        size_t hlen = end ? (size_t)(end - p) : strlen(p);
        const char *portp = NULL;
        const char *host = p;
        size_t host_len = hlen;
        if (hlen && p[0] == '[') { /* [IPv6]:port */
            const char *close = memchr(p, ']', hlen);
            if (!close) {
                url_clear(cfg);
                return fail(err, errlen, url, "an IPv6 address needs its closing ']'");
            }
            host = p + 1;
            host_len = (size_t)(close - p - 1);
            if (close + 1 < p + hlen) {
                if (close[1] != ':') {
                    url_clear(cfg);
                    return fail(err, errlen, url, example);
                }
                portp = close + 2;
            }
        } else {
            const char *colon = memchr(p, ':', hlen);
            if (colon) {
                host_len = (size_t)(colon - p);
                portp = colon + 1;
            }
        }
        long port = 6379;
        if (portp && parse_number(portp, (size_t)(p + hlen - portp), 1, 65535, &port) != 0) {
            url_clear(cfg);
            return fail(err, errlen, url, "the port must be a number from 1 to 65535");
        }
        if (host_len == 0) {
            url_clear(cfg);
            return fail(err, errlen, url, "no host; e.g. redis://127.0.0.1:6379/0");
        }
        if (end && end[1] && parse_number(end + 1, strlen(end + 1), 0, 100000, &db) != 0) {
            url_clear(cfg);
            return fail(err, errlen, url, "the path must be a database number, as in /0");
        }
        cfg->host = strndup(host, host_len);
        cfg->port = (int)port;
    }
    cfg->db = (int)db;
    char shown[1024];
    const char *auth = cfg->password && *cfg->password ? ":***" : "";
    if (cfg->socket)
        snprintf(shown, sizeof(shown), "unix://%s%s%s%s%s?db=%d", cfg->user ? cfg->user : "",
                 auth, cfg->user || *auth ? "@" : "", cfg->socket, "", cfg->db);
    else
        snprintf(shown, sizeof(shown), "redis://%s%s%s%s%s%s:%d/%d", cfg->user ? cfg->user : "",
                 auth, cfg->user || *auth ? "@" : "", strchr(cfg->host, ':') ? "[" : "",
                 cfg->host, strchr(cfg->host, ':') ? "]" : "", cfg->port, cfg->db);
    cfg->url_shown = strdup(shown);
    if (!cfg->url_shown || (!cfg->socket && !cfg->host)) {
        url_clear(cfg);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int int_opt(const td_stage_config *opts, const char *name, long long lo, long long hi,
                   long long *out, char *err, size_t errlen)
{
    long long v = td_config_int(opts, name);
    if (v < lo || v > hi) {
        snprintf(err, errlen, "[queue.redis] %s: %lld is out of range; fix: %lld to %lld", name,
                 v, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int td_redis_cfg_load(td_redis_cfg *cfg, const td_stage_config *opts, char *err, size_t errlen)
{
    memset(cfg, 0, sizeof(*cfg));
    char why[512];
    if (td_redis_url_parse(cfg, td_config_str(opts, "url"), why, sizeof(why)) != 0) {
        snprintf(err, errlen, "[queue.redis] %s", why);
        return -1;
    }
    const char *prefix = td_config_str(opts, "prefix");
    if (!*prefix || strpbrk(prefix, "{} \t\r\n")) {
        snprintf(err, errlen, "[queue.redis] prefix: '%s' must be non-empty, without braces "
                 "or spaces", prefix);
        goto fail;
    }
    cfg->prefix = strdup(prefix);
    long long batch, block, idle, maxdel, conn, cmd, recon, backlog;
    if (int_opt(opts, "batch", 1, 100000, &batch, err, errlen) ||
        int_opt(opts, "block_ms", 1, 600000, &block, err, errlen) ||
        int_opt(opts, "claim_idle_ms", 10, 86400000, &idle, err, errlen) ||
        int_opt(opts, "max_deliveries", 1, 1000000, &maxdel, err, errlen) ||
        int_opt(opts, "connect_timeout_ms", 1, 600000, &conn, err, errlen) ||
        int_opt(opts, "command_timeout_ms", 1, 600000, &cmd, err, errlen) ||
        int_opt(opts, "reconnect_max_ms", 0, 86400000, &recon, err, errlen) ||
        int_opt(opts, "max_backlog", 0, 1000000000LL, &backlog, err, errlen))
        goto fail;
    cfg->batch = (unsigned)batch;
    cfg->block_ms = (unsigned)block;
    cfg->claim_idle_ms = (unsigned)idle;
    cfg->max_deliveries = (unsigned)maxdel;
    cfg->connect_timeout_ms = (unsigned)conn;
    cfg->command_timeout_ms = (unsigned)cmd;
    cfg->reconnect_max_ms = (unsigned)recon;
    cfg->max_backlog = backlog;
    if (!cfg->prefix) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    return 0;
fail:
    td_redis_cfg_free(cfg);
    return -1;
}

void td_redis_cfg_free(td_redis_cfg *cfg)
{
    if (!cfg)
        return;
    url_clear(cfg);
    free(cfg->prefix);
    cfg->prefix = NULL;
}

/* ---- connections ------------------------------------------------------- */

static struct timeval ms_tv(unsigned ms)
{
    return (struct timeval){.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
}

void td_rconn_init(td_rconn *rc, const td_redis_cfg *cfg, FILE *log, const char *who,
                   const atomic_int *stop)
{
    memset(rc, 0, sizeof(*rc));
    rc->cfg = cfg;
    rc->log = log;
    rc->who = who ? who : "tidings";
    rc->stop = stop;
}

/* hiredis reports a socket timeout as EAGAIN's message. */
static bool timed_out(const redisContext *c)
{
    return c->err == REDIS_ERR_IO && (strstr(c->errstr, "temporarily unavailable") ||
                                      strstr(c->errstr, "timed out"));
}

/* One command of the handshake, on a context not handed out yet. */
static int handshake_step(td_rconn *rc, redisContext *c, int argc, const char **argv,
                          const char *what)
{
    redisReply *r = redisCommandArgv(c, argc, argv, NULL);
    if (!r || r->type == REDIS_REPLY_ERROR) {
        char why[128];
        if (!r && timed_out(c))
            snprintf(why, sizeof(why), "no reply within connect_timeout_ms (%u ms)",
                     rc->cfg->connect_timeout_ms);
        else
            snprintf(why, sizeof(why), "%s", r ? r->str : c->errstr);
        if (r && strncmp(r->str, "NOAUTH", 6) == 0)
            snprintf(rc->err, sizeof(rc->err), "%s wants a password (%s); fix: "
                     "redis://:PASSWORD@host or an ACL user", rc->cfg->url_shown, why);
        else
            snprintf(rc->err, sizeof(rc->err), "%s %s: %s", what, rc->cfg->url_shown, why);
        if (r)
            freeReplyObject(r);
        return -1;
    }
    freeReplyObject(r);
    return 0;
}

int td_rconn_connect(td_rconn *rc)
{
    const td_redis_cfg *cfg = rc->cfg;
    td_rconn_close(rc);
    struct timeval tv = ms_tv(cfg->connect_timeout_ms);
    redisContext *c = cfg->socket ? redisConnectUnixWithTimeout(cfg->socket, tv)
                                  : redisConnectWithTimeout(cfg->host, cfg->port, tv);
    if (!c || c->err) {
        snprintf(rc->err, sizeof(rc->err), "cannot connect to %s: %s", cfg->url_shown,
                 c ? c->errstr : "out of memory");
        if (c)
            redisFree(c);
        return -1;
    }
    /* The handshake within the connect timeout; afterwards a blocking read
     * waits block_ms on the server's side and a reply may take
     * command_timeout_ms on top of that. */
    if (redisSetTimeout(c, tv) != REDIS_OK ||
        (!cfg->socket && redisEnableKeepAlive(c) != REDIS_OK)) {
        snprintf(rc->err, sizeof(rc->err), "cannot set up the connection to %s: %s",
                 cfg->url_shown, c->errstr);
        goto fail;
    }
    if (cfg->password) {
        const char *argv[] = {"AUTH", cfg->user ? cfg->user : cfg->password, cfg->password};
        if (handshake_step(rc, c, cfg->user ? 3 : 2, argv, "authentication failed at") != 0)
            goto fail;
    }
    const char *ping[] = {"PING"};
    if (handshake_step(rc, c, 1, ping, "no answer to PING from") != 0)
        goto fail;
    if (cfg->db) {
        char db[16];
        snprintf(db, sizeof(db), "%d", cfg->db);
        const char *argv[] = {"SELECT", db};
        if (handshake_step(rc, c, 2, argv, "cannot select the database of") != 0)
            goto fail;
    }
    if (redisSetTimeout(c, ms_tv(cfg->command_timeout_ms + cfg->block_ms)) != REDIS_OK) {
        snprintf(rc->err, sizeof(rc->err), "cannot set up the connection to %s: %s",
                 cfg->url_shown, c->errstr);
        goto fail;
    }
    rc->c = c;
    rc->owed = 0;
    return 0;
fail:
    redisFree(c);
    return -1;
}

void td_sleep_ms(unsigned ms, const atomic_int *stop)
{
    while (ms > 0 && !(stop && atomic_load(stop))) {
        unsigned slice = ms < 50 ? ms : 50;
        struct timespec ts = {0, (long)slice * 1000000L};
        nanosleep(&ts, NULL);
        ms -= slice;
    }
}

int td_rconn_ready(td_rconn *rc)
{
    if (rc->c)
        return 0;
    for (;;) {
        if (rc->stop && atomic_load(rc->stop)) {
            snprintf(rc->err, sizeof(rc->err), "stopped while reconnecting to %s",
                     rc->cfg->url_shown);
            return -1;
        }
        uint64_t now = td_now_ns();
        if (now < rc->next_try) {
            uint64_t wait = (rc->next_try - now) / 1000000 + 1;
            td_sleep_ms(wait < 50 ? (unsigned)wait : 50, rc->stop);
            continue;
        }
        char last[sizeof(rc->err)];
        memcpy(last, rc->err, sizeof(last));
        if (td_rconn_connect(rc) == 0) {
            if (rc->down_since) {
                rc->reconnects++;
                if (rc->log)
                    fprintf(rc->log, "%s: reconnected to %s after %.1f s\n", rc->who,
                            rc->cfg->url_shown, (double)(now - rc->down_since) / 1e9);
            }
            rc->down_since = 0;
            rc->backoff_ms = 0;
            return 0;
        }
        if (!rc->down_since)
            rc->down_since = now;
        if (rc->cfg->reconnect_max_ms &&
            now - rc->down_since >= (uint64_t)rc->cfg->reconnect_max_ms * 1000000) {
            snprintf(last, sizeof(last), "%s", rc->err);
            snprintf(rc->err, sizeof(rc->err), "gave up after %.1f s: %s",
                     (double)(now - rc->down_since) / 1e9, last);
            return -1;
        }
        /* at most one attempt per backoff: 100 ms doubling up to 2 s */
        rc->backoff_ms = rc->backoff_ms ? (rc->backoff_ms * 2 > 2000 ? 2000 : rc->backoff_ms * 2)
                                        : 100;
        rc->next_try = now + (uint64_t)rc->backoff_ms * 1000000;
    }
}

void td_rconn_drop(td_rconn *rc, const char *why)
{
    char reason[200];
    snprintf(reason, sizeof(reason), "%s", why && *why ? why : "connection lost");
    td_rconn_close(rc);
    snprintf(rc->err, sizeof(rc->err), "lost the connection to %s: %s", rc->cfg->url_shown,
             reason);
    if (!rc->down_since) {
        rc->down_since = td_now_ns();
        rc->next_try = rc->down_since; /* first attempt at once, then back off */
        if (rc->log)
            fprintf(rc->log, "%s: %s; reconnecting\n", rc->who, rc->err);
    }
}

void td_rconn_close(td_rconn *rc)
{
    if (rc->c)
        redisFree(rc->c);
    rc->c = NULL;
    rc->owed = 0;
}

int td_rconn_append(td_rconn *rc, int argc, const char **argv, const size_t *lens)
{
    if (!rc->c)
        return -1;
    if (redisAppendCommandArgv(rc->c, argc, argv, lens) != REDIS_OK) {
        td_rconn_drop(rc, "out of memory queueing a command");
        return -1;
    }
    rc->owed++;
    return 0;
}

redisReply *td_rconn_get(td_rconn *rc)
{
    if (!rc->c)
        return NULL;
    void *r = NULL;
    if (redisGetReply(rc->c, &r) != REDIS_OK || !r) {
        char why[128];
        if (timed_out(rc->c))
            snprintf(why, sizeof(why), "no reply within %u ms (command_timeout_ms + block_ms)",
                     rc->cfg->command_timeout_ms + rc->cfg->block_ms);
        else
            snprintf(why, sizeof(why), "%s", rc->c->errstr);
        td_rconn_drop(rc, why);
        return NULL;
    }
    if (rc->owed)
        rc->owed--;
    return r;
}

int td_rconn_skip(td_rconn *rc)
{
    while (rc->owed) {
        redisReply *r = td_rconn_get(rc);
        if (!r)
            return -1;
        freeReplyObject(r);
    }
    return 0;
}

redisReply *td_rconn_cmd(td_rconn *rc, int argc, const char **argv, const size_t *lens)
{
    if (td_rconn_skip(rc) != 0 || td_rconn_append(rc, argc, argv, lens) != 0)
        return NULL;
    return td_rconn_get(rc);
}

/* ---- argument vectors --------------------------------------------------- */

void td_rargs_init(td_rargs *a) { memset(a, 0, sizeof(*a)); }

void td_rargs_free(td_rargs *a)
{
    free(a->v);
    free(a->len);
    free(a->num);
    free(a->isnum);
    memset(a, 0, sizeof(*a));
}

void td_rargs_reset(td_rargs *a)
{
    a->n = 0;
    a->oom = false;
}

static bool rargs_grow(td_rargs *a)
{
    if (a->n < a->cap)
        return true;
    int cap = a->cap ? a->cap * 2 : 32;
    const char **v = realloc(a->v, (size_t)cap * sizeof(*v));
    if (v)
        a->v = v;
    size_t *len = realloc(a->len, (size_t)cap * sizeof(*len));
    if (len)
        a->len = len;
    char(*num)[24] = realloc(a->num, (size_t)cap * sizeof(*num));
    if (num)
        a->num = num;
    bool *isnum = realloc(a->isnum, (size_t)cap * sizeof(*isnum));
    if (isnum)
        a->isnum = isnum;
    if (!v || !len || !num || !isnum) {
        a->oom = true;
        return false;
    }
    for (int i = 0; i < a->n; i++) /* numbers moved with their buffer */
        if (a->isnum[i])
            a->v[i] = a->num[i];
    a->cap = cap;
    return true;
}

void td_rargs_add(td_rargs *a, const char *s, size_t len)
{
    if (!rargs_grow(a))
        return;
    a->v[a->n] = s;
    a->len[a->n] = len;
    a->isnum[a->n] = false;
    a->n++;
}

void td_rargs_str(td_rargs *a, const char *s) { td_rargs_add(a, s, strlen(s)); }

void td_rargs_u64(td_rargs *a, uint64_t x)
{
    if (!rargs_grow(a))
        return;
    int n = snprintf(a->num[a->n], sizeof(a->num[0]), "%llu", (unsigned long long)x);
    a->v[a->n] = a->num[a->n];
    a->len[a->n] = (size_t)n;
    a->isnum[a->n] = true;
    a->n++;
}

int td_rargs_append(td_rargs *a, td_rconn *rc)
{
    int rc_ = a->oom ? -1 : td_rconn_append(rc, a->n, a->v, a->len);
    td_rargs_reset(a);
    return rc_;
}

/* ---- replies ------------------------------------------------------------- */

const redisReply *td_reply_field(const redisReply *flat, const char *field)
{
    if (!flat || flat->type != REDIS_REPLY_ARRAY)
        return NULL;
    size_t n = strlen(field);
    for (size_t i = 0; i + 1 < flat->elements; i += 2) {
        const redisReply *k = flat->element[i];
        if ((k->type == REDIS_REPLY_STRING || k->type == REDIS_REPLY_STATUS) &&
            k->len == n && memcmp(k->str, field, n) == 0)
            return flat->element[i + 1];
    }
    return NULL;
}

const char *td_reply_error(const redisReply *r)
{
    return r && r->type == REDIS_REPLY_ERROR ? r->str : NULL;
}
