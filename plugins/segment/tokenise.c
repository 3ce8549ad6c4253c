/* segment: the tokeniser.
 *
 * One left-to-right pass over the working text. Every byte is looked at a
 * bounded number of times: look-aheads are capped (an email's local part at
 * 64 bytes, a number's suffix at one word) and the two that could repeat
 * over a long run of text (email probes before an '@') remember where they
 * failed. ASCII takes the fast path; other characters are classed with
 * utf8proc's category table. README.md lists the rules with examples.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <tidings/tidings.h>

#include "segment.h"

/* ---- characters ---------------------------------------------------------- */

static inline bool a_upper(unsigned c) { return c - 'A' < 26u; }
static inline bool a_lower(unsigned c) { return c - 'a' < 26u; }
static inline bool a_letter(unsigned c) { return (c | 0x20u) - 'a' < 26u; }
static inline bool a_digit(unsigned c) { return c - '0' < 10u; }
static inline bool a_alnum(unsigned c) { return a_digit(c) || a_letter(c); }

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

static int uclass(int32_t cp)
{
    switch (cp) {
    case 0x85: case 0x2028: return C_NEWLINE;
    case 0x2029: return C_PARAGRAPH;
    case 0x200B: return C_SPACE; /* ZERO WIDTH SPACE separates words */
    case 0x2030: case 0x2031: return C_SYMBOL; /* per mille, per ten thousand */
    default: break;
    }
    if (td_utf8_is_space(cp))
        return C_SPACE;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return C_UPPER;
    case UTF8PROC_CATEGORY_LL: return C_LOWER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return C_LETTER;
    case UTF8PROC_CATEGORY_ND: return C_DIGIT;
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: return C_NUMERIC;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_CF: return C_JOIN;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_CC: return C_SPACE;
    case UTF8PROC_CATEGORY_ZL: return C_NEWLINE;
    case UTF8PROC_CATEGORY_ZP: return C_PARAGRAPH;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return C_PUNCT;
    default: return C_SYMBOL; /* S*, private use, unassigned, U+FFFD */
    }
}

typedef struct scanner {
    const seg_lexicon *lex;
    const unsigned char *s;
    size_t len;
    seg_toks *out;
    uint8_t nl, space; /* white space seen since the last token */
    bool oom;
    size_t at_next;   /* the first '@' at or after the last probe, or len */
    size_t at_bad;    /* an '@' whose domain did not parse (or SIZE_MAX) */
    size_t local_bad; /* probes starting before this stop short of their '@' */
} scanner;

