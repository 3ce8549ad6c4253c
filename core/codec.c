/*
 * JSON Lines codec.
 *
 * Decoding parses the line with jansson (it is validated in full). Encoding
 * does not print the input object again: the input line, already valid
 * JSON, is written as it came with the annotations spliced in before its
 * closing brace. Only when the input holds keys the output owns
 * ("annotations", "tidings") is the object re-serialised.
 */
#include "codec.h"
#include "doc_internal.h"
#include "json_scan.h"
#include "strbuf.h"
#include "utf8_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "something else";
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int decode_text_file(td_record *rec)
{
    /* The id of a text file is its name without the extension (and
     * without ".gz" first: "memo.txt.gz" is "memo"). */
    const char *base = base_name(rec->source);
    size_t namelen = strlen(base);
    if (namelen > 3 && strcmp(base + namelen - 3, ".gz") == 0)
        namelen -= 3;
    const char *dot = memrchr(base, '.', namelen);
    size_t idlen = dot && dot != base ? (size_t)(dot - base) : namelen;
    char *id = strndup(base, idlen);
    rec->doc = id ? td_doc_new(id, rec->raw, rec->raw_len) : NULL;
    free(id);
    if (!rec->doc) {
        td_record_fail(rec, "out of memory");
        return -1;
    }
    rec->repaired = td_doc_repaired(rec->doc) > 0;
    return 0;
}

/* What the fast path needs from a line's top-level members. */
typedef struct fast_fields {
    td_json_member text, id;
    bool has_text, has_id, reserved;
    /* Every member, up to FAST_MEMBERS, so td_doc_meta need not scan the
     * line again; NULL after more. */
    td_json_member *members;
    size_t nmembers;
} fast_fields;

#define FAST_MEMBERS 16

static int on_member(const td_json_member *m, void *user)
{
    fast_fields *f = user;
    if (!m->key_plain)
        return 1; /* escaped keys are rare: jansson decides about them */
    if (f->members) {
        if (f->nmembers < FAST_MEMBERS)
            f->members[f->nmembers++] = *m;
        else
            f->members = NULL; /* td_doc_meta indexes the line itself */
    }
    /* Repeated keys: the last one wins, as in jansson. */
    if (td_json_key_is(m, "text")) {
        f->text = *m;
        f->has_text = true;
    } else if (td_json_key_is(m, "id")) {
        f->id = *m;
        f->has_id = true;
    } else if (td_json_key_is(m, "annotations") || td_json_key_is(m, "tidings")) {
        f->reserved = true;
    }
    return 0;
}

static void made_id(const td_record *rec, char *buf, size_t len)
{
    /* Made from where the line came from: stable across runs. */
    snprintf(buf, len, "%.40s:%llu", base_name(rec->source), (unsigned long long)rec->line);
}

/*
 * The common line, decoded without jansson: a valid object whose "text" is
 * a string and whose "id" is a string, a whole number or absent. 1 when
 * done, 0 to let jansson decide (and word any error), -1 out of memory.
 */
static int decode_fast(td_record *rec, size_t repaired)
{
    td_json_member members[FAST_MEMBERS];
    fast_fields f = {.members = members};
    if (td_json_scan_object(rec->raw, rec->raw_len, on_member, &f) < 0 || !f.has_text ||
        f.text.kind != 's' || f.reserved)
        return 0;
    char idbuf[64];
    char *idcopy = NULL;
    const char *id = idbuf;
    if (!f.has_id) {
        made_id(rec, idbuf, sizeof(idbuf));
    } else if (f.id.kind == 's') {
        if (!(idcopy = malloc(f.id.val_len)))
            return -1;
        idcopy[td_json_unescape(f.id.val + 1, f.id.val_len - 2, idcopy)] = '\0';
        id = idcopy;
    } else if (f.id.kind == 'n' && !memchr(f.id.val, '.', f.id.val_len)) {
        snprintf(idbuf, sizeof(idbuf), "%lld", strtoll(f.id.val, NULL, 10));
    } else {
        return 0; /* jansson words the error */
    }
    size_t body_len = f.text.val_len - 2;
    char *text = malloc(body_len + 1);
    if (!text) {
        free(idcopy);
        return -1;
    }
    size_t len = body_len;
    if (f.text.val_plain)
        memcpy(text, f.text.val + 1, body_len);
    else
        len = td_json_unescape(f.text.val + 1, body_len, text);
    rec->doc = td_doc_adopt(id, text, len);
    free(idcopy);
    if (!rec->doc)
        return -1;
    rec->doc->repaired = repaired;
    rec->doc->meta_raw = rec->raw;
    rec->doc->meta_raw_len = rec->raw_len;
    if (f.members) /* out of memory only leaves the index to the first lookup */
        (void)td_doc_meta_index_set(rec->doc, f.members, f.nmembers);
    rec->doc->id_given = f.has_id;
    return 1;
}

