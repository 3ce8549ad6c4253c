/* outlook: which parts of a sentence look ahead, and to when.
 *
 * A part looks ahead when it holds a forward cue of future.tsv (a modal,
 * an expectation, a plan, a horizon phrase) or names a year or a date
 * after the document's `published` date ("takes effect on March 1"). Reported speech needs nothing of its own:
 * "she said exports would slow" holds "would". Past expectations ("had
 * been expected to", "than forecast") are patterns of their own, so the
 * longest match takes them before "expected to" can; they, "last year"
 * and years before the published one mark a part as past ("by" the
 * published year itself looks ahead), and a past part
 * does not look ahead on a weak modal alone ("could not" of last year). */
#include <string.h>

#include "outlook.h"

/* A year found by the scan is a year when it is its token, or the token is
 * "mid-2026" or "end-2026" (not "2026-27" or "$2050"). */
static bool year_token(const ol_sentence *s, const ol_item *it)
{
    const td_annot *t = s->toks[it->tok];
    if (t->start == it->hit->start && t->end == it->hit->end)
        return true;
    size_t pre = it->hit->start - t->start;
    return t->end == it->hit->end && pre == 4 &&
           (memcmp(s->text + t->start, "mid-", 4) == 0 || memcmp(s->text + t->start, "end-", 4) == 0);
}

/* "May" the month, not the modal: capitalised inside a sentence, or
 * before a number ("may 5"). */
static bool month_may(const ol_sentence *s, const ol_item *it)
{
    size_t n;
    const char *t = ol_tok_text(s, it->tok, &n);
    if (n != 3 || (t[0] != 'm' && t[0] != 'M'))
        return false;
    if (t[0] == 'M' && it->tok > 0)
        return true;
    if (it->tok + 1 < s->ntoks && ol_is_number(s, it->tok + 1))
        return true;
    return it->tok > 0 && ol_tok_is(s, it->tok - 1, "in");
}

/* "will" the noun: "the will of", "political will". */
static bool noun_will(const ol_sentence *s, const ol_item *it)
{
    if (!ol_tok_is(s, it->tok, "will") || it->tok == 0)
        return false;
    static const char *const before[] = {"the", "a", "political", "good", "free", "ill", "its",
                                         "their", "his", "her"};
    return OL_TOK_IN(s, it->tok - 1, before);
}

#define TOK_IN(s, i, list) OL_TOK_IN(s, i, list)

static bool is_punct_comma(const ol_sentence *s, size_t t)
{
    size_t n;
    const char *w = ol_tok_text(s, t, &n);
    return n == 1 && (*w == ',' || *w == ';' || *w == ':');
}

/* "would not have to pay", "may also have to sell": after a weak modal
 * and a negation or an adverb, "have to" is a need ahead, not a perfect
 * ("would not have eased"); "may just have the right format" is a hedge
 * of now. Without a word between, the patterns "would have to", "could
 * have a"... of future.tsv say it. */
static bool have_to_ahead(const ol_sentence *s, size_t t)
{
    return t + 1 < s->ntoks && ol_tok_is(s, t, "have") && ol_tok_is(s, t + 1, "to");
}

/* A weak modal that predicts nothing: a counterfactual ("would not have
 * been", "could never have"), a refusal to speak ("could not comment",
 * "would not be drawn") or a judgement of what is better ("would be
 * better spent"). Present prescriptions and past inabilities are no
 * outlooks. */
static bool idle_modal(const ol_sentence *s, const ol_item *it)
{
    static const char *const negations[] = {"not", "n't", "never"};
    static const char *const speech[] = {"comment", "say", "confirm", "disclose", "reveal",
                                         "discuss", "elaborate", "speculate", "specify",
                                         "identify", "name", "predict", "forecast",
                                         "foresee"};
    static const char *const speech_passive[] = {"drawn", "reached", "contacted"};
    static const char *const judgements[] = {"better", "best", "wiser", "fairer", "preferable",
                                             "worse"};
    static const char *const adverbs[] = {"also", "certainly", "probably", "surely", "still",
                                          "almost", "then", "never", "already", "really",
                                          "just"};
    size_t t = it->tok_end;
    bool negated = false;
    if (t < s->ntoks && TOK_IN(s, t, negations)) {
        negated = true;
        t++;
    }
    /* "would also have merged": an adverb before the perfect */
    if (t + 1 < s->ntoks && TOK_IN(s, t, adverbs) && ol_tok_is(s, t + 1, "have"))
        t++;
    if (t >= s->ntoks)
        return false;
    if (ol_tok_is(s, t, "have"))
        return !have_to_ahead(s, t);
    if (TOK_IN(s, t, speech))
        return negated || ol_tok_is(s, t, "comment");
    if (ol_tok_is(s, t, "be") && t + 1 < s->ntoks) {
        if (negated && TOK_IN(s, t + 1, speech_passive))
            return true;
        /* "would be better spent"; "could be worse off" still predicts */
        if (TOK_IN(s, t + 1, judgements) && !(t + 2 < s->ntoks && ol_tok_is(s, t + 2, "off")))
            return true;
    }
    return false;
}

