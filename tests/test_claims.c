/* The claims stage through the harness: each rule on sentences written
 * for the test, the speaker rules with and without the entity layer, the
 * options' error paths, and the inputs that must not blow up (3,000 quote
 * marks, a 5,000-digit number, a 10 MB article, a page of capitals). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tidings/tidings.h>

static td_harness *plain; /* segment entities claims */

static int setup(void **state)
{
    (void)state;
    plain = td_harness_new();
    assert_non_null(plain);
    if (td_harness_add(plain, "segment", NULL) != 0 ||
        td_harness_add(plain, "entities", NULL) != 0 || td_harness_add(plain, "claims", NULL) != 0)
        fail_msg("%s", td_harness_errmsg(plain));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    td_harness_free(plain);
    return 0;
}

static td_doc *run_on(td_harness *h, const char *text, const char *published)
{
    td_doc *doc = td_doc_new("t", text, strlen(text));
    assert_non_null(doc);
    if (published)
        assert_int_equal(td_doc_set_meta(doc, "published", published), 0);
    if (td_harness_run(h, doc) != TD_OK)
        fail_msg("claims failed: %s", td_harness_errmsg(h));
    return doc;
}

static td_doc *run(const char *text) { return run_on(plain, text, "2026-01-14"); }

static size_t count(td_doc *doc, const char *label)
{
    size_t n, k = 0;
    td_annot *const *a = td_doc_layer(doc, "claim", &n);
    for (size_t i = 0; i < n; i++)
        k += strcmp(a[i]->label, label) == 0;
    return k;
}

/* Claims of `label` made by `rule`. */
static size_t count_rule(td_doc *doc, const char *label, const char *rule)
{
    size_t n, k = 0;
    td_annot *const *a = td_doc_layer(doc, "claim", &n);
    for (size_t i = 0; i < n; i++) {
        const char *r = td_annot_str(a[i], "rule");
        k += strcmp(a[i]->label, label) == 0 && r && strcmp(r, rule) == 0;
    }
    return k;
}

/* The claim of `label` whose text starts with `prefix`. */
static td_annot *find(td_doc *doc, const char *label, const char *prefix)
{
    size_t n;
    td_annot *const *a = td_doc_layer(doc, "claim", &n);
    const char *text = td_doc_text(doc, NULL);
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i]->label, label) == 0 &&
            strncmp(text + a[i]->start, prefix, strlen(prefix)) == 0)
            return a[i];
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  have %s \"%.*s\"\n", a[i]->label, (int)(a[i]->end - a[i]->start),
                text + a[i]->start);
    fail_msg("no %s starting \"%s\"", label, prefix);
    return NULL;
}

static void assert_num(const td_annot *a, const char *key, double want)
{
    double got = td_annot_num(a, key, NAN);
    if (!(fabs(got - want) <= 1e-9 * fmax(1, fabs(want))))
        fail_msg("%s: %.17g, want %.17g", key, got, want);
}

