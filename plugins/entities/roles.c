/* entities: role phrases, the titles news gives people.
 *
 * A role phrase is a few modifiers and a role head word from roles.tsv:
 * "deputy head", "chief China economist", "senior analyst", "head of
 * metals", "Vice Minister". Read forwards after an appositive comma ("Lu
 * Ting, chief China economist at Nomura") or backwards before a name
 * ("Goldman Sachs chief China economist Shan Hui"); either way the body
 * the person works for may stand beside it ("at Nomura", "of the GAC",
 * "Goldman Sachs ..."), and is returned as a token span. */
#include <string.h>

#include "entities.h"

static bool is_stop(const ent_doc *d, size_t i) { return ent_lex(d, i, LX_STOP); }

bool ent_is_function_word(const ent_doc *d, size_t i) { return is_stop(d, i); }

bool ent_tok_is_ci(const ent_doc *d, size_t i, const char *word)
{
    if (i >= d->ntok)
        return false;
    const char *s = d->text + d->tok[i].start;
    size_t n = ent_tok_len(d, i);
    return strlen(word) == n && (s[0] | 32) == (word[0] | 32) && memcmp(s + 1, word + 1, n - 1) == 0;
}

bool ent_is_determiner(const ent_doc *d, size_t i) { return ent_lex(d, i, LX_DET); }

/* A country or region named as part of a title: "chief China economist". */
static bool is_place(const ent_doc *d, size_t i)
{
    int32_t h = d->tok[i].hit;
    return h >= 0 && (d->hit[h].src == SRC_COUNTRY || d->hit[h].src == SRC_REGION);
}

static size_t place_end(const ent_doc *d, size_t i) { return d->hit[d->tok[i].hit].t1; }

/* A word that may stand before a role head: "senior", "chief", "trade",
 * "Vice", "Commerce" (a capitalised ordinary word in a title). */
static bool is_modifier(const ent_doc *d, size_t i)
{
    const ent_tok *k = &d->tok[i];
    if (!(k->flags & TK_WORD) || k->hit >= 0)
        return false;
    if (k->flags & (TK_RMOD | TK_ROLE))
        return true;
    if (is_stop(d, i) || (k->flags & TK_UPPER))
        return false;
    if (!(k->flags & (TK_LOWER | TK_CAP)))
        return false;
    return ent_wordset_has_lower(&d->st->words, d->text + k->start, k->end - k->start);
}

/* The role head at token i: its length in tokens (multi-word heads such as
 * "chief executive" count as one), or 0. */
static size_t head_len(const ent_doc *d, size_t i)
{
    const ent_tok *k = &d->tok[i];
    if (!(k->flags & TK_ROLE))
        return 0;
    return k->role_len ? k->role_len : 1;
}

/* After a head: "of metals", "of trade research" (lower-case words that
 * are no body's name). Returns the first token after them. */
static size_t head_complement(const ent_doc *d, size_t j, size_t limit)
{
    /* a head that ends in "of" ("head of"): the words after it */
    if (j > 0 && ent_tok_is(d, j - 1, "of") && j < limit && ent_tok_is_lower_word(d, j) &&
        !is_stop(d, j)) {
        size_t e = j;
        while (e < limit && e < j + 3 && ent_tok_is_lower_word(d, e) && !is_stop(d, e))
            e++;
        return e;
    }
    if (j + 1 < limit && ent_tok_is(d, j, "of") && ent_tok_is_lower_word(d, j + 1) &&
        !ent_tok_is(d, j + 1, "the") && !ent_is_determiner(d, j + 1)) {
        size_t e = j + 1;
        while (e < limit && e < j + 4 && ent_tok_is_lower_word(d, e) && !is_stop(d, e))
            e++;
        return e;
    }
    return j;
}

/* The body after a role: "at Nomura", "of the GAC", "for Harbour Ledger".
 * Sets [*a0, *a1) to a run of capitalised tokens (or an entity hit). */
static bool body_after(const ent_doc *d, size_t j, size_t limit, size_t *a0, size_t *a1)
{
    if (j >= limit)
        return false;
    if (!(ent_tok_is(d, j, "at") || ent_tok_is(d, j, "of") || ent_tok_is(d, j, "for") ||
          ent_tok_is(d, j, "with") || ent_tok_is(d, j, "from")))
        return false;
    size_t s = j + 1;
    if (s < limit && ent_tok_is(d, s, "the"))
        s++;
    if (s < limit && (d->tok[s].flags & TK_ADJ))
        s++; /* "at the Lisbon-based Atlantico Institute" */
    if (s >= limit || !(d->tok[s].flags & TK_CAP) || (d->tok[s].flags & TK_ORD))
        return false;
    /* "for China at German home appliances company BSH": past a place, and
     * past a description that ends in a company noun */
    for (size_t k = s, hops = 0; k < limit && hops < 6; hops++) {
        if (is_place(d, k)) {
            k = place_end(d, k);
            if (k + 1 < limit && (ent_tok_is(d, k, "at") || ent_tok_is(d, k, "of")))
                return body_after(d, k, limit, a0, a1);
            continue;
        }
        if (ent_tok_is_lower_word(d, k) && !ent_lex(d, k, LX_ORGNOUN) && k > s) {
            k++;
            continue;
        }
        if (ent_lex(d, k, LX_ORGNOUN) && k > s && k + 1 < limit && (d->tok[k + 1].flags & TK_CAP)) {
            s = k + 1;
            break;
        }
        break;
    }
    size_t e = ent_run_end(d, s, limit);
    *a0 = s;
    *a1 = e;
    return e > s;
}

