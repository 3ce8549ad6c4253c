/* entities: capitalised sequences, and the rules that type them from
 * their own words, in the manner of GATE's ANNIE:
 *
 *   honorific + name     "Mr Wang", "Ms. Okafor"
 *   title + name         "Vice Minister Wang Jun", "ECB President Christine Lagarde"
 *   role + name          "chief China economist Shan Hui", "its boss, Grace Okafor"
 *   organisation words   "Ministry of Commerce", "Lakeshore Logistics Inc.",
 *                        "Frankfurt Chamber of Industry", "Altmark Bank AG"
 *   given name + word    "Grace Okafor", "Daniel Ortiz"
 *   appositive           "Wang Jun, vice minister of the GAC", "Lu Ting, chief
 *                        China economist at Nomura"
 *   family name first    "Wang Jun said" (a family-name list, then a reporting verb)
 *
 * Runs no rule types are kept for context.c and coref.c. */
#include <string.h>

#include "entities.h"

static bool same_sent(const ent_doc *d, size_t a, size_t b)
{
    return d->tok[a].sent == d->tok[b].sent;
}

/* A token that may be part of a name: a capitalised word, neither an
 * ordinary word opening a sentence nor with a digit, and no function word
 * (LX_STOP, as ent_is_function_word, read in place) unless a list has
 * it. The flags in one test. */
static bool nameish(const ent_doc *d, size_t i)
{
    const ent_tok *k = &d->tok[i];
    return (k->flags & (TK_WORD | TK_CAP | TK_ORD | TK_DIGIT)) == (TK_WORD | TK_CAP) &&
           (k->hit >= 0 || !(k->lex & LX_STOP));
}

static bool is_particle(const ent_doc *d, size_t i) { return ent_lex(d, i, LX_PARTICLE); }

static bool is_ampersand(const ent_doc *d, size_t i)
{
    return ent_tok_is(d, i, "&");
}

/* A day or a month: "Kingsmead Hospital on Monday", "the Council for
 * January" end the name before "on"/"for"; no body is named after one. */
static bool is_date_word(const ent_doc *d, size_t i)
{
    static const char *const words[] = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", NULL};
    if (i >= d->ntok || !(d->tok[i].flags & TK_CAP))
        return false;
    /* the names are 3 to 9 bytes long: most words are ruled out by that */
    size_t n = ent_tok_len(d, i);
    if (n < 3 || n > 9)
        return false;
    for (size_t k = 0; words[k]; k++)
        if (ent_tok_is_n(d, i, words[k], strlen(words[k])))
            return true;
    return false;
}

