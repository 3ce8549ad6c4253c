/* entities: what the gazetteer scan must know of the patterns.
 *
 * The scan (gazetteer.c) runs only over the stretches of a text where a
 * pattern can be: from a capitalised word, or from the first word of a
 * pattern that starts in lower case ("chief executive", "the mainland"),
 * through capitalised words and the words found inside patterns ("of",
 * "am", "stock" of a folded "Stock Exchange"). Those words go into the
 * lexicon (LX_PSTART, LX_CONN), made here once from the matcher's own
 * patterns, so a new list entry is covered without a change here. */
#include <stdlib.h>
#include <string.h>

#include "entities.h"

bool ent_starts_upper(const char *s)
{
    int32_t cp;
    td_utf8_decode(s, 4, &cp);
    return td_utf8_is_upper(cp);
}

typedef struct pstart {
    char *word;
    uint32_t bits; /* LX_* classes; an LX_PSTART count in the top bits */
} pstart;

static int by_word(const void *a, const void *b)
{
    const pstart *x = a, *y = b;
    return strcmp(x->word, y->word);
}

typedef struct words {
    pstart *v;
    size_t n, cap, bytes;
} words;

static int add(words *ws, const char *w, size_t len, bool lower, uint32_t bits);

/* A role word in the cases a text writes it: "minister", "Minister",
 * "MINISTER", so one look-up of the token as written finds it. */
