/* entities: coreference inside the article, in the manner of ANNIE's
 * orthomatcher. A later short form takes the type and the canonical of
 * the nearest earlier full form:
 *
 *   "Wang", "Mr Wang"        -> Wang Jun (any word of the name; the nearer
 *                               one when two people share it)
 *   "Goldman", "Bellwether"  -> Goldman Sachs, Bellwether Partners (first words)
 *   "the Commission"         -> European Commission (its key word)
 *   "FAO", "GAC"             -> an acronym defined or formed from the full name
 *   "the administration"     -> the General Administration of Customs
 *
 * Each short form looks back at no more than ENT_COREF_WINDOW full forms,
 * so the work stays linear in the article. */
#include <stdlib.h>
#include <string.h>

#include "entities.h"

#define ENT_COREF_WINDOW 64

static bool same_tok(const ent_doc *d, size_t i, size_t j)
{
    /* the first bytes compared before memcmp is called: most differ */
    size_t n = ent_tok_len(d, i);
    const char *x = d->text + d->tok[i].start, *y = d->text + d->tok[j].start;
    return n == ent_tok_len(d, j) && (n == 0 || (x[0] == y[0] && memcmp(x, y, n) == 0));
}

/* Does the short form [a, b) name the person of candidate c? Every word
 * of it is a word of the full name ("Wang" of "Wang Jun"). */
static bool person_match(const ent_doc *d, const ent_cand *c, size_t a, size_t b)
{
    if (c->t1 - c->t0 < 2 || b - a >= c->t1 - c->t0)
        return false;
    for (size_t i = a; i < b; i++) {
        if (ent_tok_len(d, i) < 2)
            return false;
        bool found = false;
        for (size_t j = c->t0; j < c->t1 && !found; j++)
            found = same_tok(d, i, j);
        if (!found)
            return false;
    }
    return true;
}

static bool org_match(const ent_doc *d, const ent_cand *c, size_t a, size_t b)
{
    if (c->label != ENT_INSTITUTION)
        return false;
    /* every way below but the acronym and the key word ("FAO", "the
     * Commission": one word, in capitals or a key word) needs the short
     * form to open with the full form's first word: tested first, as it
     * is what most full forms fail */
    if (!(b - a == 1 && (d->tok[a].flags & (TK_UPPER | TK_OKSUF | TK_OKPRE))) &&
        !same_tok(d, a, c->t0))
        return false;
    size_t cn = c->t1 - c->t0;
    /* the same name again: "Winn-Dixie said", "UKIP" after a context rule
     * (a descriptor, a role's employer) typed its first mention */
    if (cn == b - a) {
        bool same = true;
        for (size_t i = 0; i < cn && same; i++)
            same = same_tok(d, a + i, c->t0 + i);
        if (same)
            return true;
    }
    if (b - a == 1 && (d->tok[a].flags & TK_UPPER)) {
        const char *s = d->text + d->tok[a].start;
        size_t n = ent_tok_len(d, a);
        if (c->acronym && strlen(c->acronym) == n && memcmp(c->acronym, s, n) == 0)
            return true;
        return cn >= 2 && n >= 3 && ent_initials_match(d, c->t0, c->t1, s, n);
    }
    if (cn <= b - a)
        return false;
    /* first words: "Goldman" of "Goldman Sachs"; not an ordinary word that
     * opens a sentence ("Higher education ..." is no "Higher Education
     * Funding Council") */
    bool first = true;
    for (size_t i = a; i < b && first; i++)
        first = same_tok(d, i, c->t0 + (i - a));
    if (first && (d->tok[a].flags & TK_SSTART) &&
        ent_wordset_has_lower(&d->st->words, d->text + d->tok[a].start, ent_tok_len(d, a)))
        first = false;
    if (first && !(d->tok[a].flags & (TK_OKPRE | TK_OKSUF)))
        return true;
    /* the key word: "the Commission" of "European Commission" */
    if (b - a == 1 && (d->tok[a].flags & (TK_OKSUF | TK_OKPRE)) && a > 0 &&
        ent_tok_is(d, a - 1, "the") &&
        (same_tok(d, a, c->t1 - 1) || ((d->tok[a].flags & TK_OKPRE) && same_tok(d, a, c->t0))))
        return true;
    return false;
}

