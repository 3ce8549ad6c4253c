/* The outlook stage, rule by rule, on sentences written for these tests;
 * its options and their errors; holders from a claims layer; and the hard
 * documents every stage must survive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tidings/tidings.h>


static td_harness *plain; /* segment outlook, default options */

static td_harness *stages(const char *first, const char *const *options)
{
    td_harness *h = td_harness_new();
    assert_non_null(h);
    if (td_harness_add(h, "segment", NULL) != 0 || (first && td_harness_add(h, first, NULL) != 0) ||
        td_harness_add(h, "outlook", options) != 0)
        fail_msg("%s", td_harness_errmsg(h));
    return h;
}

static int group_setup(void **state)
{
    (void)state;
    plain = stages(NULL, NULL);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    td_harness_free(plain);
    return 0;
}

static td_doc *run_on(td_harness *h, const char *text, size_t len, const char *published)
{
    td_doc *doc = td_doc_new("t", text, len);
    assert_non_null(doc);
    if (published && td_doc_set_meta(doc, "published", published) != 0)
        fail_msg("%s", td_doc_errmsg(doc));
    if (td_harness_run(h, doc) != TD_OK)
        fail_msg("outlook failed: %s", td_harness_errmsg(h));
    return doc;
}

static td_doc *run_dated(const char *text, const char *published)
{
    return run_on(plain, text, strlen(text), published);
}

static td_doc *run(const char *text) { return run_dated(text, NULL); }

/* The one outlook of a document (fails if there are several), or NULL. */
static td_annot *the_outlook(td_doc *doc)
{
    size_t n;
    td_annot *const *o = td_doc_layer(doc, "outlook", &n);
    if (n > 1)
        fail_msg("%zu outlooks, expected at most one", n);
    return n ? o[0] : NULL;
}

/* The label of a one-sentence text's outlook, "none" without one. */
static char label_buf[32];
static const char *label_of(const char *text, const char *published)
{
    td_doc *doc = run_dated(text, published);
    td_annot *o = the_outlook(doc);
    snprintf(label_buf, sizeof(label_buf), "%s", o ? o->label : "none");
    td_doc_free(doc);
    return label_buf;
}

static double score_of(const char *text)
{
    td_doc *doc = run(text);
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    double s = td_annot_num(o, "score", NAN);
    td_doc_free(doc);
    return s;
}

static void assert_label(const char *text, const char *want)
{
    const char *got = label_of(text, "2026-01-14");
    if (strcmp(got, want) != 0)
        fail_msg("\"%s\": %s, expected %s", text, got, want);
}

/* ---- looking ahead ------------------------------------------------------ */

static void test_future_forms_are_outlooks(void **state)
{
    (void)state;
    assert_label("Exporters will face stronger demand from Africa.", "positive");
    assert_label("Steel output is expected to shrink.", "negative");
    assert_label("The carrier is poised for a strong rebound in bookings.", "positive");
    assert_label("The ministry plans to publish the figures on Friday.", "neutral");
    assert_label("Looking ahead, the board sees no change to its dividend.", "neutral");
    assert_label("Exports to Latin America are forecast to climb.", "positive");
    /* news style: "is to" is "will" */
    assert_label("The carmaker is to cut 500 jobs at its plant.", "negative");
}

static void test_past_facts_are_not_outlooks(void **state)
{
    (void)state;
    assert_label("Exports grew 6.1 percent in 2025.", "none");
    assert_label("The surplus widened to a record last year.", "none");
    assert_label("Imports edged up 0.5 percent, customs data showed.", "none");
}

static void test_past_expectations_are_not_outlooks(void **state)
{
    (void)state;
    assert_label("Exports had been expected to rise in December.", "none");
    assert_label("December came in stronger than expected.", "none");
    assert_label("Shipments were expected to slow, but did not.", "none");
    /* the same words without the past are an outlook */
    assert_label("Exports are expected to rise in December.", "positive");
}

static void test_results_against_expectations_look_back(void **state)
{
    (void)state;
    assert_label("Growth was 0.8 percent, ahead of the 0.6 percent forecast.", "none");
    assert_label("Sales came in below analysts' estimates and expectations.", "none");
    assert_label("The economy looks set to have fallen short of the target.", "none");
    assert_label("A compromise could have eased the passage of the bill.", "none");
    /* the same measure written as a hyphenated adjective */
    assert_label("The grocer reported worse-than-forecast sales in December.", "none");
    assert_label("A bigger-than-expected trade surplus lifted the currency.", "none");
    /* a title is no praise */
    assert_label("The prime minister will visit Paris.", "neutral");
    /* a forecast that is not measured against anything still looks ahead */
    assert_label("The bank's forecast sees growth of 2 percent.", "positive");
}

static void test_reported_speech_looks_ahead(void **state)
{
    (void)state;
    assert_label("Wang said external uncertainty would rise.", "negative");
    assert_label("She told reporters that orders would pick up in the spring.", "positive");
    /* a weak modal in a clause about the past does not */
    assert_label("Last year buyers could not get credit.", "none");
}

