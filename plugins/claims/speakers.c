/*
 * Who speaks: the official or institution named at a reporting verb
 * ("said Chen Yulan", "Wang Jun, vice minister of the GAC, told",
 * "Analysts at Brabant Economics expect"), a pronoun resolved to the
 * nearest fitting person or body before it ("he said", "she warned",
 * "the company said"), or nobody ("officials said"). Never a guess: a
 * phrase that names no entity gives no speaker. Without an entity layer,
 * a capitalised name at the verb is kept as `speaker_name` alone.
 */
#include <string.h>
#include <strings.h>

#include "claims.h"

/* How far back a pronoun may look for its person, in entity mentions. */
#define PRONOUN_REACH 60

/* the first byte tells most labels apart without a call ("country",
 * "region" and the two that speak) */
static bool is_speaker_entity(const td_annot *e)
{
    return e && ((e->label[0] == 'o' && strcmp(e->label, "official") == 0) ||
                 (e->label[0] == 'i' && strcmp(e->label, "institution") == 0));
}

static void from_entity(cl_doc *d, td_annot *e, const char *how, cl_speaker *sp)
{
    /* a later short mention ("Wang said") speaks for its first, full one */
    td_annot *first = td_annot_ref(d->doc, e, CL_KEY(d, antecedent));
    sp->entity = e;
    sp->name = td_annot_str(first ? first : e, CL_KEY(d, canonical));
    if (!sp->name)
        sp->name = td_annot_str(e, CL_KEY(d, canonical));
    sp->how = how;
}

/* The role nouns, by first letter: 1 for a person ("the official said"),
 * 2 for a body ("the company said", "the report said"; a spokesman
 * speaks for the body). Most tokens cost one test. */
typedef struct role_word {
    const char *word;
    uint8_t kind;
} role_word;

static int role_kind(const cl_doc *d, size_t i)
{
    static const role_word a_[] = {{"analyst", 1}, {"ambassador", 1}, {"airline", 2},
                                   {"agency", 2},  {"administration", 2}, {"authority", 2}, {0, 0}};
    static const role_word b_[] = {{"boss", 1}, {"billionaire", 1}, {"bank", 2}, {"board", 2},
                                   {0, 0}};
    static const role_word c_[] = {{"chairman", 1},  {"chairwoman", 1}, {"chancellor", 1},
                                   {"commissioner", 1}, {"chief", 1},  {"co-chairman", 1},
                                   {"company", 2},   {"carmaker", 2},   {"commission", 2},
                                   {"council", 2},   {"committee", 2},  {"cabinet", 2}, {0, 0}};
    static const role_word d_[] = {{"director", 1}, {"department", 2}, {0, 0}};
    static const role_word e_[] = {{"economist", 1}, {"executive", 1}, {"entrepreneur", 1},
                                   {"exchange", 2}, {0, 0}};
    static const role_word f_[] = {{"founder", 1}, {"firm", 2}, {"fund", 2}, {0, 0}};
    static const role_word g_[] = {{"governor", 1}, {"group", 2}, {"government", 2}, {0, 0}};
    static const role_word i_[] = {{"insurer", 2}, {"institute", 2}, {"inquiry", 2}, {0, 0}};
    static const role_word j_[] = {{"judge", 1}, {0, 0}};
    static const role_word l_[] = {{"leader", 1}, {"lender", 2}, {0, 0}};
    static const role_word m_[] = {{"minister", 1}, {"mayor", 1}, {"magnate", 1}, {"miner", 2},
                                   {"maker", 2},    {"ministry", 2}, {0, 0}};
    static const role_word o_[] = {{"official", 1}, {"organisation", 2}, {"organization", 2},
                                   {0, 0}};
    static const role_word p_[] = {{"president", 1}, {"premier", 1}, {"party", 2}, {"panel", 2},
                                   {"parliament", 2}, {0, 0}};
    static const role_word r_[] = {{"researcher", 1}, {"retailer", 2}, {"regulator", 2},
                                   {"report", 2}, {0, 0}};
    static const role_word s_[] = {{"strategist", 1}, {"secretary", 1}, {"study", 2},
                                   {"survey", 2},     {"statement", 2}, {"spokesman", 2},
                                   {"spokeswoman", 2}, {"spokesperson", 2}, {0, 0}};
    static const role_word t_[] = {{"treasurer", 1}, {"tycoon", 1}, {0, 0}};
    static const role_word u_[] = {{"union", 2}, {0, 0}};
    static const role_word w_[] = {{"watchdog", 2}, {0, 0}};
    if (i >= d->nt)
        return 0;
    const cl_tok *t = &d->t[i];
    size_t len = t->end - t->start;
    if (t->kind != K_WORD || len < 4 || len > 14)
        return 0;
    const role_word *list;
    switch (d->text[t->start]) {
    case 'a': list = a_; break;
    case 'b': list = b_; break;
    case 'c': list = c_; break;
    case 'd': list = d_; break;
    case 'e': list = e_; break;
    case 'f': list = f_; break;
    case 'g': list = g_; break;
    case 'i': list = i_; break;
    case 'j': list = j_; break;
    case 'l': list = l_; break;
    case 'm': list = m_; break;
    case 'o': list = o_; break;
    case 'p': list = p_; break;
    case 'r': list = r_; break;
    case 's': list = s_; break;
    case 't': list = t_; break;
    case 'u': list = u_; break;
    case 'w': list = w_; break;
    default: return 0;
    }
    for (; list->word; list++)
        if (cl_tok_is(d, i, list->word))
            return list->kind;
    return 0;
}

/* Nouns that name a body already introduced: "the Brazilian company". */
static bool body_noun(const cl_doc *d, size_t i)
{
    return role_kind(d, i) == 2;
}

/* Nouns that name a person already introduced: "the official said". */
static bool person_noun(const cl_doc *d, size_t i)
{
    return role_kind(d, i) == 1;
}

int cl_role_noun(const cl_doc *d, size_t i)
{
    return role_kind(d, i);
}

/* A title before a surname: "Mr", "Ms", "Dr", "Lord", "Sir", ... */
static bool honorific(const cl_doc *d, size_t i)
{
    static const char *const words[] = {"Mr",   "Mrs",  "Ms",   "Miss", "Dr",        "Lord",
                                        "Lady", "Sir",  "Dame", "Prof", "Professor", NULL};
    for (const char *const *w = words; *w; w++)
        if (cl_tok_is(d, i, *w))
            return true;
    return false;
}

