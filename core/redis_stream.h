/*
 * A pipeline's keys in Redis, its segments (the stages between two
 * streams), consumer groups and trimming. Key names and entry fields are
 * described in docs/DISTRIBUTED.md.
 */
#ifndef TD_REDIS_STREAM_H
#define TD_REDIS_STREAM_H

#include "pipeline_conf.h"
#include "redis_conn.h"

/* The one consumer group of every stream. */
#define TD_RGROUP "tidings"

typedef struct td_rkeys {
    char *base;     /* "<prefix>:{<name>}", all keys start with it */
    char *in;       /* stream before the first stage */
    char *out;      /* finished documents (and tombstones of dropped ones) */
    char *dead;     /* dead letters */
    char *seen;     /* hash: document id -> the entry the collector kept */
    char *sink;     /* hash: output file -> bytes the collector committed */
    char *seq;      /* counter handing out sequence numbers to submitters */
    char *submits;  /* hash: submitter -> its last batch committed */
    char **at;      /* at[k]: the stream before split stage split_at[k] */
    size_t *split_at; /* the splits' stage indexes, ascending */
    size_t nat;
} td_rkeys;

/* A segment: stages [from, to) run by one worker between two streams. */
typedef struct td_rseg {
    size_t from, to;
    const char *src, *dst;
    bool last;         /* dst is the output stream: encode the document */
    char names[256];   /* its stages, space-separated, for messages */
} td_rseg;

/*
 * Key names for conf's pipeline. With run_id, keys of a private run
 * ("<prefix>:{<name>}:run:<id>:in", ...) that `tidings run` deletes at the
 * end. 0, or -1 with the reason (a name that cannot be a hash tag).
 */
int td_rkeys_init(td_rkeys *k, const td_redis_cfg *cfg, const td_pipeline_conf *conf,
                  const char *run_id, char *err, size_t errlen);
void td_rkeys_free(td_rkeys *k);
/* segs gets k->nat + 1 segments in stage order; their strings point into k. */
void td_rkeys_segments(const td_rkeys *k, const td_pipeline_conf *conf, td_rseg *segs);
/* The segment starting at stage `name` (NULL: the first), or -1. */
long td_rkeys_segment_named(const td_rkeys *k, const td_pipeline_conf *conf, const char *name);

/* Check the server (Redis >= 6.2) and make every stream with its group. */
int td_rstreams_setup(td_rconn *rc, const td_rkeys *k, char *err, size_t errlen);
/* Delete every key of k (a private run's). Workers blocked reading them
 * are woken (Redis >= 7: "UNBLOCKED the stream key no longer exists"). */
int td_rstreams_delete(td_rconn *rc, const td_rkeys *k);

/*
 * Trim the entries of `key` that every group of it has read and
 * acknowledged (XTRIM MINID, computed in a script from XINFO GROUPS and
 * XPENDING, so nothing unread or pending goes). Returns the number
 * trimmed, or -1 when the connection broke.
 */
long long td_rstream_trim(td_rconn *rc, const char *key);

/* Forget consumers of `key` that hold nothing and have not been seen for
 * a long while (workers killed and taken over), other than `self`. */
void td_rstream_reap(td_rconn *rc, const char *key, const char *self, unsigned claim_idle_ms);

/* An entry's id and fields from [id, [field, value, ...]]; false if the
 * entry is malformed. fields is NULL for an entry deleted meanwhile. */
bool td_rentry(const redisReply *entry, const char **id, size_t *idlen,
               const redisReply **fields);
/* A field's bytes, or NULL. */
const char *td_rfield(const redisReply *fields, const char *name, size_t *len);
/* A field read as a decimal number; false when missing or not a number. */
bool td_rfield_u64(const redisReply *fields, const char *name, uint64_t *out);

/* hostname:pid, for consumer names. */
void td_redis_node_name(char *buf, size_t len);

#endif