size_t ent_run_end(const ent_doc *d, size_t i, size_t limit)
{
    size_t j = i + 1, n = 1;
    bool has_pre = (d->tok[i].flags & (TK_OKPRE | TK_ROLE | TK_TITLE)) != 0, joined = false;
    while (j < limit && same_sent(d, i, j) && n < 14) {
        if (nameish(d, j) || (d->tok[j].flags & TK_UPPER)) {
            has_pre |= (d->tok[j].flags & (TK_OKPRE | TK_ROLE)) != 0;
            j++;
            n++;
            continue;
        }
        /* every rule below joins over a connector ("&", a particle, "of",
         * "for", "on", "and", "'s", "'"), all of them LX_CONN in the
         * lexicon: any other word ends the run at once */
        if (!(d->tok[j].lex & LX_CONN))
            break;
        bool next_cap = j + 1 < limit && same_sent(d, j, j + 1) && nameish(d, j + 1);
        if (is_ampersand(d, j) && next_cap) {
            j += 2;
            n += 2;
            continue;
        }
        if (next_cap && is_particle(d, j) && n <= 3) {
            j++;
            n++;
            continue;
        }
        if (j + 2 < limit && is_particle(d, j) && is_particle(d, j + 1) && nameish(d, j + 2)) {
            j += 2; /* von der Leyen */
            n += 2;
            continue;
        }
        if (has_pre && (ent_tok_is(d, j, "of") || ent_tok_is(d, j, "for") ||
                        ent_tok_is(d, j, "on"))) {
            if (next_cap && !is_date_word(d, j + 1)) {
                j++;
                n++;
                joined = true;
                continue;
            }
            if (j + 2 < limit && ent_tok_is(d, j + 1, "the") && nameish(d, j + 2) &&
                same_sent(d, j, j + 2)) {
                j += 2;
                n += 2;
                joined = true;
                continue;
            }
        }
        if (next_cap && ent_tok_is(d, j, "and")) {
            /* "Conference on Trade and Development"; "Food and Agriculture Organisation";
             * after a complete name ("Tarrant Airlines and Vosk Corp.") only key words
             * ("Iraqi Telecommunications and Post Company") */
            int32_t o = d->owner[j - 1]; /* "the Foreign Office and ...": a listed body */
            bool body = o >= 0 && d->cand[o].label == ENT_INSTITUTION && d->cand[o].t1 == j;
            bool complete = ((d->tok[j - 1].flags & TK_OKSUF) != 0 || body) && !joined;
            bool join = joined; /* "Institute of World Economics and Politics" */
            for (size_t k = j + 1; !join && !body && k < limit && k < j + 6 && nameish(d, k);
                 k++) {
                if (complete && !(d->tok[k].flags & TK_OKSUF))
                    break;
                /* "... Bank and Bank of China": a name of its own follows */
                if (complete && k + 1 < limit &&
                    (ent_tok_is(d, k + 1, "of") || ent_tok_is(d, k + 1, "for")))
                    break;
                if (d->tok[k].flags & TK_OKSUF)
                    join = true;
            }
            if (join) {
                j++;
                n++;
                continue;
            }
        }
        /* "People's Bank", "Nordic Exporters' Federation"; not "Commission's Directorate" */
        if ((ent_tok_is(d, j, "'s") || ent_tok_is(d, j, "'")) && next_cap &&
            (d->tok[j + 1].flags & (TK_OKSUF | TK_OKPRE)) &&
            !(d->tok[j - 1].flags & (TK_OKSUF | TK_OKPRE)) && d->tok[j - 1].hit < 0 &&
            d->owner[j - 1] < 0) { /* not after a body: "Sciences' Institute" */
            j++;
            n++;
            continue;
        }
        break;
    }
    /* a run never ends on a connector */
    while (j > i + 1 && !nameish(d, j - 1) && !(d->tok[j - 1].flags & TK_UPPER))
        j--;
    return j;
}

size_t ent_run_start(const ent_doc *d, size_t e, size_t floor)
{
    size_t b = e;
    while (b > floor && b + 6 > e && same_sent(d, b - 1, e - 1) &&
           (nameish(d, b - 1) || (d->tok[b - 1].flags & TK_UPPER) ||
            ((d->tok[b - 1].flags & TK_CAP) && d->tok[b - 1].hit >= 0) ||
            (b >= 2 + floor && is_ampersand(d, b - 1) && nameish(d, b - 2))))
        b--;
    while (b < e && !nameish(d, b) && !(d->tok[b].flags & TK_UPPER) && d->tok[b].hit < 0)
        b++;
    return b;
}

/* "Barbara Roche", "John Houston": a given name of its own (no list entry
 * starts there) outranks a one-word company or city entry after it. */
static bool given_over_hit(const ent_doc *d, size_t a, size_t i)
{
    const ent_tok *g = &d->tok[a];
    if (i == a || !(g->flags & TK_GIVEN) || g->hit >= 0 || d->tok[i].hit < 0)
        return false;
    const ent_hit *h = &d->hit[d->tok[i].hit];
    return h->t0 == i && h->t1 == i + 1 && (h->src == SRC_INSTITUTION || h->src == SRC_REGION);
}

