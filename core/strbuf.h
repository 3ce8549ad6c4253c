/* A growable byte buffer for building output lines. */
#ifndef TD_STRBUF_H
#define TD_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct td_strbuf {
    char *data;
    size_t len, cap;
    bool oom; /* an append failed; the content is incomplete */
} td_strbuf;

void td_strbuf_init(td_strbuf *b);
void td_strbuf_free(td_strbuf *b);
/* Ensure room for `more` bytes plus a NUL; false when out of memory. */
bool td_strbuf_reserve(td_strbuf *b, size_t more);
void td_strbuf_append(td_strbuf *b, const char *s, size_t n);
void td_strbuf_puts(td_strbuf *b, const char *s);
void td_strbuf_putc(td_strbuf *b, char c);
void td_strbuf_printf(td_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A number in decimal, without printf (it is called for every offset). */
void td_strbuf_u64(td_strbuf *b, uint64_t v);
/* A JSON string literal, quotes included. s must be valid UTF-8. */
void td_strbuf_json_string(td_strbuf *b, const char *s, size_t n);
/* A JSON number: the shortest form that reads back as the same double;
 * null for NaN and infinities, which JSON cannot hold. */
void td_strbuf_json_number(td_strbuf *b, double v);
/* The common cases of append and putc inlined, for the encoder's many
 * short writes: the same bytes as td_strbuf_append / td_strbuf_putc. */
static inline void td_strbuf_add(td_strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap && !td_strbuf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n); /* a few moves for a literal */
    b->len += n;
    b->data[b->len] = '\0';
}
/* A string literal. */
#define td_strbuf_lit(b, lit) td_strbuf_add((b), "" lit, sizeof(lit) - 1)
static inline void td_strbuf_addc(td_strbuf *b, char c)
{
    if (b->len + 2 > b->cap && !td_strbuf_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

/* Hand the content over (NUL-terminated); the buffer is empty after. */
char *td_strbuf_take(td_strbuf *b, size_t *len);

#endif
