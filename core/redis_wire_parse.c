/*
 * Reading the `doc` field of a split stream's entry back into a document
 * (the format is in redis_wire.c and docs/DISTRIBUTED.md). A parser for
 * exactly that JSON shape, straight into the document: no tree is built,
 * which made jansson the largest cost of a split where tokens cross. It
 * checks everything it reads (an entry may come from anywhere): a bad
 * field is an error with the reason, never a crash.
 */
#include "redis_wire.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"

typedef struct sbuf {
    char *d;
    size_t cap;
} sbuf;

typedef struct rd {
    const char *start, *p, *end;
    td_doc *doc;
    char *err;
    size_t errlen;
    bool failed;
    sbuf name, label, key, value;
} rd;

static bool fail(rd *r, const char *what)
{
    if (!r->failed)
        snprintf(r->err, r->errlen, "%s at byte %zu of the document", what,
                 (size_t)(r->p - r->start));
    r->failed = true;
    return false;
}

static void ws(rd *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

/* The next character is c: skip it. */
static bool eat(rd *r, char c)
{
    ws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return true;
    }
    return false;
}

static bool expect(rd *r, char c)
{
    if (eat(r, c))
        return true;
    char what[32];
    snprintf(what, sizeof(what), "expected '%c'", c);
    return fail(r, what);
}

static bool read_uint(rd *r, uint64_t *out)
{
    ws(r);
    const char *s = r->p;
    uint64_t v = 0;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && r->p - s < 19)
        v = v * 10 + (uint64_t)(*r->p++ - '0');
    if (r->p == s || (r->p < r->end && *r->p >= '0' && *r->p <= '9'))
        return fail(r, "expected a whole number");
    *out = v;
    return true;
}

static bool read_number(rd *r, double *out)
{
    ws(r);
    const char *s = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    const char *digits = r->p;
    while (r->p < r->end && ((*r->p >= '0' && *r->p <= '9') || *r->p == '.' || *r->p == 'e' ||
                             *r->p == 'E' || *r->p == '+' || *r->p == '-'))
        r->p++;
    size_t n = (size_t)(r->p - s);
    char tmp[64];
    if (r->p == digits || n >= sizeof(tmp))
        return fail(r, "expected a number");
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *stop;
    errno = 0;
    *out = strtod(tmp, &stop);
    if (*stop || !isfinite(*out))
        return fail(r, "expected a number");
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex4(rd *r, unsigned *u)
{
    if (r->end - r->p < 4)
        return false;
    *u = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(r->p[i]);
        if (h < 0)
            return false;
        *u = *u * 16 + (unsigned)h;
    }
    r->p += 4;
    return true;
}