/* "the administration" names the nearest body called "... Administration ...". */
static bool definite_match(const ent_doc *d, const ent_cand *c, size_t noun)
{
    if (c->label != ENT_INSTITUTION)
        return false;
    const char *s = d->text + d->tok[noun].start;
    size_t n = ent_tok_len(d, noun);
    for (size_t j = c->t0; j < c->t1; j++) {
        if (ent_tok_len(d, j) != n || !(d->tok[j].flags & TK_CAP))
            continue;
        const char *t = d->text + d->tok[j].start;
        if ((t[0] | 32) == s[0] && memcmp(t + 1, s + 1, n - 1) == 0)
            return true;
    }
    return false;
}

typedef struct known {
    int32_t *v; /* candidate indices by start */
    size_t n;
    /* last[0][i], last[1][i]: the last place j <= i of v holding an
     * official, an institution (-1: none), so a look-back steps from one
     * of its label to the next */
    int32_t *last[2];
} known;

/* k->last for the k->v of now; 0, or -1 out of memory. */
static int index_labels(ent_doc *d, known *k)
{
    size_t n = k->n ? k->n : 1;
    k->last[0] = td_doc_alloc(d->doc, 2 * n * sizeof(*k->last[0]));
    if (!k->last[0])
        return -1;
    k->last[1] = k->last[0] + n;
    int32_t off = -1, inst = -1;
    for (size_t i = 0; i < k->n; i++) {
        uint8_t l = d->cand[k->v[i]].label;
        off = l == ENT_OFFICIAL ? (int32_t)i : off;
        inst = l == ENT_INSTITUTION ? (int32_t)i : inst;
        k->last[0][i] = off;
        k->last[1][i] = inst;
    }
    return 0;
}

/* What a look-back asks of an earlier full form. */
enum back_kind {
    BACK_PERSON,   /* person_match on an official */
    BACK_ORG,      /* org_match (an institution) */
    BACK_DEFINITE, /* definite_match (an institution) */
};

static bool person_match_cb(const ent_doc *d, const ent_cand *c, size_t a, size_t b)
{
    return c->label == ENT_OFFICIAL && person_match(d, c, a, b);
}

/* The place in k->v of the first full form starting at or after byte
 * `pos`: those before it are the ones a look-back sees. */
