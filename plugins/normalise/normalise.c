/*
 * normalise: Unicode normalisation of the working text (NFC by default,
 * NFKC and case folding on request), with white space collapsed, quotes and
 * dashes unified and invisible characters dropped, every change recorded
 * through td_rewrite_* so each working span maps back to the exact original
 * code points. README.md beside this file has the options and guarantees.
 *
 * How it runs: one pass over the working text. Bytes that are plain ASCII
 * pass in a tight loop; other characters are looked up in a table made by
 * create() (tables.c) that says whether the character can pass untouched.
 * Only where it cannot does the scanner take a *segment* (from the last
 * starter nothing composes onto, through the characters that may combine
 * with it, to the next such starter) and hand it to utf8proc. Nothing is
 * copied while nothing changes: the rewrite starts at the first change, and
 * a text that needs none is left as it is (td_doc_rewritten() stays false).
 *
 * Alignment: one td_rewrite_replace per changed character, or per segment
 * of characters that combined; removed characters are separate deletions,
 * so spans next to them do not grow over them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tidings/tidings.h>

#include "normalise.h"

static const td_option options[] = {
    {"form", TD_OPT_STRING, "NFC",
     "Unicode normal form: NFC, NFKC (also folds ligatures, fullwidth and other "
     "compatibility forms) or none"},
    {"casefold", TD_OPT_BOOL, "false", "fold case with full Unicode case folding"},
    {"whitespace", TD_OPT_BOOL, "true",
     "collapse white space runs to one space; a line break stays \\n, a blank line "
     "becomes \\n\\n"},
    {"quotes", TD_OPT_BOOL, "true", "curly quotes and primes become ASCII \" and '"},
    {"dashes", TD_OPT_BOOL, "true",
     "hyphens, dashes and minus become ASCII - (em dash and bar kept apart from words)"},
    {"controls", TD_OPT_BOOL, "true",
     "drop control characters, zero-width space and joiners, BOM and soft hyphen"},
    {NULL, 0, NULL, NULL},
};

/* Units a segment holds at most, and marks after one starter before the
 * scanner starts a new segment (Unicode's stream-safe format allows 30):
 * a pathological run of marks costs linear time, not quadratic. */
#define NM_SEG_UNITS 96
#define NM_MARKS_MAX 32

static int create(td_stage_config *cfg, void **state)
{
    const char *form = td_config_str(cfg, "form");
    enum nm_form f;
    if (strcasecmp(form, "NFC") == 0)
        f = NM_NFC;
    else if (strcasecmp(form, "NFKC") == 0)
        f = NM_NFKC;
    else if (strcasecmp(form, "none") == 0)
        f = NM_NONE;
    else
        return td_config_fail(cfg,
                              "form '%s' is not one of NFC, NFKC, none (the decomposed "
                              "forms NFD and NFKD are not offered: later stages match "
                              "composed text)",
                              form);
    nm_state *st = calloc(1, sizeof(*st));
    if (!st)
        return td_config_fail(cfg, "out of memory");
    st->form = f;
    st->casefold = td_config_bool(cfg, "casefold");
    st->whitespace = td_config_bool(cfg, "whitespace");
    st->quotes = td_config_bool(cfg, "quotes");
    st->dashes = td_config_bool(cfg, "dashes");
    st->controls = td_config_bool(cfg, "controls");
    if (nm_tables_build(st) != 0) {
        free(st);
        return td_config_fail(cfg, "out of memory");
    }
    st->ascii_words = true;
    for (unsigned b = 0; b < 0x80; b++)
        if ((st->cls[b] == (NK_SIMPLE | NK_BOUNDARY)) != (b >= 0x21 && b <= 0x7E))
            st->ascii_words = false;
    *state = st;
    return 0;
}

static void destroy(void *state)
{
    nm_state *st = state;
    if (!st)
        return;
    nm_tables_free(st);
    free(st);
}

/* ---- one document's pass ------------------------------------------------ */

