/*
 * normalise: what the scanner (normalise.c) and the character tables and
 * Unicode work (tables.c) share. Not a public header.
 */
#ifndef TD_NORMALISE_H
#define TD_NORMALISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nm_form { NM_NONE, NM_NFC, NM_NFKC };

/* What a code point is to the scanner, under the stage's options. */
enum nm_kind {
    NK_SIMPLE = 0, /* stays as it is, whatever follows it (may still compose
                      with a following character that is not a boundary) */
    NK_MARK,       /* stays, a non-starter that composes with nothing: passes
                      while the marks after a starter are in canonical order */
    NK_NORM,       /* may change under the form or case folding */
    NK_DROP,       /* removed: control, zero-width, soft hyphen */
    NK_SPACE,      /* horizontal white space (whitespace=true) */
    NK_BREAK,      /* line break (whitespace=true) */
    NK_DQUOTE,     /* becomes '"' (quotes=true) */
    NK_SQUOTE,     /* becomes '\'' */
    NK_DASH,       /* becomes '-' (dashes=true) */
    NK_LONGDASH    /* em dash, horizontal bar: '-' kept apart from words */
};
#define NK_KIND 0x0fu
/* Nothing before it composes or reorders with it: a segment starts here. */
#define NK_BOUNDARY 0x10u

#define NM_TABLE_END 0x10000  /* cls[] covers the BMP */
#define NM_SECOND_END 0x20000 /* second[] covers the BMP and the SMP */

/* The tables the build generates (gen_tables.c writes nm_gen_tables.c):
 * per normal form and case folding (NM_COMBOS: none, NFC, NFKC, each
 * without and with folding), the class of each BMP code point with the
 * whitespace, quotes, dashes and controls options off, in blocks of
 * NM_BLOCK code points; the second[] bit set; the Unicode version. */
#define NM_BLOCK 256
#define NM_COMBOS 6
extern const char nm_gen_unicode[];
extern const uint8_t nm_gen_blocks[][NM_BLOCK];
extern const uint16_t nm_gen_index[NM_COMBOS][NM_TABLE_END / NM_BLOCK];
extern const uint8_t nm_gen_second[NM_SECOND_END / 8];

typedef struct nm_state {
    enum nm_form form;
    bool casefold, whitespace, quotes, dashes, controls;
    int decompose_opts; /* utf8proc options for utf8proc_decompose_char */
    bool ascii_words;   /* exactly '!'..'~' of ASCII pass untouched (set by create()) */
    uint8_t *cls;       /* kind | NK_BOUNDARY for code points < NM_TABLE_END */
    uint8_t *second;    /* bit set: may compose with the character before it */
} nm_state;

/* A growing array of code points, on the stack until it outgrows `local`.
 * Never copy one (p may point into it). */
typedef struct nm_buf {
    int32_t *p;
    size_t len, cap;
    int32_t local[128];
} nm_buf;

void nm_buf_init(nm_buf *b);
void nm_buf_free(nm_buf *b);
int nm_buf_push(nm_buf *b, int32_t cp); /* 0 or -1 (out of memory) */

/* Build the tables for st's options (st->form ... st->controls set),
 * from the ones the build generated (tables_fast.c). 0, or -1 when out of
 * memory. */
int nm_tables_build(nm_state *st);
/* The same tables computed from utf8proc, code point by code point
 * (tables.c): what the build runs to generate them, and what create()
 * falls back to when the utf8proc it runs with has another Unicode version
 * than the one the build used. */
int nm_tables_compute(nm_state *st);
void nm_tables_free(nm_state *st);
/* st->decompose_opts from st->form and st->casefold. */
void nm_set_decompose_opts(nm_state *st);

/* The class the whitespace, quotes, dashes and controls options give cp,
 * or 0 when they leave it to the normal form and case folding. */
unsigned nm_option_class(const nm_state *st, int32_t cp);
/* The class of a code point: a table look-up in the BMP. */
unsigned nm_classify_slow(const nm_state *st, int32_t cp);
static inline unsigned nm_classify(const nm_state *st, int32_t cp)
{
    return cp < NM_TABLE_END ? st->cls[cp] : nm_classify_slow(st, cp);
}

/* Canonical combining class. */
unsigned nm_ccc(int32_t cp);

/*
 * Append to `out` the normal form (st->form, case folded if st->casefold,
 * quotes and dashes the decomposition made mapped as the options say) of
 * in[0..n). 0, or -1 when out of memory.
 */
int nm_normalise(const nm_state *st, const int32_t *in, size_t n, nm_buf *out);

/* The ASCII byte a quote or dash kind becomes. */
static inline char nm_mapped_ascii(unsigned kind)
{
    return kind == NK_DQUOTE ? '"' : kind == NK_SQUOTE ? '\'' : '-';
}

#endif
