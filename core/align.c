/*
 * Rewriting the working text, and mapping working offsets back to the
 * original.
 *
 * The alignment is a sorted list of edits (working [w0,w1) came from
 * original [o0,o1)); between edits the texts are the same bytes, so a text
 * that needs few changes costs a few edits, not a table per byte.
 */
#include "doc_internal.h"

#include <stdlib.h>
#include <string.h>

struct td_rewrite {
    td_doc *doc;
    char *buf;
    size_t len, cap;
    size_t pos; /* bytes of the current working text consumed */
    td_edit *edits; /* new working [w0,w1) from current working [o0,o1) */
    size_t nedits, cap_edits;
    bool failed;
};

td_rewrite *td_rewrite_begin(td_doc *doc)
{
    td_rewrite *rw = calloc(1, sizeof(*rw));
    if (!rw) {
        td_doc_fail(doc, "out of memory");
        return NULL;
    }
    rw->doc = doc;
    rw->cap = doc->work_len + doc->work_len / 8 + 16;
    rw->buf = malloc(rw->cap);
    if (!rw->buf) {
        free(rw);
        td_doc_fail(doc, "out of memory");
        return NULL;
    }
    return rw;
}

static int rw_fail(td_rewrite *rw, const char *what)
{
    rw->failed = true;
    return td_doc_fail(rw->doc, "rewrite: %s", what);
}

static int rw_append(td_rewrite *rw, const char *s, size_t n)
{
    if (rw->len + n + 1 > rw->cap) {
        size_t cap = rw->cap * 2;
        while (cap < rw->len + n + 1)
            cap *= 2;
        char *p = realloc(rw->buf, cap);
        if (!p)
            return rw_fail(rw, "out of memory");
        rw->buf = p;
        rw->cap = cap;
    }
    memcpy(rw->buf + rw->len, s, n);
    rw->len += n;
    return 0;
}

int td_rewrite_keep(td_rewrite *rw, size_t n)
{
    if (rw->failed)
        return -1;
    if (n > rw->doc->work_len - rw->pos)
        return rw_fail(rw, "keeps more bytes than the text has");
    if (rw_append(rw, rw->doc->work + rw->pos, n) != 0)
        return -1;
    rw->pos += n;
    return 0;
}

int td_rewrite_replace(td_rewrite *rw, size_t n, const char *with, size_t with_len)
{
    if (rw->failed)
        return -1;
    if (n > rw->doc->work_len - rw->pos)
        return rw_fail(rw, "replaces more bytes than the text has");
    if (n == with_len && memcmp(rw->doc->work + rw->pos, with, n) == 0)
        return td_rewrite_keep(rw, n);
    size_t w0 = rw->len;
    if (rw_append(rw, with, with_len) != 0)
        return -1;
    td_edit *last = rw->nedits ? &rw->edits[rw->nedits - 1] : NULL;
    if (last && with_len == 0 && last->w0 == last->w1 && last->w1 == w0 &&
        last->o1 == rw->pos) {
        /* Deletions in a row are one deletion, so at most one deletion
         * sits at any working offset. Other edits stay apart, so a span
         * that touches one rewritten character grows over it alone. */
        last->o1 = rw->pos + n;
    } else {
        if (rw->nedits == rw->cap_edits) {
            size_t cap = rw->cap_edits ? rw->cap_edits * 2 : 16;
            td_edit *e = realloc(rw->edits, cap * sizeof(*e));
            if (!e)
                return rw_fail(rw, "out of memory");
            rw->edits = e;
            rw->cap_edits = cap;
        }
        rw->edits[rw->nedits++] = (td_edit){w0, rw->len, rw->pos, rw->pos + n};
    }
    rw->pos += n;
    return 0;
}

void td_rewrite_abort(td_rewrite *rw)
{
    if (!rw)
        return;
    free(rw->buf);
    free(rw->edits);
    free(rw);
}

/*
 * Compose the rewrite's edits (new -> current working) with the document's
 * (current working -> original). Edits of either that overlap in the
 * current working text fall into one cluster, which becomes one edit from
 * the new text straight to the original; edits that only touch stay apart.
 */