static void assert_str(const td_annot *a, const char *key, const char *want)
{
    const char *got = td_annot_str(a, key);
    if (!want) {
        if (got)
            fail_msg("%s: '%s', want none", key, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s: '%s', want '%s'", key, got ? got : "(none)", want);
}

/* ---- statistics ------------------------------------------------------ */

static void test_change_to_value_with_previous(void **state)
{
    (void)state;
    td_doc *doc = run("Quarterly profits at the broadcaster jumped 76% to $1.13bn "
                      "(£600m) over the three months to December, from $639m a year earlier.");
    assert_int_equal(count(doc, "statistic"), 1);
    td_annot *s = find(doc, "statistic", "$1.13bn");
    assert_num(s, "value", 1.13e9);
    assert_str(s, "unit", "USD");
    assert_num(s, "change_pct", 76);
    assert_str(s, "direction", "up");
    assert_num(s, "previous_value", 6.39e8);
    assert_num(s, "alt_value", 6e8);
    assert_str(s, "alt_unit", "GBP");
    assert_str(s, "period", "2025-10/2025-12");
    assert_str(s, "metric", "Quarterly profits at the broadcaster");
    assert_non_null(td_annot_str(s, "rule"));
    td_doc_free(doc);
}

static void test_money_forms(void **state)
{
    (void)state;
    td_doc *doc = run("It paid £350m, then 40p a share, then 2.4 billion euros, then "
                      "US$1.2 billion, then 7.5bn yuan and 45.47 trillion RMB.");
    assert_num(find(doc, "statistic", "£350m"), "value", 3.5e8);
    td_annot *p = find(doc, "statistic", "40p");
    assert_num(p, "value", 0.4);
    assert_str(p, "unit", "GBP");
    assert_str(find(doc, "statistic", "2.4 billion euros"), "unit", "EUR");
    assert_num(find(doc, "statistic", "US$1.2"), "value", 1.2e9);
    assert_num(find(doc, "statistic", "7.5bn yuan"), "value", 7.5e9);
    td_annot *r = find(doc, "statistic", "45.47 trillion RMB");
    assert_num(r, "value", 4.547e13);
    assert_str(r, "unit", "CNY");
    td_doc_free(doc);
}

static void test_counts_and_qualifiers(void **state)
{
    (void)state;
    td_doc *doc = run("More than 780,000 firms filed returns, about 350,000 tonnes were "
                      "shipped, two million jobs went and nearly 1,200 companies replied.");
    td_annot *f = find(doc, "statistic", "More than 780,000 firms");
    assert_num(f, "value", 780000);
    assert_str(f, "unit", "firm");
    assert_str(f, "qualifier", "more than");
    assert_str(find(doc, "statistic", "about 350,000"), "unit", "tonne");
    td_annot *j = find(doc, "statistic", "two million jobs");
    assert_num(j, "value", 2e6);
    assert_str(j, "unit", "job");
    assert_str(find(doc, "statistic", "nearly 1,200"), "unit", "company");
    td_doc_free(doc);
}

static void test_ranges(void **state)
{
    (void)state;
    td_doc *doc = run("Exports will grow 5 to 6 percent. Rates stay between 2 percent and "
                      "4 percent. Imports may drop 2%-4%.");
    td_annot *a = find(doc, "statistic", "5 to 6 percent");
    assert_num(a, "value_min", 5);
    assert_num(a, "value_max", 6);
    assert_str(a, "unit", "percent");
    td_annot *b = find(doc, "statistic", "between 2 percent");
    assert_num(b, "value_max", 4);
    td_annot *c = find(doc, "statistic", "2%-4%");
    assert_num(c, "value_min", 2);
    assert_num(c, "change_pct", -2);
    td_doc_free(doc);
    /* after a change word, far apart: the change and the level reached */
    doc = run("Brent rose $2.15 to $61.40 a barrel. Output jumped 90,000 barrels a day to "
              "31 million barrels a day.");
    a = find(doc, "statistic", "$2.15");
    assert_null(td_annot_attr(a, "value_max"));
    assert_str(a, "direction", "up");
    assert_num(find(doc, "statistic", "$61.40"), "value", 61.4);
    assert_num(find(doc, "statistic", "31 million"), "value", 31e6);
    td_doc_free(doc);
}

static void test_change_alone_and_after_value(void **state)
{
    (void)state;
    td_doc *doc = run("The total was up 3.8 percent year on year. Trade with partners reached "
                      "23.6 trillion yuan, up 6.3 percent, or 51.9 percent of the national total. "
                      "Film profits saw a fall of 27 percent.");
    td_annot *a = find(doc, "statistic", "3.8 percent");
    assert_num(a, "change_pct", 3.8);
    assert_str(a, "direction", "up");
    assert_str(a, "change_basis", "year-on-year");
    td_annot *b = find(doc, "statistic", "23.6 trillion yuan");
    assert_num(b, "change_pct", 6.3);
    assert_num(b, "share_pct", 51.9);
    assert_num(find(doc, "statistic", "27 percent"), "change_pct", -27);
    assert_int_equal(count(doc, "statistic"), 3);
    td_doc_free(doc);
}

/* the words that may stand between a change word and its figure are
 * found in any case (a word set folded at look-up); another word breaks
 * the tie */
static void test_fillers_any_case(void **state)
{
    (void)state;
    td_doc *doc = run("Exports rose BY 5 percent. Imports rose SHARPLY BY 7 percent. Output rose "
                      "quietly 9 percent.");
    td_annot *a = find(doc, "statistic", "5 percent");
    assert_num(a, "change_pct", 5);
    assert_str(a, "direction", "up");
    assert_num(find(doc, "statistic", "7 percent"), "change_pct", 7);
    td_annot *c = find(doc, "statistic", "9 percent");
    assert_null(td_annot_attr(c, "change_pct"));
    assert_str(c, "rule", "number");
    td_doc_free(doc);
}

static void test_previous_shares_and_alternatives(void **state)
{
    (void)state;
    td_doc *doc = run("Net profit came to $186m (£98m; 143m euros) in the period, compared with "
                      "$1.13bn a year earlier. The maker is cutting production by another 10,000 "
                      "vehicles, or 1.2%. The jobless total is 4.875 million people or 11.7%. "
                      "It raised fees from £6 to £10. Crops reached 14.27 million tonnes, 24% "
                      "higher than in 2003. The farm covers 32,000 acres (13,000 hectares).");
    td_annot *a = find(doc, "statistic", "$186m");
    assert_num(a, "previous_value", 1.13e9);
    assert_num(a, "alt_value", 9.8e7);
    assert_str(a, "alt_unit", "GBP");
    td_annot *b = find(doc, "statistic", "10,000 vehicles");
    assert_num(b, "change_pct", -1.2);
    assert_num(find(doc, "statistic", "4.875 million people"), "share_pct", 11.7);
    td_annot *c = find(doc, "statistic", "£10");
    assert_num(c, "previous_value", 6);
    assert_str(c, "direction", "up");
    assert_num(find(doc, "statistic", "14.27 million tonnes"), "change_pct", 24);
    td_annot *e = find(doc, "statistic", "32,000 acres");
    assert_str(e, "unit", "acre");
    assert_str(e, "alt_unit", "hectare");
    /* the previous values, alternatives and percentages are no rows */
    assert_int_equal(count(doc, "statistic"), 6);
    td_doc_free(doc);
}

static void test_counted_nouns_in_context(void **state)
{
    (void)state;
    td_doc *doc = run("It shut 500 idle farms and hired 5.2 million Germans. A reading above 50 "
                      "shows that output grew. Boeing sold 10 737-800 planes. He spent 10 months "
                      "there.");
    assert_str(find(doc, "statistic", "500 idle farms"), "unit", "farm");
    assert_str(find(doc, "statistic", "5.2 million Germans"), "unit", "German");
    assert_int_equal(count(doc, "statistic"), 2);
    td_doc_free(doc);
}

/* the counted noun past an adjective, the last of a noun run, a rate */
static void test_counted_noun_forms(void **state)
{
    (void)state;
    td_doc *doc = run("The rule meant 340 fewer serious crashes. The plan cuts 52,000 council "
                      "workers jobs. Lower limits would save 48 lives a year. The city needs "
                      "190,000 homes a year.");
    assert_str(find(doc, "statistic", "340 fewer serious crashes"), "unit", "crash");
    assert_str(find(doc, "statistic", "52,000"), "unit", "job");
    assert_str(find(doc, "statistic", "48 lives"), "unit", "life");
    assert_str(find(doc, "statistic", "190,000 homes"), "unit", "home");
    assert_int_equal(count(doc, "statistic"), 4);
    td_doc_free(doc);
}

static void test_points(void **state)
{
    (void)state;
    td_doc *doc = run("The bank announced a 0.25-percentage-point cut and may add a cut of "
                      "10 basis points later.");
    td_annot *a = find(doc, "statistic", "0.25-percentage-point");
    assert_str(a, "unit", "percentage_points");
    assert_str(a, "direction", "down");
    assert_null(td_annot_attr(a, "change_pct"));
    assert_num(find(doc, "statistic", "10 basis points"), "value", 0.1);
    td_doc_free(doc);
}

static void test_periods(void **state)
{
    (void)state;
    td_doc *doc = run("Exports rose 5 percent in the first 11 months of 2025. Imports fell "
                      "2 percent last year. Sales rose 3 percent in the first quarter. Output "
                      "rose 4 percent in January-November.");
    assert_str(find(doc, "statistic", "5 percent"), "period", "2025-01/2025-11");
    assert_str(find(doc, "statistic", "2 percent"), "period", "2025");
    assert_str(find(doc, "statistic", "3 percent"), "period", "2025-Q1");
    assert_str(find(doc, "statistic", "4 percent"), "period", "2025-01/2025-11");
    td_doc_free(doc);
    /* without a published date a relative period keeps its words */
    doc = run_on(plain, "Imports fell 2 percent last year.", NULL);
    assert_str(find(doc, "statistic", "2 percent"), "period", "last year");
    td_doc_free(doc);
    /* one form to a sentence (a sentence is looked at for a period only
     * when it holds what one needs), and a sentence with none */
    doc = run("Profits rose 8 percent in 2024. Sales reached $3bn in the three months to June. "
              "Orders fell 6 percent in the second half. The firm kept its 2027 goal of 40,000 "
              "cars. Output should climb 9 percent by mid-2027. Prices rose 2 percent on Tuesday.");
    assert_str(find(doc, "statistic", "8 percent"), "period", "2024");
    assert_str(find(doc, "statistic", "$3bn"), "period", "2025-04/2025-06");
    assert_str(find(doc, "statistic", "6 percent"), "period", "2025-H2");
    assert_str(find(doc, "statistic", "40,000"), "period", "2027");
    assert_str(find(doc, "statistic", "9 percent"), "period", "2027");
    assert_null(td_annot_attr(find(doc, "statistic", "2 percent"), "period"));
    td_doc_free(doc);
}

static void test_not_statistics(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "The company was founded in 1998 and listed in 2004.",
        "The meeting is on March 5 and ends Jan. 27-28.",
        "Trading opens at 9:30 a.m. and the briefing is at 5 p.m.",
        "A 45-year-old trader, aged 52 by now, bought it.",
        "Call 020 7946 0018 or +44 20 7946 0000 for details.",
        "It is the No. 1 exporter and ranked number 3 in the list.",
        "The Group of 20 nations met as the FTSE 100 index fell and a Boeing 747 jets idled.",
        "He spent three years there and nine months in Paris.",
        "The rate was 7.0103 per dollar at the close.",
    };
    for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
        td_doc *doc = run(texts[k]);
        if (count(doc, "statistic") != 0) {
            find(doc, "statistic", "?");
        }
        td_doc_free(doc);
    }
}