/* Could tokens [a, b) be a person's name? */
bool ent_name_ok(const ent_doc *d, size_t a, size_t b)
{
    if (b <= a || b - a > 5)
        return false;
    size_t words = 0;
    for (size_t i = a; i < b; i++) {
        const ent_tok *k = &d->tok[i];
        if (is_particle(d, i))
            continue;
        if (!nameish(d, i) || (k->flags & (TK_OKSUF | TK_NOTORG)) || k->hon)
            return false;
        if ((k->flags & TK_ROLE) && i == a)
            return false; /* "Governor Pan": a title ("Mervyn King" is a name) */
        if ((k->flags & TK_UPPER) && d->text[k->end - 1] != '.' &&
            (ent_tok_len(d, i) > 2 || i + 1 == b))
            return false; /* an acronym, not an initial ("JP McManus", not "German TV") */
        if (k->hit >= 0 && d->hit[k->hit].src == SRC_INSTITUTION && !given_over_hit(d, a, i))
            return false;
        words++;
    }
    if (words == 1 && d->tok[a].hit >= 0)
        return false; /* a place alone */
    return words > 0;
}

static bool is_reporting(const ent_doc *d, size_t i) { return ent_lex(d, i, LX_REPORT); }

/* The first token of token i's sentence (floor for backward looks), at
 * most 64 back. */
static size_t sent_floor(const ent_doc *d, size_t i)
{
    size_t f = d->sent_first[d->tok[i].sent];
    return i - f > 64 ? i - 64 : f;
}

/* One past the last token of token i's sentence, at most 64 ahead. */
static size_t sent_limit(const ent_doc *d, size_t i)
{
    size_t l = d->sent_first[d->tok[i].sent + 1];
    return l - i > 64 ? i + 64 : l;
}

/* An institution named beside a role: the candidate already there, or a
 * new one from the capitalised run. */
int32_t ent_body(ent_doc *d, size_t a, size_t b, const char *rule)
{
    while (a < b && (d->tok[a].flags & TK_RMOD) && d->tok[a].hit < 0)
        a++; /* "Former WorldCom boss": the body is WorldCom */
    if (b <= a || (d->tok[b - 1].flags & TK_NOTORG))
        return -1;
    /* "MPs", "CEOs": the plural of an acronym names people */
    const char *w = d->text + d->tok[a].start;
    size_t wl = ent_tok_len(d, a);
    if (b - a == 1 && wl >= 3 && w[wl - 1] == 's' && w[wl - 2] >= 'A' && w[wl - 2] <= 'Z')
        return -1;
    /* "IT", "for Children": an ordinary word, not a body; "Ms Jowell": a person */
    if (b - a == 1 && d->tok[a].hit < 0 &&
        ent_wordset_has_lower(&d->st->words, d->text + d->tok[a].start, ent_tok_len(d, a)))
        return -1;
    if (d->tok[a].hon)
        return -1;
    int32_t o = d->owner[a];
    if (o >= 0) {
        const ent_cand *c = &d->cand[o];
        if (c->label == ENT_INSTITUTION && c->t0 <= a && c->t1 >= b)
            return o; /* "GM Europe" is more than "GM": a body of its own */
        if (c->label != ENT_INSTITUTION && c->t1 >= b)
            return -1; /* a country or a person: no body */
    }
    if (ent_name_ok(d, a, b) && (d->tok[a].flags & TK_GIVEN) && b - a >= 2)
        return -1; /* "at Grace Okafor's": a person */
    ent_cand *c = ent_cand_add(d, ENT_INSTITUTION, (uint32_t)a, (uint32_t)b, rule);
    return c ? (int32_t)(c - d->cand) : -2;
}

/* The institution named last before byte `pos` (within a bounded look). */
static int32_t nearest_body(const ent_doc *d, size_t pos, size_t tok)
{
    int32_t best = -1;
    for (size_t i = d->ncand, seen = 0; i-- > 0 && seen < 256; seen++) {
        const ent_cand *c = &d->cand[i];
        if (c->label == ENT_INSTITUTION && c->end <= pos &&
            (best < 0 || c->start > d->cand[best].start))
            best = (int32_t)i;
    }
    /* "the company's deputy general manager": a body of the last few
     * sentences, not any named long before */
    if (best >= 0 && d->tok[tok].sent > d->tok[d->cand[best].t0].sent + 2)
        return -1;
    return best;
}

static const char *gender_of(uint8_t g)
{
    return g == 1 ? "male" : g == 2 ? "female" : NULL;
}