/* "Wang said" after "Wang Jun" spoke: a name of one word that is a word
 * of the name of someone quoted before, the latest such. */
static bool earlier_speaker(const cl_doc *d, size_t i, cl_speaker *sp)
{
    const char *w = d->text + d->t[i].start;
    size_t n = d->t[i].end - d->t[i].start;
    const cl_quote *best = NULL;
    size_t nd = d->ndirect <= d->nq ? d->ndirect : d->nq;
    /* the last 64 of each kind of quote before it */
    size_t ranges[2][2] = {{0, nd}, {nd, d->nq}};
    for (int r = 0; r < 2; r++) {
        size_t hi = cl_quote_lower(d, ranges[r][0], ranges[r][1], i);
        for (size_t k = hi, seen = 0; k > ranges[r][0] && seen < 64; seen++) {
            const cl_quote *q = &d->q[--k];
            const char *name = q->sp.name;
            if (!name || (best && best->q0 >= q->q0))
                continue;
            for (const char *p = name; *p;) {
                const char *e = p;
                while (*e && *e != ' ')
                    e++;
                if ((size_t)(e - p) == n && memcmp(p, w, n) == 0) {
                    best = q;
                    break;
                }
                p = *e ? e + 1 : e;
            }
            if (best == q)
                break;
        }
    }
    if (!best)
        return false;
    *sp = best->sp;
    sp->how = "earlier-speaker";
    return true;
}

static bool weekday(const cl_doc *d, size_t i)
{
    static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday", NULL};
    for (const char *const *w = days; *w; w++)
        if (cl_tok_is(d, i, *w))
            return true;
    return false;
}

/* A weekday or a connective before a name ("Wednesday Mr Blair", "And
 * Calder", "Meanwhile Ann Lee"); a weekday naming a paper ("Sunday
 * Times") is part of the name. */
static bool lead_word(const cl_doc *d, size_t i, size_t end)
{
    static const char *const connective[] = {"And", "But", "Meanwhile", "However", "On",
                                             "In",  "Now", "Yesterday", "Today", "Last",
                                             "Also", "Then", "So", "Separately", NULL};
    for (const char *const *w = connective; *w; w++)
        if (cl_tok_is(d, i, *w))
            return true;
    /* "Sunday Times said": a paper, unless a person follows */
    return weekday(d, i) && i + 1 < end && (honorific(d, i + 1) || (i + 2 < end && d->t[i + 2].cap));
}

