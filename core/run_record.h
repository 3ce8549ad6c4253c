/* What produced a result: the pipeline as resolved and its hash, and the
 * run record written beside the output (docs/FORMAT.md, "The run record"). */
#ifndef TD_RUN_RECORD_H
#define TD_RUN_RECORD_H

#include "pipeline_conf.h"
#include "run.h"

/*
 * Fill conf->resolved (the stages in order: name, plugin, version and
 * every option's value; the layers written) and conf->hash / conf->stamp
 * from it. Made of names, versions and values only, never a path, so the
 * same pipeline has the same hash on every machine. 0, or -1 out of memory.
 */
int td_pipeline_resolve(td_pipeline_conf *conf);

typedef struct td_run_info {
    const char *config;  /* the config's path */
    const char *output;  /* -o's path, NULL for stdout */
    double started;      /* wall clock, seconds since the epoch */
    double ended;        /* 0 while the run goes on */
    bool resumed;        /* --resume */
    uint64_t kept_lines; /* lines of OUT kept from before */
    uint64_t cut_bytes;  /* a partial last line cut off */
    int exit_status;
} td_run_info;

/* The wall clock now, for td_run_info. */
double td_wall_now(void);

/*
 * Write the run record to path, replacing it whole (through path.tmp and a
 * rename). With sum NULL it is the record of a run under way (written at
 * the start, so a killed run leaves its pipeline behind for --resume).
 * 0, or -1 with errno set.
 */
int td_run_record_write(const char *path, const td_pipeline_conf *conf, const td_input *in,
                        const td_run_summary *sum, const td_run_info *info);

/* The pipeline hash in the run record at path: 1 with it in hash, 0 when
 * there is no record, -1 when it cannot be read (the reason in err). */
int td_run_record_hash(const char *path, char hash[17], char *err, size_t errlen);

#endif