/* The class of the character at i and its length in bytes. */
static int class_at(const scanner *sc, size_t i, size_t *clen, int32_t *cpo)
{
    int32_t cp;
    size_t k = 1;
    if (i >= sc->len) {
        *clen = 0;
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
    return uclass(cp);
}

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

/* ---- shapes --------------------------------------------------------------- */

static void word_shape(const scanner *sc, seg_tok *t)
{
    unsigned up_start = 0, up_in = 0, lower = 0, digits = 0;
    bool part_start = true;
    int first = -1;
    for (size_t i = t->start; i < t->end;) {
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
    t->first = (uint8_t)(first < 0 ? FC_OTHER : first);
    unsigned upper = up_start + up_in;
    if (digits)
        t->shape = SHAPE_MIXED;
    else if (!upper)
        t->shape = SHAPE_LOWER;
    else if (!lower)
        t->shape = upper >= 2 ? SHAPE_UPPER : SHAPE_CAP;
    else if (!up_in && first == FC_UPPER)
        t->shape = SHAPE_CAP;
    else
        t->shape = SHAPE_MIXED;
}

/* ---- tokens --------------------------------------------------------------- */

static void push(scanner *sc, size_t start, size_t end, int label, int kind)
{
    seg_toks *o = sc->out;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : sc->len / 6 + 16;
        seg_tok *v = realloc(o->v, cap * sizeof(*v));
        if (!v) {
            sc->oom = true;
            return;
        }
        o->v = v;
        o->cap = cap;
    }
    seg_tok *t = &o->v[o->n++];
    *t = (seg_tok){.start = start, .end = end, .label = (uint8_t)label, .kind = (uint8_t)kind,
                   .nl = sc->nl, .space = sc->space};
    sc->nl = 0;
    sc->space = 0;
    switch (label) {
    case SEG_WORD:
        word_shape(sc, t);
        break;
    case SEG_NUMBER:
        t->shape = SHAPE_DIGIT;
        t->first = FC_DIGIT;
        break;
    case SEG_URL: case SEG_EMAIL:
        word_shape(sc, t);
        t->shape = SHAPE_MIXED;
        break;
    default:
        t->shape = SHAPE_PUNCT;
        t->first = FC_OTHER;
        break;
    }
}

/* ---- URLs and emails ------------------------------------------------------ */

/* Where a URL that starts at i ends: at white space, a quote or an angle
 * bracket; then trailing punctuation goes back to the text, and so does a
 * closing bracket the URL did not open. */
static size_t url_end(const scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    size_t j = i, open = 0, close = 0;
    while (j < sc->len) {
        unsigned c = s[j];
        if (c < 0x80) {
            if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>')
                break;
            open += c == '(' || c == '[';
            close += c == ')' || c == ']';
            j++;
            continue;
        }
        size_t k;
        int32_t cp;
        int cls = class_at(sc, j, &k, &cp);
        if (cls == C_SPACE || cls == C_NEWLINE || cls == C_PARAGRAPH ||
            (cls == C_PUNCT && (cp < 0x2010 || cp > 0x2011))) /* quotes, CJK stops */
            break;
        j += k;
    }
    while (j > i + 1) {
        unsigned c = s[j - 1];
        if (c && strchr(".,;:!?'*", (int)c))
            j--;
        else if ((c == ')' || c == ']') && close > open) {
            close--;
            j--;
        } else
            break;
    }
    return j;
}

static bool is_www(const scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    return i + 4 < sc->len && (s[i] | 0x20) == 'w' && (s[i + 1] | 0x20) == 'w' &&
           (s[i + 2] | 0x20) == 'w' && s[i + 3] == '.' && a_alnum(s[i + 4]);
}

static inline bool local_char(unsigned c)
{
    return a_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* The end of an email address starting at i, or 0. */
static size_t try_email(scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    if (sc->at_next < i) {
        const unsigned char *p = memchr(s + i, '@', sc->len - i);
        sc->at_next = p ? (size_t)(p - s) : sc->len;
    }
    size_t at = sc->at_next;
    if (at >= sc->len || at == i || at - i > 64 || at == sc->at_bad || i < sc->local_bad)
        return 0;
    for (size_t p = i; p < at; p++)
        if (!local_char(s[p])) {
            sc->local_bad = p; /* every probe from before p stops here too */
            return 0;
        }
    /* the domain: labels of letters, digits and '-', at least two, the
     * last of two letters or more */
    size_t j = at + 1, labels = 0, last = 0;
    bool alpha = false;
    for (;;) {
        size_t start = j;
        alpha = true;
        while (j < sc->len && (a_alnum(s[j]) || s[j] == '-')) {
            alpha = alpha && a_letter(s[j]);
            j++;
        }
        if (j == start || s[start] == '-')
            break;
        labels++;
        last = j;
        if (j + 1 < sc->len && s[j] == '.' && a_alnum(s[j + 1]))
            j++;
        else
            break;
    }
    if (labels >= 2 && alpha && last >= 2 && a_letter(s[last - 1]) && a_letter(s[last - 2]))
        return last;
    sc->at_bad = at;
    return 0;
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
                size_t e = url_end(sc, i);
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

static size_t scan_word(scanner *sc, size_t i)
{
    size_t e = try_email(sc, i);
    if (e) {
        push(sc, i, e, SEG_EMAIL, K_PLAIN);
        return e;
    }
    if (is_www(sc, i)) {
        e = url_end(sc, i);
        push(sc, i, e, SEG_URL, K_PLAIN);
        return e;
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
                  .space = 1, .at_bad = SIZE_MAX};
    const unsigned char *s = sc.s;
    const unsigned char *at = len ? memchr(s, '@', len) : NULL;
    sc.at_next = at ? (size_t)(at - s) : len;
    size_t i = 0;
    while (i < len && !sc.oom) {
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
    return sc.oom ? -1 : 0;
}

/* ---- numbers' values ------------------------------------------------------ */

/* The value of a decimal digit of any script: Unicode keeps each script's
 * digits 0-9 in order, in runs that start at a zero. */
static int digit_value(int32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return cp - '0';
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return cp - 0xFF10;
    int n = 0;
    while (n < 60 && utf8proc_category(cp - n - 1) == UTF8PROC_CATEGORY_ND)
        n++;
    return n % 10;
}

bool seg_number_value(const char *text, size_t n, double *value)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    char digits[48];
    size_t nd = 0, frac = 0;
    bool point = false;
    uint64_t mant = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        int32_t cp = c;
        size_t k = c < 0x80 ? 1 : td_utf8_decode(text + i, n - i, &cp);
        i += k;
        if (cp == '.' || cp == 0xFF0E) {
            if (point)
                return false; /* "1.2.3" */
            point = true;
            continue;
        }
        if (cp == ',' || cp == 0xFF0C)
            continue;
        if (utf8proc_category(cp) != UTF8PROC_CATEGORY_ND)
            return false;
        if (nd >= 40)
            return false;
        int d = digit_value(cp);
        digits[nd++] = (char)('0' + d);
        mant = mant * 10 + (uint64_t)d;
        frac += point;
    }
    if (!nd)
        return false;
    /* Exact when both parts are exact doubles (Clinger's fast path):
     * 4547 / 100 is the double nearest 45.47, as the literal is. */
    if (nd <= 15 && frac < sizeof(pow10) / sizeof(pow10[0])) {
        *value = (double)mant / pow10[frac];
        return true;
    }
    /* Otherwise let strtod round "DIGITSe-FRAC" (no decimal point, so the
     * locale cannot change the reading). */
    char buf[64];
    memcpy(buf, digits, nd);
    size_t len = nd;
    buf[len++] = 'e';
    buf[len++] = '-';
    if (frac >= 10)
        buf[len++] = (char)('0' + frac / 10);
    buf[len++] = (char)('0' + frac % 10);
    buf[len] = '\0';
    *value = strtod(buf, NULL);
    return true;
}

const char *const seg_label_names[SEG_NLABELS] = {"word", "number", "punct", "symbol", "url",
                                                  "email"};
const char *const seg_shape_names[SEG_NSHAPES] = {"Xx", "XX", "x", "d", "mixed", "punct"};
