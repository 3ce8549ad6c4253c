/*
 * The collector: finished documents out of a pipeline's output stream, and
 * its dead letters, each document id once.
 *
 * Delivery is at-least-once, so the output stream may hold a document
 * twice (a worker died after handing it on and before acknowledging). The
 * collector claims each document id in the `seen` hash (HSETNX id entry):
 * the entry that holds the claim is written, every other one is dropped.
 * Written lines are committed with the file's new size (`sink` hash) and
 * the acknowledgements in one transaction; a collector that restarts cuts
 * its file back to the committed size and writes again the entries it had
 * not acknowledged, which still hold their claims. So each document is in
 * the file once, whatever crashed when.
 */
#ifndef TD_REDIS_COLLECT_H
#define TD_REDIS_COLLECT_H

#include <signal.h>

#include "redis_conn.h"
#include "redis_stream.h"
#include "run.h"

typedef struct td_rcollect_opts {
    FILE *out;            /* JSON Lines; opened for appending when a file */
    const char *out_path; /* NULL for stdout: no cutting back on restart */
    FILE *errors;         /* dead letters as JSON Lines, or NULL */
    FILE *log;
    const char *consumer; /* keep it across restarts */
    uint64_t count;       /* stop after this many documents (0: no limit) */
    double until_idle;    /* stop after this many seconds with nothing new (0: never) */
    const sigset_t *stop_on; /* stop when one of these signals is pending */
} td_rcollect_opts;

typedef struct td_rcollect_stats {
    td_run_summary sum;   /* documents written, dropped, dead */
    uint64_t repeats;     /* dropped as already collected */
    uint64_t cut;         /* bytes of an uncommitted batch cut off at the start */
} td_rcollect_stats;

/* Collect until the count, the idle time or a signal. 0, or -1 when Redis
 * was lost for good or the output cannot be written (the reason logged). */
int td_rcollect(td_rconn *conn, const td_rkeys *keys, const td_rcollect_opts *o,
                td_rcollect_stats *st);

#endif