int td_decode_record(td_record *rec)
{
    if (rec->kind == TD_RECORD_TEXT)
        return decode_text_file(rec);

    /* jansson refuses invalid UTF-8 outright; replace it first so the
     * document is kept, and count it. */
    size_t repaired = 0;
    char *fixed;
    size_t fixed_len;
    if (td_utf8_repair(rec->raw, rec->raw_len, &fixed, &fixed_len, &repaired) != 0) {
        td_record_fail(rec, "out of memory");
        return -1;
    }
    if (fixed) {
        free(rec->raw);
        rec->raw = fixed;
        rec->raw_len = fixed_len;
        rec->repaired = true;
    }

    int fast = decode_fast(rec, repaired);
    if (fast != 0) {
        if (fast < 0)
            td_record_fail(rec, "out of memory");
        return fast > 0 ? 0 : -1;
    }

    json_error_t jerr;
    json_t *root = json_loadb(rec->raw, rec->raw_len, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        td_record_fail(rec, "not valid JSON: %s (column %d)", jerr.text, jerr.column);
        return -1;
    }
    if (!json_is_object(root)) {
        td_record_fail(rec, "expected a JSON object with a \"text\" field, found %s",
                       json_kind(root));
        goto fail;
    }
    json_t *text = json_object_get(root, "text");
    if (!text) {
        td_record_fail(rec, "no \"text\" field");
        goto fail;
    }
    if (!json_is_string(text)) {
        td_record_fail(rec, "\"text\" is %s, not a string", json_kind(text));
        goto fail;
    }
    json_t *idv = json_object_get(root, "id");
    char idbuf[64];
    const char *id;
    if (!idv) {
        made_id(rec, idbuf, sizeof(idbuf));
        id = idbuf;
    } else if (json_is_string(idv)) {
        id = json_string_value(idv);
    } else if (json_is_integer(idv)) {
        snprintf(idbuf, sizeof(idbuf), "%" JSON_INTEGER_FORMAT, json_integer_value(idv));
        id = idbuf;
    } else {
        td_record_fail(rec, "\"id\" is %s; it must be a string or a whole number",
                       json_kind(idv));
        goto fail;
    }
    rec->doc = td_doc_new(id, json_string_value(text), json_string_length(text));
    if (!rec->doc) {
        td_record_fail(rec, "out of memory");
        goto fail;
    }
    rec->doc->repaired = repaired;
    rec->doc->id_given = idv != NULL;
    td_doc_own_meta(rec->doc, root); /* the document owns the object now */
    return 0;
fail:
    json_decref(root);
    return -1;
}

/* ---- encoding ---------------------------------------------------------- */

/* The output's order: start, then longest first, then id (a total order,
 * the layers' own: td_doc_layer). */
static inline bool annot_out_before(const td_annot *a, const td_annot *b)
{
    if (a->start != b->start)
        return a->start < b->start;
    if (a->end != b->end)
        return a->end > b->end;
    return a->id < b->id;
}

static int annot_out_cmp(const void *x, const void *y)
{
    const td_annot *a = *(td_annot *const *)x, *b = *(td_annot *const *)y;
    return annot_out_before(a, b) ? -1 : annot_out_before(b, a);
}

/*
 * Sort all[0, n), made of runs already in order that end at ends[0, nruns)
 * (the layers, each sorted), by merging neighbouring runs until one is
 * left: n log(runs) steps, not the n log n of sorting afresh. The order is
 * total, so the result is the one qsort would give. 0, or -1 out of memory.
 */
