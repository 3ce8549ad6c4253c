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
    unsigned words; /* 0: a word inside a pattern (LX_CONN) */
} pstart;

static int by_word(const void *a, const void *b)
{
    const pstart *x = a, *y = b;
    int c = strcmp(x->word, y->word);
    if (c)
        return c;
    return x->words < y->words ? 1 : x->words > y->words ? -1 : 0;
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
 * word of every pattern that starts otherwise ("chief executive", "the
 * mainland"), with its most words, and the lower-case words inside
 * patterns ("of", "am", "without"). Into the lexicon (LX_PSTART, LX_CONN). */
int ent_gazetteer_lexicon(ent_state *st)
{
    size_t n = td_matcher_count(st->m), np = 0, cap = 1024, bytes = 0;
    pstart *ps = malloc(cap * sizeof(*ps));
    int rc = -1;
    if (!ps)
        return -1;
    for (uint32_t id = 0; id < n; id++) {
        const char *p = td_matcher_pattern(st->m, id);
        if (!p || !p[0])
            continue;
        bool first = true, fold = folded(st->m, id, p);
        unsigned words = 1;
        for (const char *q = p; *q; q++)
            words += *q == ' ';
        for (const char *w = p; *w;) {
            const char *e = strchr(w, ' ');
            size_t len = e ? (size_t)(e - w) : strlen(w);
            /* a first word in lower case starts a stretch; a later one
             * goes on through it, in lower case for a folded pattern
             * ("the Shenzhen stock exchange") */
            bool lower = !ent_starts_upper(w) && !(w[0] >= '0' && w[0] <= '9');
            if (len > 0 && len <= 24 && (lower || (fold && !first))) {
                if (np == cap) {
                    cap *= 2;
                    pstart *nv = realloc(ps, cap * sizeof(*ps));
                    if (!nv)
                        goto out;
                    ps = nv;
                }
                char *word = malloc(len + 1);
                if (!word)
                    goto out;
                for (size_t i = 0; i < len; i++)
                    word[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
                word[len] = '\0';
                ps[np++] = (pstart){word, first ? (words > 255 ? 255 : words) : 0};
                bytes += len + 1;
            }
            first = false;
            if (!e)
                break;
            w = e + 1;
        }
    }
    qsort(ps, np, sizeof(*ps), by_word);
    /* one lexeme a word: its most words as a start, LX_CONN if inside */
    ent_lexeme *lx = malloc((np ? np : 1) * sizeof(*lx));
    st->lex_words = malloc(bytes + 1);
    if (!lx || !st->lex_words) {
        free(lx);
        goto out;
    }
    size_t nl = 0;
    char *o = st->lex_words;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        uint32_t bits = 0;
        while (j < np && strcmp(ps[j].word, ps[i].word) == 0) {
            if (ps[j].words && bits >> LX_PSTART_SHIFT < ps[j].words)
                bits = (bits & ((1u << LX_PSTART_SHIFT) - 1)) | (uint32_t)ps[j].words << LX_PSTART_SHIFT;
            if (!ps[j].words)
                bits |= LX_CONN;
            j++;
        }
        size_t len = strlen(ps[i].word);
        memcpy(o, ps[i].word, len + 1);
        lx[nl++] = (ent_lexeme){o, bits};
        o += len + 1;
        i = j;
    }
    rc = ent_lexicon_build(&st->lex, lx, nl);
    free(lx);
out:
    for (size_t i = 0; i < np; i++)
        free(ps[i].word);
    free(ps);
    return rc;
}