typedef struct nm_run {
    const nm_state *st;
    td_doc *doc;
    const char *t; /* the working text */
    size_t len;
    td_rewrite *rw; /* begun at the first change */
    size_t pos;     /* bytes before this are emitted; the rest is kept lazily */
    size_t changes;
    const char *why; /* set when the pass failed */
} nm_run;

#define NM_BYTES(b) (0x0101010101010101ull * (b))

/*
 * How many bytes from t[i] pass the scanner's fast path, eight at a time:
 * blocks of '!'..'~' with single spaces between, whose last byte is not a
 * space unless a byte of '!'..'~' follows (a space passes only with what
 * follows it). For options under which
 * exactly those bytes pass untouched (nm_state.ascii_words). Stops at the
 * first block that holds anything else; the byte loop takes it from there.
 */
static inline size_t ascii_blocks(const unsigned char *t, size_t i, size_t len)
{
    size_t i0 = i;
    while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        /* a byte >= 0x80, < 0x20 (no borrow while every byte is ASCII and
         * >= 0x20, so none is flagged falsely) or 0x7F */
        uint64_t odd = (w | (w - NM_BYTES(0x20)) | (w + NM_BYTES(0x01))) & NM_BYTES(0x80);
        if (odd)
            break;
        /* the spaces, exactly: bytes of w ^ 0x20.. that are zero */
        uint64_t x = w ^ NM_BYTES(0x20);
        uint64_t sp = ~(((x & NM_BYTES(0x7F)) + NM_BYTES(0x7F)) | x | NM_BYTES(0x7F));
        /* two in a row (in either byte order), or one last that what
         * follows does not carry ('!'..'~' does: the byte loop would pass
         * the pair) */
        if ((sp & (sp >> 8)) ||
            (t[i + 7] == ' ' && !(len - i > 8 && t[i + 8] >= 0x21 && t[i + 8] <= 0x7E)))
            break;
        i += 8;
    }
    return i - i0;
}

/* The code point at i. Two- and three-byte characters are decoded here
 * (most text beyond ASCII); anything else, ill-formed bytes included,
 * by the core's decoder. */
static inline size_t decode(const nm_run *r, size_t i, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)r->t + i;
    size_t n = r->len - i;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] < 0xE0 && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (int32_t)((s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu));
        return 2;
    }
    if (s[0] >= 0xE0 && s[0] < 0xF0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        int32_t c = (int32_t)((s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu));
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    }
    return td_utf8_decode(r->t + i, n, cp);
}

/* Replace working bytes [off, off+n) by `with` (off >= r->pos); the bytes
 * between r->pos and off are kept. Nothing happens when `with` is the same. */
static int change(nm_run *r, size_t off, size_t n, const char *with, size_t wlen)
{
    if (r->why)
        return -1;
    if (n == wlen && memcmp(r->t + off, with, n) == 0)
        return 0;
    if (!r->rw && !(r->rw = td_rewrite_begin(r->doc)))
        goto fail;
    if (off > r->pos && td_rewrite_keep(r->rw, off - r->pos) != 0)
        goto fail;
    if (td_rewrite_replace(r->rw, n, with, wlen) != 0)
        goto fail;
    r->pos = off + n;
    r->changes++;
    return 0;
fail:
    r->why = td_doc_errmsg(r->doc);
    return -1;
}

static int change_cps(nm_run *r, size_t off, size_t n, const int32_t *cps, size_t ncps)
{
    if (ncps == 0)
        return change(r, off, n, "", 0);
    char local[256];
    char *buf = ncps * 4 <= sizeof(local) ? local : malloc(ncps * 4);
    if (!buf) {
        r->why = "out of memory";
        return -1;
    }
    size_t len = 0;
    for (size_t i = 0; i < ncps; i++)
        len += td_utf8_encode(cps[i], buf + len);
    int rc = change(r, off, n, buf, len);
    if (buf != local)
        free(buf);
    return rc;
}

