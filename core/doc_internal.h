/* The document's insides, shared by the core's document, alignment, codec
 * and pipeline code. Plugins see only include/tidings/doc.h. */
#ifndef TD_DOC_INTERNAL_H
#define TD_DOC_INTERNAL_H

#include <tidings/doc.h>

#include "arena.h"

/* Working bytes [w0, w1) came from original bytes [o0, o1). Between edits
 * the texts are identical. Edits are sorted and never overlap; they may
 * touch. Several start at one working offset only when all but the last
 * are deletions (w0 == w1). */
typedef struct td_edit {
    size_t w0, w1, o0, o1;
} td_edit;

typedef struct td_layer {
    const char *name;
    td_annot **items;
    size_t n, cap;
    size_t maxlen; /* longest span, bounds td_doc_covering's search */
    bool sorted;
} td_layer;

/* Something a document keeps alive until it is freed (the harness whose
 * plugins its strings point into): release(owner) runs in td_doc_free. */
typedef struct td_doc_hold {
    void (*release)(void *owner);
    void *owner;
    struct td_doc_hold *next;
} td_doc_hold;

/* Interned strings: layers, labels and keys. A small open-addressing table
 * by content, and in front of it a table by the caller's pointer, since
 * plugins pass the same literals over and over. The pointer table probes
 * linearly and never evicts while it has room, so the dozen literals a
 * stage uses never push each other out (a direct-mapped cache did: two
 * literals sharing a slot missed on every other call). */
/* Sized for the default pipeline with room to spare: its five stages use
 * about 150 names, each often by two pointers (the literal and the copy),
 * and a full table sends every later call to the slow path. */
#define TD_DOC_INTERN_SLOTS 512  /* power of two; at most half filled */
#define TD_DOC_PTR_CACHE 512     /* 2^9: doc.c takes the top 9 bits of a hash */
#define TD_DOC_PTR_CACHE_MAX 384 /* pointers kept; the rest are looked up by content */

struct td_doc {
    char *id;
    char *orig;         /* NUL-terminated, valid UTF-8 */
    size_t orig_len;
    char *work;         /* == orig until a rewrite */
    size_t work_len;
    size_t repaired;
    td_edit *edits;
    size_t nedits;

    td_arena arena;
    td_annot **by_id;   /* by_id[id - 1] */
    size_t nannots, cap_annots;
    td_layer *layers;
    size_t nlayers, cap_layers;
    td_attr *attrs;     /* document-level */

    /* The names' table: the inline one first, a heap one twice as big
     * each time it is half full (interned, intern_cap; NULL, 0 before). */
    const char *interned_inline[TD_DOC_INTERN_SLOTS];
    const char **interned;
    size_t ninterned, intern_cap;
    struct {
        const char *given, *interned;
    } ptr_cache[TD_DOC_PTR_CACHE];
    size_t nptr;        /* ptr_cache entries in use */
    size_t last_layer;  /* the layer doc_layer() found last, tried first */

    int ascii;          /* original is all ASCII: 1, not: 0, not yet known: -1 */
    uint32_t *cp_index; /* code points before each 64-byte block of orig */

    void *meta;         /* json_t object of the input record, owned; or */
    const char *meta_raw; /* the input line, borrowed from its record */
    size_t meta_raw_len;
    /* The input line's top-level members, indexed on the first lookup so
     * td_doc_meta does not rescan the whole line (text included) each call;
     * arena-owned. meta_index_for is the line they were read from. */
    struct td_meta_entry *meta_index;
    size_t meta_index_n;
    const char *meta_index_for;
    bool meta_index_bad; /* the line did not scan: no field is found */
    bool id_given;      /* the input had an "id" (else one was made) */
    bool meta_changed;  /* td_doc_set_meta*: the object is written anew */
    td_doc_hold *holds; /* malloc'd; released last in td_doc_free */
    char errmsg[192];
};

/* printf into doc->errmsg; returns -1. */
int td_doc_fail(td_doc *doc, const char *fmt, ...) TD_PRINTF(2, 3);
/* Copy a short string into the arena, sharing repeats. */
const char *td_doc_intern(td_doc *doc, const char *s);
/* A document over `text`, a malloc'd buffer of len + 1 bytes holding valid
 * UTF-8, which the document takes over (no copy). NULL when out of memory,
 * the buffer freed. */
td_doc *td_doc_adopt(const char *id, char *text, size_t len);
struct td_json_member;
/* The top-level members of doc->meta_raw, as its decoder scanned them, in
 * order: td_doc_meta reads them instead of scanning the line again. -1 when
 * out of memory (the index is then made on the first lookup). */
int td_doc_meta_index_set(td_doc *doc, const struct td_json_member *members, size_t n);
/* Take ownership of a json_t object holding the input's other fields. */
void td_doc_own_meta(td_doc *doc, void *json_object);
/* Keep `owner` until the document is freed, then call release(owner).
 * 1 when added, 0 when the document holds it already, -1 out of memory. */
int td_doc_hold_add(td_doc *doc, void (*release)(void *owner), void *owner);
/* Add an annotation with a given id (decoding a serialised document). */
td_annot *td_doc_add_with_id(td_doc *doc, uint32_t id, const char *layer, const char *label,
                             size_t start, size_t end);
/* Install a working text and its alignment as decoded from the wire.
 * Takes ownership of `work` (malloc'd, NUL-terminated) and `edits`. */
int td_doc_restore_working(td_doc *doc, char *work, size_t work_len, td_edit *edits,
                           size_t nedits);

#endif
