/*
 * The fast path of JSON Lines input: check a line is one JSON object and
 * find its top-level members, without building a tree or copying strings.
 *
 * jansson parses and copies everything, and was the largest single cost of
 * a run. Most lines only need their "text" and "id"; the rest passes
 * through as bytes. This scanner accepts a subset of what jansson accepts
 * (it gives up on anything unusual: very deep nesting, long or exponent
 * numbers, which jansson range-checks), and the caller falls back to
 * jansson whenever it gives up, so what is accepted, and every error
 * message, stays jansson's.
 */
#include "json_scan.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h> /* x86-64 always has it */
#endif

#define MAX_DEPTH 64

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static int hex4(const char *p, const char *end, unsigned *out)
{
    if (end - p < 4)
        return -1;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            v |= (unsigned)((c | 0x20) - 'a' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* p at the opening quote; returns the position after the closing quote, or
 * NULL. *plain says whether the body has no escapes. The input is valid
 * UTF-8 already (the reader repairs it first). */
/* Whether any of the 8 bytes in v is a quote, a backslash or a control
 * character: the classic "has a zero byte" test on v ^ '"', v ^ '\\' and on
 * v itself below 0x20. It may report one where a byte after a true one
 * borrows, never miss one; the byte loop below decides. */
static bool any_special(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
    return (((q - ones) & ~q) | ((b - ones) & ~b) | ((v - ones * 0x20) & ~v)) & highs;
}

static const char *scan_string(const char *p, const char *end, bool *plain)
{
    p++;
    *plain = true;
    for (;;) {
        /* Article text is long runs of plain bytes: eight at a time. A
         * byte-at-a-time loop here ran at the mercy of where the linker
         * put it (1.7x slower for a 0x50-byte shift on this machine). */
#if defined(__SSE2__)
        /* Sixteen at a time, and straight to the first special byte. */
        while (end - p >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i bias = _mm_xor_si128(v, _mm_set1_epi8((char)0x80));
            __m128i ctl = _mm_cmplt_epi8(bias, _mm_set1_epi8((char)(0x20 ^ 0x80)));
            __m128i q = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
            __m128i bs = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
            unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, _mm_or_si128(q, bs)));
            if (mask) {
                p += __builtin_ctz(mask);
                break;
            }
            p += 16;
        }
#endif
        while (end - p >= 8) {
            uint64_t v;
            memcpy(&v, p, 8);
            if (any_special(v))
                break;
            p += 8;
        }
        if (p >= end)
            break;
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            return p + 1;
        if (c < 0x20)
            return NULL;
        if (c != '\\') {
            p++;
            continue;
        }
        *plain = false;
        if (++p >= end)
            return NULL;
        switch (*p) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            p++;
            break;
        case 'u': {
            unsigned u;
            if (hex4(p + 1, end, &u) != 0)
                return NULL;
            p += 5;
            if (u >= 0xDC00 && u <= 0xDFFF)
                return NULL; /* a low surrogate alone */
            if (u >= 0xD800 && u <= 0xDBFF) {
                unsigned lo;
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, end, &lo) != 0 ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return NULL;
                p += 6;
            }
            break;
        }
        default:
            return NULL;
        }
    }
    return NULL;
}

/* Numbers jansson would read without a range problem: short, no exponent. */
static const char *scan_number(const char *p, const char *end)
{
    const char *start = p;
    if (p < end && *p == '-')
        p++;
    if (p >= end)
        return NULL;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    else
        return NULL;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9')
            return NULL;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E'))
        return NULL;
    return p - start <= 17 ? p : NULL;
}

static const char *scan_value(const char *p, const char *end, int depth, char *kind);

static const char *scan_container(const char *p, const char *end, int depth, bool object)
{
    if (depth >= MAX_DEPTH)
        return NULL;
    char close = object ? '}' : ']';
    p = skip_ws(p + 1, end);
    if (p < end && *p == close)
        return p + 1;
    for (;;) {
        char kind;
        if (object) {
            bool plain;
            if (p >= end || *p != '"' || !(p = scan_string(p, end, &plain)))
                return NULL;
            p = skip_ws(p, end);
            if (p >= end || *p != ':')
                return NULL;
            p = skip_ws(p + 1, end);
        }
        if (!(p = scan_value(p, end, depth + 1, &kind)))
            return NULL;
        p = skip_ws(p, end);
        if (p >= end)
            return NULL;
        if (*p == close)
            return p + 1;
        if (*p != ',')
            return NULL;
        p = skip_ws(p + 1, end);
    }
}

