/* The matcher's patterns: adding, duplicates, TSV files, accessors.
 * The automaton is built in match_build.c and run in match_scan.c. */
#include "match_internal.h"
#include "utf8_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int match_fail(td_matcher *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->errmsg, sizeof(m->errmsg), fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- string pool ---- */

#define POOL_CHUNK (64 * 1024)

struct match_pool_chunk {
    match_pool_chunk *next;
    _Alignas(16) char data[];
};

static void *pool_alloc(match_pool *p, size_t size, size_t align)
{
    uintptr_t cur = (uintptr_t)p->cur;
    uintptr_t aligned = (cur + align - 1) & ~(uintptr_t)(align - 1);
    if (p->cur && aligned + size <= (uintptr_t)p->end) {
        p->cur = (char *)(aligned + size);
        return (void *)aligned;
    }
    size_t want = size > POOL_CHUNK / 4 ? size : POOL_CHUNK;
    match_pool_chunk *c = malloc(sizeof(*c) + want);
    if (!c)
        return NULL;
    p->bytes += sizeof(*c) + want;
    if (want != POOL_CHUNK && p->head) {
        /* A big request gets a chunk of its own behind the current one, so
         * the room left in the current chunk is not lost. */
        c->next = p->head->next;
        p->head->next = c;
        return c->data;
    }
    c->next = p->head;
    p->head = c;
    p->cur = c->data + size;
    p->end = c->data + want;
    return c->data;
}

