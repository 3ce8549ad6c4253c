/* segment: the abbreviation and sentence-starter lists, as hash sets.
 *
 * The files are read with td_matcher_load_tsv, for the one TSV format and
 * its "path:line: problem" messages, but looked up here by exact bytes:
 * the tokeniser asks "is this word an abbreviation?" once per word that a
 * period follows, which a hash answers without scanning the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

#include "segment.h"

struct seg_word {
    const char *s; /* NULL: empty slot */
    uint32_t len;
    uint32_t hash;
    int cls;
};

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static int class_of(const char *name)
{
    if (strcmp(name, "abbr") == 0)
        return ABBR_ENDS;
    if (strcmp(name, "inner") == 0)
        return ABBR_INNER;
    if (strcmp(name, "number") == 0)
        return ABBR_NUMBER;
    return 0;
}

int seg_wordset_load(seg_wordset *ws, const char *path, bool with_class, char *err,
                     size_t errlen)
{
    memset(ws, 0, sizeof(*ws));
    int rc = -1;
    td_matcher *m = td_matcher_new();
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (td_matcher_load_tsv(m, path, 0) != 0) {
        snprintf(err, errlen, "%s", td_matcher_errmsg(m));
        goto out;
    }
    size_t n = td_matcher_count(m), bytes = 0;
    for (uint32_t id = 0; id < n; id++)
        bytes += strlen(td_matcher_pattern(m, id)) + 1;
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    ws->slots = calloc(cap, sizeof(*ws->slots));
    ws->pool = malloc(bytes ? bytes : 1);
    if (!ws->slots || !ws->pool) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    ws->mask = cap - 1;
    char *p = ws->pool;
    for (uint32_t id = 0; id < n; id++) {
        const char *pat = td_matcher_pattern(m, id);
        size_t len = strlen(pat);
        int cls = 1;
        if (with_class) {
            size_t ncols;
            const char *const *cols = td_matcher_payload(m, id, &ncols);
            cls = ncols ? class_of(cols[0]) : ABBR_ENDS;
            if (!cls) {
                snprintf(err, errlen, "%s: '%s': unknown class '%s' (abbr, inner or number)",
                         path, pat, cols[0]);
                goto out;
            }
            if (len < 2 || pat[len - 1] != '.') {
                snprintf(err, errlen, "%s: '%s' does not end with a period", path, pat);
                goto out;
            }
            len--; /* the key is the word before the period */
        }
        memcpy(p, pat, len);
        p[len] = '\0';
        uint32_t h = hash_bytes(p, len);
        size_t i = h & ws->mask;
        while (ws->slots[i].s) {
            if (ws->slots[i].len == len && memcmp(ws->slots[i].s, p, len) == 0)
                break; /* "Co." and "Co": the first one stays */
            i = (i + 1) & ws->mask;
        }
        if (!ws->slots[i].s) {
            ws->slots[i] = (struct seg_word){p, (uint32_t)len, h, cls};
            ws->n++;
            if (len)
                ws->lens[(unsigned char)p[0]] |= 1u << (len < 31 ? len : 31);
        }
        p += len + 1;
    }
    rc = 0;
out:
    td_matcher_free(m);
    if (rc != 0)
        seg_wordset_free(ws);
    return rc;
}

int seg_wordset_get(const seg_wordset *ws, const char *s, size_t n)
{
    if (!ws->n || n > 64 || !seg_wordset_may_have(ws, s, n))
        return 0;
    uint32_t h = hash_bytes(s, n);
    for (size_t i = h & ws->mask; ws->slots[i].s; i = (i + 1) & ws->mask) {
        const struct seg_word *w = &ws->slots[i];
        if (w->hash == h && w->len == n && memcmp(w->s, s, n) == 0)
            return w->cls;
    }
    return 0;
}

void seg_wordset_free(seg_wordset *ws)
{
    if (!ws)
        return;
    free(ws->slots);
    free(ws->pool);
    memset(ws, 0, sizeof(*ws));
}