/* "Junya Tanase of JPMorgan", "Brad Wernle, from Automotive News Europe" */
static void body_after_name(ent_doc *d, size_t ci, size_t b)
{
    size_t k = b;
    if (k < d->ntok && ent_tok_is(d, k, ","))
        k++;
    if (k + 1 >= d->ntok || !(ent_tok_is(d, k, "of") || ent_tok_is(d, k, "at") ||
                              ent_tok_is(d, k, "from")))
        return;
    size_t s = k + 1;
    if (s < d->ntok && ent_tok_is(d, s, "the"))
        s++;
    if (s >= d->ntok || !nameish(d, s) || !same_sent(d, b - 1, s))
        return;
    size_t e = ent_run_end(d, s, d->ntok);
    int32_t o = ent_body(d, s, e, "context:employer");
    if (o >= 0)
        d->cand[ci].affiliation = o;
}

static int person(ent_doc *d, size_t a, size_t b, const char *rule, const ent_role *r,
                  uint8_t hon)
{
    ent_cand *c = ent_cand_add(d, ENT_OFFICIAL, (uint32_t)a, (uint32_t)b, rule);
    if (!c)
        return -1;
    size_t ci = (size_t)(c - d->cand);
    if (hon == 1 || hon == 2)
        c->gender = gender_of(hon);
    else if ((d->tok[a].flags & TK_GIVEN) && d->tok[a].gender != 3 &&
             !ent_wordset_has(&d->st->family, d->text + d->tok[a].start, ent_tok_len(d, a)))
        c->gender = gender_of(d->tok[a].gender); /* "Li" of "Li Jiahui" is no given name */
    if (r && r->t1 > r->t0) {
        d->cand[ci].title = ent_title_text(d, r->t0, r->t1);
        if (r->org1 > r->org0) {
            int32_t o = ent_body(d, r->org0, r->org1, "context:employer");
            if (o == -2)
                return -1;
            d->cand[ci].affiliation = o;
        } else if (r->earlier_body) {
            d->cand[ci].affiliation = nearest_body(d, d->cand[ci].start, d->cand[ci].t0);
        } else if (r->definite) {
            d->cand[ci].aff_definite = (int32_t)r->definite; /* coref.c resolves it */
        }
    }
    if (d->cand[ci].affiliation < 0 && (!r || r->t1 <= r->t0 || r->t0 < a))
        body_after_name(d, ci, b);
    return d->oom ? -1 : 0;
}

/* "Royal Prerogative", "Asia Remembered": a name that ends in an ordinary
 * word no surname list has is no person's name by its given name alone
 * ("Gordon Brown" is; a title or "Mr" still confirms the rest). */
static bool word_not_surname(const ent_doc *d, size_t i)
{
    const char *s = d->text + d->tok[i].start;
    size_t n = ent_tok_len(d, i);
    return ent_wordset_has_lower(&d->st->words, s, n) && !ent_wordset_has(&d->st->surnames, s, n);
}

/* ent_name_ok(d, i, j), worked out the first time a rule asks: *memo is -1 until
 * then. */
static bool name_ok_once(const ent_doc *d, size_t i, size_t j, int *memo)
{
    if (*memo < 0)
        *memo = ent_name_ok(d, i, j);
    return *memo;
}

