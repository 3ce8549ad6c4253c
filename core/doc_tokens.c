/* Queries a stage makes about tokens and other annotations: an
 * annotation's index in its layer, the annotations inside another, white
 * space after a span, case folding, and the regions a normaliser rewrote. */
#include "doc_internal.h"
#include "match_internal.h"
#include "utf8_internal.h"

#include <string.h>

/* Order of td_doc_layer(): start, then longest first, then id. */
static int layer_cmp(const td_annot *a, const td_annot *b)
{
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    return a->id < b->id ? -1 : (a->id > b->id);
}

size_t td_doc_index(td_doc *doc, const td_annot *a)
{
    if (!a || td_doc_get(doc, a->id) != a)
        return SIZE_MAX;
    size_t n;
    td_annot *const *items = td_doc_layer(doc, a->layer, &n);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = layer_cmp(items[mid], a);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

td_annot *const *td_doc_inside(td_doc *doc, const char *layer, const td_annot *outer,
                               size_t *n)
{
    if (!outer) {
        *n = 0;
        return NULL;
    }
    return td_doc_within(doc, layer, outer->start, outer->end, n);
}

bool td_doc_space_after(const td_doc *doc, const td_annot *a)
{
    if (a->end >= doc->work_len)
        return false;
    unsigned char c = (unsigned char)doc->work[a->end];
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    int32_t cp;
    td_utf8_decode(doc->work + a->end, doc->work_len - a->end, &cp);
    return td_utf8_is_space(cp);
}

char *td_doc_fold(td_doc *doc, const char *s, size_t n, size_t *len)
{
    /* Two passes: the length, then the text, so the arena gets one block. */
    char tmp[MATCH_FOLD_MAX];
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t l = td_utf8_decode(s + i, n - i, &cp);
        int ncp;
        size_t fl = (unsigned char)s[i] < 0x80 ? 0 : match_fold_cp(cp, tmp, &ncp);
        out += fl ? fl : l;
        i += l;
    }
    char *buf = td_doc_alloc(doc, out + 1);
    if (!buf)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp;
        size_t l = td_utf8_decode(s + i, n - i, &cp);
        int ncp;
        size_t fl = match_fold_cp(cp, buf + o, &ncp);
        if (fl == 0) {
            memcpy(buf + o, s + i, l);
            fl = l;
        }
        o += fl;
        i += l;
    }
    buf[o] = '\0';
    if (len)
        *len = o;
    return buf;
}

/* The public view of the alignment is the internal one, field for field. */
_Static_assert(sizeof(td_rewrite_span) == sizeof(td_edit), "td_rewrite_span is td_edit");
_Static_assert(offsetof(td_rewrite_span, start) == offsetof(td_edit, w0) &&
                   offsetof(td_rewrite_span, end) == offsetof(td_edit, w1) &&
                   offsetof(td_rewrite_span, orig_start) == offsetof(td_edit, o0) &&
                   offsetof(td_rewrite_span, orig_end) == offsetof(td_edit, o1),
               "td_rewrite_span is td_edit");

const td_rewrite_span *td_doc_rewrites(const td_doc *doc, size_t *n)
{
    *n = doc->nedits;
    return doc->nedits ? (const td_rewrite_span *)doc->edits : NULL;
}
