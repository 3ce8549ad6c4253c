/*
 * tidings document model.
 *
 * A document holds the original text as received (always valid UTF-8:
 * invalid sequences are replaced by U+FFFD when the document is made, and
 * counted), the working text that stages analyse (the original until a stage
 * such as `normalise` rewrites it), an alignment from working text back to
 * the original, and annotations.
 *
 * Offsets in this API are BYTE offsets into the WORKING text. The writer
 * turns them into code point offsets into the original text on output
 * (docs/FORMAT.md); td_doc_span_original() and td_doc_cp_offset() do the
 * same for plugins and tests.
 *
 * Ownership: everything a document hands out (annotations, strings, memory
 * from td_doc_alloc) lives until td_doc_free(). A stage borrows the document
 * for one process() call and never keeps pointers into it afterwards.
 * A document is used by one thread at a time.
 */
#ifndef TIDINGS_DOC_H
#define TIDINGS_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TD_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define TD_PRINTF(fmt, args)
#endif

typedef struct td_doc td_doc;

typedef enum td_attr_type {
    TD_ATTR_STRING = 1,
    TD_ATTR_NUMBER,
    TD_ATTR_BOOL,
    TD_ATTR_REF /* the id of another annotation in the same document */
} td_attr_type;

typedef struct td_attr {
    const char *key;
    td_attr_type type;
    union {
        const char *s;
        double n;
        bool b;
        uint32_t ref;
    } v;
    struct td_attr *next; /* in the order the attributes were first set */
} td_attr;

/*
 * An annotation. Plugins read the fields directly and change them only
 * through the functions below.
 */
typedef struct td_annot {
    uint32_t id;       /* unique in the document, from 1, in order of creation */
    const char *layer; /* "token", "sentence", "entity", ... */
    const char *label; /* "word", "official", "statistic", ... */
    size_t start, end; /* byte offsets into the working text, start <= end */
    td_attr *attrs;
} td_annot;

/* ---- making and freeing ---------------------------------------------- */

/*
 * A new document over a copy of `text` (`len` bytes, NULs allowed). Invalid
 * UTF-8 is replaced, one U+FFFD per maximal ill-formed subpart (what Python's
 * errors="replace" and the WHATWG decoder do); td_doc_repaired() counts the
 * replacements. `id` is copied. Returns NULL only when out of memory.
 */
td_doc *td_doc_new(const char *id, const char *text, size_t len);
void td_doc_free(td_doc *doc); /* NULL is a no-op */

const char *td_doc_id(const td_doc *doc);
/* The working text; NUL-terminated, `*len` (if not NULL) excludes the NUL. */
const char *td_doc_text(const td_doc *doc, size_t *len);
/* The original text as received (after UTF-8 repair); NUL-terminated. */
const char *td_doc_original(const td_doc *doc, size_t *len);
/* Ill-formed UTF-8 sequences replaced when the document was made. */
size_t td_doc_repaired(const td_doc *doc);
/*
 * A field of the input record (title, url, published, source, ...) as text,
 * or NULL when absent or an object, an array or null. A number comes as
 * the input wrote it ("2026", "0.25"), true/false as "true"/"false". The
 * string lives as long as the document.
 */
const char *td_doc_meta(td_doc *doc, const char *key);
/* A number field of the input record: true with *value set, false when
 * absent or not a number (a string "12" is not a number). */
bool td_doc_meta_num(td_doc *doc, const char *key, double *value);
/*
 * Set (or replace) a field of the input record: what td_doc_meta() then
 * returns and what the output line carries, for a document made with
 * td_doc_new() in a test ("published" for a date-dependent rule). A whole
 * number is written as an integer. "text", "id", "annotations" and
 * "tidings" are refused. The value is copied. 0, or -1 with
 * td_doc_errmsg(). A Redis split carries the input as it was read, so set
 * fields before the pipeline runs, not in a stage.
 */
int td_doc_set_meta(td_doc *doc, const char *key, const char *value);
int td_doc_set_meta_num(td_doc *doc, const char *key, double value);

/* The message of the last failed call on this document. */
const char *td_doc_errmsg(const td_doc *doc);

/* ---- the document's arena --------------------------------------------- */

/* Memory that lives as long as the document; 16-byte aligned, never NULL
 * unless out of memory. Not freed one by one. */
void *td_doc_alloc(td_doc *doc, size_t size);
char *td_doc_strndup(td_doc *doc, const char *s, size_t n);

/* ---- annotations ------------------------------------------------------ */

/*
 * Add an annotation over working-text bytes [start, end). `layer` and
 * `label` are copied (short strings; repeats are shared). Returns NULL with
 * td_doc_errmsg() set when the span is outside the text or out of memory.
 */
td_annot *td_doc_add(td_doc *doc, const char *layer, const char *label,
                     size_t start, size_t end);

