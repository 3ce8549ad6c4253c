/* outlook: the cues of each sentence (its hits, from ol_scan() in
 * scan.c, on token positions, and its parts at contrast words). */
#include <stdlib.h>
#include <string.h>

#include "outlook.h"

#define CLAUSE_MAX 40

static bool is_comma(const ol_sentence *s, size_t i)
{
    size_t n;
    const char *t = ol_tok_text(s, i, &n);
    return n == 1 && (*t == ',' || *t == ':');
}

/* Cut the sentence at adversative and split words; mark concessive
 * clauses. Parts before the last "but" weigh half. */
static void cut_parts(ol_sentence *s)
{
    s->nparts = 1;
    s->parts[0] = (ol_part){0, (uint32_t)s->ntoks, 1, false, false, 0, NULL};
    size_t last_adversative = 0;
    for (size_t i = 0; i < s->nitems; i++) {
        ol_item *it = &s->items[i];
        uint8_t mod = it->hit->cue->mod;
        bool cut = (mod == OL_MOD_ADVERSATIVE || mod == OL_MOD_SPLIT) && it->tok > 0 &&
                   it->tok > s->parts[s->nparts - 1].tok;
        if (cut && s->nparts < OL_MAX_PARTS) {
            s->parts[s->nparts - 1].tok_end = it->tok;
            s->parts[s->nparts] = (ol_part){it->tok, (uint32_t)s->ntoks, 1, false, false, 0, NULL};
            s->nparts++;
            if (mod == OL_MOD_ADVERSATIVE)
                last_adversative = s->nparts - 1;
        }
        it->part = (uint16_t)(s->nparts - 1);
    }
    for (size_t p = 0; p < last_adversative; p++)
        s->parts[p].weight = 0.5f;
    /* a concessive clause runs from its word to the next comma, or to the
     * end of its part, at most CLAUSE_MAX tokens (a bound: a text of
     * nothing but "despite" stays linear) */
    for (size_t i = 0; i < s->nitems; i++) {
        ol_item *it = &s->items[i];
        if (it->hit->cue->mod != OL_MOD_CONCESSIVE)
            continue;
        const ol_part *p = &s->parts[it->part];
        size_t end = p->tok_end < it->tok_end + CLAUSE_MAX ? p->tok_end : it->tok_end + CLAUSE_MAX;
        for (size_t t = it->tok_end; t < end; t++)
            if (is_comma(s, t)) {
                end = t;
                break;
            }
        for (size_t j = i + 1; j < s->nitems && s->items[j].tok < end; j++)
            s->items[j].subordinate = true;
    }
}

void ol_sentence_cues(ol_sentence *s, const ol_hits *hits, size_t *cursor)
{
    s->nitems = 0;
    size_t h = *cursor, t = 0;
    while (h < hits->n && hits->v[h].start < s->start)
        h++;
    for (; h < hits->n && hits->v[h].start < s->end; h++) {
        const ol_hit *hit = &hits->v[h];
        if (hit->end > s->end || s->nitems == OL_MAX_ITEMS)
            continue;
        while (t < s->ntoks && s->toks[t]->end <= hit->start)
            t++;
        if (t == s->ntoks)
            break;
        size_t e = t;
        while (e < s->ntoks && s->toks[e]->start < hit->end)
            e++;
        if (hit->cue->mod == OL_MOD_FILLER)
            continue;
        s->items[s->nitems++] = (ol_item){hit, (uint32_t)t, (uint32_t)(e > t ? e : t + 1), 0,
                                          false, false};
    }
    *cursor = h;
    cut_parts(s);
}
