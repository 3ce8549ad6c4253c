/* Run stages on a document without the runner (include/tidings/harness.h). */
#include <tidings/harness.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "doc_internal.h"

#include <stdatomic.h>

/* The caller holds the harness, and so does every document run through
 * it until freed: the stages' state and the plugins' code, which the
 * documents' strings may point into, go with the last hold. */
struct td_harness {
    td_paths paths;
    bool paths_ok;
    td_chain chain;
    atomic_size_t holds;
    char *warnings; /* every stage's, "stage: message\n" lines */
    char errmsg[1024];
};

static void harness_release(void *owner)
{
    td_harness *h = owner;
    if (atomic_fetch_sub_explicit(&h->holds, 1, memory_order_acq_rel) != 1)
        return;
    td_chain_free(&h->chain);
    if (h->paths_ok)
        td_paths_free(&h->paths);
    free(h->warnings);
    free(h);
}

static void keep_warnings(td_harness *h, const td_stage *st)
{
    size_t have = h->warnings ? strlen(h->warnings) : 0;
    for (const char *s = st->warnings; s && *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        size_t add = strlen(st->name) + 2 + len + 1;
        char *grown = realloc(h->warnings, have + add + 1);
        if (!grown)
            return;
        h->warnings = grown;
        snprintf(grown + have, add + 1, "%s: %.*s\n", st->name, (int)len, s);
        have += add;
        s += len + (nl != NULL);
    }
}

const char *td_harness_warnings(const td_harness *h)
{
    return h->warnings ? h->warnings : "";
}

td_harness *td_harness_new(void)
{
    td_harness *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->paths_ok = td_paths_init(&h->paths, NULL) == 0;
    td_chain_init(&h->chain);
    atomic_init(&h->holds, 1);
    return h;
}

int td_harness_add(td_harness *h, const char *plugin, const char *const *options)
{
    return td_harness_add_stage(h, NULL, plugin, options);
}

int td_harness_add_stage(td_harness *h, const char *name, const char *plugin,
                         const char *const *options)
{
    if (!h->paths_ok) {
        snprintf(h->errmsg, sizeof(h->errmsg), "out of memory");
        return -1;
    }
    td_stage *st = td_stage_load(&h->paths, name, plugin, h->errmsg, sizeof(h->errmsg));
    if (!st)
        return -1;
    for (const char *const *o = options; o && *o; o++) {
        const char *eq = strchr(*o, '=');
        if (!eq) {
            snprintf(h->errmsg, sizeof(h->errmsg), "option '%s' is not key=value", *o);
            goto fail;
        }
        char key[128];
        snprintf(key, sizeof(key), "%.*s", (int)(eq - *o), *o);
        if (td_stage_set(st, key, eq + 1, h->errmsg, sizeof(h->errmsg)) != 0)
            goto fail;
    }
    if (td_chain_check_next(&h->chain, st, NULL, h->errmsg, sizeof(h->errmsg)) != 0 ||
        td_stage_create(st, h->errmsg, sizeof(h->errmsg)) != 0 ||
        td_chain_append(&h->chain, st) != 0)
        goto fail;
    keep_warnings(h, st);
    return 0;
fail:
    td_stage_free(st);
    return -1;
}

int td_harness_run(td_harness *h, td_doc *doc)
{
    int held = td_doc_hold_add(doc, harness_release, h);
    if (held < 0) {
        snprintf(h->errmsg, sizeof(h->errmsg), "out of memory");
        return TD_ERROR;
    }
    if (held > 0)
        atomic_fetch_add_explicit(&h->holds, 1, memory_order_relaxed);
    return td_chain_run(&h->chain, 0, h->chain.n, doc, 0, h->errmsg, sizeof(h->errmsg));
}

const char *td_harness_errmsg(const td_harness *h) { return h->errmsg; }

void td_harness_free(td_harness *h)
{
    if (h)
        harness_release(h);
}
