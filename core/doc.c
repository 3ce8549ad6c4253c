/* The document: texts, annotations, attributes, queries. */
#include "doc_internal.h"
#include "json_scan.h"
#include "utf8_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int td_doc_fail(td_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(doc->errmsg, sizeof(doc->errmsg), fmt, ap);
    va_end(ap);
    return -1;
}

td_doc *td_doc_new(const char *id, const char *text, size_t len)
{
    td_doc *doc = calloc(1, sizeof(*doc));
    if (!doc)
        return NULL;
    td_arena_init(&doc->arena);
    doc->ascii = -1;
    doc->id = strdup(id ? id : "");
    char *repaired = NULL;
    size_t repaired_len = 0;
    if (!doc->id || td_utf8_repair(text ? text : "", text ? len : 0, &repaired,
                                   &repaired_len, &doc->repaired) != 0)
        goto fail;
    if (repaired) {
        doc->orig = repaired;
        doc->orig_len = repaired_len;
    } else {
        doc->orig = malloc(len + 1);
        if (!doc->orig)
            goto fail;
        if (len)
            memcpy(doc->orig, text, len);
        doc->orig[len] = '\0';
        doc->orig_len = len;
    }
    doc->work = doc->orig;
    doc->work_len = doc->orig_len;
    return doc;
fail:
    td_doc_free(doc);
    return NULL;
}

td_doc *td_doc_adopt(const char *id, char *text, size_t len)
{
    td_doc *doc = calloc(1, sizeof(*doc));
    if (!doc || !(doc->id = strdup(id ? id : ""))) {
        free(doc);
        free(text);
        return NULL;
    }
    td_arena_init(&doc->arena);
    doc->ascii = -1;
    text[len] = '\0';
    doc->orig = doc->work = text;
    doc->orig_len = doc->work_len = len;
    return doc;
}

void td_doc_free(td_doc *doc)
{
    if (!doc)
        return;
    if (doc->work != doc->orig)
        free(doc->work);
    free(doc->orig);
    free(doc->id);
    free(doc->edits);
    free(doc->by_id);
    for (size_t i = 0; i < doc->nlayers; i++)
        free(doc->layers[i].items);
    free(doc->layers);
    free(doc->cp_index);
    free(doc->interned);
    if (doc->meta)
        json_decref(doc->meta);
    td_arena_free(&doc->arena);
    /* Last: what the document's strings pointed into may go now. */
    td_doc_hold *h = doc->holds;
    free(doc);
    while (h) {
        td_doc_hold *next = h->next;
        h->release(h->owner);
        free(h);
        h = next;
    }
}

int td_doc_hold_add(td_doc *doc, void (*release)(void *owner), void *owner)
{
    for (const td_doc_hold *h = doc->holds; h; h = h->next)
        if (h->owner == owner && h->release == release)
            return 0;
    td_doc_hold *h = malloc(sizeof(*h));
    if (!h)
        return -1;
    *h = (td_doc_hold){.release = release, .owner = owner, .next = doc->holds};
    doc->holds = h;
    return 1;
}

const char *td_doc_id(const td_doc *doc) { return doc->id; }

const char *td_doc_text(const td_doc *doc, size_t *len)
{
    if (len)
        *len = doc->work_len;
    return doc->work;
}

const char *td_doc_original(const td_doc *doc, size_t *len)
{
    if (len)
        *len = doc->orig_len;
    return doc->orig;
}

size_t td_doc_repaired(const td_doc *doc) { return doc->repaired; }

bool td_doc_rewritten(const td_doc *doc) { return doc->work != doc->orig; }

const char *td_doc_errmsg(const td_doc *doc) { return doc->errmsg; }


void *td_doc_alloc(td_doc *doc, size_t size)
{
    void *p = td_arena_alloc_inline(&doc->arena, size);
    if (!p)
        td_doc_fail(doc, "out of memory");
    return p;
}

/* The arena's memory for the document's own structures: inlined, and
 * failing with the document's message like td_doc_alloc. */
static inline void *doc_alloc(td_doc *doc, size_t size)
{
    void *p = td_arena_alloc_inline(&doc->arena, size);
    if (!p)
        td_doc_fail(doc, "out of memory");
    return p;
}

