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

/* URLs and emails (web.c). */
size_t seg_url_end(const scanner *sc, size_t i);
bool seg_is_www(const scanner *sc, size_t i);
size_t seg_try_email(scanner *sc, size_t i);

#endif