/* ---- quotes ----------------------------------------------------------- */

static void test_direct_said_after(void **state)
{
    (void)state;
    td_doc *doc = run("\"The headline is strong, but demand is soft,\" said Grace Okafor, chief "
                      "executive of Harbor Tools.");
    td_annot *q = find(doc, "quote", "The headline is strong");
    assert_true(td_annot_bool(q, "direct", false));
    assert_str(q, "speaker_name", "Grace Okafor");
    assert_int_equal(count(doc, "quote"), 1); /* the verb makes no second, reported quote */
    td_doc_free(doc);
}

static void test_direct_several_sentences_and_curly(void **state)
{
    (void)state;
    td_doc *doc = run("Grace Okafor put it bluntly: \xe2\x80\x9cThe law turns pilots into rules. "
                      "That matters more than any tariff.\xe2\x80\x9d");
    td_annot *q = find(doc, "quote", "The law turns");
    assert_non_null(strstr(td_doc_text(doc, NULL) + q->start, "any tariff"));
    assert_true(q->end > q->start + 40);
    assert_str(q, "speaker_name", "Grace Okafor");
    assert_int_equal(count(doc, "quote"), 1);
    td_doc_free(doc);
}

static void test_continuing_quotes(void **state)
{
    (void)state;
    td_doc *doc = run("\"Rates could fall further,\" said Rune Halvorsen. \"Once the route "
                      "opens, they will.\"\n\n\"Nobody wants that.\"");
    assert_str(find(doc, "quote", "Once the route"), "speaker_name", "Rune Halvorsen");
    td_annot *p = find(doc, "quote", "Nobody wants");
    assert_str(p, "speaker_name", "Rune Halvorsen");
    assert_str(p, "rule", "direct:continues");
    td_doc_free(doc);
}

static void test_no_speaker_rather_than_a_guess(void **state)
{
    (void)state;
    td_doc *doc = run("\"We will grow,\" she said. Officials said the plan would work.");
    assert_null(td_annot_attr(find(doc, "quote", "We will grow"), "speaker_name"));
    td_annot *r = find(doc, "quote", "the plan would work");
    assert_false(td_annot_bool(r, "direct", true));
    assert_null(td_annot_attr(r, "speaker_name"));
    td_doc_free(doc);
}