static int merge_runs(td_annot **all, size_t n, size_t *ends, size_t nruns)
{
    if (nruns <= 1)
        return 0;
    td_annot **tmp = malloc(n * sizeof(*tmp));
    if (!tmp)
        return -1;
    td_annot **src = all, **dst = tmp;
    while (nruns > 1) {
        size_t out = 0, from = 0, r = 0;
        for (; r + 1 < nruns; r += 2) {
            size_t i = from, mid = ends[r], j = mid, end = ends[r + 1], o = from;
            while (i < mid && j < end)
                dst[o++] = annot_out_before(src[j], src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[o++] = src[i++];
            while (j < end)
                dst[o++] = src[j++];
            ends[out++] = end;
            from = end;
        }
        if (r < nruns) { /* an odd run out: copied as it is */
            memcpy(dst + from, src + from, (ends[r] - from) * sizeof(*dst));
            ends[out++] = ends[r];
        }
        nruns = out;
        td_annot **t = src;
        src = dst;
        dst = t;
    }
    if (src != all)
        memcpy(all, src, n * sizeof(*all));
    free(tmp);
    return 0;
}

/*
 * The JSON forms of the layers, labels and keys a document's annotations
 * repeat, by the pointer of the document's interned copy (which never
 * changes while the document lives): a line with thousands of annotations
 * quotes "token" and "shape" once each, then copies them. Kept on the
 * stack for one output line; a name whose form is longer than a slot, or
 * one past the 64 kept, is written directly.
 */
#define NAME_SLOTS 64 /* power of two */
#define NAME_BYTES 32 /* the longest form kept, quotes included */
typedef struct name_cache {
    const char *name[NAME_SLOTS];
    uint8_t len[NAME_SLOTS];
    size_t used;
    char form[NAME_SLOTS][NAME_BYTES];
} name_cache;

static void put_json_name(td_strbuf *b, name_cache *nc, const char *s)
{
    if (!nc) {
        td_strbuf_json_string(b, s, strlen(s));
        return;
    }
    size_t slot = (size_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ull) >> 58);
    while (nc->name[slot] && nc->name[slot] != s)
        slot = (slot + 1) & (NAME_SLOTS - 1);
    if (nc->name[slot]) {
        /* A fixed-size copy (moves, not a call), then the length set. */
        if (b->len + NAME_BYTES + 1 > b->cap && !td_strbuf_reserve(b, NAME_BYTES))
            return;
        memcpy(b->data + b->len, nc->form[slot], NAME_BYTES);
        b->len += nc->len[slot];
        b->data[b->len] = '\0';
        return;
    }
    size_t before = b->len;
    td_strbuf_json_string(b, s, strlen(s));
    size_t n = b->len - before;
    if (!b->oom && n <= NAME_BYTES && nc->used < NAME_SLOTS * 3 / 4) {
        nc->name[slot] = s;
        nc->len[slot] = (uint8_t)n;
        memcpy(nc->form[slot], b->data + before, n);
        nc->used++;
    }
}

static void json_attrs(td_strbuf *b, name_cache *nc, const td_attr *at, bool typed)
{
    td_strbuf_addc(b, '{');
    for (bool first = true; at; at = at->next, first = false) {
        if (!first)
            td_strbuf_addc(b, ',');
        put_json_name(b, nc, at->key);
        td_strbuf_addc(b, ':');
        switch (at->type) {
        case TD_ATTR_STRING: td_strbuf_json_string(b, at->v.s, strlen(at->v.s)); break;
        case TD_ATTR_NUMBER:
            if (typed && !isfinite(at->v.n))
                td_strbuf_puts(b, isnan(at->v.n) ? "{\"n\":\"nan\"}"
                                  : at->v.n > 0  ? "{\"n\":\"inf\"}"
                                                 : "{\"n\":\"-inf\"}");
            else
                td_strbuf_json_number(b, at->v.n); /* null when not finite */
            break;
        case TD_ATTR_BOOL:
            if (at->v.b)
                td_strbuf_lit(b, "true");
            else
                td_strbuf_lit(b, "false");
            break;
        case TD_ATTR_REF:
            /* An object, so a reader never takes it for a number. */
            if (typed)
                td_strbuf_lit(b, "{\"r\":");
            else
                td_strbuf_lit(b, "{\"ref\":");
            td_strbuf_u64(b, at->v.ref);
            td_strbuf_addc(b, '}');
            break;
        }
    }
    td_strbuf_addc(b, '}');
}

void td_json_attrs(td_strbuf *b, const td_attr *at, bool typed)
{
    json_attrs(b, NULL, at, typed);
}

/*
 * Add to all[0, *n) every annotation an annotation there refers to whose
 * layer is not written, and theirs in turn, so no reference in the output
 * dangles. 0, or -1 out of memory.
 */
