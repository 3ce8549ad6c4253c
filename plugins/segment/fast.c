/* segment: the tokeniser's inner loop (seg_fast_words) and its path for
 * words joined by hyphens or with a clitic (seg_joined_word).
 *
 * Most of a news text is plain words, numbers, one-byte punctuation and
 * single spaces. These two make those tokens as tokenise.c's general path
 * would (tests/test_segment_fast.c tokenises texts both ways and compares),
 * from 16-byte SSE2 loads and tables, and hand anything else, or any
 * doubt, back to the general path at the token's start. The loop is a
 * function of its own, with no call in it, so that its arrays and counts
 * stay in registers.
 */
#include <stddef.h>
#include <string.h>

#include "scanner.h"

#if SEG_FAST

/* The shape of a plain word by seg_fast_words()'s three bits: 1 its first
 * letter is a capital, 2 the others hold a capital or a digit, 4 they
 * hold a lower-case letter or a digit (run_shape() by other means). */
static const uint8_t fast_shapes[8] = {
    SHAPE_LOWER, SHAPE_CAP, SHAPE_MIXED, SHAPE_UPPER,
    SHAPE_LOWER, SHAPE_CAP, SHAPE_MIXED, SHAPE_MIXED,
};

/* word_shape() of a word of two or more parts joined by hyphens, each a
 * run of ASCII letters and digits, the first starting with a letter of
 * class `first`: `starts` the classes of the parts' first bytes, `rests`
 * of their other bytes. All upper case, it has two capitals at least. */
static unsigned parts_shape(unsigned first, unsigned starts, unsigned rests)
{
    unsigned all = starts | rests;
    if (all & CASE_DIGIT)
        return SHAPE_MIXED;
    if (!(all & CASE_UPPER))
        return SHAPE_LOWER;
    if (!(all & CASE_LOWER))
        return SHAPE_UPPER;
    return first == CASE_UPPER && !(rests & CASE_UPPER) ? SHAPE_CAP : SHAPE_MIXED;
}

/* The length of a clitic that word_tail() splits off the run ending at j
 * and that seg_fast_words() takes as it is: an apostrophe (straight or
 * U+2019) then "s", "d", "m", "re", "ve" or "ll" in lower case, then a byte
 * that ends the word; 0 for anything else. Each byte is read only when
 * the one before it is not the text's NUL. */
static inline size_t plain_clitic(const unsigned char *s, size_t j)
{
    size_t a;
    if (s[j] == '\'')
        a = j + 1;
    else if (s[j] == 0xE2 && s[j + 1] == 0x80 && s[j + 2] == 0x99)
        a = j + 3;
    else
        return 0;
    unsigned c = s[a], d;
    if (c == 's' || c == 'd' || c == 'm') {
        d = s[a + 1];
        return d < 0x80 && !a_alnum(d) ? a + 1 - j : 0;
    }
    if (!((c == 'r' || c == 'v') && s[a + 1] == 'e') && !(c == 'l' && s[a + 1] == 'l'))
        return 0;
    d = s[a + 2];
    return d < 0x80 && !a_alnum(d) ? a + 2 - j : 0;
}

/* What scan_ascii_punct() makes of an ASCII byte, for seg_fast_words(): 0
 * for the bytes it leaves to the general path, else FP_ONE | label << 4 |
 * kind, FP_RUN for the bytes of which a run is one token. */
