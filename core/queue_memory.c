/* The in-memory queue: a ring buffer under one mutex, with two condition
 * variables for "not full" and "not empty". */
#include "queue.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct memory_queue {
    td_queue base;
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
    td_record **ring;
    size_t cap, head, count;
    bool closed;
} memory_queue;

static int mq_push(td_queue *q, td_record *rec)
{
    memory_queue *m = (memory_queue *)q;
    pthread_mutex_lock(&m->lock);
    while (m->count == m->cap && !m->closed)
        pthread_cond_wait(&m->not_full, &m->lock);
    if (m->closed) {
        pthread_mutex_unlock(&m->lock);
        return -1;
    }
    m->ring[(m->head + m->count) % m->cap] = rec;
    m->count++;
    pthread_cond_signal(&m->not_empty);
    pthread_mutex_unlock(&m->lock);
    return 0;
}

static int mq_pop(td_queue *q, td_record **rec)
{
    memory_queue *m = (memory_queue *)q;
    pthread_mutex_lock(&m->lock);
    while (m->count == 0 && !m->closed)
        pthread_cond_wait(&m->not_empty, &m->lock);
    if (m->count == 0) { /* closed and drained */
        pthread_mutex_unlock(&m->lock);
        *rec = NULL;
        return 0;
    }
    *rec = m->ring[m->head];
    m->head = (m->head + 1) % m->cap;
    m->count--;
    pthread_cond_signal(&m->not_full);
    pthread_mutex_unlock(&m->lock);
    return 1;
}

static void mq_close(td_queue *q)
{
    memory_queue *m = (memory_queue *)q;
    pthread_mutex_lock(&m->lock);
    m->closed = true;
    pthread_cond_broadcast(&m->not_empty);
    pthread_cond_broadcast(&m->not_full);
    pthread_mutex_unlock(&m->lock);
}

static void mq_destroy(td_queue *q)
{
    memory_queue *m = (memory_queue *)q;
    /* Records still queued belong to nobody else: free them. */
    while (m->count) {
        td_record_free(m->ring[m->head]);
        m->head = (m->head + 1) % m->cap;
        m->count--;
    }
    pthread_mutex_destroy(&m->lock);
    pthread_cond_destroy(&m->not_full);
    pthread_cond_destroy(&m->not_empty);
    free(m->ring);
    free(m);
}

static const td_queue_ops memory_ops = {
    .name = "memory",
    .push = mq_push,
    .pop = mq_pop,
    .ack = NULL,
    .close = mq_close,
    .destroy = mq_destroy,
};

td_queue *td_queue_memory_new(size_t capacity)
{
    if (capacity == 0)
        capacity = 1;
    memory_queue *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->ring = calloc(capacity, sizeof(*m->ring));
    if (!m->ring) {
        free(m);
        return NULL;
    }
    m->cap = capacity;
    m->base.ops = &memory_ops;
    if (pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m->ring);
        free(m);
        return NULL;
    }
    pthread_cond_init(&m->not_full, NULL);
    pthread_cond_init(&m->not_empty, NULL);
    return &m->base;
}
