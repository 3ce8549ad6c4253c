/* segment: URLs and email addresses, each one token. */
#include "scanner.h"

/* Where a URL that starts at i ends: at white space, a quote or an angle
 * bracket; then trailing punctuation goes back to the text, and so does a
 * closing bracket the URL did not open. */
size_t seg_url_end(const scanner *sc, size_t i)
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

bool seg_is_www(const scanner *sc, size_t i)
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
size_t seg_try_email(scanner *sc, size_t i)
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
