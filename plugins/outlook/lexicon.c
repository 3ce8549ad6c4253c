/* outlook: the lexicon, read from its TSV files into one pattern table
 * (patterns.c).
 *
 * Each file gives one kind of cue (tone words, metrics, directions,
 * modifiers, forward-looking phrases). A pattern found in several files
 * keeps every role, in one ol_cue indexed by the pattern's id.
 *
 * Word families: an entry of tone.tsv, metrics.tsv or directions.tsv is
 * written once in its base form ("expand", "headwind", "lack momentum"),
 * and its first word is grown into its inflections here: suffixes are
 * tried on it and kept when Snowball's English stemmer (libstemmer) gives
 * the candidate the same stem as the entry ("expands", "expanding",
 * "profitable" for "profit"); WordNet's irregular forms (data/irregular.tsv,
 * from make-irregular) add "grew", "rose", "fell", "worse". The families of
 * the stage's own entries come from data/families.tsv (make-families, the
 * same code); the stemmer runs only here, in create(), for a word that file
 * lacks. At run time every form is a pattern of the one scan, so no word is
 * stemmed per token (and the stemmer, which keeps state, is never shared
 * between threads). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "families.h"
#include "outlook.h"

typedef struct entry {
    char *first;      /* the first word, grown into its family (owns tail) */
    const char *tail; /* the rest of the phrase ("momentum"), or "" */
    ol_cue cue;
} entry;

struct known_family;

typedef struct loader {
    ol_lexicon *lex;
    struct sb_stemmer *stemmer; /* made on first need */
    struct known_family *known; /* families.tsv; NULL when none */
    size_t known_mask;
    char *known_buf;
    bool families;
    entry *entries;
    size_t nentries, cap;
    uint32_t *by_first; /* for irregular.tsv: first word -> its first entry */
    uint32_t *next_same; /* the next entry with the same first word, in order */
    size_t by_first_mask;
    char *err;
    size_t errlen;
    const char *path;
    unsigned line;
} loader;

static int fail(loader *ld, const char *fmt, ...) TD_PRINTF(2, 3);
static int fail(loader *ld, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(ld->err, ld->errlen, "%s:%u: %s", ld->path, ld->line, msg);
    return -1;
}

static void merge(ol_cue *into, const ol_cue *from)
{
    if (!into->entry)
        into->entry = from->entry;
    if (into->tone == 0)
        into->tone = from->tone;
    if (!into->metric) {
        into->metric = from->metric;
        into->metric_weight = from->metric_weight;
    }
    if (!into->dir) {
        into->dir = from->dir;
        into->noun_dir = from->noun_dir;
    }
    if (!into->mod)
        into->mod = from->mod;
    if (!into->future)
        into->future = from->future;
    if (into->weight == 0)
        into->weight = from->weight;
    into->after_name |= from->after_name;
    if (!into->year)
        into->year = from->year;
    if (!into->month)
        into->month = from->month;
    if (!into->has_year) {
        into->has_year = from->has_year;
        into->year_offset = from->year_offset;
    }
}

/* One pattern with its roles (merged into a pattern already there). A
 * grown form (`grown`) leaves a modifier's pattern alone: "strongly" is
 * an intensifier of modifiers.tsv, not the tone of "strong". */
static int add_pattern_as(loader *ld, const char *pattern, size_t len, const ol_cue *cue,
                          bool grown)
{
    uint32_t id;
    char why[128];
    if (ol_patterns_add(&ld->lex->pats, pattern, len, &id, why, sizeof(why)) != 0)
        return fail(ld, "%s", why);
    if (id >= ld->lex->ncues) {
        size_t n = ld->lex->ncues ? ld->lex->ncues : 8192; /* the own lexicon: ~6,300 */
        while (n <= id)
            n *= 2;
        ol_cue *v = realloc(ld->lex->cues, n * sizeof(*v));
        if (!v)
            return fail(ld, "out of memory");
        memset(v + ld->lex->ncues, 0, (n - ld->lex->ncues) * sizeof(*v));
        ld->lex->cues = v;
        ld->lex->ncues = n;
    }
    if (grown && ld->lex->cues[id].mod)
        return 0;
    merge(&ld->lex->cues[id], cue);
    return 0;
}