enum { FP_ONE = 0x80, FP_RUN = 0x40 };
#define FP(label, kind) (FP_ONE | (label) << 4 | (kind))
static const uint8_t fast_punct[256] = {
    [','] = FP(SEG_PUNCT, K_COMMA), [';'] = FP(SEG_PUNCT, K_COMMA),
    ['"'] = FP(SEG_PUNCT, K_QUOTE), ['\''] = FP(SEG_PUNCT, K_QUOTE),
    ['('] = FP(SEG_PUNCT, K_OPEN), ['['] = FP(SEG_PUNCT, K_OPEN), ['{'] = FP(SEG_PUNCT, K_OPEN),
    [')'] = FP(SEG_PUNCT, K_CLOSE), [']'] = FP(SEG_PUNCT, K_CLOSE),
    ['}'] = FP(SEG_PUNCT, K_CLOSE), [':'] = FP(SEG_PUNCT, K_COLON),
    ['.'] = FP(SEG_PUNCT, K_PERIOD) | FP_RUN, ['-'] = FP(SEG_PUNCT, K_DASH) | FP_RUN,
    ['*'] = FP(SEG_PUNCT, K_PLAIN), ['/'] = FP(SEG_PUNCT, K_PLAIN),
    ['\\'] = FP(SEG_PUNCT, K_PLAIN), ['_'] = FP(SEG_PUNCT, K_PLAIN),
    ['$'] = FP(SEG_SYMBOL, K_PLAIN), ['%'] = FP(SEG_SYMBOL, K_PLAIN),
    ['+'] = FP(SEG_SYMBOL, K_PLAIN), ['<'] = FP(SEG_SYMBOL, K_PLAIN),
    ['='] = FP(SEG_SYMBOL, K_PLAIN), ['>'] = FP(SEG_SYMBOL, K_PLAIN),
    ['^'] = FP(SEG_SYMBOL, K_PLAIN), ['`'] = FP(SEG_SYMBOL, K_PLAIN),
    ['|'] = FP(SEG_SYMBOL, K_PLAIN), ['~'] = FP(SEG_SYMBOL, K_PLAIN),
    ['#'] = FP(SEG_SYMBOL, K_PLAIN), ['&'] = FP(SEG_SYMBOL, K_PLAIN),
    ['@'] = FP(SEG_SYMBOL, K_PLAIN),
};
#undef FP

/* A plain word [i, j) before a period at j that scan_word() would push
 * as it is, leaving the period to be a token of its own: no email can
 * start at i, the word is not "www", two bytes long at least, followed
 * by no letter after the period (scan_word's "Amazon.com" and "Ph.D."
 * cases) and surely no abbreviation. false when in doubt. */
static inline bool plain_before_period(const scanner *sc, size_t i, size_t j)
{
    const unsigned char *s = sc->s;
    return sc->at_next >= i && sc->at_next - i > 64 && j - i >= 2 &&
           !(j - i == 3 && (s[i] | 0x20) == 'w') && !(s[j + 1] < 0x80 && a_letter(s[j + 1])) &&
           s[j + 1] < 0x80 && !seg_wordset_may_have(&sc->lex->abbrev, (const char *)s + i, j - i);
}

/* The end of a number that scan_number() makes of the ASCII digits from
 * the start to j (`count` of them) and ends at a byte that cannot join
 * it: thousands groups ("350,000"), decimals ("45.47"), then no letter,
 * apostrophe or byte of UTF-8 (which might be a digit, a fullwidth
 * separator or a letter). 0 when in doubt. Each byte is read only when
 * the one before it is not the text's NUL. */
static inline size_t plain_number_end(const unsigned char *s, size_t j, size_t count)
{
    if (count <= 3) {
        while (s[j] == ',') { /* exactly three digits, then no digit */
            if (!(a_digit(s[j + 1]) && a_digit(s[j + 2]) && a_digit(s[j + 3]))) {
                /* fewer than three: no group, unless the first byte that
                 * is not an ASCII digit is UTF-8 (maybe a digit) */
                bool utf8 = s[j + 1] >= 0x80 ||
                            (a_digit(s[j + 1]) &&
                             (s[j + 2] >= 0x80 || (a_digit(s[j + 2]) && s[j + 3] >= 0x80)));
                if (utf8)
                    return 0;
                break;
            }
            if (s[j + 4] >= 0x80)
                return 0;
            if (a_digit(s[j + 4]))
                break;
            j += 4;
        }
    }
    while (s[j] == '.') {
        if (s[j + 1] >= 0x80)
            return 0;
        if (!a_digit(s[j + 1]))
            break;
        j++;
        while (a_digit(s[j]))
            j++;
    }
    unsigned e = s[j];
    return e >= 0x80 || a_alnum(e) || e == '\'' ? 0 : j;
}

/* A seg_tok as its 8 bytes (little-endian only, where seg_fast_words() runs):
 * label, kind, first, nl, space. */
static inline uint64_t tok_bits(unsigned label, unsigned kind, unsigned first)
{
    return (uint64_t)label | (uint64_t)kind << 8 | (uint64_t)first << 16;
}
#define WS_SPACE ((uint64_t)1 << 32) /* seg_tok.space in tok_bits() */

