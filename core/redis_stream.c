/* Keys, segments, groups and trimming (see redis_stream.h). */
#include "redis_stream.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *key_cat(const char *base, const char *a, const char *b)
{
    char *s = NULL;
    if (asprintf(&s, "%s:%s%s", base, a, b ? b : "") < 0)
        return NULL;
    return s;
}

static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? -1 : a > b;
}

int td_rkeys_init(td_rkeys *k, const td_redis_cfg *cfg, const td_pipeline_conf *conf,
                  const char *run_id, char *err, size_t errlen)
{
    memset(k, 0, sizeof(*k));
    if (!conf->name || !*conf->name || strpbrk(conf->name, "{} \t\r\n")) {
        snprintf(err, errlen, "[pipeline] name: '%s' cannot name Redis keys; fix: a name "
                 "without braces or spaces", conf->name ? conf->name : "");
        return -1;
    }
    /* {name} is the hash tag: a Redis Cluster keeps all of a pipeline's
     * keys on one shard, so scripts and transactions may span them. */
    int n = run_id ? asprintf(&k->base, "%s:{%s}:run:%s", cfg->prefix, conf->name, run_id)
                   : asprintf(&k->base, "%s:{%s}", cfg->prefix, conf->name);
    if (n < 0) {
        k->base = NULL;
        goto oom;
    }
    k->in = key_cat(k->base, "in", NULL);
    k->out = key_cat(k->base, "out", NULL);
    k->dead = key_cat(k->base, "dead", NULL);
    k->seen = key_cat(k->base, "seen", NULL);
    k->sink = key_cat(k->base, "sink", NULL);
    k->seq = key_cat(k->base, "seq", NULL);
    k->submits = key_cat(k->base, "submits", NULL);
    k->nat = conf->nsplits;
    k->at = calloc(k->nat + 1, sizeof(*k->at));
    k->split_at = calloc(k->nat + 1, sizeof(*k->split_at));
    if (!k->in || !k->out || !k->dead || !k->seen || !k->sink || !k->seq || !k->submits ||
        !k->at || !k->split_at)
        goto oom;
    memcpy(k->split_at, conf->splits, k->nat * sizeof(*k->split_at));
    qsort(k->split_at, k->nat, sizeof(*k->split_at), cmp_size);
    for (size_t i = 0; i < k->nat; i++) {
        if (i > 0 && k->split_at[i] == k->split_at[i - 1]) {
            snprintf(err, errlen, "[pipeline] split: '%s' is named twice",
                     conf->chain.stages[k->split_at[i]]->name);
            td_rkeys_free(k);
            return -1;
        }
        if (!(k->at[i] = key_cat(k->base, "at:", conf->chain.stages[k->split_at[i]]->name)))
            goto oom;
    }
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
    td_rkeys_free(k);
    return -1;
}

void td_rkeys_free(td_rkeys *k)
{
    free(k->base);
    free(k->in);
    free(k->out);
    free(k->dead);
    free(k->seen);
    free(k->sink);
    free(k->seq);
    free(k->submits);
    for (size_t i = 0; k->at && i < k->nat; i++)
        free(k->at[i]);
    free(k->at);
    free(k->split_at);
    memset(k, 0, sizeof(*k));
}

void td_rkeys_segments(const td_rkeys *k, const td_pipeline_conf *conf, td_rseg *segs)
{
    for (size_t s = 0; s <= k->nat; s++) {
        td_rseg *g = &segs[s];
        g->from = s == 0 ? 0 : k->split_at[s - 1];
        g->to = s == k->nat ? conf->chain.n : k->split_at[s];
        g->src = s == 0 ? k->in : k->at[s - 1];
        g->dst = s == k->nat ? k->out : k->at[s];
        g->last = s == k->nat;
        size_t len = 0;
        g->names[0] = '\0';
        for (size_t i = g->from; i < g->to && len < sizeof(g->names); i++) {
            int n = snprintf(g->names + len, sizeof(g->names) - len, "%s%s", i > g->from ? " " : "",
                             conf->chain.stages[i]->name);
            len += n > 0 ? (size_t)n : 0;
        }
    }
}

