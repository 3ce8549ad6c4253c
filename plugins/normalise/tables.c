/*
 * normalise: what each code point is under the stage's options, and the
 * Unicode work on the few runs that need it (utf8proc).
 *
 * nm_classify_slow() decides for one code point. Run over the whole BMP it
 * gives the 64 KB table the scanner reads (nm_tables_compute); that costs
 * some 20 million instructions, so the build runs it once (gen_tables.c)
 * and create() copies the result (tables_fast.c). Beyond the BMP it runs
 * per character; there it is almost always "no decomposition, no folding,
 * a starter": a property look-up.
 */
#include "normalise.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* ---- growing code point arrays ------------------------------------------ */

void nm_buf_init(nm_buf *b)
{
    b->p = b->local;
    b->len = 0;
    b->cap = sizeof(b->local) / sizeof(b->local[0]);
}

void nm_buf_free(nm_buf *b)
{
    if (b->p != b->local)
        free(b->p);
    nm_buf_init(b);
}

static int buf_reserve(nm_buf *b, size_t need)
{
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap * 2;
    while (cap < need)
        cap *= 2;
    int32_t *p = b->p == b->local ? malloc(cap * sizeof(*p)) : realloc(b->p, cap * sizeof(*p));
    if (!p)
        return -1;
    if (b->p == b->local)
        memcpy(p, b->local, b->len * sizeof(*p));
    b->p = p;
    b->cap = cap;
    return 0;
}

int nm_buf_push(nm_buf *b, int32_t cp)
{
    if (buf_reserve(b, b->len + 1) != 0)
        return -1;
    b->p[b->len++] = cp;
    return 0;
}

/* ---- the stage's own character sets -------------------------------------- */

/* C0 and C1 controls other than tab and the line breaks, DEL, zero-width
 * space and joiners, the byte order mark, the soft hyphen. Line breaks and
 * tab are white space: the whitespace option decides about them. */
static bool is_drop(int32_t cp)
{
    if (cp < 0x20)
        return !(cp >= 0x09 && cp <= 0x0D);
    return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F && cp != 0x85) || cp == 0xAD ||
           (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF;
}

/* Unicode White_Space: 0 no, 1 horizontal, 2 line break. */
static int ws_class(int32_t cp)
{
    switch (cp) {
    case ' ': case '\t': case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        return 1;
    case '\n': case 0x0B: case 0x0C: case '\r': case 0x85: case 0x2028: case 0x2029:
        return 2;
    default:
        return cp >= 0x2000 && cp <= 0x200A ? 1 : 0;
    }
}

static unsigned quote_kind(int32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
        return NK_DQUOTE;
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        return NK_SQUOTE;
    default:
        return 0;
    }
}

static unsigned dash_kind(int32_t cp)
{
    if ((cp >= 0x2010 && cp <= 0x2013) || cp == 0x2212)
        return NK_DASH;
    if (cp == 0x2014 || cp == 0x2015)
        return NK_LONGDASH;
    return 0;
}

/* ---- Unicode properties ---------------------------------------------------- */

unsigned nm_ccc(int32_t cp)
{
    return utf8proc_get_property(cp)->combining_class;
}

static bool is_second(const nm_state *st, int32_t cp)
{
    return cp >= 0 && cp < NM_SECOND_END && (st->second[cp >> 3] >> (cp & 7) & 1);
}

static bool is_hangul_syllable(int32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7A3;
}

/* Put non-starters in canonical order (a stable sort by combining class
 * within each run between starters), as utf8proc_decompose does. */
static void reorder(int32_t *p, size_t n)
{
    size_t pos = 0;
    while (n > 1 && pos < n - 1) {
        unsigned c1 = nm_ccc(p[pos]), c2 = nm_ccc(p[pos + 1]);
        if (c1 > c2 && c2 > 0) {
            int32_t t = p[pos];
            p[pos] = p[pos + 1];
            p[pos + 1] = t;
            if (pos > 0)
                pos--;
            else
                pos++;
        } else {
            pos++;
        }
    }
}

