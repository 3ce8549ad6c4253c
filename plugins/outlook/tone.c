/* outlook: the tone of a sentence (or of its forward-looking parts).
 *
 * General sentiment words do poorly on economic text; what decides there
 * is a direction paired with a metric: "profit rose" is good, "losses
 * rose" bad, "costs fell" good, "forecast revised down" bad. So:
 *   1. modifiers take the cue just after them (or, for an adverb, just
 *      before: "rose sharply"): negation flips it ("not", "no longer",
 *      "lacks"), intensifiers and diminishers scale it;
 *   2. each direction takes the nearest metric of its part (left within 8
 *      tokens, right within 4, the nearer first; right first for "rise
 *      in", "higher"):
 *      value = metric polarity x direction x strength; both words are
 *      then used up;
 *   3. the words left count by their tone.tsv polarity; a direction with
 *      no metric and no tone counts a little in its own direction;
 *   4. each value is weighed by its part (half before "but") and by its
 *      clause (a concessive "despite ..." clause a third);
 *   comparisons: after "compared to", "versus", or "from" before a figure
 *      or a profit/loss, the words are the baseline: they count the other
 *      way ("profit of 2.0 compared to a loss": good) and pair with
 *      nothing; with figures alone either side, the metric moves as they
 *      do ("EPS stood at 0.25 versus 0.42": down);
 *   5. score = sum / (1 + |sum|), in (-1, 1).
 * Every pass is over the sentence's items (at most OL_MAX_ITEMS), with
 * windows of a few tokens: linear in the sentence. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "outlook.h"

#define LEFT_WINDOW 8
#define RIGHT_WINDOW 4
#define MOD_WINDOW 3
#define NEGATED -0.7f         /* a negated cue: flipped and weaker */
#define SUBORDINATE 0.35f     /* a concessive clause */
#define UNPAIRED 0.35f        /* a direction with neither metric nor tone */

typedef struct item_state {
    float factor;  /* product of the modifiers on it */
    bool negated;
    bool metric_used;
    bool baseline; /* after "compared to": what the news is measured against */
} item_state;

/* A comparison in a part: "profit was EUR 1.6 mn compared to EUR 5.9 mn",
 * "slipped to a loss from a profit". Tokens [marker, end) are the
 * baseline; a and b the figures either side of the marker (-1: none). */
typedef struct comparison {
    size_t marker, end;
    long a, b;
    long dir_before; /* the item of a direction just before it: "down from" */
    int base_sign;   /* the sign of a profit or loss in the baseline, or 0 */
} comparison;

#define BASELINE -0.8f /* a tone word of the baseline counts the other way */

static bool is_number(const ol_sentence *s, size_t t)
{
    return ol_is_number(s, t);
}

/* A figure to compare: a number that is not a year ("in 2009 from EUR 27.6m"). */
static bool is_figure(const ol_sentence *s, size_t t)
{
    if (!is_number(s, t))
        return false;
    const td_annot *a = s->toks[t];
    const char *w = s->text + a->start;
    bool year = a->end - a->start == 4 && (w[0] == '1' || w[0] == '2') &&
                (memcmp(w, "19", 2) == 0 || memcmp(w, "20", 2) == 0 || memcmp(w, "21", 2) == 0);
    return !year;
}

static bool is_punct(const ol_sentence *s, size_t t, char c)
{
    size_t n;
    const char *w = ol_tok_text(s, t, &n);
    return n == 1 && *w == c;
}

/* Is token t one of the words? The first two letters are compared before
 * the rest: these lists are looked up for many tokens. */
static bool tok_in(const ol_sentence *s, size_t t, const char *const *words, size_t n)
{
    size_t len;
    const char *w = ol_tok_text(s, t, &len);
    char c0 = w[0], c1 = len > 1 ? w[1] : '\0';
    if (c0 >= 'A' && c0 <= 'Z')
        c0 = (char)(c0 - 'A' + 'a');
    if (c1 >= 'A' && c1 <= 'Z')
        c1 = (char)(c1 - 'A' + 'a');
    for (size_t k = 0; k < n; k++)
        if (words[k][0] == c0 && words[k][1] == c1 && ol_tok_is(s, t, words[k]))
            return true;
    return false;
}
#define TOK_IN(s, t, list) tok_in(s, t, list, sizeof(list) / sizeof(*list))

/* The item starting at token t, or NULL (items are in token order). */
static const ol_item *item_at(const ol_sentence *s, size_t t)
{
    for (size_t i = 0; i < s->nitems && s->items[i].tok <= t; i++)
        if (s->items[i].tok == t)
            return &s->items[i];
    return NULL;
}

/* "from" starts a baseline when a figure or a profit/loss follows it. */
static bool from_baseline(const ol_sentence *s, size_t t, size_t end)
{
    if (!ol_tok_is(s, t, "from"))
        return false;
    for (size_t k = t + 1; k < end && k <= t + 3; k++) {
        if (is_number(s, k))
            return true;
        const ol_item *it = item_at(s, k);
        if (it && it->hit->cue->metric && it->hit->cue->tone != 0)
            return true;
    }
    return false;
}