static int add_pattern(loader *ld, const char *pattern, size_t len, const ol_cue *cue)
{
    return add_pattern_as(ld, pattern, len, cue, false);
}

static int add_form(loader *ld, const char *first, size_t flen, const char *tail,
                    const ol_cue *cue)
{
    char buf[256];
    size_t tlen = strlen(tail);
    if (flen + 1 + tlen >= sizeof(buf))
        return fail(ld, "phrase too long: %s", first);
    memcpy(buf, first, flen);
    size_t n = flen;
    if (tlen) {
        buf[n++] = ' ';
        memcpy(buf + n, tail, tlen);
        n += tlen;
    }
    buf[n] = '\0';
    return add_pattern_as(ld, buf, n, cue, true);
}

/* ---- word families -------------------------------------------------- */

/* data/families.tsv, read into a table for the load: word -> its forms
 * (space-separated), in a buffer the loader owns. */
typedef struct known_family {
    const char *word, *forms; /* NULL word: an empty slot */
    size_t wlen;
} known_family;

static uint32_t word_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static const known_family *known_get(const loader *ld, const char *w, size_t n)
{
    if (!ld->known)
        return NULL;
    for (size_t i = word_hash(w, n) & ld->known_mask; ld->known[i].word;
         i = (i + 1) & ld->known_mask)
        if (ld->known[i].wlen == n && memcmp(ld->known[i].word, w, n) == 0)
            return &ld->known[i];
    return NULL;
}

typedef struct family_ctx {
    loader *ld;
    const char *tail;
    const ol_cue *cue;
} family_ctx;

static int add_family_form(const char *form, size_t len, void *user)
{
    family_ctx *c = user;
    return add_form(c->ld, form, len, c->tail, c->cue) != 0 ? 1 : 0;
}

/* The inflections of `w` that share its stem, each added with `cue`: from
 * families.tsv when it lists the word, else from the stemmer (made on
 * first need: the stage's own lexicon needs none). */
static int add_family(loader *ld, const char *w, size_t n, const char *tail, const ol_cue *cue)
{
    const known_family *k = known_get(ld, w, n);
    if (k) {
        for (const char *f = k->forms; *f;) {
            size_t fl = strcspn(f, " ");
            if (fl && add_form(ld, f, fl, tail, cue) != 0)
                return -1;
            f += fl;
            f += *f == ' ';
        }
        return 0;
    }
    if (!ld->stemmer && !(ld->stemmer = sb_stemmer_new("english", NULL)))
        return fail(ld, "out of memory (or no English stemmer in libstemmer)");
    family_ctx c = {ld, tail, cue};
    int rc = ol_family_forms(ld->stemmer, w, n, add_family_form, &c);
    if (rc > 0)
        return -1; /* add_form said why */
    if (rc < 0)
        return fail(ld, "out of memory stemming %.*s", (int)n, w);
    return 0;
}

static char *pool_copy(ol_lexicon *lex, const char *s);

/* One entry: the pattern as written, and its family when asked for. */
static int add_entry(loader *ld, const char *pattern, ol_cue *cue, bool grow)
{
    cue->entry = pool_copy(ld->lex, pattern);
    if (!cue->entry)
        return fail(ld, "out of memory");
    if (add_pattern(ld, pattern, strlen(pattern), cue) != 0)
        return -1;
    if (!grow || !ld->families)
        return 0;
    const char *sp = strchr(pattern, ' ');
    size_t flen = sp ? (size_t)(sp - pattern) : strlen(pattern);
    const char *tail = sp ? sp + 1 : "";
    if (ld->nentries == ld->cap) {
        size_t cap = ld->cap ? ld->cap * 2 : 256;
        entry *v = realloc(ld->entries, cap * sizeof(*v));
        if (!v)
            return fail(ld, "out of memory");
        ld->entries = v;
        ld->cap = cap;
    }
    entry *e = &ld->entries[ld->nentries];
    e->first = strdup(pattern); /* first word, NUL, tail: both outlive the line */
    if (!e->first)
        return fail(ld, "out of memory");
    e->first[flen] = '\0';
    e->tail = sp ? e->first + flen + 1 : "";
    e->cue = *cue;
    ld->nentries++;
    return add_family(ld, pattern, flen, tail, cue);
}

