/* segment: the tokeniser.
 *
 * One left-to-right pass over the working text. Every byte is looked at a
 * bounded number of times: look-aheads are capped (an email's local part at
 * 64 bytes, a number's suffix at one word) and the two that could repeat
 * over a long run of text (email probes before an '@') remember where they
 * failed. The frequent ASCII tokens take an inner loop (fast_words) that
 * makes them as the general path would (tests/test_segment_fast.c checks
 * it does); other characters are classed with utf8proc's category table.
 * README.md lists the rules with examples.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* The inner loop (fast_words) and the 16-byte word scans need SSE2, which
 * every x86-64 has; elsewhere, or built with SEG_NO_FAST (as
 * tests/segment_general.c does, to compare), the general path does all. */
#if defined(__SSE2__) && !defined(SEG_NO_FAST)
#define SEG_FAST 1
#include <emmintrin.h>
#else
#define SEG_FAST 0
#endif

#include <tidings/tidings.h>

#include "scanner.h"

/* End of the run of word characters (letters, digits, marks) from j. Digits
 * and letters of scripts without case (CJK) part: "45.47万亿元" is a
 * number and a word, as the spaces English puts there would make it. */
static size_t word_run(const scanner *sc, size_t j)
{
    const unsigned char *s = sc->s;
    bool uncased = false; /* the last character was a letter without case */
    for (;;) {
        if (uncased && j < sc->len && a_digit(s[j]))
            return j;
        size_t a = j;
        while (j < sc->len && a_alnum(s[j]))
            j++;
        if (j > a)
            uncased = false;
        if (j >= sc->len || s[j] < 0x80)
            return j;
        size_t k;
        int c = class_at(sc, j, &k, NULL);
        if (!word_class(c) || (c == C_LETTER && j > a && a_digit(s[j - 1])) ||
            (c == C_DIGIT && uncased))
            return j;
        if (c != C_MARK && c != C_JOIN)
            uncased = c == C_LETTER;
        j += k;
    }
}

/* End of the run of decimal digits (any script) from j; *count gets how many. */
static size_t digit_run(const scanner *sc, size_t j, size_t *count)
{
    const unsigned char *s = sc->s;
    size_t n = 0;
    for (;;) {
        while (j < sc->len && a_digit(s[j])) {
            j++;
            n++;
        }
        size_t k;
        if (j >= sc->len || s[j] < 0x80 || class_at(sc, j, &k, NULL) != C_DIGIT) {
            if (count)
                *count = n;
            return j;
        }
        j += k;
        n++;
    }
}


/* ---- shapes --------------------------------------------------------------- */

static void word_shape(const scanner *sc, size_t start, size_t end, uint8_t *shape,
                       uint8_t *firstp)
{
    /* Most words are an ASCII letter and lower-case ones ("exports",
     * "China"): what the counting below gives those, without it. */
    const unsigned char *w = sc->s;
    if (end > start && w[start] < 0x80 && a_letter(w[start])) {
        size_t i = start + 1;
        while (i < end && a_lower(w[i]))
            i++;
        if (i == end) {
            bool cap = a_upper(w[start]);
            *firstp = cap ? FC_UPPER : FC_LOWER;
            *shape = cap ? SHAPE_CAP : SHAPE_LOWER;
            return;
        }
    }
    unsigned up_start = 0, up_in = 0, lower = 0, digits = 0;
    bool part_start = true;
    int first = -1;
    for (size_t i = start; i < end;) {
        unsigned b = sc->s[i];
        int c;
        if (b < 0x80) { /* ASCII without a call */
            i++;
            c = a_lower(b) ? C_LOWER : a_upper(b) ? C_UPPER : a_digit(b) ? C_DIGIT : C_PUNCT;
        } else {
            size_t k;
            c = class_at(sc, i, &k, NULL);
            i += k;
        }
        switch (c) {
        case C_UPPER:
            if (part_start)
                up_start++;
            else
                up_in++;
            break;
        case C_LOWER: case C_LETTER: lower++; break;
        case C_DIGIT: case C_NUMERIC: digits++; break;
        case C_MARK: case C_JOIN: continue; /* part of the letter before */
        default:
            /* '-', '.', an apostrophe: the next letter starts a part,
             * as in "Asia-Pacific", "U.S.", "O'Brien" */
            part_start = true;
            continue;
        }
        if (first < 0)
            first = c == C_UPPER ? FC_UPPER : c == C_LOWER ? FC_LOWER
                  : c == C_LETTER ? FC_UNCASED : FC_DIGIT;
        part_start = false;
    }
    *firstp = (uint8_t)(first < 0 ? FC_OTHER : first);
    unsigned upper = up_start + up_in;
    if (digits)
        *shape = SHAPE_MIXED;
    else if (!upper)
        *shape = SHAPE_LOWER;
    else if (!lower)
        *shape = upper >= 2 ? SHAPE_UPPER : SHAPE_CAP;
    else if (!up_in && first == FC_UPPER)
        *shape = SHAPE_CAP;
    else
        *shape = SHAPE_MIXED;
}