static void find_comparisons(const ol_sentence *s, comparison *cmp, item_state *st)
{
    for (size_t p = 0; p < s->nparts; p++) {
        const ol_part *part = &s->parts[p];
        comparison *c = &cmp[p];
        *c = (comparison){SIZE_MAX, 0, -1, -1, -1, 0};
        for (size_t i = 0; i < s->nitems; i++)
            if (s->items[i].part == p && s->items[i].hit->cue->mod == OL_MOD_COMPARE) {
                c->marker = s->items[i].tok;
                break;
            }
        for (size_t t = part->tok; t < part->tok_end && t < c->marker; t++)
            if (s->text[s->toks[t]->start] == 'f' && from_baseline(s, t, part->tok_end)) {
                c->marker = t;
                break;
            }
        if (c->marker == SIZE_MAX)
            continue;
        c->end = part->tok_end;
        for (size_t t = c->marker + 1; t < part->tok_end; t++)
            if (is_punct(s, t, ',')) {
                c->end = t;
                break;
            }
        for (size_t t = c->marker; t-- > part->tok;)
            if (is_figure(s, t)) {
                c->a = (long)t;
                break;
            }
        for (size_t t = c->marker + 1; t < c->end && t < c->marker + 6; t++)
            if (is_figure(s, t)) {
                c->b = (long)t;
                break;
            }
        /* the baseline ends with its figure and unit: "up from 31.2 mln thanks
         * to firm demand" */
        if (c->b >= 0 && (size_t)c->b + 2 < c->end)
            c->end = (size_t)c->b + 2;
        for (size_t i = 0; i < s->nitems; i++) {
            const ol_item *it = &s->items[i];
            if (it->part != p)
                continue;
            if (it->hit->cue->dir && it->tok_end == c->marker)
                c->dir_before = (long)i;
            if (it->tok >= c->marker && it->tok < c->end) {
                st[i].baseline = true;
                if (!c->base_sign && it->hit->cue->metric && it->hit->cue->tone != 0)
                    c->base_sign = it->hit->cue->metric;
            }
        }
    }
}

static bool scores(const ol_cue *c) { return c->tone != 0 || c->dir != 0; }

/* A figure's value with a minus sign written before it ("EUR -0.3 mn"). */
static double signed_value(const ol_sentence *s, size_t t)
{
    double v = td_annot_num(s->toks[t], "value", NAN);
    if (t > 0 && is_punct(s, t - 1, '-') && s->toks[t - 1]->end == s->toks[t]->start)
        v = -v;
    return v;
}

/* Did a direction before the comparison already take a metric ("up from
 * ...": the words say which way it went)? */
static bool paired_before(const ol_sentence *s, size_t part, size_t marker, const bool *used)
{
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_item *it = &s->items[i];
        if (it->part == part && it->tok < marker && it->hit->cue->dir && used[i])
            return true;
    }
    return false;
}

/* The next scoring item after item i within `window` tokens in its part,
 * or -1. */
static long next_scoring(const ol_sentence *s, size_t i, size_t window)
{
    const ol_item *m = &s->items[i];
    for (size_t j = i + 1; j < s->nitems; j++) {
        const ol_item *it = &s->items[j];
        if (it->part != m->part || it->tok >= m->tok_end + window)
            return -1;
        if (scores(it->hit->cue))
            return (long)j;
    }
    return -1;
}

static long prev_scoring(const ol_sentence *s, size_t i, size_t window)
{
    const ol_item *m = &s->items[i];
    for (size_t j = i; j-- > 0;) {
        const ol_item *it = &s->items[j];
        if (it->part != m->part || it->tok_end + window <= m->tok)
            return -1;
        if (it->hit->cue->dir)
            return (long)j;
    }
    return -1;
}

/* A negation covers its own verb phrase: the first scoring cue up to
 * NEGATION_REACH tokens on ("would not result in pensioners missing out"),
 * never over a comma or the word that starts another clause ("did not say
 * where the losses were made"). */
#define NEGATION_REACH 6

/* The words the removal, harm and clause rules look for, by first letter,
 * so a token is looked up among a handful of words (these rules walk a few
 * tokens back from many cues). */
#define W_REMOVAL 1 /* "solve", "tackle", "suspend", "against": takes a bad thing away */
#define W_HARM 2    /* "threaten", "undermine": harms a good thing */
#define W_CLAUSE 4  /* "where", "that", "because": starts another clause */

typedef struct word_flag {
    const char *word;
    size_t len;
    unsigned flags;
} word_flag;

static const word_flag words_a[] = {
    {"address", 7, W_REMOVAL},
    {"addressing", 10, W_REMOVAL},
    {"against", 7, W_REMOVAL},
    {"alleviate", 9, W_REMOVAL},
    {"although", 8, W_CLAUSE},
    {"as", 2, W_CLAUSE},
    {NULL, 0, 0}};
static const word_flag words_b[] = {
    {"beat", 4, W_REMOVAL},
    {"beating", 7, W_REMOVAL},
    {"because", 7, W_CLAUSE},
    {NULL, 0, 0}};
static const word_flag words_c[] = {
    {"choke", 5, W_HARM},
    {"clamp", 5, W_REMOVAL},
    {"combat", 6, W_REMOVAL},
    {"combating", 9, W_REMOVAL},
    {"combatting", 10, W_REMOVAL},
    {"counter", 7, W_REMOVAL},
    {"countering", 10, W_REMOVAL},
    {"crack", 5, W_REMOVAL},
    {"cracking", 8, W_REMOVAL},
    {"curb", 4, W_REMOVAL},
    {"curbed", 6, W_REMOVAL},
    {"curbing", 7, W_REMOVAL},
    {"curbs", 5, W_REMOVAL},
    {"cut", 3, W_REMOVAL},
    {"cuts", 4, W_REMOVAL},
    {"cutting", 7, W_REMOVAL},
    {NULL, 0, 0}};