bool ent_role_after(const ent_doc *d, size_t i, size_t limit, ent_role *r)
{
    memset(r, 0, sizeof(*r));
    size_t t = i;
    if (t < limit && ent_is_determiner(d, t))
        t++;
    /* "the firm's head of research": the body is the firm named before */
    if (t + 1 < limit && ent_tok_is(d, t + 1, "'s") && ent_tok_is_lower_word(d, t) &&
        !head_len(d, t)) {
        t += 2;
        r->earlier_body = true;
    }
    size_t start = t, end = 0, words = 0;
    /* the last head within a few words: "chief European economist" */
    while (t < limit && words < 7) {
        size_t hl = head_len(d, t);
        if (hl) {
            t += hl;
            end = t;
        } else if (is_place(d, t)) {
            t = place_end(d, t);
        } else if (is_modifier(d, t)) {
            t++;
        } else {
            break;
        }
        words++;
    }
    if (!end)
        return false;
    size_t e = head_complement(d, end, limit);
    if (e == end && ent_tok_is(d, e - 1, "of") && e - 1 > start)
        e--; /* "deputy head of the GAC": the title is "deputy head" */
    /* "chairman and chief executive" */
    if (e + 1 < limit && ent_tok_is(d, e, "and") && head_len(d, e + 1)) {
        e += 1 + head_len(d, e + 1);
        while (e < limit && head_len(d, e))
            e += head_len(d, e);
        e = head_complement(d, e, limit);
    }
    r->t0 = start;
    r->t1 = e;
    size_t a0, a1;
    if (body_after(d, e, limit, &a0, &a1)) {
        r->org0 = a0;
        r->org1 = a1;
        r->earlier_body = false;
    } else if (e + 2 < limit && (ent_tok_is(d, e, "of") || ent_tok_is(d, e, "at")) &&
               ent_tok_is(d, e + 1, "the") && ent_lex(d, e + 2, LX_DEFINITE)) {
        r->definite = e + 2; /* "deputy head of the administration" */
    }
    return true;
}

bool ent_role_before(const ent_doc *d, size_t j, size_t floor, ent_role *r)
{
    memset(r, 0, sizeof(*r));
    if (j == 0 || j <= floor)
        return false;
    /* the head ends at j - 1; a multi-word head starts earlier */
    size_t h = j - 1, hs = SIZE_MAX;
    for (size_t k = h + 1; k-- > floor && k + 4 > h;) {
        if (head_len(d, k) && k + head_len(d, k) == j) {
            hs = k;
            break;
        }
    }
    if (hs == SIZE_MAX || ent_tok_is(d, j - 1, "of"))
        return false; /* "chief executive of Fiat Auto": a body follows */
    /* A capitalised word that is no role word ("Commerce" in "Commerce
     * Minister") joins a title only when the words after it are capitalised
     * too: before a lower-case word it ends a name ("Liberal Democrat
     * deputy leader", "Racial Equality chairman"). */
    bool lower_after = false;
    for (size_t k = hs; k < j; k++)
        lower_after = lower_after || !(d->tok[k].flags & TK_CAP);
    size_t s = hs, mods = 0;
    while (s > floor && mods < 5) {
        size_t p = s - 1;
        if (head_len(d, p) && p + head_len(d, p) == s) { /* "executive" in "chief executive" */
            s = p;
            continue;
        }
        /* a place inside the title: "chief China economist" */
        bool place = false;
        for (size_t q = p + 1; q-- > floor && q + 3 > p;) {
            if (is_place(d, q) && place_end(d, q) == s) {
                s = q;
                place = true;
                break;
            }
        }
        if (place) {
            mods++;
            continue;
        }
        if (!is_modifier(d, p))
            break;
        const ent_tok *m = &d->tok[p];
        if ((m->flags & TK_CAP) && !(m->flags & (TK_RMOD | TK_ROLE)) && lower_after)
            break;
        lower_after = lower_after || !(m->flags & TK_CAP);
        s = p;
        mods++;
    }
    r->t0 = s;
    r->t1 = j;
    /* "its director, Zhao Min": the body named before */
    if (s > floor && ent_lex(d, s - 1, LX_ITS)) {
        r->earlier_body = true;
        return true;
    }
    if (r->org1 == 0 && s > floor) {
        /* the body before: "Goldman Sachs chief ...", "Gartner's principal analyst" */
        size_t e = s;
        if (e >= 2 + floor && ent_tok_is(d, e - 1, "'s"))
            e--;
        const ent_tok *k = &d->tok[e - 1];
        if (e > floor && (k->flags & TK_CAP) && (!(k->flags & TK_ORD) || k->hit >= 0)) {
            size_t b = ent_run_start(d, e, floor);
            r->org0 = b;
            r->org1 = e;
        }
    }
    return true;
}