static int add_cases(words *ws, const char *w, size_t len, uint32_t bits)
{
    char buf[25];
    if (len == 0 || len > 24)
        return 0;
    for (size_t i = 0; i < len; i++)
        buf[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
    if (add(ws, buf, len, false, bits) != 0)
        return -1;
    if (buf[0] >= 'a' && buf[0] <= 'z') {
        buf[0] = (char)(buf[0] - 32);
        if (add(ws, buf, len, false, bits) != 0)
            return -1;
        /* "Director-General", "Vice-President": each part capitalised */
        bool hyphen = false;
        for (size_t i = 1; i + 1 < len; i++)
            if (buf[i] == '-' && buf[i + 1] >= 'a' && buf[i + 1] <= 'z') {
                buf[i + 1] = (char)(buf[i + 1] - 32);
                hyphen = true;
            }
        if (hyphen && add(ws, buf, len, false, bits) != 0)
            return -1;
    }
    for (size_t i = 1; i < len; i++)
        if (buf[i] >= 'a' && buf[i] <= 'z')
            buf[i] = (char)(buf[i] - 32);
    return add(ws, buf, len, false, bits);
}

/* Adds `len` bytes of `w`, in lower case (ASCII) when `lower`. */
static int add(words *ws, const char *w, size_t len, bool lower, uint32_t bits)
{
    if (len == 0 || len > 24)
        return 0;
    if (ws->n == ws->cap) {
        size_t cap = ws->cap ? 2 * ws->cap : 4096;
        pstart *nv = realloc(ws->v, cap * sizeof(*nv));
        if (!nv)
            return -1;
        ws->v = nv;
        ws->cap = cap;
    }
    char *word = malloc(len + 1);
    if (!word)
        return -1;
    for (size_t i = 0; i < len; i++)
        word[i] = (lower && w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
    word[len] = '\0';
    ws->v[ws->n++] = (pstart){word, bits};
    ws->bytes += len + 1;
    return 0;
}

static uint8_t feature_src(const ent_state *st, uint32_t id)
{
    for (size_t i = st->nfrange; i-- > 0;)
        if (id >= st->frange[i].first)
            return st->frange[i].src;
    return SRC_NSRC;
}

static uint32_t gender_bits(const char *g)
{
    if (!g)
        return 0;
    if (strstr(g, "female") || strcmp(g, "f") == 0)
        return LX_FEMALE;
    if (strstr(g, "male") || strcmp(g, "m") == 0)
        return LX_MALE;
    return 0;
}

/* The feature lists' rows as word classes. A title's head is its last
 * word, or the word before "of" ("head of research", "chancellor of the
 * exchequer"); its other words are modifiers ("acting chief executive
 * officer"). */
static int features(const ent_state *st, words *ws)
{
    const td_matcher *m = st->feat;
    size_t n = td_matcher_count(m);
    for (uint32_t id = 0; id < n; id++) {
        const char *p = td_matcher_pattern(m, id);
        size_t np;
        const char *const *pay = td_matcher_payload(m, id, &np);
        const char *c0 = np > 0 && pay[0][0] ? pay[0] : NULL;
        size_t len = strlen(p);
        switch (feature_src(st, id)) {
        case SRC_GIVEN:
            if (!strchr(p, ' ') && add(ws, p, len, false, LX_GIVEN | gender_bits(c0)) != 0)
                return -1;
            break;
        case SRC_ORGKEY: {
            /* single words; a row of two ("Building Society") marks its last */
            const char *last = strrchr(p, ' ');
            const char *w = last ? last + 1 : p;
            uint32_t b = 0;
            if (c0 && strcmp(c0, "notorg") == 0)
                b = LX_NOTORG;
            else if (c0 && strcmp(c0, "prefix") == 0)
                b = last ? 0 : LX_OKPRE;
            else if (c0 && strcmp(c0, "both") == 0)
                b = LX_OKSUF | (last ? 0 : LX_OKPRE);
            else if (c0)
                b = LX_OKSUF;
            if (b && add(ws, w, strlen(w), false, b) != 0)
                return -1;
            break;
        }
        case SRC_TITLE:
        case SRC_ROLE:
            if (c0 && strncmp(c0, "honorific", 9) == 0) {
                if (!strchr(p, ' ') && add(ws, p, len, false, LX_HON | gender_bits(c0 + 9)) != 0)
                    return -1;
            } else if (c0 && strcmp(c0, "notrole") == 0) {
                if (add_cases(ws, p, len, LX_NOTROLE) != 0)
                    return -1;
            } else if (c0 && strcmp(c0, "suffix") == 0) {
                /* "Jr", "CBE": after a name, nothing to the rules */
            } else {
                bool modifier = c0 && strcmp(c0, "modifier") == 0;
                /* the head: the last word before " of" ("head of", "head of
                 * research"), or the last */
                const char *of = strstr(p, " of ");
                if (!of && len > 3 && strcmp(p + len - 3, " of") == 0)
                    of = p + len - 3;
                size_t end = of ? (size_t)(of - p) : len;
                for (size_t i = 0; i < end;) {
                    size_t j = i;
                    while (j < end && p[j] != ' ')
                        j++;
                    bool head = !modifier && j == end;
                    if (!memchr(p + i, '\'', j - i) &&
                        add_cases(ws, p + i, j - i, head ? LX_ROLE : LX_RMOD) != 0)
                        return -1;
                    i = j + 1;
                }
            }
            break;
        default:
            break;
        }
    }
    return 0;
}

static int whole_match(const td_match *m, void *user)
{
    const uint32_t *want = user;
    return m->pattern == want[0] && m->start == 0 && m->end == want[1] ? 1 : 0;
}

/* Does pattern `id` match whatever the case? Its text in lower case is
 * scanned: a folded pattern finds itself there. */
static bool folded(const td_matcher *m, uint32_t id, const char *p)
{
    char buf[256];
    size_t n = strlen(p);
    if (n >= sizeof(buf))
        return true; /* long names: look everywhere, as if folded */
    bool upper = false;
    for (size_t i = 0; i < n; i++) {
        buf[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] + 32) : p[i];
        upper |= p[i] >= 'A' && p[i] <= 'Z';
    }
    if (!upper)
        return true; /* in lower case already: its case is the text's */
    uint32_t want[2] = {id, (uint32_t)n};
    return td_matcher_scan(m, buf, n, TD_SCAN_ALL, whole_match, want) == 1;
}

/* The words the scan must look at besides capitalised ones: the first
 * word of every pattern that starts otherwise ("the mainland"), with its
 * most words, and the lower-case words inside patterns ("of", "am",
 * "without"); and the feature lists' words. Into the lexicon. */
int ent_gazetteer_lexicon(ent_state *st)
{
    size_t n = td_matcher_count(st->m);
    words ws = {0};
    int rc = -1;
    if (features(st, &ws) != 0)
        goto out;
    for (uint32_t id = 0; id < n; id++) {
        const char *p = td_matcher_pattern(st->m, id);
        if (!p || !p[0])
            continue;
        bool first = true, fold = folded(st->m, id, p);
        unsigned nw = 1;
        for (const char *q = p; *q; q++)
            nw += *q == ' ';
        if (nw > 15)
            nw = 15;
        for (const char *w = p; *w;) {
            const char *e = strchr(w, ' ');
            size_t len = e ? (size_t)(e - w) : strlen(w);
            /* a first word in lower case starts a stretch; a later one
             * goes on through it, in lower case for a folded pattern
             * ("the Shenzhen stock exchange") */
            bool lower = !ent_starts_upper(w) && !(w[0] >= '0' && w[0] <= '9');
            if (lower || (fold && !first)) {
                uint32_t bits = first ? (uint32_t)nw << LX_PSTART_SHIFT : LX_CONN;
                if (add(&ws, w, len, true, bits) != 0)
                    goto out;
            }
            first = false;
            if (!e)
                break;
            w = e + 1;
        }
    }
    if (ws.n)
        qsort(ws.v, ws.n, sizeof(*ws.v), by_word);
    /* one lexeme a word: its rows' classes, its most words as a start */
    ent_lexeme *lx = malloc((ws.n ? ws.n : 1) * sizeof(*lx));
    st->lex_words = malloc(ws.bytes + 1);
    if (!lx || !st->lex_words) {
        free(lx);
        goto out;
    }
    size_t nl = 0;
    char *o = st->lex_words;
    const uint32_t low = (1u << LX_PSTART_SHIFT) - 1;
    for (size_t i = 0; i < ws.n;) {
        size_t j = i;
        uint32_t bits = 0, most = 0;
        for (; j < ws.n && strcmp(ws.v[j].word, ws.v[i].word) == 0; j++) {
            bits |= ws.v[j].bits & low;
            if (LX_PSTART(ws.v[j].bits) > most)
                most = LX_PSTART(ws.v[j].bits);
        }
        size_t len = strlen(ws.v[i].word);
        memcpy(o, ws.v[i].word, len + 1);
        lx[nl++] = (ent_lexeme){o, bits | most << LX_PSTART_SHIFT};
        o += len + 1;
        i = j;
    }
    rc = ent_lexicon_build(&st->lex, lx, nl);
    free(lx);
out:
    for (size_t i = 0; i < ws.n; i++)
        free(ws.v[i].word);
    free(ws.v);
    td_matcher_free(st->feat); /* its words are in the lexicon now */
    st->feat = NULL;
    return rc;
}
