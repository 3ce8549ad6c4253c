/* segment: the tokeniser's scanner and character classes, shared by
 * tokenise.c (the pass), web.c (URLs and emails) and chars.c. Internal to
 * the plugin. */
#ifndef SEG_SCANNER_H
#define SEG_SCANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tidings/tidings.h>

#include "segment.h"

/* The inner loop (fast_words) and the 16-byte word scans need SSE2, which
 * every x86-64 has; elsewhere, or built with SEG_NO_FAST (as
 * tests/segment_general.c does, to compare), the general path does all. */
#if defined(__SSE2__) && !defined(SEG_NO_FAST)
#define SEG_FAST 1
#include <emmintrin.h>
#else
#define SEG_FAST 0
#endif

/* ---- characters ---------------------------------------------------------- */

static inline bool a_upper(unsigned c) { return c - 'A' < 26u; }
static inline bool a_lower(unsigned c) { return c - 'a' < 26u; }
static inline bool a_letter(unsigned c) { return (c | 0x20u) - 'a' < 26u; }
static inline bool a_digit(unsigned c) { return c - '0' < 10u; }
/* ASCII letters and digits, by table: the tokeniser's innermost test. */
extern const bool seg_ascii_alnum[256];
static inline bool a_alnum(unsigned c) { return seg_ascii_alnum[c & 0xFF]; }
/* ASCII letters and digits by case: CASE_LOWER, CASE_UPPER, CASE_DIGIT
 * (0 for every other byte), for a word's shape as it is scanned. */
enum { CASE_LOWER = 1, CASE_UPPER = 2, CASE_DIGIT = 4 };
extern const uint8_t seg_ascii_case[256];

/* The shape word_shape() gives a run of ASCII letters and digits whose
 * first byte has case class `first` (a letter) and the others `rest` (their
 * classes or'ed): a look-up, with no branch (chars.c). The run is longer
 * than one byte exactly when rest is not 0. */
extern const uint8_t seg_run_shapes[16];
static inline unsigned run_shape(unsigned first, unsigned rest)
{
    return seg_run_shapes[(first & CASE_UPPER) << 2 | rest];
}

/* What the byte after a run of ASCII letters and digits makes of it
 * (seg_word_end[byte], chars.c). */
enum {
    END_PLAIN = 0, /* the word ends: a space, ',', ')', the NUL, ... */
    END_EMAIL,     /* '_' '+' '%' '@': may go on as an email's local part, else it ends */
    END_HYPHEN,    /* '-': an email's local part, or a compound ("year-on-year") */
    END_PERIOD,    /* '.': an email, "www.", "Amazon.com", an abbreviation, or a stop */
    END_JOIN       /* an apostrophe, ':' (a URL), '$' ("US$"), any byte of UTF-8 */
};
extern const uint8_t seg_word_end[256];

#if SEG_FAST
/* Which of the 16 bytes at p are ASCII lower-case letters, upper-case
 * letters, digits (bit k for p[k]); the caller makes sure the 16 bytes
 * are the text's (p[15] at most its NUL). */
typedef struct ascii16 {
    unsigned lo, up, dg;
} ascii16;

static inline ascii16 ascii_classes16(const unsigned char *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* x in [lo, lo + w) as unsigned bytes: x + (128 - lo) < w - 128 as
     * signed ones (one add and one compare a range; bytes of 0x80 and
     * more are in none) */
#define SEG_RANGE(lo, w)                                                                   \
    (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(                                            \
        _mm_set1_epi8((char)((w) - 128)), _mm_add_epi8(x, _mm_set1_epi8((char)(128 - (lo))))))
    ascii16 m = {SEG_RANGE('a', 26), SEG_RANGE('A', 26), SEG_RANGE('0', 10)};
#undef SEG_RANGE
    return m;
}

/* The case classes (CASE_*) of the bytes of m under `mask`, or'ed, with no
 * branch. */
static inline unsigned classes_in(ascii16 m, unsigned mask)
{
    return ((m.lo & mask) != 0) * CASE_LOWER | ((m.up & mask) != 0) * CASE_UPPER |
           ((m.dg & mask) != 0) * CASE_DIGIT;
}

/*
 * The run of ASCII letters and digits at p (p[0] a letter) from one
 * 16-byte load: its length (16: all of them are), *first the first byte's
 * case class, *rest the others' or'ed (as scan_word's loop gives them).
 * Most words are shorter than 16 bytes: their end and cases come without
 * a loop whose exit the branch predictor cannot guess (a mispredicted
 * exit a word was the pass's largest cost).
 */
static inline unsigned ascii_run16(const unsigned char *p, unsigned *first, unsigned *rest)
{
    ascii16 m = ascii_classes16(p);
    /* the first byte that is not a letter or digit (16: none is) */
    unsigned n = (unsigned)__builtin_ctz(~(m.lo | m.up | m.dg));
    *first = CASE_LOWER + (m.up & 1u);
    *rest = classes_in(m, (1u << n) - 2u);
    return n;
}
#endif

