/* Pipeline config files (INI): parsed, checked against every plugin's
 * option table and layer needs, and turned into a chain of stages. */
#ifndef TD_PIPELINE_CONF_H
#define TD_PIPELINE_CONF_H

#include "chain.h"
#include "options.h"
#include "paths.h"

typedef struct td_pipeline_conf {
    char *path;
    char *name;             /* [pipeline] name, or the file name without .conf */
    td_chain chain;         /* loaded, options set, created when asked */
    size_t *splits;         /* indexes of stages with a stream before them */
    size_t nsplits;
    char *queue;            /* "memory" or "redis" */
    unsigned workers;       /* 0: one per core */
    size_t queue_size;      /* documents in flight */
    char **emit;            /* layers to write; NULL: all but "token" */
    size_t nemit;
    td_stage_config *redis; /* [queue.redis], checked against td_redis_options */
    char *warnings;         /* what the stages' create() warned of, as
                               "path:line: [stage.X] warning: ...\n" lines; or NULL */
    td_stage_stats decode;  /* JSON in and out, counted like a stage */
    td_stage_stats encode;
} td_pipeline_conf;

/*
 * Read and check the config at `path`. With `create`, also start every
 * stage (load gazetteers and the like), which catches missing data files.
 * On failure returns -1 with every problem found in err, one per line, as
 * "path:line: [section] key: problem; fix".
 */
int td_pipeline_conf_load(td_pipeline_conf *conf, const char *path, const td_paths *paths,
                          bool create, char *err, size_t errlen);
void td_pipeline_conf_free(td_pipeline_conf *conf);

/* Print conf->warnings on stderr (nothing when there are none). */
void td_pipeline_conf_print_warnings(const td_pipeline_conf *conf);

/* True when layer should be written to the output. */
bool td_pipeline_conf_emits(const td_pipeline_conf *conf, const char *layer);

/* The options of [queue.redis]: core/redis_options.c. */
extern const td_option td_redis_options[];

#endif
