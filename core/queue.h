/*
 * td_queue: how records travel between the reader, the workers and the
 * writer. One interface, two backends: `memory` (this file's
 * td_queue_memory_new) and `redis` (streams; see docs/DISTRIBUTED.md).
 */
#ifndef TD_QUEUE_H
#define TD_QUEUE_H

#include <stddef.h>

#include "record.h"

typedef struct td_queue td_queue;

typedef struct td_queue_ops {
    const char *name;
    /* Hand a record over; blocks while the queue is full (backpressure),
     * never drops. 0, or -1 when the queue is closed or broken. */
    int (*push)(td_queue *q, td_record *rec);
    /* Take the next record: 1, or 0 once the queue is closed and drained,
     * or -1 when broken. Blocks while empty. */
    int (*pop)(td_queue *q, td_record **rec);
    /* The consumer is done with a popped record (Redis: XACK). */
    int (*ack)(td_queue *q, td_record *rec);
    /* No more pushes; pops drain what is left, then get 0. */
    void (*close)(td_queue *q);
    void (*destroy)(td_queue *q);
} td_queue_ops;

struct td_queue {
    const td_queue_ops *ops;
};

static inline int td_queue_push(td_queue *q, td_record *rec) { return q->ops->push(q, rec); }
static inline int td_queue_pop(td_queue *q, td_record **rec) { return q->ops->pop(q, rec); }
static inline int td_queue_ack(td_queue *q, td_record *rec)
{
    return q->ops->ack ? q->ops->ack(q, rec) : 0;
}
static inline void td_queue_close(td_queue *q) { q->ops->close(q); }
static inline void td_queue_destroy(td_queue *q)
{
    if (q)
        q->ops->destroy(q);
}

/* Bounded, blocking, many producers and many consumers, FIFO. */
td_queue *td_queue_memory_new(size_t capacity);

#endif