/* A subject that takes a duty rather than a forecast: "we should",
 * "Mr Smith should", "ministers should". */
static bool agent_before(const ol_sentence *s, size_t t)
{
    static const char *const agents[] = {"i", "we", "you", "he", "she", "they", "people",
                                         "government", "ministers", "minister", "peers",
                                         "parliament", "mps", "politicians", "parents",
                                         "voters", "everyone", "everybody", "someone",
                                         "one", "councils", "employers", "schools", "what",
                                         "members"};
    if (TOK_IN(s, t, agents))
        return true;
    const char *w = s->text + s->toks[t]->start;
    /* a capitalised word inside the sentence: a person or a body */
    return t > 0 && w[0] >= 'A' && w[0] <= 'Z' && ol_is_word(s, t);
}

/* "tribunals should be used only as a last resort", "there should be a limit": a
 * passive "should" (or "there should be") with nothing measurable (a
 * metric, a direction, a figure) or timed in its part is a prescription; "2,500 jobs should be created",
 * "the deal should be completed next month" still predict. */
static bool prescribed_passive(const ol_sentence *s, const ol_item *it)
{
    static const char *const adverbs[] = {"only", "also", "not", "never", "still", "now",
                                          "always", "instead", "rather"};
    static const char *const participles[] = {"made", "done", "given", "held", "kept", "put",
                                              "set", "paid", "built", "sold", "spent", "cut",
                                              "taken", "shown", "told", "left", "brought",
                                              "sent", "met"};
    size_t t = it->tok, e = it->tok_end;
    if (!ol_tok_is(s, t, "should"))
        return false;
    bool there = t > 0 && ol_tok_is(s, t - 1, "there");
    if (e < s->ntoks && TOK_IN(s, e, adverbs))
        e++;
    if (e + 1 >= s->ntoks || !ol_tok_is(s, e, "be"))
        return false;
    size_t n;
    const char *w = ol_tok_text(s, e + 1, &n);
    bool passive = n > 3 && ((w[n - 2] == 'e' && (w[n - 1] == 'd' || w[n - 1] == 'n')) ||
                             TOK_IN(s, e + 1, participles));
    if (!passive && !there)
        return false;
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_cue *c = s->items[i].hit->cue;
        if (s->items[i].part == it->part &&
            (c->metric || c->dir || c->year || c->future == OL_FUT_HORIZON ||
             c->future == OL_FUT_WHEN))
            return false;
    }
    /* a figure makes it measurable too: "300 new jobs should be created" */
    const ol_part *part = &s->parts[it->part];
    for (size_t k = part->tok; k < part->tok_end; k++)
        if (ol_is_number(s, k))
            return false;
    return true;
}

/* A modal that voices a duty, a wish or an opinion rather than a forecast:
 * a prescription on an agent ("we should", "peers should lead"; "profits
 * should rise" still predicts), a wish ("would like to", "would prefer"),
 * a speaker's hedge ("I would say", "I would be critical"), a judgement
 * with "to" ("it would be wrong to") and going "too far". */
static bool opinion_modal(const ol_sentence *s, const ol_item *it)
{
    static const char *const wishes[] = {"like", "love", "prefer", "rather", "hate", "want",
                                         "wish", "welcome"};
    static const char *const hedges[] = {"say", "argue", "think", "suggest", "imagine", "guess",
                                         "hope", "be", "add", "stress", "describe", "call"};
    static const char *const verdicts[] = {"wrong", "right", "unfair", "unwise", "foolish",
                                           "mistake", "critical", "madness", "silly", "absurd",
                                           "useful", "helpful", "sensible", "advisable", "worth",
                                           "worthwhile", "sufficient", "appropriate",
                                           "desirable", "wise"};
    size_t t = it->tok, e = it->tok_end;
    if (ol_tok_is(s, t, "should")) {
        size_t subj = t;
        /* an adverb between the subject and the modal: "we really should" */
        if (subj > 1 && ol_tok_is(s, subj - 1, "really"))
            subj--;
        if (subj > 0 && agent_before(s, subj - 1))
            return true;
    }
    /* "you could use", "you might consider": advice to the reader */
    if (t > 0 && ol_tok_is(s, t - 1, "you") && !ol_tok_is(s, t, "if"))
        return true;
    bool would = ol_tok_is(s, t, "would") || ol_tok_is(s, t, "might");
    size_t v = e;
    if (v < s->ntoks && (ol_tok_is(s, v, "really") || ol_tok_is(s, v, "also")))
        v++;
    if (v < s->ntoks && s->text[s->toks[v]->start] == '"') /* would "like to" */
        v++;
    if (would && v < s->ntoks && TOK_IN(s, v, wishes))
        return true;
    if (would && t > 0 && (ol_tok_is(s, t - 1, "i") || ol_tok_is(s, t - 1, "we")) &&
        v < s->ntoks && TOK_IN(s, v, hedges) &&
        !(ol_tok_is(s, v, "be") && v + 1 < s->ntoks && s->text[s->toks[v + 1]->end - 1] == 'd'))
        return true; /* "we would be forced to" still predicts */
    /* "it would be wrong to", "would be a mistake to" */
    bool be = v < s->ntoks && ol_tok_is(s, v, "be");
    for (size_t k = v + 1; k < s->ntoks && k < v + 4; k++) {
        if (be && TOK_IN(s, k, verdicts))
            return true;
        if (ol_tok_is(s, k, "too") && k + 1 < s->ntoks && ol_tok_is(s, k + 1, "far"))
            return true;
    }
    return false;
}