static char *put_utf8(char *o, unsigned u)
{
    if (u < 0x80) {
        *o++ = (char)u;
    } else if (u < 0x800) {
        *o++ = (char)(0xC0 | (u >> 6));
        *o++ = (char)(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
        *o++ = (char)(0xE0 | (u >> 12));
        *o++ = (char)(0x80 | ((u >> 6) & 0x3F));
        *o++ = (char)(0x80 | (u & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (u >> 18));
        *o++ = (char)(0x80 | ((u >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((u >> 6) & 0x3F));
        *o++ = (char)(0x80 | (u & 0x3F));
    }
    return o;
}

/* A string, unescaped into b (NUL-terminated); its length in *len. */
static bool read_string(rd *r, sbuf *b, size_t *len)
{
    if (!eat(r, '"'))
        return fail(r, "expected a string");
    const char *s = r->p;
    const char *close = memchr(s, '"', (size_t)(r->end - s));
    /* Decoding never grows: room for everything up to the end will do. */
    size_t room = (size_t)(r->end - s) + 1;
    if (room > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < room)
            cap *= 2;
        char *d = realloc(b->d, cap);
        if (!d)
            return fail(r, "out of memory");
        b->d = d;
        b->cap = cap;
    }
    char *o = b->d;
    if (close && !memchr(s, '\\', (size_t)(close - s))) { /* the common case */
        for (const char *q = s; q < close; q++)
            if ((unsigned char)*q < 0x20)
                return fail(r, "a control character in a string");
        memcpy(o, s, (size_t)(close - s));
        o += close - s;
        r->p = close + 1;
    } else {
        for (;;) {
            if (r->p >= r->end)
                return fail(r, "a string without its closing quote");
            char c = *r->p++;
            if (c == '"')
                break;
            if ((unsigned char)c < 0x20)
                return fail(r, "a control character in a string");
            if (c != '\\') {
                *o++ = c;
                continue;
            }
            if (r->p >= r->end)
                return fail(r, "a broken escape");
            c = *r->p++;
            unsigned u, lo;
            switch (c) {
            case '"': case '\\': case '/': *o++ = c; break;
            case 'b': *o++ = '\b'; break;
            case 'f': *o++ = '\f'; break;
            case 'n': *o++ = '\n'; break;
            case 'r': *o++ = '\r'; break;
            case 't': *o++ = '\t'; break;
            case 'u':
                if (!hex4(r, &u) || (u >= 0xDC00 && u <= 0xDFFF))
                    return fail(r, "a broken \\u escape");
                if (u >= 0xD800 && u <= 0xDBFF) {
                    if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                        return fail(r, "a broken surrogate pair");
                    r->p += 2;
                    if (!hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                        return fail(r, "a broken surrogate pair");
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                }
                o = put_utf8(o, u);
                break;
            default: return fail(r, "a broken escape");
            }
        }
    }
    *o = '\0';
    *len = (size_t)(o - b->d);
    return true;
}

/* ---- attributes ---------------------------------------------------------- */

static bool read_attr_value(rd *r, td_annot *a, const char *key)
{
    td_doc *doc = r->doc;
    ws(r);
    if (r->p >= r->end)
        return fail(r, "expected a value");
    int rc = 0;
    char c = *r->p;
    if (c == '"') {
        size_t n;
        if (!read_string(r, &r->value, &n))
            return false;
        rc = a ? td_annot_set_strn(doc, a, key, r->value.d, n)
               : td_doc_set_str(doc, key, r->value.d);
    } else if (c == 't' || c == 'f') {
        bool v = c == 't';
        const char *word = v ? "true" : "false";
        size_t wl = strlen(word);
        if ((size_t)(r->end - r->p) < wl || memcmp(r->p, word, wl) != 0)
            return fail(r, "expected true or false");
        r->p += wl;
        rc = a ? td_annot_set_bool(doc, a, key, v) : td_doc_set_bool(doc, key, v);
    } else if (c == '{') {
        r->p++;
        size_t n;
        if (!read_string(r, &r->value, &n) || !expect(r, ':'))
            return false;
        if (strcmp(r->value.d, "r") == 0 && a) {
            uint64_t id;
            if (!read_uint(r, &id))
                return false;
            td_annot *target = id <= UINT32_MAX ? td_doc_get(doc, (uint32_t)id) : NULL;
            if (!target) {
                snprintf(r->err, r->errlen, "attribute '%s' refers to annotation %llu, which is "
                         "not there", key, (unsigned long long)id);
                r->failed = true;
                return false;
            }
            rc = td_annot_set_ref(doc, a, key, target);
        } else if (strcmp(r->value.d, "n") == 0) {
            if (!read_string(r, &r->value, &n))
                return false;
            const char *s = r->value.d;
            double x = strcmp(s, "inf") == 0 ? INFINITY : strcmp(s, "-inf") == 0 ? -INFINITY : NAN;
            rc = a ? td_annot_set_num(doc, a, key, x) : td_doc_set_num(doc, key, x);
        } else {
            snprintf(r->err, r->errlen, "attribute '%s' has a value of no known kind", key);
            r->failed = true;
            return false;
        }
        if (!expect(r, '}'))
            return false;
    } else {
        double x;
        if (c != '-' && (c < '0' || c > '9')) {
            snprintf(r->err, r->errlen, "attribute '%s' has a value of no known kind", key);
            r->failed = true;
            return false;
        }
        if (!read_number(r, &x))
            return false;
        rc = a ? td_annot_set_num(doc, a, key, x) : td_doc_set_num(doc, key, x);
    }
    if (rc != 0) {
        snprintf(r->err, r->errlen, "attribute '%s': %s", key, td_doc_errmsg(doc));
        r->failed = true;
        return false;
    }
    return true;
}

/* {"key":value, ...} onto annotation a, or the document when a is NULL. */
static bool read_attrs(rd *r, td_annot *a)
{
    if (!expect(r, '{'))
        return false;
    if (eat(r, '}'))
        return true;
    do {
        size_t n;
        if (!read_string(r, &r->key, &n) || !expect(r, ':') ||
            !read_attr_value(r, a, r->key.d))
            return false;
    } while (eat(r, ','));
    return expect(r, '}');
}

/* Skip an attributes object, to be read once every annotation exists. */
static bool skip_attrs(rd *r)
{
    if (!expect(r, '{'))
        return false;
    int depth = 1;
    while (depth > 0) {
        ws(r);
        if (r->p >= r->end)
            return fail(r, "an attributes object without its end");
        if (*r->p == '"') {
            size_t n;
            if (!read_string(r, &r->value, &n))
                return false;
            continue;
        }
        depth += *r->p == '{' ? 1 : *r->p == '}' ? -1 : 0;
        r->p++;
    }
    return true;
}

/* ---- the document ------------------------------------------------------- */

typedef struct later {
    td_annot *a;
    const char *attrs; /* where its attributes start */
} later;

typedef struct laters {
    later *v;
    size_t n, cap;
} laters;

static bool read_annot(rd *r, laters *l)
{
    uint64_t id, start, end;
    size_t n;
    if (!expect(r, '[') || !read_uint(r, &id) || !expect(r, ',') ||
        !read_string(r, &r->label, &n) || !expect(r, ',') || !read_uint(r, &start) ||
        !expect(r, ',') || !read_uint(r, &end))
        return false;
    if (id == 0 || id > UINT32_MAX)
        return fail(r, "an annotation id out of range");
    td_annot *a = td_doc_add_with_id(r->doc, (uint32_t)id, r->name.d, r->label.d,
                                     (size_t)start, (size_t)end);
    if (!a) {
        snprintf(r->err, r->errlen, "annotation %llu: %s", (unsigned long long)id,
                 td_doc_errmsg(r->doc));
        r->failed = true;
        return false;
    }
    if (eat(r, ',')) {
        ws(r);
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 256;
            later *v = realloc(l->v, cap * sizeof(*v));
            if (!v)
                return fail(r, "out of memory");
            l->v = v;
            l->cap = cap;
        }
        l->v[l->n++] = (later){a, r->p};
        if (!skip_attrs(r))
            return false;
    }
    return expect(r, ']');
}

static bool read_layers(rd *r, laters *l)
{
    if (!expect(r, '['))
        return false;
    if (eat(r, ']'))
        return true;
    do {
        size_t n;
        if (!expect(r, '[') || !read_string(r, &r->name, &n) || !expect(r, ',') ||
            !expect(r, '['))
            return false;
        if (!eat(r, ']')) {
            do {
                if (!read_annot(r, l))
                    return false;
            } while (eat(r, ','));
            if (!expect(r, ']'))
                return false;
        }
        if (!expect(r, ']'))
            return false;
    } while (eat(r, ','));
    return expect(r, ']');
}

static bool read_edits(rd *r, td_edit **out, size_t *nout)
{
    if (!expect(r, '['))
        return false;
    size_t n = 0, cap = 0;
    td_edit *e = NULL;
    if (!eat(r, ']')) {
        do {
            uint64_t v[4];
            for (int i = 0; i < 4; i++)
                if ((i && !eat(r, ',')) || !read_uint(r, &v[i])) {
                    free(e);
                    return fail(r, "\"e\" is not a list of edits");
                }
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                td_edit *g = realloc(e, cap * sizeof(*g));
                if (!g) {
                    free(e);
                    return fail(r, "out of memory");
                }
                e = g;
            }
            e[n++] = (td_edit){(size_t)v[0], (size_t)v[1], (size_t)v[2], (size_t)v[3]};
        } while (eat(r, ','));
        if (!expect(r, ']')) {
            free(e);
            return false;
        }
    }
    *out = e;
    *nout = n;
    return true;
}

/* Check the edits against the texts and install them with the working text. */
static bool restore_text(rd *r, td_edit *e, size_t n, const char *work, size_t wlen)
{
    td_doc *doc = r->doc;
    if (!work) {
        free(e);
        return n == 0 || fail(r, "edits without a working text");
    }
    for (size_t i = 0; i < n; i++)
        if (e[i].w1 < e[i].w0 || e[i].o1 < e[i].o0 || e[i].w1 > wlen || e[i].o1 > doc->orig_len ||
            (i && e[i].w0 < e[i - 1].w1)) {
            free(e);
            snprintf(r->err, r->errlen, "edit %zu does not fit the texts", i);
            r->failed = true;
            return false;
        }
    char *w = malloc(wlen + 1);
    if (!w) {
        free(e);
        return fail(r, "out of memory");
    }
    memcpy(w, work, wlen);
    w[wlen] = '\0';
    td_doc_restore_working(doc, w, wlen, e, n);
    return true;
}

static bool read_doc(rd *r, const char *work, size_t wlen, laters *l)
{
    uint64_t version = 0, repaired = 0;
    td_edit *edits = NULL;
    size_t nedits = 0;
    bool text_done = false, layers_seen = false;
    const char *attrs = NULL;
    if (!expect(r, '{'))
        return false;
    do {
        size_t n;
        if (!read_string(r, &r->key, &n) || !expect(r, ':'))
            goto fail;
        const char *k = r->key.d;
        if (strcmp(k, "v") == 0) {
            if (!read_uint(r, &version))
                goto fail;
            if (version != 1) {
                fail(r, "the document is not in wire format 1");
                goto fail;
            }
        } else if (strcmp(k, "e") == 0 && !text_done && !layers_seen && !edits) {
            if (!read_edits(r, &edits, &nedits))
                goto fail;
        } else if (strcmp(k, "l") == 0 && !layers_seen) {
            /* the working text first: spans are checked against it */
            text_done = true;
            if (!restore_text(r, edits, nedits, work, wlen)) {
                edits = NULL;
                goto fail;
            }
            edits = NULL;
            layers_seen = true;
            if (!read_layers(r, l))
                goto fail;
        } else if (strcmp(k, "a") == 0 && !attrs) {
            ws(r);
            attrs = r->p;
            if (!skip_attrs(r))
                goto fail;
        } else if (strcmp(k, "r") == 0) {
            if (!read_uint(r, &repaired))
                goto fail;
        } else {
            fail(r, "an unknown member");
            goto fail;
        }
    } while (eat(r, ','));
    if (!expect(r, '}'))
        goto fail;
    ws(r);
    if (r->p != r->end) {
        fail(r, "bytes after the document");
        goto fail;
    }
    if (version != 1 || !layers_seen) {
        fail(r, "the document is not in wire format 1");
        goto fail;
    }
    /* Attributes once every annotation exists: a reference may point forward. */
    for (size_t i = 0; i < l->n; i++) {
        r->p = l->v[i].attrs;
        if (!read_attrs(r, l->v[i].a))
            return false;
    }
    if (attrs) {
        r->p = attrs;
        if (!read_attrs(r, NULL))
            return false;
    }
    if (repaired)
        r->doc->repaired = (size_t)repaired;
    return true;
fail:
    free(edits);
    return false;
}

int td_wire_decode(td_doc *doc, const char *json, size_t len, const char *work, size_t wlen,
                   char *err, size_t errlen)
{
    rd r = {.start = json, .p = json, .end = json + len, .doc = doc, .err = err,
            .errlen = errlen};
    laters l = {0};
    bool ok = read_doc(&r, work, wlen, &l);
    free(l.v);
    free(r.name.d);
    free(r.label.d);
    free(r.key.d);
    free(r.value.d);
    return ok ? 0 : -1;
}