static void test_reported_speech(void **state)
{
    (void)state;
    td_doc *doc = run("Grace Okafor said that sales would rise. Exports grew strongly, the "
                      "General Administration of Customs said on Wednesday. According to Priya "
                      "Raman, the move targets quality. Lu Ting told reporters in Beijing that "
                      "trade had grown.");
    td_annot *a = find(doc, "quote", "sales would rise");
    assert_false(td_annot_bool(a, "direct", true));
    assert_str(a, "speaker_name", "Grace Okafor");
    assert_str(find(doc, "quote", "Exports grew strongly"), "rule", "indirect:clause-said");
    assert_str(find(doc, "quote", "the move targets"), "speaker_name", "Priya Raman");
    assert_str(find(doc, "quote", "trade had grown"), "speaker_name", "Lu Ting");
    td_doc_free(doc);
}

/* A clause told or claimed without "that": "told OBJECT CLAUSE" past its
 * object, "claims"/"insisted" before a clause with a finite verb; not an
 * order, an object or the noun "claims". */
static void test_reported_without_that(void **state)
{
    (void)state;
    td_doc *doc = run("Grace Okafor told investors the merged airline will cut 900 jobs. Lu Ting "
                      "told a Senate finance committee exports had slowed. The Harbour Bank "
                      "claims its rivals were selling below cost. Priya Raman insisted she did "
                      "not know the date. Lu Ting told staff to leave early. The miner claimed "
                      "victory in the court. Amid opposition claims the budget was too rosy, "
                      "shares fell.");
    td_annot *a = find(doc, "quote", "the merged airline will cut");
    assert_str(a, "rule", "indirect:told-X");
    assert_str(a, "speaker_name", "Grace Okafor");
    assert_str(find(doc, "quote", "exports had slowed"), "speaker_name", "Lu Ting");
    find(doc, "quote", "its rivals were selling");
    assert_str(find(doc, "quote", "she did not know"), "speaker_name", "Priya Raman");
    assert_int_equal(count(doc, "quote"), 4);
    td_doc_free(doc);
}

/* ", saying CLAUSE": the clause after the participle is reported, the
 * narration before it is not ("CLAUSE, said X" is no model for it), and
 * the object of the verb before does not speak. */
static void test_saying_participle(void **state)
{
    (void)state;
    td_doc *doc = run("Grace Okafor attacked the tariff plan, saying exporters would suffer. A "
                      "Dutch investor is suing the Harbour Bank, saying its fees were hidden.");
    assert_str(find(doc, "quote", "exporters would suffer"), "speaker_name", "Grace Okafor");
    assert_null(td_annot_attr(find(doc, "quote", "its fees were hidden"), "speaker_name"));
    assert_int_equal(count(doc, "quote"), 2);
    td_doc_free(doc);
}

/* "the company said" after an analyst's firm: the firm the article is
 * about, not where the commentator works. */
static void test_company_not_commentator_firm(void **state)
{
    (void)state;
    td_doc *doc = run("Royal Dutch Shell cut its reserves again. \"The market wants clarity,\" "
                      "said Ann Lee, an analyst at Goldman Sachs. The company said its profits "
                      "would rise.");
    assert_str(find(doc, "quote", "its profits would rise"), "speaker_name", "Shell");
    td_doc_free(doc);
}

/* A weekday or a connective before a name the entity layer did not take
 * ("on Wednesday Mr Moss", "And Tully said") is not part of the name; a
 * title and surname are the person of that surname quoted before. */
static void test_name_after_weekday(void **state)
{
    (void)state;
    td_doc *doc = run("Foreign minister Peter Moss said the embargo would go. But on Wednesday "
                      "Mr Moss said he wanted it to end soon. \"We have listened,\" he told "
                      "MPs. And Tully said the vote was close.");
    assert_str(find(doc, "quote", "he wanted it to end"), "speaker_name", "Peter Moss");
    assert_str(find(doc, "quote", "We have listened"), "speaker_name", "Peter Moss");
    assert_str(find(doc, "quote", "the vote was close"), "speaker_name", "Tully");
    td_doc_free(doc);
}

/* "X, one of Y's lawyers, said": Y is whom the appositive is about, X
 * speaks; "Its director, Zhao Min, said" still names the inner person. */
static void test_appositive_of_another(void **state)
{
    (void)state;
    td_doc *doc = run("Peter Moss faces trial in March. Grace Okafor, one of Mr Moss's lawyers, "
                      "said the case would fail. Ann Lee, a lawyer for Mr Moss, said bail was "
                      "likely. Its director, Zhao Min, said rates would rise.");
    assert_str(find(doc, "quote", "the case would fail"), "speaker_name", "Grace Okafor");
    assert_str(find(doc, "quote", "bail was likely"), "speaker_name", "Ann Lee");
    assert_str(find(doc, "quote", "rates would rise"), "speaker_name", "Zhao Min");
    td_doc_free(doc);
}

static void test_speaker_forms(void **state)
{
    (void)state;
    td_doc *doc = run("\"Demand is strong,\" said Gartner's principal analyst Kobita Desai. "
                      "\"We see growth,\" said chief executive Steven Theede. Howard Archer, "
                      "economist at Global Insight said rates would rise. \"I welcome it,\" said "
                      "Joaquin Almunia, \"but we need more.\"");
    assert_str(find(doc, "quote", "Demand is strong"), "speaker_name", "Kobita Desai");
    assert_str(find(doc, "quote", "We see growth"), "speaker_name", "Steven Theede");
    assert_str(find(doc, "quote", "rates would rise"), "speaker_name", "Howard Archer");
    assert_str(find(doc, "quote", "but we need more"), "speaker_name", "Joaquin Almunia");
    td_doc_free(doc);
}