/* ---- the string pool (entries live as long as the lexicon) ------------ */

typedef struct pool_block {
    struct pool_block *next;
    size_t used;
    char data[16384 - 2 * sizeof(size_t)];
} pool_block;

static char *pool_copy(ol_lexicon *lex, const char *s)
{
    size_t n = strlen(s) + 1;
    pool_block *b = (pool_block *)lex->pool;
    if (n > sizeof(b->data))
        return NULL;
    if (!b || b->used + n > sizeof(b->data)) {
        pool_block *nb = calloc(1, sizeof(*nb));
        if (!nb)
            return NULL;
        nb->next = b;
        lex->pool = (char *)nb;
        b = nb;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    b->used += n;
    return p;
}

/* ---- reading the files -------------------------------------------------- */

typedef int (*line_fn)(loader *ld, char **cols, size_t ncols);

static int read_tsv(loader *ld, const char *path, line_fn fn)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(ld->err, ld->errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    ld->path = path;
    ld->line = 0;
    char buf[1024];
    int rc = 0;
    while (rc == 0 && fgets(buf, sizeof(buf), f)) {
        ld->line++;
        size_t n = strlen(buf);
        if (n == sizeof(buf) - 1 && buf[n - 1] != '\n') {
            rc = fail(ld, "line too long");
            break;
        }
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            buf[--n] = '\0';
        char *p = buf;
        if (ld->line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
            (unsigned char)p[2] == 0xBF)
            p += 3;
        if (!*p || *p == '#')
            continue;
        char *cols[4];
        size_t nc = 0;
        for (char *c = p; nc < 4;) {
            cols[nc++] = c;
            char *tab = strchr(c, '\t');
            if (!tab)
                break;
            *tab = '\0';
            c = tab + 1;
        }
        if (!*cols[0] || cols[0][0] == ' ' || cols[0][strlen(cols[0]) - 1] == ' ')
            rc = fail(ld, "empty pattern or white space around it");
        else
            rc = fn(ld, cols, nc);
    }
    if (rc == 0 && ferror(f)) {
        snprintf(ld->err, ld->errlen, "%s: read error", path);
        rc = -1;
    }
    fclose(f);
    return rc;
}

static bool parse_number(const char *s, float *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno)
        return false;
    *out = (float)v;
    return true;
}

static bool exact(char **cols, size_t nc, size_t at)
{
    return nc > at && strcmp(cols[at], "exact") == 0;
}

static int tone_line(loader *ld, char **cols, size_t nc)
{
    ol_cue cue = {0};
    if (nc < 2 || !parse_number(cols[1], &cue.tone) || cue.tone < -3 || cue.tone > 3 ||
        cue.tone == 0)
        return fail(ld, "'%s': the polarity must be a number in [-3, 3], not 0", cols[0]);
    return add_entry(ld, cols[0], &cue, !exact(cols, nc, 2));
}

