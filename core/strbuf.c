#include "strbuf.h"

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h> /* x86-64 always has it: sixteen bytes a test */
#endif

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void td_strbuf_init(td_strbuf *b) { memset(b, 0, sizeof(*b)); }

void td_strbuf_free(td_strbuf *b)
{
    free(b->data);
    td_strbuf_init(b);
}

bool td_strbuf_reserve(td_strbuf *b, size_t more)
{
    if (b->oom)
        return false;
    if (b->len + more + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void td_strbuf_append(td_strbuf *b, const char *s, size_t n)
{
    if (!td_strbuf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void td_strbuf_puts(td_strbuf *b, const char *s) { td_strbuf_append(b, s, strlen(s)); }

void td_strbuf_putc(td_strbuf *b, char c)
{
    if (!td_strbuf_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void td_strbuf_printf(td_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !td_strbuf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void td_strbuf_u64(td_strbuf *b, uint64_t v)
{
    /* Two digits a step, from the end of a buffer (offsets are mostly
     * 4-6 digits: two or three steps instead of a division per digit). */
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    char tmp[20];
    size_t n = sizeof(tmp);
    while (v >= 100) {
        unsigned p = (unsigned)(v % 100) * 2;
        v /= 100;
        tmp[--n] = pairs[p + 1];
        tmp[--n] = pairs[p];
    }
    if (v >= 10) {
        tmp[--n] = pairs[v * 2 + 1];
        tmp[--n] = pairs[v * 2];
    } else {
        tmp[--n] = (char)('0' + v);
    }
    td_strbuf_add(b, tmp + n, sizeof(tmp) - n);
}

/* Bytes a JSON string cannot hold as they are: controls, '"' and '\\'. */
static const bool json_escaped[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1,
    [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
    [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1,
    [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* Eight bytes with none to escape: no byte below 0x20, none '"' or '\\'
 * (the exact "has a byte less than" and "has a zero byte" word tricks). */
static inline bool plain8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
    uint64_t bad = (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high;
    return bad == 0;
}

void td_strbuf_json_string(td_strbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    /* Room for the text as it is and its quotes; an escape makes room for
     * itself. Reserving the worst case (six bytes a byte) up front made a
     * document's text grow the whole output buffer, copy and all. */
    if (b->len + n + 3 > b->cap && !td_strbuf_reserve(b, n + 2))
        return;
    char *o = b->data + b->len;
    *o++ = '"';
    size_t i = 0;
    while (i < n) {
        /* Most text needs no escaping: sixteen bytes a test. Where one of
         * them does, the plain bytes before it go in the same store and the
         * loop goes on at the escape, so a quote mark costs one test, not
         * a byte-by-byte walk to the end of its sixteen. The store may
         * write past the plain part: the room reserved for the rest of the
         * text covers it, and what follows overwrites it. */
#if defined(__SSE2__)
        if (n - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            /* bytes below 0x20 as signed compare: 0x80.. are negative,
             * so test the unsigned range with a bias */
            __m128i bias = _mm_xor_si128(v, _mm_set1_epi8((char)0x80));
            __m128i ctl = _mm_cmplt_epi8(bias, _mm_set1_epi8((char)(0x20 ^ 0x80)));
            __m128i q = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
            __m128i bs = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
            unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, _mm_or_si128(q, bs)));
            _mm_storeu_si128((__m128i *)(void *)o, v);
            if (mask == 0) {
                o += 16;
                i += 16;
                continue;
            }
            unsigned plain = (unsigned)__builtin_ctz(mask);
            o += plain;
            i += plain; /* s[i] is escaped: below */
        } else
#endif
        if (n - i >= 8 && plain8(s + i)) {
            memcpy(o, s + i, 8);
            o += 8;
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i++];
        if (!json_escaped[c]) {
            *o++ = (char)c;
            continue;
        }
        /* Up to five bytes more than the one planned for: the rest of the
         * text and the closing quote must still fit. */
        size_t at = (size_t)(o - b->data);
        if (at + 6 + (n - i) + 2 > b->cap) {
            b->len = at;
            if (!td_strbuf_reserve(b, 6 + (n - i) + 1))
                return;
            o = b->data + at;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

/*
 * v as "%.15g" would print it, when that is short work: 1e-4 <= |v| < 1e15
 * and v is m / 10^k for a whole m below 10^15 and k <= 8 (a price, a
 * percentage, a score). Then v has at most 15 significant digits, its
 * double is within half an ulp of them, far less than half a unit of the
 * 15th digit, so %.15g prints those digits, in fixed notation (the
 * exponent is in [-4, 15)) without trailing zeros; and the string reads
 * back as v (m / 10^k is correctly rounded, as strtod is), so the shortest
 * round trip of td_strbuf_json_number stops at 15 digits too. false when
 * v is not of that form.
 */
static bool short_decimal(td_strbuf *b, double v)
{
    static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e15))
        return false;
    for (int k = 1; k <= 8; k++) {
        double m = nearbyint(a * pow10[k]);
        if (m >= 1e15)
            return false;
        if (m / pow10[k] != a)
            continue;
        uint64_t whole = (uint64_t)m, unit = (uint64_t)pow10[k];
        uint64_t ip = whole / unit, fp = whole % unit;
        if (fp == 0)
            return false; /* whole: not reached, the caller prints those */
        char tmp[40];
        size_t n = 0;
        if (v < 0)
            tmp[n++] = '-';
        char digits[20];
        size_t nd = 0;
        do {
            digits[nd++] = (char)('0' + ip % 10);
            ip /= 10;
        } while (ip);
        while (nd)
            tmp[n++] = digits[--nd];
        /* k fraction digits, trailing zeros dropped (fp > 0: v is not whole) */
        int last = k;
        while (fp % 10 == 0) {
            fp /= 10;
            last--;
        }
        tmp[n++] = '.';
        char frac[8];
        for (int d = last - 1; d >= 0; d--) {
            frac[d] = (char)('0' + fp % 10);
            fp /= 10;
        }
        memcpy(tmp + n, frac, (size_t)last);
        n += (size_t)last;
        td_strbuf_append(b, tmp, n);
        return true;
    }
    return false;
}

void td_strbuf_json_number(td_strbuf *b, double v)
{
    if (!isfinite(v)) {
        td_strbuf_puts(b, "null");
        return;
    }
    /* Range first: converting a double beyond long long is undefined. */
    if (fabs(v) < 1e15 && v == (double)(long long)v) {
        if (v < 0)
            td_strbuf_putc(b, '-');
        td_strbuf_u64(b, (uint64_t)(v < 0 ? -(long long)v : (long long)v));
        return;
    }
    if (short_decimal(b, v))
        return;
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    td_strbuf_puts(b, tmp);
}

char *td_strbuf_take(td_strbuf *b, size_t *len)
{
    if (b->oom) {
        td_strbuf_free(b);
        return NULL;
    }
    if (!b->data) {
        if (!td_strbuf_reserve(b, 0))
            return NULL;
        b->data[0] = '\0';
    }
    char *d = b->data;
    if (len)
        *len = b->len;
    td_strbuf_init(b);
    return d;
}