static size_t known_before(const ent_doc *d, const known *k, size_t pos)
{
    size_t lo = 0, hi = k->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->cand[k->v[mid]].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The nearest full form before place lo of k->v (known_before of a
 * byte) of the kind asked. The kind is a constant at each call, so the
 * matcher is inlined, and only the forms of the label every matcher
 * requires are looked at. */
static inline int32_t find_back_at(const ent_doc *d, const known *k, size_t lo,
                                   enum back_kind kind, size_t a, size_t b)
{
    /* the places lo - ENT_COREF_WINDOW .. lo - 1, those of the label
     * asked only (k->last) */
    const int32_t *last = k->last[kind == BACK_PERSON ? 0 : 1];
    /* org_match's first test, here without the call: unless the short
     * form is one word in capitals or a key word, the full form must open
     * with its first word */
    bool first_word = kind == BACK_ORG &&
                      !(b - a == 1 && (d->tok[a].flags & (TK_UPPER | TK_OKSUF | TK_OKPRE)));
    for (int32_t i = lo ? last[lo - 1] : -1; i >= 0 && (size_t)i + ENT_COREF_WINDOW >= lo;
         i = i ? last[i - 1] : -1) {
        const ent_cand *c = &d->cand[k->v[i]];
        if (c->antecedent >= 0 || (first_word && !same_tok(d, a, c->t0)))
            continue;
        bool ok = kind == BACK_PERSON ? person_match(d, c, a, b)
                  : kind == BACK_ORG  ? org_match(d, c, a, b)
                                      : definite_match(d, c, a);
        if (ok)
            return k->v[i];
    }
    return -1;
}

/* The same before byte `pos`. */
static inline int32_t find_back(const ent_doc *d, const known *k, size_t pos,
                                enum back_kind kind, size_t a, size_t b)
{
    return find_back_at(d, k, known_before(d, k, pos), kind, a, b);
}

/* The nearest full name after k->v[i] that tokens [a, b) name. */
static int32_t find_ahead(const ent_doc *d, const known *k, size_t i, size_t a, size_t b)
{
    for (size_t j = i + 1; j < k->n && j <= i + ENT_COREF_WINDOW; j++) {
        const ent_cand *c = &d->cand[k->v[j]];
        if (c->antecedent < 0 && person_match_cb(d, c, a, b))
            return k->v[j];
    }
    return -1;
}

static ent_cand *resolved(ent_doc *d, int32_t ante, size_t a, size_t b, const char *rule)
{
    ent_cand *c = ent_cand_add(d, d->cand[ante].label, (uint32_t)a, (uint32_t)b, rule);
    if (!c)
        return NULL;
    const ent_cand *an = &d->cand[ante]; /* after the add: the array may have moved */
    c->canonical = an->canonical;
    c->antecedent = ante;
    c->surname = an->surname;
    c->gender = an->gender;
    c->acronym = an->acronym;
    c->prio = 2;
    return c;
}

/* A person named once, then "he" or "she" before anyone else is named. */
static void genders(ent_doc *d, const known *k)
{
    for (size_t i = 0; i < k->n; i++) {
        ent_cand *c = &d->cand[k->v[i]];
        if (c->label != ENT_OFFICIAL || c->gender || c->antecedent >= 0)
            continue;
        size_t stop = d->ntok;
        for (size_t j = i + 1; j < k->n; j++)
            if (d->cand[k->v[j]].label == ENT_OFFICIAL && d->cand[k->v[j]].antecedent < 0) {
                stop = d->cand[k->v[j]].t0;
                break;
            }
        for (size_t t = c->t1; t < stop && t < c->t1 + 40; t++) {
            /* "he" or "she" (LX_HE first), both classes in one test */
            uint32_t g = d->tok[t].lex & (LX_HE | LX_SHE);
            if (g) {
                c->gender = (g & LX_HE) ? "male" : "female";
                break;
            }
        }
    }
}

/* An unknown run before token `t` whose last word is t's word: made a
 * person. Its index, -1 if none, -2 out of memory. */
static int32_t confirm_run(ent_doc *d, size_t t)
{
    /* the runs are in text order: start from the last one before t */
    size_t lo = 0, hi = d->nrun;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->run[mid].t1 <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t r = lo, seen = 0; r-- > 0 && seen < ENT_COREF_WINDOW; seen++) {
        ent_run *run = &d->run[r];
        if (run->t1 > t || run->t1 - run->t0 < 2 || run->t1 - run->t0 > 3 ||
            !same_tok(d, run->t1 - 1, t))
            continue;
        if (run->done) {
            if (run->person >= 0)
                return run->person; /* confirmed by an earlier Mr: "Mr McManus" again */
            continue;
        }
        if (!ent_name_ok(d, run->t0, run->t1))
            continue;
        int32_t o = d->owner[run->t0];
        if (o >= 0 && d->cand[o].t1 >= run->t1)
            continue;
        size_t a = run->t0;
        if (run->t1 - a == 3 && !(d->tok[a].flags & TK_GIVEN))
            a++; /* "Irishmen JP McManus" */
        ent_cand *c = ent_cand_add(d, ENT_OFFICIAL, (uint32_t)a, run->t1, "coref:confirmed");
        if (!c)
            return -2;
        run->done = true;
        run->person = (int32_t)(c - d->cand);
        return run->person;
    }
    return -1;
}