static const word_flag words_d[] = {
    {"damage", 6, W_HARM},
    {"damages", 7, W_HARM},
    {"damaging", 8, W_HARM},
    {"dash", 4, W_HARM},
    {"dashed", 6, W_HARM},
    {"derail", 6, W_HARM},
    {"derails", 7, W_HARM},
    {NULL, 0, 0}};
static const word_flag words_e[] = {
    {"ease", 4, W_REMOVAL},
    {"eased", 5, W_REMOVAL},
    {"eases", 5, W_REMOVAL},
    {"easing", 6, W_REMOVAL},
    {"eliminate", 9, W_REMOVAL},
    {"eliminated", 10, W_REMOVAL},
    {"eliminates", 10, W_REMOVAL},
    {"eliminating", 11, W_REMOVAL},
    {"end", 3, W_REMOVAL},
    {"endanger", 8, W_HARM},
    {"endangers", 9, W_HARM},
    {"ending", 6, W_REMOVAL},
    {"eradicate", 9, W_REMOVAL},
    {"erode", 5, W_HARM},
    {"erodes", 6, W_HARM},
    {"eroding", 7, W_HARM},
    {NULL, 0, 0}};
static const word_flag words_f[] = {
    {"fixing", 6, W_REMOVAL},
    {"fix", 3, W_REMOVAL},
    {"fight", 5, W_REMOVAL},
    {"fighting", 8, W_REMOVAL},
    {NULL, 0, 0}};
static const word_flag words_g[] = {
    {"guard", 5, W_REMOVAL},
    {NULL, 0, 0}};
static const word_flag words_h[] = {
    {"halt", 4, W_REMOVAL},
    {"halting", 7, W_REMOVAL},
    {"hamper", 6, W_HARM},
    {"hampering", 9, W_HARM},
    {"hampers", 7, W_HARM},
    {"harm", 4, W_HARM},
    {"harming", 7, W_HARM},
    {"harms", 5, W_HARM},
    {"hinder", 6, W_HARM},
    {"hindering", 9, W_HARM},
    {"hinders", 7, W_HARM},
    {"how", 3, W_CLAUSE},
    {"hurt", 4, W_HARM},
    {"hurting", 7, W_HARM},
    {"hurts", 5, W_HARM},
    {NULL, 0, 0}};
static const word_flag words_i[] = {
    {"if", 2, W_CLAUSE},
    {NULL, 0, 0}};
static const word_flag words_j[] = {
    {"jeopardise", 10, W_HARM},
    {"jeopardises", 11, W_HARM},
    {"jeopardize", 10, W_HARM},
    {"jeopardizes", 11, W_HARM},
    {NULL, 0, 0}};
static const word_flag words_l[] = {
    {"lift", 4, W_REMOVAL},
    {"lifted", 6, W_REMOVAL},
    {"lifting", 7, W_REMOVAL},
    {NULL, 0, 0}};
static const word_flag words_o[] = {
    {"overcome", 8, W_REMOVAL},
    {"overcoming", 10, W_REMOVAL},
    {NULL, 0, 0}};
static const word_flag words_p[] = {
    {"protect", 7, W_REMOVAL},
    {"protecting", 10, W_REMOVAL},
    {"protects", 8, W_REMOVAL},
    {NULL, 0, 0}};
static const word_flag words_r[] = {
    {"remedy", 6, W_REMOVAL},
    {"rectifying", 10, W_REMOVAL},
    {"rectify", 7, W_REMOVAL},
    {"reduce", 6, W_REMOVAL},
    {"reduced", 7, W_REMOVAL},
    {"reduces", 7, W_REMOVAL},
    {"reducing", 8, W_REMOVAL},
    {"reduction", 9, W_REMOVAL},
    {"relieve", 7, W_REMOVAL},
    {"relieving", 9, W_REMOVAL},
    {"remove", 6, W_REMOVAL},
    {"removed", 7, W_REMOVAL},
    {"removes", 7, W_REMOVAL},
    {"removing", 8, W_REMOVAL},
    {"resolve", 7, W_REMOVAL},
    {"resolved", 8, W_REMOVAL},
    {"resolves", 8, W_REMOVAL},
    {"resolving", 9, W_REMOVAL},
    {"reverse", 7, W_REMOVAL},
    {"reverses", 8, W_REMOVAL},
    {"reversing", 9, W_REMOVAL},
    {NULL, 0, 0}};
static const word_flag words_s[] = {
    {"sap", 3, W_HARM},
    {"saps", 4, W_HARM},
    {"scrap", 5, W_REMOVAL},
    {"scrapped", 8, W_REMOVAL},
    {"scrapping", 9, W_REMOVAL},
    {"scraps", 6, W_REMOVAL},
    {"since", 5, W_CLAUSE},
    {"smash", 5, W_REMOVAL},
    {"smashing", 8, W_REMOVAL},
    {"solve", 5, W_REMOVAL},
    {"solved", 6, W_REMOVAL},
    {"solves", 6, W_REMOVAL},
    {"solving", 7, W_REMOVAL},
    {"stem", 4, W_REMOVAL},
    {"stemming", 8, W_REMOVAL},
    {"stifle", 6, W_HARM},
    {"stifles", 7, W_HARM},
    {"stop", 4, W_REMOVAL},
    {"stopping", 8, W_REMOVAL},
    {"suspend", 7, W_REMOVAL},
    {"suspended", 9, W_REMOVAL},
    {"suspending", 10, W_REMOVAL},
    {"suspends", 8, W_REMOVAL},
    {NULL, 0, 0}};