char *td_doc_strndup(td_doc *doc, const char *s, size_t n)
{
    char *p = n < SIZE_MAX ? doc_alloc(doc, n + 1) : NULL;
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* strcmp for the short strings interned here, inlined: the call cost
 * more than the compare. */
static inline bool short_equal(const char *a, const char *b)
{
    if (a == b)
        return true;
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Literals sit a few bytes apart: mix the address before taking bits. */
static inline size_t ptr_slot(const char *s)
{
    return (size_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ull) >> 55);
}

_Static_assert(TD_DOC_PTR_CACHE == 512, "ptr_slot takes 9 bits");

/* Remember that `given` interns to `interned`, in the empty slot of its
 * probe (`slot`, or found from its hash when SIZE_MAX), or in its own
 * slot when it holds another string now. Below the cap an empty slot
 * always remains, so probes end; past it, nothing more is kept. */
static void ptr_remember(td_doc *doc, const char *given, const char *interned, size_t slot)
{
    size_t mask = TD_DOC_PTR_CACHE - 1;
    if (slot == SIZE_MAX)
        for (slot = ptr_slot(given); doc->ptr_cache[slot].given &&
                                     doc->ptr_cache[slot].given != given;
             slot = (slot + 1) & mask)
            ;
    if (doc->ptr_cache[slot].given == given) {
        doc->ptr_cache[slot].interned = interned;
    } else if (doc->nptr < TD_DOC_PTR_CACHE_MAX) {
        doc->ptr_cache[slot].given = given;
        doc->ptr_cache[slot].interned = interned;
        doc->nptr++;
    }
}

/* The pointer table's slot for s: an empty one (s is new), or s's own
 * whose string no longer matches (the caller reused its buffer). */
static uint32_t name_hash(const char *s, size_t *len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    size_t n = 0;
    for (; s[n]; n++)
        h = (h ^ (unsigned char)s[n]) * 16777619u;
    *len = n;
    return h;
}

/* The names' table twice as big. Every name stays shared: layers and keys
 * are compared by pointer, so a name copied twice would be two names (a
 * layer one stage made that the next cannot find). 0, or -1 out of memory. */
static int intern_grow(td_doc *doc)
{
    const char **old = doc->interned ? doc->interned : doc->interned_inline;
    size_t oldcap = doc->intern_cap ? doc->intern_cap : TD_DOC_INTERN_SLOTS;
    if (oldcap > SIZE_MAX / 2 / sizeof(*old))
        return -1;
    size_t cap = oldcap * 2, mask = cap - 1;
    const char **tab = calloc(cap, sizeof(*tab));
    if (!tab)
        return -1;
    for (size_t j = 0; j < oldcap; j++) {
        if (!old[j])
            continue;
        size_t len;
        size_t i = name_hash(old[j], &len) & mask;
        while (tab[i])
            i = (i + 1) & mask;
        tab[i] = old[j];
    }
    free(doc->interned);
    doc->interned = tab;
    doc->intern_cap = cap;
    return 0;
}

static const char *intern_slow(td_doc *doc, const char *s, size_t slot)
{
    size_t len;
    uint32_t h = name_hash(s, &len);
    const char **tab = doc->interned ? doc->interned : doc->interned_inline;
    size_t mask = (doc->intern_cap ? doc->intern_cap : TD_DOC_INTERN_SLOTS) - 1;
    size_t i = h & mask;
    const char *found = NULL;
    for (; tab[i]; i = (i + 1) & mask)
        if (short_equal(tab[i], s)) {
            found = tab[i];
            break;
        }
    if (!found) {
        /* At most half full, so a probe always ends. */
        if ((doc->ninterned + 1) * 2 > mask + 1) {
            if (intern_grow(doc) != 0)
                return NULL;
            tab = doc->interned;
            mask = doc->intern_cap - 1;
            for (i = h & mask; tab[i]; i = (i + 1) & mask)
                ;
        }
        char *copy = td_doc_strndup(doc, s, len);
        if (!copy)
            return NULL;
        tab[i] = copy;
        doc->ninterned++;
        found = copy;
    }
    ptr_remember(doc, s, found, slot);
    /* The copy itself, which comes back as a's layer, label or key names
     * and from td_doc_name(): found by pointer, with no comparing, since
     * the document's copy never changes. */
    if (found != s)
        ptr_remember(doc, found, found, SIZE_MAX);
    return found;
}

/*
 * Layers, labels and keys repeat thousands of times in a document and come
 * from a handful of values, mostly the same literal each time: look the
 * pointer up first (checking the content, as a caller may reuse a buffer),
 * then the content. The hit is inlined into the callers; it is most of the
 * calls, and mostly in the pointer's first slot. A string the document
 * made (td_doc_name()) needs no comparing.
 */
static inline const char *intern(td_doc *doc, const char *s)
{
    size_t mask = TD_DOC_PTR_CACHE - 1;
    for (size_t slot = ptr_slot(s);; slot = (slot + 1) & mask) {
        const char *given = doc->ptr_cache[slot].given;
        if (given == s) {
            const char *cached = doc->ptr_cache[slot].interned;
            if (cached == s || short_equal(cached, s))
                return cached;
            return intern_slow(doc, s, slot);
        }
        if (!given)
            return intern_slow(doc, s, slot);
    }
}

const char *td_doc_intern(td_doc *doc, const char *s) { return intern(doc, s); }

const char *td_doc_name(td_doc *doc, const char *name)
{
    if (!name)
        return NULL;
    const char *interned = intern(doc, name);
    if (!interned)
        td_doc_fail(doc, "out of memory");
    return interned;
}

/* ---- annotations ------------------------------------------------------ */

static td_layer *doc_layer(td_doc *doc, const char *name, bool create)
{
    const char *interned = intern(doc, name);
    if (!interned)
        return NULL;
    /* Stages add to one layer many times in a row. */
    if (doc->last_layer < doc->nlayers && doc->layers[doc->last_layer].name == interned)
        return &doc->layers[doc->last_layer];
    for (size_t i = 0; i < doc->nlayers; i++)
        if (doc->layers[i].name == interned) {
            doc->last_layer = i;
            return &doc->layers[i];
        }
    if (!create)
        return NULL;
    if (doc->nlayers == doc->cap_layers) {
        size_t cap = doc->cap_layers ? doc->cap_layers * 2 : 8;
        td_layer *l = realloc(doc->layers, cap * sizeof(*l));
        if (!l)
            return NULL;
        doc->layers = l;
        doc->cap_layers = cap;
    }
    td_layer *l = &doc->layers[doc->nlayers++];
    *l = (td_layer){.name = interned, .sorted = true};
    return l;
}

static int annot_cmp(const td_annot *a, const td_annot *b)
{
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    return a->id < b->id ? -1 : (a->id > b->id);
}

static int annot_qsort_cmp(const void *x, const void *y)
{
    return annot_cmp(*(td_annot *const *)x, *(td_annot *const *)y);
}

static int grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(*items, n * elem);
    if (!p)
        return -1;
    *items = p;
    *cap = n;
    return 0;
}