void seg_shape_of(const char *text, size_t len, size_t start, size_t end, uint8_t *shape,
                  uint8_t *first)
{
    scanner sc = {.s = (const unsigned char *)text, .len = len};
    word_shape(&sc, start, end, shape, first);
}

/* ---- tokens --------------------------------------------------------------- */

/* Room for more tokens: every array twice as long, in one block (span
 * first, then shape, numbers and v: one malloc and one free a document,
 * not four). 0, or -1 out of memory (the arrays as they were). */
static int grow(scanner *sc)
{
    /* News text has a token every 6 bytes or so: room for one every 4
     * is seldom outgrown, and growing (copying the arrays) cost a
     * twentieth of the stage when the first guess was 6. */
    size_t cap = sc->cap ? sc->cap * 2 : sc->len / 4 + 16;
    const size_t each = sizeof(td_annot_spec) + sizeof(const char *) + sizeof(size_t) +
                        sizeof(seg_tok);
    _Static_assert(sizeof(td_annot_spec) % 8 == 0 && sizeof(seg_tok) == 8, "array alignment");
    td_annot_spec *span = cap <= SIZE_MAX / each ? malloc(cap * each) : NULL;
    if (!span) {
        sc->oom = true;
        return -1;
    }
    const char **shape = (const char **)(void *)(span + cap);
    size_t *num = (size_t *)(void *)(shape + cap);
    seg_tok *v = (seg_tok *)(void *)(num + cap);
    if (sc->n) {
        memcpy(span, sc->span, sc->n * sizeof(*span));
        memcpy(shape, sc->shape, sc->n * sizeof(*shape));
        memcpy(v, sc->v, sc->n * sizeof(*v));
    }
    if (sc->nnumbers)
        memcpy(num, sc->numbers, sc->nnumbers * sizeof(*num));
    free(sc->span);
    sc->span = span;
    sc->shape = shape;
    sc->numbers = num;
    sc->v = v;
    sc->cap = cap;
    return 0;
}

void seg_toks_free(seg_toks *t)
{
    free(t->span); /* the block of all the arrays */
}

/* Append a token. Inlined where label, kind and shape are constants, so
 * that what depends on them folds away. */
static inline void emit(scanner *sc, size_t start, size_t end, unsigned label, unsigned kind,
                        unsigned shape, unsigned first)
{
    size_t n = sc->n;
    if (n == sc->cap && grow(sc) != 0)
        return;
    unsigned nl = sc->nl, space = sc->space;
    if (label == SEG_NUMBER)
        sc->numbers[sc->nnumbers++] = n;
    sc->span[n] = (td_annot_spec){sc->lab[label], start, end};
    sc->shape[n] = seg_shape_names[shape];
    sc->n = n + 1;
    /* the seg_tok as one 8-byte store, last: its bytes may alias anything,
     * which would make the compiler read the fields above again */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t bits = (uint64_t)label | (uint64_t)kind << 8 | (uint64_t)first << 16 |
                    (uint64_t)nl << 24 | (uint64_t)space << 32;
    _Static_assert(sizeof(seg_tok) == 8 && offsetof(seg_tok, space) == 4, "seg_tok layout");
    memcpy(&sc->v[n], &bits, 8);
#else
    sc->v[n] = (seg_tok){.label = (uint8_t)label, .kind = (uint8_t)kind, .first = (uint8_t)first,
                         .nl = (uint8_t)nl, .space = (uint8_t)space};
#endif
    sc->nl = 0;
    sc->space = 0;
}

