#include "arena.h"

#include <stdint.h>
#include <stdlib.h>

#define ARENA_ALIGN 16
#define ARENA_FIRST 2048
#define ARENA_MAX_CHUNK (256 * 1024)

struct td_arena_chunk {
    td_arena_chunk *next;
    size_t size;
    _Alignas(ARENA_ALIGN) char data[];
};

void td_arena_init(td_arena *a)
{
    a->head = NULL;
    a->cur = a->end = NULL;
    a->next_size = ARENA_FIRST;
    a->used = 0;
}

static void *arena_new_chunk(td_arena *a, size_t size)
{
    size_t want = size > a->next_size ? size : a->next_size;
    td_arena_chunk *c = malloc(sizeof(*c) + want);
    if (!c)
        return NULL;
    c->size = want;
    /* A request bigger than the usual chunk gets a chunk of its own behind
     * the current one, so the space left in the current one is not lost. */
    if (size > a->next_size / 2 && a->head) {
        c->next = a->head->next;
        a->head->next = c;
        return c->data;
    }
    c->next = a->head;
    a->head = c;
    a->cur = c->data + size;
    a->end = c->data + want;
    if (a->next_size < ARENA_MAX_CHUNK)
        a->next_size *= 2;
    return c->data;
}

void *td_arena_alloc(td_arena *a, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    a->used += size;
    if ((size_t)(a->end - a->cur) >= size && a->cur) {
        void *p = a->cur;
        a->cur += size;
        return p;
    }
    return arena_new_chunk(a, size);
}

void td_arena_free(td_arena *a)
{
    td_arena_chunk *c = a->head;
    while (c) {
        td_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    td_arena_init(a);
}