static void test_reported_forms(void **state)
{
    (void)state;
    td_doc *doc = run("Economic growth will slow, said Grace Okafor. Analysts expect Jet to raise "
                      "more money. The budget shortfall, which he said would be 3.1% of output, fell. "
                      "The regulator said the drug's benefits were unclear, adding that a review "
                      "would follow.");
    assert_str(find(doc, "quote", "Economic growth will slow"), "rule", "indirect:clause-said-X");
    assert_str(find(doc, "quote", "Economic growth will slow"), "speaker_name", "Grace Okafor");
    assert_null(td_annot_attr(find(doc, "quote", "Jet to raise"), "speaker_name"));
    find(doc, "quote", "which he said would be");
    find(doc, "quote", "a review would follow");
    td_doc_free(doc);
    /* a phrase quoted inside a reported clause: both; a pronoun after an
     * unnamed person's quote: nobody */
    doc = run("Carl Forster runs the plant. \"Costs will rise,\" the chief executive of a "
              "leading car maker told reporters. The current trend was \"stupid\", he said.");
    td_annot *clause = find(doc, "quote", "The current trend was");
    assert_false(td_annot_bool(clause, "direct", true));
    assert_null(td_annot_attr(clause, "speaker_name"));
    assert_true(td_annot_bool(find(doc, "quote", "stupid"), "direct", false));
    assert_null(td_annot_attr(find(doc, "quote", "stupid"), "speaker_name"));
    td_doc_free(doc);
}

static void test_names_in_quote_marks_are_not_quotes(void **state)
{
    (void)state;
    td_doc *doc = run("It widened \"Big Market for All: Export to China\", a campaign.");
    assert_int_equal(count(doc, "quote"), 0);
    td_doc_free(doc);
}

static void test_speakers_from_entities(void **state)
{
    (void)state;
    td_doc *doc = run_on(plain,
                         "\"The headline is strong,\" said Chen Yulan, a senior analyst at "
                         "Eastline Securities. \"Risks remain,\" she added. The International "
                         "Monetary Fund expects growth to slow to 4.2 percent in 2026.",
                         "2026-01-14");
    td_annot *q = find(doc, "quote", "The headline is strong");
    td_annot *who = td_annot_ref(doc, q, "speaker");
    assert_non_null(who);
    assert_string_equal(who->layer, "entity");
    assert_string_equal(who->label, "official");
    assert_str(q, "speaker_name", "Chen Yulan");
    td_annot *p = find(doc, "quote", "Risks remain");
    assert_ptr_equal(td_annot_ref(doc, p, "speaker"), who);
    td_annot *f = find(doc, "forecast", "The International Monetary Fund");
    td_annot *src = td_annot_ref(doc, f, "source");
    assert_non_null(src);
    assert_string_equal(src->label, "institution");
    assert_num(f, "value", 4.2);
    assert_str(f, "unit", "percent");
    assert_str(f, "horizon", "2026");
    td_doc_free(doc);
}

/* ---- forecasts -------------------------------------------------------- */

static void test_futures(void **state)
{
    (void)state;
    td_doc *doc = run("The decline of the dollar would hit the economies of Europe. India is to boost "
                      "spending on schools by 20%. The government hopes to increase the number "
                      "of users. The firm will pay $2bn for the plant. Tariffs will remain a "
                      "bargaining tool. I may add that we are close.");
    assert_str(find(doc, "forecast", "The decline of the dollar"), "rule", "forecast:modal");
    assert_str(find(doc, "forecast", "India is to boost"), "rule", "forecast:is-to");
    find(doc, "forecast", "The government hopes");
    assert_int_equal(count(doc, "forecast"), 3);
    td_doc_free(doc);
}

static void test_forecasts(void **state)
{
    (void)state;
    td_doc *doc = run("Goldman Sachs forecast that exports will grow 5 to 6 percent annually. "
                      "Sales are expected to rise over the next five years. Fewer jobs were "
                      "created than expected. Not all forecasts were upbeat.");
    td_annot *a = find(doc, "forecast", "Goldman Sachs forecast");
    assert_num(a, "value", 5);
    assert_num(a, "value_max", 6);
    assert_str(a, "speaker_name", "Goldman Sachs");
    td_annot *b = find(doc, "forecast", "Sales are expected");
    assert_str(b, "horizon", "the next five years");
    assert_null(td_annot_attr(b, "speaker_name"));
    assert_int_equal(count(doc, "forecast"), 2);
    td_doc_free(doc);
}

/* a prediction with its verb and a modal clause, an outcome with its
 * figure, the subject's own expectation; not a past or compared one, nor
 * the noun "projects" */
static void test_predictions_and_outcomes(void **state)
{
    (void)state;
    td_doc *doc = run("Ana Ruiz predicted the vote will be close. The levy would save "
                      "households 40 pounds a year. The plant could create 900 jobs. Acme is "
                      "expecting higher margins in 2027. Sales rose 2 percent, twice what "
                      "traders had been expecting. Capital projects are slow, and the money "
                      "would all be spent by May.");
    assert_str(find(doc, "forecast", "Ana Ruiz predicted"), "rule", "forecast:predict");
    td_annot *a = find(doc, "forecast", "The levy would save");
    assert_str(a, "rule", "forecast:modal");
    assert_num(a, "value", 40);
    assert_num(find(doc, "forecast", "The plant could create"), "value", 900);
    assert_str(find(doc, "forecast", "Acme is expecting"), "horizon", "2027");
    assert_int_equal(count(doc, "forecast"), 4);
    td_doc_free(doc);
}

/* "expect" needs something ahead after it; a year after a past verb
 * dates an event, not the horizon */
static void test_expectations_and_past_years(void **state)
{
    (void)state;
    td_doc *doc = run("We expected a bit of this. Acme expects sales to rise next year. The "
                      "line, which was closed in 1971, will cost 300 million pounds to reopen. "
                      "Lives could be saved by 2030 if the limit is cut 20 percent.");
    assert_int_equal(count_rule(doc, "forecast", "forecast:expect"), 1);
    find(doc, "forecast", "Acme expects");
    td_annot *f = find(doc, "forecast", "The line, which was closed");
    assert_null(td_annot_attr(f, "horizon"));
    td_doc_free(doc);
}

