/*
 * A worker thread of one segment: reads a batch from the segment's stream
 * (XREADGROUP COUNT batch BLOCK block_ms), runs the segment's stages on each
 * document, and in one transaction adds the results to the next stream (or
 * the output or dead-letter stream) and acknowledges the batch
 * (MULTI, XADD..., XACK, EXEC: pipelined, one round trip). Entries a dead
 * worker left pending are taken over one at a time (XAUTOCLAIM COUNT 1) so
 * that a document that kills its worker cannot take innocent ones down with
 * it; past max_deliveries it goes to the dead-letter stream.
 */
#ifndef TD_REDIS_WORKER_H
#define TD_REDIS_WORKER_H

#include <stdatomic.h>

#include "pipeline_conf.h"
#include "redis_conn.h"
#include "redis_stream.h"

typedef struct td_rworker_shared {
    td_pipeline_conf *conf;
    const td_redis_cfg *cfg;
    const td_rkeys *keys;
    const td_rseg *seg;
    FILE *log;
    const char *who;         /* "tidings worker", for messages */
    const char *node;        /* host:pid, the first part of consumer names */
    unsigned block_ms;       /* how long a read waits (run: shorter than cfg's) */
    atomic_int *stop;        /* set: finish the batch in hand, then return */
    atomic_int *abort;       /* set: give up reconnecting too */
    atomic_uint_fast64_t docs, reclaimed, dead, retried;
} td_rworker_shared;

/*
 * Run worker `index` of a segment until *stop. 0 when stopped, -1 when the
 * connection could not be made again within reconnect_max_ms (the reason
 * is logged).
 */
int td_rworker_main(td_rworker_shared *sh, unsigned index);

#endif