/* A word whose shape the scanner already knows (scan_word's fast path). */
static inline void push_word(scanner *sc, size_t start, size_t end, int kind, unsigned shape,
                             unsigned first)
{
    emit(sc, start, end, SEG_WORD, (unsigned)kind, shape, first);
}

static void push(scanner *sc, size_t start, size_t end, int label, int kind)
{
    uint8_t shape, first;
    switch (label) {
    case SEG_WORD:
        word_shape(sc, start, end, &shape, &first);
        break;
    case SEG_NUMBER:
        shape = SHAPE_DIGIT;
        first = FC_DIGIT;
        break;
    case SEG_URL: case SEG_EMAIL:
        word_shape(sc, start, end, &shape, &first);
        shape = SHAPE_MIXED;
        break;
    default:
        shape = SHAPE_PUNCT;
        first = FC_OTHER;
        break;
    }
    emit(sc, start, end, (unsigned)label, (unsigned)kind, shape, first);
}

/* ---- words ---------------------------------------------------------------- */

/* "U.S.", "a.m.", "J.P.", "U.S" (single letters with periods): the end,
 * or 0 if i does not start one. */
static size_t initialism(const scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    size_t k = i, segs = 0;
    /* a single letter: a letter followed by ASCII that is not a letter or digit */
    while (k + 1 < sc->len && a_letter(s[k]) && s[k + 1] < 0x80 && !a_alnum(s[k + 1])) {
        if (s[k + 1] != '.') {
            if (segs >= 1)
                return k + 1; /* "U.S" without its last period */
            break;
        }
        segs++;
        k += 2;
    }
    if (k + 1 == sc->len && segs >= 1 && a_letter(s[k]))
        return k + 1; /* "U.S" at the very end */
    return segs >= 2 ? k : 0;
}

/* Spaces (at most four) then a digit: "No. 5". */
static bool digit_follows(const scanner *sc, size_t j)
{
    for (size_t n = 0; n < 4 && j < sc->len && (sc->s[j] == ' ' || sc->s[j] == '\t'); n++)
        j++;
    if (j + 1 < sc->len && sc->s[j] == 0xC2 && sc->s[j + 1] == 0xA0) /* no-break space */
        j += 2;
    return j < sc->len && digit_at(sc, j);
}

static int abbr_kind(const scanner *sc, int cls, size_t after)
{
    switch (cls) {
    case ABBR_ENDS: return K_ABBR;
    case ABBR_INNER: return K_ABBR_INNER;
    case ABBR_NUMBER: return digit_follows(sc, after) ? K_ABBR_INNER : -1;
    default: return -1;
    }
}

/* The word [i, j) is followed by a period at j: if it is an abbreviation,
 * the token takes the period and *kind says which; returns the token's end. */
static size_t abbreviation(const scanner *sc, size_t i, size_t j, int *kind)
{
    const unsigned char *s = sc->s;
    const seg_wordset *ab = &sc->lex->abbrev;
    /* "Ph.D.": two parts, looked up whole */
    if (j + 1 < sc->len && a_letter(s[j + 1])) {
        size_t r = j + 1;
        while (r < sc->len && r - i < 24 && a_letter(s[r]))
            r++;
        if (r < sc->len && s[r] == '.') {
            int k = abbr_kind(sc, seg_wordset_get(ab, (const char *)s + i, r - i), r + 1);
            if (k >= 0) {
                *kind = k;
                return r + 1;
            }
        }
    }
    int k = abbr_kind(sc, seg_wordset_get(ab, (const char *)s + i, j - i), j + 1);
    if (k >= 0) {
        *kind = k;
        return j + 1;
    }
    if (j - i == 1 && a_upper(s[i])) { /* an initial: "John F. Kennedy" */
        *kind = K_ABBR;
        return j + 1;
    }
    return j;
}

/* Clitics split off the word before them, as the Penn Treebank does:
 * "China's" -> "China" "'s", "don't" -> "do" "n't". Apostrophe at j
 * (alen bytes), letters [a, r) after it. Returns where the word ends, or 0
 * if the apostrophe stays inside the word ("O'Brien"). */