/* a pronoun speaks for the current speaker or the subject of the sentence
 * before, never for a name inside the quote or the object of a sentence */
static void test_pronoun_speakers(void **state)
{
    (void)state;
    td_doc *doc = run("Maria Okafor, the finance minister, met Peter Lang on Monday. She said the "
                      "budget would be cut.\n\nPaul Brown, chief executive of Acme Holdings, "
                      "spoke on Tuesday. \"We told David Green the plan was dead,\" he said.");
    assert_str(find(doc, "quote", "the budget would"), "speaker_name", "Maria Okafor");
    assert_str(find(doc, "quote", "We told David Green"), "speaker_name", "Paul Brown");
    td_doc_free(doc);
    /* "A Zorvak spokesman said": the body named before the noun, not the
     * body that spoke last */
    doc = run("Acme Holdings said profits rose 5 percent. A Zorvak spokesman said the deal "
              "would fail.");
    assert_str(find(doc, "quote", "the deal would"), "speaker_name", "Zorvak");
    td_doc_free(doc);
    /* a person's spokesman is not the person */
    doc = run("Maria Okafor's spokesman said the talks would resume.");
    td_annot *q = find(doc, "quote", "the talks would");
    assert_null(td_annot_attr(q, "speaker_name"));
    td_doc_free(doc);
    /* "the minister said": the person named before with that title */
    doc = run("Finance Minister Maria Okafor met Peter Lang on Monday. \"Growth is slowing,\" "
              "the minister said.");
    assert_str(find(doc, "quote", "Growth is slowing"), "speaker_name", "Maria Okafor");
    td_doc_free(doc);
}

/* more reporting verbs: "insists", "conceded", "denies", "argue" */
static void test_more_reporting_verbs(void **state)
{
    (void)state;
    td_doc *doc = run("Ana Ruiz insists that the merger will go ahead. Acme Holdings denies that "
                      "it misled investors. Tom Hale conceded that sales had slowed.");
    assert_str(find(doc, "quote", "the merger will"), "speaker_name", "Ana Ruiz");
    assert_str(find(doc, "quote", "it misled"), "speaker_name", "Acme Holdings");
    assert_str(find(doc, "quote", "sales had slowed"), "speaker_name", "Tom Hale");
    td_doc_free(doc);
}

/* "see" forecasts only when it foresees: not sight, ability or a wish */
static void test_see_forecasts(void **state)
{
    (void)state;
    td_doc *doc = run("The brewer sees sales rising 4 percent next year. As you can see, "
                      "prices rose 3 percent in March. I don't see why costs rose 2 percent. "
                      "Unions would like to see wages rise 5 percent. The firm saw off a rival "
                      "and sees off costs up 3 percent.");
    td_annot *a = find(doc, "forecast", "The brewer sees");
    assert_str(a, "rule", "forecast:see");
    assert_int_equal(count(doc, "forecast"), 1);
    td_doc_free(doc);
}

/* modals that predict nothing: wishes, prescriptions, counterfactuals */
static void test_modals_that_predict_nothing(void **state)
{
    (void)state;
    td_doc *doc = run("Farmers would like prices to rise 10 percent. The money should be better "
                      "spent on roads, which cost 5 percent more. Sales would have risen 3 percent "
                      "without the strike. The tax should be used to cut fares by 2 percent. "
                      "Exports will rise 4 percent next year.");
    td_annot *a = find(doc, "forecast", "Exports will rise");
    assert_str(a, "rule", "forecast:modal");
    assert_int_equal(count(doc, "forecast"), 1);
    td_doc_free(doc);
}

/* an outcome measured against a forecast, and advice or an option weighed,
 * are not forecasts; a result predicted with "could be to" is */
static void test_outcomes_against_forecasts(void **state)
{
    (void)state;
    td_doc *doc = run("Acme beat profit forecasts, posting a 52 percent rise in profits. Zorvak "
                      "missed analysts' forecasts for the quarter. Sales fell short of forecasts "
                      "of 3 percent growth. The real solution is to cut wages by 10 percent. "
                      "Another way to reduce losses could be to shift 500 jobs abroad. The "
                      "result of the plan could be to raise output by 20 percent. Acme forecasts "
                      "that sales will rise 4 percent next year.");
    find(doc, "forecast", "The result of the plan");
    find(doc, "forecast", "Acme forecasts that");
    assert_int_equal(count(doc, "forecast"), 2);
    td_doc_free(doc);
}

/* a question predicts nothing: asked outright, embedded ("asked if",
 * "whether", "did not say where"), or a comparison with what a modal
 * supposes; "as will be the case" and a statement before a question
 * still predict */
static void test_questions_predict_nothing(void **state)
{
    (void)state;
    td_doc *doc = run("Who will pay for the new bridge? The mayor was asked on Monday if the toll "
                      "would cut traffic by 10 percent. It is unclear whether fares will rise. "
                      "The board did not say where the 300 job losses would fall. Orders were not "
                      "as strong as could be expected. Costs will go up: who will pay? Exports will "
                      "rise 2 percent, as will be the case for imports.");
    find(doc, "forecast", "Costs will go up");
    find(doc, "forecast", "Exports will rise");
    assert_int_equal(count(doc, "forecast"), 2);
    td_doc_free(doc);
}

/* "is to" and "is set to" with a phrasal verb's particle ("step down",
 * "set up") or a number that is no statistic (an age) before it announce
 * an event, not a forecast; "pick up", "step up" and a statistic before
 * it do forecast */