static const word_flag words_t[] = {
    {"tackle", 6, W_REMOVAL},
    {"tackled", 7, W_REMOVAL},
    {"tackles", 7, W_REMOVAL},
    {"tackling", 8, W_REMOVAL},
    {"that", 4, W_CLAUSE},
    {"threaten", 8, W_HARM},
    {"threatened", 10, W_HARM},
    {"threatening", 11, W_HARM},
    {"threatens", 9, W_HARM},
    {NULL, 0, 0}};
static const word_flag words_u[] = {
    {"undermine", 9, W_HARM},
    {"undermined", 10, W_HARM},
    {"undermines", 10, W_HARM},
    {"undermining", 11, W_HARM},
    {"unless", 6, W_CLAUSE},
    {NULL, 0, 0}};
static const word_flag words_w[] = {
    {"what", 4, W_CLAUSE},
    {"when", 4, W_CLAUSE},
    {"where", 5, W_CLAUSE},
    {"whether", 7, W_CLAUSE},
    {"which", 5, W_CLAUSE},
    {"while", 5, W_CLAUSE},
    {"who", 3, W_CLAUSE},
    {"why", 3, W_CLAUSE},
    {"wreck", 5, W_HARM},
    {NULL, 0, 0}};
/* For each first letter, a bit for each second letter ('a' = bit 0) that
 * some word of the tables has: most tokens are turned away by it. */
static const uint32_t second_letters[26] = {
    0x00040848u, 0x00000010u, 0x00124880u, 0x00000011u,
    0x00022801u, 0x00000100u, 0x00100000u, 0x00104101u,
    0x00000020u, 0x00000010u, 0x00000000u, 0x00000100u,
    0x00000000u, 0x00000000u, 0x00200000u, 0x00020000u,
    0x00000000u, 0x00000010u, 0x00185105u, 0x00000081u,
    0x00002000u, 0x00000000u, 0x00020080u, 0x00000000u,
    0x00000000u, 0x00000000u,
};

static const word_flag *const words_by_letter[26] = {
    words_a, words_b, words_c, words_d, words_e, words_f,
    words_g, words_h, words_i, words_j, NULL, words_l,
    NULL, NULL, words_o, words_p, NULL, words_r,
    words_s, words_t, words_u, NULL, words_w, NULL,
    NULL, NULL,
};

/* The W_ flags of token t (0 for any other word), and W_CLAUSE for a
 * comma, ";" or ":". */
static unsigned word_flags(const ol_sentence *s, size_t t)
{
    const td_annot *a = s->toks[t];
    char c = s->text[a->start];
    if (a->end - a->start == 1 && (c == ',' || c == ';' || c == ':'))
        return W_CLAUSE;
    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    if (c < 'a' || c > 'z' || !words_by_letter[c - 'a'])
        return 0;
    size_t n = a->end - a->start;
    if (n < 2)
        return 0;
    char c1 = s->text[a->start + 1];
    if (c1 >= 'A' && c1 <= 'Z')
        c1 = (char)(c1 - 'A' + 'a');
    if (c1 < 'a' || c1 > 'z' || !(second_letters[c - 'a'] >> (c1 - 'a') & 1))
        return 0;
    for (const word_flag *w = words_by_letter[c - 'a']; w->word; w++)
        if (w->len == n && ol_tok_is(s, t, w->word))
            return w->flags;
    return 0;
}

static bool clause_start(const ol_sentence *s, size_t t) { return word_flags(s, t) & W_CLAUSE; }

static long negated_cue(const ol_sentence *s, size_t i)
{
    const ol_item *m = &s->items[i];
    size_t t = m->tok_end;
    for (size_t j = i + 1; j < s->nitems; j++) {
        const ol_item *it = &s->items[j];
        if (it->part != m->part || it->tok >= m->tok_end + NEGATION_REACH)
            return -1;
        for (; t < it->tok; t++)
            if (clause_start(s, t))
                return -1;
        if (scores(it->hit->cue))
            return (long)j;
    }
    return -1;
}

static void apply_modifiers(const ol_sentence *s, item_state *st)
{
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_cue *c = s->items[i].hit->cue;
        long j;
        switch (c->mod) {
        case OL_MOD_NEGATION:
            j = negated_cue(s, i);
            if (j >= 0)
                st[j].negated = !st[j].negated;
            break;
        case OL_MOD_INTENSIFIER:
        case OL_MOD_DIMINISHER:
            j = next_scoring(s, i, MOD_WINDOW);
            if (j < 0)
                j = prev_scoring(s, i, MOD_WINDOW);
            if (j >= 0)
                st[j].factor *= c->weight;
            break;
        default:
            break;
        }
    }
}

/* The metric a direction item pairs with, or -1. Neither side reaches
 * over another direction ("a higher base and softer demand"). */
/* "US growth would reach 4.4%, but fall to 3.3% next year": a direction
 * with no metric in its part, first of the part's cues, after a "but" or
 * "while", moves the subject of the part before: its first metric. */
static long subject_before(const ol_sentence *s, size_t d, const item_state *st)
{
    const ol_item *dir = &s->items[d];
    if (dir->part == 0)
        return -1;
    for (size_t j = d; j-- > 0;) {
        const ol_item *it = &s->items[j];
        if (it->part != dir->part)
            break;
        if (it->hit->cue->tone != 0 || it->hit->cue->dir || it->hit->cue->metric)
            return -1;
    }
    const ol_part *prev = &s->parts[dir->part - 1];
    for (size_t j = 0; j < d; j++) {
        const ol_item *it = &s->items[j];
        if (it->part == dir->part - 1 && it->hit->cue->metric && !st[j].baseline)
            return it->tok >= prev->tok ? (long)j : -1;
    }
    return -1;
}

