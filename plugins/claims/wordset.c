/*
 * The passes' fixed word lists as hash sets (cl_wordset), built once by
 * create() and shared read-only: a token is looked up with one key and
 * a probe or two instead of a walk comparing every word of the list.
 */
#include <string.h>

#include "claims.h"

static const struct {
    const char *const *words;
    bool fold;
} lists[CL_NSETS] = {
    [CL_SET_QUANTITY] = {cl_quantity_nouns, false},
    [CL_SET_STOP] = {cl_stop_words, true},
    [CL_SET_AUX] = {cl_aux_words, false},
    [CL_SET_DET] = {cl_determiners, true},
    [CL_SET_PREP] = {cl_prepositions, false},
    [CL_SET_BARE] = {cl_bare_verbs, false},
    [CL_SET_FILLER] = {cl_fillers, true},
    [CL_SET_SPEAKER_AUX] = {cl_speaker_aux, false},
    [CL_SET_TREND] = {cl_trend_verbs, false},
    [CL_SET_DEAL] = {cl_deal_verbs, false},
    [CL_SET_PERIOD] = {cl_period_words, false},
    [CL_SET_OUTCOME] = {cl_outcome_verbs, false},
    [CL_SET_VERB_NEXT] = {cl_verb_next, false},
    [CL_SET_MODIFIER_STOP] = {cl_modifier_stop, false},
};

bool cl_wordset_probe(const cl_wordset *s, const char *w, size_t n)
{
    for (size_t h = cl_word_key(w, n) & (CL_SET_SLOTS - 1); s->word[h];
         h = (h + 1) & (CL_SET_SLOTS - 1)) {
        if (s->len[h] != n)
            continue;
        const char *k = s->word[h];
        size_t m = 0;
        if (s->fold)
            while (m < n && (w[m] >= 'A' && w[m] <= 'Z' ? w[m] | 0x20 : w[m]) == k[m])
                m++;
        else
            while (m < n && w[m] == k[m])
                m++;
        if (m == n)
            return true;
    }
    return false;
}

static int init(cl_wordset *s, const char *const *words, bool fold)
{
    memset(s, 0, sizeof(*s));
    s->fold = fold;
    size_t used = 0;
    for (size_t k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if (n == 0 || n >= 64)
            return -1;
        if (cl_wordset_has(s, words[k], n))
            continue; /* listed twice */
        /* half full at most, so that a probe for a word not there ends soon */
        if (2 * ++used > CL_SET_SLOTS)
            return -1;
        size_t h = cl_word_key(words[k], n) & (CL_SET_SLOTS - 1);
        while (s->word[h])
            h = (h + 1) & (CL_SET_SLOTS - 1);
        s->word[h] = words[k];
        s->len[h] = (uint8_t)n;
        s->lens |= 1ull << n;
        unsigned char c0 = (unsigned char)words[k][0];
        s->first[c0 >> 6] |= 1ull << (c0 & 63);
        if (fold && c0 >= 'a' && c0 <= 'z')
            s->first[(c0 - 32) >> 6] |= 1ull << ((c0 - 32) & 63);
    }
    return 0;
}

int cl_wordsets_build(cl_wordset *sets)
{
    for (size_t k = 0; k < CL_NSETS; k++)
        if (init(&sets[k], lists[k].words, lists[k].fold) != 0)
            return -1;
    return 0;
}
