/* The speakers of quotes, rule by rule, on sentences written for the
 * test: quoted fragments take the speaker of their sentence, pronouns and
 * "a spokesman" never stand for a news medium or an object, descriptor
 * subjects, inverted and interrupted attributions, the words that look
 * like reporting verbs but are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tidings/tidings.h>

static td_harness *pipe_; /* segment entities claims */

static int setup(void **state)
{
    (void)state;
    pipe_ = td_harness_new();
    assert_non_null(pipe_);
    if (td_harness_add(pipe_, "segment", NULL) != 0 ||
        td_harness_add(pipe_, "entities", NULL) != 0 || td_harness_add(pipe_, "claims", NULL) != 0)
        fail_msg("%s", td_harness_errmsg(pipe_));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    td_harness_free(pipe_);
    return 0;
}

static td_doc *run(const char *text)
{
    td_doc *doc = td_doc_new("t", text, strlen(text));
    assert_non_null(doc);
    assert_int_equal(td_doc_set_meta(doc, "published", "2026-01-14"), 0);
    if (td_harness_run(pipe_, doc) != TD_OK)
        fail_msg("claims failed: %s", td_harness_errmsg(pipe_));
    return doc;
}

static void dump(td_doc *doc)
{
    size_t n;
    td_annot *const *a = td_doc_layer(doc, "claim", &n);
    const char *text = td_doc_text(doc, NULL);
    for (size_t i = 0; i < n; i++) {
        const char *who = td_annot_str(a[i], "speaker_name");
        fprintf(stderr, "  have %s \"%.*s\" speaker %s (%s)\n", a[i]->label,
                (int)(a[i]->end - a[i]->start), text + a[i]->start, who ? who : "-",
                td_annot_str(a[i], "rule"));
    }
}

/* The quote whose text starts with `prefix`, or NULL. */
static td_annot *quote_or_null(td_doc *doc, const char *prefix)
{
    size_t n;
    td_annot *const *a = td_doc_layer(doc, "claim", &n);
    const char *text = td_doc_text(doc, NULL);
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i]->label, "quote") == 0 &&
            strncmp(text + a[i]->start, prefix, strlen(prefix)) == 0)
            return a[i];
    return NULL;
}

static td_annot *quote(td_doc *doc, const char *prefix)
{
    td_annot *a = quote_or_null(doc, prefix);
    if (!a) {
        dump(doc);
        fail_msg("no quote starting \"%s\"", prefix);
    }
    return a;
}

/* The quote starting `prefix` is said by `who` (NULL: by nobody). */
static void said_by(td_doc *doc, const char *prefix, const char *who)
{
    td_annot *q = quote(doc, prefix);
    const char *got = td_annot_str(q, "speaker_name");
    if (who ? !got || strcmp(got, who) != 0 : got != NULL) {
        dump(doc);
        fail_msg("\"%s\": speaker %s, want %s", prefix, got ? got : "none", who ? who : "none");
    }
}

/* ---- C4: fragments take the speaker of their sentence ------------------ */