static void test_horizon_from_published_year(void **state)
{
    (void)state;
    /* a year after the published one is a cue on its own */
    assert_label("Exports in 2027 are the question.", "neutral");
    assert_string_equal(label_of("Exports in 2027 are the question.", "2027-03-01"), "none");
    assert_string_equal(label_of("Exports in 2027 are the question.", NULL), "none");
    /* "next year" names the year after the published one */
    td_doc *doc = run_dated("Growth will slow next year.", "2026-01-14");
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "horizon"), "2027");
    td_doc_free(doc);
    /* without a date it stays words */
    doc = run("Growth will slow over the next five years.");
    o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "horizon"), "the next five years");
    td_doc_free(doc);
    /* a year of the past is no horizon */
    doc = run_dated("Trade will grow 3 percent in 2027, after 2 percent in 2025.", "2026-01-14");
    o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "horizon"), "2027");
    td_doc_free(doc);
    /* REVIEW2: without a date, a year tied to a past event is no horizon */
    doc = run("Next month's vote will be the fifth since the party took office in 2001.");
    o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "horizon"), "Next month");
    td_doc_free(doc);
    doc = run("The mill will reopen, decades after it was opened in 1971.");
    o = the_outlook(doc);
    assert_non_null(o);
    assert_null(td_annot_str(o, "horizon"));
    td_doc_free(doc);
    doc = run("The new terminal will be completed in 2031.");
    o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "horizon"), "2031");
    td_doc_free(doc);
    doc = run("The insurer will sell its Asian arm in 2031.");
    o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "horizon"), "2031");
    td_doc_free(doc);
}

static void test_past_half_of_a_part_is_left_out(void **state)
{
    (void)state;
    const char *text = "Exports grew 6.1 percent in 2025 and will slow in 2026.";
    td_doc *doc = run_dated(text, "2026-01-14");
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    const char *t = td_doc_text(doc, NULL);
    char span[128];
    snprintf(span, sizeof(span), "%.*s", (int)(o->end - o->start), t + o->start);
    assert_string_equal(span, "will slow in 2026.");
    assert_string_equal(o->label, "negative");
    assert_string_equal(td_annot_str(o, "target"), "Exports");
    td_doc_free(doc);
}

static void test_dates_after_published_look_ahead(void **state)
{
    (void)state;
    /* a date after the published one, in the simple present */
    assert_string_equal(label_of("The revised law takes effect on March 1.", "2026-01-09"),
                        "neutral");
    assert_string_equal(label_of("The revised law took effect on Jan. 5.", "2026-01-09"), "none");
    /* a December date in a January article is last December */
    assert_string_equal(label_of("The vessel docked on Dec. 27.", "2026-01-07"), "none");
    assert_string_equal(label_of("The vessel docks on Feb. 5, 2027.", "2026-12-20"), "neutral");
    td_doc *doc = run_dated("The talks resume on March 3.", "2026-01-09");
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "horizon"), "March 3");
    td_doc_free(doc);
}

/* A sentence is looked at only when something in it can look ahead: a
 * forward cue, a year from the published one on, a date when the
 * published date has a day. Each side of those lines. */
static void test_sentences_that_cannot_look_ahead(void **state)
{
    (void)state;
    /* "last year" and a year before the published one: the past only */
    assert_string_equal(label_of("Profits rose sharply last year.", "2026-02-10"), "none");
    assert_string_equal(label_of("Profits rose sharply in 2024.", "2026-02-10"), "none");
    /* the published year itself after "by" is still ahead */
    assert_string_equal(label_of("The new terminal opens by 2026.", "2026-02-10"), "neutral");
    assert_string_equal(label_of("The new terminal opens in 2027.", "2026-02-10"), "neutral");
    /* without a published day a date says nothing; with one, it is ahead */
    assert_string_equal(label_of("The revised law takes effect on March 1.", "2026-01"), "none");
    assert_string_equal(label_of("The revised law takes effect on March 1.", "2026-01-09"),
                        "neutral");
    /* a forward cue needs no date at all */
    assert_string_equal(label_of("Profits will rise sharply.", NULL), "positive");
}

static void test_verbs_that_are_nouns(void **state)
{
    (void)state;
    /* "projects" looks ahead after a name, not after "road" */
    assert_label("The OECD projects growth of 1.2 percent.", "positive");
    assert_label("Road projects employ 400 people.", "none");
    /* a condition looks ahead too */
    assert_label("If the exclusions lapse, our landed cost goes up 25 percent.", "negative");
    /* a past perfect with a weak modal does not */
    assert_label("The firm had spent $4.8 million on stock it would normally buy later.", "none");
}

static void test_past_clause_is_left_out_of_the_span(void **state)
{
    (void)state;
    const char *text = "Exports grew 6.1 percent in 2025, but they will slow in 2026.";
    td_doc *doc = run_dated(text, "2026-01-14");
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    const char *t = td_doc_text(doc, NULL);
    char span[128];
    snprintf(span, sizeof(span), "%.*s", (int)(o->end - o->start), t + o->start);
    assert_string_equal(span, "they will slow in 2026.");
    assert_string_equal(o->label, "negative");
    td_doc_free(doc);
}

/* ---- tone ------------------------------------------------------------- */