static void test_scheduled_events(void **state)
{
    (void)state;
    td_doc *doc = run("Ms Darrow is to step down as chair in May. Mr Pell, 61, is to become the "
                      "bank's envoy to Brazil. The group is to set up a new research unit. Growth "
                      "is set to pick up in the spring. The firm is to step up sales in Asia. Some "
                      "400 jobs are to be cut at the plant.");
    find(doc, "forecast", "Growth is set to pick up");
    find(doc, "forecast", "The firm is to step up");
    find(doc, "forecast", "Some 400 jobs");
    assert_int_equal(count(doc, "forecast"), 3);
    td_doc_free(doc);
}

/* a forecast's figure before its cue: not one in a relative clause, not
 * the worth of what the relative clause holding the cue qualifies, not one
 * of a later clause; a figure of its own clause before the cue is its own */
static void test_forecast_figure_from_its_clause(void **state)
{
    (void)state;
    td_doc *doc = run("Zorvak, which employs 4,000 staff, will cut jobs. Acme signed a deal worth "
                      "$2bn which should create new jobs. Profits will rise but the shares lost 5 "
                      "percent on Monday. About 2,000 new homes will be built.");
    assert_null(td_annot_attr(find(doc, "forecast", "Zorvak"), "value"));
    assert_null(td_annot_attr(find(doc, "forecast", "Acme signed"), "value"));
    assert_null(td_annot_attr(find(doc, "forecast", "Profits will rise"), "value"));
    assert_num(find(doc, "forecast", "About 2,000"), "value", 2000);
    td_doc_free(doc);
}

/* the past perfect of a forecast word is the past's expectation; "had
 * plans to" owns a plan, and "expected" alone still forecasts */
static void test_past_perfect_expectations(void **state)
{
    (void)state;
    td_doc *doc = run("Traders had expected profits of 40 cents a share. The bank had previously "
                      "forecast growth of 2 percent. The firm had hoped to raise 300m euros. The "
                      "council had plans to raise fees by 5 percent. Brokers expected profits to "
                      "rise 6 percent in 2026.");
    find(doc, "forecast", "The council had plans");
    find(doc, "forecast", "Brokers expected");
    assert_int_equal(count(doc, "forecast"), 2);
    td_doc_free(doc);
}

/* a change that acts on what no figure measures ("pressure on" someone)
 * is a consequence foreseen, not a forecast; with a number, on a quantity
 * or on the pressure of a trend, it is one */
static void test_changes_of_no_measure(void **state)
{
    (void)state;
    td_doc *doc = run("The ruling will increase pressure on the regulator. The strike is likely to "
                      "raise concerns among investors. Tighter checks could reduce the risk of "
                      "fraud. The levy will increase costs by 4 percent. The merger is likely to "
                      "raise prices. Importers expect the gap to widen, though a weaker pound "
                      "could ease the pressure by June.");
    find(doc, "forecast", "The levy will");
    find(doc, "forecast", "The merger is likely");
    find(doc, "forecast", "though a weaker pound could ease");
    assert_int_equal(count(doc, "forecast"), 4);
    td_doc_free(doc);
}

/* ---- options and hard inputs ----------------------------------------- */

static void test_bad_options(void **state)
{
    (void)state;
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "segment", NULL), 0);
    /* without the entity layer the chain is refused, naming it */
    assert_int_not_equal(td_harness_add(h, "claims", NULL), 0);
    assert_non_null(strstr(td_harness_errmsg(h), "entity"));
    assert_int_equal(td_harness_add(h, "entities", NULL), 0);
    assert_int_not_equal(
        td_harness_add(h, "claims", (const char *[]){"max_quote_sentences=0", NULL}), 0);
    assert_non_null(strstr(td_harness_errmsg(h), "max_quote_sentences"));
    assert_int_not_equal(
        td_harness_add(h, "claims", (const char *[]){"lexicons=/nonexistent/x.tsv", NULL}), 0);
    assert_non_null(strstr(td_harness_errmsg(h), "x.tsv"));
    /* a word in two lexicons as two classes names both places */
    char dir[] = "/tmp/claims-lex-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char a[64], b[64], opt[200];
    snprintf(a, sizeof(a), "%s/a.tsv", dir);
    snprintf(b, sizeof(b), "%s/b.tsv", dir);
    FILE *f = fopen(a, "w");
    assert_non_null(f);
    fputs("# changes\nsoared\tup\n", f);
    fclose(f);
    f = fopen(b, "w");
    assert_non_null(f);
    fputs("soared\treport\n", f);
    fclose(f);
    snprintf(opt, sizeof(opt), "lexicons=%s %s", a, b);
    assert_int_not_equal(td_harness_add(h, "claims", (const char *[]){opt, NULL}), 0);
    assert_non_null(strstr(td_harness_errmsg(h), "b.tsv:1"));
    assert_non_null(strstr(td_harness_errmsg(h), "a.tsv:2"));
    /* and an unknown class names its line */
    f = fopen(b, "w");
    assert_non_null(f);
    fputs("\nsoared\tupwards\n", f);
    fclose(f);
    snprintf(opt, sizeof(opt), "lexicons=%s", b);
    assert_int_not_equal(td_harness_add(h, "claims", (const char *[]){opt, NULL}), 0);
    assert_non_null(strstr(td_harness_errmsg(h), "b.tsv:2: unknown class 'upwards'"));
    remove(a);
    remove(b);
    rmdir(dir);
    td_harness_free(h);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *repeat(const char *piece, size_t bytes)
{
    size_t n = strlen(piece);
    char *s = malloc(bytes + 1);
    assert_non_null(s);
    for (size_t k = 0; k < bytes; k++)
        s[k] = piece[k % n];
    s[bytes] = '\0';
    return s;
}