long td_rkeys_segment_named(const td_rkeys *k, const td_pipeline_conf *conf, const char *name)
{
    if (!name)
        return 0;
    if (conf->chain.n && strcmp(conf->chain.stages[0]->name, name) == 0)
        return 0;
    for (size_t i = 0; i < k->nat; i++)
        if (strcmp(conf->chain.stages[k->split_at[i]]->name, name) == 0)
            return (long)i + 1;
    return -1;
}

/* ---- setup ------------------------------------------------------------- */

static int check_version(td_rconn *rc, char *err, size_t errlen)
{
    const char *argv[] = {"INFO", "server"};
    redisReply *r = td_rconn_cmd(rc, 2, argv, NULL);
    if (!r) {
        snprintf(err, errlen, "%s", rc->err);
        return -1;
    }
    int major = 0, minor = 0;
    const char *v = r->type == REDIS_REPLY_STRING ? strstr(r->str, "redis_version:") : NULL;
    if (v)
        sscanf(v + 14, "%d.%d", &major, &minor);
    freeReplyObject(r);
    if (v && (major < 6 || (major == 6 && minor < 2))) {
        snprintf(err, errlen, "%s runs Redis %d.%d; tidings needs 6.2 or later (XAUTOCLAIM, "
                 "XTRIM MINID)", rc->cfg->url_shown, major, minor);
        return -1;
    }
    return 0;
}

int td_rstreams_setup(td_rconn *rc, const td_rkeys *k, char *err, size_t errlen)
{
    if (check_version(rc, err, errlen) != 0)
        return -1;
    size_t n = 0;
    const char *streams[64 + 3];
    streams[n++] = k->in;
    for (size_t i = 0; i < k->nat && n < 64; i++)
        streams[n++] = k->at[i];
    streams[n++] = k->out;
    streams[n++] = k->dead;
    /* Groups start at 0: entries added before a group existed are read too. */
    for (size_t i = 0; i < n; i++) {
        const char *argv[] = {"XGROUP", "CREATE", streams[i], TD_RGROUP, "0", "MKSTREAM"};
        if (td_rconn_append(rc, 6, argv, NULL) != 0)
            break;
    }
    int rc_ = 0;
    for (size_t i = 0; i < n; i++) {
        redisReply *r = td_rconn_get(rc);
        if (!r) {
            snprintf(err, errlen, "%s", rc->err);
            return -1;
        }
        const char *e = td_reply_error(r);
        if (e && strncmp(e, "BUSYGROUP", 9) != 0 && rc_ == 0) {
            snprintf(err, errlen, "cannot make the consumer group of %s at %s: %s", streams[i],
                     rc->cfg->url_shown, e);
            rc_ = -1;
        }
        freeReplyObject(r);
    }
    return rc_;
}

int td_rstreams_delete(td_rconn *rc, const td_rkeys *k)
{
    td_rargs a;
    td_rargs_init(&a);
    td_rargs_str(&a, "UNLINK"); /* freed in the background */
    const char *keys[] = {k->in, k->out, k->dead, k->seen, k->sink, k->seq, k->submits};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        td_rargs_str(&a, keys[i]);
    for (size_t i = 0; i < k->nat; i++)
        td_rargs_str(&a, k->at[i]);
    int rc_ = td_rargs_append(&a, rc);
    td_rargs_free(&a);
    if (rc_ != 0)
        return -1;
    redisReply *r = td_rconn_get(rc);
    if (!r)
        return -1;
    freeReplyObject(r);
    return 0;
}

/* ---- trimming ------------------------------------------------------------ */

/*
 * For each group: the first entry it still needs is its first pending one,
 * or the one after its last delivered. Everything before the least of
 * those, over all groups, is trimmed. One script, so no group moves
 * between the look and the trim.
 */
