/* UTF-8 decoding, validation and repair (Unicode 15, section 3.9). */
#include "utf8_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Second-byte range for each lead byte (Table 3-7); 0 marks a bad lead. */
static int utf8_seq_len(unsigned char b, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b < 0x80)
        return 1;
    if (b < 0xC2)
        return 0;
    if (b < 0xE0)
        return 2;
    if (b < 0xF0) {
        if (b == 0xE0)
            *lo = 0xA0;
        else if (b == 0xED)
            *hi = 0x9F;
        return 3;
    }
    if (b < 0xF5) {
        if (b == 0xF0)
            *lo = 0x90;
        else if (b == 0xF4)
            *hi = 0x8F;
        return 4;
    }
    return 0;
}

size_t td_utf8_decode(const char *str, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char lo, hi;
    int len = utf8_seq_len(s[0], &lo, &hi);
    if (len == 1) {
        *cp = s[0];
        return 1;
    }
    *cp = 0xFFFD;
    if (len == 0 || n < 2 || s[1] < lo || s[1] > hi)
        return 1;
    int32_t v = s[0] & (0xFF >> (len + 1));
    v = (v << 6) | (s[1] & 0x3F);
    for (int i = 2; i < len; i++) {
        if ((size_t)i >= n || (s[i] & 0xC0) != 0x80)
            return (size_t)i; /* maximal subpart: lead and valid trail bytes */
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return (size_t)len;
}

size_t td_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0)
        return 0;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            return 0;
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp < 0x110000) {
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

size_t td_utf8_ascii_prefix(const char *s, size_t n)
{
    size_t i = 0;
    /* Eight bytes at a time: any high bit ends the ASCII run. */
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        i += 8;
    }
    while (i < n && !((unsigned char)s[i] & 0x80))
        i++;
    return i;
}

size_t td_utf8_valid_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        i += td_utf8_ascii_prefix(s + i, n - i);
        if (i >= n)
            break;
        int32_t cp;
        size_t len = td_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && !(len == 3 && (unsigned char)s[i] == 0xEF &&
                              (unsigned char)s[i + 1] == 0xBF &&
                              (unsigned char)s[i + 2] == 0xBD))
            return i;
        i += len;
    }
    return n;
}

size_t td_utf8_prev(const char *s, size_t pos)
{
    size_t i = pos;
    size_t lim = pos >= 4 ? pos - 4 : 0;
    while (i > lim) {
        i--;
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return i;
    }
    return pos - 1;
}

int td_utf8_repair(const char *in, size_t len, char **out, size_t *out_len, size_t *repaired)
{
    size_t valid = td_utf8_valid_prefix(in, len);
    *repaired = 0;
    *out = NULL;
    *out_len = len;
    if (valid == len)
        return 0;
    /* Each bad byte becomes at most 3 bytes (U+FFFD). */
    char *buf = malloc(valid + (len - valid) * 3 + 1);
    if (!buf)
        return -1;
    memcpy(buf, in, valid);
    size_t o = valid, i = valid;
    while (i < len) {
        size_t run = td_utf8_valid_prefix(in + i, len - i);
        memcpy(buf + o, in + i, run);
        o += run;
        i += run;
        if (i >= len)
            break;
        int32_t cp;
        i += td_utf8_decode(in + i, len - i, &cp);
        memcpy(buf + o, "\xEF\xBF\xBD", 3);
        o += 3;
        (*repaired)++;
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return 0;
}

size_t td_utf8_count(const char *s, size_t n)
{
    size_t count = 0, i = 0;
    /* Count the bytes that start a code point: all but 10xxxxxx. */
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = (w & ~(w << 1)) & 0x8080808080808080ull; /* 10xxxxxx */
        /* One bit a byte at most: a multiply sums them (the build has no
         * popcount instruction, and libgcc's costs a call). */
        count += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ull) >> 56);
        i += 8;
    }
    for (; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

bool td_utf8_is_alnum(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

bool td_utf8_is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool td_utf8_is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

bool td_utf8_is_space(int32_t cp)
{
    switch (cp) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}
