/*
 * The stage's lexicons, and the one walk over the tokens that marks them.
 *
 * Entries are keyed by tokens as segment cuts them, not by bytes: a
 * pattern is one or more tokens separated by spaces ("per cent", "U.S.
 * dollars", "year-on-year", "US$"), looked up from each token's text in
 * a hash table. This finds what a byte matcher with word boundaries
 * cannot ("bn" in "1.13bn", which segment splits off the number) and costs
 * one hash per token: the shared matcher, with these frequent short words,
 * ran at about 70 MB/s, a third of the stage's budget.
 *
 * Two line formats, tab-separated, '#' comments, blank lines skipped:
 *   currency files:  pattern  ISO-4217  kind      (kind "minor": 1/100)
 *   cue files:       pattern  class     [value]   (class as in cl_class)
 * A line "#@case exact" or "#@case fold" sets how the lines after it
 * match (fold by default), as the shared gazetteers write it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims.h"

static const struct {
    const char *name;
    cl_class cls;
} class_names[] = {
    {"scale", CL_SCALE},         {"percent", CL_PERCENT},     {"points", CL_POINTS},
    {"basis_points", CL_BASISPT}, {"unit", CL_UNIT},          {"notunit", CL_NOTUNIT},
    {"qualifier", CL_QUALIFIER}, {"up", CL_UP},               {"down", CL_DOWN},
    {"flat", CL_FLAT},           {"from", CL_FROM},           {"basis", CL_BASIS},
    {"month", CL_MONTH},         {"ordinal", CL_ORDINAL},     {"numword", CL_NUMWORD},
    {"period", CL_PERIOD},       {"time", CL_TIME},           {"rank", CL_RANK},
    {"age", CL_AGE},             {"share", CL_SHARE},         {"level", CL_LEVEL},
    {"report", CL_REPORT},       {"according", CL_ACCORDING}, {"forecast", CL_FORECAST},
    {"pronoun", CL_PRONOUN},     {"clause", CL_CLAUSE},       {"currency", CL_CURRENCY},  {"title", CL_TITLE}, {"modal", CL_MODAL},
};

#define CL_BLOCK 16384 /* bytes of strings per block */

static const char *keep(cl_lexicon *lex, const char *s, size_t n)
{
    if (!lex->nblocks || lex->room - lex->used < n + 1) {
        if (lex->nblocks == lex->bcap) {
            size_t cap = lex->bcap ? lex->bcap * 2 : 16;
            char **v = realloc(lex->blocks, cap * sizeof(*v));
            if (!v)
                return NULL;
            lex->blocks = v;
            lex->bcap = cap;
        }
        size_t room = n + 1 > CL_BLOCK ? n + 1 : CL_BLOCK;
        char *b = malloc(room);
        if (!b)
            return NULL;
        lex->blocks[lex->nblocks++] = b;
        lex->used = 0;
        lex->room = room;
    }
    char *c = lex->blocks[lex->nblocks - 1] + lex->used;
    memcpy(c, s, n);
    c[n] = '\0';
    lex->used += n + 1;
    return c;
}

/* Numbers in the lexicon: plain decimals or 1eN. */
static bool parse_num(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && errno == 0;
}

static int add_line(cl_lexicon *lex, char *line, bool currency, unsigned flags,
                    const char *where, char *err, size_t errlen)
{
    char *col[4] = {line, NULL, NULL, NULL};
    size_t ncol = 1;
    for (char *p = line; *p && ncol < 4; p++)
        if (*p == '\t') {
            *p = '\0';
            col[ncol++] = p + 1;
        }
    if (ncol < 2 || !*col[0] || !*col[1]) {
        snprintf(err, errlen, "%s: expected a pattern and a %s column", where,
                 currency ? "currency code" : "class");
        return -1;
    }
    cl_entry e = {0};
    if (currency) {
        e.cls = CL_CURRENCY;
        const char *kind = ncol > 2 ? col[2] : "";
        e.minor = strcmp(kind, "minor") == 0;
        /* symbols and codes stand before a number ("$5", "USD 5"); names
         * after it ("5 dollars"); a file without kinds: anything not
         * spelled in lower case */
        e.prefix = strcmp(kind, "symbol") == 0 || strcmp(kind, "code") == 0 ||
                   (!*kind && !(col[0][0] >= 'a' && col[0][0] <= 'z'));
        e.num = 1;
        e.str = keep(lex, col[1], strlen(col[1]));
    } else {
        for (size_t k = 0; k < sizeof(class_names) / sizeof(class_names[0]); k++)
            if (strcmp(col[1], class_names[k].name) == 0)
                e.cls = (uint8_t)class_names[k].cls;
        if (e.cls == CL_NONE) {
            snprintf(err, errlen, "%s: unknown class '%s'", where, col[1]);
            return -1;
        }
        const char *val = ncol > 2 ? col[2] : "";
        if (e.cls == CL_CURRENCY) {
            e.minor = ncol > 3 && strcmp(col[3], "minor") == 0;
        } else if (*val && parse_num(val, &e.num)) {
            val = NULL; /* a number */
        } else if (!*val) {
            val = col[0];
        }
        if (val && !(e.str = keep(lex, val, strlen(val)))) {
            snprintf(err, errlen, "%s: out of memory", where);
            return -1;
        }
    }
    e.source = keep(lex, where, strlen(where));
    if (!e.source || (currency && !e.str)) {
        snprintf(err, errlen, "%s: out of memory", where);
        return -1;
    }
    return cl_lexicon_add(lex, col[0], flags == 0, &e, where, err, errlen);
}