/* The part of adding an annotation after its id and span are checked. */
static inline td_annot *add_checked(td_doc *doc, uint32_t id, const char *layer,
                                    const char *label, size_t start, size_t end)
{
    if (!layer || !*layer || !label) {
        td_doc_fail(doc, "an annotation needs a layer and a label");
        return NULL;
    }
    /* The layer added to last, when passed as the document's own copy of
     * its name (td_doc_name, a->layer): no lookup at all. */
    td_layer *l = doc->last_layer < doc->nlayers && doc->layers[doc->last_layer].name == layer
                      ? &doc->layers[doc->last_layer]
                      : doc_layer(doc, layer, true);
    td_annot *a = l ? doc_alloc(doc, sizeof(*a)) : NULL;
    const char *lab = a ? intern(doc, label) : NULL;
    if (!lab || (id > doc->cap_annots &&
                 grow((void **)&doc->by_id, &doc->cap_annots, id, sizeof(td_annot *)) != 0) ||
        (l->n == l->cap && grow((void **)&l->items, &l->cap, l->n + 1, sizeof(td_annot *)) != 0)) {
        td_doc_fail(doc, "out of memory");
        return NULL;
    }
    for (size_t i = doc->nannots; i + 1 < id; i++)
        doc->by_id[i] = NULL;
    if (id > doc->nannots)
        doc->nannots = id;
    *a = (td_annot){.id = id, .layer = l->name, .label = lab, .start = start, .end = end};
    doc->by_id[id - 1] = a;
    if (l->sorted && l->n && annot_cmp(l->items[l->n - 1], a) > 0)
        l->sorted = false;
    l->items[l->n++] = a;
    if (end - start > l->maxlen)
        l->maxlen = end - start;
    return a;
}

