/* outlook: a word's family by the stemmer (see families.h). Suffixes are
 * tried on the word and kept when the candidate has the word's stem
 * ("expand": expands, expanded, expanding; "profit": profitable). The
 * stage reads the families of its own lexicon from data/families.tsv,
 * written with this same code by make-families, and stems only entries
 * that file does not know (a lexicon of the user's). */
#include <stdbool.h>
#include <string.h>

#include "families.h"

static bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

static bool plain_word(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return false;
    return n >= 3;
}

int ol_family_forms(struct sb_stemmer *stemmer, const char *w, size_t n, ol_form_fn fn,
                    void *user)
{
    static const char *const suffixes[] = {
        "s", "es", "ed", "d", "ing", "ly", "ness", "ment", "ments", "able", "ability",
    };
    if (!plain_word(w, n) || n > 40)
        return 0;
    char stem[64];
    const sb_symbol *st = sb_stemmer_stem(stemmer, (const sb_symbol *)w, (int)n);
    if (!st)
        return -1;
    int slen = sb_stemmer_length(stemmer);
    if (slen <= 0 || (size_t)slen >= sizeof(stem))
        return 0;
    memcpy(stem, st, (size_t)slen);
    /* the bases a suffix goes on: the word, without a final e, with a
     * final y as i, with its last consonant doubled (cut -> cutting) */
    char bases[4][64];
    size_t blen[4], nb = 0;
    memcpy(bases[nb], w, n);
    blen[nb++] = n;
    if (w[n - 1] == 'e') {
        memcpy(bases[nb], w, n - 1);
        blen[nb++] = n - 1;
    }
    if (w[n - 1] == 'y' && !is_vowel(w[n - 2])) {
        memcpy(bases[nb], w, n - 1);
        bases[nb][n - 1] = 'i';
        blen[nb++] = n;
    }
    if (!is_vowel(w[n - 1]) && w[n - 1] != 'w' && w[n - 1] != 'x' && w[n - 1] != 'y' &&
        is_vowel(w[n - 2]) && !is_vowel(w[n - 3])) {
        memcpy(bases[nb], w, n);
        bases[nb][n] = w[n - 1];
        blen[nb++] = n + 1;
    }
    for (size_t b = 0; b < nb; b++) {
        for (size_t k = 0; k < sizeof(suffixes) / sizeof(*suffixes); k++) {
            char cand[64];
            size_t sl = strlen(suffixes[k]);
            memcpy(cand, bases[b], blen[b]);
            memcpy(cand + blen[b], suffixes[k], sl);
            size_t cl = blen[b] + sl;
            cand[cl] = '\0';
            const sb_symbol *cs = sb_stemmer_stem(stemmer, (const sb_symbol *)cand, (int)cl);
            if (!cs)
                return -1;
            if (sb_stemmer_length(stemmer) == slen && memcmp(cs, stem, (size_t)slen) == 0) {
                int rc = fn(cand, cl, user);
                if (rc != 0)
                    return rc;
            }
        }
    }
    return 0;
}
