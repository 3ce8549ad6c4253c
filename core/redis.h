/* The Redis Streams backend: tidings run with queue = redis, and the
 * submit / worker / collect / status commands (docs/DISTRIBUTED.md). */
#ifndef TD_REDIS_H
#define TD_REDIS_H

#include "run.h"

/* Run every stage through Redis in this process. As td_run_memory, and -2
 * when Redis cannot be reached (a config or environment error). */
int td_run_redis(td_pipeline_conf *conf, td_input *in, const td_run_opts *opts,
                 td_run_summary *sum);

struct td_rconn;
struct td_rkeys;
/* Print every stream of the pipeline: length, pending, lag, consumers and
 * their idle time, dead letters. 0, or -1 when the connection broke. */
int td_redis_status(td_pipeline_conf *conf, struct td_rconn *conn, const struct td_rkeys *keys,
                    FILE *out);

#endif
