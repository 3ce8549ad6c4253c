/* Case folding for the matcher: Unicode full case folding (utf8proc), one
 * code point at a time, so a folded text maps back to the original. */
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>
#include <tidings/utf8.h>
#include <utf8proc.h>

size_t match_fold_cp(int32_t cp, char *out, int *ncp)
{
    if (cp < 0x80) {
        *ncp = 1;
        if (cp >= 'A' && cp <= 'Z') {
            out[0] = (char)(cp + 32);
            return 1;
        }
        return 0;
    }
    /* Most code points have no folding: one property lookup says so. */
    if (utf8proc_get_property(cp)->casefold_seqindex == UINT16_MAX) {
        *ncp = 1;
        return 0;
    }
    utf8proc_int32_t buf[8];
    int last_boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 8, UTF8PROC_CASEFOLD,
                                                 &last_boundclass);
    if (n <= 0 || n > 3) { /* cannot happen with utf8proc's tables; keep cp */
        *ncp = 1;
        return 0;
    }
    size_t len = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        size_t l = td_utf8_encode(buf[i], out + len);
        if (l == 0) {
            *ncp = 1;
            return 0;
        }
        len += l;
    }
    *ncp = (int)n;
    return len;
}

char *match_fold_str(const char *s, size_t len, size_t *out_len)
{
    size_t cap = len + 16, o = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (size_t i = 0; i < len;) {
        /* Most patterns are ASCII: lower-case them a byte at a time, with
         * no decoding, while the bytes are (and there is room: a folding
         * before may have made the text longer). */
        while (i < len && o + 1 < cap && (unsigned char)s[i] < 0x80) {
            unsigned char c = (unsigned char)s[i++];
            buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (i >= len)
            break;
        if (cap - o < MATCH_FOLD_MAX + 1) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        int32_t cp;
        size_t l = td_utf8_decode(s + i, len - i, &cp);
        int ncp;
        size_t fl = match_fold_cp(cp, buf + o, &ncp);
        if (fl == 0) {
            memcpy(buf + o, s + i, l);
            fl = l;
        }
        o += fl;
        i += l;
    }
    buf[o] = '\0';
    *out_len = o;
    return buf;
}