/* The token starting at or after byte pos, by bisection. */
static size_t token_at(const cl_doc *d, size_t pos)
{
    size_t lo = 0, hi = d->nt;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->t[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether entity e stands inside the words of a direct quote. */
static bool inside_quote(const cl_doc *d, const td_annot *e)
{
    size_t nd = d->ndirect <= d->nq ? d->ndirect : d->nq;
    size_t k = token_at(d, e->start);
    return k < d->nt && cl_quote_covering(d, 0, nd, k) != NULL;
}

static bool gender_fits(const cl_doc *d, const td_annot *e, const char *want)
{
    const char *g = td_annot_str(e, CL_KEY(d, gender));
    return !g || strcmp(g, want) == 0;
}

/* The subject of a sentence: the first person named in tokens [t0, t1)
 * outside quote marks, of the pronoun's gender ("Ms Okafor met the
 * minister. She said" is Ms Okafor, not the minister). */
static td_annot *sentence_subject(const cl_doc *d, size_t t0, size_t t1, const char *want)
{
    /* a sentence opening with a pronoun has it for subject, not a name
     * later in it ("He did not think Mr Lee ...") */
    size_t p0 = t0;
    if (cl_cls(d, p0) == CL_CLAUSE || cl_tok_isi(d, p0, "and"))
        p0++;
    if (p0 < t1 && cl_cls(d, p0) == CL_PRONOUN)
        return NULL;
    for (size_t k = t0; k < t1 && k < t0 + 40; k++) {
        td_annot *e = d->t[k].entity;
        if (!e || e->label[0] != 'o' || strcmp(e->label, "official") != 0)
            continue;
        if (inside_quote(d, e))
            continue;
        return gender_fits(d, e, want) ? e : NULL;
    }
    return NULL;
}

/* A news medium ("BBC News", "The Times", "Radio 4's Today"): the outlet a
 * speaker talks to, never whom a pronoun or "the company" stands for. */
static bool medium(const cl_doc *d, const td_annot *e)
{
    static const char *const words[] = {"BBC",      "Times",    "Guardian",  "Telegraph", "Newsnight",
                                        "Radio",    "Reuters",  "Bloomberg", "Journal",   "Magazine",
                                        "Spectator", "Observer", "Economist", "Herald",   "Mirror",
                                        "ITV",      "CNN",      "Newsweek",  "Tribune",   "Gazette"};
    const char *c = td_annot_str(e, CL_KEY(d, canonical));
    if (!c)
        return false;
    for (const char *p = c; *p;) {
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t n = (size_t)(p - w);
        for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
            if (words[k][0] == w[0] && strlen(words[k]) == n && memcmp(words[k], w, n) == 0)
                return true;
        /* "Sky News", "BBC News": the last word */
        if (!*p && n == 4 && memcmp(w, "News", 4) == 0 && w != c)
            return true;
        while (*p == ' ')
            p++;
    }
    return false;
}

/* Whether entity e is the object of a verb of speech or of "to"/"with"
 * ("told Acme", "talks with the Treasury"): not who speaks next. */
static bool object_position(const cl_doc *d, const td_annot *e, size_t tok)
{
    (void)e;
    if (tok == 0)
        return false;
    size_t b = tok - 1;
    if (b > 0 && cl_tok_isi(d, b, "the"))
        b--;
    static const char *const words[] = {"told", "tells", "telling", "to", "with", "against"};
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
        if (cl_tok_is(d, b, words[k]))
            return true;
    return false;
}

/* Whether the body at token `tok` is where an outside commentator works
 * ("Hannes Lee, telecoms analyst at Brabant Bank"): what "the company"
 * or "it" stands for next is the firm the article is about, not it. */
static bool commentator_firm(const cl_doc *d, size_t tok)
{
    if (tok < 2 || !(cl_tok_is(d, tok - 1, "at") || cl_tok_is(d, tok - 1, "from")))
        return false;
    size_t r = tok - 2;
    return cl_tok_is(d, r, "analyst") || cl_tok_is(d, r, "economist") ||
           cl_tok_is(d, r, "strategist") || cl_tok_is(d, r, "analysts") ||
           cl_tok_is(d, r, "economists") || cl_tok_is(d, r, "strategists");
}

/* The entities, and how many of them start before byte pos (bisection):
 * the look-backs below walk down from there. */
static size_t entities_before(cl_doc *d, size_t pos, td_annot *const **ents)
{
    size_t ne;
    *ents = td_doc_layer(d->doc, "entity", &ne);
    size_t lo = 0, hi = ne;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((*ents)[mid]->start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The nearest official (of a fitting gender) or institution before byte `pos`. */
static td_annot *nearest(cl_doc *d, size_t pos, const char *want)
{
    td_annot *const *ents;
    size_t lo = entities_before(d, pos, &ents);
    bool person = strcmp(want, "male") == 0 || strcmp(want, "female") == 0;
    for (size_t k = lo, seen = 0; k > 0 && seen < PRONOUN_REACH; seen++) {
        td_annot *e = ents[--k];
        if (!is_speaker_entity(e) || (e->label[0] == 'o') != person)
            continue;
        if (inside_quote(d, e))
            continue; /* a name the speaker mentions is not who speaks */
        size_t et = token_at(d, e->start);
        if ((!person && (medium(d, e) || commentator_firm(d, et))) || object_position(d, e, et))
            continue;
        if (person && e->label[0] == 'o' && strcmp(e->label, "official") == 0) {
            const char *g = td_annot_str(e, CL_KEY(d, gender));
            if (!g || strcmp(g, want) == 0)
                return e;
        } else if (!person && e->label[0] == 'i' && strcmp(e->label, "institution") == 0) {
            return e;
        }
    }
    return NULL;
}

/* The latest official before byte pos whose `title` ends in the word at
 * token w ("the chancellor" -> "Chancellor Gordon Brown"), bounded. */
static td_annot *nearest_titled(cl_doc *d, size_t pos, size_t w)
{
    td_annot *const *ents;
    size_t lo = entities_before(d, pos, &ents);
    const char *word = d->text + d->t[w].start;
    size_t n = d->t[w].end - d->t[w].start;
    for (size_t k = lo, seen = 0; k > 0 && seen < PRONOUN_REACH; seen++) {
        td_annot *e = ents[--k];
        if (e->label[0] != 'o')
            continue;
        const char *title = td_annot_str(e, CL_KEY(d, title));
        size_t tn = title ? strlen(title) : 0;
        if (tn < n || strncasecmp(title + tn - n, word, n) != 0 ||
            (tn > n && title[tn - n - 1] != ' '))
            continue;
        td_annot *first = td_annot_ref(d->doc, e, CL_KEY(d, antecedent));
        return first ? first : e;
    }
    return NULL;
}

/* The latest institution before byte pos with the word at token w in its
 * canonical name ("Bank" -> "Bank of England"), bounded. */
static td_annot *short_name_word(cl_doc *d, size_t pos, const char *word, size_t n, bool fold)
{
    td_annot *const *ents;
    size_t lo = entities_before(d, pos, &ents);
    for (size_t k = lo, seen = 0; k > 0 && seen < PRONOUN_REACH; seen++) {
        td_annot *e = ents[--k];
        if (e->label[0] != 'i' || medium(d, e))
            continue;
        const char *c = td_annot_str(e, CL_KEY(d, canonical));
        for (const char *p = c; p && *p;) {
            const char *q = p;
            while (*q && *q != ' ')
                q++;
            if ((size_t)(q - p) == n &&
                (fold ? strncasecmp(p, word, n) == 0 : memcmp(p, word, n) == 0))
                return e;
            p = *q ? q + 1 : q;
        }
    }
    return NULL;
}

static td_annot *short_name(cl_doc *d, size_t pos, size_t w)
{
    return short_name_word(d, pos, d->text + d->t[w].start, d->t[w].end - d->t[w].start, false);
}

static td_annot *short_name_ci(cl_doc *d, size_t pos, const char *word)
{
    return short_name_word(d, pos, word, strlen(word), true);
}

/* The nearest official before byte pos with no title, or one ending in
 * the word at token w, bounded. */
static td_annot *nearest_role(cl_doc *d, size_t pos, size_t w)
{
    td_annot *const *ents;
    size_t lo = entities_before(d, pos, &ents);
    const char *word = d->text + d->t[w].start;
    size_t n = d->t[w].end - d->t[w].start;
    for (size_t k = lo, seen = 0; k > 0 && seen < PRONOUN_REACH; seen++) {
        td_annot *e = ents[--k];
        if (e->label[0] != 'o' || inside_quote(d, e) || object_position(d, e, token_at(d, e->start)))
            continue;
        td_annot *first = td_annot_ref(d->doc, e, CL_KEY(d, antecedent));
        const char *title = td_annot_str(first ? first : e, CL_KEY(d, title));
        size_t tn = title ? strlen(title) : 0;
        if (title && (tn < n || strncasecmp(title + tn - n, word, n) != 0))
            continue;
        return first ? first : e;
    }
    return NULL;
}

static const cl_quote *recent_in(const cl_doc *d, size_t from, size_t to, size_t before,
                                 bool person)
{
    uint32_t para = d->s[d->t[before].sent].paragraph;
    for (size_t k = cl_quote_lower(d, from, to, before); k > from;) {
        const cl_quote *q = &d->q[--k];
        if (d->s[d->t[q->q0].sent].paragraph + 1 < para)
            return NULL;
        bool is_person = q->sp.entity ? q->sp.entity->label[0] == 'o' : true;
        if (q->sp.entity && q->sp.entity->label[0] == 'i' && medium(d, q->sp.entity))
            continue;
        if (q->sp.name && is_person == person)
            return q;
    }
    return NULL;
}

/* Whether the last quote before token `before`, in this or the previous
 * sentence, was said by a person the article does not name. */
static bool unnamed_before(const cl_doc *d, size_t before)
{
    size_t nd = d->ndirect <= d->nq ? d->ndirect : d->nq;
    uint32_t sent = d->t[before].sent;
    /* the quotes of this very sentence are the ones being attributed */
    const cl_quote *direct = NULL;
    for (size_t k = cl_quote_lower(d, 0, nd, before); k > 0 && !direct;) {
        const cl_quote *q = &d->q[--k];
        if (d->t[q->q0].sent != sent)
            direct = q;
    }
    /* reported speech of a person not named ("The minister's spokesman
     * said ... But he added:"), when it is later than that quote */
    size_t k = cl_quote_lower(d, nd, d->nq, before);
    const cl_quote *reported = k > nd ? &d->q[k - 1] : NULL;
    const cl_quote *q = reported && (!direct || reported->q0 > direct->q0) ? reported : direct;
    return q && q->unnamed && sent <= d->t[q->q0].sent + 2;
}

/* Whether the latest quote (direct or reported) before token `before`, in
 * this or the previous sentence, has no speaker. */
static bool last_unnamed(const cl_doc *d, size_t before)
{
    size_t nd = d->ndirect <= d->nq ? d->ndirect : d->nq;
    const cl_quote *best = NULL;
    size_t ranges[2][2] = {{0, nd}, {nd, d->nq}};
    for (int r = 0; r < 2; r++) {
        size_t k = cl_quote_lower(d, ranges[r][0], ranges[r][1], before);
        if (k > ranges[r][0] && (!best || d->q[k - 1].q0 > best->q0))
            best = &d->q[k - 1];
    }
    if (!best || best->sp.name || d->t[best->q0].sent + 1 < d->t[before].sent)
        return false;
    /* said by a bare plural ("analysts said", "critics warned"), not by a
     * group the article set up ("the MPs said") */
    const cl_sent *s = &d->s[d->t[best->q0].sent];
    for (size_t v = s->t0 + 1; v < s->t1 && v < s->t0 + 60; v++) {
        if (cl_cls(d, v) != CL_REPORT || (best->q0 <= v && v < best->q1))
            continue;
        size_t n = v - 1;
        const cl_tok *t = &d->t[n];
        return t->kind == K_WORD && !t->entity && d->text[t->end - 1] == 's' &&
               (n == s->t0 || !cl_tok_isi(d, n - 1, "the"));
    }
    return false;
}

/* The speaker of the latest quote before token `before`, in its paragraph
 * or the one before: "he" for a person, "they"/"it" for a body. Direct
 * quotes and reported speech are kept apart in d->q, each in order. */
static const cl_quote *recent_quote(const cl_doc *d, size_t before, bool person)
{
    size_t nd = d->ndirect <= d->nq ? d->ndirect : d->nq;
    const cl_quote *a = recent_in(d, 0, nd, before, person);
    const cl_quote *b = recent_in(d, nd, d->nq, before, person);
    return a && b ? (a->q0 > b->q0 ? a : b) : a ? a : b;
}

static bool recent_speaker(const cl_doc *d, size_t before, bool person, cl_speaker *sp)
{
    const cl_quote *q = recent_quote(d, before, person);
    if (!q)
        return false;
    *sp = q->sp;
    sp->how = "pronoun-speaker";
    return true;
}

bool cl_speaker_of(cl_doc *d, size_t i, size_t j, size_t before, cl_speaker *sp)
{
    memset(sp, 0, sizeof(*sp));
    if (i >= j || j > d->nt)
        return false;
    /* a person named in the phrase, else a body: "Fed Chair Jerome Powell",
     * "Analysts at Brabant Economics" */
    td_annot *official = NULL, *institution = NULL;
    /* "Mr Blair's official spokesman": the spokesman is not the person */
    bool spoken_for = cl_tok_is(d, j - 1, "spokesman") || cl_tok_is(d, j - 1, "spokeswoman") ||
                      cl_tok_is(d, j - 1, "spokesperson");
    /* "a spokesman for Commissioner Ann Lee said": not Ann Lee either */
    for (size_t k = i; k + 1 < j && k < i + 4 && !spoken_for; k++)
        spoken_for = (cl_tok_is(d, k, "spokesman") || cl_tok_is(d, k, "spokeswoman") ||
                      cl_tok_is(d, k, "spokesperson")) &&
                     cl_tok_is(d, k + 1, "for") && k + 2 < j && d->t[k + 2].cap;
    /* ("spokeswoman for women Ann Lee" is Ann Lee: a portfolio, lower case) */
    for (size_t k = i; k < j; k++) {
        td_annot *e = d->t[k].entity;
        if (!is_speaker_entity(e))
            continue;
        if (e->label[0] == 'o' && spoken_for)
            continue;
        if (e->label[0] == 'o' && !official)
            official = e;
        else if (e->label[0] == 'i')
            institution = e;
    }
    /* "the Tory co-chairman said": the person of the party with that
     * title, when one was named; else the party */
    if (!official && institution && j - i >= 2 && person_noun(d, j - 1) && d->have_entities) {
        td_annot *titled = nearest_titled(d, d->t[before].start, j - 1);
        if (titled) {
            from_entity(d, titled, "title-noun", sp);
            return true;
        }
        /* the person quoted in this or the sentence before, unless he is
         * known to belong to another body */
        const cl_quote *r = recent_quote(d, before, true);
        if (r && r->sp.entity && r->sp.entity->label[0] == 'o' &&
            d->t[r->q0].sent + 1 >= d->t[before].sent) {
            td_annot *aff = td_annot_ref(d->doc, r->sp.entity, CL_KEY(d, affiliation));
            const char *ac = aff ? td_annot_str(aff, CL_KEY(d, canonical)) : NULL;
            const char *ic = td_annot_str(institution, CL_KEY(d, canonical));
            if (!ac || (ic && strcmp(ac, ic) == 0)) {
                *sp = r->sp;
                sp->how = "title-of-speaker";
                return true;
            }
        }
    }
    if (official || institution) {
        from_entity(d, official ? official : institution,
                    official ? "named-person" : spoken_for ? "body-spokesperson" : "named-body", sp);
        return true;
    }
    /* "its chief executive said", "their spokesman": the person with that
     * title, else the body "its" stands for */
    if ((cl_tok_isi(d, i, "its") || cl_tok_isi(d, i, "their")) && j - i >= 2 && j - i <= 4 &&
        (person_noun(d, j - 1) || body_noun(d, j - 1)) && d->have_entities) {
        td_annot *titled =
            person_noun(d, j - 1) ? nearest_titled(d, d->t[before].start, j - 1) : NULL;
        if (titled) {
            from_entity(d, titled, "title-noun", sp);
            return true;
        }
        if (recent_speaker(d, before, false, sp)) {
            sp->how = "its-role";
            return true;
        }
        td_annot *e = nearest(d, d->t[i].start, "neuter");
        if (!e)
            return false;
        from_entity(d, e, "its-role", sp);
        return true;
    }
    /* a pronoun or "the company" */
    if (cl_cls(d, i) == CL_PRONOUN && d->t[i].cue_end == j) {
        const char *want = d->t[i].cue->str;
        bool person = strcmp(want, "male") == 0 || strcmp(want, "female") == 0;
        if (strcmp(want, "plural") == 0) {
            /* "Analysts said ... They also pointed out": the unnamed
             * speakers of the sentence before go on */
            if (last_unnamed(d, before))
                return false;
            want = "neuter"; /* "they said" after "Analysts at X": the body */
        }
        /* a body: the one that spoke last in the paragraph, else the nearest */
        if (!person && recent_speaker(d, before, false, sp))
            return true;
        /* "...," the chief executive of a car maker told BBC News. "...", he
         * said: the person the article did not name, so nobody */
        if (person && unnamed_before(d, before))
            return false;
        /* "A Zorvak spokeswoman said ... She added:": the body goes on */
        if (person) {
            const cl_quote *r = recent_quote(d, before, false);
            if (r && r->sp.how && !strcmp(r->sp.how, "body-spokesperson") &&
                d->t[r->q0].sent + 1 >= d->t[before].sent) {
                const cl_quote *p = recent_quote(d, before, true);
                if (!p || p->q0 < r->q0) {
                    *sp = r->sp;
                    return true;
                }
            }
        }
        if (person && d->have_entities) {
            /* the current speaker when one spoke in this or the sentence
             * before and the gender agrees; else the subject of the
             * sentence before, then of this one before the pronoun */
            size_t ps = d->t[before].sent;
            /* "Mr Lee praised the plan, which he said was": the person the
             * sentence opened with, before the speaker of the one before */
            size_t open0 = d->s[ps].t0;
            if (cl_cls(d, open0) == CL_CLAUSE || cl_tok_isi(d, open0, "and"))
                open0++;
            if (before > open0) {
                td_annot *own = sentence_subject(d, d->s[ps].t0, before, want);
                if (own && !object_position(d, own, token_at(d, own->start))) {
                    from_entity(d, own, "pronoun-subject", sp);
                    return true;
                }
            }
            const cl_quote *cur = recent_quote(d, before, true);
            /* "He did not think ... But he warned": a sentence between that
             * opens with the same pronoun carries the speaker on */
            size_t reach = 1;
            if (ps > 0) {
                size_t p0 = d->s[ps - 1].t0;
                if (cl_cls(d, p0) == CL_CLAUSE || cl_tok_isi(d, p0, "and"))
                    p0++;
                if (cl_cls(d, p0) == CL_PRONOUN && !strcmp(d->t[p0].cue->str, want))
                    reach = 2;
            }
            if (cur && cur->sp.entity && gender_fits(d, cur->sp.entity, want) &&
                d->t[cur->q1 > cur->q0 ? cur->q1 - 1 : cur->q0].sent + reach >= ps) {
                *sp = cur->sp;
                sp->how = "pronoun-speaker";
                return true;
            }
            td_annot *subj = ps > 0 ? sentence_subject(d, d->s[ps - 1].t0, d->s[ps - 1].t1, want)
                                    : NULL;
            if (!subj)
                subj = sentence_subject(d, d->s[ps].t0, before, want);
            if (subj) {
                from_entity(d, subj, "pronoun-subject", sp);
                return true;
            }
        }
        td_annot *e = d->have_entities ? nearest(d, d->t[before].start, want) : NULL;
        if (e) {
            from_entity(d, e, "pronoun", sp);
            return true;
        }
        return person && recent_speaker(d, before, true, sp);
    }
    /* "the official said": the person who spoke last, else the nearest */
    if (cl_tok_isi(d, i, "the") && j - i <= 5 && person_noun(d, j - 1)) {
        /* "the chancellor said": the person named before with that title */
        td_annot *titled = d->have_entities ? nearest_titled(d, d->t[before].start, j - 1) : NULL;
        if (titled) {
            from_entity(d, titled, "title-noun", sp);
            return true;
        }
        if (recent_speaker(d, before, true, sp))
            return true;
        /* the nearest person whose title is not another role ("the prime
         * minister" is not the person titled "chancellor") */
        td_annot *e = d->have_entities ? nearest_role(d, d->t[before].start, j - 1) : NULL;
        if (!e)
            return false;
        from_entity(d, e, "person-noun", sp);
        return true;
    }
    bool spokes = cl_tok_is(d, j - 1, "spokesman") || cl_tok_is(d, j - 1, "spokeswoman") ||
                  cl_tok_is(d, j - 1, "spokesperson");
    if ((cl_tok_isi(d, i, "the") || (spokes && (cl_tok_isi(d, i, "a") || cl_tok_isi(d, i, "an")))) &&
        j - i <= 4 && body_noun(d, j - 1)) {
        /* "A UKIP spokesman said": the capitalised words before the noun
         * name the body, even one the entity layer does not know; not the
         * body that spoke last */
        size_t m0 = i + 1, m1 = j - 1;
        bool named = spokes && m0 < m1; /* not "the Brazilian company" */
        for (size_t k = m0; named && k < m1; k++)
            named = d->t[k].kind == K_WORD && d->t[k].cap &&
                    !(d->t[k].entity && (d->t[k].entity->label[0] == 'c' ||
                                         d->t[k].entity->label[0] == 'r'));
        /* "the Russian government said": the country's government, by name */
        bool country = !spokes && cl_tok_is(d, j - 1, "government") && m1 - m0 == 1 &&
                       d->t[m0].entity && d->t[m0].entity->label[0] == 'c';
        if (country) {
            sp->name = td_doc_strndup(d->doc, d->text + d->t[m0].start,
                                      d->t[j - 1].end - d->t[m0].start);
            sp->how = "country-government";
            return sp->name != NULL;
        }
        if (named) {
            sp->name = td_doc_strndup(d->doc, d->text + d->t[m0].start,
                                      d->t[m1 - 1].end - d->t[m0].start);
            sp->how = "body-spokesman";
            return sp->name != NULL;
        }
        /* "a spokesman said" for no body named: nobody ("the spokesman"
         * goes on below) */
        if (spokes && !cl_tok_isi(d, i, "the")) {
            /* unless a body's spokesman spoke in this or the sentence before */
            const cl_quote *r = recent_quote(d, before, false);
            if (!r || !r->sp.entity || d->t[r->q0].sent + 1 < d->t[before].sent)
                return false;
            *sp = r->sp;
            sp->how = "spokesman-goes-on";
            return true;
        }
        /* "the government says": a body named as a government before, not
         * the party or firm that spoke last */
        if (cl_tok_is(d, j - 1, "government")) {
            td_annot *e = d->have_entities ? short_name_ci(d, d->t[before].start, "government")
                                           : NULL;
            if (!e)
                return false;
            from_entity(d, e, "body-noun", sp);
            return true;
        }
        /* "the company said", "the spokesman added": the body that spoke last
         * in the paragraph, else the nearest one named */
        if (recent_speaker(d, before, false, sp))
            return true;
        td_annot *e = d->have_entities ? nearest(d, d->t[before].start, "neuter") : NULL;
        if (!e)
            return false;
        from_entity(d, e, "body-noun", sp);
        return true;
    }
    /* "the Bank said", "the Commission said": a word of the name of a body
     * named before ("the Bank of England") */
    if (j - i == 2 && cl_tok_isi(d, i, "the") && d->t[i + 1].cap && d->t[i + 1].kind == K_WORD &&
        d->have_entities) {
        td_annot *e = short_name(d, d->t[before].start, i + 1);
        if (e) {
            from_entity(d, e, "short-name", sp);
            return true;
        }
    }
    /* a determiner does not start a name: "The Indian-born magnate" */
    if (j - i >= 2 && (cl_tok_isi(d, i, "the") || cl_tok_isi(d, i, "a") || cl_tok_isi(d, i, "an")))
        i++;
    /* a name the entity layer missed: the last capitalised words of the
     * phrase ("U.S. Trade Representative Jamieson Greer"), two or more of
     * them when entities were looked for (one alone may be any word) */
    size_t b = j;
    while (b > i && !(d->t[b - 1].kind == K_WORD && d->t[b - 1].cap))
        b--;
    size_t a = b;
    while (a > i && d->t[a - 1].kind == K_WORD && d->t[a - 1].cap && !d->t[a - 1].entity &&
           !d->t[a - 1].cue && b - a < 3)
        a--;
    /* "On Wednesday Mr Straw said", "And Calder said": a weekday or a
     * connective opening the words is not part of the name */
    size_t lead = a;
    while (a < b && lead_word(d, a, b))
        a++;
    /* "Mr Straw" the entity layer missed: the person of that surname
     * quoted before */
    if (b - a == 2 && honorific(d, a) && earlier_speaker(d, a + 1, sp))
        return true;
    if (a + 1 == b && earlier_speaker(d, a, sp))
        return true;
    /* one word alone may be any word, but not after "And": "And Calder
     * said" names Calder */
    bool named_after_lead = a > lead && b - a == 1 && !weekday(d, a) && d->t[a].kind == K_WORD &&
                            !memchr(d->text + d->t[a].start, '-', d->t[a].end - d->t[a].start);
    if (a == b || (b - a < 2 && !named_after_lead && (d->have_entities || d->t[a].sent_start)))
        return false;
    for (size_t k = a; k < b; k++)
        if (d->t[k].entity)
            return false;
    sp->name = td_doc_strndup(d->doc, d->text + d->t[a].start, d->t[b - 1].end - d->t[a].start);
    sp->how = "name";
    return sp->name != NULL;
}

/* Words a subject phrase does not hold: a conjunction or a finite verb
 * before it belongs to another clause. */
static bool clause_stop(const cl_doc *d, size_t i)
{
    const cl_tok *t = &d->t[i];
    size_t n = t->end - t->start;
    if (t->kind != K_WORD || n < 2 || n > 8)
        return false;
    /* by first letter: most tokens cost one test */
    static const char *const a_[] = {"after", "although", "are", "as", NULL};
    static const char *const b_[] = {"before", "because", "been", "being", NULL};
    static const char *const d_[] = {"did", "does", "do", NULL};
    static const char *const h_[] = {"has", "have", "had", NULL};
    static const char *const i_[] = {"if", "is", NULL};
    static const char *const s_[] = {"since", NULL};
    static const char *const t_[] = {"though", NULL};
    static const char *const u_[] = {"until", "unless", NULL};
    static const char *const w_[] = {"when", "while", "whether", "was", "were", NULL};
    const char *const *list;
    switch (d->text[t->start] | 0x20) {
    case 'a': list = a_; break;
    case 'b': list = b_; break;
    case 'd': list = d_; break;
    case 'h': list = h_; break;
    case 'i': list = i_; break;
    case 's': list = s_; break;
    case 't': list = t_; break;
    case 'u': list = u_; break;
    case 'w': list = w_; break;
    default: return false;
    }
    for (; *list; list++)
        if (cl_tok_isi(d, i, *list))
            return true;
    return false;
}

/* Words that are not part of a role before a name ("said that Ann Lee"). */
static bool function_word(const cl_doc *d, size_t i)
{
    if (d->t[i].kind != K_WORD || d->t[i].cap || d->t[i].end - d->t[i].start > 9)
        return false;
    static const char *const words[] = {"that", "to",  "in",   "on",   "by",   "at",   "of",
                                        "for",  "with", "and", "from", "as",   "when", "after",
                                        "before", "if", "whether", "a", "an", "the", "his", "her",
                                        "its", "their", "this", "last", "told", "yesterday",
                                        "today", "earlier", "later"};
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
        if (cl_tok_is(d, i, words[k]))
            return true;
    return false;
}

/* Words between a subject and its verb (aux). */
const char *const cl_speaker_aux[] = {"has",      "have",    "had",   "also",     "long",
                                      "previously", "recently", "earlier", "repeatedly",
                                      "once",     "will",    "would", "further",  "then",
                                      "again",    "is",      "was",   "now",      "still",
                                      "publicly", "privately", "already", "separately",
                                      "are",      "were",    "been",  NULL};

/* Words between a subject and its verb: "has long argued", "also expects". */
static bool aux(const cl_doc *d, size_t i)
{
    if (cl_tok_in(d, i, CL_SET_SPEAKER_AUX))
        return true;
    /* an adverb: "has consistently said" */
    const cl_tok *t = &d->t[i];
    return t->kind == K_WORD && !t->cap && !t->entity && t->end - t->start > 4 &&
           d->text[t->end - 1] == 'y' && d->text[t->end - 2] == 'l';
}

static bool phrase_word(const cl_doc *d, size_t i)
{
    const cl_tok *t = &d->t[i];
    if (t->entity)
        return true;
    if (t->kind == K_WORD)
        return cl_cls(d, i) != CL_REPORT && cl_cls(d, i) != CL_CLAUSE &&
               cl_cls(d, i) != CL_FORECAST && !cl_tok_is(d, i, "that") &&
               !cl_tok_is(d, i, "who");
    return cl_tok_is(d, i, "'s") || cl_tok_punct(d, i, '-') || cl_tok_punct(d, i, '&') ||
           cl_tok_punct(d, i, '.') || cl_tok_punct(d, i, '(') || cl_tok_punct(d, i, ')') ||
           t->kind == K_NUMBER;
}

bool cl_subject_before(cl_doc *d, size_t v, size_t lo, cl_speaker *sp, size_t *subj0)
{
    memset(sp, 0, sizeof(*sp));
    size_t k = v;
    while (k > lo && aux(d, k - 1))
        k--;
    if (k == lo)
        return false;
    size_t end = k; /* the phrase ends before token `end` */
    /* "the General Administration of Customs (GAC) said" */
    if (cl_tok_punct(d, end - 1, ')')) {
        size_t o = end - 1;
        while (o > lo && o + 6 > end && !cl_tok_punct(d, o, '('))
            o--;
        if (cl_tok_punct(d, o, '('))
            end = o;
    }
    /* "Wang Jun, vice minister of the GAC, told": the name before the appositive */
    if (cl_tok_punct(d, end - 1, ',')) {
        size_t c = end - 1;
        size_t o = c;
        while (o > lo && c - o < 16 && !cl_tok_punct(d, o - 1, ',') && phrase_word(d, o - 1))
            o--;
        /* "Ann Lee, who chaired the inquiry, said": the subject before the
         * relative clause */
        if (o > lo + 2 && (cl_tok_is(d, o - 1, "who") || cl_tok_is(d, o - 1, "which")) &&
            cl_tok_punct(d, o - 2, ',') && phrase_word(d, o - 3)) {
            end = o - 2;
            goto phrase;
        }
        if (!(o > lo + 1 && cl_tok_punct(d, o - 1, ',') && phrase_word(d, o - 2)))
            return false; /* "..., adding that": the caller looks further back */
        /* "Its director, Zhao Min, called": the name between the commas */
        bool inner_person = c - o >= 2 && c - o <= 3;
        for (size_t m = o; m < c && inner_person; m++)
            inner_person = d->t[m].kind == K_WORD && d->t[m].cap && !d->t[m].cue;
        /* a person named inside the appositive, unless someone else's
         * ("Ann Lee, one of Mr Moss's lawyers, said", "a lawyer for Mr
         * Moss"): then the name before it speaks */
        for (size_t m = o; m < c; m++)
            if (d->t[m].entity && d->t[m].entity->label[0] == 'o') {
                size_t e1 = m;
                while (e1 < c && d->t[e1].entity == d->t[m].entity)
                    e1++;
                /* (only when a name stands before the first comma: "The
                 * book, Brown's Britain, said" is still nobody else) */
                bool named_before = o >= lo + 2 && d->t[o - 2].kind == K_WORD &&
                                    (d->t[o - 2].cap || d->t[o - 2].entity);
                size_t p = m > o && honorific(d, m - 1) ? m - 1 : m; /* "for Mr Moss" */
                bool others = !named_before ? false : cl_tok_is(d, e1, "'s") ||
                              (p > o && (cl_tok_is(d, p - 1, "of") || cl_tok_is(d, p - 1, "for") ||
                                         cl_tok_is(d, p - 1, "to") || cl_tok_is(d, p - 1, "with")));
                if (!others)
                    inner_person = true;
                m = e1 - 1;
            }
        if (inner_person && cl_speaker_of(d, o, c, o, sp)) {
            *subj0 = o - 1;
            return true;
        }
        end = o - 1;
    }
phrase:
    /* "..., and he expects": the pronoun is the subject (its place is
     * known even when nobody fits it) */
    if (cl_cls(d, end - 1) == CL_PRONOUN && d->t[end - 1].cue_end == end) {
        *subj0 = end - 1;
        return cl_speaker_of(d, end - 1, end, end - 1, sp);
    }
    if (end >= lo + 2 && cl_tok_isi(d, end - 2, "the") && body_noun(d, end - 1)) {
        *subj0 = end - 2; /* "the company" */
        return cl_speaker_of(d, end - 2, end, end - 2, sp);
    }
    /* "X, who expects" */
    /* "the Lords committee, which said": the antecedent of "which" */
    if ((cl_tok_is(d, end - 1, "who") || cl_tok_is(d, end - 1, "which")) && end >= lo + 3 &&
        cl_tok_punct(d, end - 2, ','))
        end -= 2;
    /* "a Law Commission report which branded": a short noun phrase */
    bool relative = false;
    if (!relative && (cl_tok_is(d, end - 1, "who") || cl_tok_is(d, end - 1, "which")) &&
        end >= lo + 2 && phrase_word(d, end - 2) && !cl_tok_punct(d, end - 2, ',')) {
        end -= 1;
        relative = true;
    }
    size_t start = end;
    /* the subject ends the clause before it: "X was speaking after Y told",
     * "lawyers who have been arguing" */
    while (start > lo && end - start < (relative ? 5u : 14u) && phrase_word(d, start - 1) &&
           !clause_stop(d, start - 1) && !(relative && function_word(d, start - 1)))
        start--;
    /* "Howard Archer, economist at Global Insight said": the person before
     * a role whose closing comma is missing */
    if (start > lo + 1 && cl_tok_punct(d, start - 1, ',') && d->t[start].kind == K_WORD &&
        !d->t[start].cap && !d->t[start].entity && !cl_tok_is(d, start, "a") &&
        !cl_tok_is(d, start, "an") && !cl_tok_is(d, start, "the")) {
        size_t e = start - 1, b = e;
        while (b > lo && e - b < 4 && d->t[b - 1].kind == K_WORD && d->t[b - 1].cap)
            b--;
        cl_speaker person = {0};
        if (b < e && cl_speaker_of(d, b, e, b, &person) &&
            (!person.entity || person.entity->label[0] == 'o')) {
            *sp = person;
            *subj0 = b;
            return true;
        }
    }
    /* an entity cut by the window: take all of it */
    while (start > lo && d->t[start].entity && d->t[start - 1].entity == d->t[start].entity)
        start--;
    if (start == end)
        return false;
    *subj0 = start; /* set even when the phrase names nobody ("officials said") */
    /* the phrase nearest the verb decides: "Goldman Sachs chief China
     * economist Shan Hui said" names the person */
    return cl_speaker_of(d, start, end, start, sp);
}

bool cl_subject_after(cl_doc *d, size_t v, size_t hi, cl_speaker *sp, size_t *subj1)
{
    memset(sp, 0, sizeof(*sp));
    size_t i = v + 1;
    if (i >= hi)
        return false;
    if (cl_cls(d, i) == CL_PRONOUN) {
        *subj1 = d->t[i].cue_end;
        return cl_speaker_of(d, i, d->t[i].cue_end, v, sp);
    }
    size_t j = i;
    /* "say the Tories", "said the European Commission": the body named */
    if (cl_tok_isi(d, i, "the") && i + 1 < hi && is_speaker_entity(d->t[i + 1].entity)) {
        j = i + 1;
        while (j < hi && d->t[j].entity == d->t[i + 1].entity)
            j++;
        *subj1 = j;
        return cl_speaker_of(d, i + 1, j, v, sp);
    }
    /* "said Russian oil official Ivan Petrov": past a demonym and a role to
     * the person */
    for (size_t k = i; k < hi && k < i + 6; k++) {
        td_annot *e = d->t[k].entity;
        if (e && e->label[0] == 'o') {
            if (k == i)
                break;
            size_t e1 = k;
            while (e1 < hi && d->t[e1].entity == e)
                e1++;
            *subj1 = e1;
            return cl_speaker_of(d, k, e1, v, sp);
        }
        bool modifier = (e && (e->label[0] == 'c' || e->label[0] == 'r')) ||
                        (d->t[k].kind == K_WORD && !d->t[k].cap && !d->t[k].cue &&
                         !function_word(d, k)) ||
                        cl_cls(d, k) == CL_TITLE || cl_tok_punct(d, k, '-');
        if (!modifier)
            break;
    }
    if (cl_tok_isi(d, i, "a") || cl_tok_isi(d, i, "an") || cl_tok_isi(d, i, "the")) {
        /* "said a Yukos spokesman", "said the company" */
        while (j < hi && j < i + 6 && d->t[j].kind == K_WORD && !cl_role_noun(d, j))
            j++;
        if (j >= hi || !cl_role_noun(d, j))
            return false;
        *subj1 = j + 1;
        return cl_speaker_of(d, i, j + 1, v, sp);
    }
    /* "said chief executive Steven Theede": past the role to the name */
    while (i < hi && i < v + 6 && !d->t[i].entity && !d->t[i].cap &&
           (cl_cls(d, i) == CL_TITLE || cl_tok_is(d, i, "vice") || cl_tok_is(d, i, "deputy") ||
            cl_tok_is(d, i, "senior") || cl_tok_is(d, i, "former") || cl_tok_is(d, i, "acting") ||
            cl_tok_is(d, i, "managing") || cl_tok_is(d, i, "general") || cl_tok_is(d, i, "and")))
        i++;
    j = i;
    if (i >= hi)
        return false;
    if (d->t[i].entity) {
        while (j < hi && d->t[j].entity == d->t[i].entity)
            j++;
        /* "said Gartner's principal analyst Kobita Desai", "said GM Europe
         * president Carl-Peter Forster": the person after the body */
        size_t k = j;
        if (cl_tok_is(d, k, "'s"))
            k++;
        size_t roles = k;
        while (k < hi && k < roles + 4 && !d->t[k].cap && d->t[k].kind == K_WORD &&
               (cl_cls(d, k) == CL_TITLE || cl_tok_is(d, k, "vice") || cl_tok_is(d, k, "deputy") ||
                cl_tok_is(d, k, "senior") || cl_tok_is(d, k, "principal") ||
                cl_tok_is(d, k, "managing") || cl_tok_is(d, k, "general") ||
                cl_tok_is(d, k, "former") || cl_tok_is(d, k, "chief")))
            k++;
        if (k > j && k < hi && d->t[k].kind == K_WORD && d->t[k].cap) {
            size_t e = k;
            while (e < hi && e - k < 4 && d->t[e].kind == K_WORD && d->t[e].cap)
                e++;
            cl_speaker person = {0};
            if (cl_speaker_of(d, k, e, v, &person) &&
                (!person.entity || person.entity->label[0] == 'o')) {
                *sp = person;
                *subj1 = e;
                return true;
            }
        }
    } else {
        while (j < hi && j - i < 5 && d->t[j].kind == K_WORD && d->t[j].cap)
            j++;
    }
    if (j == i)
        return false;
    *subj1 = j;
    return cl_speaker_of(d, i, j, v, sp);
}

int cl_set_speaker(cl_doc *d, td_annot *a, const cl_speaker *sp)
{
    if (sp->entity && td_annot_set_ref(d->doc, a, CL_NAME(d, speaker), sp->entity) != 0)
        return -1;
    /* the name is the document's (an entity's canonical, or a copy of
     * the text in its arena): set without another copy */
    if (sp->name && td_annot_set_const(d->doc, a, CL_NAME(d, speaker_name), sp->name) != 0)
        return -1;
    return 0;
}

bool cl_sentence_subject(cl_doc *d, size_t v, size_t lo, cl_speaker *sp)
{
    size_t subj;
    /* "X said ..., adding that", "He described it as ... and said": the
     * subject of the verb before; at most a few verbs back */
    for (int hops = 0; hops < 4; hops++) {
        if (cl_subject_before(d, v, lo, sp, &subj))
            return true;
        if (v == lo || !(cl_tok_punct(d, v - 1, ',') || cl_tok_is(d, v - 1, "and")))
            return false;
        size_t k = v - 1;
        /* "X attacked the plan and said": a verb that judges speaks too */
        while (k > lo && cl_cls(d, k) != CL_REPORT && !cl_attitude_verb(d, k) &&
               !(cl_cls(d, k) == CL_FORECAST && !strcmp(d->t[k].cue->str, "expect")))
            k--;
        if (k == lo && cl_cls(d, k) != CL_REPORT)
            return false;
        v = k;
    }
    return false;
}
