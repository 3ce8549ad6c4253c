/* entities: the TSV reader of the stage's lists.
 *
 * The lists are in the one TSV format of every tidings list (the core's
 * td_matcher_load_tsv): tab-separated, `#` comments, blank lines, a byte
 * order mark, CRLF ends, `#@case exact` / `#@case fold` directives, and a
 * bad line fails with "path:line: problem" in the same words. The word
 * lists and the feature lists are read here, not through a matcher: a
 * matcher folds, hashes and copies every row of words.tsv only to be
 * asked for its patterns back, which was most of the stage's start-up.
 * The file is read whole and its rows are cut in place, so a caller may
 * keep pointers into it (ent_tsv_take). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "entities.h"

static int tsv_fail(ent_tsv *t, const char *fmt, ...)
{
    char problem[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof(problem), fmt, ap);
    va_end(ap);
    snprintf(t->err, t->errlen, "%s:%lu: %s", t->path, t->line, problem);
    return -1;
}

int ent_tsv_open(ent_tsv *t, const char *path, unsigned flags, char *err, size_t errlen)
{
    memset(t, 0, sizeof(*t));
    t->path = path;
    t->flags = flags;
    t->err = err;
    t->errlen = errlen;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    /* the buffer sized from the file's size, so a list is read in one
     * go: growing from 64 KiB copied and touched words.tsv's bytes
     * four times over (a pipe or a file that grows still grows it) */
    size_t cap = 1 << 16, n = 0;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (uintmax_t)sb.st_size < SIZE_MAX / 4)
        cap = (size_t)sb.st_size + 1; /* one more: the read that finds the end */
    char *buf = malloc(cap + 8);
    for (;;) {
        if (!buf) {
            fclose(f);
            snprintf(err, errlen, "%s: out of memory", path);
            return -1;
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        char *nb = realloc(buf, cap + 8);
        if (!nb)
            free(buf);
        buf = nb;
    }
    if (ferror(f)) {
        int e = errno ? errno : EIO;
        unsigned long lines = 0;
        for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))) != NULL; p++)
            lines++;
        snprintf(err, errlen, "%s:%lu: read error: %s", path, lines + 1, strerror(e));
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    /* the last line may have no newline: room for its end; and the row
     * walk reads eight bytes at a time, up to seven past it */
    memset(buf + n, 0, 8);
    t->buf = buf;
    t->len = n;
    return 0;
}

/* A bit in each byte of the eight at s that is a newline, a tab, a NUL
 * or a byte of UTF-8 (the lowest such byte's bit is exact; bits above it
 * may be false alarms, which the caller never reads). */
static uint64_t special_bytes(const char *s)
{
    const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
    uint64_t v;
    memcpy(&v, s, 8);
    uint64_t nl = v ^ (lo * '\n'), tab = v ^ (lo * '\t');
    return (((v - lo) & ~v) | ((nl - lo) & ~nl) | ((tab - lo) & ~tab) | v) & hi;
}

/* The offset of the first flagged byte of special_bytes(): the lowest
 * bit on a little-endian machine; byte by byte elsewhere. */