/* Append cp's full decomposition (per opts) to out. */
static int decompose_into(int32_t cp, int opts, nm_buf *out)
{
    for (;;) {
        size_t avail = out->cap - out->len;
        int bc = 0;
        utf8proc_ssize_t r = utf8proc_decompose_char(cp, out->p + out->len,
                                                     (utf8proc_ssize_t)avail,
                                                     (utf8proc_option_t)opts, &bc);
        if (r < 0) /* cannot happen without REJECTNA; keep the character */
            return nm_buf_push(out, cp);
        if ((size_t)r <= avail) {
            out->len += (size_t)r;
            return 0;
        }
        if (buf_reserve(out, out->len + (size_t)r) != 0)
            return -1;
    }
}

int nm_normalise(const nm_state *st, const int32_t *in, size_t n, nm_buf *out)
{
    size_t start = out->len;
    if (st->form == NM_NONE && !st->casefold) {
        for (size_t i = 0; i < n; i++)
            if (nm_buf_push(out, in[i]) != 0)
                return -1;
    } else {
        for (size_t i = 0; i < n; i++)
            if (decompose_into(in[i], st->decompose_opts, out) != 0)
                return -1;
    }
    if (st->form != NM_NONE) {
        reorder(out->p + start, out->len - start);
        utf8proc_ssize_t m = utf8proc_normalize_utf32(out->p + start,
                                                      (utf8proc_ssize_t)(out->len - start),
                                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m >= 0)
            out->len = start + (size_t)m;
    }
    /* NFKC turns some forms into the quotes and dashes we unify
     * (U+FE58 small em dash -> U+2014): unify those too. */
    if (st->quotes || st->dashes) {
        for (size_t i = start; i < out->len; i++) {
            unsigned k = st->quotes ? quote_kind(out->p[i]) : 0;
            if (!k && st->dashes)
                k = dash_kind(out->p[i]);
            if (k)
                out->p[i] = (unsigned char)nm_mapped_ascii(k);
        }
    }
    return 0;
}

/* ---- classifying -------------------------------------------------------- */

static unsigned classify_ascii(const nm_state *st, int32_t cp)
{
    if (st->controls && is_drop(cp))
        return NK_DROP;
    if (st->whitespace) {
        int w = ws_class(cp);
        if (w)
            return (w == 1 ? NK_SPACE : NK_BREAK) | NK_BOUNDARY;
    }
    if (st->casefold && cp >= 'A' && cp <= 'Z')
        return NK_NORM | NK_BOUNDARY;
    return NK_SIMPLE | NK_BOUNDARY;
}

unsigned nm_option_class(const nm_state *st, int32_t cp)
{
    if (st->controls && is_drop(cp))
        return NK_DROP;
    if (st->whitespace) {
        int w = ws_class(cp);
        if (w)
            return (w == 1 ? NK_SPACE : NK_BREAK) | NK_BOUNDARY;
    }
    if (cp < 0x80)
        return 0;
    unsigned k = st->quotes ? quote_kind(cp) : 0;
    if (!k && st->dashes)
        k = dash_kind(cp);
    return k ? k | NK_BOUNDARY : 0;
}

