/*
 * The wire format of documents between stages (see redis_wire.h and
 * docs/DISTRIBUTED.md). The `doc` field:
 *
 *   {"v":1,
 *    "e":[w0,w1,o0,o1, ...],               alignment edits, flat (when rewritten)
 *    "l":[["token",[[1,"word",0,5], ...]],  layers in the document's order; each
 *         ["entity",[[7,"country",9,14,{"iso":"CN"}], ...]]],
 *                                          annotation [id, label, start, end, attrs?]
 *    "a":{"key":value, ...},               document attributes
 *    "r":2}                                invalid UTF-8 sequences the first
 *                                          decoding replaced (the raw input
 *                                          travels repaired)
 *
 * Attribute values: a string, a number, true/false, {"r":id} for a
 * reference to another annotation, {"n":"nan"|"inf"|"-inf"} for numbers
 * JSON cannot hold. Offsets are bytes of the working text, as in memory.
 */
#include "redis_wire.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "doc_internal.h"
#include "redis_stream.h"

/* ---- encoding ----------------------------------------------------------- */

int td_wire_encode(td_doc *doc, td_strbuf *b)
{
    td_strbuf_puts(b, "{\"v\":1");
    if (doc->nedits) {
        td_strbuf_puts(b, ",\"e\":[");
        for (size_t i = 0; i < doc->nedits; i++) {
            const td_edit *e = &doc->edits[i];
            if (i)
                td_strbuf_putc(b, ',');
            td_strbuf_u64(b, e->w0);
            td_strbuf_putc(b, ',');
            td_strbuf_u64(b, e->w1);
            td_strbuf_putc(b, ',');
            td_strbuf_u64(b, e->o0);
            td_strbuf_putc(b, ',');
            td_strbuf_u64(b, e->o1);
        }
        td_strbuf_putc(b, ']');
    }
    td_strbuf_puts(b, ",\"l\":[");
    bool first_layer = true;
    for (size_t i = 0; i < doc->nlayers; i++) {
        const td_layer *l = &doc->layers[i];
        if (l->n == 0)
            continue;
        td_strbuf_puts(b, first_layer ? "[" : ",[");
        first_layer = false;
        td_strbuf_json_string(b, l->name, strlen(l->name));
        td_strbuf_puts(b, ",[");
        for (size_t j = 0; j < l->n; j++) {
            const td_annot *a = l->items[j];
            td_strbuf_puts(b, j ? ",[" : "[");
            td_strbuf_u64(b, a->id);
            td_strbuf_putc(b, ',');
            td_strbuf_json_string(b, a->label, strlen(a->label));
            td_strbuf_putc(b, ',');
            td_strbuf_u64(b, a->start);
            td_strbuf_putc(b, ',');
            td_strbuf_u64(b, a->end);
            if (a->attrs) {
                td_strbuf_putc(b, ',');
                td_json_attrs(b, a->attrs, true);
            }
            td_strbuf_putc(b, ']');
        }
        td_strbuf_puts(b, "]]");
    }
    td_strbuf_putc(b, ']');
    if (doc->attrs) {
        td_strbuf_puts(b, ",\"a\":");
        td_json_attrs(b, doc->attrs, true);
    }
    if (doc->repaired) {
        td_strbuf_puts(b, ",\"r\":");
        td_strbuf_u64(b, doc->repaired);
    }
    td_strbuf_putc(b, '}');
    return b->oom ? -1 : 0;
}

/* ---- records and entries ------------------------------------------------ */

