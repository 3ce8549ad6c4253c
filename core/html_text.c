/*
 * HTML to plain text, as a reader of the article sees it. Not a full HTML
 * parser: feeds carry article bodies of p, a, em, img, br and lists, and
 * what matters is that words stay words, blocks stay paragraphs, and
 * nothing in the input makes the pass slower than linear (every scan moves
 * forward; an unterminated comment or tag runs to the end once).
 */
#include "html_text.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

void td_text_begin(td_text_builder *tb, td_strbuf *out)
{
    tb->out = out;
    tb->start = out->len;
    tb->pending = 0;
}

/* Before a visible character: the space or break waiting, unless nothing
 * was written yet. */
static void flush_pending(td_text_builder *tb)
{
    if (tb->out->len > tb->start) {
        if (tb->pending == 2)
            td_strbuf_append(tb->out, "\n\n", 2);
        else if (tb->pending == 1)
            td_strbuf_putc(tb->out, ' ');
    }
    tb->pending = 0;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void td_text_space(td_text_builder *tb)
{
    if (tb->pending < 1)
        tb->pending = 1;
}

void td_text_break(td_text_builder *tb) { tb->pending = 2; }

void td_text_html_chars(td_text_builder *tb, const char *s, size_t n)
{
    /* Written straight into the buffer: the text shrinks or stays, but for
     * the one break ("\n\n") that may wait before it. */
    td_strbuf *out = tb->out;
    if (!td_strbuf_reserve(out, n + 2))
        return;
    char *o = out->data + out->len, *start = out->data + tb->start;
    int pending = tb->pending;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!pending && (unsigned char)c > ' ') { /* the common byte */
            *o++ = c;
            continue;
        }
        if (is_space((unsigned char)c)) {
            if (pending < 1)
                pending = 1;
            continue;
        }
        if (pending) {
            if (o > start) {
                if (pending == 2)
                    *o++ = '\n';
                *o++ = pending == 2 ? '\n' : ' ';
            }
            pending = 0;
        }
        *o++ = c;
    }
    *o = '\0';
    out->len = (size_t)(o - out->data);
    tb->pending = pending;
}

void td_text_plain(td_text_builder *tb, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (is_space((unsigned char)s[i])) {
            int newlines = 0;
            for (; i < n && is_space((unsigned char)s[i]); i++)
                newlines += s[i] == '\n';
            if (newlines >= 2)
                td_text_break(tb);
            else
                td_text_space(tb);
            continue;
        }
        size_t j = i;
        while (j < n && !is_space((unsigned char)s[j]))
            j++;
        flush_pending(tb);
        td_strbuf_append(tb->out, s + i, j - i);
        i = j;
    }
}

static bool name_in(const char *name, size_t n, const char *const *set)
{
    for (; *set; set++)
        if (strlen(*set) == n && memcmp(*set, name, n) == 0)
            return true;
    return false;
}

bool td_html_is_block(const char *name, size_t n)
{
    static const char *const blocks[] = {
        "p",      "div",     "br",     "li",      "h1",     "h2",    "h3",   "h4",
        "h5",     "h6",      "ul",     "ol",      "dl",     "dt",    "dd",   "blockquote",
        "pre",    "table",   "tr",     "hr",      "section", "article", "header", "footer",
        "aside",  "figure",  "figcaption", "address", "nav", "main", "caption", NULL};
    return name_in(name, n, blocks);
}

bool td_html_is_dropped(const char *name, size_t n)
{
    static const char *const dropped[] = {"script", "style", "template", NULL};
    return name_in(name, n, dropped);
}

/* ---- characters and entities ------------------------------------------- */