static void test_fragments_take_the_sentence_speaker(void **state)
{
    (void)state;
    /* two fragments inside one reported clause */
    td_doc *doc = run("Maria Okafor said the council's budget was \"a fiction\" and its plans "
                      "were \"pure theatre\".");
    said_by(doc, "a fiction", "Maria Okafor");
    said_by(doc, "pure theatre", "Maria Okafor");
    td_doc_free(doc);
    /* the reporting clause after the fragment */
    doc = run("The Dravian economy grew last year, but \"painful structural changes\" are still "
              "required, the World Bank has said.");
    said_by(doc, "painful structural changes", "World Bank");
    td_doc_free(doc);
    /* no reporting verb: the subject of a verb that judges */
    doc = run("Peter Lang, the opposition leader, spoke in Leeds on Friday. He attacked the "
              "minister's new housing targets as \"a cruel joke\".");
    said_by(doc, "a cruel joke", "Peter Lang");
    td_doc_free(doc);
    doc = run("Greens leader Hannah Voss accused ministers of a \"shameful retreat\" on "
              "climate policy.");
    said_by(doc, "shameful retreat", "Hannah Voss");
    td_doc_free(doc);
    /* a clause after the fragment with a speaker of its own */
    doc = run("The Greens dismissed the plan as \"cynical\", while the Liberal Democrats "
              "said it was too timid.");
    said_by(doc, "cynical", "Green Party");
    said_by(doc, "it was too timid", "Liberal Democrats");
    td_doc_free(doc);
    /* the verb that judges nearest the fragment, through "which" */
    doc = run("Peter Lang ordered the inquiry after an Audit Commission study which condemned "
              "the rules as \"a shambles\".");
    said_by(doc, "a shambles", "Audit Commission");
    td_doc_free(doc);
    /* a noun that looks like a verb ("pledges") judges nothing */
    doc = run("The minister's three pledges were \"worthless\", voters in Leeds felt.");
    said_by(doc, "worthless", NULL);
    td_doc_free(doc);
    /* a fragment with nobody speaking stays without a speaker */
    doc = run("Fears grew that a wave of \"benefit tourists\" would arrive in the spring.");
    said_by(doc, "benefit tourists", NULL);
    td_doc_free(doc);
}

/* ---- C17: a passive "described as" has no speaker ---------------------- */

static void test_passive_has_no_speaker(void **state)
{
    (void)state;
    td_doc *doc = run("Peter Lang joined the board in 2019. He is described as \"a tireless "
                      "campaigner\" by colleagues.");
    said_by(doc, "a tireless campaigner", NULL);
    td_doc_free(doc);
    doc = run("Peter Lang joined the board in 2019. He described the merger as \"a marriage "
              "of equals\".");
    said_by(doc, "a marriage of equals", "Peter Lang");
    td_doc_free(doc);
}

/* ---- C13: never a medium, never an object, "a spokesman" stays empty --- */

static void test_no_medium_or_object_speakers(void **state)
{
    (void)state;
    /* "a spokesman" with no body named, after a medium */
    td_doc *doc = run("Minister Maria Okafor told BBC Radio 4 the scheme would start in May. "
                      "Parents who ignore the rules could face fines, a spokesman said.");
    said_by(doc, "Parents who ignore", NULL);
    td_doc_free(doc);
    /* "a spokesman" right after a body's spokesman spoke: that body */
    doc = run("A Zorvak Motors spokesman said no decision had been taken. \"We are "
              "reviewing every plant,\" a spokesman said.");
    said_by(doc, "We are reviewing", "Zorvak Motors");
    td_doc_free(doc);
    /* "a spokesman for X" is not X */
    doc = run("A spokesman for Trade Commissioner Maria Okafor said the tariffs would stay.");
    said_by(doc, "the tariffs would stay", NULL);
    td_doc_free(doc);
    doc = run("Green Party spokeswoman for transport Maria Okafor said the fares would rise.");
    said_by(doc, "the fares would rise", "Maria Okafor");
    td_doc_free(doc);
    /* "she" after a body's spokeswoman: that body */
    doc = run("Peter Lang criticised the scheme. A Zorvak Motors spokeswoman said the plant "
              "would stay open. She added: \"We remain committed to the town.\"");
    said_by(doc, "We remain committed", "Zorvak Motors");
    td_doc_free(doc);
    /* present-tense reporting verbs */
    doc = run("Peter Lang spoke at the rally. He replies: \"Nobody asked the workers.\"");
    said_by(doc, "Nobody asked the workers", "Peter Lang");
    td_doc_free(doc);
    /* "he" after a spokesman the article does not name: nobody */
    doc = run("Peter Lang met union leaders on Monday. The chancellor's spokesman said "
              "the talks went well. But he added: \"There is a long way to go.\"");
    said_by(doc, "There is a long way to go", NULL);
    td_doc_free(doc);
    /* "they" after speakers the article does not name: nobody */
    doc = run("The Treasury raised its forecast on Monday. But analysts said the gains would "
              "fade by the summer. They also pointed out that exports were still falling.");
    said_by(doc, "exports were still falling", NULL);
    td_doc_free(doc);
    /* "it" never stands for the body someone talked to */
    doc = run("Barclays said profits rose 5 percent. Its chief executive held talks "
              "with the Treasury on Monday. It said the plant would stay open.");
    said_by(doc, "the plant would stay open", "Barclays");
    td_doc_free(doc);
}