/* REVIEW O1: a weak modal that predicts nothing makes no outlook */
static void test_idle_modals_are_not_outlooks(void **state)
{
    (void)state;
    assert_label("A spokeswoman for the insurer could not comment on the claims.", "none");
    assert_label("The port's owners would not say how many jobs were at risk.", "none");
    assert_label("The merger would not have gone ahead without the regulator.", "none");
    assert_label("The chairman would not be drawn on a successor.", "none");
    assert_label("Unions argue the grant would be better spent on training.", "none");
    assert_label("Poorer savers could be worse off under the new tax.", "negative");
    /* the same modals predicting something still look ahead */
    assert_label("The merger would not lift profits, analysts warned.", "negative");
    assert_label("A weaker pound could boost exports.", "positive");
}

/* "is due to" + a verb is a timetable; + a noun phrase, a cause */
static void test_due_to_is_a_timetable_or_a_cause(void **state)
{
    (void)state;
    assert_label("The statistics office is due to publish its estimate on Friday.", "neutral");
    assert_label("Ministers are due to vote on the bill.", "neutral");
    assert_label("The rise in profit is due to higher demand from Asia.", "none");
    assert_label("The fall in sales is due to the weak dollar.", "none");
    assert_label("The delay is due to flooding in the north.", "none");
    assert_label("The gap is due to Brazilian imports.", "none");
}

static void assert_forward(const char *text);

/* "have" after a weak modal with "to" or an article after it is a need
 * or a possession ahead, not the perfect of a counterfactual */
static void test_modal_have_to_looks_ahead(void **state)
{
    (void)state;
    assert_forward("The lender would have to raise fresh capital, the regulator said.");
    assert_forward("Smaller growers may have to sell their farms.");
    assert_forward("The carmaker would not have to repay the grant.");
    assert_forward("Importers may also have to pay the new levy.");
    assert_forward("The merged group would have a market value of $40bn.");
    assert_forward("A stronger euro could have a big impact on exporters.");
    /* the perfect still looks back */
    assert_label("The strike would have cost the airline its licence.", "none");
    assert_label("The bank could not have raised the capital alone.", "none");
    assert_label("Exporters may have had a weaker quarter.", "none");
}

/* A forward-looking text, whatever its tone. */
static void assert_forward(const char *text)
{
    if (strcmp(label_of(text, "2026-01-14"), "none") == 0)
        fail_msg("\"%s\": no outlook, expected one", text);
}

/* REVIEW2 C2: duties, wishes, hedges and unanswered questions hold a modal
 * but predict nothing */
static void test_opinions_and_questions_are_not_outlooks(void **state)
{
    (void)state;
    assert_label("Ministers should publish the audit in full.", "none");
    assert_label("We should be cutting red tape for small firms.", "none");
    assert_label("Mrs Osei should step aside, the committee said.", "none");
    assert_label("I would like to see a lower levy on diesel.", "none");
    assert_label("We would prefer a slower timetable.", "none");
    assert_label("I would be critical of any rush to sell the stake.", "none");
    assert_label("It would be wrong to close the depot.", "none");
    assert_label("Capping fares may be going too far.", "none");
    assert_label("The minister did not say when the tariff would change.", "none");
    assert_label("It is unclear whether the board would back the bid.", "none");
    assert_label("She did not know how many branches would close.", "none");
    assert_label("Our policy is to let the market set the price.", "none");
    assert_label("The bank's policy, in short, is to let the rand float.", "none");
    assert_label("We want a manager who is going to stay.", "none");
    assert_label("The minister could not predict a date for the sale.", "none");
    assert_label("Economists predict a slowdown.", "negative");
    assert_label("The regulator's remit is to keep tariffs low.", "none");
    assert_label("She said he would \"like to sell the lot\".", "none");
    assert_label("The reform would also have merged the two courts.", "none");
    assert_label("I used to have to wait because he would talk for hours.", "none");
    assert_label("Drivers are often expected to work twelve-hour shifts.", "none");
    assert_label("The chain may just have the right format.", "none");
    assert_label("The levy is regarded by many as a way costs could be cut.", "none");
    /* advice: "you could", "it may be useful to"; "guidance" that is advice */
    assert_label("You could ask the landlord for a longer lease.", "none");
    assert_label("It may be useful to keep a spare key at the depot.", "none");
    assert_label("The agency gave little guidance on the new forms.", "none");
    assert_label("The retailer raised its guidance for the year.", "positive");
    /* a passive "should" with nothing measurable or timed prescribes */
    assert_label("Tribunals should be used only as a last resort.", "none");
    assert_label("There should be a cap on bonuses, the union said.", "none");
    assert_label("About 300 new jobs should be created at the plant.", "positive");
    assert_forward("The sale should be completed next month.");
    /* the same modals forecasting something still look ahead */
    assert_label("Profits should recover as fuel costs ease.", "positive");
    assert_forward("We would be forced to shut the smelter.");
    assert_label("The minister said the tariff would change in March.", "neutral");
    assert_label("The board is to cut 300 jobs.", "negative");
}

/* REVIEW2 C5: an opinion of now ("seen as"), an expectation with nothing
 * ahead after it, a result measured against what could be expected */
