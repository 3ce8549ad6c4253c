/*
 * --resume: the ids already written. OUT is read once, line by line; each
 * complete line's "id" (and its "tidings" member's pipeline stamp) is
 * found with the codec's scanner, without building a tree. The ids live in
 * one pool with an open-addressing table over it: a million ids cost a
 * few tens of MB and no allocation each.
 */
#include "resume.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_scan.h"
#include "strbuf.h"

typedef struct slot {
    uint64_t hash; /* 0: empty */
    size_t off, len;
} slot;

struct td_idset {
    slot *slots;
    size_t cap, n;
    td_strbuf pool;
};

static uint64_t hash_of(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h ? h : 1;
}

td_idset *td_idset_new(void)
{
    td_idset *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->cap = 1024;
    s->slots = calloc(s->cap, sizeof(*s->slots));
    td_strbuf_init(&s->pool);
    if (!s->slots) {
        free(s);
        return NULL;
    }
    return s;
}

static slot *find(const td_idset *s, uint64_t h, const char *id, size_t len)
{
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        slot *sl = &s->slots[i];
        if (sl->hash == 0 || (sl->hash == h && sl->len == len &&
                              memcmp(s->pool.data + sl->off, id, len) == 0))
            return sl;
    }
}

static int grow(td_idset *s)
{
    size_t cap = s->cap * 2;
    slot *old = s->slots, *fresh = calloc(cap, sizeof(*fresh));
    if (!fresh)
        return -1;
    size_t old_cap = s->cap;
    s->slots = fresh;
    s->cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].hash)
            continue;
        size_t j = old[i].hash & (cap - 1);
        while (fresh[j].hash)
            j = (j + 1) & (cap - 1);
        fresh[j] = old[i];
    }
    free(old);
    return 0;
}

int td_idset_add(td_idset *s, const char *id, size_t len)
{
    if ((s->n + 1) * 2 > s->cap && grow(s) != 0)
        return -1;
    uint64_t h = hash_of(id, len);
    slot *sl = find(s, h, id, len);
    if (sl->hash)
        return 0;
    size_t off = s->pool.len;
    td_strbuf_append(&s->pool, id, len);
    if (s->pool.oom)
        return -1;
    *sl = (slot){h, off, len};
    s->n++;
    return 0;
}

bool td_idset_has(const td_idset *s, const char *id, size_t len)
{
    return find(s, hash_of(id, len), id, len)->hash != 0;
}

size_t td_idset_size(const td_idset *s) { return s->n; }

void td_idset_free(td_idset *s)
{
    if (!s)
        return;
    free(s->slots);
    td_strbuf_free(&s->pool);
    free(s);
}

/* ---- reading OUT ---------------------------------------------------- */

typedef struct line_fields {
    td_json_member id, tidings, stamp;
    bool has_id, has_tidings, has_stamp;
} line_fields;

static int on_member(const td_json_member *m, void *user)
{
    line_fields *f = user;
    if (td_json_key_is(m, "id")) {
        f->id = *m;
        f->has_id = true;
    } else if (td_json_key_is(m, "tidings")) {
        f->tidings = *m;
        f->has_tidings = true;
    }
    return 0;
}

static int on_tidings_member(const td_json_member *m, void *user)
{
    line_fields *f = user;
    if (td_json_key_is(m, "pipeline") && m->kind == 's') {
        f->stamp = *m;
        f->has_stamp = true;
    }
    return 0;
}

/* The line's id as the decoder makes it: a string unescaped, a whole number
 * in decimal. 0, or -1 when the line is not an output line. */