/* Words that start another clause: a direction does not take a metric
 * across them ("jobs may be cut if investment ... goes ahead"). */
static bool barrier_between(const ol_sentence *s, size_t from, size_t to)
{
    static const char *const words[] = {"if", "because", "when", "unless", "as", "after",
                                        "before", "since", "which", "who", "whereas"};
    for (size_t t = from; t < to; t++) {
        char c = s->text[s->toks[t]->start];
        if (c < 'a' || c > 'w')
            continue;
        if (OL_TOK_IN(s, t, words))
            return true;
    }
    return false;
}

/* A tone word written with a capital inside a sentence is most often part
 * of a name ("the Cape of Good Hope", "Growth Fund"), not news. */
static bool in_name(const ol_sentence *s, const ol_item *it)
{
    if (s->heading)
        return false;
    const char *w = s->text + s->toks[it->tok]->start;
    if (w[0] < 'A' || w[0] > 'Z')
        return false;
    if (it->tok > 0 && ol_is_word(s, it->tok - 1))
        return true;
    /* first of a run of three capitalised words: "Good Hope Street
     * Partners said" ("Strong European demand" is no name) */
    for (size_t e = it->tok_end; e < it->tok_end + 2; e++) {
        if (e >= s->ntoks || !ol_is_word(s, e) ||
            s->toks[e]->end - s->toks[e]->start < 2)
            return false;
        const char *n = s->text + s->toks[e]->start;
        if (n[0] < 'A' || n[0] > 'Z' || n[1] < 'a' || n[1] > 'z')
            return false;
    }
    return true;
}

/* A metric in a name or title ("Trade Commissioner", "Big Market for
 * All") is none; an acronym ("GDP", "EBIT") still is. */
static bool metric_in_name(const ol_sentence *s, const ol_item *it)
{
    const char *w = s->text + s->toks[it->tok]->start;
    return in_name(s, it) && w[1] >= 'a' && w[1] <= 'z';
}

/* A direction used as a noun: "a fall", "an 8% rise", "the decline",
 * "this year's surge". */
static bool noun_use(const ol_sentence *s, size_t tok)
{
    if (tok == 0)
        return false;
    static const char *const before[] = {"a",   "an",      "the",  "its",   "their",
                                         "%",   "percent", "cent", "pct",   "further"};
    if (OL_TOK_IN(s, tok - 1, before))
        return true;
    /* a possessive: "this year's surge", "the bank's cut" */
    size_t n;
    const char *w = ol_tok_text(s, tok - 1, &n);
    if (n >= 2 && w[n - 2] == '\'' && w[n - 1] == 's')
        return true;
    return is_number(s, tok - 1);
}

static long find_metric(const ol_sentence *s, size_t d, const item_state *st)
{
    const ol_item *dir = &s->items[d];
    long left = -1, right = -1;
    /* "higher" and "lower" name what they change after them; before them
     * only just ("sales were higher"), unless a "than" follows ("profit
     * will be slightly lower than in 2009") */
    bool than = dir->tok_end < s->ntoks && ol_tok_is(s, dir->tok_end, "than");
    size_t left_window = dir->hit->cue->noun_dir && !than ? 2 : LEFT_WINDOW;
    for (size_t j = d; j-- > 0;) {
        const ol_item *it = &s->items[j];
        if (it->part != dir->part || it->tok_end + left_window < dir->tok)
            break;
        if (st[j].baseline != st[d].baseline)
            break;
        if (it->hit->cue->metric && !st[j].metric_used && it->tok_end <= dir->tok &&
            !metric_in_name(s, it)) {
            if (!barrier_between(s, it->tok_end, dir->tok))
                left = (long)j;
            break;
        }
        if (it->hit->cue->dir)
            break;
    }
    /* "slipped to a loss", "rose to a record": a level, not what moved */
    bool to_level = dir->tok_end < s->ntoks && ol_tok_is(s, dir->tok_end, "to");
    for (size_t j = d + 1; !to_level && j < s->nitems; j++) {
        const ol_item *it = &s->items[j];
        if (it->part != dir->part || it->tok >= dir->tok_end + RIGHT_WINDOW ||
            st[j].baseline != st[d].baseline)
            break;
        if (it->hit->cue->metric && !st[j].metric_used && !metric_in_name(s, it)) {
            if (barrier_between(s, dir->tok_end, it->tok))
                break;
            right = (long)j;
            /* a compound's head is its last noun: "trade costs" */
            while ((size_t)right + 1 < s->nitems && s->items[right + 1].tok == s->items[right].tok_end &&
                   s->items[right + 1].hit->cue->metric && !st[right + 1].metric_used)
                right++;
            break;
        }
        if (it->hit->cue->dir)
            break;
    }
    bool right_first = dir->hit->cue->noun_dir ||
                       (dir->tok_end < s->ntoks &&
                        (ol_tok_is(s, dir->tok_end, "in") || ol_tok_is(s, dir->tok_end, "of")));
    if (right >= 0 && (right_first || left < 0))
        return right;
    /* "an 8% fall in property prices": a noun whose "in" names what fell,
     * and that is no metric of ours; the word before is not what fell */
    if (right_first && right < 0 && noun_use(s, dir->tok))
        return -1;
    if (left >= 0 && right >= 0 &&
        s->items[right].tok - dir->tok_end < dir->tok - s->items[left].tok_end)
        return right; /* "growing demand": the nearer one */
    if (left < 0 && right < 0)
        return subject_before(s, d, st);
    return left;
}