/* ---- C3: descriptor subjects, "which", participles ----------------- */

static void test_descriptor_subjects(void **state)
{
    (void)state;
    /* "its chief executive": the body "its" stands for */
    td_doc *doc = run("Barclays could close up to 40 branches over the next two years, its "
                      "chief executive has said.");
    said_by(doc, "Barclays could close", "Barclays");
    td_doc_free(doc);
    /* a document speaks for the body that wrote it */
    doc = run("The International Monetary Fund published its review of Ruritania on Monday. "
              "\"Spending must be brought under control,\" said the report.");
    said_by(doc, "Spending must be brought", "International Monetary Fund");
    td_doc_free(doc);
    /* "the Bank": a word of the name of a body named before */
    doc = run("The Bank of England held rates at 4.75%. The Bank said inflation would stay "
              "close to target.");
    said_by(doc, "inflation would stay", "Bank of England");
    td_doc_free(doc);
    /* ", which said": the antecedent of "which" */
    doc = run("The plan was criticised by the European Commission, which said the rules would "
              "hurt small farms.");
    said_by(doc, "the rules would hurt", "European Commission");
    td_doc_free(doc);
    /* "the government" is not the party that spoke last */
    doc = run("The Labour Party said taxes would not rise. The government says the budget "
              "will balance by 2028.");
    said_by(doc, "the budget will balance", NULL);
    td_doc_free(doc);
    /* "the former finance minister": the person quoted just before */
    doc = run("\"We were warned,\" said Peter Lang. The former finance minister said the "
              "crisis had been foreseen.");
    said_by(doc, "the crisis had been", "Peter Lang");
    td_doc_free(doc);
    /* "On Monday, a Zorvak spokeswoman said": not a person "On Monday" */
    doc = run("On Monday, a Zorvak Motors spokeswoman said the plant would close.");
    said_by(doc, "the plant would close", "Zorvak Motors");
    td_doc_free(doc);
    /* a determiner and an adjective do not make a name */
    doc = run("The Dutch-born investor said the offer was too low.");
    said_by(doc, "the offer was too low", NULL);
    td_doc_free(doc);
}

static void test_subject_of_an_earlier_verb(void **state)
{
    (void)state;
    /* "he ..., saying that": the pronoun that opens the sentence */
    td_doc *doc = run("Peter Lang spoke in Leeds. But he opposed the new tax, saying that it "
                      "would hurt savers.");
    said_by(doc, "it would hurt savers", "Peter Lang");
    td_doc_free(doc);
    /* "X attacked ... and said": the subject of the verb that judges */
    doc = run("Maria Okafor attacked the budget as \"reckless\" and said the deficit would "
              "grow.");
    said_by(doc, "reckless", "Maria Okafor");
    said_by(doc, "the deficit would grow", "Maria Okafor");
    td_doc_free(doc);
}

/* ---- C14: inverted attributions, relative clauses -------------------- */