static int metric_line(loader *ld, char **cols, size_t nc)
{
    ol_cue cue = {0};
    if (nc >= 2 && strcmp(cols[1], "+") == 0)
        cue.metric = 1;
    else if (nc >= 2 && strcmp(cols[1], "-") == 0)
        cue.metric = -1;
    else
        return fail(ld, "'%s': column 2 must be + (more is good) or - (more is bad)", cols[0]);
    cue.metric_weight = 1;
    bool grow = true;
    for (size_t i = 2; i < nc; i++) {
        if (strcmp(cols[i], "exact") == 0)
            grow = false;
        else if (!parse_number(cols[i], &cue.metric_weight) || cue.metric_weight <= 0 ||
                 cue.metric_weight > 3)
            return fail(ld, "'%s': weight '%s' must be a number in (0, 3]", cols[0], cols[i]);
    }
    return add_entry(ld, cols[0], &cue, grow);
}

static int direction_line(loader *ld, char **cols, size_t nc)
{
    ol_cue cue = {.weight = 1};
    if (nc < 2)
        return fail(ld, "'%s': column 2 must be up, down, up-in or down-in", cols[0]);
    if (strcmp(cols[1], "up") == 0 || strcmp(cols[1], "up-in") == 0)
        cue.dir = 1;
    else if (strcmp(cols[1], "down") == 0 || strcmp(cols[1], "down-in") == 0)
        cue.dir = -1;
    else
        return fail(ld, "'%s': column 2 must be up, down, up-in or down-in, not '%s'", cols[0],
                    cols[1]);
    cue.noun_dir = strchr(cols[1], '-') != NULL;
    bool grow = true;
    for (size_t i = 2; i < nc; i++) {
        if (strcmp(cols[i], "exact") == 0)
            grow = false;
        else if (!parse_number(cols[i], &cue.weight) || cue.weight <= 0 || cue.weight > 3)
            return fail(ld, "'%s': strength '%s' must be a number in (0, 3]", cols[0], cols[i]);
    }
    return add_entry(ld, cols[0], &cue, grow);
}

static int modifier_line(loader *ld, char **cols, size_t nc)
{
    static const char *const kinds[] = {"",           "negation",    "intensifier", "diminisher",
                                        "concessive", "adversative", "split",       "filler",
                                        "compare",    "mixed"};
    ol_cue cue = {.weight = 1};
    for (unsigned k = 1; nc >= 2 && k < sizeof(kinds) / sizeof(*kinds); k++)
        if (strcmp(cols[1], kinds[k]) == 0)
            cue.mod = (uint8_t)k;
    if (!cue.mod)
        return fail(ld,
                    "'%s': column 2 must be negation, intensifier, diminisher, concessive, "
                    "adversative, split, filler, compare or mixed, not '%s'",
                    cols[0], nc >= 2 ? cols[1] : "");
    if (cue.mod == OL_MOD_INTENSIFIER || cue.mod == OL_MOD_DIMINISHER) {
        if (nc < 3 || !parse_number(cols[2], &cue.weight) || cue.weight <= 0 || cue.weight > 3 ||
            (cue.mod == OL_MOD_INTENSIFIER) != (cue.weight > 1))
            return fail(ld, "'%s': column 3 must be a factor, > 1 for an intensifier, < 1 for "
                            "a diminisher",
                        cols[0]);
    }
    return add_entry(ld, cols[0], &cue, false);
}

static int future_line(loader *ld, char **cols, size_t nc)
{
    static const char *const kinds[] = {"",     "modal",   "maybe", "expect",
                                        "plan", "horizon", "when",  "past"};
    ol_cue cue = {0};
    for (unsigned k = 1; nc >= 2 && k < sizeof(kinds) / sizeof(*kinds); k++)
        if (strcmp(cols[1], kinds[k]) == 0)
            cue.future = (uint8_t)k;
    if (!cue.future)
        return fail(ld, "'%s': column 2 must be modal, maybe, expect, plan, horizon, when or past, not '%s'",
                    cols[0], nc >= 2 ? cols[1] : "");
    if (nc >= 3 && strcmp(cols[2], "after-name") == 0) {
        cue.after_name = true;
    } else if (nc >= 3) {
        float off;
        if (!parse_number(cols[2], &off) || off < -10 || off > 10)
            return fail(ld,
                        "'%s': column 3 must be a year offset (0 this year, 1 next) or "
                        "after-name, not '%s'",
                        cols[0], cols[2]);
        cue.has_year = true;
        cue.year_offset = (int8_t)off;
    }
    return add_entry(ld, cols[0], &cue, false);
}