/* cl_fold8 of n bytes that may lie at the end of a buffer */
static uint64_t fold8_copy(const char *s, size_t n)
{
    char buf[8] = {0};
    memcpy(buf, s, n < 8 ? n : 8);
    return cl_fold8(buf, n);
}

/* lex->heads from lex->slots, after every load: the probe of
 * cl_mark_cues reads one 16-byte slot per step, not a pattern and its
 * key (two or three cache lines apart). */
static int build_heads(cl_lexicon *lex)
{
    size_t nheads = 0;
    for (size_t k = 0; k < lex->nslots; k++)
        nheads += lex->slots[k] != UINT32_MAX;
    size_t cap = 16;
    while (cap < 2 * nheads)
        cap *= 2;
    cl_head *v = malloc(cap * sizeof(*v));
    if (!v)
        return -1;
    for (size_t k = 0; k < cap; k++)
        v[k] = (cl_head){.chain = UINT32_MAX};
    for (size_t k = 0; k < lex->nslots; k++) {
        uint32_t p = lex->slots[k];
        if (p == UINT32_MAX)
            continue;
        const cl_pattern *q = &lex->pats[p];
        size_t h = q->hash & (cap - 1);
        while (v[h].chain != UINT32_MAX)
            h = (h + 1) & (cap - 1);
        v[h] = (cl_head){.w8 = fold8_copy(q->key, q->len[0]), .chain = p, .len = q->len[0]};
    }
    free(lex->heads);
    lex->heads = v;
    lex->nheads = cap;
    cl_link *l = malloc((lex->npats ? lex->npats : 1) * sizeof(*l));
    if (!l)
        return -1;
    for (size_t k = 0; k < lex->npats; k++) {
        const cl_pattern *q = &lex->pats[k];
        int c = q->entry.cls;
        uint8_t has = c == CL_NUMWORD                           ? CL_HAS_NUMBER
                      : c == CL_REPORT || c == CL_ACCORDING ? CL_HAS_SPEECH
                      : c == CL_FORECAST                    ? CL_HAS_SPEECH | CL_HAS_FUTURE
                      : c == CL_MODAL                       ? CL_HAS_FUTURE
                                                            : 0;
        l[k] = (cl_link){.next = q->next,
                         .nwords = q->nwords,
                         .len1 = q->nwords > 1 ? q->len[1] : 0,
                         .exact = q->exact,
                         .has = has};
    }
    free(lex->links);
    lex->links = l;
    return 0;
}

int cl_lexicon_load(cl_lexicon *lex, const char *path, bool currency, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char line[1024], where[300];
    unsigned flags = 1, lineno = 0; /* 1: fold case */
    int rc = 0;
    while (fgets(line, sizeof(line), fp)) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        char *p = line;
        if (lineno == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
            (unsigned char)p[2] == 0xBF)
            p += 3;
        if (strncmp(p, "#@case", 6) == 0) {
            const char *how = p + 6;
            while (*how == ' ' || *how == '\t')
                how++;
            if (strncmp(how, "exact", 5) == 0)
                flags = 0;
            else if (strncmp(how, "fold", 4) == 0)
                flags = 1;
            else {
                snprintf(err, errlen, "%s:%u: #@case wants exact or fold", base, lineno);
                rc = -1;
                break;
            }
            continue;
        }
        if (!*p || *p == '#')
            continue;
        /* "file:line" without snprintf, which cost a quarter of the load */
        size_t wl = 0;
        where[0] = '\0';
        cl_put_text(where, sizeof(where), &wl, base, strlen(base));
        cl_put_text(where, sizeof(where), &wl, ":", 1);
        cl_put_int(where, sizeof(where), &wl, (long)lineno, 0);
        if (add_line(lex, p, currency, flags, where, err, errlen) != 0) {
            rc = -1;
            break;
        }
    }
    fclose(fp);
    if (rc == 0 && build_heads(lex) != 0) {
        snprintf(err, errlen, "%s: out of memory", base);
        rc = -1;
    }
    return rc;
}