/* A modal that a wish or an unanswered question governs, found in one
 * walk back (within the part, 12 tokens at most, never over a comma):
 *  - the object of a wish: "we want a manager who is going to stay" (the
 *    wish is the news, not a forecast; 8 tokens at most);
 *  - a question nobody answers: "did not say when the tariff would
 *    change", "unclear whether the board would back the bid", "asked when
 *    it will reopen". */
static bool governed_modal(const ol_sentence *s, const ol_item *it)
{
    static const char *const wishes[] = {"want", "wants", "wanted", "wish", "wishes"};
    static const char *const wishers[] = {"i", "we", "you", "they", "people", "voters"};
    static const char *const wh[] = {"what", "when", "where", "whether", "how", "if", "who",
                                     "which", "why"};
    static const char *const knowing[] = {"know", "knew", "known", "say", "said", "tell",
                                          "told", "clear", "sure", "certain", "decided",
                                          "disclose", "reveal", "confirm", "specify", "idea",
                                          "predict", "explain", "indicate"};
    static const char *const unknowing[] = {"unclear", "uncertain", "unsure", "unknown",
                                            "undecided", "asked", "ask", "asking", "wondered",
                                            "questioned", "debate", "question"};
    static const char *const negations[] = {"not", "n't", "no", "never", "refused", "declined"};
    static const char *const viewed[] = {"regarded", "seen", "viewed", "considered",
                                         "described", "treated"};
    size_t from = s->parts[it->part].tok;
    if (it->tok > from + 12)
        from = it->tok - 12;
    for (size_t k = it->tok; k-- > from;) {
        char c = s->text[s->toks[k]->start];
        if (c == ',' || c == ';' || c == ':')
            return false;
        /* "regarded by many as a way costs could be cut":
         * the modal describes a view, it forecasts nothing */
        if ((c == 'a' || c == 'A') && k > 0 && ol_tok_is(s, k, "as"))
            for (size_t v = k; v-- > 0 && v + 5 > k;)
                if (TOK_IN(s, v, viewed))
                    return true;
        if (c != 'w' && c != 'W' && c != 'h' && c != 'H' && c != 'i' && c != 'I')
            continue; /* the first letters of the words looked for */
        if (k + 8 > it->tok && TOK_IN(s, k, wishes))
            return k > 0 && TOK_IN(s, k - 1, wishers);
        if (!TOK_IN(s, k, wh))
            continue;
        /* the verb governing the question: just before it, or before its
         * object ("did not tell reporters when") */
        for (size_t v = k; v-- > 0 && v + 3 > k;) {
            if (TOK_IN(s, v, unknowing))
                return true;
            if (TOK_IN(s, v, knowing))
                for (size_t n = v; n-- > 0 && n + 4 > v;)
                    if (TOK_IN(s, n, negations))
                        return true;
        }
        /* a relative "who" or "which": the wish may lie before it */
    }
    return false;
}

/* "as could be expected", "than might have been hoped": an expectation
 * the result is measured against. True for the modal and for the cue. */
static bool measured_modal(const ol_sentence *s, const ol_item *it)
{
    static const char *const modals[] = {"could", "would", "might", "may", "should", "can"};
    static const char *const hoped[] = {"expected", "hoped", "anticipated", "predicted",
                                        "forecast", "imagined", "feared"};
    size_t t = it->tok;
    /* the cheap tests first: this runs for every modal and expectation */
    if (t > 0 && (ol_tok_is(s, t - 1, "as") || ol_tok_is(s, t - 1, "than")))
        return t + 2 < s->ntoks && ol_tok_is(s, t + 1, "be") && TOK_IN(s, t, modals) &&
               TOK_IN(s, t + 2, hoped);
    return t > 2 && ol_tok_is(s, t - 1, "be") &&
           (ol_tok_is(s, t - 3, "as") || ol_tok_is(s, t - 3, "than")) && TOK_IN(s, t, hoped) &&
           TOK_IN(s, t - 2, modals);
}

