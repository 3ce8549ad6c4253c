/* entities: typing a capitalised run from its neighbours, and acronyms
 * defined in the text.
 *
 *   "shares in X", "the firm X", "London-based X", "analysts at X"
 *   "X's chief executive", "X shares rose", "X said in a statement"
 *   "X, the world's biggest carmaker"
 *   "... Trade and Development (UNCTAD)": the run before the brackets is an
 *   institution when the letters are its initials; the acronym is kept on
 *   it (and on a gazetteer or key-word institution there) for coref.c.
 * A place followed by ordinary capitalised nouns names a body too
 * ("Singapore Telecom", "China Shipping Gazette"). */
#include <string.h>

#include "entities.h"

/* Tokens after a definition "(NGTC)" where its uses take its name. */
#define ENT_ACRONYM_REACH 2048

#define tok_in(d, i, bits) ent_lex((d), (i), (bits))
#define org_nouns LX_ORGNOUN
#define org_things LX_ORGTHING
#define statement_words LX_STATEMENT

static bool is_person_like(const ent_doc *d, size_t a, size_t b)
{
    return b - a >= 2 && (d->tok[a].flags & TK_GIVEN) && ent_name_ok(d, a, b);
}

static bool any_place(const ent_doc *d, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (d->tok[i].hit >= 0 &&
            (d->hit[d->tok[i].hit].src == SRC_COUNTRY || d->hit[d->tok[i].hit].src == SRC_REGION))
            return true;
    return false;
}

static bool any_hit(const ent_doc *d, size_t a, size_t b, uint8_t src)
{
    for (size_t i = a; i < b; i++)
        if (d->tok[i].hit >= 0 && d->hit[d->tok[i].hit].src == src)
            return true;
    return false;
}