static bool span_ok(td_doc *doc, size_t start, size_t end)
{
    if (start <= end && end <= doc->work_len)
        return true;
    td_doc_fail(doc, "span [%zu, %zu) is outside the text (%zu bytes)", start, end,
                doc->work_len);
    return false;
}

td_annot *td_doc_add_with_id(td_doc *doc, uint32_t id, const char *layer, const char *label,
                             size_t start, size_t end)
{
    if (!span_ok(doc, start, end))
        return NULL;
    if (!layer || !*layer || !label) {
        td_doc_fail(doc, "an annotation needs a layer and a label");
        return NULL;
    }
    if (id == 0 || (id <= doc->nannots && doc->by_id[id - 1])) {
        td_doc_fail(doc, "annotation id %u is taken", id);
        return NULL;
    }
    return add_checked(doc, id, layer, label, start, end);
}

td_annot *td_doc_add(td_doc *doc, const char *layer, const char *label, size_t start,
                     size_t end)
{
    if (doc->nannots >= UINT32_MAX - 1) {
        td_doc_fail(doc, "too many annotations");
        return NULL;
    }
    if (!span_ok(doc, start, end))
        return NULL;
    /* The next id is always free: ids only grow. */
    return add_checked(doc, (uint32_t)doc->nannots + 1, layer, label, start, end);
}

int td_doc_reserve(td_doc *doc, const char *layer, size_t n)
{
    if (!layer || !*layer)
        return td_doc_fail(doc, "td_doc_reserve needs a layer");
    td_layer *l = doc_layer(doc, layer, true);
    if (!l || n > UINT32_MAX || grow((void **)&l->items, &l->cap, l->n + n, sizeof(td_annot *)) != 0 ||
        grow((void **)&doc->by_id, &doc->cap_annots, doc->nannots + n, sizeof(td_annot *)) != 0)
        return td_doc_fail(doc, "out of memory reserving %zu annotations", n);
    return 0;
}

td_annot *td_doc_add_many(td_doc *doc, const char *layer, const td_annot_spec *spec, size_t n)
{
    if (n == 0 || !spec) {
        td_doc_fail(doc, "td_doc_add_many: nothing to add");
        return NULL;
    }
    if (!layer || !*layer) {
        td_doc_fail(doc, "an annotation needs a layer and a label");
        return NULL;
    }
    if (n >= UINT32_MAX - 1 - doc->nannots || n > SIZE_MAX / sizeof(td_annot)) {
        td_doc_fail(doc, "too many annotations");
        return NULL;
    }
    td_layer *l = doc_layer(doc, layer, true);
    td_annot *a = l ? doc_alloc(doc, n * sizeof(*a)) : NULL;
    if (!a || grow((void **)&doc->by_id, &doc->cap_annots, doc->nannots + n,
                   sizeof(td_annot *)) != 0 ||
        grow((void **)&l->items, &l->cap, l->n + n, sizeof(td_annot *)) != 0) {
        td_doc_fail(doc, "out of memory");
        return NULL;
    }
    /* One pass checks, looks up and writes; nothing counts as added until
     * every span and label passed (the array is the arena's, and the slots
     * of by_id and items past their counts are free until then). A label
     * is looked up once per run of one pointer (within a call its bytes
     * cannot change), and the two last ones are remembered, for labels
     * that alternate (word, punct, word). */
    const char *given[2] = {NULL, NULL}, *lab[2] = {NULL, NULL};
    uint32_t id = (uint32_t)doc->nannots;
    size_t ln = l->n;
    size_t last_start = 0, last_end = 0;
    bool sorted = l->sorted, any = ln > 0;
    if (any) {
        last_start = l->items[ln - 1]->start;
        last_end = l->items[ln - 1]->end;
    }
    size_t maxlen = l->maxlen;
    /* In locals: the stores below could alias the document as far as the
     * compiler knows, and would make it read these again every time. */
    const size_t work_len = doc->work_len;
    const char *const lname = l->name;
    td_annot **const by_id = doc->by_id, **const items = l->items;
    for (size_t i = 0; i < n; i++) {
        const char *g = spec[i].label;
        size_t st = spec[i].start, en = spec[i].end;
        if (st > en || en > work_len) {
            span_ok(doc, st, en); /* words the message */
            return NULL;
        }
        const char *found;
        if (g == given[0] && g) {
            found = lab[0];
        } else {
            if (!g) {
                td_doc_fail(doc, "an annotation needs a layer and a label");
                return NULL;
            }
            found = g == given[1] ? lab[1] : intern(doc, g);
            if (!found) {
                td_doc_fail(doc, "out of memory");
                return NULL;
            }
            given[1] = given[0];
            lab[1] = lab[0];
            given[0] = g;
            lab[0] = found;
        }
        td_annot *x = &a[i];
        *x = (td_annot){.id = ++id, .layer = lname, .label = found, .start = st, .end = en};
        by_id[id - 1] = x;
        items[ln++] = x;
        /* In order after the last one: a later start, or the same start and
         * not longer (a later id always comes after an equal span). */
        if (any && (last_start > st || (last_start == st && last_end < en)))
            sorted = false;
        any = true;
        last_start = st;
        last_end = en;
        if (en - st > maxlen)
            maxlen = en - st;
    }
    l->n = ln;
    doc->nannots = id;
    l->maxlen = maxlen;
    l->sorted = sorted;
    return a;
}