/* Forward cues that state a view, a duty or a plan denied rather than a
 * future: "is seen as a leader" (an opinion of now), "policy is to let
 * markets decide" (a standing rule), "entitled to expect" (a claim),
 * "has no plans to" (nothing planned), and the nouns of expectation
 * with nothing ahead after them ("met expectations", "economic
 * predictions"; "expectations of a cut" still looks ahead). */
static bool no_future_cue(const ol_sentence *s, const ol_item *it, uint8_t kind)
{
    static const char *const policies[] = {"policy", "principle", "approach", "view",
                                           "position", "stance", "rule", "role", "job", "task",
                                           "duty", "idea", "point", "answer", "solution",
                                           "problem", "question", "instinct", "philosophy",
                                           "issue", "challenge", "mandate", "remit",
                                           "brief", "do"};
    static const char *const nouns[] = {"expectation", "expectations", "prediction",
                                        "predictions", "projection", "projections"};
    static const char *const complements[] = {"of", "that", "for", "about", "on"};
    static const char *const negations[] = {"no", "not", "n't", "never"};
    static const char *const guided[] = {"earnings", "profit", "sales", "revenue", "its",
                                         "their", "full-year", "annual", "quarterly", "raised",
                                         "cut", "lowered", "reiterated", "maintained",
                                         "confirmed", "outlook", "financial"};
    static const char *const habits[] = {"sometimes", "often", "usually", "routinely",
                                         "typically", "normally", "generally", "always",
                                         "frequently", "regularly"};
    static const char *const foretelling[] = {"predict", "forecast", "foresee", "anticipate",
                                              "project"};
    static const char *const abilities[] = {"could", "can", "would", "ca", "was", "were"};
    static const char *const inabilities[] = {"unable", "impossible", "hard", "difficult",
                                              "early", "able"};
    size_t t = it->tok, e = it->tok_end;
    if (kind == OL_FUT_EXPECT && e < s->ntoks && ol_tok_is(s, e, "as") &&
        (ol_tok_is(s, e - 1, "seen") || ol_tok_is(s, e - 1, "regarded")))
        return true;
    if (kind == OL_FUT_MODAL && e == t + 2 && ol_tok_is(s, t + 1, "to") &&
        (ol_tok_is(s, t, "is") || ol_tok_is(s, t, "are")))
        for (size_t k = t; k-- > 0 && k + 6 > t;) /* "the policy, in short, is to" */
            if (TOK_IN(s, k, policies))
                return true;
    if (kind == OL_FUT_EXPECT && t > 1 && ol_tok_is(s, t - 1, "to") &&
        (ol_tok_is(s, t - 2, "entitled") || ol_tok_is(s, t - 2, "right")))
        return true;
    /* "drivers are often expected to work long shifts": a duty of
     * habit, no forecast */
    if (kind == OL_FUT_EXPECT && t > 0 && TOK_IN(s, t - 1, habits) &&
        ol_tok_is(s, t, "expected"))
        return true;
    /* "could not predict a date", "impossible to forecast": no view of
     * what comes ("does not expect" still holds one) */
    if (kind == OL_FUT_EXPECT && t > 0 && TOK_IN(s, t, foretelling)) {
        if (ol_tok_is(s, t - 1, "cannot") || ol_tok_is(s, t - 1, "can't") ||
            ol_tok_is(s, t - 1, "couldn't"))
            return true;
        if (t > 1 && TOK_IN(s, t - 1, negations) && TOK_IN(s, t - 2, abilities))
            return true;
        if (t > 1 && ol_tok_is(s, t - 1, "to") && TOK_IN(s, t - 2, inabilities))
            return true;
    }
    /* "guidance" is a forecast when it is a firm's ("profit guidance",
     * "guidance for 2027", "raised its guidance"); advice otherwise */
    if (kind == OL_FUT_EXPECT && e == t + 1 && ol_tok_is(s, t, "guidance"))
        return !(e < s->ntoks && (ol_tok_is(s, e, "for") || ol_tok_is(s, e, "of") ||
                                  ol_tok_is(s, e, "to"))) &&
               !(t > 0 && TOK_IN(s, t - 1, guided));
    if (kind == OL_FUT_EXPECT && e == t + 1 && TOK_IN(s, t, nouns))
        return !(e < s->ntoks && TOK_IN(s, e, complements)) &&
               !(e + 1 < s->ntoks && ol_tok_is(s, e + 1, "that"));
    if (kind == OL_FUT_PLAN)
        for (size_t k = t; k-- > 0 && k + 3 > t;)
            if (TOK_IN(s, k, negations))
                return true;
    return false;
}

/* "if" that sets no course for the future: a reported question ("asked
 * if she was", "unclear if") or a standing rule or a generic case ("if a
 * flight is cancelled, the airline must pay", "if you hit someone at
 * 30mph"). What a rule says holds now; a condition with a prediction in it
 * has the prediction's own cue. */
