/*
 * Feeding a pipeline's input stream: records are sent in batches, each one
 * transaction (MULTI, XADD..., HSET submits <me> <batch>, EXEC) so that a
 * batch whose reply was lost with the connection is not sent twice: after
 * reconnecting, the submitter's counter in the `submits` hash says whether
 * it went through.
 */
#ifndef TD_REDIS_SUBMIT_H
#define TD_REDIS_SUBMIT_H

#include "record.h"
#include "redis_conn.h"
#include "redis_stream.h"

typedef struct td_rsubmit {
    td_rconn *conn;
    const td_rkeys *keys;
    char sid[160];       /* this submitter, in the submits hash */
    bool number;         /* give records sequence numbers from the seq counter */
    bool numbered;       /* the batch in hand has its numbers */
    const atomic_int *stop; /* stop waiting for the backlog to shrink */
    td_record **recs;    /* the batch in hand, owned */
    size_t n, cap;
    uint64_t batches;    /* committed */
    uint64_t sent;       /* records in committed batches */
    td_rargs args;
} td_rsubmit;

/* `number`: submit hands out seq from Redis (many submitters may feed one
 * pipeline); without it records keep their own (a private run). */
void td_rsubmit_init(td_rsubmit *s, td_rconn *conn, const td_rkeys *keys, bool number,
                     const atomic_int *stop);
/* Take rec (owned from now on) into the batch; send the batch when full.
 * A record already failed (an unreadable file) goes to the dead-letter
 * stream. 0, or -1 when Redis cannot be reached or refused the batch. */
int td_rsubmit_add(td_rsubmit *s, td_record *rec);
int td_rsubmit_flush(td_rsubmit *s);
/* Flush, and remove the submitter from the submits hash. */
int td_rsubmit_finish(td_rsubmit *s);
void td_rsubmit_free(td_rsubmit *s);

#endif