/* Type one run [i, j); returns 1 when a rule took it, 0 if not, -1 on error. */
static int classify(ent_doc *d, size_t i, size_t j)
{
    size_t floor = sent_floor(d, i), limit = sent_limit(d, i);
    ent_role r;
    /* honorific + name ("Mr Cartagena": a place's name after a title is a surname) */
    /* "Dr Reddy's said", "drugmaker Dr Reddy's": a possessive that owns
     * nothing after it, or a company noun before it, names a company */
    if (d->tok[i].hon && j == i + 2 && j < limit && ent_tok_is(d, j, "'s") &&
        ((i > floor && ent_lex(d, i - 1, LX_ORGNOUN)) || j + 1 >= limit ||
         ent_lex(d, j + 1, LX_REPORT) || (d->tok[j + 1].flags & TK_PUNCT))) {
        ent_cand *c = ent_cand_add(d, ENT_INSTITUTION, (uint32_t)i, (uint32_t)(j + 1),
                                   "honorific+possessive");
        if (!c)
            return -1;
        c->canonical = td_doc_strndup(d->doc, d->text + c->start, c->end - c->start);
        return c->canonical ? 1 : -1;
    }
    /* "Ms Roche": an honorific outranks a one-word company name too */
    if (d->tok[i].hon && (ent_name_ok(d, i + 1, j) ||
                          (j == i + 2 && d->tok[i + 1].hit >= 0 &&
                           (d->hit[d->tok[i + 1].hit].src != SRC_INSTITUTION ||
                            d->hit[d->tok[i + 1].hit].t1 == j))))
        return person(d, i + 1, j, "honorific+name", NULL, d->tok[i].hon) == 0 ? 1 : -1;
    /* title inside the run, name after it */
    for (size_t p = j; p-- > i;) {
        if (!(d->tok[p].flags & TK_ROLE))
            continue;
        size_t ns = p + (d->tok[p].role_len ? d->tok[p].role_len : 1);
        /* one ordinary word that is no surname is no name after a title:
         * "General Election", "Chief Whip" ("President Bush" is one) */
        bool word = ns + 1 == j && word_not_surname(d, ns);
        if (ns < j && !word && ent_name_ok(d, ns, j) && ent_role_before(d, ns, floor, &r))
            return person(d, ns, j, "title+name", &r, 0) == 0 ? 1 : -1;
        break;
    }
    /* "Jim Press, vice president of ...": a given name and an appositive role
     * outweigh a key word ("Press") */
    if (j - i == 2 && (d->tok[i].flags & TK_GIVEN) && j + 1 < limit && ent_tok_is(d, j, ",") &&
        ent_role_after(d, j + 1, limit, &r))
        return person(d, i, j, "appositive", &r, 0) == 0 ? 1 : -1;
    /* organisation key words; a title first is no part of the body: "Vice
     * Minister of the General Administration of Customs" */
    size_t oi = i;
    while (oi < j && (d->tok[oi].flags & (TK_ROLE | TK_RMOD)) && d->tok[oi].hit < 0)
        oi++;
    if (oi > i && oi + 1 < j && (d->tok[oi].flags & TK_ROLE) == 0 &&
        (ent_tok_is(d, oi, "of") || ent_tok_is(d, oi, "for") || ent_tok_is(d, oi, "at"))) {
        oi++;
        if (oi + 1 < j && ent_tok_is(d, oi, "the"))
            oi++;
        if (oi < j && d->tok[oi].hit >= 0 && d->hit[d->tok[oi].hit].t1 >= j)
            return 0; /* the body is a gazetteer entry: nothing to add */
        i = oi;
    }
    bool org = false;
    for (size_t p = i; p < j && !org; p++)
        if ((d->tok[p].flags & TK_OKPRE) && p + 1 < j &&
            (ent_tok_is(d, p + 1, "of") || ent_tok_is(d, p + 1, "for") ||
             ent_tok_is(d, p + 1, "on")))
            org = true;
    if (!org && j - i >= 2 && (d->tok[j - 1].flags & TK_OKSUF))
        org = true;
    if (org && !(d->tok[j - 1].flags & TK_NOTORG)) {
        size_t a = i;
        /* a name never starts inside another: a body's name that the run
         * cuts ("House of Lords" in "House of Lords Economic Affairs
         * Committee") is the start of the longer one */
        for (size_t b = i; b-- > floor && b + 6 > i;) {
            int32_t h = d->tok[b].hit;
            if (h >= 0 && d->hit[h].src == SRC_INSTITUTION && d->hit[h].aligned &&
                d->hit[h].t1 > i && d->hit[h].t1 <= j) {
                a = b;
                break;
            }
        }
        /* "Harbor Tools Inc. said": the ordinary word that opens the sentence is its first */
        if (a > 0 && (d->tok[a - 1].flags & TK_ORD) && same_sent(d, a - 1, a) &&
            !ent_is_function_word(d, a - 1))
            a--;
        return ent_cand_add(d, ENT_INSTITUTION, (uint32_t)a, (uint32_t)j, "orgkey") ? 1 : -1;
    }
    /* the rules below ask ent_name_ok(d, i, j) of the same run, and have
     * it once */
    int name_ok = -1;
    /* role just before the run: "economist Shan Hui", "its boss, Grace Okafor" */
    bool before_head = j < limit && (d->tok[j].flags & TK_ROLE); /* "European economist" */
    /* the word list asked last, when the rest holds (it is the dearest test) */
    if (i > floor && !before_head && name_ok_once(d, i, j, &name_ok) &&
        !(j - i == 1 && ent_wordset_has_lower(&d->st->words, d->text + d->tok[i].start,
                                              ent_tok_len(d, i)))) {
        if (ent_role_before(d, i, floor, &r))
            return person(d, i, j, "role+name", &r, 0) == 0 ? 1 : -1;
        if (i >= floor + 2 && ent_tok_is(d, i - 1, ",") && ent_role_before(d, i - 1, floor, &r) &&
            r.t0 > floor && (ent_is_determiner(d, r.t0 - 1) || ent_tok_is(d, r.t0 - 1, "'s")))
            return person(d, i, j, "role+name", &r, 0) == 0 ? 1 : -1;
    }
    /* appositive: "Wang Jun, vice minister of the GAC" */
    if (j - i >= 2 && name_ok_once(d, i, j, &name_ok) && j + 1 < limit && ent_tok_is(d, j, ",") &&
        ent_role_after(d, j + 1, limit, &r))
        return person(d, i, j, "appositive", &r, 0) == 0 ? 1 : -1;
    /* given name + capitalised word */
    bool demonym = d->tok[i].hit >= 0 && d->hit[d->tok[i].hit].src == SRC_COUNTRY;
    if (j - i >= 2 && (d->tok[i].flags & TK_GIVEN) && !demonym && name_ok_once(d, i, j, &name_ok) &&
        !word_not_surname(d, j - 1))
        return person(d, i, j, "given+name", NULL, 0) == 0 ? 1 : -1;
    /* the speaker of reported words: "said Junya Tanase of JPMorgan" */
    if (j - i >= 2 && j - i <= 3 && i > floor && d->tok[i].hit < 0 &&
        (is_reporting(d, i - 1) || (i >= floor + 2 && ent_tok_is(d, i - 1, "to") &&
                                    ent_tok_is(d, i - 2, "according"))) &&
        name_ok_once(d, i, j, &name_ok)) {
        bool words = false; /* "Flight International": names are rarely words */
        for (size_t k = i; k < j && !words; k++)
            words = ent_wordset_has_lower(&d->st->words, d->text + d->tok[k].start,
                                          ent_tok_len(d, k));
        if (!words)
            return person(d, i, j, "speaker", NULL, 0) == 0 ? 1 : -1;
    }
    /* family name first, with a reporting verb beside it: "Wang Jun said" */
    if (j - i >= 2 && j - i <= 3 && name_ok_once(d, i, j, &name_ok) &&
        ent_wordset_has(&d->st->family, d->text + d->tok[i].start, ent_tok_len(d, i)) &&
        ((j < limit && is_reporting(d, j)) || (i > floor && is_reporting(d, i - 1))))
        return person(d, i, j, "family+name", NULL, 0) == 0 ? 1 : -1;
    return 0;
}

int ent_names(ent_doc *d)
{
    /* a name starts with a capital: only the capitalised tokens (d->caps)
     * past the last run are looked at */
    size_t i = 0;
    for (size_t ci = 0; ci < d->ncaps; ci++) {
        if (d->caps[ci] < i)
            continue;
        i = d->caps[ci];
        const ent_tok *k = &d->tok[i];
        if (!nameish(d, i) || (k->flags & TK_HEADING)) {
            i++;
            continue;
        }
        size_t j = ent_run_end(d, i, d->ntok);
        /* a run that is one gazetteer entity and nothing more is done */
        int32_t h = k->hit;
        bool whole = h >= 0 && d->hit[h].aligned && d->hit[h].t1 >= j;
        int rc = whole ? 0 : classify(d, i, j);
        if (rc < 0)
            return -1;
        if (rc == 0 && ent_run_add(d, i, j) != 0)
            return -1;
        i = j;
    }
    return 0;
}