/* Type one unknown run [a, b) from what stands around it. */
static const char *org_context(const ent_doc *d, size_t a, size_t b)
{
    size_t n = d->ntok;
    if (is_person_like(d, a, b) || (d->tok[b - 1].flags & TK_NOTORG) ||
        (b - a == 1 && (d->tok[a].flags & (TK_OKSUF | TK_OKPRE))))
        return NULL; /* "SE", "Bank" alone name nothing */
    /* before the run */
    if (a >= 1) {
        const ent_tok *p = &d->tok[a - 1];
        if (p->flags & TK_ADJ)
            return "context:based"; /* "Hong Kong-based Hutchison Whampoa" */
        if (tok_in(d, a - 1, org_nouns) && (p->flags & TK_LOWER))
            return "context:descriptor"; /* "the firm X", "investment bank X" */
        if (a >= 2 && (ent_tok_is(d, a - 1, "in") || ent_tok_is(d, a - 1, "of")) &&
            (ent_tok_is_ci(d, a - 2, "shares") || ent_tok_is_ci(d, a - 2, "stake") ||
             ent_tok_is_ci(d, a - 2, "stakes")))
            return "context:shares"; /* "shares in X", "a stake in X" */
        /* "chief executive of Fiat Auto", "head of metals at Tessera" */
        if (a >= 2 && (ent_tok_is(d, a - 1, "of") || ent_tok_is(d, a - 1, "at")) &&
            (d->tok[a - 2].flags & TK_ROLE) && d->tok[a - 2].role_len <= 1)
            return "context:role_of";
        if (a >= 3 && ent_tok_is(d, a - 1, "of") && (d->tok[a - 3].flags & TK_ROLE) &&
            d->tok[a - 3].role_len == 2)
            return "context:role_of";
        if (a >= 2 && ent_tok_is(d, a - 1, "at") &&
            (ent_tok_is_ci(d, a - 2, "analysts") || ent_tok_is_ci(d, a - 2, "analyst") ||
             ent_tok_is_ci(d, a - 2, "economists") || ent_tok_is_ci(d, a - 2, "strategists") ||
             ent_tok_is_ci(d, a - 2, "economist") || ent_tok_is_ci(d, a - 2, "executives")))
            return "context:analysts_at";
    }
    /* after the run */
    if (b + 1 < n && ent_tok_is(d, b, "'s") && tok_in(d, b + 1, org_things))
        return "context:possessive";
    /* "the Tata group", "its Agroflora subsidiary", "the Maserati car company" */
    if (b < n && a > 0 && (ent_is_determiner(d, a - 1) || ent_tok_is(d, a - 1, "whose"))) {
        size_t k = b;
        /* "car company"; not "the Catholic aid agency": a name there is no word */
        bool word = b - a == 1 && ent_wordset_has_lower(&d->st->words, d->text + d->tok[a].start,
                                                        ent_tok_len(d, a));
        if (!word && k + 1 < n && ent_tok_is_lower_word(d, k) && tok_in(d, k + 1, org_nouns))
            k++;
        if (tok_in(d, k, org_nouns) && (d->tok[k].flags & TK_LOWER))
            return "context:descriptor";
    }
    /* "Harlow & Reed", "Scottish & Newcastle" */
    for (size_t k = a + 1; k + 1 < b; k++)
        if (ent_tok_is(d, k, "&"))
            return "context:ampersand";
    if (b < n && (ent_tok_is(d, b, "shares") || ent_tok_is(d, b, "Inc") ||
                  ent_tok_is(d, b, "stock")))
        return "context:shares";
    if (b + 3 < n && ent_tok_is(d, b, "said") && ent_tok_is(d, b + 1, "in") &&
        (ent_tok_is(d, b + 2, "a") || ent_tok_is(d, b + 2, "its")) &&
        tok_in(d, b + 3, statement_words))
        return "context:statement";
    if (b + 4 < n && ent_tok_is(d, b + 1, "said") && ent_tok_is(d, b + 2, "in") &&
        tok_in(d, b + 4, statement_words))
        return "context:statement"; /* "... said in a customer note" */
    /* "X, the world's biggest carmaker," / "X, a unit of ..." */
    if (b + 2 < n && ent_tok_is(d, b, ",") && ent_is_determiner(d, b + 1)) {
        for (size_t k = b + 2; k < n && k < b + 7 && !(d->tok[k].flags & TK_PUNCT); k++)
            if (tok_in(d, k, org_nouns) && (d->tok[k].flags & TK_LOWER))
                return "context:appositive";
    }
    /* a place and ordinary nouns: "Singapore Telecom", "China Shipping Gazette" */
    const ent_hit *ph = d->tok[a].hit >= 0 ? &d->hit[d->tok[a].hit] : NULL;
    /* a place's name, not its adjective: "French Champagne" is a wine */
    bool demonym = ph && ph->src == SRC_COUNTRY && ph->npayload > 2 &&
                   strcmp(ph->payload[2], "demonym") == 0;
    if (b - a >= 2 && ph && ph->aligned && !demonym &&
        (ph->src == SRC_COUNTRY || ph->src == SRC_REGION)) {
        size_t e = d->hit[d->tok[a].hit].t1;
        bool nouns = e < b;
        for (size_t k = e; k < b && nouns; k++)
            if (d->tok[k].hit >= 0 || (d->tok[k].flags & (TK_ROLE | TK_RMOD | TK_UPPER)) ||
                ent_lex(d, k, LX_DIRECTION) ||
                !ent_wordset_has_lower(&d->st->words, d->text + d->tok[k].start,
                                       ent_tok_len(d, k)))
                nouns = false;
        if (nouns)
            return "context:place+noun";
    }
    return NULL;
}

/* ---- acronyms defined in the text ------------------------------------------ */