static const char trim_script[] =
    "local function parse(id)\n"
    "  local ms, sq = string.match(id, '^(%d+)-(%d+)$')\n"
    "  return tonumber(ms), tonumber(sq)\n"
    "end\n"
    "local function less(a, b)\n"
    "  local am, as = parse(a)\n"
    "  local bm, bs = parse(b)\n"
    "  return am < bm or (am == bm and as < bs)\n"
    "end\n"
    "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end\n"
    "local keep = nil\n"
    "for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do\n"
    "  local f = {}\n"
    "  for i = 1, #g, 2 do f[g[i]] = g[i + 1] end\n"
    "  local need\n"
    "  if f['pending'] > 0 then\n"
    "    need = redis.call('XPENDING', KEYS[1], f['name'])[2]\n"
    "  else\n"
    "    local ms, sq = parse(f['last-delivered-id'])\n"
    "    need = string.format('%d-%d', ms, sq + 1)\n"
    "  end\n"
    "  if keep == nil or less(need, keep) then keep = need end\n"
    "end\n"
    "if keep == nil then return 0 end\n"
    "return redis.call('XTRIM', KEYS[1], 'MINID', keep)\n";

long long td_rstream_trim(td_rconn *rc, const char *key)
{
    const char *argv[] = {"EVAL", trim_script, "1", key};
    redisReply *r = td_rconn_cmd(rc, 4, argv, NULL);
    if (!r)
        return -1;
    long long n = r->type == REDIS_REPLY_INTEGER ? r->integer : 0;
    if (r->type == REDIS_REPLY_ERROR && rc->log)
        fprintf(rc->log, "%s: cannot trim %s: %s\n", rc->who, key, r->str);
    freeReplyObject(r);
    return n;
}

void td_rstream_reap(td_rconn *rc, const char *key, const char *self, unsigned claim_idle_ms)
{
    long long min_idle = claim_idle_ms * 2LL > 60000 ? claim_idle_ms * 2LL : 60000;
    const char *argv[] = {"XINFO", "CONSUMERS", key, TD_RGROUP};
    redisReply *r = td_rconn_cmd(rc, 4, argv, NULL);
    if (!r)
        return;
    char *gone[16];
    size_t ngone = 0;
    for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements && ngone < 16; i++) {
        const redisReply *c = r->element[i];
        const redisReply *name = td_reply_field(c, "name");
        const redisReply *pending = td_reply_field(c, "pending");
        const redisReply *idle = td_reply_field(c, "idle");
        if (name && name->type == REDIS_REPLY_STRING && strcmp(name->str, self) != 0 &&
            pending && pending->type == REDIS_REPLY_INTEGER && pending->integer == 0 && idle &&
            idle->type == REDIS_REPLY_INTEGER && idle->integer > min_idle)
            if ((gone[ngone] = strdup(name->str)))
                ngone++;
    }
    freeReplyObject(r);
    for (size_t i = 0; i < ngone; i++) {
        const char *del[] = {"XGROUP", "DELCONSUMER", key, TD_RGROUP, gone[i]};
        if (rc->c && (r = td_rconn_cmd(rc, 5, del, NULL)))
            freeReplyObject(r);
        free(gone[i]);
    }
}

/* ---- entries ------------------------------------------------------------- */

bool td_rentry(const redisReply *entry, const char **id, size_t *idlen,
               const redisReply **fields)
{
    if (!entry || entry->type != REDIS_REPLY_ARRAY || entry->elements < 2 ||
        entry->element[0]->type != REDIS_REPLY_STRING)
        return false;
    *id = entry->element[0]->str;
    *idlen = entry->element[0]->len;
    const redisReply *f = entry->element[1];
    *fields = f->type == REDIS_REPLY_ARRAY ? f : NULL;
    return true;
}

const char *td_rfield(const redisReply *fields, const char *name, size_t *len)
{
    const redisReply *v = td_reply_field(fields, name);
    if (!v || v->type != REDIS_REPLY_STRING)
        return NULL;
    if (len)
        *len = v->len;
    return v->str;
}

bool td_rfield_u64(const redisReply *fields, const char *name, uint64_t *out)
{
    size_t len;
    const char *s = td_rfield(fields, name, &len);
    if (!s || len == 0 || len > 20)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

void td_redis_node_name(char *buf, size_t len)
{
    char host[128];
    if (gethostname(host, sizeof(host)) != 0)
        snprintf(host, sizeof(host), "host");
    host[sizeof(host) - 1] = '\0';
    snprintf(buf, len, "%s:%ld", host, (long)getpid());
}