static void test_views_and_measured_expectations_are_not_outlooks(void **state)
{
    (void)state;
    assert_label("The governor is seen as a safe pair of hands.", "none");
    assert_label("Quarterly sales met expectations.", "none");
    assert_label("The review sets out the treasury's economic predictions.", "none");
    assert_label("Output was not as strong as might be expected.", "none");
    assert_label("Shareholders are entitled to expect a dividend.", "none");
    assert_label("The council has no plans for a congestion charge.", "none");
    /* with a future after them they still look ahead */
    assert_forward("Expectations of a rate cut are growing.");
    assert_label("Freight volumes are seen climbing in the spring.", "positive");
    assert_label("The council has plans for a congestion charge.", "neutral");
}

/* REVIEW O4: a condition in a rule or a reported question is no outlook */
static void test_rules_and_questions_are_not_outlooks(void **state)
{
    (void)state;
    assert_label("If a parcel is lost, the courier must refund the sender.", "none");
    assert_label("If you miss a payment, the lender adds a fee.", "none");
    assert_label("Asked if the plant was safe, the manager nodded.", "none");
    /* REVIEW2 O4: the question's verb a few words back; a concession; a wish */
    assert_label("The lawyer asked the witness if the accounts were audited.", "none");
    assert_label("The firm has a duty, if not a binding one, to pay the levy.", "none");
    assert_label("If we want to keep the plant open, we have to invest.", "none");
    /* a condition about what comes next still looks ahead */
    assert_label("If the levy lapses, our costs go up 20 percent.", "negative");
    assert_label("If demand holds, the mine will hire 200 workers.", "neutral");
}

/* REVIEW O6: expectations held then, dropped plans, "soon after" */
static void test_past_plans_and_expectations(void **state)
{
    (void)state;
    assert_label("Regulators rejected plans for a second terminal at the port.", "none");
    assert_label("The owners scrapped their plan to float the chain.", "none");
    assert_label("The result was widely expected among bond traders.", "none");
    assert_label("Shares slid soon after the chief executive quit.", "none");
    /* plans still alive and expectations held now look ahead */
    assert_label("The carrier unveiled plans for a new hub in Accra.", "neutral");
    assert_label("The bank is widely expected to lift its rate next month.", "positive");
}

/* REVIEW O7: a likelihood compared between groups is a statistic */
static void test_compared_likelihood_is_not_an_outlook(void **state)
{
    (void)state;
    assert_label("Young drivers are more likely to be fined than older ones.", "none");
    assert_label("Small firms are twice as likely to close in their first year.", "none");
    assert_label("The central bank is likely to meet again in March.", "neutral");
    assert_label("Farm output is less likely to slow than factory output.", "negative");
}

/* a move named as a noun with "in" and an object of no known sign after
 * it ("a surge in oil prices") has no tone of its own, and reaches neither
 * back to a metric before it (a possessive names it a noun too) */
static void test_move_in_an_unsigned_thing(void **state)
{
    (void)state;
    assert_label("A surge in oil prices will hit the economy.", "negative");
    assert_label("The plan would mean a 20% hike in the levy.", "neutral");
    assert_label("Economists expect a sharp fall in the pound.", "neutral");
    assert_label("A slowdown in car sales and last month's surge in fuel prices will "
                 "make the outlook gloomier.",
                 "negative");
    /* a signed object still counts, and so does a verb */
    assert_label("Economists expect a fall in house price growth.", "negative");
    assert_label("Sales will rise in the spring.", "positive");
}

/* a tone word's family does not take over a modifier: "strongly" and
 * "severely" intensify, they are no news of their own */
static void test_family_leaves_modifiers_alone(void **state)
{
    (void)state;
    assert_label("Ministers will strongly consider the report.", "neutral");
    assert_label("The union said it would defend its members strongly.", "neutral");
    assert_label("Profits will rise strongly next year.", "positive");
}

static void test_direction_times_metric(void **state)
{
    (void)state;
    assert_label("Profit will rise.", "positive");
    assert_label("Losses will rise.", "negative");
    assert_label("Losses will narrow next year.", "positive");
    assert_label("Costs will fall.", "positive");
    assert_label("Demand will weaken.", "negative");
    assert_label("The forecast will be revised down.", "negative");
    assert_label("Analysts expect higher energy costs.", "negative");
    assert_label("Analysts expect lower energy costs.", "positive");
    /* REVIEW O2: cutting harm is good news */
    assert_label("Lower speed limits would cut road deaths by a third.", "positive");
    assert_label("The rules will mean 400 fewer injuries on building sites.", "positive");
    assert_label("Casualties are expected to rise as the fighting spreads.", "negative");
}

