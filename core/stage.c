#include "stage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct td_stage_ctx {
    const void *state;
    unsigned worker;
    char *msg;
    size_t msglen;
};

uint64_t td_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

td_stage *td_stage_load(const td_paths *paths, const char *name, const char *plugin, char *err,
                        size_t errlen)
{
    char path[4096];
    if (td_paths_find_plugin(paths, plugin, path, sizeof(path)) != 0) {
        char where[2048];
        td_paths_describe(paths, where, sizeof(where));
        snprintf(err, errlen, "no plugin '%s' on the plugin path (%s); `tidings plugins` lists "
                 "what is there", plugin, where);
        return NULL;
    }
    td_stage *st = calloc(1, sizeof(*st));
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    st->plugin = td_plugin_open(path, err, errlen);
    if (!st->plugin)
        goto fail;
    const char *pname = st->plugin->api.name;
    st->name = strdup(name ? name : pname);
    char owner[512];
    if (!name || strcmp(name, pname) == 0)
        snprintf(owner, sizeof(owner), "%s", pname);
    else
        snprintf(owner, sizeof(owner), "%s (plugin %s)", name, pname);
    st->cfg = st->name ? td_stage_config_new(st->plugin->api.options, owner, st->name, paths)
                       : NULL;
    if (!st->name || !st->cfg ||
        td_stage_config_set_plugin(st->cfg, pname, st->plugin->path) != 0) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    return st;
fail:
    td_stage_free(st);
    return NULL;
}

int td_stage_set(td_stage *st, const char *key, const char *value, char *err, size_t errlen)
{
    if (!st->cfg) {
        snprintf(err, errlen, "stage '%s' is already created", st->name);
        return -1;
    }
    return td_stage_config_set(st->cfg, key, value, err, errlen);
}

int td_stage_create(td_stage *st, char *err, size_t errlen)
{
    if (st->created)
        return 0;
    if (st->plugin->api.create && st->plugin->api.create(st->cfg, &st->state) != 0) {
        const char *misread = td_stage_config_misuse(st->cfg);
        const char *why = *misread ? misread : td_stage_config_errmsg(st->cfg);
        snprintf(err, errlen, "stage '%s' failed to start: %s", st->name,
                 *why ? why : "its create() gave no reason");
        st->state = NULL;
        return -1;
    }
    const char *misread = td_stage_config_misuse(st->cfg);
    if (*misread) {
        /* The plugin went on with zero values it did not mean: a bug to fix,
         * not a stage to run. */
        snprintf(err, errlen, "stage '%s' failed to start: %s; fix the plugin's option table "
                 "or its create()", st->name, misread);
        if (st->plugin->api.destroy)
            st->plugin->api.destroy(st->state);
        st->state = NULL;
        return -1;
    }
    st->provides = td_stage_provides(st); /* the options go with the config */
    st->warnings = td_stage_config_take_warnings(st->cfg);
    st->created = true;
    td_stage_config_free(st->cfg);
    st->cfg = NULL;
    return 0;
}

int td_stage_run(td_stage *st, td_doc *doc, unsigned worker, char *err, size_t errlen)
{
    char msg[512] = "";
    td_stage_ctx ctx = {.state = st->state, .worker = worker, .msg = msg, .msglen = sizeof(msg)};
    size_t len;
    td_doc_text(doc, &len);
    uint64_t t0 = td_now_ns();
    int rc = st->plugin->api.process(&ctx, doc);
    atomic_fetch_add_explicit(&st->stats.nanos, td_now_ns() - t0, memory_order_relaxed);
    atomic_fetch_add_explicit(&st->stats.docs, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&st->stats.bytes, len, memory_order_relaxed);
    if (rc == TD_OK)
        return TD_OK;
    if (rc == TD_DROP) {
        atomic_fetch_add_explicit(&st->stats.dropped, 1, memory_order_relaxed);
        return TD_DROP;
    }
    atomic_fetch_add_explicit(&st->stats.failed, 1, memory_order_relaxed);
    if (rc != TD_ERROR)
        snprintf(err, errlen, "%s: returned %d, which is not TD_OK, TD_DROP or TD_ERROR",
                 st->name, rc);
    else
        snprintf(err, errlen, "%s: %s", st->name, *msg ? msg : "failed without a message");
    return TD_ERROR;
}

void td_stage_free(td_stage *st)
{
    if (!st)
        return;
    if (st->created && st->plugin->api.destroy)
        st->plugin->api.destroy(st->state);
    td_stage_config_free(st->cfg);
    td_plugin_close(st->plugin);
    free(st->warnings);
    free(st->name);
    free(st);
}

const char *const *td_stage_provides(const td_stage *st)
{
    const td_stage_plugin *api = &st->plugin->api;
    if (st->created)
        return st->provides;
    if (api->provides_fn && st->cfg)
        return api->provides_fn(st->cfg);
    return api->provides;
}

bool td_stage_provides_layer(const td_stage *st, const char *layer)
{
    for (const char *const *l = td_stage_provides(st); l && *l; l++)
        if (strcmp(*l, layer) == 0)
            return true;
    return false;
}

/* ---- the plugin's side of process() ------------------------------------ */

const void *td_stage_state(const td_stage_ctx *ctx) { return ctx->state; }

unsigned td_stage_worker(const td_stage_ctx *ctx) { return ctx->worker; }

int td_stage_fail(td_stage_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->msg, ctx->msglen, fmt, ap);
    va_end(ap);
    return TD_ERROR;
}
