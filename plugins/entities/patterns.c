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
#include "wordset.h"

bool ent_starts_upper(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) /* most words: no call to the decoder */
        return c >= 'A' && c <= 'Z';
    int32_t cp;
    td_utf8_decode(s, 4, &cp);
    return td_utf8_is_upper(cp);
}

/* The lexicon's words while they are gathered: one entry a word (its
 * rows' classes OR-ed, its most words as a start kept), in a hash table;
 * the words themselves in one buffer, which becomes st->lex_words. */
typedef struct lexword {
    uint32_t off, len; /* in text; len 0: empty slot */
    uint32_t bits;     /* LX_* classes, without the LX_PSTART count */
    uint32_t most;     /* the LX_PSTART count */
} lexword;

typedef struct words {
    lexword *slot;
    size_t n, cap;
    char *text;
    size_t bytes, captext;
} words;

/* the word sets' hash, eight bytes at a time (wordset.h): a byte-wise
 * one was a tenth of the lexicon's making */
static uint32_t word_hash(const char *s, size_t n) { return hash_bytes(s, n); }

static int grow(words *ws)
{
    /* the shipped lists: 8,400 words, no growing (at most five eighths
     * full: 256 KiB of slots, half the pages a half-full table touched) */
    size_t cap = ws->cap ? 2 * ws->cap : 16384;
    lexword *ns = calloc(cap, sizeof(*ns));
    if (!ns)
        return -1;
    for (size_t i = 0; i < ws->cap; i++) {
        const lexword *e = &ws->slot[i];
        if (!e->len)
            continue;
        size_t j = word_hash(ws->text + e->off, e->len) & (cap - 1);
        while (ns[j].len)
            j = (j + 1) & (cap - 1);
        ns[j] = *e;
    }
    free(ws->slot);
    ws->slot = ns;
    ws->cap = cap;
    return 0;
}

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
    char buf[24];
    for (size_t i = 0; i < len; i++)
        buf[i] = (lower && w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
    if (8 * (ws->n + 1) > 5 * ws->cap && grow(ws) != 0)
        return -1;
    const uint32_t low = (1u << LX_PSTART_SHIFT) - 1;
    size_t j = word_hash(buf, len) & (ws->cap - 1);
    for (; ws->slot[j].len; j = (j + 1) & (ws->cap - 1)) {
        lexword *e = &ws->slot[j];
        if (e->len == len && memcmp(ws->text + e->off, buf, len) == 0) {
            e->bits |= bits & low;
            if (LX_PSTART(bits) > e->most)
                e->most = LX_PSTART(bits);
            return 0;
        }
    }
    if (ws->bytes + len + 1 > ws->captext) {
        size_t cap = ws->captext ? 2 * ws->captext : 1 << 16;
        char *nt = realloc(ws->text, cap);
        if (!nt)
            return -1;
        ws->text = nt;
        ws->captext = cap;
    }
    memcpy(ws->text + ws->bytes, buf, len);
    ws->text[ws->bytes + len] = '\0';
    ws->slot[j] = (lexword){(uint32_t)ws->bytes, (uint32_t)len, bits & low, LX_PSTART(bits)};
    ws->bytes += len + 1;
    ws->n++;
    return 0;
}

static uint32_t gender_bits(const char *g)
{
    if (!g)
        return 0;
    if (g[0] && !g[1]) /* the given names' "m", "f", "u": no search */
        return g[0] == 'f' ? LX_FEMALE : g[0] == 'm' ? LX_MALE : 0;
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
    for (size_t id = 0; id < st->nfeat; id++) {
        const ent_feature *f = &st->feat[id];
        const char *p = f->word, *c0 = f->kind;
        size_t len = f->len;
        switch (f->src) {
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

/* Does pattern `id` match whatever the case? It was read under "#@case
 * fold", or it has no ASCII capital (its case is the text's); a long name
 * is looked for everywhere, as if folded. */
static bool folded(const ent_state *st, uint32_t id, const char *p)
{
    size_t n = strlen(p);
    if (n >= 256 || (id < st->nfold && st->fold[id]))
        return true;
    for (size_t i = 0; i < n; i++)
        if (p[i] >= 'A' && p[i] <= 'Z')
            return false;
    return true;
}

/* The words the scan must look at besides capitalised ones: the first
 * word of every pattern that starts otherwise ("the mainland"), with its
 * most words, and the lower-case words inside patterns ("of", "am",
 * "without"); and the feature lists' words. Into the lexicon. */
int ent_gazetteer_lexicon(ent_state *st)
{
    size_t n = st->nfold; /* every pattern of m, in id order */
    words ws = {0};
    int rc = -1;
    if (features(st, &ws) != 0)
        goto out;
    for (uint32_t id = 0; id < n; id++) {
        const char *p = st->pat_text[id];
        if (!p || !p[0])
            continue;
        bool first = true, fold = folded(st, id, p);
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
    /* the lists' rows are all read: their buffers freed before the
     * tables below are made, which then reuse those pages */
    ent_gazetteer_load_free(st);
    /* one lexeme a word: its rows' classes, its most words as a start */
    ent_lexeme *lx = malloc((ws.n ? ws.n : 1) * sizeof(*lx));
    if (!lx)
        goto out;
    size_t nl = 0;
    for (size_t i = 0; i < ws.cap; i++) {
        const lexword *e = &ws.slot[i];
        if (e->len)
            lx[nl++] = (ent_lexeme){ws.text + e->off, e->bits | e->most << LX_PSTART_SHIFT};
    }
    st->lex_words = ws.text; /* the lexemes point into it */
    ws.text = NULL;
    rc = ent_lexicon_build(&st->lex, st->lextab, lx, nl);
    free(lx);
out:
    free(ws.slot);
    free(ws.text);
    /* the feature rows are in the lexicon now, the fold marks and texts used */
    ent_gazetteer_load_free(st);
    return rc;
}