static void test_pairs_stay_in_their_clause(void **state)
{
    (void)state;
    /* no pair across "if": the jobs are cut, not the investment */
    assert_label("Some 2,000 jobs may be cut if investment in the firm goes ahead.", "negative");
    /* the subject of the part before "but" */
    assert_label("Growth would reach 4.4 percent, but fall to 3.3 percent next year.", "negative");
    /* "unlikely to" turns its verb round */
    assert_label("The cartel is unlikely to cut output.", "positive");
    /* "a fall in prices": not a fall of the forecast */
    td_doc *doc = run("The bank will forecast an 8 percent fall in property prices.");
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    assert_null(td_annot_attr(o, "target"));
    td_doc_free(doc);
    /* a metric in a name is none; an acronym is one */
    doc = run("Analysts said the Growth Fund will shrink.");
    o = the_outlook(doc);
    assert_non_null(o);
    assert_null(td_annot_attr(o, "target"));
    td_doc_free(doc);
    doc = run("Analysts said Italian GDP will shrink.");
    o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "target"), "Italian GDP");
    td_doc_free(doc);
    /* "less than in 2008" compares; "more than 240" counts */
    assert_label("The firm expects its net sales to be less than in 2008.", "negative");
    assert_string_equal(label_of("The firm will trade with more than 240 economies.", NULL),
                        "neutral");
    /* "tie-up" is a thing, not a move up */
    assert_label("The tie-up would take place in March.", "neutral");
}

static void test_lexicon_and_word_families(void **state)
{
    (void)state;
    /* entries are base forms: inflections come from the stemmer ... */
    assert_label("Trade is expected to remain resilient despite headwinds.", "positive");
    assert_label("The outlook is clouded by protectionism and sluggish orders.", "negative");
    assert_label("The firm expects its opportunities to expand.", "positive");
    /* ... and the irregular forms from WordNet ("grew" is "grow") */
    td_doc *doc = run("Sales grew and will keep growing.");
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(o->label, "positive");
    assert_non_null(strstr(td_annot_str(o, "cues"), "growing"));
    td_doc_free(doc);
    /* data/families.tsv holds the families of the stage's own entries; an
     * entry of another lexicon it lacks ("blossom") is grown by the stemmer */
    char path[] = "/tmp/td-outlook-tone-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("blossom\t1\n", f);
    fclose(f);
    char opt[128];
    snprintf(opt, sizeof(opt), "tone=%s", path);
    td_harness *h = stages(NULL, (const char *[]){opt, NULL});
    const char *text = "Trade ties will keep blossoming.";
    doc = run_on(h, text, strlen(text), NULL);
    o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(o->label, "positive");
    assert_non_null(strstr(td_annot_str(o, "cues"), "blossoming +1.00"));
    td_doc_free(doc);
    td_harness_free(h);
    remove(path);
}

/* The cues of a one-sentence text's outlook ("" without one). */
static char cues_buf[256];
static const char *cues_of(const char *text)
{
    td_doc *doc = run_dated(text, "2026-01-14");
    td_annot *o = the_outlook(doc);
    const char *c = o ? td_annot_str(o, "cues") : NULL;
    snprintf(cues_buf, sizeof(cues_buf), "%s", c ? c : "");
    td_doc_free(doc);
    return cues_buf;
}

static void test_cues_are_found_in_any_text(void **state)
{
    (void)state;
    /* whatever the case; a cue is a whole word, never part of one */
    assert_string_equal(cues_of("PROFITS WILL RISE."), "WILL; RISE PROFITS +1.50");
    assert_string_equal(cues_of("Overgrowth will weaken demand."), "will; demand weaken -1.00");
    /* a cue that ends the text, and words of more than 8 letters that
     * share their first 8 ("opportunities", "opportunitied") */
    assert_string_equal(cues_of("Sales will grow"), "will; grow Sales +1.00");
    assert_non_null(strstr(cues_of("New opportunities will emerge."), "opportunities +1.00"));
    /* a letter that case folding changes sends the text through its folded
     * copy: the cues are the same, with the text's own bytes ("ﬁ" is "fi") */
    assert_string_equal(cues_of("ÉMILE SAID PROFITS WILL RISE."), "WILL; RISE PROFITS +1.50");
    assert_string_equal(cues_of("Proﬁts will rise."), "will; rise Proﬁts +1.50");
    assert_string_equal(cues_of("Straße: profits will rise."), "will; rise profits +1.50");
    /* a cue after a dash or a quote mark that is no letter */
    char plain_cues[256];
    snprintf(plain_cues, sizeof(plain_cues), "%s", cues_of("Profits will rise."));
    assert_string_equal(cues_of("Profits—will rise."), plain_cues);
    /* wherever a cue lies against the 64 bytes the scan classes at once:
     * after a word of 1 to 150 letters or 1 to 150 spaces, the cues (and
     * those of a word that runs across two blocks) are the same */
    char lead_text[256];
    for (size_t n = 1; n <= 150; n++) {
        memset(lead_text, 'q', n);
        snprintf(lead_text + n, sizeof(lead_text) - n, " profits will rise.");
        assert_string_equal(cues_of(lead_text), "will; rise profits +1.50");
        lead_text[0] = 'Q';
        memset(lead_text + 1, ' ', n);
        snprintf(lead_text + 1 + n, sizeof(lead_text) - 1 - n, "profitability will improve.");
        assert_string_equal(cues_of(lead_text), "will; improve +1.00; profitability +0.30");
    }
    /* years are cues of the same scan */
    td_doc *doc = run_dated("The plant closes in 2027.", "2026-01-14");
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(td_annot_str(o, "horizon"), "2027");
    td_doc_free(doc);
}