/* Classes of characters, ASCII and not. */
enum cclass {
    C_END = 0,   /* past the end of the text */
    C_SPACE,     /* white space, control characters, NUL */
    C_NEWLINE,   /* \n, \r, NEL, LINE SEPARATOR */
    C_PARAGRAPH, /* PARAGRAPH SEPARATOR */
    C_JOIN,      /* format characters (Cf): inside a word they join, else ignored */
    C_UPPER,
    C_LOWER,
    C_LETTER,    /* letters without case (CJK, Arabic, ...) and modifier letters */
    C_DIGIT,     /* decimal digits (Nd) */
    C_NUMERIC,   /* other numbers: fractions, superscripts, Roman numerals */
    C_MARK,      /* combining marks */
    C_PUNCT,
    C_SYMBOL
};

static inline bool word_class(int c) { return c >= C_JOIN && c <= C_MARK; }

/* The class of a non-ASCII code point (chars.c). */
int seg_uclass(int32_t cp);

typedef struct scanner {
    const seg_lexicon *lex;
    const unsigned char *s;
    size_t len;
    seg_toks *out;
    /* out's arrays and counts while the pass fills them (written back at
     * its end): fields of their own, which the compiler may keep in
     * registers between the calls */
    td_annot_spec *span;
    const char **shape;
    seg_tok *v;
    size_t *numbers;
    size_t n, cap, nnumbers;
    const char *const *labels;
    const char *lab[SEG_NLABELS]; /* labels[], here: one load a token, not two */
    uint8_t nl, space; /* white space seen since the last token */
    bool oom;
    size_t at_next;   /* the first '@' at or after the last probe, or len */
    size_t at_bad;    /* an '@' whose domain did not parse (or SIZE_MAX) */
    size_t local_bad; /* probes starting before this stop short of their '@' */
} scanner;

/* The class of the character at i and its length in bytes. */
static inline int class_at(const scanner *sc, size_t i, size_t *clen, int32_t *cpo)
{
    int32_t cp;
    size_t k = 1;
    if (i >= sc->len) {
        *clen = 0;
        if (cpo)
            *cpo = 0;
        return C_END;
    }
    unsigned c = sc->s[i];
    if (c < 0x80) {
        cp = (int32_t)c;
        if (cpo)
            *cpo = cp;
        *clen = 1;
        if (a_upper(c))
            return C_UPPER;
        if (a_lower(c))
            return C_LOWER;
        if (a_digit(c))
            return C_DIGIT;
        if (c == '\n')
            return C_NEWLINE;
        if (c == '\r') /* CR LF is one line break, a lone CR is one too */
            return i + 1 < sc->len && sc->s[i + 1] == '\n' ? C_SPACE : C_NEWLINE;
        if (c <= ' ' || c == 0x7f)
            return C_SPACE;
        return strchr("$%+<=>^`|~#&@", (int)c) ? C_SYMBOL : C_PUNCT;
    }
    k = td_utf8_decode((const char *)sc->s + i, sc->len - i, &cp);
    if (cpo)
        *cpo = cp;
    *clen = k;
    return seg_uclass(cp);
}

static inline bool word_char_at(const scanner *sc, size_t i)
{
    size_t k;
    return word_class(class_at(sc, i, &k, NULL));
}

static inline bool letter_at(const scanner *sc, size_t i)
{
    size_t k;
    int c = class_at(sc, i, &k, NULL);
    return c == C_UPPER || c == C_LOWER || c == C_LETTER;
}

static inline bool digit_at(const scanner *sc, size_t i)
{
    size_t k;
    return class_at(sc, i, &k, NULL) == C_DIGIT;
}

/* The bytes of U+XXXX in the range U+2000..U+FFFF at i, as a code point,
 * or 0: a cheap test for the few 3-byte characters the rules name. */
static inline int32_t cp3_at(const scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    if (i + 2 >= sc->len || (s[i] & 0xF0) != 0xE0 || (s[i + 1] & 0xC0) != 0x80 ||
        (s[i + 2] & 0xC0) != 0x80)
        return 0;
    return ((int32_t)(s[i] & 0x0F) << 12) | ((int32_t)(s[i + 1] & 0x3F) << 6) |
           (int32_t)(s[i + 2] & 0x3F);
}

#if SEG_FAST
/* The inner loop and its path for joined words (fast.c). */
size_t seg_fast_words(scanner *sc, size_t i);
size_t seg_joined_word(scanner *sc, size_t i);
#endif

/* URLs and emails (web.c). */
size_t seg_url_end(const scanner *sc, size_t i);
bool seg_is_www(const scanner *sc, size_t i);
size_t seg_try_email(scanner *sc, size_t i);

#endif