static char *copy_bytes(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* seq, src, line and kind: what every entry of a work or dead stream has. */
static td_record *record_base(const redisReply *fields, char *err, size_t errlen)
{
    uint64_t seq, line;
    size_t klen;
    const char *src = td_rfield(fields, "src", NULL);
    const char *kind = td_rfield(fields, "kind", &klen);
    if (!td_rfield_u64(fields, "seq", &seq) || !td_rfield_u64(fields, "line", &line) || !src ||
        !kind) {
        snprintf(err, errlen, "the entry lacks seq, src, line or kind");
        return NULL;
    }
    td_record_kind k = klen == 4 && memcmp(kind, "text", 4) == 0 ? TD_RECORD_TEXT
                                                                  : TD_RECORD_JSON;
    td_record *rec = td_record_new(seq, k, src, line, NULL, 0);
    if (!rec) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    size_t rlen;
    const char *raw = td_rfield(fields, "raw", &rlen);
    if (raw) {
        if (!(rec->raw = copy_bytes(raw, rlen))) {
            td_record_free(rec);
            snprintf(err, errlen, "out of memory");
            return NULL;
        }
        rec->raw_len = rlen;
    }
    return rec;
}

td_record *td_wire_record(const redisReply *fields, bool with_doc, char *err, size_t errlen)
{
    td_record *rec = record_base(fields, err, errlen);
    if (!rec)
        return NULL;
    if (!rec->raw) {
        td_record_fail(rec, "the stream entry has no input");
        return rec;
    }
    if (!with_doc)
        return rec;
    size_t dlen, wlen;
    const char *doc = td_rfield(fields, "doc", &dlen);
    const char *work = td_rfield(fields, "work", &wlen);
    char why[256];
    if (!doc)
        td_record_fail(rec, "the stream entry has no document");
    else if (td_decode_record(rec) == 0) {
        if (td_wire_decode(rec->doc, doc, dlen, work, wlen, why, sizeof(why)) != 0)
            td_record_fail(rec, "document '%s' cannot be read from the stream: %s",
                           td_doc_id(rec->doc), why);
        else
            rec->repaired = td_doc_repaired(rec->doc) > 0;
    }
    return rec;
}

td_record *td_wire_result(const redisReply *fields, bool dead, char *err, size_t errlen)
{
    uint64_t seq, inb = 0, rep = 0;
    if (!td_rfield_u64(fields, "seq", &seq)) {
        snprintf(err, errlen, "the entry has no seq");
        return NULL;
    }
    td_rfield_u64(fields, "inb", &inb);
    td_rfield_u64(fields, "rep", &rep);
    td_record *rec = dead ? record_base(fields, err, errlen)
                          : td_record_new(seq, TD_RECORD_JSON, "-", 0, NULL, 0);
    if (!rec)
        return NULL;
    if (!rec->raw)
        rec->raw_len = (size_t)inb;
    rec->repaired = rep != 0;
    size_t len;
    const char *s;
    if (dead) {
        s = td_rfield(fields, "error", &len);
        rec->status = TD_RECORD_FAILED;
        rec->error = s ? copy_bytes(s, len) : strdup("failed for an unknown reason");
        if (!rec->error)
            goto oom;
    } else if ((s = td_rfield(fields, "out", &len))) {
        rec->status = TD_RECORD_OK;
        if (!(rec->output = copy_bytes(s, len)))
            goto oom;
        rec->output_len = len;
    } else {
        rec->status = TD_RECORD_DROPPED;
    }
    return rec;
oom:
    snprintf(err, errlen, "out of memory");
    td_record_free(rec);
    return NULL;
}

static void add_base(td_rargs *a, const char *key, const td_record *rec)
{
    td_rargs_str(a, "XADD");
    td_rargs_str(a, key);
    td_rargs_str(a, "*");
    td_rargs_str(a, "seq");
    td_rargs_u64(a, rec->seq);
}

static void add_input(td_rargs *a, const td_record *rec)
{
    td_rargs_str(a, "src");
    td_rargs_str(a, rec->source);
    td_rargs_str(a, "line");
    td_rargs_u64(a, rec->line);
    td_rargs_str(a, "kind");
    td_rargs_str(a, rec->kind == TD_RECORD_TEXT ? "text" : "json");
    if (rec->raw) {
        td_rargs_str(a, "raw");
        td_rargs_add(a, rec->raw, rec->raw_len);
    }
}

void td_wire_xadd_input(td_rargs *a, const char *key, const td_record *rec)
{
    add_base(a, key, rec);
    add_input(a, rec);
}

void td_wire_xadd_split(td_rargs *a, const char *key, const td_record *rec, const char *doc,
                        size_t doclen)
{
    add_base(a, key, rec);
    add_input(a, rec);
    if (td_doc_rewritten(rec->doc)) {
        size_t wlen;
        const char *w = td_doc_text(rec->doc, &wlen);
        td_rargs_str(a, "work");
        td_rargs_add(a, w, wlen);
    }
    td_rargs_str(a, "doc");
    td_rargs_add(a, doc, doclen);
}

static void add_counts(td_rargs *a, const td_record *rec)
{
    if (rec->doc) {
        td_rargs_str(a, "id");
        td_rargs_str(a, td_doc_id(rec->doc));
    }
    td_rargs_str(a, "inb");
    td_rargs_u64(a, rec->raw_len);
    td_rargs_str(a, "rep");
    td_rargs_u64(a, rec->repaired);
}

void td_wire_xadd_out(td_rargs *a, const char *key, const td_record *rec)
{
    add_base(a, key, rec);
    add_counts(a, rec);
    if (rec->status == TD_RECORD_OK) {
        td_rargs_str(a, "out");
        td_rargs_add(a, rec->output, rec->output_len);
    } else {
        td_rargs_str(a, "drop");
        td_rargs_str(a, "1");
    }
}

void td_wire_xadd_dead(td_rargs *a, const char *key, const td_record *rec, const char *stage,
                       uint64_t deliveries)
{
    add_base(a, key, rec);
    add_counts(a, rec);
    td_rargs_str(a, "stage");
    td_rargs_str(a, stage);
    td_rargs_str(a, "error");
    td_rargs_str(a, rec->error ? rec->error : "failed for an unknown reason");
    td_rargs_str(a, "deliveries");
    td_rargs_u64(a, deliveries);
    add_input(a, rec);
}