static bool idle_condition(const ol_sentence *s, const ol_item *it, int *rule)
{
    static const char *const asking[] = {"asked", "ask", "asks", "asking", "wondered",
                                         "wonder", "unclear", "clear", "know", "knows",
                                         "check", "checks", "see", "decide", "whether"};
    static const char *const rules[] = {"must", "you", "your", "entitled", "required",
                                        "obliged", "allowed", "permitted", "liable"};
    static const char *const wishing[] = {"want", "wants", "wish", "like", "mean", "please",
                                          "prefer"};
    if (!ol_tok_is(s, it->tok, "if"))
        return false;
    /* "asked if", "asked the minister if" (not across a comma) */
    for (size_t k = it->tok; k-- > 0 && k + 4 > it->tok && !is_punct_comma(s, k);)
        if (TOK_IN(s, k, asking))
            return true;
    size_t e = it->tok_end;
    /* "a duty, if not a binding one": a concession; "if we want to", "if you
     * like": the speaker's wish, no course of events */
    if (e < s->ntoks && ol_tok_is(s, e, "not"))
        return true;
    if (e + 1 < s->ntoks && TOK_IN(s, e + 1, wishing))
        return true;
    if (*rule < 0) { /* once per sentence, however many "if"s it has */
        *rule = 0;
        for (size_t t = 0; t < s->ntoks && !*rule; t++)
            *rule = TOK_IN(s, t, rules);
    }
    return *rule;
}

/* "the rise is due to higher demand", "is due to the weak dollar": "due
 * to" + a noun phrase gives a cause, not a timetable ("is due to publish
 * its results"). The noun phrase is told by its first word: a determiner,
 * a figure, a capitalised name, or a noun or participle ending ("rising",
 * "immigration", "improved"). */
static bool causal_due_to(const ol_sentence *s, const ol_item *it)
{
    static const char *const determiners[] = {"the", "a", "an", "its", "their", "his", "her",
                                              "our", "this", "that", "these", "those", "some",
                                              "many", "much", "more", "less", "fewer",
                                              "higher", "lower", "strong", "stronger",
                                              "weak", "weaker", "poor", "high", "low", "bad",
                                              "good", "heavy", "rising", "falling",
                                              "lack", "demand", "costs", "problems"};
    static const char *const endings[] = {"ing", "ion", "ment", "ness", "ity", "ed"};
    size_t e = it->tok_end, n;
    if (e < 2 || !ol_tok_is(s, e - 2, "due") || !ol_tok_is(s, e - 1, "to"))
        return false;
    if (e >= s->ntoks || !ol_is_word(s, e))
        return true;
    if (TOK_IN(s, e, determiners))
        return true;
    const char *w = ol_tok_text(s, e, &n);
    if (w[0] >= 'A' && w[0] <= 'Z')
        return true;
    for (size_t k = 0; k < sizeof(endings) / sizeof(*endings); k++) {
        size_t m = strlen(endings[k]);
        if (n > m + 2 && memcmp(w + n - m, endings[k], m) == 0)
            return true;
    }
    return false;
}

/* A cue that the sentence takes back to the past: an expectation held
 * then ("was widely expected to", an adverb between "was" and the cue;
 * "was expected" itself is a pattern of future.tsv) or a plan that was
 * dropped ("rejected plans for", "scrapped its plan to"). */
static bool past_cue(const ol_sentence *s, const ol_item *it, uint8_t kind)
{
    static const char *const was[] = {"was", "were", "been"};
    static const char *const dropped[] = {"rejected", "scrapped", "dropped", "abandoned",
                                          "shelved", "blocked", "vetoed", "ditched",
                                          "withdrew", "cancelled", "canceled", "killed"};
    static const char *const determiners[] = {"the", "its", "their", "his", "her", "a", "our"};
    size_t t = it->tok;
    if (kind == OL_FUT_EXPECT) {
        size_t n;
        const char *w = t > 1 ? ol_tok_text(s, t - 1, &n) : NULL;
        return w && n > 3 && w[n - 2] == 'l' && w[n - 1] == 'y' && TOK_IN(s, t - 2, was) &&
               ol_tok_is(s, t, "expected");
    }
    if (kind == OL_FUT_PLAN) {
        if (t > 0 && TOK_IN(s, t - 1, determiners))
            t--;
        return t > 0 && TOK_IN(s, t - 1, dropped);
    }
    return false;
}

/* "more likely to be stopped", "twice as likely to close": a likelihood
 * compared between groups is a statistic of now, not a prediction. Told
 * by a multiple ("twice as", "three times more") or a passive after it
 * ("more likely to be fined"); "less likely to slow" still predicts. */