static void test_negation(void **state)
{
    (void)state;
    assert_label("Demand will not grow.", "negative");
    assert_label("The recovery lacks momentum and will stay weak.", "negative");
    assert_label("Margins will no longer shrink.", "positive");
    assert_label("The unit will be less successful.", "negative");
    double plain_score = score_of("The economy will grow.");
    double negated = score_of("The economy will not grow.");
    assert_true(plain_score > 0 && negated < 0);
}

/* REVIEW2 C6: words of policy and politics, and orders of a court */
static void test_policy_words(void **state)
{
    (void)state;
    assert_label("The new levy would save hauliers 40 million pounds a year.", "positive");
    assert_label("The grant will help small bakeries.", "positive");
    assert_label("The rules would contravene the treaty.", "negative");
    assert_label("Any rebound is likely to be short-lived.", "negative");
    assert_label("About 300 new jobs should follow the merger.", "positive");
    assert_label("The judge said court orders would be enforced.", "neutral");
    assert_label("The tender will be open to all and robust against fraud.", "positive");
    assert_label("He will leave the board, having given up his stake.", "neutral");
    assert_label("She called as soon as she heard the news.", "none");
}

/* REVIEW2 C10: a negation covers its own verb phrase, no more */
static void test_negation_scope(void **state)
{
    (void)state;
    assert_label("The reform will not result in Welsh pensioners missing out.", "positive");
    assert_label("The mine will not close, because profits are set to fall.", "negative");
    assert_label("The fund will not sell shares that lost value.", "negative");
}

/* REVIEW2 C9: removing something bad is good news; what is removed decides */
static void test_removals(void **state)
{
    (void)state;
    assert_label("Arbitration could help solve the pay disputes.", "positive");
    assert_label("The council plans to tackle the parking problem.", "positive");
    assert_label("The accord will suspend debt payments for a year.", "positive");
    /* harm to a good thing is bad news */
    assert_label("The strike could undermine the fragile recovery.", "negative");
    assert_label("Higher duties may threaten the region's hopes of a recovery.", "negative");
    /* a metric of which more is good, harmed: "hamper growth" */
    assert_label("The new levy could hamper economic growth.", "negative");
    assert_label("A long strike may in turn harm growth.", "negative");
    assert_label("The reform will not hamper exports.", "positive");
    assert_label("The duty should not hurt competitiveness.", "positive");
    assert_label("The board will work to rectify the billing problem.", "positive");
    assert_label("The party plans to cut migration.", "neutral");
    /* a removal of something good, and the bad thing alone, are still bad */
    assert_label("The carrier will cut 300 jobs.", "negative");
    assert_label("Pay disputes will spread to the ports.", "negative");
}

/* REVIEW2 C12: tone words inside a run of capitalised names are names */
static void test_names_have_no_tone(void **state)
{
    (void)state;
    assert_label("Good Hope Street Partners will open a branch in Leeds.", "neutral");
    assert_label("Strong European demand will lift exports.", "positive");
    /* a participle after its noun names who is meant */
    assert_label("The bank will repay the savers concerned.", "neutral");
    assert_label("Savers will be concerned about the fees.", "negative");
}

static void test_intensifiers_and_diminishers(void **state)
{
    (void)state;
    double sharp = score_of("Sales will rise sharply.");
    double plain_score = score_of("Sales will rise.");
    double slight = score_of("Sales will rise slightly.");
    assert_true(sharp > plain_score);
    assert_true(plain_score > slight);
    assert_true(slight > 0);
}

static void test_contrast(void **state)
{
    (void)state;
    /* the main clause outweighs a concessive one */
    assert_label("Despite mounting pressures, trade is positioned for steady expansion.",
                 "positive");
    assert_label("Although exports will grow, the deficit will widen sharply.", "negative");
    /* after "but" the second part weighs more */
    assert_label("Sales will rise, but costs will soar.", "negative");
    assert_label("Costs will rise, but sales will soar.", "positive");
}

static void test_mixed(void **state)
{
    (void)state;
    assert_label("Exports will grow strongly while imports will slump.", "mixed");
    assert_label("The year will start badly and end better.", "mixed");
    /* the text says so */
    assert_label("Analysts expect the picture to remain mixed at best.", "mixed");
}

static void test_comparison_baseline(void **state)
{
    (void)state;
    assert_label("Operating profit will be EUR 2.0 mn next year, compared to a loss this year.",
                 "positive");
    assert_label("The unit will swing to a loss next year from a profit this year.",
                 "negative");
    /* figures alone either side; a year is no figure */
    assert_label("Earnings per share should reach EUR 0.25 in 2027, versus EUR 0.42.", "negative");
    assert_label("Earnings per share should reach EUR 0.42 in 2027, versus EUR 0.25.", "positive");
    /* "down from" says the way; a loss after a profit is bad news */
    assert_label("The operating loss will reach EUR 3.4 mn, down from a profit of EUR 1.6 mn.",
                 "negative");
    assert_label("Operating profit will reach EUR 0.8 mn, up from a loss of EUR 12 mn.",
                 "positive");
}