/*
 * A run of white space from i, with any removed characters inside it:
 * one space, or "\n" when it holds one line break, or "\n\n" when it holds
 * two or more (a blank line; U+2029 counts as two). One character of the
 * run becomes the space or each newline (a plain ' ' or '\n' is kept as it
 * is); the others are deleted. Returns the run's end.
 */
static size_t ws_run(nm_run *r, size_t i)
{
    const nm_state *st = r->st;
    size_t j = i, breaks = 0, first_space = SIZE_MAX, exact_space = SIZE_MAX;
    while (j < r->len) {
        int32_t cp;
        size_t l = decode(r, j, &cp);
        unsigned k = nm_classify(st, cp) & NK_KIND;
        if (k == NK_SPACE) {
            if (first_space == SIZE_MAX)
                first_space = j;
            if (cp == ' ' && exact_space == SIZE_MAX)
                exact_space = j;
        } else if (k == NK_BREAK) {
            if (cp == '\r' && j + 1 < r->len && r->t[j + 1] == '\n')
                l = 2;
            breaks += cp == 0x2029 ? 2 : 1;
            if (breaks > 2)
                breaks = 2;
        } else if (k != NK_DROP) {
            break;
        }
        j += l;
    }
    const char *target = breaks == 0 ? " " : breaks == 1 ? "\n" : "\n\n";
    size_t tlen = breaks == 2 ? 2 : 1;
    if (j - i == tlen && memcmp(r->t + i, target, tlen) == 0)
        return j;

    size_t serve = exact_space != SIZE_MAX ? exact_space : first_space;
    size_t need = breaks; /* newlines still to produce */
    for (size_t k = i; k < j;) {
        int32_t cp;
        size_t l = decode(r, k, &cp);
        unsigned kind = nm_classify(st, cp) & NK_KIND;
        if (kind == NK_BREAK) {
            bool crlf = cp == '\r' && k + 1 < j && r->t[k + 1] == '\n';
            if (crlf)
                l = 2;
            if (need == 0)
                change(r, k, l, "", 0);
            else if (crlf) { /* the CR goes, the LF stays */
                change(r, k, 1, "", 0);
                need--;
            } else if (cp == 0x2029 && need == 2) {
                change(r, k, l, "\n\n", 2);
                need = 0;
            } else {
                change(r, k, l, "\n", 1);
                need--;
            }
        } else if (kind == NK_SPACE && breaks == 0 && k == serve) {
            change(r, k, l, " ", 1);
        } else {
            change(r, k, l, "", 0);
        }
        k += l;
    }
    return j;
}

static bool is_longdash(int32_t cp)
{
    return cp == 0x2014 || cp == 0x2015;
}

/* An em dash or horizontal bar becomes "-", with a space on each side where
 * it touched a word ("rose—sharply" -> "rose - sharply"), so that it never
 * reads as a hyphenated compound. One edit: the spaces map to the dash. */
static void long_dash(nm_run *r, size_t i, size_t l)
{
    /* The neighbours that stay: characters to be removed are looked past. */
    int32_t prev = ' ', next = ' ';
    for (size_t k = i; k > 0;) {
        k = td_utf8_prev(r->t, k);
        decode(r, k, &prev);
        if ((nm_classify(r->st, prev) & NK_KIND) != NK_DROP)
            break;
        prev = ' ';
    }
    for (size_t k = i + l; k < r->len;) {
        k += decode(r, k, &next);
        if ((nm_classify(r->st, next) & NK_KIND) != NK_DROP)
            break;
        next = ' ';
    }
    bool left = !td_utf8_is_space(prev) && !is_longdash(prev);
    bool right = !td_utf8_is_space(next) && !is_longdash(next);
    const char *with = left && right ? " - " : left ? " -" : right ? "- " : "-";
    change(r, i, l, with, strlen(with));
}

typedef struct nm_unit {
    size_t off;
    uint32_t len;
    uint32_t kind;
    int32_t cp;
    size_t own, nown; /* its own output in the segment's own[] buffer */
} nm_unit;