unsigned nm_classify_slow(const nm_state *st, int32_t cp)
{
    if (cp < 0x80)
        return classify_ascii(st, cp);
    unsigned k = nm_option_class(st, cp);
    if (k)
        return k;
    if (st->form == NM_NONE && !st->casefold)
        return NK_SIMPLE | NK_BOUNDARY;

    const utf8proc_property_t *p = utf8proc_get_property(cp);
    bool decomposes = st->form != NM_NONE &&
                      ((p->decomp_seqindex != UINT16_MAX &&
                        (p->decomp_type == 0 || st->form == NM_NFKC)) ||
                       is_hangul_syllable(cp));
    bool folds = st->casefold && p->casefold_seqindex != UINT16_MAX;
    if (!decomposes && !folds) {
        if (st->form == NM_NONE)
            return NK_SIMPLE | NK_BOUNDARY;
        bool second = is_second(st, cp);
        if (!second)
            return p->combining_class == 0 ? NK_SIMPLE | NK_BOUNDARY : NK_MARK;
        return NK_NORM; /* composes with what stands before it */
    }

    /* It decomposes or folds: does it come back as itself, and does its
     * decomposition start with a starter nothing composes onto? */
    nm_buf b;
    nm_buf_init(&b);
    unsigned cls = NK_NORM;
    if (nm_normalise(st, &cp, 1, &b) != 0)
        goto out; /* out of memory: NK_NORM is always safe */
    bool unchanged = b.len == 1 && b.p[0] == cp;
    b.len = 0;
    if (decompose_into(cp, st->decompose_opts, &b) != 0 || b.len == 0)
        goto out;
    int32_t first = b.p[0];
    bool boundary = st->form == NM_NONE || (nm_ccc(first) == 0 && !is_second(st, first));
    if (unchanged && boundary)
        cls = NK_SIMPLE | NK_BOUNDARY;
    else
        cls = NK_NORM | (boundary ? NK_BOUNDARY : 0);
out:
    nm_buf_free(&b);
    return cls;
}

/*
 * Mark every character that can be the second of a canonical composition:
 * the last code point of the decomposition of each primary composite (a
 * character whose canonical decomposition composes back to it), and the
 * Hangul vowel and trailing jamo. A character not marked never combines
 * with what stands before it.
 */
static void find_seconds(nm_state *st)
{
    for (int32_t v = 0x1161; v <= 0x1175; v++)
        st->second[v >> 3] |= (uint8_t)(1u << (v & 7));
    for (int32_t t = 0x11A8; t <= 0x11C2; t++)
        st->second[t >> 3] |= (uint8_t)(1u << (t & 7));
    for (int32_t cp = 0xC0; cp < NM_SECOND_END; cp++) {
        const utf8proc_property_t *p = utf8proc_get_property(cp);
        if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
            continue;
        int32_t d[32];
        int bc = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 32, UTF8PROC_DECOMPOSE, &bc);
        if (n < 2 || n > 32)
            continue;
        int32_t last = d[n - 1];
        reorder(d, (size_t)n);
        n = utf8proc_normalize_utf32(d, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n == 1 && d[0] == cp && last < NM_SECOND_END)
            st->second[last >> 3] |= (uint8_t)(1u << (last & 7));
    }
}

void nm_set_decompose_opts(nm_state *st)
{
    int opts = UTF8PROC_STABLE;
    if (st->form != NM_NONE)
        opts |= UTF8PROC_DECOMPOSE;
    if (st->form == NM_NFKC)
        opts |= UTF8PROC_COMPAT;
    if (st->casefold)
        opts |= UTF8PROC_CASEFOLD;
    st->decompose_opts = opts;
}

int nm_tables_compute(nm_state *st)
{
    nm_set_decompose_opts(st);
    st->second = calloc(NM_SECOND_END / 8, 1);
    st->cls = malloc(NM_TABLE_END);
    if (!st->second || !st->cls) {
        nm_tables_free(st);
        return -1;
    }
    find_seconds(st);
    for (int32_t cp = 0; cp < NM_TABLE_END; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) /* never decoded from UTF-8 */
            st->cls[cp] = NK_SIMPLE | NK_BOUNDARY;
        else
            st->cls[cp] = (uint8_t)nm_classify_slow(st, cp);
    }
    return 0;
}

void nm_tables_free(nm_state *st)
{
    free(st->cls);
    free(st->second);
    st->cls = NULL;
    st->second = NULL;
}