/* A direction that ends a hyphenated word ("tie-up", "shake-up",
 * "break-down") names a thing, not a move. */
static bool compound_tail(const ol_sentence *s, const ol_item *it)
{
    const td_annot *t = s->toks[it->tok];
    return it->tok_end == it->tok + 1 && t->start < it->hit->start && t->end == it->hit->end &&
           s->text[it->hit->start - 1] == '-';
}

/* "more than 240", "less than 5%": a quantity, not a comparison. */
static bool quantity(const ol_sentence *s, const ol_item *it)
{
    size_t t = it->tok_end;
    return it->hit->cue->noun_dir && t + 1 < s->ntoks && ol_tok_is(s, t, "than") &&
           (is_number(s, t + 1) || s->text[s->toks[t + 1]->start] == '$');
}

#define UNSIGNED_REACH 5

/* "a surge in oil prices", "the 8% fall in the pound": a move named as a
 * noun (a determiner, a possessive or a figure before it) with "in" and
 * its object after it. Left alone (unpaired), the object is no metric we
 * know the sign of (prices, rates, the pound), so the move has no tone;
 * a verb ("sales rose in May") still counts its way. */
static bool move_of_unsigned(const ol_sentence *s, const ol_item *it)
{
    /* the items after it in the sentence: one that scores within a few
     * tokens ("a weakening in annual house price growth", "a drop in demand
     * for") is a signed object the pair's window did not reach; a forward
     * cue ("will", "could") ends the object */
    for (const ol_item *next = it + 1; next < s->items + s->nitems &&
                                       next->tok <= it->tok_end + UNSIGNED_REACH;
         next++) {
        if (next->hit->cue->future) /* "will hit": the object has ended */
            break;
        if (next->part == it->part && (scores(next->hit->cue) || next->hit->cue->metric))
            return false;
    }
    static const char *const determiners[] = {"a", "an", "the", "any", "further", "its",
                                              "their", "this", "that", "another"};
    size_t t = it->tok_end;
    if (it->hit->cue->noun_dir || t + 1 >= s->ntoks || !ol_tok_is(s, t, "in") ||
        !ol_is_word(s, t + 1))
        return false;
    for (size_t k = it->tok, steps = 0; k-- > 0 && steps < 3; steps++) {
        size_t n;
        const char *w = ol_tok_text(s, k, &n);
        if (OL_TOK_IN(s, k, determiners) || (n > 0 && w[n - 1] == '%') ||
            (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's'))
            return true;
        if (!ol_is_word(s, k) || k + 2 < it->tok)
            return false;
    }
    return false;
}

/* A tone word inside a hyphenated word is not news: "mid-strength beer",
 * "low-risk" (a pattern written with its hyphen still counts). */
static bool in_compound(const ol_sentence *s, const ol_item *it)
{
    const td_annot *t = s->toks[it->tok];
    return it->tok_end == it->tok + 1 && (t->start < it->hit->start || t->end > it->hit->end);
}

/* A verb (or noun) of removal: what it takes away decides the tone
 * ("solve pay disputes", "tackle the problem", "suspend debt payments" are
 * good news; "cut jobs" is a pair of its own). */
static bool removal_word(const ol_sentence *s, size_t t) { return word_flags(s, t) & W_REMOVAL; }

/* Words of harm ("threaten", "undermine", "hamper": W_HARM): a good
 * thing after one is what is harmed ("could undermine the fragile recovery"). */

#define REMOVAL_REACH 6

/* Is the harm word at token t, before item i, negated ("should not
 * hurt")? A harm word that is a cue carries its own negation; one that is
 * no cue ("will not hamper") leaves it to the first scoring cue after it,
 * so it is read here only when item i does not score (a metric alone:
 * "will not hamper exports"; "will not hamper growth" negates "growth"). */
static bool harm_negated(const ol_sentence *s, const item_state *st, size_t i, size_t t)
{
    static const char *const negations[] = {"not", "n't", "never"};
    for (size_t j = i; j-- > 0 && s->items[j].tok >= t;)
        if (s->items[j].tok == t)
            return st[j].negated;
    if (scores(s->items[i].hit->cue))
        return false;
    return (t > 0 && OL_TOK_IN(s, t - 1, negations)) ||
           (t > 1 && OL_TOK_IN(s, t - 2, negations));
}

/* The word of kind `want` (W_REMOVAL or W_HARM) up to REMOVAL_REACH
 * tokens before item i, in its part and not across a comma or a clause
 * word, as a token index, or SIZE_MAX. */
static size_t removal_before_within(const ol_sentence *s, size_t i, unsigned want, size_t reach)
{
    const ol_item *it = &s->items[i];
    size_t from = s->parts[it->part].tok;
    for (size_t t = it->tok; t-- > from && t + reach + 1 > it->tok;) {
        unsigned f = word_flags(s, t);
        if (f & want)
            return t;
        if (f & W_CLAUSE)
            return SIZE_MAX;
    }
    return SIZE_MAX;
}

static size_t removal_before(const ol_sentence *s, size_t i, unsigned want)
{
    return removal_before_within(s, i, want, REMOVAL_REACH);
}

/* Metrics are many: the harm word is looked for closer before one ("hamper
 * economic growth", "hurt the competitiveness"), which keeps the cost of
 * the walk (word_flags per token) down. */
#define HARMED_METRIC_REACH 2

