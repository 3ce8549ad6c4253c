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
void td_arena_free(td_arena *a); /* frees every chunk; the arena can be reused */

#endif