static char *pool_strdup(match_pool *p, const char *s, size_t len)
{
    char *d = pool_alloc(p, len + 1, 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

static void pool_free(match_pool *p)
{
    match_pool_chunk *c = p->head;
    while (c) {
        match_pool_chunk *next = c->next;
        free(c);
        c = next;
    }
    memset(p, 0, sizeof(*p));
}

/* ---- life cycle ---- */

td_matcher *td_matcher_new(void)
{
    td_matcher *m = calloc(1, sizeof(td_matcher));
    if (m)
        m->dense_bytes = MATCH_DENSE_DEFAULT;
    return m;
}

void td_matcher_free(td_matcher *m)
{
    if (!m)
        return;
    match_automaton_free(m);
    free(m->hash);
    free(m->pats);
    pool_free(&m->pool);
    free(m);
}

const char *td_matcher_errmsg(const td_matcher *m)
{
    return m ? m->errmsg : "no matcher";
}

/* ---- duplicates: a pattern is a duplicate of an earlier one when both
 * match the same texts (same flag, same key: folded text or exact text)
 * and carry the same payload. The same text with another payload is a
 * pattern of its own ("Georgia" the country and the US state). */

static uint64_t key_hash(const char *key, size_t len, unsigned fold)
{
    uint64_t h = 14695981039346656037ull ^ fold;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static bool same_key(const match_pattern *p, const char *key, size_t len, unsigned fold)
{
    return (p->flags & TD_MATCH_FOLD) == fold && p->keylen == len &&
           memcmp(p->key, key, len) == 0;
}

static bool same_payload(const match_pattern *p, const char *const *payload, size_t npayload)
{
    if (p->npayload != npayload)
        return false;
    for (size_t i = 0; i < npayload; i++)
        if (strcmp(p->payload[i], payload[i]) != 0)
            return false;
    return true;
}

/* The slot holding an equal pattern (same key and payload), or the empty
 * slot where it would go. With `payload` NULL, any payload is equal (for
 * rebuilding the table). `*same_text` (if not NULL) gets the first pattern
 * met with the same key, or MATCH_NONE. */
static uint32_t *hash_slot(td_matcher *m, const char *key, size_t len, unsigned fold,
                           const char *const *payload, size_t npayload, uint32_t *same_text)
{
    uint32_t mask = m->hashcap - 1;
    uint32_t i = (uint32_t)key_hash(key, len, fold) & mask;
    if (same_text)
        *same_text = MATCH_NONE;
    for (;;) {
        uint32_t *slot = &m->hash[i];
        if (*slot == MATCH_NONE)
            return slot;
        const match_pattern *p = &m->pats[*slot];
        if (same_key(p, key, len, fold)) {
            if (same_text && *same_text == MATCH_NONE)
                *same_text = *slot;
            if (!payload || same_payload(p, payload, npayload))
                return slot;
        }
        i = (i + 1) & mask;
    }
}

/* Rebuild the table for the first npats patterns at capacity cap. */
static int hash_rebuild(td_matcher *m, uint32_t cap)
{
    if (cap < 64)
        cap = 64;
    while (cap / 2 < m->npats + 1) /* at most half full, never full */
        cap *= 2;
    uint32_t *h = malloc((size_t)cap * sizeof(*h));
    if (!h)
        return -1;
    free(m->hash);
    m->hash = h;
    m->hashcap = cap;
    memset(h, 0xFF, (size_t)cap * sizeof(*h));
    for (uint32_t id = 0; id < m->npats; id++) {
        const match_pattern *p = &m->pats[id];
        *hash_slot(m, p->key, p->keylen, p->flags & TD_MATCH_FOLD, p->payload, p->npayload,
                   NULL) = id;
    }
    return 0;
}

/* ---- adding ---- */

/* "file:line" of a pattern, or "td_matcher_add" for one added by hand. */
static void where(const char *source, uint32_t line, char *buf, size_t len)
{
    if (source)
        snprintf(buf, len, "%s:%u", source, line);
    else
        snprintf(buf, len, "td_matcher_add");
}

static void warn_repeat(td_matcher *m, uint32_t earlier, const char *source, uint32_t line,
                        bool exact)
{
    if (!m->warn)
        return;
    const match_pattern *p = &m->pats[earlier];
    char here[256], there[256], msg[1024];
    where(source, line, here, sizeof(here));
    where(p->source, p->line, there, sizeof(there));
    if (exact)
        snprintf(msg, sizeof(msg), "%s: '%s' repeats %s exactly (same case mode and payload); "
                 "skipped", here, p->text, there);
    else
        snprintf(msg, sizeof(msg), "%s: '%s' is also at %s with another payload; a match "
                 "reports both", here, p->text, there);
    m->warn(msg, m->warn_user);
}

/* Add one pattern; on a bad pattern, writes the problem into m->errmsg
 * (without location: the callers add theirs). `source` is pooled or NULL. */
static int add_pattern(td_matcher *m, const char *pattern, size_t len, unsigned flags,
                       const char *const *payload, size_t npayload, uint32_t *id,
                       const char *source, uint32_t line)
{
    if (m->built)
        return match_fail(m, "cannot add patterns after td_matcher_build");
    if (flags & ~TD_MATCH_FOLD)
        return match_fail(m, "unknown flags 0x%x", flags);
    if (!pattern || len == 0)
        return match_fail(m, "empty pattern");
    if (len > UINT32_MAX / 4 || npayload > UINT32_MAX)
        return match_fail(m, "pattern or payload too long");
    if (memchr(pattern, '\0', len))
        return match_fail(m, "NUL byte in pattern");
    size_t valid = td_utf8_valid_prefix(pattern, len);
    if (valid != len)
        return match_fail(m, "invalid UTF-8 in pattern at byte %zu", valid + 1);
    if (npayload && !payload)
        return match_fail(m, "payload is NULL");
    for (size_t i = 0; i < npayload; i++)
        if (!payload[i])
            return match_fail(m, "payload column %zu is NULL", i + 1);
    if (m->npats >= MATCH_MAX_PATTERNS)
        return match_fail(m, "too many patterns");

    int rc = -1;
    char *folded = NULL;
    const char *key = pattern;
    size_t keylen = len;
    if (flags & TD_MATCH_FOLD) {
        folded = match_fold_str(pattern, len, &keylen);
        if (!folded)
            return match_fail(m, "out of memory");
        if (keylen > UINT32_MAX / 4) {
            free(folded);
            return match_fail(m, "pattern too long");
        }
        key = folded;
    }

    /* Keep the table at most half full. */
    if ((m->npats + 1) * 2 > m->hashcap &&
        hash_rebuild(m, m->hashcap ? m->hashcap * 2 : 64) != 0) {
        match_fail(m, "out of memory");
        goto out;
    }
    static const char *const no_payload[1] = {NULL};
    uint32_t same_text;
    uint32_t *slot = hash_slot(m, key, keylen, flags & TD_MATCH_FOLD,
                               npayload ? payload : no_payload, npayload, &same_text);
    if (*slot != MATCH_NONE) { /* a duplicate: the first one stays */
        warn_repeat(m, *slot, source, line, true);
        if (id)
            *id = *slot;
        rc = 0;
        goto out;
    }
    if (same_text != MATCH_NONE)
        warn_repeat(m, same_text, source, line, false);
    if (m->npats == m->cappats) {
        uint32_t cap = m->cappats ? m->cappats * 2 : 64;
        match_pattern *np = realloc(m->pats, (size_t)cap * sizeof(*np));
        if (!np) {
            match_fail(m, "out of memory");
            goto out;
        }
        m->pats = np;
        m->cappats = cap;
    }

    match_pattern p = {0};
    p.len = (uint32_t)len;
    p.keylen = (uint32_t)keylen;
    p.npayload = (uint32_t)npayload;
    p.flags = flags;
    p.source = source;
    p.line = line;
    char *text = pool_strdup(&m->pool, pattern, len);
    const char **cols = npayload ? pool_alloc(&m->pool, npayload * sizeof(*cols),
                                              _Alignof(const char *)) : NULL;
    if (!text || (npayload && !cols)) {
        match_fail(m, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < npayload; i++) {
        cols[i] = pool_strdup(&m->pool, payload[i], strlen(payload[i]));
        if (!cols[i]) {
            match_fail(m, "out of memory");
            goto out;
        }
    }
    p.text = text;
    p.payload = cols;
    p.key = text;
    if (folded && (keylen != len || memcmp(folded, text, len) != 0)) {
        p.key = pool_strdup(&m->pool, folded, keylen);
        if (!p.key) {
            match_fail(m, "out of memory");
            goto out;
        }
    }
    int32_t cp;
    td_utf8_decode(text, len, &cp);
    if (td_utf8_is_alnum(cp))
        p.flags |= MATCH_ALNUM_FIRST;
    size_t last = td_utf8_prev(text, len);
    td_utf8_decode(text + last, len - last, &cp);
    if (td_utf8_is_alnum(cp))
        p.flags |= MATCH_ALNUM_LAST;

    *slot = m->npats;
    if (id)
        *id = m->npats;
    m->pats[m->npats++] = p;
    rc = 0;
out:
    free(folded);
    return rc;
}

int td_matcher_add(td_matcher *m, const char *pattern, size_t len, unsigned flags,
                   const char *const *payload, size_t npayload, uint32_t *id)
{
    if (!m)
        return -1;
    return add_pattern(m, pattern, len, flags, payload, npayload, id, NULL, 0);
}

void td_matcher_on_warning(td_matcher *m, td_match_warn_fn fn, void *user)
{
    if (!m)
        return;
    m->warn = fn;
    m->warn_user = user;
}

/* ---- TSV files ---- */

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

/* One record: split on tabs in place and add it. 0, or -1 with the
 * problem in m->errmsg. */
static int load_line(td_matcher *m, char *line, size_t len, unsigned flags,
                     const char ***cols, size_t *capcols, const char *source, uint32_t lineno)
{
    if (memchr(line, '\0', len))
        return match_fail(m, "NUL byte");
    size_t valid = td_utf8_valid_prefix(line, len);
    if (valid != len)
        return match_fail(m, "invalid UTF-8 at byte %zu", valid + 1);
    size_t n = 0;
    char *p = line, *end = line + len;
    for (;;) {
        char *tab = memchr(p, '\t', (size_t)(end - p));
        if (n == *capcols) {
            size_t cap = *capcols ? *capcols * 2 : 8;
            const char **nc = realloc(*cols, cap * sizeof(*nc));
            if (!nc)
                return match_fail(m, "out of memory");
            *cols = nc;
            *capcols = cap;
        }
        (*cols)[n++] = p;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    const char *pat = (*cols)[0];
    size_t plen = strlen(pat);
    if (plen == 0)
        return match_fail(m, "empty pattern");
    /* A stray space would silently turn off the boundary check on that side. */
    if (is_space_byte(pat[0]) || is_space_byte(pat[plen - 1]))
        return match_fail(m, "pattern '%s' has leading or trailing white space", pat);
    return add_pattern(m, pat, plen, flags, *cols + 1, n - 1, NULL, source, lineno);
}

/* A directive line, "#@name value": only "#@case exact" and "#@case fold",
 * which set the case mode of the lines after it. 0, or -1 with the
 * problem in m->errmsg. */
static int directive(td_matcher *m, const char *s, unsigned *flags)
{
    const char *name = s + 2;
    size_t nlen = strcspn(name, " \t");
    const char *value = name + nlen;
    value += strspn(value, " \t");
    size_t vlen = strlen(value);
    while (vlen && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t'))
        vlen--;
    if (nlen != 4 || memcmp(name, "case", 4) != 0)
        return match_fail(m, "unknown directive '#@%.*s'; the one directive is '#@case exact' "
                          "or '#@case fold' (write '# @' for a comment)", (int)nlen, name);
    if (vlen == 5 && memcmp(value, "exact", 5) == 0)
        *flags &= ~TD_MATCH_FOLD;
    else if (vlen == 4 && memcmp(value, "fold", 4) == 0)
        *flags |= TD_MATCH_FOLD;
    else
        return match_fail(m, "'#@case' takes 'exact' or 'fold', not '%.*s'", (int)vlen, value);
    return 0;
}

/* Forget the patterns added since `keep` (a failed load adds nothing). */
static void truncate_patterns(td_matcher *m, uint32_t keep)
{
    if (m->npats == keep)
        return;
    m->npats = keep;
    if (hash_rebuild(m, m->hashcap) != 0) {
        /* Without a table every later add fails cleanly. */
        free(m->hash);
        m->hash = NULL;
        m->hashcap = 0;
    }
}

int td_matcher_load_tsv(td_matcher *m, const char *path, unsigned flags)
{
    if (!m)
        return -1;
    if (!path)
        return match_fail(m, "no path");
    if (m->built)
        return match_fail(m, "%s: cannot add patterns after td_matcher_build", path);
    FILE *f = fopen(path, "r");
    if (!f)
        return match_fail(m, "%s: %s", path, strerror(errno));
    uint32_t keep = m->npats;
    char *line = NULL;
    size_t cap = 0, capcols = 0;
    const char **cols = NULL;
    unsigned long lineno = 0;
    int rc = -1;
    ssize_t n;
    /* One copy of the path for every pattern of the file (td_matcher_source). */
    const char *source = pool_strdup(&m->pool, path, strlen(path));
    if (!source) {
        fclose(f);
        return match_fail(m, "%s: out of memory", path);
    }
    errno = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)n;
        char *s = line;
        lineno++;
        if (len && s[len - 1] == '\n')
            len--;
        if (len && s[len - 1] == '\r')
            len--;
        s[len] = '\0';
        if (lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3; /* a byte order mark is not part of the first pattern */
            len -= 3;
        }
        int bad = 0;
        if (len >= 2 && s[0] == '#' && s[1] == '@')
            bad = directive(m, s, &flags);
        else if (len == 0 || s[0] == '#' || is_blank(s, len))
            continue;
        else
            bad = load_line(m, s, len, flags, &cols, &capcols, source,
                            lineno > UINT32_MAX ? UINT32_MAX : (uint32_t)lineno);
        if (bad) {
            char problem[sizeof(m->errmsg)];
            memcpy(problem, m->errmsg, sizeof(problem));
            match_fail(m, "%s:%lu: %s", path, lineno, problem);
            goto out;
        }
        errno = 0;
    }
    if (ferror(f)) {
        match_fail(m, "%s:%lu: read error: %s", path, lineno + 1,
                   strerror(errno ? errno : EIO));
        goto out;
    }
    rc = 0;
out:
    if (rc != 0)
        truncate_patterns(m, keep);
    free(cols);
    free(line);
    fclose(f);
    return rc;
}

/* ---- accessors ---- */

int td_matcher_build(td_matcher *m)
{
    if (!m)
        return -1;
    if (m->built)
        return match_fail(m, "matcher already built");
    if (match_build(m) != 0)
        return -1;
    free(m->hash);
    m->hash = NULL;
    m->hashcap = 0;
    m->built = true;
    return 0;
}

int td_matcher_set_dense_bytes(td_matcher *m, size_t bytes)
{
    if (!m)
        return -1;
    if (m->built)
        return match_fail(m, "matcher already built");
    m->dense_bytes = bytes;
    return 0;
}

size_t td_matcher_count(const td_matcher *m)
{
    return m ? m->npats : 0;
}

const char *td_matcher_pattern(const td_matcher *m, uint32_t id)
{
    return m && id < m->npats ? m->pats[id].text : NULL;
}

const char *const *td_matcher_payload(const td_matcher *m, uint32_t id, size_t *n)
{
    if (!m || id >= m->npats) {
        if (n)
            *n = 0;
        return NULL;
    }
    if (n)
        *n = m->pats[id].npayload;
    return m->pats[id].payload;
}

const char *td_matcher_source(const td_matcher *m, uint32_t id, unsigned *line)
{
    const char *source = m && id < m->npats ? m->pats[id].source : NULL;
    if (line)
        *line = source ? m->pats[id].line : 0;
    return source;
}

size_t td_matcher_memory(const td_matcher *m)
{
    if (!m)
        return 0;
    return sizeof(*m) + m->pool.bytes + (size_t)m->cappats * sizeof(*m->pats) +
           (size_t)m->hashcap * sizeof(*m->hash) + m->automaton_bytes;
}