/* "cut migration", "curb red tape": a removal whose object is no word
 * of ours has no tone of its own (the object decides, and we do not know
 * it); before a determiner or a figure it still counts ("cut its staff"). */
static bool removal_of_unknown(const ol_sentence *s, const ol_item *it)
{
    size_t e = it->tok_end;
    if (it->hit->cue->dir >= 0 || it->tok_end != it->tok + 1 || !removal_word(s, it->tok) ||
        e >= s->ntoks || noun_use(s, it->tok))
        return false;
    const char *w = s->text + s->toks[e]->start;
    if (!ol_is_word(s, e) || w[0] < 'a' || w[0] > 'z' || item_at(s, e))
        return false;
    static const char *const function_words[] = {"the", "a", "an", "its", "their", "his", "her",
                                                 "our", "back", "off", "by", "to", "from",
                                                 "in", "of", "on", "this", "that", "these",
                                                 "some", "all", "more", "up", "down", "and"};
    return !TOK_IN(s, e, function_words);
}

/* "the savers concerned", "the firms involved": a participle after
 * its noun names who is meant, no feeling ("were concerned about",
 * "deeply concerned" still count). */
static bool after_its_noun(const ol_sentence *s, const ol_item *it)
{
    static const char *const feeling[] = {"is", "are", "was", "were", "be", "been", "being",
                                          "am", "'s", "'re", "very", "deeply", "increasingly",
                                          "more", "most", "so", "too", "remain", "remains",
                                          "remained", "seem", "seems", "seemed", "feel", "feels",
                                          "felt", "grew", "become", "became", "also", "still",
                                          "particularly", "extremely", "gravely", "seriously",
                                          "not", "n't", "get", "got", "look", "looked"};
    static const char *const objects[] = {"about", "that", "over", "by", "at", "for", "with",
                                          "to", "in"};
    size_t t = it->tok;
    if (it->tok_end != t + 1 || t == 0 || !ol_tok_is(s, t, "concerned"))
        return false;
    if (TOK_IN(s, t - 1, feeling) || !ol_is_word(s, t - 1))
        return false;
    return !(t + 1 < s->ntoks && TOK_IN(s, t + 1, objects));
}

static void add_reason(ol_tone *out, const ol_item *what, const ol_item *metric, float value,
                       bool negated)
{
    ol_reason r = {what, metric, value, negated};
    size_t n = out->nreasons;
    if (n == OL_MAX_REASONS) {
        if (fabsf(out->reasons[n - 1].value) >= fabsf(value))
            return;
        n--;
    }
    size_t k = n;
    while (k > 0 && fabsf(out->reasons[k - 1].value) < fabsf(value)) {
        out->reasons[k] = out->reasons[k - 1];
        k--;
    }
    out->reasons[k] = r;
    out->nreasons = n + 1;
}

static float weight_of(const ol_sentence *s, const ol_item *it)
{
    return s->parts[it->part].weight * (it->subordinate ? SUBORDINATE : 1.0f);
}

static void count(ol_tone *out, float v)
{
    if (v > 0)
        out->pos += v;
    else
        out->neg -= v;
}