static void put_code_point(td_text_builder *tb, uint32_t cp)
{
    /* Numeric references in 128-159 mean Windows-1252, as browsers read
     * them (&#146; is a right quote); the rest of what cannot be a
     * character becomes U+FFFD. */
    static const uint16_t cp1252[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    if (cp >= 0x80 && cp < 0xA0)
        cp = cp1252[cp - 0x80];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
        cp = 0xFFFD;
    if (cp < 0x80 && is_space((unsigned char)cp)) {
        td_text_space(tb);
        return;
    }
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    flush_pending(tb);
    td_strbuf_append(tb->out, u, n);
}

/*
 * An entity or character reference at s[0] == '&': its length when it is
 * one (the character written), else 0 (the '&' is a plain ampersand).
 * Names come from libxml2's HTML 4 table; "&apos;" from XHTML too.
 */
static size_t entity(td_text_builder *tb, const char *s, size_t n)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        i++;
        bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
        if (hex)
            i++;
        uint32_t cp = 0;
        size_t digits = 0;
        for (; i < n && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i]));
             i++, digits++)
            if (cp <= 0x10FFFF) /* past it stays past it, without overflow */
                cp = cp * (hex ? 16 : 10) +
                     (uint32_t)(isdigit((unsigned char)s[i]) ? s[i] - '0'
                                                             : (tolower((unsigned char)s[i]) - 'a' + 10));
        if (digits == 0)
            return 0;
        if (i < n && s[i] == ';')
            i++;
        put_code_point(tb, cp);
        return i;
    }
    char name[33];
    size_t len = 0;
    while (i < n && len < sizeof(name) - 1 && isalnum((unsigned char)s[i]))
        name[len++] = s[i++];
    name[len] = '\0';
    if (len == 0)
        return 0;
    bool semi = i < n && s[i] == ';';
    if (!semi && strcmp(name, "amp") != 0 && strcmp(name, "lt") != 0 &&
        strcmp(name, "gt") != 0 && strcmp(name, "quot") != 0 && strcmp(name, "nbsp") != 0)
        return 0; /* "AT&T", "R&D prices": an ampersand in the text */
    uint32_t cp;
    if (strcmp(name, "apos") == 0) {
        cp = '\'';
    } else {
        const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
        if (!e)
            return 0;
        cp = e->value;
    }
    put_code_point(tb, cp);
    return i + semi;
}

/* Text with references, up to the next tag. */
static void html_chars(td_text_builder *tb, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t end = amp ? (size_t)(amp - s) : n;
        td_text_html_chars(tb, s + i, end - i);
        if (!amp)
            return;
        size_t used = entity(tb, s + end, n - end);
        if (used == 0) {
            flush_pending(tb);
            td_strbuf_putc(tb->out, '&');
            used = 1;
        }
        i = end + used;
    }
}

/* ---- tags --------------------------------------------------------------- */

/* From s[i] (just past "<name"), the index past the tag's '>': quotes in
 * attribute values may hold '>'. n when the tag never ends. */
static size_t tag_end(const char *s, size_t i, size_t n)
{
    char quote = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return n;
}

/* The index of "</name" (any case) from i, or n. */
static size_t find_close(const char *s, size_t i, size_t n, const char *name, size_t len)
{
    while (i + 2 + len <= n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            return n;
        i = (size_t)(lt - s);
        if (i + 2 + len <= n && s[i + 1] == '/' && strncasecmp(s + i + 2, name, len) == 0)
            return i;
        i++;
    }
    return n;
}

static size_t find_str(const char *s, size_t i, size_t n, const char *what)
{
    size_t len = strlen(what);
    while (i + len <= n) {
        const char *p = memchr(s + i, what[0], n - i - len + 1);
        if (!p)
            return n;
        if (memcmp(p, what, len) == 0)
            return (size_t)(p - s);
        i = (size_t)(p - s) + 1;
    }
    return n;
}

void td_text_html(td_text_builder *tb, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t text_end = lt ? (size_t)(lt - s) : n;
        html_chars(tb, s + i, text_end - i);
        i = text_end;
        if (i >= n)
            break;
        /* s[i] == '<' */
        if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
            size_t end = find_str(s, i + 4, n, "-->");
            i = end < n ? end + 3 : n;
            continue;
        }
        if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
            i = tag_end(s, i + 2, n);
            continue;
        }
        bool closing = i + 1 < n && s[i + 1] == '/';
        size_t name_at = i + 1 + closing;
        if (name_at >= n || !isalpha((unsigned char)s[name_at])) {
            /* "a < b", "<3": not a tag */
            flush_pending(tb);
            td_strbuf_putc(tb->out, '<');
            i++;
            continue;
        }
        char name[16];
        size_t len = 0, j = name_at;
        for (; j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == ':'); j++)
            if (len < sizeof(name))
                name[len++] = (char)tolower((unsigned char)s[j]);
        if (j - name_at > sizeof(name))
            len = 0; /* a long name: no element we know */
        size_t end = tag_end(s, j, n);
        bool self_closing = end >= 2 && end <= n && s[end - 1] == '>' && s[end - 2] == '/';
        i = end;
        if (len == 0)
            continue;
        if (!closing && !self_closing && td_html_is_dropped(name, len)) {
            size_t close = find_close(s, i, n, name, len);
            i = close < n ? tag_end(s, close + 2 + len, n) : n;
            continue;
        }
        if (td_html_is_block(name, len))
            td_text_break(tb);
        else if (len == 2 && (memcmp(name, "td", 2) == 0 || memcmp(name, "th", 2) == 0))
            td_text_space(tb);
    }
}