static void test_attributes(void **state)
{
    (void)state;
    td_doc *doc = run_dated("The IMF expects China's growth to slow to 4.2 percent in 2026.",
                            "2026-01-21");
    td_annot *o = the_outlook(doc);
    assert_non_null(o);
    assert_string_equal(o->label, "negative");
    double score = td_annot_num(o, "score", NAN);
    assert_true(score < -0.2 && score >= -1);
    assert_string_equal(td_annot_str(o, "target"), "China's growth");
    assert_string_equal(td_annot_str(o, "horizon"), "2026");
    assert_non_null(strstr(td_annot_str(o, "cues"), "expects"));
    assert_non_null(strstr(td_annot_str(o, "cues"), "slow"));
    assert_string_equal(td_annot_str(o, "rule"), "forward:expect tone:pair");
    assert_null(td_annot_attr(o, "holder")); /* no claims layer */
    td_doc_free(doc);
}

/* ---- scope, holders, options ------------------------------------------ */

static void test_scope_all_scores_every_sentence(void **state)
{
    (void)state;
    td_harness *h = stages(NULL, (const char *[]){"scope=all", NULL});
    const char *text = "Profit rose 12 percent. The company has 400 staff. "
                       "Losses widened sharply. Sales will grow.";
    td_doc *doc = run_on(h, text, strlen(text), NULL);
    size_t n, no;
    td_annot *const *s = td_doc_layer(doc, "sentiment", &n);
    td_doc_layer(doc, "outlook", &no);
    assert_int_equal(n, 4);
    assert_int_equal(no, 1);
    assert_string_equal(s[0]->label, "positive");
    assert_string_equal(s[1]->label, "neutral");
    assert_string_equal(s[2]->label, "negative");
    assert_string_equal(s[3]->label, "positive");
    td_doc_free(doc);
    td_harness_free(h);
    /* the default scope adds none */
    doc = run(text);
    assert_null(td_doc_layer(doc, "sentiment", &n));
    td_doc_free(doc);
}

static void test_sentiment_layer_follows_scope(void **state)
{
    (void)state;
    /* with scope = outlook there is no sentiment layer for a later stage */
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "segment", NULL), 0);
    assert_int_equal(td_harness_add(h, "outlook", NULL), 0);
    assert_int_equal(td_harness_add(h, "testsentiment", NULL), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "sentiment"));
    td_harness_free(h);
    h = td_harness_new();
    assert_int_equal(td_harness_add(h, "segment", NULL), 0);
    assert_int_equal(td_harness_add(h, "outlook", (const char *[]){"scope=all", NULL}), 0);
    assert_int_equal(td_harness_add(h, "testsentiment", NULL), 0);
    td_doc *doc = run_on(h, "Sales rose. Costs fell.", 23, NULL);
    const td_attr *count = td_doc_attr(doc, "testsentiment.count");
    assert_non_null(count);
    assert_int_equal((int)count->v.n, 2);
    td_doc_free(doc);
    td_harness_free(h);
}

static void test_holder_from_a_claim(void **state)
{
    (void)state;
    td_harness *h = stages("testclaim", NULL);
    const char *text = "Chen expects exporters to face headwinds next year. "
                       "Exports will slow. Chen said demand would pick up.";
    td_doc *doc = run_on(h, text, strlen(text), NULL);
    size_t n;
    td_annot *const *o = td_doc_layer(doc, "outlook", &n);
    assert_int_equal(n, 3);
    td_annot *who = td_annot_ref(doc, o[0], "holder");
    assert_non_null(who);
    assert_string_equal(who->layer, "entity");
    assert_string_equal(td_annot_str(who, "canonical"), "Chen");
    assert_null(td_annot_attr(o[1], "holder")); /* the outlet's own voice */
    assert_non_null(td_annot_ref(doc, o[2], "holder"));
    td_doc_free(doc);
    td_harness_free(h);
    /* a claim without a speaker gives no holder: it is never guessed */
    h = td_harness_new();
    assert_int_equal(td_harness_add(h, "segment", NULL), 0);
    assert_int_equal(td_harness_add(h, "testclaim", (const char *[]){"speaker=false", NULL}), 0);
    assert_int_equal(td_harness_add(h, "outlook", NULL), 0);
    doc = run_on(h, text, strlen(text), NULL);
    o = td_doc_layer(doc, "outlook", &n);
    assert_int_equal(n, 3);
    assert_null(td_annot_attr(o[0], "holder"));
    td_doc_free(doc);
    td_harness_free(h);
}

static void expect_refused(const char *option, const char *message)
{
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "segment", NULL), 0);
    assert_int_equal(td_harness_add(h, "outlook", (const char *[]){option, NULL}), -1);
    if (!strstr(td_harness_errmsg(h), message))
        fail_msg("%s: \"%s\" does not say \"%s\"", option, td_harness_errmsg(h), message);
    td_harness_free(h);
}