void ol_tone_score(ol_sentence *s, bool forward_only, ol_tone *out)
{
    memset(out, 0, sizeof(*out));
    item_state st[OL_MAX_ITEMS];
    bool used[OL_MAX_ITEMS];
    for (size_t i = 0; i < s->nitems; i++) {
        st[i] = (item_state){1.0f, false, false, false};
        used[i] = false;
    }
    comparison cmp[OL_MAX_PARTS];
    find_comparisons(s, cmp, st);
    apply_modifiers(s, st);
    float sum = 0, best_pair = 0;
    /* pairs: plain directions first, then words that are both a metric
     * and a direction ("growth") and were not taken as a metric */
    for (int round = 0; round < 2; round++) {
        for (size_t d = 0; d < s->nitems; d++) {
            const ol_item *it = &s->items[d];
            const ol_cue *c = it->hit->cue;
            if (!c->dir || used[d] || st[d].baseline || (round == 0) != (c->metric == 0))
                continue;
            if (compound_tail(s, it) || quantity(s, it)) {
                used[d] = true; /* "tie-up"; "more than 240 economies" */
                continue;
            }
            if (forward_only && !s->parts[it->part].forward)
                continue;
            long m = find_metric(s, d, st);
            if (m < 0)
                continue;
            const ol_item *met = &s->items[m];
            /* "a loss of 1.2, down from a profit of 2.1": the move is of the
             * result, not of the loss; the words either side decide */
            const comparison *cp = &cmp[it->part];
            if (cp->dir_before == (long)d && cp->base_sign &&
                cp->base_sign != met->hit->cue->metric) {
                used[d] = true;
                continue;
            }
            float v = (float)(met->hit->cue->metric * c->dir) * c->weight *
                      met->hit->cue->metric_weight * st[d].factor;
            bool neg = st[d].negated || st[m].negated;
            if (neg)
                v *= NEGATED;
            v *= weight_of(s, it);
            used[d] = used[m] = true;
            st[m].metric_used = true;
            /* the rest of a compound is its head's: "growth forecast" */
            for (long k = m; k > 0 && s->items[k - 1].tok_end == s->items[k].tok &&
                             s->items[k - 1].hit->cue->metric;
                 k--)
                used[k - 1] = st[k - 1].metric_used = true;
            sum += v;
            count(out, v);
            out->pairs = true;
            add_reason(out, it, met, v, neg);
            if (fabsf(v) > best_pair) {
                best_pair = fabsf(v);
                out->target = met;
            }
        }
    }
    /* a metric compared by figures alone: "earnings per share came to
     * EUR 0.31 against EUR 0.47" (a baseline with words of its own is left to them) */
    for (size_t p = 0; p < s->nparts; p++) {
        const comparison *c = &cmp[p];
        if (c->a < 0 || c->b < 0 || (forward_only && !s->parts[p].forward))
            continue;
        bool worded = false;
        long m = -1;
        for (size_t i = 0; i < s->nitems; i++) {
            const ol_item *it = &s->items[i];
            if (it->part != p)
                continue;
            if (st[i].baseline && (it->hit->cue->metric || it->hit->cue->tone != 0))
                worded = true;
            if (it->hit->cue->metric && !used[i] && !st[i].baseline && it->tok_end <= (size_t)c->a)
                m = (long)i;
        }
        double va = signed_value(s, (size_t)c->a), vb = signed_value(s, (size_t)c->b);
        if (worded || m < 0 || paired_before(s, p, c->marker, used) || !isfinite(va) ||
            !isfinite(vb) ||
            fabs(va - vb) <= 0.01 * fmax(fabs(va), fabs(vb)))
            continue;
        const ol_item *met = &s->items[m];
        /* a direction before the baseline says which way, whatever the
         * figures look like ("EUR1 .37, down from EUR2 .30") */
        float way = va > vb ? 1.0f : -1.0f;
        if (c->dir_before >= 0 && !used[c->dir_before]) {
            way = (float)s->items[c->dir_before].hit->cue->dir;
            used[c->dir_before] = true;
        }
        float v = (float)met->hit->cue->metric * met->hit->cue->metric_weight * way *
                  weight_of(s, met);
        used[m] = true;
        sum += v;
        count(out, v);
        out->pairs = true;
        add_reason(out, met, NULL, v, false);
        if (fabsf(v) > best_pair) {
            best_pair = fabsf(v);
            out->target = met;
        }
    }
    /* removals of something bad: "help solve the pay disputes", "suspend debt
     * repayments" (a bad word or a metric of which more is bad, after a
     * removal word; that word is used up); harm to something good:
     * "undermine the fragile recovery", "hamper economic growth" */
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_item *it = &s->items[i];
        const ol_cue *c = it->hit->cue;
        bool bad_word = c->tone < 0 && !c->dir, bad_metric = c->metric < 0 && c->tone == 0;
        bool good_word = c->tone > 0 && !c->dir && !c->metric;
        /* an unpaired metric of which more is good: "could hamper growth" */
        bool good_metric = c->metric > 0;
        if (used[i] || st[i].baseline || c->dir ||
            (!bad_word && !bad_metric && !good_word && !good_metric) ||
            (forward_only && !s->parts[it->part].forward))
            continue;
        /* metrics are many: the cheap test of a harm word before one comes
         * before the name tests */
        size_t harm = SIZE_MAX;
        if (good_metric && !good_word &&
            (harm = removal_before_within(s, i, W_HARM, HARMED_METRIC_REACH)) == SIZE_MAX)
            continue;
        if (in_name(s, it) || in_compound(s, it))
            continue;
        float v;
        if (good_word || good_metric) {
            /* harm to a good thing: the good word (or metric, by its
             * weight) counts against; the harm word keeps its own weight */
            if (good_word)
                harm = removal_before(s, i, W_HARM);
            if (harm == SIZE_MAX)
                continue;
            v = (good_word ? c->tone : c->metric_weight) * NEGATED;
            if (harm_negated(s, st, i, harm))
                v *= NEGATED; /* "should not hurt competitiveness" */
        } else {
            size_t verb = removal_before(s, i, W_REMOVAL);
            if (verb == SIZE_MAX)
                continue;
            for (size_t j = i; j-- > 0 && s->items[j].tok_end > verb;)
                if (s->items[j].tok <= verb)
                    used[j] = true;
            v = bad_word ? -c->tone * -NEGATED : c->metric_weight * -NEGATED;
        }
        v *= st[i].factor;
        if (st[i].negated)
            v *= NEGATED;
        v *= weight_of(s, it);
        used[i] = true;
        sum += v;
        count(out, v);
        add_reason(out, it, NULL, v, st[i].negated);
    }
    /* the rest: tone words, and lone directions */
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_item *it = &s->items[i];
        const ol_cue *c = it->hit->cue;
        if (c->mod == OL_MOD_MIXED && (!forward_only || s->parts[it->part].forward)) {
            out->said_mixed = true;
            add_reason(out, it, NULL, 0, false);
        }
        if (used[i] || !scores(c) || (forward_only && !s->parts[it->part].forward))
            continue;
        if (!c->dir && !c->metric && (in_name(s, it) || in_compound(s, it) ||
                                      after_its_noun(s, it)))
            continue;
        /* "less successful": a comparative that turns the word round */
        bool less = !c->dir && it->tok > 0 && ol_tok_is(s, it->tok - 1, "less");
        if (st[i].baseline && c->tone == 0)
            continue;
        if (c->dir && (quantity(s, it) || removal_of_unknown(s, it) || move_of_unsigned(s, it)))
            continue;
        float v = c->tone != 0 ? c->tone : (float)c->dir * UNPAIRED * c->weight;
        if (st[i].baseline)
            v *= BASELINE;
        v *= st[i].factor;
        if (st[i].negated != less)
            v *= NEGATED;
        v *= weight_of(s, it);
        sum += v;
        count(out, v);
        add_reason(out, it, NULL, v, st[i].negated != less);
    }
    out->score = sum / (1.0f + fabsf(sum));
}