static char upper_ascii(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

/* Do the acronym's letters follow the initials of tokens [a, b)? Every
 * capitalised word gives its initial; connectors ("and", "on") may give
 * theirs (UNCTAD), "'s" and "the" never. */
bool ent_initials_match(const ent_doc *d, size_t a, size_t b, const char *acr, size_t n)
{
    char letters[16];
    size_t nl = 0;
    for (size_t i = 0; i < n; i++)
        if ((acr[i] >= 'A' && acr[i] <= 'Z') || (acr[i] >= 'a' && acr[i] <= 'z')) {
            if (nl == sizeof(letters))
                return false;
            letters[nl++] = upper_ascii(acr[i]);
        }
    if (nl < 2)
        return false;
    size_t li = 0, caps = 0, used_caps = 0;
    for (size_t i = a; i < b; i++) {
        const ent_tok *k = &d->tok[i];
        const char *s = d->text + k->start;
        size_t len = k->end - k->start;
        if (!(k->flags & TK_WORD) || ent_tok_is(d, i, "'s") || ent_tok_is(d, i, "the"))
            continue;
        bool cap = (k->flags & TK_CAP) != 0;
        caps += cap;
        if (li < nl && upper_ascii(s[0]) == letters[li]) {
            li++;
            used_caps += cap;
            /* "Co-operation": each capitalised or hyphen part may give a letter */
            for (size_t j = 1; j + 1 < len && li < nl; j++)
                if (s[j] == '-' && upper_ascii(s[j + 1]) == letters[li])
                    li++;
            /* an acronym may take two letters of one word: "PBOC" Bank Of China */
        } else if (cap) {
            return false; /* a capitalised word gives no letter */
        }
    }
    return li == nl && used_caps == caps && caps >= 1;
}

/* "(GAC)": the token index of an acronym in brackets after token e, or 0. */
static size_t bracket_acronym(const ent_doc *d, size_t e)
{
    /* the rare flag first: this runs at every token */
    if (e + 2 < d->ntok && (d->tok[e + 1].flags & TK_UPPER) && ent_tok_is(d, e, "(") &&
        ent_tok_is(d, e + 2, ")"))
        return e + 1;
    return 0;
}

/* "Shanghai Automotive Industry Corporation (SAIC)": in this article the
 * acronym names what the text says, whatever the gazetteer's entry for
 * it; later uses follow (coref.c reads `acronym`). */
static void define(ent_doc *d, int32_t full, size_t ci)
{
    size_t ai = d->caps[ci];
    const char *acr = d->text + d->tok[ai].start;
    size_t an = ent_tok_len(d, ai);
    /* the uses that follow, within a bounded look ahead: capitalised words
     * only, as the acronym is (a word's case flags come from its bytes
     * alone), so the list of those, not every token */
    for (size_t u = ci; u < d->ncaps && d->caps[u] < ai + ENT_ACRONYM_REACH; u++) {
        size_t t = d->caps[u];
        if (ent_tok_len(d, t) != an || memcmp(d->text + d->tok[t].start, acr, an) != 0)
            continue;
        int32_t o = d->owner[t];
        if (o < 0 || o == full)
            continue;
        ent_cand *c = &d->cand[o];
        if (c->label != ENT_INSTITUTION || c->t0 != t || c->t1 != t + 1)
            continue;
        c->canonical = d->cand[full].canonical;
        c->acronym = d->cand[full].acronym;
        c->antecedent = full;
    }
}

static int acronyms(ent_doc *d)
{
    /* an acronym is in capitals: the bracket is before a capitalised token */
    for (size_t ci = 0; ci < d->ncaps; ci++) {
        if (d->caps[ci] < 2)
            continue;
        size_t i = d->caps[ci] - 1;
        if (i + 2 >= d->ntok)
            break;
        size_t ai = bracket_acronym(d, i);
        if (!ai)
            continue;
        const char *acr = d->text + d->tok[ai].start;
        size_t an = ent_tok_len(d, ai);
        int32_t o = d->owner[i - 1];
        if (o >= 0 && d->cand[o].label == ENT_INSTITUTION && d->cand[o].t1 == i) {
            if (!d->cand[o].acronym)
                d->cand[o].acronym = td_doc_strndup(d->doc, acr, an);
            define(d, o, ci); /* caps[ci] is ai */
            continue;
        }
        if (o >= 0)
            continue; /* a person or a place */
        /* an unknown run ends before the bracket (runs are in text order) */
        size_t lo = 0, hi = d->nrun;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (d->run[mid].t1 < i)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t r = lo; r < d->nrun && r < lo + 1; r++) {
            ent_run *run = &d->run[r];
            if (run->done || run->t1 != i)
                continue;
            if (!(d->tok[run->t1 - 1].flags & TK_NOTORG) &&
                ent_initials_match(d, run->t0, run->t1, acr, an)) {
                ent_cand *c = ent_cand_add(d, ENT_INSTITUTION, run->t0, run->t1, "acronym:defined");
                if (!c)
                    return -1;
                c->acronym = td_doc_strndup(d->doc, acr, an);
                c->prio = 4;
                run->done = true;
                define(d, (int32_t)(c - d->cand), ci);
            }
            break;
        }
    }
    return 0;
}