static bool compared_likelihood(const ol_sentence *s, const ol_item *it)
{
    static const char *const comparing[] = {"more", "less", "most", "least", "as"};
    static const char *const multiples[] = {"twice", "times", "thrice", "half"};
    size_t t = it->tok;
    if (t == 0 || !ol_tok_is(s, t, "likely") || !TOK_IN(s, t - 1, comparing))
        return false;
    if (t > 1 && TOK_IN(s, t - 2, multiples))
        return true;
    size_t e = it->tok_end, n;
    if (e + 1 >= s->ntoks || !ol_tok_is(s, e, "be"))
        return false;
    const char *w = ol_tok_text(s, e + 1, &n);
    return n > 3 && ((w[n - 2] == 'e' && (w[n - 1] == 'd' || w[n - 1] == 'n')));
}

static int small_number(const ol_sentence *s, size_t i, int max)
{
    size_t n;
    const char *t = ol_tok_text(s, i, &n);
    if (n < 1 || n > 2 || t[0] < '0' || t[0] > '9' || (n == 2 && (t[1] < '0' || t[1] > '9')))
        return 0;
    int v = n == 2 ? (t[0] - '0') * 10 + (t[1] - '0') : t[0] - '0';
    return v >= 1 && v <= max ? v : 0;
}

static bool is_comma(const ol_sentence *s, size_t t)
{
    return s->toks[t]->end - s->toks[t]->start == 1 && s->text[s->toks[t]->start] == ',';
}

/* Days from the published date to d, roughly (31-day months). Without a
 * year, a date up to half a year after it is ahead, a later one is of the
 * year before ("Dec. 27" in a January article). */
static long days_ahead(const ol_date *pub, const ol_date *d)
{
    long diff = (long)(d->month - pub->month) * 31 + (d->day - pub->day);
    if (d->year)
        return (long)(d->year - pub->year) * 372 + diff;
    if (diff > 186)
        diff -= 372;
    else if (diff < -186)
        diff += 372;
    return diff;
}

/* "the OECD projects", "we see": a verb that is a noun as often ("road
 * projects") counts after a name or "we" only. */
static bool after_name(const ol_sentence *s, const ol_item *it)
{
    if (it->tok == 0)
        return false;
    size_t p = it->tok - 1;
    char c = s->text[s->toks[p]->start];
    return ((c >= 'A' && c <= 'Z') && p > 0 && ol_is_word(s, p)) ||
           ol_tok_is(s, p, "we") || ol_tok_is(s, p, "they") ||
           ol_tok_is(s, p, ")"); /* "the Organisation ... (OECD) projects" */
}

/* An expectation a result is measured against: "ahead of the 0.6%
 * forecast", "in line with expectations", "below analysts' estimates". */
static bool measured_against(const ol_sentence *s, const ol_item *it)
{
    static const char *const words[] = {"ahead", "above", "below", "short", "line", "beat",
                                        "beats", "missed", "misses", "than", "exceeded",
                                        "topped", "surpassed", "outpaced"};
    size_t from = it->tok > 6 ? it->tok - 6 : 0;
    for (size_t t = from; t < it->tok; t++)
        if (OL_TOK_IN(s, t, words))
            return true;
    return false;
}

static size_t part_of(const ol_sentence *s, size_t tok)
{
    size_t p = 0;
    while (p + 1 < s->nparts && s->parts[p + 1].tok <= tok)
        p++;
    return p;
}

static void set_horizon(const ol_sentence *s, ol_horizon *h, size_t t0, size_t t1, int year,
                        bool phrase)
{
    if (phrase && t0 > 0 && ol_tok_is(s, t0 - 1, "the"))
        t0--;
    h->start = s->toks[t0]->start;
    h->end = s->toks[t1 - 1]->end;
    h->year = year;
}

/* The years and dates a sentence names, found in one pass over its tokens
 * (a bound keeps a pathological sentence linear). */
#define MAX_TIMES 16

typedef struct time_mark {
    size_t tok, end; /* tokens [tok, end) */
    int year;        /* a year token, or 0 for a date */
    ol_date date;
} time_mark;

/* A capitalised month name ("march" is a verb, "may" a modal). */
static bool month_item(const ol_sentence *s, const ol_item *it)
{
    char c = s->text[it->hit->start];
    return it->hit->cue->month && c >= 'A' && c <= 'Z';
}

static size_t find_times(const ol_sentence *s, time_mark *out)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nitems && n < MAX_TIMES; i++) {
        const ol_item *it = &s->items[i];
        const ol_cue *c = it->hit->cue;
        if (c->year && year_token(s, it)) {
            out[n++] = (time_mark){it->tok, it->tok_end, c->year, {0, 0, 0}};
            continue;
        }
        if (!month_item(s, it))
            continue;
        /* "March 1", "Jan. 27", "5 March"; "Feb. 5, 2027" */
        int day = 0;
        size_t t0 = it->tok, e = it->tok_end;
        if (e < s->ntoks && (day = small_number(s, e, 31)) != 0) {
            e++;
        } else if (t0 > 0 && (day = small_number(s, t0 - 1, 31)) != 0) {
            t0--;
        } else {
            continue;
        }
        time_mark tm = {t0, e, 0, {0, c->month, day}};
        if (i + 1 < s->nitems && s->items[i + 1].hit->cue->year && s->items[i + 1].tok == e + 1 &&
            is_comma(s, e)) {
            tm.date.year = s->items[i + 1].hit->cue->year;
            tm.end = e + 2;
            i++;
        }
        out[n++] = tm;
    }
    return n;
}