static int line_id(const char *line, size_t n, td_strbuf *id, char stamp[13])
{
    line_fields f = {0};
    stamp[0] = '\0';
    td_strbuf_reserve(id, n);
    id->len = 0;
    if (td_json_scan_object(line, n, on_member, &f) >= 0) {
        if (f.has_tidings && f.tidings.kind == 'o' &&
            td_json_scan_object(f.tidings.val, f.tidings.val_len, on_tidings_member, &f) >= 0 &&
            f.has_stamp && f.stamp.val_len - 2 < 13) {
            memcpy(stamp, f.stamp.val + 1, f.stamp.val_len - 2);
            stamp[f.stamp.val_len - 2] = '\0';
        }
        if (!f.has_id || id->oom)
            return -1;
        if (f.id.kind == 's') {
            id->len = td_json_unescape(f.id.val + 1, f.id.val_len - 2, id->data);
            return 0;
        }
        if (f.id.kind == 'n' && !memchr(f.id.val, '.', f.id.val_len)) {
            td_strbuf_printf(id, "%lld", strtoll(f.id.val, NULL, 10));
            return 0;
        }
        return -1;
    }
    /* What the scanner leaves to jansson (an exponent somewhere). */
    json_t *o = json_loadb(line, n, JSON_ALLOW_NUL, NULL);
    json_t *v = json_object_get(o, "id");
    int rc = 0;
    if (json_is_string(v))
        td_strbuf_append(id, json_string_value(v), json_string_length(v));
    else if (json_is_integer(v))
        td_strbuf_printf(id, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        rc = -1;
    const char *st = json_string_value(json_object_get(json_object_get(o, "tidings"), "pipeline"));
    if (st && strlen(st) < 13)
        strcpy(stamp, st);
    json_decref(o);
    return rc;
}

int td_resume_scan_output(const char *path, const char *stamp, td_idset *ids,
                          td_resume_scan *scan, char *err, size_t errlen)
{
    memset(scan, 0, sizeof(*scan));
    FILE *f = fopen(path, "r+");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: cannot resume: %s", path, strerror(errno));
        return -1;
    }
    td_strbuf line, id;
    td_strbuf_init(&line);
    td_strbuf_init(&id);
    char buf[1 << 16];
    uint64_t offset = 0, kept = 0; /* kept: the end of the last complete line */
    int rc = 0;
    size_t got;
    while (rc == 0 && (got = fread(buf, 1, sizeof(buf), f)) > 0) {
        size_t i = 0;
        while (i < got) {
            const char *nl = memchr(buf + i, '\n', got - i);
            size_t take = nl ? (size_t)(nl - (buf + i)) : got - i;
            td_strbuf_append(&line, buf + i, take);
            i += take;
            if (!nl)
                break;
            i++; /* the newline */
            offset += line.len + 1;
            char line_stamp[13];
            if (line.oom || id.oom) {
                snprintf(err, errlen, "out of memory");
                rc = -1;
                break;
            }
            if (line_id(line.data ? line.data : "", line.len, &id, line_stamp) != 0) {
                snprintf(err, errlen,
                         "%s:%llu: not a tidings output line (no \"id\"); cannot resume into it",
                         path, (unsigned long long)scan->lines + 1);
                rc = -1;
                break;
            }
            scan->lines++;
            if (line_stamp[0] && stamp && strcmp(line_stamp, stamp) != 0 &&
                !scan->other_stamp_line) {
                scan->other_stamp_line = scan->lines;
                memcpy(scan->other_stamp, line_stamp, sizeof(scan->other_stamp));
            }
            if (td_idset_add(ids, id.data ? id.data : "", id.len) != 0) {
                snprintf(err, errlen, "out of memory");
                rc = -1;
                break;
            }
            kept = offset;
            line.len = 0;
        }
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && line.len > 0) {
        /* A killed run's last line, cut short: gone, to be done again. */
        scan->cut_bytes = line.len;
        if (fflush(f) != 0 || ftruncate(fileno(f), (off_t)kept) != 0) {
            snprintf(err, errlen, "%s: cannot cut its partial last line: %s", path,
                     strerror(errno));
            rc = -1;
        }
    }
    fclose(f);
    td_strbuf_free(&line);
    td_strbuf_free(&id);
    return rc;
}