static size_t clitic(const scanner *sc, size_t i, size_t j, size_t a, size_t r)
{
    const unsigned char *s = sc->s;
    size_t n = r - a;
    char low[3] = {0};
    if (n > 2)
        return 0;
    for (size_t x = 0; x < n; x++) {
        if (!a_letter(s[a + x]))
            return 0;
        low[x] = (char)(s[a + x] | 0x20);
    }
    if (n == 1 && low[0] == 't')
        return j >= i + 2 && (s[j - 1] | 0x20) == 'n' ? j - 1 : 0;
    if ((n == 1 && (low[0] == 's' || low[0] == 'd' || low[0] == 'm')) ||
        (n == 2 && (memcmp(low, "re", 2) == 0 || memcmp(low, "ve", 2) == 0 ||
                    memcmp(low, "ll", 2) == 0)))
        return j;
    return 0;
}

/* The rest of a word from j (the token started at i): letters and digits,
 * joined by hyphens, inner apostrophes and "Amazon.com" periods. Pushes the
 * token(s) and returns where scanning goes on. */
static size_t word_tail(scanner *sc, size_t i, size_t j)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len;
    for (;;) {
        j = word_run(sc, j);
        if (j >= len)
            break;
        unsigned c = s[j];
        if (c == '-') {
            if (word_char_at(sc, j + 1)) {
                j++;
                continue;
            }
            break;
        }
        if (c == '\'' || c == 0xE2) {
            int32_t cp = c == '\'' ? '\'' : cp3_at(sc, j);
            if (cp == 0x2010 || cp == 0x2011) { /* Unicode hyphens join too */
                if (word_char_at(sc, j + 3)) {
                    j += 3;
                    continue;
                }
                break;
            }
            if (cp != '\'' && cp != 0x2019)
                break;
            size_t a = j + (cp == '\'' ? 1 : 3);
            if (!letter_at(sc, a))
                break;
            size_t r = word_run(sc, a);
            size_t cut = clitic(sc, i, j, a, r);
            if (cut) {
                push(sc, i, cut, SEG_WORD, K_PLAIN);
                push(sc, cut, r, SEG_WORD, K_PLAIN);
                return r;
            }
            j = r;
            continue;
        }
        if (c == '.' && j + 1 < len && a_lower(s[j + 1]) && j - i >= 2) {
            j++; /* "Amazon.com", "gov.cn" */
            continue;
        }
        if (c == ':' && j + 3 < len && s[j + 1] == '/' && s[j + 2] == '/' && s[j + 3] > ' ' &&
            j - i >= 2 && j - i <= 10) {
            bool scheme = true;
            for (size_t x = i; x < j; x++)
                scheme = scheme && a_letter(s[x]);
            if (scheme) {
                size_t e = seg_url_end(sc, i);
                push(sc, i, e, SEG_URL, K_PLAIN);
                return e;
            }
        }
        if (c == '$' && j - i <= 3) { /* "US$", "HK$", "A$" */
            bool caps = true;
            for (size_t x = i; x < j; x++)
                caps = caps && a_upper(s[x]);
            if (caps) {
                push(sc, i, j + 1, SEG_SYMBOL, K_PLAIN);
                return j + 1;
            }
        }
        break;
    }
    int kind = K_PLAIN;
    size_t end = j;
    if (j < len && s[j] == '.')
        end = abbreviation(sc, i, j, &kind);
    push(sc, i, end, SEG_WORD, kind);
    return end;
}

/* seg_try_email without the call where it would give 0 at once: the
 * next '@' (known, at or after i) is more than an email's local part
 * away. */
static inline size_t try_email(scanner *sc, size_t i)
{
    if (sc->at_next >= i && sc->at_next - i > 64)
        return 0;
    return seg_try_email(sc, i);
}

/* The shape word_shape() gives a run of ASCII letters and digits whose
 * first byte has case class `first` (a letter) and the others `rest` (their
 * classes or'ed): a look-up, with no branch. The run is longer than one
 * byte exactly when rest is not 0. */
static const uint8_t run_shapes[16] = {
    /* first lower case, by rest: none, lower -> "x"; with upper or digits -> "mixed" */
    SHAPE_LOWER, SHAPE_LOWER, SHAPE_MIXED, SHAPE_MIXED,
    SHAPE_MIXED, SHAPE_MIXED, SHAPE_MIXED, SHAPE_MIXED,
    /* first upper case: "A", "China" -> "Xx"; "GDP" -> "XX"; "iPhone"-like and digits -> "mixed" */
    SHAPE_CAP, SHAPE_CAP, SHAPE_UPPER, SHAPE_MIXED,
    SHAPE_MIXED, SHAPE_MIXED, SHAPE_MIXED, SHAPE_MIXED,
};