void cl_lexicon_free(cl_lexicon *lex)
{
    free(lex->heads);
    free(lex->links);
    free(lex->slots);
    free(lex->pats);
    for (size_t i = 0; i < lex->nblocks; i++)
        free(lex->blocks[i]);
    free(lex->blocks);
    memset(lex, 0, sizeof(*lex));
}

/* ---- the table ---------------------------------------------------- */

static uint32_t hash_bytes(const char *s, size_t n) { return cl_word_key(s, n); }

/* ASCII case folding into buf; 0 when the word is too long to be ours. */
static size_t fold(const char *s, size_t n, char *buf)
{
    if (n > CL_MAX_WORD)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        buf[k] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    return n;
}

/* `key` (folded) against text s, folding s as it goes. */
static bool same_folded(const char *key, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != key[k])
            return false;
    }
    return true;
}

static int grow_slots(cl_lexicon *lex)
{
    size_t cap = lex->nslots ? lex->nslots * 2 : 1024;
    uint32_t *v = malloc(cap * sizeof(*v));
    if (!v)
        return -1;
    for (size_t k = 0; k < cap; k++)
        v[k] = UINT32_MAX;
    /* re-insert each chain head */
    for (size_t k = 0; k < lex->nslots; k++) {
        uint32_t p = lex->slots[k];
        if (p == UINT32_MAX)
            continue;
        size_t h = lex->pats[p].hash & (cap - 1);
        while (v[h] != UINT32_MAX)
            h = (h + 1) & (cap - 1);
        v[h] = p;
    }
    free(lex->slots);
    lex->slots = v;
    lex->nslots = cap;
    return 0;
}

int cl_lexicon_add(cl_lexicon *lex, const char *pattern, bool exact, const cl_entry *e,
                   const char *where, char *err, size_t errlen)
{
    cl_pattern p = {0};
    p.exact = exact;
    /* the pattern's words, as tokens */
    const char *w = pattern;
    while (*w) {
        while (*w == ' ')
            w++;
        const char *end = w;
        while (*end && *end != ' ')
            end++;
        if (end == w)
            break;
        if (p.nwords == CL_MAX_WORDS || (size_t)(end - w) > CL_MAX_WORD) {
            snprintf(err, errlen, "%s: a pattern of at most %d words of %d bytes", where,
                     CL_MAX_WORDS, CL_MAX_WORD);
            return -1;
        }
        char buf[CL_MAX_WORD];
        size_t n = (size_t)(end - w);
        const char *text = exact ? w : (fold(w, n, buf), buf);
        p.word[p.nwords] = keep(lex, text, n);
        p.len[p.nwords] = (uint8_t)n;
        if (!p.word[p.nwords]) {
            snprintf(err, errlen, "%s: out of memory", where);
            return -1;
        }
        if (p.nwords == 0) {
            char fb[CL_MAX_WORD];
            fold(w, n, fb);
            p.hash = hash_bytes(fb, n);
            p.key = keep(lex, fb, n);
            if (!p.key) {
                snprintf(err, errlen, "%s: out of memory", where);
                return -1;
            }
            /* under the byte and, for a letter, its capital too: the
             * look-up then needs no folding */
            unsigned char b0 = (unsigned char)fb[0];
            lex->first_len[b0] |= 1ull << n; /* n <= CL_MAX_WORD < 64 */
            if (b0 >= 'a' && b0 <= 'z')
                lex->first_len[b0 - 'a' + 'A'] |= 1ull << n;
            lex->bloom[(p.hash & 0xFFFF) >> 6] |= 1ull << (p.hash & 63);
            if (n > lex->maxlen)
                lex->maxlen = n;
        }
        p.nwords++;
        w = end;
    }
    if (p.nwords == 0) {
        snprintf(err, errlen, "%s: an empty pattern", where);
        return -1;
    }
    if ((lex->npats + 1) * 2 > lex->nslots && grow_slots(lex) != 0) {
        snprintf(err, errlen, "%s: out of memory", where);
        return -1;
    }
    /* room first: `link` below points into lex->pats */
    if (lex->npats == lex->pcap) {
        size_t cap = lex->pcap ? lex->pcap * 2 : 512;
        cl_pattern *v = realloc(lex->pats, cap * sizeof(*v));
        if (!v) {
            snprintf(err, errlen, "%s: out of memory", where);
            return -1;
        }
        lex->pats = v;
        lex->pcap = cap;
    }
    /* the chain of patterns with this first word (folded) */
    size_t h = p.hash & (lex->nslots - 1);
    uint32_t *link = NULL;
    while (lex->slots[h] != UINT32_MAX) {
        cl_pattern *q = &lex->pats[lex->slots[h]];
        if (q->hash == p.hash && q->len[0] == p.len[0] && memcmp(q->key, p.key, p.len[0]) == 0) {
            link = &lex->slots[h];
            break;
        }
        h = (h + 1) & (lex->nslots - 1);
    }
    /* a duplicate (same words, same case rule) keeps the first entry */
    for (uint32_t k = link ? *link : UINT32_MAX; k != UINT32_MAX; k = lex->pats[k].next) {
        const cl_pattern *q = &lex->pats[k];
        bool same = q->exact == p.exact && q->nwords == p.nwords;
        for (unsigned m = 0; same && m < p.nwords; m++)
            same = q->len[m] == p.len[m] && memcmp(q->word[m], p.word[m], p.len[m]) == 0;
        /* the same words twice: the first entry stays; as another class,
         * one file contradicts another ("added" a change and a speech verb) */
        if (same && q->entry.cls != e->cls && !(q->entry.cls == CL_NUMWORD || e->cls == CL_NUMWORD)) {
            snprintf(err, errlen, "%s: '%s' is already in %s as another class", where, pattern,
                     q->entry.source);
            return -1;
        }
        if (same)
            return 0;
    }
    p.entry = *e;
    uint32_t id = (uint32_t)lex->npats++;
    /* longest first in the chain, then in the order added */
    if (!link) {
        p.next = UINT32_MAX;
        lex->pats[id] = p;
        lex->slots[h] = id;
        return 0;
    }
    while (*link != UINT32_MAX && lex->pats[*link].nwords >= p.nwords)
        link = &lex->pats[*link].next;
    p.next = *link;
    lex->pats[id] = p;
    *link = id;
    return 0;
}