static void test_inverted_and_relative(void **state)
{
    (void)state;
    /* "..., say the X" */
    td_doc *doc = run("The minister misled voters over the hospital closures, say the Liberal "
                      "Democrats.");
    said_by(doc, "The minister misled voters", "Liberal Democrats");
    td_doc_free(doc);
    /* "said Dravian trade official X": past the demonym and the role */
    doc = run("\"Shipments will resume in March,\" said Russian trade official Ivan Petrov.");
    said_by(doc, "Shipments will resume", "Ivan Petrov");
    td_doc_free(doc);
    /* "said that X": X is what was said about, not who said it */
    doc = run("Officials at the port, speaking on Monday, said that Ivan Petrov had resigned.");
    said_by(doc, "Ivan Petrov had resigned", NULL);
    td_doc_free(doc);
    /* a relative clause between the subject and the verb */
    doc = run("Maria Okafor, who was the first woman to run the central bank, said the rate "
              "rise had been a mistake.");
    said_by(doc, "the rate rise had been", "Maria Okafor");
    td_doc_free(doc);
}

/* ---- C17: the subject of the reporting verb itself ------------------- */

static void test_subject_of_the_verb_itself(void **state)
{
    (void)state;
    /* the verb's own subject, not the main clause's */
    td_doc *doc = run("Union leader Peter Lang was speaking after Maria Okafor told delegates the "
                      "board offered a \"shabby deal\".");
    said_by(doc, "shabby deal", "Maria Okafor");
    td_doc_free(doc);
    /* a relative "who" with a subject the article does not name */
    doc = run("Peter Lang gave evidence under questioning by lawyers who have been arguing that "
              "the audit was flawed.");
    said_by(doc, "the audit was flawed", NULL);
    td_doc_free(doc);
    /* "reports" as a noun reports nothing */
    doc = run("Maria Okafor refused to discuss press reports that the bank had cut 300 jobs.");
    assert_null(quote_or_null(doc, "the bank had cut"));
    td_doc_free(doc);
    /* "it has been revealed": nobody speaks */
    doc = run("Zorvak Motors paid $2bn for the plant, it has been revealed.");
    assert_null(quote_or_null(doc, "Zorvak Motors paid"));
    td_doc_free(doc);
    /* "did not say where": a denial, not a claim */
    doc = run("Maria Okafor did not say where the new plant would be built.");
    assert_null(quote_or_null(doc, "where the new plant"));
    td_doc_free(doc);
}

/* ---- C16: words that look like reporting verbs ----------------------- */

static void test_not_reporting_verbs(void **state)
{
    (void)state;
    td_doc *doc = run("Factories hired fewer workers than expected in March. As expected, the "
                      "central bank held rates. The expected merger comes as Maria Okafor said "
                      "the sector had shed 900 jobs.");
    assert_null(quote_or_null(doc, "in March"));
    assert_null(quote_or_null(doc, "the central bank held"));
    assert_null(quote_or_null(doc, "merger comes"));
    said_by(doc, "the sector had shed", "Maria Okafor");
    td_doc_free(doc);
    /* "added"/"warned" want a clause, not an object */
    doc = run("Retailers added 20,000 staff in December. Peter Lang warned his members against "
              "strikes. When adding the spring figures, the total rose. Maria Okafor warned "
              "prices would rise again.");
    assert_null(quote_or_null(doc, "20,000 staff"));
    assert_null(quote_or_null(doc, "his members against"));
    assert_null(quote_or_null(doc, "the spring figures"));
    said_by(doc, "prices would rise again", "Maria Okafor");
    td_doc_free(doc);
    /* "according to" inside a reported clause is an aside */
    doc = run("The World Bank said that, according to figures from the treasury, exports rose "
              "by 4% in 2025.");
    said_by(doc, "exports rose by 4%", "World Bank");
    assert_null(quote_or_null(doc, "The World Bank said"));
    td_doc_free(doc);
}

/* ---- C19: the next sentence attributes only when it is bare --------- */

