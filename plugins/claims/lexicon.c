/*
 * The stage's lexicons in one matcher, and the scan that marks them on
 * tokens.
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
    {"pronoun", CL_PRONOUN},     {"clause", CL_CLAUSE},       {"currency", CL_CURRENCY},  {"title", CL_TITLE},
};

static const char *keep(cl_lexicon *lex, const char *s, size_t n)
{
    if (lex->nstrings == lex->scap) {
        size_t cap = lex->scap ? lex->scap * 2 : 256;
        char **v = realloc(lex->strings, cap * sizeof(*v));
        if (!v)
            return NULL;
        lex->strings = v;
        lex->scap = cap;
    }
    char *c = malloc(n + 1);
    if (!c)
        return NULL;
    memcpy(c, s, n);
    c[n] = '\0';
    lex->strings[lex->nstrings++] = c;
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
    const char *payload[1] = {col[1]};
    uint32_t id;
    if (td_matcher_add(lex->m, col[0], strlen(col[0]), flags, payload, 1, &id) != 0) {
        snprintf(err, errlen, "%s: %s", where, td_matcher_errmsg(lex->m));
        return -1;
    }
    if (id < lex->nentries)
        return 0; /* a duplicate: the first entry stays */
    if (id >= lex->cap) {
        size_t cap = lex->cap ? lex->cap * 2 : 512;
        while (cap <= id)
            cap *= 2;
        cl_entry *v = realloc(lex->entries, cap * sizeof(*v));
        if (!v) {
            snprintf(err, errlen, "%s: out of memory", where);
            return -1;
        }
        lex->entries = v;
        lex->cap = cap;
    }
    lex->entries[id] = e;
    lex->nentries = id + 1;
    return 0;
}

int cl_lexicon_load(cl_lexicon *lex, const char *path, bool currency, char *err, size_t errlen)
{
    if (!lex->m && !(lex->m = td_matcher_new())) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    FILE *fp = fopen(path, "r");
    if (!fp) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char line[1024], where[300];
    unsigned flags = TD_MATCH_FOLD, lineno = 0;
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
                flags = TD_MATCH_FOLD;
            else {
                snprintf(err, errlen, "%s:%u: #@case wants exact or fold", base, lineno);
                rc = -1;
                break;
            }
            continue;
        }
        if (!*p || *p == '#')
            continue;
        snprintf(where, sizeof(where), "%s:%u", base, lineno);
        if (add_line(lex, p, currency, flags, where, err, errlen) != 0) {
            rc = -1;
            break;
        }
    }
    fclose(fp);
    return rc;
}

void cl_lexicon_free(cl_lexicon *lex)
{
    td_matcher_free(lex->m);
    for (size_t i = 0; i < lex->nstrings; i++)
        free(lex->strings[i]);
    free(lex->strings);
    free(lex->entries);
    memset(lex, 0, sizeof(*lex));
}

/* ---- marking cues on tokens ------------------------------------------ */

typedef struct mark_ctx {
    cl_doc *d;
    const cl_lexicon *lex;
    size_t next; /* first token that may start the next match */
} mark_ctx;

static int on_match(const td_match *hit, void *user)
{
    mark_ctx *mc = user;
    cl_doc *d = mc->d;
    size_t i = mc->next;
    while (i < d->nt && d->t[i].start < hit->start)
        i++;
    mc->next = i;
    if (i == d->nt || d->t[i].start != hit->start || hit->pattern >= mc->lex->nentries)
        return 0; /* starts inside a token: not a word of ours */
    size_t j = i;
    while (j < d->nt && d->t[j].end <= hit->end)
        j++;
    if (j == i || d->t[j - 1].end != hit->end || d->t[i].cue)
        return 0; /* ends inside a token */
    d->t[i].cue = &mc->lex->entries[hit->pattern];
    d->t[i].cue_end = (uint32_t)j;
    return 0;
}

int cl_mark_cues(cl_doc *d)
{
    mark_ctx mc = {d, &d->st->lex, 0};
    return td_matcher_scan(d->st->lex.m, d->text, d->len, TD_SCAN_LONGEST, on_match, &mc) < 0
               ? -1
               : 0;
}