/* ---- marking cues on tokens ------------------------------------------ */

static inline bool word_matches(const cl_doc *d, size_t i, const cl_pattern *p, unsigned m)
{
    const cl_tok *t = &d->t[i];
    size_t n = t->end - t->start;
    if (n != p->len[m])
        return false;
    const char *s = d->text + t->start;
    if (p->exact)
        return memcmp(s, p->word[m], n) == 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != p->word[m][k])
            return false;
    }
    return true;
}

/* Only the tokens prepare() found candidates (d->cand) are probed. */
int cl_mark_cues(cl_doc *d)
{
    const cl_lexicon *lex = &d->st->lex;
    if (!lex->nheads)
        return 0;
    size_t mask = lex->nheads - 1;
    for (size_t ci = 0; ci < d->ncand; ci++) {
        size_t i = d->cand[2 * ci];
        uint32_t hash = d->cand[2 * ci + 1];
        cl_tok *t = &d->t[i];
        size_t n = t->end - t->start;
        const char *s = d->text + t->start;
        /* eight bytes may be read before the text's last seven */
        uint64_t w8 = t->start + 8 <= d->len ? cl_fold8(s, n) : fold8_copy(s, n);
        uint32_t chain = UINT32_MAX;
        for (size_t h = hash & mask; lex->heads[h].chain != UINT32_MAX; h = (h + 1) & mask) {
            const cl_head *e = &lex->heads[h];
            if (e->len == n && e->w8 == w8 &&
                (n <= 8 || same_folded(lex->pats[e->chain].key + 8, s + 8, n - 8))) {
                chain = e->chain;
                break;
            }
        }
        if (chain == UINT32_MAX)
            continue;
        /* the next token's length, which rules out most longer patterns
         * of a chain ("is set to", "is likely to" at "is") at once; read
         * only for a chain with one (most chains are one word) */
        const cl_link *first = &lex->links[chain];
        size_t n1 = first->nwords > 1 && i + 1 < d->nt ? d->t[i + 1].end - d->t[i + 1].start : 0;
        for (uint32_t k = chain; k != UINT32_MAX; k = lex->links[k].next) {
            cl_link l = lex->links[k];
            if (l.nwords > 1 && (n1 != l.len1 || i + l.nwords > d->nt ||
                                 d->t[i + l.nwords - 1].sent != t->sent))
                continue;
            /* the probe matched the first word folded: only an exact
             * pattern checks it again */
            const cl_pattern *p = &lex->pats[k];
            bool ok = !l.exact || word_matches(d, i, p, 0);
            for (unsigned m = 1; ok && m < l.nwords; m++)
                ok = word_matches(d, i + m, p, m);
            if (ok) {
                t->cue = &p->entry;
                t->cls = p->entry.cls;
                t->cue_end = (uint32_t)(i + l.nwords);
                d->s[t->sent].has |= l.has;
                if (t->cls == CL_NUMWORD && t->kind == K_WORD)
                    d->num[d->nt + d->nnumw++] = (uint32_t)i;
                else if (t->cls == CL_REPORT || t->cls == CL_ACCORDING || t->cls == CL_FORECAST)
                    d->num[2 * d->nt + d->nspeech++] = (uint32_t)i;
                break;
            }
        }
    }
    return 0;
}
