/* A stage instance: a loaded plugin, its options, its state, its counters. */
#ifndef TD_STAGE_INTERNAL_H
#define TD_STAGE_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

#include <tidings/stage.h>

#include "options.h"
#include "paths.h"
#include "plugin.h"

typedef struct td_stage_stats {
    atomic_uint_fast64_t docs;    /* documents processed */
    atomic_uint_fast64_t dropped; /* TD_DROP */
    atomic_uint_fast64_t failed;  /* TD_ERROR */
    atomic_uint_fast64_t nanos;   /* wall time inside process() */
    atomic_uint_fast64_t bytes;   /* working-text bytes seen */
} td_stage_stats;

typedef struct td_stage {
    char *name;
    td_plugin *plugin;
    td_stage_config *cfg; /* until create() has run */
    void *state;
    const char *const *provides; /* after create: what provides_fn said */
    char *warnings;              /* what create() warned of, lines; or NULL */
    bool created;
    td_stage_stats stats;
} td_stage;

/* Load `plugin` (a name on the plugin path or a .so path) as stage `name`
 * (NULL: the plugin's name). */
td_stage *td_stage_load(const td_paths *paths, const char *name, const char *plugin, char *err,
                        size_t errlen);
/* Set an option before create (checked against the plugin's table). */
int td_stage_set(td_stage *st, const char *key, const char *value, char *err, size_t errlen);
/* Run the plugin's create(); options are final afterwards. */
int td_stage_create(td_stage *st, char *err, size_t errlen);
/*
 * Process one document: TD_OK, TD_DROP or TD_ERROR with the reason in err
 * ("stage: message"). Safe from many threads at once.
 */
int td_stage_run(td_stage *st, td_doc *doc, unsigned worker, char *err, size_t errlen);
void td_stage_free(td_stage *st); /* NULL is a no-op */

/* The layers the stage adds with its options: the plugin's provides_fn
 * when it has one, else its static provides. */
const char *const *td_stage_provides(const td_stage *st);
bool td_stage_provides_layer(const td_stage *st, const char *layer);

uint64_t td_now_ns(void);

#endif