/*
 * For a stage that adds many annotations (a tokeniser: one per word).
 *
 * td_doc_name() gives the document's own copy of a layer, label or
 * attribute key name: the pointer td_doc_add() and td_annot_set_*() store
 * (a->layer, a->label, at->key). Passing that pointer back where a name is
 * asked for finds it at once; any other pointer (a literal) is found by
 * its address and then compared byte for byte, since a caller may reuse a
 * buffer. Take the names once per document, before the loop. Same meaning
 * either way; NULL only when out of memory (or `name` is NULL).
 *
 * td_doc_reserve() makes room for `n` more annotations of `layer`, so that
 * adding them grows no array; a hint, with no effect on what is added.
 * 0, or -1 out of memory.
 */
const char *td_doc_name(td_doc *doc, const char *name);
int td_doc_reserve(td_doc *doc, const char *layer, size_t n);

/*
 * Add n >= 1 annotations to one layer at once: spec[i] is what
 * td_doc_add(doc, layer, spec[i].label, spec[i].start, spec[i].end) would
 * get, and the result is the same as those n calls in order (ids given in
 * order, the layer's order and lookups alike), at a fraction of the cost
 * for a tokeniser's thousands. Returns the first of the n annotations,
 * which lie in one array: result[i] is spec[i]'s. All or nothing: NULL
 * with td_doc_errmsg() (a span outside the text, no label, out of memory)
 * and nothing added.
 */
typedef struct td_annot_spec {
    const char *label;
    size_t start, end;
} td_annot_spec;
td_annot *td_doc_add_many(td_doc *doc, const char *layer, const td_annot_spec *spec, size_t n);

/* Annotation by id, or NULL. */
td_annot *td_doc_get(const td_doc *doc, uint32_t id);
/* Number of annotations in the document (all layers). */
size_t td_doc_count(const td_doc *doc);

/*
 * The annotations of a layer, sorted by start, then longest first, then id.
 * `*n` gets the count; the array lives until the next td_doc_add() to that
 * layer. Returns NULL with *n = 0 for a layer with no annotations.
 */
td_annot *const *td_doc_layer(td_doc *doc, const char *layer, size_t *n);

/*
 * The annotations of a layer whose start lies in [start, end): a slice of
 * td_doc_layer()'s array. Check a->end yourself where layers overlap.
 */
td_annot *const *td_doc_within(td_doc *doc, const char *layer, size_t start,
                               size_t end, size_t *n);

/*
 * The annotation of a layer that covers byte `pos` (start <= pos < end),
 * for layers whose annotations do not overlap (token, sentence); the first
 * such when they do. NULL if none.
 */
td_annot *td_doc_covering(td_doc *doc, const char *layer, size_t pos);

/* ---- tokens and other annotations -------------------------------------- */

/*
 * `a`'s index in td_doc_layer(doc, a->layer): tokens[i - 1] and tokens[i + 1]
 * are its neighbours. O(log n). SIZE_MAX when `a` is not an annotation of
 * this document. Valid until the next td_doc_add() to that layer, like the
 * array. From td_doc_covering(): td_doc_index(doc, td_doc_covering(doc,
 * "token", pos)).
 */
size_t td_doc_index(td_doc *doc, const td_annot *a);

/*
 * The annotations of `layer` that start inside `outer` (the tokens of a
 * sentence): td_doc_within(doc, layer, outer->start, outer->end, n), a slice
 * of td_doc_layer()'s array with the same lifetime. The first one's index
 * in the layer is td_doc_index(doc, slice[0]). NULL with *n = 0 when none.
 */
td_annot *const *td_doc_inside(td_doc *doc, const char *layer, const td_annot *outer,
                               size_t *n);

/* True when white space (Unicode White_Space, line breaks included)
 * follows `a` in the working text: "China" in "China 's" but not in
 * "China's". False at the end of the text. */
bool td_doc_space_after(const td_doc *doc, const td_annot *a);

/*
 * `n` bytes of valid UTF-8 `s`, case-folded (Unicode full case folding, the
 * matcher's TD_MATCH_FOLD): "Straße" -> "strasse", "GDP" -> "gdp". A
 * NUL-terminated copy in the document's arena, `*len` (if not NULL) its
 * length; NULL when out of memory. For a token:
 * td_doc_fold(doc, text + tok->start, tok->end - tok->start, &len).
 */
char *td_doc_fold(td_doc *doc, const char *s, size_t n, size_t *len);

/*
 * The regions of the working text a normaliser rewrote, in order: working
 * bytes [start, end) came from original bytes [orig_start, orig_end)
 * (start == end where characters were deleted). Between regions the
 * working text is the original's bytes, shifted by the lengths changed
 * before. Regions never overlap and both offsets grow; several may start
 * at one offset only when all but the last are deletions. `*n` gets the
 * count; NULL with 0 when the text was not rewritten. The array lives
 * until the next rewrite (only text-rewriting stages make one, before any
 * annotating stage runs) or td_doc_free(). For a stage that cares about the original
 * (a token's case after case folding): walk the tokens and the regions
 * side by side and look at the original only where they touch.
 */