/*
 * A word of ASCII runs joined by hyphens ("year-on-year"), or a plain word
 * and its clitic ("China's"), at i (a letter), that seg_fast_words() stopped
 * at: its token(s) as word_tail() makes them, and where to go on from; 0
 * when it is neither (the general path takes it). Kept out of the inner
 * loop so that the loop's variables stay in registers.
 */
size_t seg_joined_word(scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    if (sc->len < 16 || i >= sc->len - 15 || sc->cap - sc->n < 2)
        return 0;
    const size_t last = sc->len - 15;
    ascii16 m = ascii_classes16(s + i);
    size_t len = (size_t)__builtin_ctz(~(m.lo | m.up | m.dg));
    if (len == 16)
        return 0;
    unsigned first = CASE_LOWER + (m.up & 1u), rest = classes_in(m, (1u << len) - 2u);
    unsigned sh = run_shape(first, rest);
    size_t j = i + len, n = sc->n;
    unsigned e = s[j], end = seg_word_end[e];
    uint64_t ws = (uint64_t)sc->nl << 24 | (uint64_t)sc->space << 32, bits;
    if (end == END_HYPHEN) {
        /* an email may start here, which the general path looks for
         * (see try_email) */
        if (!(sc->at_next >= i && sc->at_next - i > 64))
            return 0;
        unsigned starts = first, rests = rest;
        size_t plen = 0;
        while (e == '-' && a_alnum(s[j + 1]) && j + 1 < last) {
            size_t p = j + 1;
            ascii16 q = ascii_classes16(s + p);
            plen = (size_t)__builtin_ctz(~(q.lo | q.up | q.dg));
            starts |= classes_in(q, 1u);
            rests |= classes_in(q, (1u << plen) - 2u);
            j = p + plen;
            e = s[j];
            if (plen == 16)
                return 0;
        }
        /* a hyphen that joins nothing ends the word, as in word_tail() */
        if (!(e == '-' ? s[j + 1] < 0x80 && !a_alnum(s[j + 1]) : seg_word_end[e] == END_PLAIN))
            return 0;
        if (j > i + len)
            sh = parts_shape(first, starts, rests);
    } else {
        size_t cl = end == END_JOIN ? plain_clitic(s, j) : 0;
        if (!cl)
            return 0; /* scan_word's other cases */
        /* the word, then its clitic: "'s" is "x" */
        sc->span[n] = (td_annot_spec){sc->lab[SEG_WORD], i, j};
        sc->shape[n] = seg_shape_names[sh];
        bits = tok_bits(SEG_WORD, K_PLAIN, 3 - first) | ws;
        memcpy(&sc->v[n], &bits, 8);
        n++;
        ws = 0;
        i = j;
        j += cl;
        sh = SHAPE_LOWER;
        first = CASE_LOWER;
    }
    sc->span[n] = (td_annot_spec){sc->lab[SEG_WORD], i, j};
    sc->shape[n] = seg_shape_names[sh];
    bits = tok_bits(SEG_WORD, K_PLAIN, 3 - first) | ws;
    memcpy(&sc->v[n], &bits, 8);
    sc->n = n + 1;
    /* the space after, as the main loop takes it */
    unsigned sp = s[j] == ' ';
    sc->nl = 0;
    sc->space = (uint8_t)sp;
    return j + sp;
}

/*
 * The pass's inner loop, for the tokens the general path would make most
 * often and make alike: plain words (runs of ASCII letters and digits
 * shorter than 16 bytes ending at a byte that cannot join them), plain
 * numbers ("2025", not "350,000" or "45.47"), commas, single periods and
 * single spaces. The arrays and counts are local variables, with no call
 * in the loop, so the compiler keeps them in registers, where emit()
 * reads and writes them in the scanner a token. Anything else (or doubt)
 * returns to the main loop, from the start of the token: where to go on
 * from.
 */