static void test_bad_options_are_refused(void **state)
{
    (void)state;
    expect_refused("scope=sometimes", "use outlook or all");
    expect_refused("threshold=2", "between 0 and 1");
    expect_refused("tone=/nonexistent/tone.tsv", "tone.tsv");
    /* a broken lexicon line is named with its file and line */
    char path[] = "/tmp/td-outlook-tone-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# a comment\ngrowth\t1\nheadwind\tbad\n", f);
    fclose(f);
    char opt[128], want[128];
    snprintf(opt, sizeof(opt), "tone=%s", path);
    snprintf(want, sizeof(want), "%s:3: 'headwind'", path);
    expect_refused(opt, want);
    remove(path);
    /* outlook needs tokens and sentences before it */
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "outlook", NULL), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "requires layer"));
    td_harness_free(h);
}

/* ---- hard documents ----------------------------------------------------- */

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static td_doc *run_big(td_harness *h, const char *unit, size_t total)
{
    size_t u = strlen(unit);
    char *text = malloc(total + 1);
    assert_non_null(text);
    for (size_t i = 0; i < total; i++)
        text[i] = unit[i % u];
    text[total] = '\0';
    double t0 = seconds();
    td_doc *doc = run_on(h, text, total, "2026-01-14");
    printf("  %zu bytes of \"%.20s...\": %.3f s\n", total, unit, seconds() - t0);
    free(text);
    return doc;
}

static void test_hard_documents(void **state)
{
    (void)state;
    td_harness *h = stages(NULL, (const char *[]){"scope=all", NULL});
    /* a 10 MB article */
    td_doc *doc = run_big(h,
                          "Exports will grow 4 percent next year, but costs could rise sharply. "
                          "Profit fell 2% in 2025. ",
                          10u << 20);
    size_t n;
    td_doc_layer(doc, "outlook", &n);
    assert_true(n > 100000);
    td_doc_free(doc);
    /* a page of capitals, with no sentence end */
    doc = run_big(h, "PROFITS WILL NOT RISE BUT LOSSES WILL NARROW DESPITE HEADWINDS ", 64u << 10);
    td_doc_layer(doc, "outlook", &n);
    assert_true(n >= 1);
    td_doc_free(doc);
    /* 3,000 quote marks in a row */
    doc = run_big(h, "\"", 3000);
    td_doc_free(doc);
    /* a number of 5,000 digits, a year at its end */
    char *digits = malloc(5100);
    assert_non_null(digits);
    memset(digits, '7', 5000);
    strcpy(digits + 5000, " will rise in 2027.");
    doc = run_on(h, digits, strlen(digits), "2026-01-14");
    td_doc_layer(doc, "sentiment", &n);
    assert_int_equal(n, 1);
    td_doc_free(doc);
    free(digits);
    /* a sentence of nothing but contrast words and cues */
    doc = run_big(h, "despite growth but ", 300000);
    td_doc_free(doc);
    /* one sentence with more cues than the stage looks at */
    size_t big = 200000;
    doc = run_big(h, "growth will not slow, ", big);
    td_doc_free(doc);
    td_harness_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_future_forms_are_outlooks),
        cmocka_unit_test(test_past_facts_are_not_outlooks),
        cmocka_unit_test(test_past_expectations_are_not_outlooks),
        cmocka_unit_test(test_results_against_expectations_look_back),
        cmocka_unit_test(test_reported_speech_looks_ahead),
        cmocka_unit_test(test_horizon_from_published_year),
        cmocka_unit_test(test_past_half_of_a_part_is_left_out),
        cmocka_unit_test(test_dates_after_published_look_ahead),
        cmocka_unit_test(test_sentences_that_cannot_look_ahead),
        cmocka_unit_test(test_verbs_that_are_nouns),
        cmocka_unit_test(test_past_clause_is_left_out_of_the_span),
        cmocka_unit_test(test_idle_modals_are_not_outlooks),
        cmocka_unit_test(test_modal_have_to_looks_ahead),
        cmocka_unit_test(test_due_to_is_a_timetable_or_a_cause),
        cmocka_unit_test(test_opinions_and_questions_are_not_outlooks),
        cmocka_unit_test(test_views_and_measured_expectations_are_not_outlooks),
        cmocka_unit_test(test_rules_and_questions_are_not_outlooks),
        cmocka_unit_test(test_past_plans_and_expectations),
        cmocka_unit_test(test_compared_likelihood_is_not_an_outlook),
        cmocka_unit_test(test_direction_times_metric),
        cmocka_unit_test(test_family_leaves_modifiers_alone),
        cmocka_unit_test(test_move_in_an_unsigned_thing),
        cmocka_unit_test(test_pairs_stay_in_their_clause),
        cmocka_unit_test(test_lexicon_and_word_families),
        cmocka_unit_test(test_cues_are_found_in_any_text),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_policy_words),
        cmocka_unit_test(test_negation_scope),
        cmocka_unit_test(test_removals),
        cmocka_unit_test(test_names_have_no_tone),
        cmocka_unit_test(test_intensifiers_and_diminishers),
        cmocka_unit_test(test_contrast),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_comparison_baseline),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_scope_all_scores_every_sentence),
        cmocka_unit_test(test_sentiment_layer_follows_scope),
        cmocka_unit_test(test_holder_from_a_claim),
        cmocka_unit_test(test_bad_options_are_refused),
        cmocka_unit_test(test_hard_documents),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
