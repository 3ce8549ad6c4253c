/* Running a pipeline over a batch: reader, workers, writer, and the counts
 * and timings a user sees at the end. */
#ifndef TD_RUN_H
#define TD_RUN_H

#include <stdio.h>

#include "pipeline_conf.h"
#include "input.h"
#include "progress.h"
#include "resume.h"

typedef struct td_run_opts {
    unsigned workers; /* 0: the config's, or one per core */
    FILE *out;        /* annotated JSON Lines */
    FILE *errors;     /* failed records as JSON Lines, or NULL */
    FILE *log;        /* messages and the summary (stderr) */
    bool stats;       /* per-stage counts and timings on log */
    td_progress *progress;   /* the progress line, or NULL */
    const td_idset *resume;  /* ids already in the output: skipped, or NULL */
} td_run_opts;

typedef struct td_run_summary {
    uint64_t documents; /* records read (blank lines aside) */
    uint64_t ok, repaired, dropped, failed, skipped;
    uint64_t resumed;   /* already in the output (--resume), not run again */
    uint64_t bytes_in, bytes_out;
    double seconds;
} td_run_summary;

/* One worker thread per core (at least 1). */
unsigned td_default_workers(void);

/*
 * Run every stage of conf on every record of `in` with the memory queue,
 * writing results in input order. Returns 0 when the run went through
 * (documents may have failed: see the summary), -1 when it could not
 * (threads, memory, an output write error).
 */
int td_run_memory(td_pipeline_conf *conf, td_input *in, const td_run_opts *opts,
                  td_run_summary *sum);

/* The summary line, and with stats the per-stage table. */
void td_run_report(const td_pipeline_conf *conf, const td_run_summary *sum,
                   const td_run_opts *opts);

/* Decode, run stages [from, to), and (when encode) write the output line:
 * what a worker does with one record. Sets rec->status. */
void td_process_record(td_pipeline_conf *conf, td_record *rec, size_t from, size_t to,
                       bool encode, unsigned worker);

/* Write a finished record: its line to out, or its error to log/errors. */
int td_write_record(td_record *rec, const td_run_opts *opts, td_run_summary *sum);

#endif