static const char *scan_value(const char *p, const char *end, int depth, char *kind)
{
    if (p >= end)
        return NULL;
    bool plain;
    switch (*p) {
    case '"':
        *kind = 's';
        return scan_string(p, end, &plain);
    case '{':
        *kind = 'o';
        return scan_container(p, end, depth, true);
    case '[':
        *kind = 'a';
        return scan_container(p, end, depth, false);
    case 't':
        *kind = 't';
        return end - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f':
        *kind = 'f';
        return end - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n':
        *kind = 'z';
        return end - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : NULL;
    default:
        *kind = 'n';
        return scan_number(p, end);
    }
}

int td_json_scan_object(const char *s, size_t n, td_json_member_fn fn, void *user)
{
    const char *end = s + n;
    const char *p = skip_ws(s, end);
    if (p >= end || *p != '{')
        return -1;
    p = skip_ws(p + 1, end);
    int count = 0;
    if (p < end && *p == '}') {
        p++;
        goto done;
    }
    for (;;) {
        td_json_member m;
        if (p >= end || *p != '"')
            return -1;
        m.key = p + 1;
        const char *after = scan_string(p, end, &m.key_plain);
        if (!after)
            return -1;
        m.key_len = (size_t)(after - 1 - m.key);
        p = skip_ws(after, end);
        if (p >= end || *p != ':')
            return -1;
        p = skip_ws(p + 1, end);
        m.val = p;
        if (!(p = scan_value(p, end, 1, &m.kind)))
            return -1;
        m.val_len = (size_t)(p - m.val);
        if (m.kind == 's') {
            const char *body = m.val + 1;
            bool plain = true;
            for (const char *q = body; q < p - 1; q++)
                if (*q == '\\') {
                    plain = false;
                    break;
                }
            m.val_plain = plain;
        } else {
            m.val_plain = false;
        }
        count++;
        if (fn && fn(&m, user) != 0)
            return -1;
        p = skip_ws(p, end);
        if (p >= end)
            return -1;
        if (*p == '}') {
            p++;
            break;
        }
        if (*p != ',')
            return -1;
        p = skip_ws(p + 1, end);
    }
done:
    return skip_ws(p, end) == end ? count : -1;
}

bool td_json_key_is(const td_json_member *m, const char *key)
{
    size_t len = strlen(key);
    return m->key_plain && m->key_len == len && memcmp(m->key, key, len) == 0;
}

size_t td_json_unescape(const char *s, size_t n, char *out)
{
    const char *end = s + n;
    char *o = out;
    while (s < end) {
        const char *bs = memchr(s, '\\', (size_t)(end - s));
        size_t run = bs ? (size_t)(bs - s) : (size_t)(end - s);
        memcpy(o, s, run);
        o += run;
        s += run;
        if (!bs)
            break;
        s++; /* the backslash; the scanner checked what follows */
        char c = *s++;
        switch (c) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned u = 0, lo = 0xDC00; /* set by hex4: the scanner checked the digits */
            hex4(s, end, &u);
            s += 4;
            if (u >= 0xD800 && u <= 0xDBFF) {
                hex4(s + 2, end, &lo);
                s += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (u < 0x80) {
                *o++ = (char)u;
            } else if (u < 0x800) {
                *o++ = (char)(0xC0 | (u >> 6));
                *o++ = (char)(0x80 | (u & 0x3F));
            } else if (u < 0x10000) {
                *o++ = (char)(0xE0 | (u >> 12));
                *o++ = (char)(0x80 | ((u >> 6) & 0x3F));
                *o++ = (char)(0x80 | (u & 0x3F));
            } else {
                *o++ = (char)(0xF0 | (u >> 18));
                *o++ = (char)(0x80 | ((u >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((u >> 6) & 0x3F));
                *o++ = (char)(0x80 | (u & 0x3F));
            }
            break;
        }
        default: *o++ = c; /* " \ / */
        }
    }
    return (size_t)(o - out);
}