static void test_hard_inputs(void **state)
{
    (void)state;
    /* 3,000 quote marks in a row, straight and curly */
    char *marks = repeat("\"", 3000);
    td_doc *doc = run(marks);
    assert_int_equal(count(doc, "quote"), 0);
    td_doc_free(doc);
    free(marks);
    marks = repeat("\xe2\x80\x9c\xe2\x80\x9d", 6000);
    doc = run(marks);
    td_doc_free(doc);
    free(marks);
    /* unclosed quotes, each a word: linear, one quote each */
    marks = repeat("\"word ", 18000);
    doc = run(marks);
    td_doc_free(doc);
    free(marks);
    /* a number of 5,000 digits, with a currency and a percent */
    char *digits = repeat("9", 5000);
    char *text = malloc(5100);
    snprintf(text, 5100, "It rose %s%% to $%sbn.", digits, digits);
    doc = run(text);
    td_doc_free(doc);
    free(text);
    free(digits);
    /* a page of capitals */
    char *caps = repeat("SHARES IN ACME ROSE 5% TO $3BN, SAID JANE DOE. ", 4000);
    doc = run(caps);
    td_doc_free(doc);
    free(caps);
}

/* The cue keys read four bytes of a token at once, the first word's
 * eight: tokens at the very end of a text (of one to three bytes, or a
 * cue word last) take the careful path and are read all the same. */
static void test_tokens_at_the_end_of_the_text(void **state)
{
    (void)state;
    td_doc *doc = run("5%");
    td_annot *a = find(doc, "statistic", "5%");
    assert_non_null(a);
    assert_true(td_annot_num(a, "value", 0) == 5);
    assert_string_equal(td_annot_str(a, "unit"), "percent");
    td_doc_free(doc);
    doc = run("$3");
    a = find(doc, "statistic", "$3");
    assert_non_null(a);
    assert_string_equal(td_annot_str(a, "unit"), "USD");
    td_doc_free(doc);
    doc = run("a");
    assert_int_equal(count(doc, "statistic"), 0);
    td_doc_free(doc);
    /* "percent" and "yuan" end the text: their keys are read near its end */
    doc = run("Exports rose 6 percent");
    a = find(doc, "statistic", "6 percent");
    assert_non_null(a);
    assert_string_equal(td_annot_str(a, "unit"), "percent");
    td_doc_free(doc);
    doc = run("Exports hit 26.99 trillion yuan");
    a = find(doc, "statistic", "26.99 trillion yuan");
    assert_non_null(a);
    assert_string_equal(td_annot_str(a, "unit"), "CNY");
    assert_true(td_annot_num(a, "value", 0) == 26.99e12);
    td_doc_free(doc);
}

static void test_big_article_is_linear(void **state)
{
    (void)state;
    const char *piece = "Exports rose 6.1 percent to 26.99 trillion yuan in 2025, the agency "
                        "said. \"Demand is strong,\" said Grace Okafor. She expects growth to slow "
                        "to 1.5 percent in 2026.\n\n";
    char *small = repeat(piece, 1 << 20), *big = repeat(piece, 10 << 20);
    double t0 = seconds();
    td_doc *doc = run(small);
    double t1 = seconds();
    size_t n_small = count(doc, "statistic");
    td_doc_free(doc);
    double t2 = seconds();
    doc = run(big);
    double t3 = seconds();
    size_t n_big = count(doc, "statistic");
    td_doc_free(doc);
    printf("claims on one article: 1 MB %.3f s, 10 MB %.3f s (%.1fx)\n", t1 - t0, t3 - t2,
           (t3 - t2) / (t1 - t0));
    assert_true(n_big >= 9 * n_small);
    free(small);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_change_to_value_with_previous),
        cmocka_unit_test(test_money_forms),
        cmocka_unit_test(test_counts_and_qualifiers),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_change_alone_and_after_value),
        cmocka_unit_test(test_fillers_any_case),
        cmocka_unit_test(test_previous_shares_and_alternatives),
        cmocka_unit_test(test_counted_nouns_in_context),
        cmocka_unit_test(test_counted_noun_forms),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_not_statistics),
        cmocka_unit_test(test_direct_said_after),
        cmocka_unit_test(test_direct_several_sentences_and_curly),
        cmocka_unit_test(test_continuing_quotes),
        cmocka_unit_test(test_no_speaker_rather_than_a_guess),
        cmocka_unit_test(test_reported_speech),
        cmocka_unit_test(test_speaker_forms),
        cmocka_unit_test(test_reported_forms),
        cmocka_unit_test(test_reported_without_that),
        cmocka_unit_test(test_saying_participle),
        cmocka_unit_test(test_company_not_commentator_firm),
        cmocka_unit_test(test_name_after_weekday),
        cmocka_unit_test(test_appositive_of_another),
        cmocka_unit_test(test_names_in_quote_marks_are_not_quotes),
        cmocka_unit_test(test_speakers_from_entities),
        cmocka_unit_test(test_futures),
        cmocka_unit_test(test_forecasts),
        cmocka_unit_test(test_predictions_and_outcomes),
        cmocka_unit_test(test_expectations_and_past_years),
        cmocka_unit_test(test_see_forecasts),
        cmocka_unit_test(test_outcomes_against_forecasts),
        cmocka_unit_test(test_more_reporting_verbs),
        cmocka_unit_test(test_pronoun_speakers),
        cmocka_unit_test(test_modals_that_predict_nothing),
        cmocka_unit_test(test_questions_predict_nothing),
        cmocka_unit_test(test_scheduled_events),
        cmocka_unit_test(test_forecast_figure_from_its_clause),
        cmocka_unit_test(test_past_perfect_expectations),
        cmocka_unit_test(test_changes_of_no_measure),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_hard_inputs),
        cmocka_unit_test(test_tokens_at_the_end_of_the_text),
        cmocka_unit_test(test_big_article_is_linear),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