static inline unsigned run_shape(unsigned first, unsigned rest)
{
    return run_shapes[(first & CASE_UPPER) << 2 | rest];
}

/* What the byte after a run of ASCII letters and digits makes of it. */
enum {
    END_PLAIN = 0, /* the word ends: a space, ',', ')', the NUL, ... */
    END_EMAIL,     /* '_' '+' '%' '@': may go on as an email's local part, else it ends */
    END_HYPHEN,    /* '-': an email's local part, or a compound ("year-on-year") */
    END_PERIOD,    /* '.': an email, "www.", "Amazon.com", an abbreviation, or a stop */
    END_JOIN       /* an apostrophe, ':' (a URL), '$' ("US$"), any byte of UTF-8 */
};
#define JOIN8(c) [c] = END_JOIN, [c + 1] = END_JOIN, [c + 2] = END_JOIN, [c + 3] = END_JOIN, \
                 [c + 4] = END_JOIN, [c + 5] = END_JOIN, [c + 6] = END_JOIN, [c + 7] = END_JOIN
#define JOIN64(c) JOIN8(c), JOIN8(c + 8), JOIN8(c + 16), JOIN8(c + 24), JOIN8(c + 32), \
                  JOIN8(c + 40), JOIN8(c + 48), JOIN8(c + 56)
static const uint8_t word_end[256] = {
    ['_'] = END_EMAIL, ['+'] = END_EMAIL, ['%'] = END_EMAIL, ['@'] = END_EMAIL,
    ['-'] = END_HYPHEN, ['.'] = END_PERIOD,
    ['\''] = END_JOIN, [':'] = END_JOIN, ['$'] = END_JOIN, JOIN64(0x80), JOIN64(0xC0),
};
#undef JOIN64
#undef JOIN8

static inline void push_run(scanner *sc, size_t i, size_t end, int kind, unsigned first,
                            unsigned rest)
{
    /* CASE_LOWER (1) -> FC_LOWER (2), CASE_UPPER (2) -> FC_UPPER (1) */
    _Static_assert(FC_LOWER == 3 - CASE_LOWER && FC_UPPER == 3 - CASE_UPPER, "case classes");
    push_word(sc, i, end, kind, run_shape(first, rest), 3 - first);
}

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

/*
 * Most words are a run of ASCII letters (and digits) that ends at a space
 * or at punctuation that cannot join it: their end and shape come from one
 * look at each byte, with no call. The general path (initialism, then
 * word_tail, which shapes the word again) is left the words that a byte
 * after the run may join to more: a hyphen, an apostrophe, ':', '$',
 * "Amazon.com", anything not ASCII; and a single letter before a period
 * (maybe an initialism), or a period that makes "Ph.D." one abbreviation.
 * The email probe is made only where the byte after the run can continue
 * an email's local part: after any other, it would fail.
 */
