/* The document's input fields: the members of the line it was read from,
 * decoded on first use, and the ones a stage sets (written anew on
 * output). */
#include "doc_internal.h"
#include "json_scan.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void td_doc_own_meta(td_doc *doc, void *json_object)
{
    if (doc->meta)
        json_decref(doc->meta);
    doc->meta = json_object;
}

/* One top-level member of the input line, with its value decoded on the
 * first td_doc_meta for it. */
typedef struct td_meta_entry {
    td_json_member m;
    const char *decoded;
} td_meta_entry;

typedef struct meta_collect {
    td_doc *doc;
    td_meta_entry *items;
    size_t n, cap;
    bool oom;
} meta_collect;

static int meta_collect_member(const td_json_member *m, void *user)
{
    meta_collect *mc = user;
    if (mc->n == mc->cap) { /* doubling in the arena: at most 2x waste */
        size_t cap = mc->cap ? 2 * mc->cap : 16;
        td_meta_entry *grown = td_arena_alloc_inline(&mc->doc->arena, cap * sizeof(*grown));
        if (!grown) {
            mc->oom = true;
            return 1;
        }
        if (mc->n)
            memcpy(grown, mc->items, mc->n * sizeof(*grown));
        mc->items = grown;
        mc->cap = cap;
    }
    mc->items[mc->n++] = (td_meta_entry){.m = *m};
    return 0;
}

/* Index the input line's members once per line; false when it does not
 * scan (or out of memory), so no field is found, as before the index. */
static bool meta_index(td_doc *doc)
{
    if (doc->meta_index_for == doc->meta_raw)
        return !doc->meta_index_bad;
    meta_collect mc = {.doc = doc};
    int rc = td_json_scan_object(doc->meta_raw, doc->meta_raw_len, meta_collect_member, &mc);
    doc->meta_index_for = doc->meta_raw;
    if (rc < 0 || mc.oom) {
        doc->meta_index = NULL;
        doc->meta_index_n = 0;
        doc->meta_index_bad = !mc.oom; /* out of memory: try again next time */
        if (mc.oom)
            doc->meta_index_for = NULL;
        return false;
    }
    doc->meta_index = mc.items;
    doc->meta_index_n = mc.n;
    doc->meta_index_bad = false;
    return true;
}

int td_doc_meta_index_set(td_doc *doc, const td_json_member *members, size_t n)
{
    td_meta_entry *items = NULL;
    if (n && !(items = td_arena_alloc_inline(&doc->arena, n * sizeof(*items))))
        return -1;
    for (size_t i = 0; i < n; i++)
        items[i] = (td_meta_entry){.m = members[i]};
    doc->meta_index = items;
    doc->meta_index_n = n;
    doc->meta_index_for = doc->meta_raw;
    doc->meta_index_bad = false;
    return 0;
}

/* A field of the input line read without jansson; NULL when absent. */
static td_meta_entry *raw_member(td_doc *doc, const char *key)
{
    if (!doc->meta_raw || !meta_index(doc))
        return NULL;
    for (size_t i = doc->meta_index_n; i-- > 0;) /* the last of repeated keys wins, as in jansson */
        if (td_json_key_is(&doc->meta_index[i].m, key))
            return &doc->meta_index[i];
    return NULL;
}

const char *td_doc_meta(td_doc *doc, const char *key)
{
    if (doc->meta) {
        json_t *v = json_object_get(doc->meta, key);
        char buf[64];
        if (json_is_string(v))
            return json_string_value(v);
        if (json_is_integer(v))
            snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        else if (json_is_real(v))
            snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
        else if (json_is_boolean(v))
            return json_is_true(v) ? "true" : "false";
        else
            return NULL;
        return td_doc_strndup(doc, buf, strlen(buf));
    }
    td_meta_entry *e = raw_member(doc, key);
    if (!e)
        return NULL;
    if (e->decoded)
        return e->decoded;
    const td_json_member *m = &e->m;
    switch (m->kind) {
    case 'n': return e->decoded = td_doc_strndup(doc, m->val, m->val_len); /* as written */
    case 't': return "true";
    case 'f': return "false";
    case 's': break;
    default: return NULL;
    }
    char *out = td_doc_alloc(doc, m->val_len);
    if (!out)
        return NULL;
    size_t n = td_json_unescape(m->val + 1, m->val_len - 2, out);
    out[n] = '\0';
    return e->decoded = out;
}

bool td_doc_meta_num(td_doc *doc, const char *key, double *value)
{
    if (doc->meta) {
        json_t *v = json_object_get(doc->meta, key);
        if (!json_is_number(v))
            return false;
        *value = json_number_value(v);
        return true;
    }
    const td_meta_entry *e = raw_member(doc, key);
    if (!e || e->m.kind != 'n')
        return false;
    td_json_member m = e->m;
    char buf[64];
    if (m.val_len >= sizeof(buf)) { /* a long number: strtod reads it in place */
        char *copy = td_doc_strndup(doc, m.val, m.val_len);
        if (!copy)
            return false;
        *value = strtod(copy, NULL);
        return true;
    }
    memcpy(buf, m.val, m.val_len);
    buf[m.val_len] = '\0';
    *value = strtod(buf, NULL);
    return true;
}

/* The input fields as a jansson object the document owns, made from the
 * input line when it was read without one. */
static json_t *meta_object(td_doc *doc)
{
    if (!doc->meta) {
        json_t *o = doc->meta_raw ? json_loadb(doc->meta_raw, doc->meta_raw_len,
                                               JSON_ALLOW_NUL, NULL)
                                  : json_object();
        if (!json_is_object(o)) {
            json_decref(o);
            return NULL;
        }
        doc->meta = o;
    }
    return doc->meta;
}

static int set_meta(td_doc *doc, const char *key, json_t *value)
{
    if (!value)
        return td_doc_fail(doc, "out of memory");
    if (!key || !*key || strcmp(key, "text") == 0 || strcmp(key, "id") == 0 ||
        strcmp(key, "annotations") == 0 || strcmp(key, "tidings") == 0) {
        json_decref(value);
        return td_doc_fail(doc, "input field '%s' cannot be set: the text, the id and the "
                           "output's own members are not fields", key ? key : "(null)");
    }
    json_t *o = meta_object(doc);
    if (!o || json_object_set_new(o, key, value) != 0) {
        if (!o)
            json_decref(value);
        return td_doc_fail(doc, "out of memory setting input field '%s'", key);
    }
    doc->meta_changed = true;
    return 0;
}

int td_doc_set_meta(td_doc *doc, const char *key, const char *value)
{
    if (!value)
        return td_doc_fail(doc, "input field '%s': no value", key ? key : "(null)");
    return set_meta(doc, key, json_string(value));
}

int td_doc_set_meta_num(td_doc *doc, const char *key, double value)
{
    if (!isfinite(value))
        return td_doc_fail(doc, "input field '%s': %g is not a JSON number", key ? key : "(null)",
                           value);
    json_t *v = value == (double)(json_int_t)value && fabs(value) < 9007199254740992.0
                    ? json_integer((json_int_t)value)
                    : json_real(value);
    return set_meta(doc, key, v);
}