/* "Anheuser-Busch, Heineken and Scottish & Newcastle": an unknown name in
 * a list with a body is a body. */
/* A body a list may lean on: one a gazetteer or the run's own words made,
 * not one the list rule made ("Eastbourne, Haltemprice and Howden"). */
static bool firm_body(const ent_doc *d, int32_t o)
{
    return o >= 0 && d->cand[o].label == ENT_INSTITUTION &&
           !(d->cand[o].rule && strcmp(d->cand[o].rule, "context:list") == 0);
}

static bool listed_with_body(const ent_doc *d, size_t a, size_t b)
{
    if (is_person_like(d, a, b) || any_place(d, a, b))
        return false;
    /* "Sony's Playstation, Microsoft's X-Box": what a body owns is no body */
    if (a > 0 && (ent_tok_is(d, a - 1, "'s") || ent_tok_is(d, a - 1, "'")))
        return false;
    /* one ordinary word ("Isle", "Holborn"): too little to go on */
    if (b - a == 1 && ent_wordset_has_lower(&d->st->words, d->text + d->tok[a].start,
                                            ent_tok_len(d, a)))
        return false;
    size_t n = d->ntok;
    /* the item after: ", X" / "and X" / "and the X" */
    size_t k = b;
    if (k < n && (ent_tok_is(d, k, ",") || ent_tok_is(d, k, "and") || ent_tok_is(d, k, "or"))) {
        k++;
        if (k < n && (ent_tok_is(d, k, "and") || ent_tok_is(d, k, "the") || ent_tok_is(d, k, "The")))
            k++;
        if (k < n && ent_tok_is(d, k, "the"))
            k++;
        int32_t o = k < n ? d->owner[k] : -1;
        if (firm_body(d, o) && d->cand[o].t0 == k)
            return true;
    }
    /* the item before */
    k = a;
    if (k > 0 && (ent_tok_is(d, k - 1, "the") || ent_tok_is(d, k - 1, "The")))
        k--;
    if (k >= 2 && (ent_tok_is(d, k - 1, ",") || ent_tok_is(d, k - 1, "and") ||
                   ent_tok_is(d, k - 1, "or"))) {
        size_t e = k - 1;
        if (e >= 1 && ent_tok_is(d, e, "and") && ent_tok_is(d, e - 1, ","))
            e--;
        int32_t o = e > 0 ? d->owner[e - 1] : -1;
        if (firm_body(d, o) && d->cand[o].t1 == e)
            return true;
    }
    return false;
}

int ent_context(ent_doc *d)
{
    if (acronyms(d) != 0)
        return -1;
    for (size_t r = 0; r < d->nrun; r++) {
        ent_run *run = &d->run[r];
        int32_t o = d->owner[run->t0];
        if (run->done || (o >= 0 && d->cand[o].t1 >= run->t1) ||
            any_hit(d, run->t0, run->t1, SRC_INSTITUTION))
            continue;
        if (run->t1 - run->t0 == 1 && (d->tok[run->t0].flags & (TK_OKSUF | TK_OKPRE)))
            continue; /* "SE", "Bank" alone name nothing */
        const char *rule = org_context(d, run->t0, run->t1);
        if (!rule && !(d->tok[run->t1 - 1].flags & TK_NOTORG) &&
            listed_with_body(d, run->t0, run->t1))
            rule = "context:list";
        if (!rule)
            continue;
        ent_cand *c = ent_cand_add(d, ENT_INSTITUTION, run->t0, run->t1, rule);
        if (!c)
            return -1;
        c->prio = 3;
        run->done = true;
    }
    return 0;
}