static size_t scan_word(scanner *sc, size_t i)
{
    /* The run of ASCII letters and digits from i, and their cases; the
     * text's NUL ends it at the latest (seg_tokenise's contract). */
    const unsigned char *s = sc->s;
    unsigned first = seg_ascii_case[s[i]], rest = 0, b;
    size_t j = i + 1;
#if SEG_FAST
    /* s[i + 15] is at most the text's NUL */
    if (sc->len - i >= 15) {
        unsigned n = ascii_run16(s + i, &first, &rest);
        j = i + n;
        if (n < 16)
            goto done;
        /* a long word: the loop below takes it on */
    }
#endif
    /* four bytes a turn; each is read only when the one before it was a
     * letter or digit, so never past the NUL */
    for (;;) {
        if (!(b = seg_ascii_case[s[j]]))
            break;
        rest |= b;
        if (!(b = seg_ascii_case[s[j + 1]])) {
            j += 1;
            break;
        }
        rest |= b;
        if (!(b = seg_ascii_case[s[j + 2]])) {
            j += 2;
            break;
        }
        rest |= b;
        if (!(b = seg_ascii_case[s[j + 3]])) {
            j += 3;
            break;
        }
        rest |= b;
        j += 4;
    }
#if SEG_FAST
done:;
#endif
    unsigned c = s[j], after = word_end[c];
    size_t e;
    if (after == END_PLAIN) {
        push_run(sc, i, j, K_PLAIN, first, rest);
        /* the space after, as the main loop takes it, with no branch (a
         * space is never the NUL at len) */
        unsigned space = c == ' ';
        sc->space = (uint8_t)space;
        return j + space;
    }
    if (after != END_JOIN) {
        e = try_email(sc, i);
        if (e) {
            push(sc, i, e, SEG_EMAIL, K_PLAIN);
            return e;
        }
        if (after == END_EMAIL) {
            push_run(sc, i, j, K_PLAIN, first, rest);
            return j;
        }
        if (after == END_PERIOD) {
            /* "www." then a letter or digit */
            if (j - i == 3 && (s[i] | 0x20) == 'w' && seg_is_www(sc, i)) {
                e = seg_url_end(sc, i);
                push(sc, i, e, SEG_URL, K_PLAIN);
                return e;
            }
            if (j - i >= 2 && !(j + 1 < sc->len && a_lower(s[j + 1]))) {
                int kind = K_PLAIN;
                e = abbreviation(sc, i, j, &kind);
                if (e <= j + 1) { /* not "Ph.D.", which the general path shapes */
                    push_run(sc, i, e, kind, first, rest);
                    return e;
                }
            }
        }
    }
    e = initialism(sc, i);
    if (e) {
        /* "e.g." and the like may be listed to class them */
        size_t key = sc->s[e - 1] == '.' ? e - 1 : e;
        int cls = seg_wordset_get(&sc->lex->abbrev, (const char *)sc->s + i, key - i);
        int kind = key == e ? K_PLAIN : cls == ABBR_INNER ? K_ABBR_INNER : K_ABBR;
        push(sc, i, e, SEG_WORD, kind);
        return e;
    }
    return word_tail(sc, i, i);
}

/* ---- numbers -------------------------------------------------------------- */

/* A thousands or decimal separator at j: its length, or 0. The fullwidth
 * forms count when the text was not normalised. */
static size_t separator_at(const scanner *sc, size_t j, char which)
{
    if (j >= sc->len)
        return 0;
    if (sc->s[j] == (unsigned char)which)
        return 1;
    int32_t cp = cp3_at(sc, j);
    return (which == ',' && cp == 0xFF0C) || (which == '.' && cp == 0xFF0E) ? 3 : 0;
}

/* Exactly three digits from j, then no digit: where they end, or 0. */
static size_t three_digits(const scanner *sc, size_t j)
{
    size_t count, e = digit_run(sc, j, &count);
    return count == 3 ? e : 0;
}

/* Letters that scale a number, written onto it: "10bn", "5m", "3pct". */
static bool magnitude(const unsigned char *w, size_t n)
{
    static const char *const units[] = {"bn", "mn", "m", "k", "tn", "trn", "b", "K", "M", "B",
                                        "bln", "mln", "pct", NULL};
    for (size_t i = 0; units[i]; i++)
        if (strlen(units[i]) == n && memcmp(units[i], w, n) == 0)
            return true;
    return false;
}

static size_t scan_number(scanner *sc, size_t i)
{
    size_t e = try_email(sc, i);
    if (e) {
        push(sc, i, e, SEG_EMAIL, K_PLAIN);
        return e;
    }
    size_t count, j = digit_run(sc, i, &count), sep, g;
    /* thousands: "350,000", "1,234,567" (a lead group of 1-3 digits) */
    if (count <= 3)
        while ((sep = separator_at(sc, j, ',')) && (g = three_digits(sc, j + sep)))
            j = g;
    /* decimals, and more dotted groups ("1.2.3": a number without a value) */
    while ((sep = separator_at(sc, j, '.')) && digit_at(sc, j + sep))
        j = digit_run(sc, j + sep, NULL);
    size_t k;
    int next = class_at(sc, j, &k, NULL);
    if (next == C_UPPER || next == C_LOWER) {
        size_t r = word_run(sc, j);
        if (magnitude(sc->s + j, r - j)) {
            push(sc, i, j, SEG_NUMBER, K_PLAIN); /* the unit follows as a word */
            return j;
        }
        return word_tail(sc, i, r); /* "10th", "1990s", "5G" */
    }
    /* "2025's": the number, then the clitic, as after a word */
    int32_t ap = j < sc->len && sc->s[j] == '\'' ? '\'' : cp3_at(sc, j);
    if (ap == '\'' || ap == 0x2019) {
        size_t a = j + (ap == '\'' ? 1 : 3);
        size_t r = letter_at(sc, a) ? word_run(sc, a) : a;
        if (r > a && clitic(sc, i, j, a, r) == j) {
            push(sc, i, j, SEG_NUMBER, K_PLAIN);
            push(sc, j, r, SEG_WORD, K_PLAIN);
            return r;
        }
    }
    push(sc, i, j, SEG_NUMBER, K_PLAIN);
    return j;
}