static int same_cps(const int32_t *a, const int32_t *b, size_t n)
{
    return n == 0 || memcmp(a, b, n * sizeof(*a)) == 0;
}

/*
 * Normalise the segment that starts at s (a boundary, or where the last
 * change ended) and holds the character at `trigger` and the characters
 * after it up to the next boundary. Where each character's own result adds
 * up to the segment's, each character is its own edit; otherwise the
 * characters at either end whose own result stands unchanged at that end of
 * the segment's are, and the rest (what combined or reordered) is one edit.
 * Returns the segment's end.
 */
static size_t segment(nm_run *r, size_t s, size_t trigger)
{
    const nm_state *st = r->st;
    nm_unit u[NM_SEG_UNITS];
    size_t n = 0, j = s;
    bool unicode = false; /* the characters may combine: ask utf8proc */
    while (j < r->len && n < NM_SEG_UNITS) {
        int32_t cp;
        size_t l = decode(r, j, &cp);
        unsigned c = nm_classify(st, cp);
        if (j > trigger && (c & NK_BOUNDARY))
            break;
        unsigned k = c & NK_KIND;
        if (k == NK_MARK || (k == NK_NORM && cp >= 0x80))
            unicode = true;
        u[n++] = (nm_unit){.off = j, .len = (uint32_t)l, .kind = k, .cp = cp};
        j += l;
    }

    nm_buf own, in, out;
    nm_buf_init(&own);
    nm_buf_init(&in);
    nm_buf_init(&out);
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++) {
        u[k].own = own.len;
        switch (u[k].kind) {
        case NK_DROP: break;
        case NK_NORM:
            if (u[k].cp < 0x80) /* an ASCII capital, case folded */
                rc = nm_buf_push(&own, u[k].cp + ('a' - 'A'));
            else
                rc = nm_normalise(st, &u[k].cp, 1, &own);
            break;
        case NK_SPACE: rc = nm_buf_push(&own, ' '); break;
        case NK_BREAK: rc = nm_buf_push(&own, '\n'); break;
        case NK_DQUOTE: case NK_SQUOTE: case NK_DASH: case NK_LONGDASH:
            rc = nm_buf_push(&own, (unsigned char)nm_mapped_ascii(u[k].kind));
            break;
        default: rc = nm_buf_push(&own, u[k].cp); break;
        }
        u[k].nown = own.len - u[k].own;
        if (unicode && u[k].kind != NK_DROP)
            rc = rc ? rc : nm_buf_push(&in, u[k].kind == NK_NORM || u[k].kind == NK_SIMPLE ||
                                                    u[k].kind == NK_MARK
                                                ? u[k].cp
                                                : own.p[u[k].own]);
    }
    if (rc == 0 && unicode)
        rc = nm_normalise(st, in.p, in.len, &out);
    if (rc != 0) {
        r->why = "out of memory";
        goto out;
    }

    size_t f = 0, b = n, op = 0, oe = 0;
    if (unicode) {
        oe = out.len;
        while (f < n && u[f].nown <= oe - op && same_cps(out.p + op, own.p + u[f].own, u[f].nown))
            op += u[f++].nown;
        while (b > f && u[b - 1].nown <= oe - op &&
               same_cps(out.p + oe - u[b - 1].nown, own.p + u[b - 1].own, u[b - 1].nown))
            oe -= u[--b].nown;
    } else {
        f = b = n; /* every character on its own */
    }
    for (size_t k = 0; k < f; k++)
        change_cps(r, u[k].off, u[k].len, own.p + u[k].own, u[k].nown);
    if (f < b || op < oe) {
        size_t m0 = f < n ? u[f].off : j;
        size_t m1 = b > f ? u[b - 1].off + u[b - 1].len : m0;
        change_cps(r, m0, m1 - m0, out.p + op, oe - op);
    }
    for (size_t k = b; k < n; k++)
        change_cps(r, u[k].off, u[k].len, own.p + u[k].own, u[k].nown);
out:
    nm_buf_free(&own);
    nm_buf_free(&in);
    nm_buf_free(&out);
    return j;
}