/* families.tsv (make-families): word <TAB> forms, kept whole in one
 * buffer, each line's word and forms cut out of it in place. */
static int read_known(loader *ld, const char *path)
{
    ld->path = path;
    ld->line = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(ld->err, ld->errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    size_t len = 0, cap = 65536;
    char *buf = malloc(cap + 1);
    for (size_t got; buf; len += got) {
        if (len == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        got = fread(buf + len, 1, cap - len, f);
        if (got == 0)
            break;
    }
    bool bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        snprintf(ld->err, ld->errlen, "%s: %s", path, buf ? "read error" : "out of memory");
        free(buf);
        return -1;
    }
    buf[len] = '\0';
    ld->known_buf = buf;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    size_t tcap = 64;
    while (tcap < lines * 2)
        tcap *= 2;
    ld->known = calloc(tcap, sizeof(*ld->known));
    if (!ld->known) {
        snprintf(ld->err, ld->errlen, "out of memory");
        return -1;
    }
    ld->known_mask = tcap - 1;
    for (char *p = buf; *p;) {
        char *nl = strchr(p, '\n');
        char *next = nl ? nl + 1 : p + strlen(p);
        if (nl)
            *nl = '\0';
        ld->line++;
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r')
            p[--n] = '\0';
        if (n && *p != '#') {
            char *tab = strchr(p, '\t');
            if (!tab || tab == p)
                return fail(ld, "expected a word, a tab and its forms");
            *tab = '\0';
            size_t wl = (size_t)(tab - p);
            if (!known_get(ld, p, wl)) { /* a repeat keeps the first */
                size_t i = word_hash(p, wl) & ld->known_mask;
                while (ld->known[i].word)
                    i = (i + 1) & ld->known_mask;
                ld->known[i] = (known_family){p, tab + 1, wl};
            }
        }
        p = next;
    }
    return 0;
}

#define NO_ENTRY UINT32_MAX

/* The entries by first word, each word's in the order they were read
 * (what the sort by first word, a stable one, gave before). 0 or -1. */
static int index_entries(loader *ld)
{
    size_t cap = 64;
    while (cap < ld->nentries * 2)
        cap *= 2;
    ld->by_first = malloc(cap * sizeof(*ld->by_first));
    ld->next_same = malloc((ld->nentries ? ld->nentries : 1) * sizeof(*ld->next_same));
    if (!ld->by_first || !ld->next_same) {
        snprintf(ld->err, ld->errlen, "out of memory");
        return -1;
    }
    memset(ld->by_first, 0xFF, cap * sizeof(*ld->by_first));
    ld->by_first_mask = cap - 1;
    for (size_t e = ld->nentries; e-- > 0;) { /* from the last: each goes first */
        const char *w = ld->entries[e].first;
        size_t i = word_hash(w, strlen(w)) & ld->by_first_mask;
        while (ld->by_first[i] != NO_ENTRY && strcmp(ld->entries[ld->by_first[i]].first, w) != 0)
            i = (i + 1) & ld->by_first_mask;
        ld->next_same[e] = ld->by_first[i];
        ld->by_first[i] = (uint32_t)e;
    }
    return 0;
}

/* irregular.tsv: form, base. Each form whose base starts an entry is
 * added as that entry ("grew" for "grow", "fell sharply" for "fall sharply"). */
static int irregular_line(loader *ld, char **cols, size_t nc)
{
    if (nc < 2)
        return fail(ld, "'%s': column 2 must be the base form", cols[0]);
    size_t i = word_hash(cols[1], strlen(cols[1])) & ld->by_first_mask;
    while (ld->by_first[i] != NO_ENTRY && strcmp(ld->entries[ld->by_first[i]].first, cols[1]) != 0)
        i = (i + 1) & ld->by_first_mask;
    size_t flen = strlen(cols[0]);
    for (uint32_t e = ld->by_first[i]; e != NO_ENTRY; e = ld->next_same[e])
        if (add_form(ld, cols[0], flen, ld->entries[e].tail, &ld->entries[e].cue) != 0)
            return -1;
    return 0;
}

/* Years and month names are patterns too, so a sentence's dates come
 * from the same scan as its cues, not from a walk over its tokens. */
static int add_times(loader *ld)
{
    static const char *const months[12][3] = {
        {"January", "Jan", NULL},  {"February", "Feb", NULL}, {"March", "Mar", NULL},
        {"April", "Apr", NULL},    {"May", NULL, NULL},       {"June", "Jun", NULL},
        {"July", "Jul", NULL},     {"August", "Aug", NULL},   {"September", "Sept", "Sep"},
        {"October", "Oct", NULL},  {"November", "Nov", NULL}, {"December", "Dec", NULL},
    };
    ld->path = "(years and months)";
    ld->line = 0;
    for (int y = 1900; y <= 2100; y++) {
        char buf[8];
        int n = snprintf(buf, sizeof(buf), "%d", y);
        ol_cue cue = {.year = (int16_t)y};
        if (add_pattern(ld, buf, (size_t)n, &cue) != 0)
            return -1;
    }
    for (int m = 0; m < 12; m++) {
        for (int k = 0; k < 3 && months[m][k]; k++) {
            ol_cue cue = {.month = (uint8_t)(m + 1)};
            char buf[16];
            int n = snprintf(buf, sizeof(buf), "%s", months[m][k]);
            if (add_pattern(ld, buf, (size_t)n, &cue) != 0)
                return -1;
            /* "Jan." as one pattern: the period is part of the token */
            if (k > 0 && (n = snprintf(buf, sizeof(buf), "%s.", months[m][k])) > 0 &&
                add_pattern(ld, buf, (size_t)n, &cue) != 0)
                return -1;
        }
    }
    return 0;
}

int ol_lexicon_load(ol_lexicon *lex, const ol_files *files, bool families, char *err,
                    size_t errlen)
{
    memset(lex, 0, sizeof(*lex));
    loader ld = {.lex = lex, .families = families, .err = err, .errlen = errlen};
    int rc = -1;
    if (families && files->families && read_known(&ld, files->families) != 0)
        goto out;
    /* modifiers and forward phrases first: their patterns are the exact
     * ones, and a tone word's family must not take them over */
    if (read_tsv(&ld, files->modifiers, modifier_line) != 0 ||
        read_tsv(&ld, files->future, future_line) != 0 ||
        read_tsv(&ld, files->directions, direction_line) != 0 ||
        read_tsv(&ld, files->metrics, metric_line) != 0 ||
        read_tsv(&ld, files->tone, tone_line) != 0)
        goto out;
    if (add_times(&ld) != 0)
        goto out;
    if (families && files->irregular) {
        if (index_entries(&ld) != 0 || read_tsv(&ld, files->irregular, irregular_line) != 0)
            goto out;
    }
    if (ol_patterns_build(&lex->pats) != 0) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    rc = 0;
out:
    for (size_t i = 0; i < ld.nentries; i++)
        free(ld.entries[i].first);
    free(ld.entries);
    free(ld.by_first);
    free(ld.next_same);
    free(ld.known);
    free(ld.known_buf);
    if (ld.stemmer)
        sb_stemmer_delete(ld.stemmer);
    if (rc != 0)
        ol_lexicon_free(lex);
    return rc;
}

void ol_lexicon_free(ol_lexicon *lex)
{
    ol_patterns_free(&lex->pats);
    free(lex->cues);
    for (pool_block *b = (pool_block *)lex->pool; b;) {
        pool_block *next = b->next;
        free(b);
        b = next;
    }
    memset(lex, 0, sizeof(*lex));
}