size_t seg_fast_words(scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    if (sc->len < 16)
        return i;
    /* A load at i < len - 15 stays in the text. Each turn takes a byte at
     * least and adds a token at most: up to `lim` the arrays have room,
     * with no test a token. */
    size_t n = sc->n, lim = sc->len - 15, room = sc->cap - n;
    if (i >= lim)
        return i;
    if (room < lim - i)
        lim = i + room;
    td_annot_spec *span = sc->span;
    const char **shape = sc->shape;
    seg_tok *v = sc->v;
    /* the white space before the next token, as its seg_tok bits: nl in
     * bits 24-31, space in bit 32 */
    uint64_t ws = (uint64_t)sc->nl << 24 | (uint64_t)sc->space << 32;
    while (i < lim) {
        unsigned c = s[i];
        uint64_t bits;
        size_t j;
        if (a_letter(c)) {
            ascii16 m = ascii_classes16(s + i);
            size_t len = (size_t)__builtin_ctz(~(m.lo | m.up | m.dg));
            j = i + len;
            unsigned end = seg_word_end[s[j]];
            if (len == 16 ||
                (end != END_PLAIN && !(end == END_PERIOD && plain_before_period(sc, i, j))))
                break; /* scan_word's other cases, or seg_joined_word()'s */
            /* Most words are lower case after their first letter: "Xx" or
             * "x" at once. Else the shape from three bits: the first
             * letter is a capital; the others hold a capital or digit;
             * they hold a lower-case letter or digit. (x + 0xFFFF) >> 16
             * is 1 for x in [1, 0xFFFF], 0 for 0. */
            unsigned after_first = (1u << len) - 2u, up = m.up & 1u, sh;
            _Static_assert(SHAPE_CAP == 0 && SHAPE_LOWER == 2, "shape numbers");
            if ((m.lo & after_first) == after_first) {
                sh = SHAPE_LOWER - 2 * up;
            } else {
                unsigned ud = (m.up | m.dg) & after_first, ld = (m.lo | m.dg) & after_first;
                sh = fast_shapes[up | (((ud + 0xFFFFu) >> 15) & 2u) |
                                 (((ld + 0xFFFFu) >> 14) & 4u)];
            }
            span[n] = (td_annot_spec){sc->lab[SEG_WORD], i, j};
            shape[n] = seg_shape_names[sh];
            bits = tok_bits(SEG_WORD, K_PLAIN, FC_LOWER - up);
        } else if (a_digit(c)) {
            /* digits alone: what follows may make them a bigger number
             * ("350,000", "45.47"), a word ("10th"), a number and a
             * scale ("10bn"), a clitic ("2025's") or an email, in the
             * general path */
            if (!(sc->at_next >= i && sc->at_next - i > 64))
                break;
            ascii16 m = ascii_classes16(s + i);
            size_t len = (size_t)__builtin_ctz(~m.dg);
            if (len == 16)
                break;
            j = plain_number_end(s, i + len, len);
            if (!j)
                break;
            span[n] = (td_annot_spec){sc->lab[SEG_NUMBER], i, j};
            shape[n] = seg_shape_names[SHAPE_DIGIT];
            bits = tok_bits(SEG_NUMBER, K_PLAIN, FC_DIGIT);
            sc->numbers[sc->nnumbers++] = n;
        } else if (fast_punct[c] && !((fast_punct[c] & FP_RUN) && s[i + 1] == c)) {
            /* one byte of punctuation or a symbol, as scan_ascii_punct()
             * makes it ('.' and '-' only alone: runs are one token) */
            unsigned label = (fast_punct[c] >> 4) & 3u, kind = fast_punct[c] & 15u;
            j = i + 1;
            span[n] = (td_annot_spec){sc->lab[label], i, j};
            shape[n] = seg_shape_names[SHAPE_PUNCT];
            bits = tok_bits(label, kind, FC_OTHER);
        } else if (c == ' ') { /* a second space: the first went with the token before */
            ws |= WS_SPACE;
            i++;
            continue;
        } else if (c == '\n') {
            /* as the main loop takes it: white space, and a line break
             * (two counted at most) */
            uint64_t nl = (ws >> 24) & 0xFF;
            ws = (ws & ~((uint64_t)0xFF << 24)) | WS_SPACE | (nl + (nl < 2)) << 24;
            i++;
            continue;
        } else {
            break;
        }
        bits |= ws;
        memcpy(&v[n], &bits, 8);
        n++;
        /* the space after, as the main loop takes it */
        unsigned sp = s[j] == ' ';
        ws = (uint64_t)sp << 32;
        i = j + sp;
    }
    sc->n = n;
    sc->nl = (uint8_t)(ws >> 24);
    sc->space = (uint8_t)(ws >> 32);
    return i;
}

#else
/* no SSE2: the general path does all (and a file must declare something) */
typedef int seg_fast_unused;
#endif