static size_t first_flagged(uint64_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(m) / 8;
#else
    (void)m;
    return 0; /* the caller then reads on one byte at a time */
#endif
}

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static bool is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* "#@case exact" or "#@case fold", for the lines after it. */
static int directive(ent_tsv *t, const char *s)
{
    const char *name = s + 2;
    size_t nlen = strcspn(name, " \t");
    const char *value = name + nlen;
    value += strspn(value, " \t");
    size_t vlen = strlen(value);
    while (vlen && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t'))
        vlen--;
    if (nlen != 4 || memcmp(name, "case", 4) != 0)
        return tsv_fail(t, "unknown directive '#@%.*s'; the one directive is '#@case exact' "
                        "or '#@case fold' (write '# @' for a comment)", (int)nlen, name);
    if (vlen == 5 && memcmp(value, "exact", 5) == 0)
        t->flags &= ~TD_MATCH_FOLD;
    else if (vlen == 4 && memcmp(value, "fold", 4) == 0)
        t->flags |= TD_MATCH_FOLD;
    else
        return tsv_fail(t, "'#@case' takes 'exact' or 'fold', not '%.*s'", (int)vlen, value);
    return 0;
}

int ent_tsv_next(ent_tsv *t, const char **col, size_t maxcol, size_t *ncol)
{
    while (t->pos < t->len) {
        char *s = t->buf + t->pos;
        /* to the line's end, noting its first tab and whether it has a
         * byte of UTF-8 (or a NUL): eight bytes at a time, most rows being
         * one short ASCII word, where memchr calls and the UTF-8 check
         * cost more than the rest of the row */
        size_t len = 0, tab0 = SIZE_MAX;
        unsigned seen = 0;
        for (;;) {
            uint64_t m = special_bytes(s + len);
            if (!m) {
                len += 8;
                continue;
            }
            len += first_flagged(m);
            unsigned char c = (unsigned char)s[len];
            if (c == '\n' || c == '\0')
                break;
            if (c == '\t') {
                if (tab0 == SIZE_MAX)
                    tab0 = len;
            } else {
                seen |= c;
            }
            len++;
        }
        /* the usual row, one ASCII word with nothing to strip or to check
         * (no tab, no CR, no '#', no space at either end, not line 1 with
         * its byte order mark): taken at once */
        if (tab0 == SIZE_MAX && seen < 0x80 && t->line > 0 && len > 0 && s[len] == '\n' &&
            s[0] != '#' && !is_space_byte(s[0]) && !is_space_byte(s[len - 1]) &&
            s[len - 1] != '\r') {
            t->pos += len + 1;
            t->line++;
            s[len] = '\0';
            col[0] = s;
            t->len0 = len;
            *ncol = 1;
            return 1;
        }
        bool check = seen >= 0x80;
        if (s[len] == '\0' && t->pos + len < t->len) { /* a NUL inside the line */
            char *nl = memchr(s + len, '\n', t->len - t->pos - len);
            len = nl ? (size_t)(nl - s) : t->len - t->pos;
            check = true;
        }
        t->pos += len + (t->pos + len < t->len);
        t->line++;
        if (len && s[len - 1] == '\r')
            len--;
        s[len] = '\0';
        if (tab0 > len)
            tab0 = SIZE_MAX;
        if (t->line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3; /* a byte order mark is not part of the first pattern */
            len -= 3;
        }
        if (len >= 2 && s[0] == '#' && s[1] == '@') {
            if (directive(t, s) != 0)
                return -1;
            continue;
        }
        if (len == 0 || s[0] == '#' || ((s[0] == ' ' || s[0] == '\t') && is_blank(s, len)))
            continue;
        if (check) {
            if (memchr(s, '\0', len))
                return tsv_fail(t, "NUL byte");
            size_t valid = td_utf8_valid_prefix(s, len);
            if (valid != len)
                return tsv_fail(t, "invalid UTF-8 at byte %zu", valid + 1);
            char *tab = memchr(s, '\t', len);
            tab0 = tab ? (size_t)(tab - s) : SIZE_MAX;
        }
        /* columns past `maxcol` are not kept: no list here reads them */
        size_t n = 1;
        col[0] = s;
        t->len0 = tab0 == SIZE_MAX ? len : tab0;
        if (tab0 != SIZE_MAX) {
            char *p = s + tab0, *end = s + len;
            for (;;) {
                *p++ = '\0';
                if (n < maxcol)
                    col[n++] = p;
                p = memchr(p, '\t', (size_t)(end - p));
                if (!p)
                    break;
            }
        }
        size_t plen = t->len0;
        if (plen == 0)
            return tsv_fail(t, "empty pattern");
        /* a stray space would be part of the word and never match */
        if (is_space_byte(col[0][0]) || is_space_byte(col[0][plen - 1]))
            return tsv_fail(t, "pattern '%s' has leading or trailing white space", col[0]);
        *ncol = n;
        return 1;
    }
    return 0;
}

char *ent_tsv_take(ent_tsv *t)
{
    char *b = t->buf;
    t->buf = NULL;
    return b;
}

void ent_tsv_close(ent_tsv *t)
{
    free(t->buf);
    t->buf = NULL;
}