/* ---- punctuation and symbols ---------------------------------------------- */

static size_t scan_ascii_punct(scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    unsigned c = s[i];
    size_t j = i + 1;
    int kind = K_PLAIN, label = SEG_PUNCT;
    switch (c) {
    case '.':
        while (j < sc->len && s[j] == '.')
            j++;
        kind = j - i == 1 ? K_PERIOD : K_ELLIPSIS;
        break;
    case '!': case '?':
        while (j < sc->len && (s[j] == '!' || s[j] == '?'))
            j++;
        kind = K_TERM;
        break;
    case '-':
        while (j < sc->len && s[j] == '-')
            j++;
        kind = K_DASH;
        break;
    case '"': case '\'': kind = K_QUOTE; break;
    case '(': case '[': case '{': kind = K_OPEN; break;
    case ')': case ']': case '}': kind = K_CLOSE; break;
    case ',': case ';': kind = K_COMMA; break;
    case ':': kind = K_COLON; break;
    default:
        if (strchr("$%+<=>^`|~#&@", (int)c))
            label = SEG_SYMBOL;
        break;
    }
    push(sc, i, j, label, kind);
    if (sc->s[j] == ' ' && j < sc->len) { /* the space after, as the main loop takes it */
        sc->space = 1;
        j++;
    }
    return j;
}

static size_t scan_other_punct(scanner *sc, size_t i, int32_t cp, size_t clen, int cls)
{
    int kind = K_PLAIN;
    if (cls == C_SYMBOL) {
        push(sc, i, i + clen, SEG_SYMBOL, K_PLAIN);
        return i + clen;
    }
    switch (cp) {
    case 0x2026: kind = K_ELLIPSIS; break;
    case 0x3002: case 0xFF61: case 0xFF0E: case 0xFF01: case 0xFF1F: case 0xFE52:
    case 0x203C: case 0x2047: case 0x2048: case 0x2049: case 0x061F: case 0x06D4:
    case 0x0964: case 0x0965:
        kind = K_TERM;
        break;
    case 0xFF0C: case 0x3001: case 0xFF1B: case 0x060C: kind = K_COMMA; break;
    case 0xFF1A: kind = K_COLON; break;
    default:
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PI: kind = K_OPEN; break;
        case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PF: kind = K_CLOSE; break;
        case UTF8PROC_CATEGORY_PD: kind = K_DASH; break;
        default: break;
        }
    }
    push(sc, i, i + clen, SEG_PUNCT, kind);
    return i + clen;
}

/* ---- the pass ------------------------------------------------------------- */

#if SEG_FAST
/* The shape of a plain word by fast_words()'s three bits: 1 its first
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
 * and that fast_words() takes as it is: an apostrophe (straight or
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

/* What scan_ascii_punct() makes of an ASCII byte, for fast_words(): 0
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
                if (s[j + 1] >= 0x80 || (a_digit(s[j + 1]) && (s[j + 2] >= 0x80 ||
                                                               (a_digit(s[j + 2]) && s[j + 3] >= 0x80))))
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

/* A seg_tok as its 8 bytes (little-endian only, where fast_words() runs):
 * label, kind, first, nl, space. */
static inline uint64_t tok_bits(unsigned label, unsigned kind, unsigned first)
{
    return (uint64_t)label | (uint64_t)kind << 8 | (uint64_t)first << 16;
}
#define WS_SPACE ((uint64_t)1 << 32) /* seg_tok.space in tok_bits() */

