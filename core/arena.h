/* Bump allocator: many small allocations freed in one go (a document's
 * annotations and strings). */
#ifndef TD_ARENA_H
#define TD_ARENA_H

#include <stddef.h>

typedef struct td_arena_chunk td_arena_chunk;

typedef struct td_arena {
    td_arena_chunk *head;
    char *cur, *end;
    size_t next_size; /* size of the next chunk; doubles up to a cap */
    size_t used;      /* bytes handed out, for stats */
} td_arena;

void td_arena_init(td_arena *a);
/* 16-byte aligned memory, NULL only when out of memory. */
void *td_arena_alloc(td_arena *a, size_t size);

/* td_arena_alloc with its common case inlined: the document's annotations
 * and attributes come from here, millions of times a run. */
static inline void *td_arena_alloc_inline(td_arena *a, size_t size)
{
    size_t rounded = (size + 15) & ~(size_t)15;
    if (size - 1 < (size_t)(a->end - a->cur) && rounded <= (size_t)(a->end - a->cur)) {
        void *p = a->cur;
        a->cur += rounded;
        a->used += rounded;
        return p;
    }
    return td_arena_alloc(a, size);
}
void td_arena_free(td_arena *a); /* frees every chunk; the arena can be reused */

#endif