/* Without a published date, a year tied to a past event is no horizon:
 * "since the party took office in 2001", "after reporting weak results
 * for 2025", "began in 2004". Looked for up to 5 tokens back, not
 * across a comma. */
static bool year_looks_back(const ol_sentence *s, const time_mark *tm)
{
    static const char *const past[] = {"since", "came", "reported", "reporting", "posted",
                                       "posting", "experienced", "recorded", "began", "started",
                                       "ended", "took", "won", "lost"};
    static const char *const ahead[] = {"expected", "planned", "scheduled", "slated",
                                        "forecast", "projected", "predicted", "anticipated",
                                        "pencilled", "penciled", "earmarked", "timetabled",
                                        "intended", "billed", "aimed", "needed", "required",
                                        "due", "set", "booked", "estimated", "delayed",
                                        "postponed", "deferred", "pushed", "moved"};
    for (size_t k = tm->tok; k-- > 0 && k + 6 > tm->tok;) {
        if (is_punct_comma(s, k))
            return false;
        if (TOK_IN(s, k, past))
            return true;
    }
    /* "it was opened in 1971", "the last mill closed in 1985": a past form
     * just before "in"; "will be completed in 2031" still looks ahead */
    static const char *const becoming[] = {"be", "being", "to", "will", "would", "'ll"};
    if (tm->tok > 1 && ol_tok_is(s, tm->tok - 1, "in")) {
        size_t n, p = tm->tok - 2;
        const char *w = ol_tok_text(s, p, &n);
        return n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' && !TOK_IN(s, p, ahead) &&
               !(p > 0 && TOK_IN(s, p - 1, becoming));
    }
    return false;
}

/* The horizon: the first year (not before the published one) in a part
 * that looks ahead, else its first date ahead, else its first horizon
 * phrase. */
static void find_horizon(const ol_sentence *s, int year, const time_mark *times, size_t ntimes,
                         const time_mark *date_ahead, ol_horizon *h)
{
    *h = (ol_horizon){0, 0, 0};
    for (size_t k = 0; k < ntimes; k++) {
        const time_mark *tm = &times[k];
        if (tm->year && (year ? tm->year >= year : !year_looks_back(s, tm)) &&
            s->parts[part_of(s, tm->tok)].forward) {
            set_horizon(s, h, tm->tok, tm->end, 0, false);
            return;
        }
    }
    if (date_ahead) {
        set_horizon(s, h, date_ahead->tok, date_ahead->end, 0, false);
        return;
    }
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_item *it = &s->items[i];
        const ol_cue *c = it->hit->cue;
        if ((c->future == OL_FUT_HORIZON || c->future == OL_FUT_WHEN) &&
            s->parts[it->part].forward) {
            set_horizon(s, h, it->tok, it->tok_end,
                        c->has_year && year ? year + c->year_offset : 0, true);
            return;
        }
    }
}

/* "Exports grew 6.1% in 2025 and will slow in 2026": a part that states
 * the past and then looks ahead is cut at the last "and" or comma between
 * the two, so the outlook is its second half. */
static void split_past_from_future(ol_sentence *s, const size_t *last_past,
                                   const size_t *first_fwd)
{
    for (size_t p = s->nparts; p-- > 0;) {
        ol_part *part = &s->parts[p];
        if (!part->forward || !part->past || last_past[p] == SIZE_MAX ||
            first_fwd[p] == SIZE_MAX || last_past[p] >= first_fwd[p] ||
            s->nparts == OL_MAX_PARTS)
            continue;
        size_t cut = SIZE_MAX;
        for (size_t t = last_past[p] + 1; t < first_fwd[p]; t++)
            if (ol_tok_is(s, t, "and") || is_comma(s, t))
                cut = t;
        if (cut == SIZE_MAX || cut + 1 >= part->tok_end)
            continue;
        memmove(&s->parts[p + 2], &s->parts[p + 1], (s->nparts - p - 1) * sizeof(*s->parts));
        s->nparts++;
        ol_part *after = &s->parts[p + 1];
        *after = *part;
        after->tok = (uint32_t)cut + 1;
        after->past = false;
        part->tok_end = (uint32_t)cut + 1; /* the "and" ends the past half */
        part->forward = false;
        part->future = 0;
        part->future_item = NULL;
        for (size_t i = 0; i < s->nitems; i++) {
            ol_item *it = &s->items[i];
            if (it->part > p || (it->part == p && it->tok > cut))
                it->part++;
        }
    }
}