typedef struct td_rewrite_span {
    size_t start, end;
    size_t orig_start, orig_end;
} td_rewrite_span;
const td_rewrite_span *td_doc_rewrites(const td_doc *doc, size_t *n);

/* ---- attributes ------------------------------------------------------- */

/* Set (or replace) an attribute; strings and keys are copied. 0 or -1. */
int td_annot_set_str(td_doc *doc, td_annot *a, const char *key, const char *value);
int td_annot_set_strn(td_doc *doc, td_annot *a, const char *key, const char *value,
                      size_t n);
/* Like td_annot_set_str, without the copy: `value` must stay valid as long
 * as the document (a string literal, or memory the stage's state owns,
 * such as a matcher payload: a pipeline and the harness keep both until
 * their documents are freed). For values from a small fixed set, set on
 * many annotations. */
int td_annot_set_const(td_doc *doc, td_annot *a, const char *key, const char *value);
/* td_annot_set_const on the n annotations a[0, n) (an array such as
 * td_doc_add_many returns), values[i] on a[i], the key looked up once:
 * a tokeniser's "shape" on every token. 0, or -1 with the document's
 * error (then some of them may be set). */
int td_annot_set_const_many(td_doc *doc, td_annot *a, size_t n, const char *key,
                            const char *const *values);
int td_annot_set_num(td_doc *doc, td_annot *a, const char *key, double value);
int td_annot_set_bool(td_doc *doc, td_annot *a, const char *key, bool value);
int td_annot_set_ref(td_doc *doc, td_annot *a, const char *key, const td_annot *target);

const td_attr *td_annot_attr(const td_annot *a, const char *key);
/* Typed getters: NULL / `fallback` when missing or of another type. */
const char *td_annot_str(const td_annot *a, const char *key);
double td_annot_num(const td_annot *a, const char *key, double fallback);
bool td_annot_bool(const td_annot *a, const char *key, bool fallback);
td_annot *td_annot_ref(const td_doc *doc, const td_annot *a, const char *key);

/* Document-level attributes (counts a stage wants to report), written to
 * the output's "tidings" object. */
int td_doc_set_str(td_doc *doc, const char *key, const char *value);
int td_doc_set_num(td_doc *doc, const char *key, double value);
int td_doc_set_bool(td_doc *doc, const char *key, bool value);
const td_attr *td_doc_attrs(const td_doc *doc);
const td_attr *td_doc_attr(const td_doc *doc, const char *key);

/* ---- rewriting the working text (normalisation) ------------------------ */

/*
 * A stage that changes the working text builds the new text in order from
 * the current one: keep n bytes as they are, or replace n bytes by other
 * bytes (n may be 0 to insert, `with_len` 0 to delete). The alignment back
 * to the original is recorded as it goes and composed with any earlier
 * rewrite. Only allowed before any annotation exists (offsets would break).
 *
 *     td_rewrite *rw = td_rewrite_begin(doc);
 *     td_rewrite_keep(rw, 5);
 *     td_rewrite_replace(rw, 3, "\"", 1);   // a 3-byte curly quote -> '"'
 *     ...
 *     if (td_rewrite_commit(rw) != 0) -> td_doc_errmsg(doc)
 *
 * The bytes consumed must add up to the whole working text at commit.
 * commit and abort both free the builder. Begin allocates room for the new
 * text, so scan first and begin at the first change: a text that needs no
 * change then costs no copy, and td_doc_rewritten() stays false.
 */
typedef struct td_rewrite td_rewrite;

td_rewrite *td_rewrite_begin(td_doc *doc);
int td_rewrite_keep(td_rewrite *rw, size_t n);
int td_rewrite_replace(td_rewrite *rw, size_t n, const char *with, size_t with_len);
int td_rewrite_commit(td_rewrite *rw);
void td_rewrite_abort(td_rewrite *rw);

/* True once a rewrite has been committed. */
bool td_doc_rewritten(const td_doc *doc);

/* ---- mapping back to the original ------------------------------------- */

/*
 * The original-text byte span for working bytes [start, end). A span that
 * cuts through a rewritten region grows to cover all of it; removed
 * characters at a span's edges stay outside it.
 */
void td_doc_span_original(const td_doc *doc, size_t start, size_t end,
                          size_t *orig_start, size_t *orig_end);

/* Code point offset of original-text byte offset `orig_byte`. */
size_t td_doc_cp_offset(td_doc *doc, size_t orig_byte);

#ifdef __cplusplus
}
#endif
#endif