static int compose(const td_edit *r, size_t nr, const td_edit *a, size_t na, td_edit **out,
                   size_t *nout)
{
    td_edit *res = malloc((nr + na ? nr + na : 1) * sizeof(*res));
    if (!res)
        return -1;
    size_t i = 0, j = 0, n = 0;
    /* new - current and original - current, after the edits passed so far */
    long long rdelta = 0, adelta = 0;
    while (i < nr || j < na) {
        /* On a tie the older edit goes first: a character removed before
         * a rewritten one stays outside it. */
        bool take_r = j >= na || (i < nr && r[i].o0 < a[j].w0);
        size_t start = take_r ? r[i].o0 : a[j].w0;
        size_t end = take_r ? r[i].o1 : a[j].w1;
        td_edit e = {.w0 = (size_t)((long long)start + rdelta),
                     .o0 = (size_t)((long long)start + adelta)};
        if (take_r) {
            rdelta += (long long)(r[i].w1 - r[i].w0) - (long long)(r[i].o1 - r[i].o0);
            i++;
        } else {
            adelta += (long long)(a[j].o1 - a[j].o0) - (long long)(a[j].w1 - a[j].w0);
            j++;
        }
        for (bool more = true; more;) {
            more = false;
            while (i < nr && r[i].o0 < end) {
                if (r[i].o1 > end)
                    end = r[i].o1;
                rdelta += (long long)(r[i].w1 - r[i].w0) - (long long)(r[i].o1 - r[i].o0);
                i++;
                more = true;
            }
            while (j < na && a[j].w0 < end) {
                if (a[j].w1 > end)
                    end = a[j].w1;
                adelta += (long long)(a[j].o1 - a[j].o0) - (long long)(a[j].w1 - a[j].w0);
                j++;
                more = true;
            }
        }
        e.w1 = (size_t)((long long)end + rdelta);
        e.o1 = (size_t)((long long)end + adelta);
        res[n++] = e;
    }
    *out = res;
    *nout = n;
    return 0;
}

int td_rewrite_commit(td_rewrite *rw)
{
    td_doc *doc = rw->doc;
    int rc = -1;
    if (rw->failed)
        goto out;
    if (td_doc_count(doc) > 0) {
        td_doc_fail(doc, "rewrite: the text cannot change once it has annotations "
                         "(put the rewriting stage first)");
        goto out;
    }
    if (rw->pos != doc->work_len) {
        td_doc_fail(doc, "rewrite: %zu of %zu bytes consumed at commit", rw->pos,
                    doc->work_len);
        goto out;
    }
    if (rw->nedits == 0) { /* nothing changed: keep the text we have */
        rc = 0;
        goto out;
    }
    td_edit *edits;
    size_t nedits;
    if (compose(rw->edits, rw->nedits, doc->edits, doc->nedits, &edits, &nedits) != 0) {
        td_doc_fail(doc, "out of memory");
        goto out;
    }
    rw->buf[rw->len] = '\0';
    if (doc->work != doc->orig)
        free(doc->work);
    free(doc->edits);
    doc->work = rw->buf;
    doc->work_len = rw->len;
    doc->edits = edits;
    doc->nedits = nedits;
    rw->buf = NULL;
    rc = 0;
out:
    td_rewrite_abort(rw);
    return rc;
}

int td_doc_restore_working(td_doc *doc, char *work, size_t work_len, td_edit *edits,
                           size_t nedits)
{
    if (doc->work != doc->orig)
        free(doc->work);
    free(doc->edits);
    doc->work = work;
    doc->work_len = work_len;
    doc->edits = edits;
    doc->nedits = nedits;
    return 0;
}

/* Index of the last edit whose w0 is <= w (strict: < w), or -1. Where a
 * deletion and another edit start at the same offset, the deletion comes
 * first, so the other is found. */
static long last_edit(const td_doc *doc, size_t w, bool strict)
{
    size_t lo = 0, hi = doc->nedits;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strict ? doc->edits[mid].w0 < w : doc->edits[mid].w0 <= w)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

static size_t map_start(const td_doc *doc, size_t w)
{
    long k = last_edit(doc, w, false);
    if (k < 0)
        return w;
    const td_edit *e = &doc->edits[k];
    if (w < e->w1)
        return e->o0; /* inside a rewritten region: all of it */
    return e->o1 + (w - e->w1); /* after it; skips characters removed at w */
}

static size_t map_end(const td_doc *doc, size_t w)
{
    long k = last_edit(doc, w, true);
    if (k < 0)
        return w;
    const td_edit *e = &doc->edits[k];
    if (w <= e->w1)
        return e->o1;
    return e->o1 + (w - e->w1);
}

void td_doc_span_original(const td_doc *doc, size_t start, size_t end, size_t *orig_start,
                          size_t *orig_end)
{
    if (end > doc->work_len)
        end = doc->work_len;
    if (start > end)
        start = end;
    if (doc->nedits == 0) {
        *orig_start = start;
        *orig_end = end;
        return;
    }
    size_t os = map_start(doc, start);
    size_t oe = start == end ? os : map_end(doc, end);
    if (os > oe)
        os = oe;
    *orig_start = os;
    *orig_end = oe;
}