bool ol_future(ol_sentence *s, ol_published *published, ol_horizon *horizon)
{
    uint8_t maybe[OL_MAX_PARTS] = {0};
    const ol_item *maybe_item[OL_MAX_PARTS] = {0};
    size_t last_past[OL_MAX_PARTS], first_fwd[OL_MAX_PARTS];
    for (size_t p = 0; p < OL_MAX_PARTS; p++)
        last_past[p] = first_fwd[p] = SIZE_MAX;
    bool need_date = false;
    int rule = -1; /* the sentence states a rule: not known yet */
    for (size_t i = 0; i < s->nitems; i++) {
        const ol_item *it = &s->items[i];
        const ol_cue *c = it->hit->cue;
        if (!c->future)
            continue;
        need_date |= c->has_year;
        ol_part *p = &s->parts[it->part];
        if (c->future == OL_FUT_PAST) {
            p->past = true;
            last_past[it->part] = it->tok;
            continue;
        }
        if (c->future == OL_FUT_WHEN) /* "this year": a horizon, not a cue */
            continue;
        if (c->future == OL_FUT_MAYBE) {
            if (!month_may(s, it) && !maybe[it->part] && !idle_modal(s, it) &&
                !idle_condition(s, it, &rule) && !opinion_modal(s, it) &&
                !measured_modal(s, it) && !governed_modal(s, it) &&
                !prescribed_passive(s, it)) {
                maybe[it->part] = 1;
                maybe_item[it->part] = it;
            }
            continue;
        }
        if (noun_will(s, it) || (c->after_name && !after_name(s, it)) ||
            compared_likelihood(s, it) || no_future_cue(s, it, c->future) ||
            causal_due_to(s, it) ||
            (c->future == OL_FUT_MODAL && governed_modal(s, it)))
            continue;
        if (c->future == OL_FUT_EXPECT && measured_modal(s, it)) {
            p->past = true; /* "not as strong as could be expected" */
            last_past[it->part] = it->tok;
            continue;
        }
        if (past_cue(s, it, c->future)) {
            p->past = true;
            last_past[it->part] = it->tok;
            continue;
        }
        if (c->future == OL_FUT_EXPECT && measured_against(s, it)) {
            p->past = true; /* "growth was 0.8%, ahead of the 0.6% forecast" */
            last_past[it->part] = it->tok;
            continue;
        }
        if (!p->forward) { /* the first cue names the rule */
            p->future = c->future;
            p->future_item = it;
            first_fwd[it->part] = it->tok;
        }
        p->forward = true;
    }
    time_mark times[MAX_TIMES];
    size_t ntimes = find_times(s, times);
    /* the published date is read only for a sentence that needs it */
    const ol_date *pub = ntimes || need_date ? ol_published_date(published) : NULL;
    int year = pub ? pub->year : 0;
    const time_mark *date_ahead = NULL;
    for (size_t k = 0; pub && k < ntimes; k++) {
        const time_mark *tm = &times[k];
        size_t pi = part_of(s, tm->tok);
        ol_part *p = &s->parts[pi];
        long ahead;
        if (tm->year) {
            /* years: after the published one, a cue; before it, the past;
             * "by mid-2026" in a 2026 article is still ahead */
            if (!year)
                continue;
            bool by = tm->tok > 0 && ol_tok_is(s, tm->tok - 1, "by");
            ahead = tm->year - year;
            if (ahead == 0 && by)
                ahead = 1;
        } else {
            /* dates: "takes effect on March 1" */
            if (!pub->month || !pub->day)
                continue;
            ahead = days_ahead(pub, &tm->date);
            if (ahead > 0 && !date_ahead)
                date_ahead = tm;
        }
        if (ahead < 0) {
            p->past = true;
            if (last_past[pi] == SIZE_MAX || tm->tok > last_past[pi])
                last_past[pi] = tm->tok;
        } else if (ahead > 0) {
            if (!p->forward) {
                p->forward = true;
                p->future = OL_FUT_HORIZON;
            }
            if (tm->tok < first_fwd[pi])
                first_fwd[pi] = tm->tok;
        }
    }
    bool any = false;
    for (size_t p = 0; p < s->nparts; p++) {
        ol_part *part = &s->parts[p];
        if (!part->forward && maybe[p] && !part->past) {
            part->forward = true;
            part->future = OL_FUT_MAYBE;
            part->future_item = maybe_item[p];
        }
        any |= part->forward;
    }
    if (any) {
        split_past_from_future(s, last_past, first_fwd);
        find_horizon(s, year, times, ntimes, date_ahead, horizon);
    }
    else
        *horizon = (ol_horizon){0, 0, 0};
    return any;
}