static int add_referenced(td_doc *doc, td_annot ***all, size_t *n, size_t *cap,
                          const bool *layer_emitted)
{
    uint8_t *added = NULL; /* by id, only for annotations of layers not written */
    int rc = 0;
    for (size_t i = 0; i < *n; i++) {
        for (const td_attr *at = (*all)[i]->attrs; at; at = at->next) {
            if (at->type != TD_ATTR_REF)
                continue;
            td_annot *t = td_doc_get(doc, at->v.ref);
            if (!t)
                continue;
            size_t l = 0;
            while (l < doc->nlayers && doc->layers[l].name != t->layer)
                l++;
            if (l < doc->nlayers && layer_emitted[l])
                continue;
            if (!added && !(added = calloc(doc->nannots + 1, 1))) {
                rc = -1;
                goto out;
            }
            if (added[t->id])
                continue;
            added[t->id] = 1;
            if (*n == *cap) {
                size_t c = *cap * 2 + 16;
                td_annot **grown = realloc(*all, c * sizeof(*grown));
                if (!grown) {
                    rc = -1;
                    goto out;
                }
                *all = grown;
                *cap = c;
            }
            (*all)[(*n)++] = t; /* looked at in turn: its references too */
        }
    }
out:
    free(added);
    return rc;
}

static int write_annotations(td_strbuf *b, td_doc *doc, td_emit_fn emits, const void *user)
{
    size_t total = 0;
    bool *layer_emitted = calloc(doc->nlayers + 1, sizeof(bool));
    size_t *ends = malloc((doc->nlayers + 2) * sizeof(size_t));
    if (!layer_emitted || !ends) {
        free(layer_emitted);
        free(ends);
        return -1;
    }
    for (size_t i = 0; i < doc->nlayers; i++)
        if ((layer_emitted[i] = emits(user, doc->layers[i].name)))
            total += doc->layers[i].n;
    size_t cap = total ? total : 1;
    td_annot **all = malloc(cap * sizeof(*all));
    if (!all) {
        free(layer_emitted);
        free(ends);
        return -1;
    }
    size_t n = 0, nruns = 0;
    for (size_t i = 0; i < doc->nlayers; i++)
        if (layer_emitted[i] && doc->layers[i].n) {
            /* A layer not in order yet is sorted here, in the copy: the
             * document (and the wire form a split writes) stays as it is. */
            const td_layer *l = &doc->layers[i];
            memcpy(all + n, l->items, l->n * sizeof(*all));
            if (!l->sorted)
                qsort(all + n, l->n, sizeof(*all), annot_out_cmp);
            n += l->n;
            ends[nruns++] = n;
        }
    size_t emitted = n;
    int rc = add_referenced(doc, &all, &n, &cap, layer_emitted);
    free(layer_emitted);
    if (rc == 0 && n > emitted) { /* the referenced ones: one run more */
        qsort(all + emitted, n - emitted, sizeof(*all), annot_out_cmp);
        ends[nruns++] = n;
    }
    if (rc != 0 || merge_runs(all, n, ends, nruns) != 0) {
        free(ends);
        free(all);
        return -1;
    }
    free(ends);

    /* Room for what an annotation takes on average (its text, offsets and
     * attributes: ~250 bytes in news), so the line grows once, not by
     * doubling and copying as it is written. */
    if (n && n < SIZE_MAX / 512)
        td_strbuf_reserve(b, n * 256);
    name_cache *names = calloc(1, sizeof(*names)); /* none: names written directly */
    td_strbuf_lit(b, ",\"annotations\":[");
    for (size_t i = 0; i < n; i++) {
        const td_annot *a = all[i];
        size_t os, oe;
        td_doc_span_original(doc, a->start, a->end, &os, &oe);
        if (i)
            td_strbuf_lit(b, ",{\"id\":");
        else
            td_strbuf_lit(b, "{\"id\":");
        td_strbuf_u64(b, a->id);
        td_strbuf_lit(b, ",\"layer\":");
        put_json_name(b, names, a->layer);
        td_strbuf_lit(b, ",\"label\":");
        put_json_name(b, names, a->label);
        td_strbuf_lit(b, ",\"start\":");
        size_t cs = td_doc_cp_offset(doc, os);
        td_strbuf_u64(b, cs);
        td_strbuf_lit(b, ",\"end\":");
        /* A short span's end from its start: fewer bytes to count than from
         * the end's 64-byte block (names and figures are a few bytes). */
        td_strbuf_u64(b, oe - os < 32 ? cs + td_utf8_count(doc->orig + os, oe - os)
                                      : td_doc_cp_offset(doc, oe));
        td_strbuf_lit(b, ",\"text\":");
        td_strbuf_json_string(b, doc->orig + os, oe - os);
        td_strbuf_lit(b, ",\"attrs\":");
        json_attrs(b, names, a->attrs, false);
        td_strbuf_addc(b, '}');
    }
    free(names);
    td_strbuf_puts(b, "],\"tidings\":{");
    bool first = true;
    if (doc->repaired) {
        td_strbuf_printf(b, "\"utf8_repaired\":%zu", doc->repaired);
        first = false;
    }
    if (doc->attrs) {
        if (!first)
            td_strbuf_putc(b, ',');
        /* the document's attributes, written as an object's members */
        td_strbuf tmp;
        td_strbuf_init(&tmp);
        td_json_attrs(&tmp, doc->attrs, false);
        if (tmp.len >= 2)
            td_strbuf_append(b, tmp.data + 1, tmp.len - 2);
        td_strbuf_free(&tmp);
    }
    td_strbuf_puts(b, "}}");
    free(all);
    return b->oom ? -1 : 0;
}

