/* The [queue.redis] options, checked like a plugin's (docs/DISTRIBUTED.md). */
#include "pipeline_conf.h"

const td_option td_redis_options[] = {
    {"url", TD_OPT_STRING, "redis://127.0.0.1:6379/0",
     "redis://[user:password@]host:port/db or unix:///path/to/socket[?db=N]"},
    {"prefix", TD_OPT_STRING, "tidings", "first part of every key name"},
    {"batch", TD_OPT_INT, "64", "entries read and written per round trip"},
    {"block_ms", TD_OPT_INT, "1000", "how long a worker waits for new entries"},
    {"claim_idle_ms", TD_OPT_INT, "30000",
     "take over entries a dead worker left pending this long"},
    {"max_deliveries", TD_OPT_INT, "5", "after this many deliveries an entry is dead-lettered"},
    {"connect_timeout_ms", TD_OPT_INT, "2000", "give up connecting after this long"},
    {"command_timeout_ms", TD_OPT_INT, "5000", "give up on a reply after this long"},
    {"reconnect_max_ms", TD_OPT_INT, "60000",
     "once connected, keep reconnecting this long before giving up (0: forever)"},
    {"max_backlog", TD_OPT_INT, "100000",
     "writers wait while the stream they write to holds this many entries (0: no limit)"},
    {NULL, 0, NULL, NULL},
};