td_annot *td_doc_get(const td_doc *doc, uint32_t id)
{
    if (id == 0 || id > doc->nannots)
        return NULL;
    return doc->by_id[id - 1];
}

size_t td_doc_count(const td_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->nlayers; i++)
        n += doc->layers[i].n;
    return n;
}

td_annot *const *td_doc_layer(td_doc *doc, const char *layer, size_t *n)
{
    td_layer *l = doc_layer(doc, layer, false);
    if (!l || l->n == 0) {
        *n = 0;
        return NULL;
    }
    if (!l->sorted) {
        qsort(l->items, l->n, sizeof(td_annot *), annot_qsort_cmp);
        l->sorted = true;
    }
    *n = l->n;
    return l->items;
}

/* First index in items whose start is >= pos. */
static size_t lower_bound(td_annot *const *items, size_t n, size_t pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (items[mid]->start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

td_annot *const *td_doc_within(td_doc *doc, const char *layer, size_t start, size_t end,
                               size_t *n)
{
    size_t total;
    td_annot *const *items = td_doc_layer(doc, layer, &total);
    *n = 0;
    if (!items || start >= end)
        return NULL;
    size_t first = lower_bound(items, total, start);
    size_t last = lower_bound(items, total, end);
    *n = last - first;
    return *n ? items + first : NULL;
}

td_annot *td_doc_covering(td_doc *doc, const char *layer, size_t pos)
{
    size_t total;
    td_annot *const *items = td_doc_layer(doc, layer, &total);
    if (!items)
        return NULL;
    /* The annotations starting at or before pos, nearest first; none that
     * starts more than the layer's longest span before pos can cover it. */
    td_layer *l = doc_layer(doc, layer, false);
    size_t i = lower_bound(items, total, pos + 1);
    td_annot *found = NULL;
    while (i > 0) {
        td_annot *a = items[--i];
        if (a->start + l->maxlen <= pos)
            break;
        if (pos < a->end)
            found = a; /* keep going: the first in layer order wins */
    }
    return found;
}

/* ---- attributes ------------------------------------------------------- */

/* An attribute's slot in a list, made (zeroed but for the key) when the
 * key is new; `extra` more bytes come with a new slot, after it, for its
 * value (*extra_out gets them, or NULL when the slot existed). */
static td_attr *attr_slot_extra(td_doc *doc, td_attr **list, const char *key, size_t extra,
                                char **extra_out)
{
    /* Keys are interned, so a pointer comparison finds them. */
    const char *k = intern(doc, key);
    if (!k)
        return NULL;
    td_attr **tail = list;
    for (td_attr *at = *list; at; at = at->next) {
        if (at->key == k) {
            if (extra_out)
                *extra_out = NULL;
            return at;
        }
        tail = &at->next;
    }
    /* One block for the attribute and its string: half the allocations. */
    td_attr *at = doc_alloc(doc, sizeof(*at) + extra);
    if (!at)
        return NULL;
    *at = (td_attr){.key = k};
    if (extra_out)
        *extra_out = (char *)(at + 1);
    *tail = at;
    return at;
}

/* attr_slot_extra without the extra bytes, inlined: the common case of a
 * key set once on an annotation with few attributes. */
static inline td_attr *attr_slot(td_doc *doc, td_attr **list, const char *key)
{
    const char *k = intern(doc, key);
    if (!k)
        return NULL;
    td_attr **tail = list;
    for (td_attr *at = *list; at; at = at->next) {
        if (at->key == k)
            return at;
        tail = &at->next;
    }
    td_attr *at = doc_alloc(doc, sizeof(*at));
    if (!at)
        return NULL;
    *at = (td_attr){.key = k};
    *tail = at;
    return at;
}

static int set_strn(td_doc *doc, td_attr **list, const char *key, const char *value, size_t n)
{
    if (n >= SIZE_MAX - sizeof(td_attr) - 16)
        return td_doc_fail(doc, "out of memory");
    char *copy;
    td_attr *at = attr_slot_extra(doc, list, key, n + 1, &copy);
    if (!at)
        return -1;
    if (!copy && !(copy = td_doc_alloc(doc, n + 1)))
        return -1; /* a value replaced: its slot stays, with the old value */
    memcpy(copy, value, n);
    copy[n] = '\0';
    at->type = TD_ATTR_STRING;
    at->v.s = copy;
    return 0;
}

static int set_num(td_doc *doc, td_attr **list, const char *key, double value)
{
    td_attr *at = attr_slot(doc, list, key);
    if (!at)
        return -1;
    at->type = TD_ATTR_NUMBER;
    at->v.n = value;
    return 0;
}

static int set_bool(td_doc *doc, td_attr **list, const char *key, bool value)
{
    td_attr *at = attr_slot(doc, list, key);
    if (!at)
        return -1;
    at->type = TD_ATTR_BOOL;
    at->v.b = value;
    return 0;
}

int td_annot_set_strn(td_doc *doc, td_annot *a, const char *key, const char *value, size_t n)
{
    return set_strn(doc, &a->attrs, key, value, n);
}

int td_annot_set_str(td_doc *doc, td_annot *a, const char *key, const char *value)
{
    return set_strn(doc, &a->attrs, key, value, strlen(value));
}

int td_annot_set_const(td_doc *doc, td_annot *a, const char *key, const char *value)
{
    td_attr *at = attr_slot(doc, &a->attrs, key);
    if (!at)
        return -1;
    at->type = TD_ATTR_STRING;
    at->v.s = value;
    return 0;
}

int td_annot_set_const_many(td_doc *doc, td_annot *a, size_t n, const char *key,
                            const char *const *values)
{
    if (n == 0)
        return 0;
    if (!a || !values || n > SIZE_MAX / sizeof(td_attr))
        return td_doc_fail(doc, "td_annot_set_const_many: no annotations or values");
    const char *k = intern(doc, key);
    td_attr *at = k ? doc_alloc(doc, n * sizeof(*at)) : NULL;
    if (!at)
        return -1;
    for (size_t i = 0; i < n; i++) {
        at[i] = (td_attr){.key = k, .type = TD_ATTR_STRING, .v.s = values[i]};
        if (!a[i].attrs) { /* fresh from td_doc_add_many: the common case */
            a[i].attrs = &at[i];
            continue;
        }
        td_attr **tail = &a[i].attrs;
        td_attr *old = NULL;
        for (td_attr *x = *tail; x; x = x->next) {
            if (x->key == k) {
                old = x;
                break;
            }
            tail = &x->next;
        }
        if (old) { /* set before: changed in place, as td_annot_set_const does */
            old->type = TD_ATTR_STRING;
            old->v.s = values[i];
            continue;
        }
        *tail = &at[i];
    }
    return 0;
}

int td_annot_set_num(td_doc *doc, td_annot *a, const char *key, double value)
{
    return set_num(doc, &a->attrs, key, value);
}

int td_annot_set_bool(td_doc *doc, td_annot *a, const char *key, bool value)
{
    return set_bool(doc, &a->attrs, key, value);
}

int td_annot_set_ref(td_doc *doc, td_annot *a, const char *key, const td_annot *target)
{
    if (!target || td_doc_get(doc, target->id) != target)
        return td_doc_fail(doc, "attribute '%s' refers to an annotation of another document",
                           key);
    td_attr *at = attr_slot(doc, &a->attrs, key);
    if (!at)
        return -1;
    at->type = TD_ATTR_REF;
    at->v.ref = target->id;
    return 0;
}

const td_attr *td_annot_attr(const td_annot *a, const char *key)
{
    /* The first byte settles most misses without a call. */
    for (const td_attr *at = a->attrs; at; at = at->next)
        if (at->key == key || (at->key[0] == key[0] && strcmp(at->key, key) == 0))
            return at;
    return NULL;
}

const char *td_annot_str(const td_annot *a, const char *key)
{
    const td_attr *at = td_annot_attr(a, key);
    return at && at->type == TD_ATTR_STRING ? at->v.s : NULL;
}

double td_annot_num(const td_annot *a, const char *key, double fallback)
{
    const td_attr *at = td_annot_attr(a, key);
    return at && at->type == TD_ATTR_NUMBER ? at->v.n : fallback;
}

bool td_annot_bool(const td_annot *a, const char *key, bool fallback)
{
    const td_attr *at = td_annot_attr(a, key);
    return at && at->type == TD_ATTR_BOOL ? at->v.b : fallback;
}

td_annot *td_annot_ref(const td_doc *doc, const td_annot *a, const char *key)
{
    const td_attr *at = td_annot_attr(a, key);
    return at && at->type == TD_ATTR_REF ? td_doc_get(doc, at->v.ref) : NULL;
}

int td_doc_set_str(td_doc *doc, const char *key, const char *value)
{
    return set_strn(doc, &doc->attrs, key, value, strlen(value));
}

int td_doc_set_num(td_doc *doc, const char *key, double value)
{
    return set_num(doc, &doc->attrs, key, value);
}

int td_doc_set_bool(td_doc *doc, const char *key, bool value)
{
    return set_bool(doc, &doc->attrs, key, value);
}

const td_attr *td_doc_attrs(const td_doc *doc) { return doc->attrs; }

const td_attr *td_doc_attr(const td_doc *doc, const char *key)
{
    for (const td_attr *at = doc->attrs; at; at = at->next)
        if (strcmp(at->key, key) == 0)
            return at;
    return NULL;
}

/* ---- code point offsets ----------------------------------------------- */

#define CP_BLOCK 64

size_t td_doc_cp_offset(td_doc *doc, size_t orig_byte)
{
    if (orig_byte > doc->orig_len)
        orig_byte = doc->orig_len;
    if (doc->ascii < 0)
        doc->ascii = td_utf8_ascii_prefix(doc->orig, doc->orig_len) == doc->orig_len;
    if (doc->ascii)
        return orig_byte;
    if (!doc->cp_index) {
        size_t blocks = doc->orig_len / CP_BLOCK + 1;
        uint32_t *idx = malloc(blocks * sizeof(*idx));
        if (!idx) /* no index: count from the start, slower but right */
            return td_utf8_count(doc->orig, orig_byte);
        uint32_t count = 0;
        for (size_t b = 0; b < blocks; b++) {
            idx[b] = count;
            size_t from = b * CP_BLOCK;
            size_t to = from + CP_BLOCK < doc->orig_len ? from + CP_BLOCK : doc->orig_len;
            if (from < to)
                count += (uint32_t)td_utf8_count(doc->orig + from, to - from);
        }
        doc->cp_index = idx;
    }
    size_t b = orig_byte / CP_BLOCK;
    return doc->cp_index[b] + td_utf8_count(doc->orig + b * CP_BLOCK, orig_byte - b * CP_BLOCK);
}