int ent_coref(ent_doc *d)
{
    known k = {0};
    /* room for the persons the honorific pass confirms (one per
     * candidate at most), which later short forms refer to as well */
    k.v = td_doc_alloc(d->doc, (2 * d->ncand + 1) * sizeof(*k.v));
    if (!k.v)
        return -1;
    for (size_t i = 0; i < d->ncand; i++)
        if (d->cand[i].label == ENT_OFFICIAL || d->cand[i].label == ENT_INSTITUTION)
            k.v[k.n++] = (int32_t)i;
    /* the indices are not negative: as uint32_t they sort the same */
    if (ent_sort_by_start(d, (uint32_t *)k.v, k.n) != 0 || index_labels(d, &k) != 0)
        return -1;
    genders(d, &k);
    if (!d->st->coref)
        return 0;
    /* "Mr Wang": an honorific form of an earlier full name */
    size_t nk = k.n, ncand0 = d->ncand;
    for (size_t i = 0; i < nk; i++) {
        ent_cand *c = &d->cand[k.v[i]];
        if (c->label != ENT_OFFICIAL || c->t1 - c->t0 != 1)
            continue;
        int32_t a = find_back(d, &k, c->start, BACK_PERSON, c->t0, c->t1);
        if (a < 0)
            a = find_ahead(d, &k, i, c->t0, c->t1); /* "Mr Kennedy" before "Charles Kennedy" */
        if (a < 0) {
            /* "Irishmen JP McManus ... Mr McManus": the title confirms a name
             * no rule had typed */
            a = confirm_run(d, c->t0);
            if (a == -2)
                return -1;
            c = &d->cand[k.v[i]];
        }
        if (a >= 0) {
            ent_cand *an = &d->cand[a];
            c->canonical = an->canonical;
            c->antecedent = a;
            c->surname = an->surname;
            if (!c->gender)
                c->gender = an->gender;
            else if (!an->gender)
                an->gender = c->gender; /* "Mr Li" says what "Li Jiahui" did not */
            c->rule = "coref:honorific";
        }
    }
    /* "Hiroki Sawada ... Mr Sawada ... Sawada told": the person the title
     * confirmed is a full form for the bare surname after it */
    if (d->ncand > ncand0) {
        for (size_t i = ncand0; i < d->ncand; i++)
            if (d->cand[i].label == ENT_OFFICIAL)
                k.v[k.n++] = (int32_t)i;
        if (ent_sort_by_start(d, (uint32_t *)k.v, k.n) != 0 || index_labels(d, &k) != 0)
            return -1;
        nk = k.n;
    }
    /* bodies named beside a role by a short form: "at the Commission's ..." */
    for (size_t i = 0; i < nk; i++) {
        ent_cand *c = &d->cand[k.v[i]];
        if (c->label != ENT_INSTITUTION || !c->rule || strncmp(c->rule, "context:", 8) != 0 ||
            c->t1 - c->t0 > 3)
            continue;
        int32_t a = find_back(d, &k, c->start, BACK_ORG, c->t0, c->t1);
        if (a >= 0) {
            c->canonical = d->cand[a].canonical;
            c->acronym = d->cand[a].acronym;
            c->antecedent = a;
            c->rule = "coref:org";
        }
    }
    /* unknown capitalised runs */
    for (size_t r = 0; r < d->nrun; r++) {
        ent_run *run = &d->run[r];
        if (run->done || run->t1 - run->t0 > 3)
            continue;
        int32_t o = d->owner[run->t0];
        if (o >= 0 && d->cand[o].t1 >= run->t1)
            continue;
        if (run->t1 < d->ntok && (d->tok[run->t1].flags & TK_ROLE))
            continue; /* "European economist": a modifier, not a short name */
        size_t lo = known_before(d, &k, d->tok[run->t0].start);
        int32_t a = find_back_at(d, &k, lo, BACK_PERSON, run->t0, run->t1);
        const char *rule = "coref:name";
        if (a < 0) {
            a = find_back_at(d, &k, lo, BACK_ORG, run->t0, run->t1);
            rule = "coref:org";
        }
        if (a < 0)
            continue;
        if (!resolved(d, a, run->t0, run->t1, rule))
            return -1;
        run->done = true;
    }
    /* "the administration" */
    for (size_t di = 0; di < d->ndefinite; di++) {
        /* the few words that are such nouns (listed by ent_tokens) */
        size_t t = d->definite[di];
        if (t < 1 || !(d->tok[t].flags & TK_LOWER) ||
            !ent_tok_is(d, t - 1, "the") || d->owner[t] >= 0)
            continue;
        int32_t a = find_back(d, &k, d->tok[t].start, BACK_DEFINITE, t, t + 1);
        if (a < 0)
            continue;
        ent_cand *c = resolved(d, a, t - 1, t + 1, "coref:definite");
        if (!c)
            return -1;
        /* "Wang Jun, deputy head of the administration": his body, named
         * by the person just before the noun */
        int32_t ci = (int32_t)(c - d->cand);
        size_t lo = 0, hi = k.n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (d->cand[k.v[mid]].start < d->tok[t].start)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo, seen = 0; i-- > 0 && seen < 8; seen++) {
            ent_cand *o = &d->cand[k.v[i]];
            if (o->label == ENT_OFFICIAL && o->aff_definite == (int32_t)t && o->affiliation < 0)
                o->affiliation = ci;
        }
    }
    return d->oom ? -1 : 0;
}