/* The input object, without its closing brace, ready for more members. */
static int write_input_object(td_strbuf *b, td_record *rec)
{
    json_t *root = rec->doc->meta;
    if (rec->kind == TD_RECORD_TEXT || (!root && !rec->doc->meta_raw)) {
        td_strbuf_puts(b, "{\"id\":");
        td_strbuf_json_string(b, rec->doc->id, strlen(rec->doc->id));
        td_strbuf_puts(b, ",\"source\":");
        td_strbuf_json_string(b, rec->source, strlen(rec->source));
        td_strbuf_puts(b, ",\"text\":");
        td_strbuf_json_string(b, rec->doc->orig, rec->doc->orig_len);
        return 0;
    }
    bool has_id = rec->doc->id_given;
    if (root && (rec->doc->meta_changed || json_object_get(root, "annotations") ||
                 json_object_get(root, "tidings"))) {
        /* Keys the output owns, or fields a stage set: print the object
         * again, without the former. */
        json_t *copy = json_copy(root);
        if (!copy)
            return -1;
        json_object_del(copy, "annotations");
        json_object_del(copy, "tidings");
        char *s = json_dumps(copy, JSON_COMPACT);
        json_decref(copy);
        if (!s)
            return -1;
        /* Never "{}": the object holds "text". */
        td_strbuf_append(b, s, strlen(s) - 1); /* without the closing brace */
        free(s);
    } else {
        /* The line as it came, trimmed of trailing space and its brace. */
        size_t end = rec->raw_len;
        while (end > 0 && (rec->raw[end - 1] == ' ' || rec->raw[end - 1] == '\t' ||
                           rec->raw[end - 1] == '\r' || rec->raw[end - 1] == '\n'))
            end--;
        size_t start = 0;
        while (start < end && rec->raw[start] != '{')
            start++;
        if (end == 0 || rec->raw[end - 1] != '}' || start >= end)
            return -1;
        td_strbuf_putc(b, '{');
        if (!has_id) {
            td_strbuf_puts(b, "\"id\":");
            td_strbuf_json_string(b, rec->doc->id, strlen(rec->doc->id));
            td_strbuf_putc(b, ',');
        }
        td_strbuf_append(b, rec->raw + start + 1, end - start - 2);
        return 0;
    }
    if (!has_id) {
        td_strbuf_puts(b, ",\"id\":");
        td_strbuf_json_string(b, rec->doc->id, strlen(rec->doc->id));
    }
    return 0;
}

int td_encode_record(td_record *rec, td_emit_fn emits, const void *user)
{
    td_strbuf b;
    td_strbuf_init(&b);
    if (!td_strbuf_reserve(&b, rec->raw_len + 256) || write_input_object(&b, rec) < 0 ||
        write_annotations(&b, rec->doc, emits, user) != 0) {
        td_strbuf_free(&b);
        td_record_fail(rec, "cannot write the output: out of memory");
        return -1;
    }
    free(rec->output);
    rec->output = td_strbuf_take(&b, &rec->output_len);
    rec->status = TD_RECORD_OK;
    return rec->output ? 0 : -1;
}
