/* segment: the number a numeric token stands for. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <tidings/tidings.h>

#include "segment.h"

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

static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Most numbers are ASCII digits, commas and at most one point, with 15
 * digits or fewer: their value at once (what the general loop below
 * gives them), or false to leave the number to it. */
static bool plain_value(const char *text, size_t n, double *value)
{
    uint64_t mant = 0;
    size_t nd = 0, frac = 0;
    bool point = false;
    if (n > 24)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)text[i];
        if (c - '0' < 10u) {
            mant = mant * 10 + (c - '0');
            nd++;
            frac += point;
        } else if (c == '.' && !point) {
            point = true;
        } else if (c != ',') {
            return false;
        }
    }
    if (!nd || nd > 15)
        return false;
    *value = (double)mant / pow10[frac];
    return true;
}

bool seg_number_value(const char *text, size_t n, double *value)
{
    if (plain_value(text, n, value))
        return true;
    char digits[48];
    size_t nd = 0, frac = 0;
    bool point = false;
    uint64_t mant = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        if ((unsigned)(c - '0') < 10u) { /* an ASCII digit, without asking utf8proc */
            if (nd >= 40)
                return false;
            digits[nd++] = (char)c;
            mant = mant * 10 + (uint64_t)(c - '0');
            frac += point;
            i++;
            continue;
        }
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
