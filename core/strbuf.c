#include "strbuf.h"

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
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (!td_strbuf_reserve(b, n))
        return;
    while (n)
        b->data[b->len++] = tmp[--n];
    b->data[b->len] = '\0';
}

void td_strbuf_json_string(td_strbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    /* Worst case every byte becomes \u00XX. */
    if (!td_strbuf_reserve(b, n * 6 + 2))
        return;
    char *o = b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
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