static void scan(nm_run *r)
{
    const nm_state *st = r->st;
    const unsigned char *t = (const unsigned char *)r->t;
    const uint8_t *cls = st->cls;
    const uint8_t clean = NK_SIMPLE | NK_BOUNDARY;
    size_t len = r->len, i = 0;
    size_t seg = 0;         /* where a segment for a non-boundary character starts */
    unsigned last_ccc = 0;  /* of the last mark passed since seg */
    unsigned marks = 0;
    while (i < len && !r->why) {
        /* The fast path: ASCII that stays, and single spaces between it. */
        size_t i0 = i;
        for (;;) {
            if (st->ascii_words)
                i += ascii_blocks(t, i, len);
            while (i < len && t[i] < 0x80 && cls[t[i]] == clean)
                i++;
            if (i + 1 < len && t[i] == ' ' && t[i + 1] < 0x80 && cls[t[i + 1]] == clean) {
                i += 2;
                continue;
            }
            break;
        }
        if (i > i0) {
            seg = i - 1;
            last_ccc = 0;
            marks = 0;
        }
        if (i >= len)
            break;

        int32_t cp;
        size_t l = decode(r, i, &cp);
        unsigned c = nm_classify(st, cp);
        unsigned kind = c & NK_KIND;
        switch (kind) {
        case NK_SIMPLE:
            seg = i;
            i += l;
            last_ccc = 0;
            marks = 0;
            continue;
        case NK_MARK: {
            unsigned ccc = nm_ccc(cp);
            if (ccc >= last_ccc) { /* still in canonical order */
                if (++marks > NM_MARKS_MAX) {
                    seg = i;
                    marks = 0;
                }
                last_ccc = ccc;
                i += l;
                continue;
            }
            break; /* out of order: the segment must be reordered */
        }
        case NK_SPACE:
        case NK_BREAK:
            i = ws_run(r, i);
            seg = i;
            last_ccc = 0;
            marks = 0;
            continue;
        case NK_DQUOTE:
        case NK_SQUOTE:
        case NK_DASH:
        case NK_LONGDASH: {
            /* Eagerly: '"', '\'' and '-' never compose with what follows. */
            if (kind == NK_LONGDASH)
                long_dash(r, i, l);
            else
                change(r, i, l, (const char[]){nm_mapped_ascii(kind)}, 1);
            i += l;
            seg = i;
            last_ccc = 0;
            marks = 0;
            continue;
        }
        default: /* NK_NORM, NK_DROP */
            break;
        }
        i = segment(r, (c & NK_BOUNDARY) ? i : seg, i);
        seg = i;
        last_ccc = 0;
        marks = 0;
    }
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    nm_run r = {.st = td_stage_state(ctx), .doc = doc};
    r.t = td_doc_text(doc, &r.len);
    scan(&r);
    if (r.rw) {
        if (!r.why && td_rewrite_keep(r.rw, r.len - r.pos) != 0)
            r.why = td_doc_errmsg(doc);
        if (r.why)
            td_rewrite_abort(r.rw);
        else if (td_rewrite_commit(r.rw) != 0)
            r.why = td_doc_errmsg(doc);
    }
    if (r.why)
        return td_stage_fail(ctx, "cannot rewrite the text: %s", r.why);
    if (td_doc_set_num(doc, "normalise.invalid_utf8", (double)td_doc_repaired(doc)) != 0 ||
        td_doc_set_num(doc, "normalise.changes", (double)r.changes) != 0)
        return td_stage_fail(ctx, "cannot set the document's counts: %s", td_doc_errmsg(doc));
    return TD_OK;
}

TD_STAGE_DEFINE(
    .name = "normalise",
    .version = "1.0",
    .summary = "Unicode NFC/NFKC, white space, quotes, dashes and invisible characters, "
               "with exact alignment to the original",
    .options = options,
    .flags = TD_STAGE_REWRITES_TEXT,
    .create = create,
    .process = process,
    .destroy = destroy);