static void test_next_sentence_only_when_bare(void **state)
{
    (void)state;
    /* a bare attribution in the next sentence */
    td_doc *doc = run("The strike ended on Friday.\n\n\"We have won a fair deal.\" Peter Lang "
                      "said so in a statement.");
    said_by(doc, "We have won a fair deal", "Peter Lang");
    td_doc_free(doc);
    /* a comment on the quote is not its attribution: the paragraph's
     * person goes on */
    doc = run("Writing in a Sunday newspaper, Maria Okafor set out her plans for the party. "
              "\"Our aim is full employment and decent homes for all.\" Union leader Peter "
              "Lang said the article was a warning to the cabinet.");
    said_by(doc, "Our aim is full employment", "Maria Okafor");
    td_doc_free(doc);
    /* after a sentence that reports someone, that speaker goes on */
    doc = run("Maria Okafor spoke in Leeds on Monday. Peter Lang said the talks would be hard. "
              "\"Nobody should expect a deal this year.\" The talks resume in May.");
    said_by(doc, "Nobody should expect a deal", "Peter Lang");
    td_doc_free(doc);
}

/* ---- pronouns and role nouns inside the sentence ---------------------- */

static void test_pronoun_and_role_antecedents(void **state)
{
    (void)state;
    /* "the prime minister" is not the person titled otherwise */
    td_doc *doc = run("Peter Lang has backed Chancellor Maria Okafor's spending plans. In a speech "
                      "in Leeds, the prime minister said the plans were sound.");
    said_by(doc, "the plans were sound", "Peter Lang");
    td_doc_free(doc);
    /* a sentence that opens with "He" carries the speaker on; the name
     * inside it is not its subject */
    doc = run("Union leader Peter Lang said pay had fallen 3%.\n\nHe did not think Maria "
              "Okafor meant to cut wages. But he warned that some firms would use her words.");
    said_by(doc, "some firms would use", "Peter Lang");
    td_doc_free(doc);
    /* "which he said": the person the sentence opened with, not the
     * speaker of the sentence before */
    doc = run("Maria Okafor said her budget was \"prudent\". Peter Lang praised her "
              "record, which he said was the \"bedrock\" of the recovery.");
    said_by(doc, "bedrock", "Peter Lang");
    td_doc_free(doc);
}

/* ---- hard inputs: one sentence of thousands of fragments ------------- */

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "Maria Okafor said the plan was "w" and "w" and ... ." with n fragments */
static char *fragments(size_t n)
{
    const char *head = "Maria Okafor said the plan was ", *piece = "\"weak\" and ";
    size_t len = strlen(head) + n * strlen(piece) + 8;
    char *t = malloc(len);
    assert_non_null(t);
    char *p = t + sprintf(t, "%s", head);
    for (size_t k = 0; k < n; k++)
        p += sprintf(p, "%s", piece);
    sprintf(p, "done.");
    return t;
}

static void test_many_fragments_are_linear(void **state)
{
    (void)state;
    char *small = fragments(1500), *big = fragments(15000);
    double t0 = seconds();
    td_doc *doc = run(small);
    double t1 = seconds();
    said_by(doc, "weak", "Maria Okafor");
    td_doc_free(doc);
    double t2 = seconds();
    doc = run(big);
    double t3 = seconds();
    td_doc_free(doc);
    printf("quotes: 1,500 fragments in a sentence %.3f s, 15,000 %.3f s\n", t1 - t0, t3 - t2);
    /* ten times the fragments: far less than the hundred times of a
     * pairwise comparison */
    assert_true(t3 - t2 < 40 * (t1 - t0) + 0.05);
    free(small);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragments_take_the_sentence_speaker),
        cmocka_unit_test(test_passive_has_no_speaker),
        cmocka_unit_test(test_no_medium_or_object_speakers),
        cmocka_unit_test(test_descriptor_subjects),
        cmocka_unit_test(test_subject_of_an_earlier_verb),
        cmocka_unit_test(test_inverted_and_relative),
        cmocka_unit_test(test_subject_of_the_verb_itself),
        cmocka_unit_test(test_not_reporting_verbs),
        cmocka_unit_test(test_next_sentence_only_when_bare),
        cmocka_unit_test(test_pronoun_and_role_antecedents),
        cmocka_unit_test(test_many_fragments_are_linear),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
