/* segment: the tokeniser.
 *
 * One left-to-right pass over the working text. Every byte is looked at a
 * bounded number of times: look-aheads are capped (an email's local part at
 * 64 bytes, a number's suffix at one word) and the two that could repeat
 * over a long run of text (email probes before an '@') remember where they
 * failed. The frequent ASCII tokens take an inner loop (fast.c) that
 * makes them as the general path would (tests/test_segment_fast.c checks
 * it does); other characters are classed with utf8proc's category table.
 * README.md lists the rules with examples.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

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

static inline void push_run(scanner *sc, size_t i, size_t end, int kind, unsigned first,
                            unsigned rest)
{
    /* CASE_LOWER (1) -> FC_LOWER (2), CASE_UPPER (2) -> FC_UPPER (1) */
    _Static_assert(FC_LOWER == 3 - CASE_LOWER && FC_UPPER == 3 - CASE_UPPER, "case classes");
    push_word(sc, i, end, kind, run_shape(first, rest), 3 - first);
}


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
    unsigned c = s[j], after = seg_word_end[c];
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
        i = seg_fast_words(&sc, i);
        if (i >= len)
            break;
        if (a_letter(s[i])) {
            size_t e = seg_joined_word(&sc, i);
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