/*
 * A word of ASCII runs joined by hyphens ("year-on-year"), or a plain word
 * and its clitic ("China's"), at i (a letter), that fast_words() stopped
 * at: its token(s) as word_tail() makes them, and where to go on from; 0
 * when it is neither (the general path takes it). Kept out of the inner
 * loop so that the loop's variables stay in registers.
 */
static size_t joined_word(scanner *sc, size_t i)
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
    unsigned e = s[j], end = word_end[e];
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
        if (!(e == '-' ? s[j + 1] < 0x80 && !a_alnum(s[j + 1]) : word_end[e] == END_PLAIN))
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
#if defined(__GNUC__)
__attribute__((noinline)) /* its own registers, not the main loop's */
#endif
static size_t fast_words(scanner *sc, size_t i)
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
            unsigned end = word_end[s[j]];
            if (len == 16 || (end != END_PLAIN && !(end == END_PERIOD && plain_before_period(sc, i, j))))
                break; /* scan_word's other cases, or joined_word()'s */
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
#endif

int seg_tokenise(const seg_lexicon *lex, const char *text, size_t len, seg_toks *out)
{
    scanner sc = {.lex = lex, .s = (const unsigned char *)text, .len = len, .out = out,
                  .span = out->span, .shape = out->shape, .v = out->v,
                  .numbers = out->numbers, .n = out->n, .cap = out->cap,
                  .nnumbers = out->nnumbers, .labels = out->labels,
                  .space = 1, .at_bad = SIZE_MAX};
    for (size_t k = 0; k < SEG_NLABELS; k++)
        sc.lab[k] = out->labels[k];
    const unsigned char *s = sc.s;
    const unsigned char *at = len ? memchr(s, '@', len) : NULL;
    sc.at_next = at ? (size_t)(at - s) : len;
    size_t i = 0;
    while (i < len && !sc.oom) {
#if SEG_FAST
        i = fast_words(&sc, i);
        if (i >= len)
            break;
        if (a_letter(s[i])) {
            size_t e = joined_word(&sc, i);
            if (e) {
                i = e;
                continue;
            }
        }
#endif
        unsigned c = s[i];
        if (c < 0x80) {
            if (a_letter(c)) {
                i = scan_word(&sc, i);
            } else if (a_digit(c)) {
                i = scan_number(&sc, i);
            } else if (c == ' ') {
                sc.space = 1;
                i++;
            } else if (c == '\n' || (c == '\r' && !(i + 1 < len && s[i + 1] == '\n'))) {
                sc.space = 1;
                if (sc.nl < 2)
                    sc.nl++;
                i++;
            } else if (c < ' ' || c == 0x7f) {
                sc.space = 1; /* tabs, CR before LF, NUL and other controls */
                i++;
            } else {
                i = scan_ascii_punct(&sc, i);
            }
            continue;
        }
        size_t k;
        int32_t cp;
        int cls = class_at(&sc, i, &k, &cp);
        switch (cls) {
        case C_SPACE:
            sc.space = 1;
            i += k;
            break;
        case C_NEWLINE:
            sc.space = 1;
            if (sc.nl < 2)
                sc.nl++;
            i += k;
            break;
        case C_PARAGRAPH:
            sc.space = 1;
            sc.nl = 2;
            i += k;
            break;
        case C_JOIN: /* a format character outside a word: nothing */
            i += k;
            break;
        case C_DIGIT:
            i = scan_number(&sc, i);
            break;
        case C_UPPER: case C_LOWER: case C_LETTER: case C_NUMERIC: case C_MARK:
            i = word_tail(&sc, i, i);
            break;
        default:
            i = scan_other_punct(&sc, i, cp, k, cls);
            break;
        }
    }
    *out = (seg_toks){.span = sc.span, .shape = sc.shape, .v = sc.v, .numbers = sc.numbers,
                      .n = sc.n, .nnumbers = sc.nnumbers, .cap = sc.cap,
                      .labels = sc.labels};
    return sc.oom ? -1 : 0;
}

const char *const seg_label_names[SEG_NLABELS] = {"word", "number", "punct", "symbol", "url",
                                                  "email"};
const char *const seg_shape_names[SEG_NSHAPES] = {"Xx", "XX", "x", "d", "mixed", "punct"};
