/* The entities stage: each rule on sentences written for the test, the
 * contract's attributes and references, options and their errors, the
 * hard inputs (10 MB, a page of capitals, 3,000 quote marks, a number of
 * 5,000 digits), and an end-to-end run of the command. The gold scores
 * are test_entities_gold.c's. */
#include "entities_test.h"

#include <jansson.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static td_harness *chain; /* default options, made once */

static int group_setup(void **state)
{
    (void)state;
    chain = entities_chain(NULL);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    td_harness_free(chain);
    return 0;
}

static td_doc *run(const char *text) { return entities_run(chain, text, strlen(text)); }

/* The entity whose span is exactly `surface` (the n-th such, from 0). */
static td_annot *entity_nth(td_doc *doc, const char *surface, size_t nth)
{
    size_t n;
    td_annot *const *e = td_doc_layer(doc, "entity", &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(entity_text(doc, e[i]), surface) == 0 && nth-- == 0)
            return e[i];
    return NULL;
}

static td_annot *entity(td_doc *doc, const char *surface)
{
    return entity_nth(doc, surface, 0);
}

static void dump(td_doc *doc)
{
    size_t n;
    td_annot *const *e = td_doc_layer(doc, "entity", &n);
    for (size_t i = 0; i < n; i++)
        printf("    %s \"%s\" canonical=%s rule=%s\n", e[i]->label, entity_text(doc, e[i]),
               td_annot_str(e[i], "canonical"), td_annot_str(e[i], "rule"));
}

/* Assert an entity over `surface` with this label and canonical name. */
static td_annot *expect(td_doc *doc, const char *surface, const char *label, const char *canonical)
{
    td_annot *a = entity(doc, surface);
    if (!a) {
        dump(doc);
        fail_msg("no entity over \"%s\"", surface);
    }
    if (strcmp(a->label, label) != 0 || strcmp(td_annot_str(a, "canonical"), canonical) != 0) {
        dump(doc);
        fail_msg("\"%s\": %s \"%s\", expected %s \"%s\"", surface, a->label,
                 td_annot_str(a, "canonical"), label, canonical);
    }
    assert_non_null(td_annot_str(a, "rule"));
    return a;
}

static void expect_none(td_doc *doc, const char *surface)
{
    if (entity(doc, surface)) {
        dump(doc);
        fail_msg("an entity over \"%s\"", surface);
    }
}

static void expect_str(const td_annot *a, const char *key, const char *want)
{
    const char *got = td_annot_str(a, key);
    if (!want) {
        if (got)
            fail_msg("%s = \"%s\", expected none", key, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s = \"%s\", expected \"%s\"", key, got ? got : "(none)", want);
}

static void expect_rule_prefix(const td_annot *a, const char *prefix)
{
    const char *r = td_annot_str(a, "rule");
    if (!r || strncmp(r, prefix, strlen(prefix)) != 0)
        fail_msg("rule = \"%s\", expected %s...", r ? r : "(none)", prefix);
}

/* ---- gazetteers ----------------------------------------------------------- */

static void test_countries_and_demonyms(void **state)
{
    (void)state;
    td_doc *doc = run("China's exports to the U.S. slowed, while Chinese carmakers sold more "
                      "in Britain and across Latin America.");
    td_annot *a = expect(doc, "China", "country", "China");
    expect_str(a, "iso", "CN");
    expect_rule_prefix(a, "gazetteer:countries.tsv:");
    expect_str(expect(doc, "U.S.", "country", "United States"), "iso", "US");
    a = expect(doc, "Chinese", "country", "China");
    expect_str(a, "form", "demonym");
    expect(doc, "Britain", "country", "United Kingdom");
    a = expect(doc, "Latin America", "region", "Latin America");
    expect_rule_prefix(a, "gazetteer:regions.tsv:");
    td_doc_free(doc);
}

static void test_regions_with_kind_and_country(void **state)
{
    (void)state;
    td_doc *doc = run("The plant in Ningbo, Zhejiang province, ships to Rotterdam and "
                      "Southeast Asia.");
    td_annot *a = expect(doc, "Ningbo", "region", "Ningbo");
    expect_str(a, "kind", "city");
    expect_str(a, "country", "CN");
    a = expect(doc, "Zhejiang", "region", "Zhejiang");
    expect_str(a, "country", "CN");
    expect(doc, "Southeast Asia", "region", "Southeast Asia");
    td_doc_free(doc);
}

static void test_lower_case_and_currency_signs_are_no_places(void **state)
{
    (void)state;
    /* "china" the dishes; "US$" a currency sign */
    td_doc *doc = run("They sold fine china and a US$1.2 billion stake.");
    expect_none(doc, "china");
    expect_none(doc, "US");
    td_doc_free(doc);
}

/* Towns of national news and the short name of a parliament's house. */
static void test_towns_and_short_names(void **state)
{
    (void)state;
    td_doc *doc = run("The plant near Peterborough will close, MPs in the Commons heard, "
                      "and a depot in Milton Keynes is for sale.");
    expect(doc, "Peterborough", "region", "Peterborough");
    expect(doc, "Milton Keynes", "region", "Milton Keynes");
    expect(doc, "Commons", "institution", "House of Commons");
    td_doc_free(doc);
}

/* A body's name built on another's takes it whole, and a hospital is a
 * body. */
static void test_name_built_on_a_name(void **state)
{
    (void)state;
    td_doc *doc = run("The House of Lords Economic Affairs Committee heard from a surgeon at "
                      "Kingsmead Hospital on Monday.");
    expect(doc, "House of Lords Economic Affairs Committee", "institution",
           "House of Lords Economic Affairs Committee");
    expect_none(doc, "Lords Economic Affairs Committee");
    expect(doc, "Kingsmead Hospital", "institution", "Kingsmead Hospital");
    td_doc_free(doc);
}

/* After a title, one ordinary word that is no surname is no person. */
static void test_title_before_ordinary_word(void **state)
{
    (void)state;
    td_doc *doc = run("Before the General Election, President Bush said taxes would fall, and "
                      "Governor Brown agreed.");
    expect_none(doc, "Election");
    expect_str(expect(doc, "Bush", "official", "Bush"), "title", "president");
    expect_str(expect(doc, "Brown", "official", "Brown"), "title", "governor");
    td_doc_free(doc);
}

/* A name that ends in a symbol ("e&") is not the start of a longer one
 * ("E&Y"). */
static void test_symbol_ending_name(void **state)
{
    (void)state;
    td_doc *doc = run("E&Y audited the accounts, and the telecoms group e& bought a stake.");
    expect(doc, "E&Y", "institution", "EY");
    expect_none(doc, "E&");
    expect(doc, "e&", "institution", "Etisalat");
    td_doc_free(doc);
}

static void test_longest_match_wins(void **state)
{
    (void)state;
    td_doc *doc = run("A researcher at the Chinese Academy of Social Sciences said the Bank of "
                      "China and the People's Bank of China disagreed.");
    expect(doc, "Chinese Academy of Social Sciences", "institution",
           "Chinese Academy of Social Sciences");
    expect_none(doc, "Chinese");
    expect(doc, "Bank of China", "institution", "Bank of China");
    expect(doc, "People's Bank of China", "institution", "People's Bank of China");
    expect_none(doc, "China");
    /* labels never overlap */
    size_t n;
    td_annot *const *e = td_doc_layer(doc, "entity", &n);
    for (size_t i = 1; i < n; i++)
        assert_true(e[i]->start >= e[i - 1]->end);
    td_doc_free(doc);
}

/* ---- people ------------------------------------------------------------------- */

static void test_title_and_name(void **state)
{
    (void)state;
    td_doc *doc = run("Vice Minister Wang Jun told reporters that exports would hold up.");
    td_annot *a = expect(doc, "Wang Jun", "official", "Wang Jun");
    expect_str(a, "title", "vice minister");
    expect_str(a, "surname", "Wang");
    expect_str(a, "rule", "title+name");
    td_doc_free(doc);
    /* a hyphenated title in title case, the body before it */
    doc = run("WTO Director-General Ngozi Okonjo-Iweala pointed to tariffs.");
    a = expect(doc, "Ngozi Okonjo-Iweala", "official", "Ngozi Okonjo-Iweala");
    expect_str(a, "title", "director-general");
    td_annot *org = td_annot_ref(doc, a, "affiliation");
    assert_non_null(org);
    assert_string_equal(entity_text(doc, org), "WTO");
    td_doc_free(doc);
}

static void test_body_title_and_name(void **state)
{
    (void)state;
    td_doc *doc = run("Goldman Sachs chief China economist Shan Hui raised the forecast.");
    td_annot *a = expect(doc, "Shan Hui", "official", "Shan Hui");
    expect_str(a, "title", "chief China economist");
    td_annot *org = td_annot_ref(doc, a, "affiliation");
    assert_non_null(org);
    assert_string_equal(td_annot_str(org, "canonical"), "Goldman Sachs");
    td_doc_free(doc);
}

/* A body's name before a lower-case title stays the body's: not
 * "democrat deputy leader" or "racial equality chairman"; a title in
 * title case keeps its capitalised words ("Commerce Minister"). */
static void test_body_name_not_in_title(void **state)
{
    (void)state;
    td_doc *doc = run("Liberal Democrat deputy leader Sam Price said the plan was weak. "
                      "Commission for Racial Equality chairman Ian Moss agreed, and "
                      "Commerce Minister Li Wen said nothing.");
    td_annot *a = expect(doc, "Sam Price", "official", "Sam Price");
    expect_str(a, "title", "deputy leader");
    a = expect(doc, "Ian Moss", "official", "Ian Moss");
    expect_str(a, "title", "chairman");
    td_annot *org = td_annot_ref(doc, a, "affiliation");
    assert_non_null(org);
    assert_string_equal(td_annot_str(org, "canonical"), "Commission for Racial Equality");
    a = expect(doc, "Li Wen", "official", "Li Wen");
    expect_str(a, "title", "commerce minister");
    td_doc_free(doc);
}

static void test_appositive_after_said(void **state)
{
    (void)state;
    td_doc *doc = run("\"Orders are thin,\" said Wang Jun, deputy head of the GAC, on Monday.");
    td_annot *a = expect(doc, "Wang Jun", "official", "Wang Jun");
    expect_str(a, "title", "deputy head");
    expect_str(a, "rule", "appositive");
    td_annot *org = td_annot_ref(doc, a, "affiliation");
    assert_non_null(org);
    assert_string_equal(org->label, "institution");
    assert_string_equal(entity_text(doc, org), "GAC");
    td_doc_free(doc);
    /* a title in capitals before "of": not part of the body */
    doc = run("Zhou Min, Vice Minister of the General Administration of Customs, spoke.");
    a = expect(doc, "Zhou Min", "official", "Zhou Min");
    expect_str(a, "title", "vice minister");
    org = td_annot_ref(doc, a, "affiliation");
    assert_non_null(org);
    assert_string_equal(td_annot_str(org, "canonical"), "General Administration of Customs");
    expect_none(doc, "Vice Minister of the General Administration of Customs");
    td_doc_free(doc);
}

static void test_appositive_before_said(void **state)
{
    (void)state;
    td_doc *doc = run("Lu Ting, chief China economist at Nomura, said growth would slow.");
    td_annot *a = expect(doc, "Lu Ting", "official", "Lu Ting");
    expect_str(a, "title", "chief China economist");
    expect_str(a, "surname", "Lu");
    td_annot *org = td_annot_ref(doc, a, "affiliation");
    assert_non_null(org);
    assert_string_equal(entity_text(doc, org), "Nomura");
    td_doc_free(doc);
}

static void test_role_before_name_with_its(void **state)
{
    (void)state;
    td_doc *doc = run("Harbor Tools Inc. said its boss, Grace Okafor, would step down in May. "
                      "Ms Okafor joined in 2019.");
    td_annot *org = expect(doc, "Harbor Tools Inc.", "institution", "Harbor Tools Inc.");
    td_annot *a = expect(doc, "Grace Okafor", "official", "Grace Okafor");
    expect_str(a, "title", "boss");
    expect_str(a, "gender", "female");
    assert_ptr_equal(td_annot_ref(doc, a, "affiliation"), org);
    td_annot *b = expect(doc, "Okafor", "official", "Grace Okafor");
    assert_ptr_equal(td_annot_ref(doc, b, "antecedent"), a);
    expect_str(b, "gender", "female");
    td_doc_free(doc);
}

static void test_given_name_and_capitalised_word(void **state)
{
    (void)state;
    td_doc *doc = run("Shares rose after Daniel Whitcombe bought a stake, according to a filing.");
    td_annot *a = expect(doc, "Daniel Whitcombe", "official", "Daniel Whitcombe");
    expect_str(a, "rule", "given+name");
    expect_str(a, "surname", "Whitcombe");
    expect_str(a, "gender", "male");
    td_doc_free(doc);
}

static void test_honorific_alone(void **state)
{
    (void)state;
    td_doc *doc = run("Mr Tarkington said the deal was done.");
    td_annot *a = expect(doc, "Tarkington", "official", "Tarkington");
    expect_str(a, "gender", "male");
    expect_str(a, "rule", "honorific+name");
    td_doc_free(doc);
}

/* REVIEW E2: a given name or an honorific outranks a one-word company or
 * city entry; alone, the entry keeps its label. */
static void test_given_name_outranks_company_or_city(void **state)
{
    (void)state;
    td_doc *doc = run("The housing minister Helen Roche said the plan would cost more. "
                      "Ms Roche added that builders had been told.");
    expect(doc, "Helen Roche", "official", "Helen Roche");
    td_annot *a = expect(doc, "Roche", "official", "Helen Roche");
    expect_str(a, "rule", "coref:honorific");
    td_doc_free(doc);
    doc = run("Peter Houston, 61, a grain trader, said prices had halved. "
              "Mr Houston said he would wait.");
    expect(doc, "Peter Houston", "official", "Peter Houston");
    expect(doc, "Houston", "official", "Peter Houston");
    td_doc_free(doc);
    doc = run("Roche said its drug sales rose in Houston.");
    expect(doc, "Roche", "institution", "Roche");
    expect(doc, "Houston", "region", "Houston");
    td_doc_free(doc);
}

/* REVIEW E1: a body a context rule found keeps its type when the article
 * names it again bare */
static void test_context_body_named_again(void **state)
{
    (void)state;
    td_doc *doc = run("Shares in Kelverdale, the grocery chain, fell 4%. Later Kelverdale "
                      "said it would shut 30 stores. The union backed the miner KLX, which cut "
                      "jobs. KLX said demand was weak.");
    td_annot *a = expect(doc, "Kelverdale", "institution", "Kelverdale");
    expect_rule_prefix(a, "context:");
    size_t n;
    td_annot *const *e = td_doc_layer(doc, "entity", &n);
    size_t brannock = 0, klx = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = entity_text(doc, e[i]);
        if (strcmp(e[i]->label, "institution") != 0)
            continue;
        brannock += strcmp(t, "Kelverdale") == 0;
        klx += strcmp(t, "KLX") == 0;
    }
    assert_int_equal(brannock, 2);
    assert_int_equal(klx, 2);
    td_doc_free(doc);
}

/* REVIEW E3: a given name before an ordinary word that is no surname is
 * no person ("Royal" is a given name); before a surname it is one */
static void test_given_name_before_ordinary_word(void **state)
{
    (void)state;
    td_doc *doc = run("Ministers used the Royal Prerogative to sign the treaty. "
                      "The award went to Grace Brown, a nurse from Leeds.");
    expect_none(doc, "Royal Prerogative");
    expect(doc, "Grace Brown", "official", "Grace Brown");
    td_doc_free(doc);
}

/* REVIEW E4: "Dr Reddy's" is a company when the possessive owns nothing */
static void test_honorific_possessive_company(void **state)
{
    (void)state;
    td_doc *doc = run("The drugmaker Dr Halden's raised its forecast. Dr Halden's said sales rose. "
                      "Dr Marsh's report was published on Monday.");
    td_annot *a = expect(doc, "Dr Halden's", "institution", "Dr Halden's");
    expect_str(a, "rule", "honorific+possessive");
    expect(doc, "Marsh", "official", "Marsh");
    td_doc_free(doc);
}

/* REVIEW E6/E7: short party names and the nations and counties of the UK */
static void test_uk_parties_and_counties(void **state)
{
    (void)state;
    td_doc *doc = run("The Tory leader and a Lib Dem spokesman visited Wales and Suffolk.");
    expect(doc, "Tory", "institution", "Conservative Party");
    expect(doc, "Lib Dem", "institution", "Liberal Democrats");
    expect(doc, "Wales", "region", "Wales");
    expect(doc, "Suffolk", "region", "Suffolk");
    td_doc_free(doc);
}

/* ---- organisations -------------------------------------------------------------- */

static void test_organisation_key_words(void **state)
{
    (void)state;
    td_doc *doc = run("The Ministry of Rural Affairs, the Kestrel Institute, the Bank of Lorvania, "
                      "Pellworth Holdings, Tarrant Airlines and Vosk Freight Corp. all objected. "
                      "The Orland Customs Administration said nothing.");
    expect(doc, "Ministry of Rural Affairs", "institution", "Ministry of Rural Affairs");
    expect(doc, "Kestrel Institute", "institution", "Kestrel Institute");
    expect(doc, "Bank of Lorvania", "institution", "Bank of Lorvania");
    expect(doc, "Pellworth Holdings", "institution", "Pellworth Holdings");
    expect(doc, "Tarrant Airlines", "institution", "Tarrant Airlines");
    td_annot *a = expect(doc, "Vosk Freight Corp.", "institution", "Vosk Freight Corp.");
    expect_str(a, "rule", "orgkey");
    expect(doc, "Orland Customs Administration", "institution", "Orland Customs Administration");
    td_doc_free(doc);
}

static void test_a_head_that_names_no_body(void **state)
{
    (void)state;
    td_doc *doc = run("The Harwick Freight Index fell 3 percent.");
    expect_none(doc, "Harwick Freight Index");
    td_doc_free(doc);
}

static void test_companies_from_context(void **state)
{
    (void)state;
    td_doc *doc = run("Shares in Vantorix fell. Kelmsworth's chief executive quit. "
                      "Bramwick said in a statement that it would appeal. "
                      "The deal was led by the firm Quillance.");
    expect_str(expect(doc, "Vantorix", "institution", "Vantorix"), "rule", "context:shares");
    expect_str(expect(doc, "Kelmsworth", "institution", "Kelmsworth"), "rule",
               "context:possessive");
    expect_str(expect(doc, "Bramwick", "institution", "Bramwick"), "rule", "context:statement");
    expect_str(expect(doc, "Quillance", "institution", "Quillance"), "rule",
               "context:descriptor");
    td_doc_free(doc);
}

static void test_acronym_defined_in_text(void **state)
{
    (void)state;
    td_doc *doc = run("The Northern Grain Traders Council (NGTC) met on Monday. The NGTC said "
                      "prices would rise.");
    td_annot *full = expect(doc, "Northern Grain Traders Council", "institution",
                            "Northern Grain Traders Council");
    expect_str(full, "acronym", "NGTC");
    td_annot *later = entity_nth(doc, "NGTC", 1);
    assert_non_null(later);
    assert_string_equal(td_annot_str(later, "canonical"), "Northern Grain Traders Council");
    assert_ptr_equal(td_annot_ref(doc, later, "antecedent"), full);
    td_doc_free(doc);
}


/* ---- more context rules ------------------------------------------------------ */

static void test_context_rules_more(void **state)
{
    (void)state;
    td_doc *doc = run("Analysts compared Harnwell Tooling, Brisco and Bravenor & Finch. "
                      "The Lisbon-based Quarrow Systems bought a stake. "
                      "He is chief executive of Dunmore Retail. "
                      "Singapore Telecom rose, and French Champagne sold well.");
    expect_str(expect(doc, "Bravenor & Finch", "institution", "Bravenor & Finch"), "rule",
               "context:ampersand");
    expect_str(expect(doc, "Quarrow Systems", "institution", "Quarrow Systems"), "rule", "orgkey");
    expect(doc, "Lisbon", "region", "Lisbon");
    expect(doc, "Singapore Telecom", "institution", "Singapore Telecom");
    expect_none(doc, "Singapore");
    expect_none(doc, "French Champagne");
    expect(doc, "French", "country", "France");
    td_doc_free(doc);
    doc = run("Shares in Vantorix, Brisco and Kelmer fell. The deal went to Kelmer.");
    expect_str(expect(doc, "Brisco", "institution", "Brisco"), "rule", "context:list");
    td_doc_free(doc);
    /* two bodies joined by "and" stay two; what a body owns is no body */
    doc = run("Loans from Kestrel Construction Bank and Bank of Lorvania grew. Sales of "
              "Vantorix's Glimmer, Brisco's Sparkle and Kelmer Holdings' shares rose.");
    expect(doc, "Kestrel Construction Bank", "institution", "Kestrel Construction Bank");
    expect(doc, "Bank of Lorvania", "institution", "Bank of Lorvania");
    expect_none(doc, "Glimmer");
    expect_none(doc, "Sparkle");
    td_doc_free(doc);
    doc = run("The Marbury Consortium bid, but the Phoenix consortium won.");
    expect_str(expect(doc, "Phoenix", "institution", "Phoenix"), "rule", "context:descriptor");
    td_doc_free(doc);
}

static void test_speaker_and_family_name(void **state)
{
    (void)state;
    td_doc *doc = run("\"Demand is weak,\" said Junya Tanase of Kestrel Metals Research in Tokyo.");
    td_annot *a = expect(doc, "Junya Tanase", "official", "Junya Tanase");
    expect_str(a, "rule", "speaker");
    td_annot *org = td_annot_ref(doc, a, "affiliation");
    assert_non_null(org);
    assert_string_equal(td_annot_str(org, "canonical"), "Kestrel Metals Research");
    td_doc_free(doc);
    doc = run("Zhao Lihong said the order book was full.");
    a = expect(doc, "Zhao Lihong", "official", "Zhao Lihong");
    expect_str(a, "rule", "family+name");
    expect_str(a, "surname", "Zhao");
    td_doc_free(doc);
}

static void test_title_confirms_and_looks_ahead(void **state)
{
    (void)state;
    /* a name no rule types, confirmed by a later Mr */
    td_doc *doc = run("Investors JQ Velloway and others own the club. "
                      "Mr Velloway said he would not sell.");
    td_annot *full = expect(doc, "JQ Velloway", "official", "JQ Velloway");
    expect_str(full, "rule", "coref:confirmed");
    td_annot *later = expect(doc, "Velloway", "official", "JQ Velloway");
    assert_ptr_equal(td_annot_ref(doc, later, "antecedent"), full);
    expect_str(full, "gender", "male");
    td_doc_free(doc);
    /* ... and the surname alone after that is the same person */
    doc = run("Investors JQ Velloway and others own the club. Mr Velloway would not sell. "
              "\"It is not for sale,\" Velloway told a radio station.");
    size_t n, found = 0;
    td_annot *const *e = td_doc_layer(doc, "entity", &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(td_annot_str(e[i], "canonical"), "JQ Velloway") == 0)
            found++;
    assert_int_equal(found, 3);
    td_doc_free(doc);
    /* Mr before the full name */
    doc = run("Mr Kennaway spoke first. Later, Liberal leader Charles Kennaway said the same.");
    td_annot *mr = expect(doc, "Kennaway", "official", "Charles Kennaway");
    assert_non_null(td_annot_ref(doc, mr, "antecedent"));
    td_doc_free(doc);
}

static void test_affiliation_by_key_noun(void **state)
{
    (void)state;
    td_doc *doc = run("The General Administration of Customs released the data. \"Trade held "
                      "up,\" said Wang Jun, deputy head of the administration, on Monday.");
    td_annot *a = expect(doc, "Wang Jun", "official", "Wang Jun");
    td_annot *org = td_annot_ref(doc, a, "affiliation");
    assert_non_null(org);
    assert_string_equal(td_annot_str(org, "canonical"), "General Administration of Customs");
    expect_str(a, "title", "deputy head");
    td_doc_free(doc);
}

static void test_bloc_as_place_and_dateline(void **state)
{
    (void)state;
    td_doc *doc = run("GENEVA, Jan. 21 -- Demand will soften in the U.S. and the EU. Slower "
                      "EU growth weighs on exports. The EU said it would act.");
    expect_str(expect(doc, "GENEVA", "region", "Geneva"), "kind", "city");
    td_annot *first = entity_nth(doc, "EU", 0), *second = entity_nth(doc, "EU", 1),
             *third = entity_nth(doc, "EU", 2);
    assert_non_null(first);
    assert_non_null(third);
    assert_string_equal(first->label, "region");
    assert_string_equal(second->label, "region");
    assert_string_equal(third->label, "institution");
    td_doc_free(doc);
}

/* ---- coreference ----------------------------------------------------------------- */

static void test_surname_resolves_to_nearest(void **state)
{
    (void)state;
    td_doc *doc = run("Wang Jun, vice minister of the GAC, spoke first. Then Wang Lihua, an "
                      "analyst at Eastline Securities, disagreed. Wang said demand was weak.");
    td_annot *second = expect(doc, "Wang Lihua", "official", "Wang Lihua");
    td_annot *later = expect(doc, "Wang", "official", "Wang Lihua");
    assert_ptr_equal(td_annot_ref(doc, later, "antecedent"), second);
    expect_rule_prefix(later, "coref:");
    td_doc_free(doc);
}

static void test_short_company_name_and_definite(void **state)
{
    (void)state;
    td_doc *doc = run("Goldman Sachs raised its forecast. Goldman expects growth of 4.8 percent. "
                      "The General Administration of Customs published the data, and the "
                      "administration said trade grew.");
    td_annot *g = expect(doc, "Goldman", "institution", "Goldman Sachs");
    expect_str(g, "rule", "coref:org");
    td_annot *adm = expect(doc, "the administration", "institution",
                           "General Administration of Customs");
    expect_str(adm, "rule", "coref:definite");
    td_doc_free(doc);
}

static void test_coref_off(void **state)
{
    (void)state;
    td_harness *h = entities_chain((const char *[]){"coref=false", NULL});
    const char *text = "Goldman Sachs raised its forecast. Goldman expects growth.";
    td_doc *doc = entities_run(h, text, strlen(text));
    expect_none(doc, "Goldman");
    td_doc_free(doc);
    td_harness_free(h);
}

/* ---- the sentence-initial capitalised word --------------------------------------- */

static void test_sentence_initial_ordinary_word(void **state)
{
    (void)state;
    td_doc *doc = run("Private companies handled most of the trade. Outbound shipments rose.");
    size_t n;
    td_doc_layer(doc, "entity", &n);
    if (n) {
        dump(doc);
        fail_msg("%zu entities in a text without names", n);
    }
    td_doc_free(doc);
    /* a given name before a capitalised word starts a name, even when it is a word */
    doc = run("Amber Marsh, an analyst at Brabant Economics, said so.");
    expect(doc, "Amber Marsh", "official", "Amber Marsh");
    td_doc_free(doc);
}

/* ---- attributes, options, errors ------------------------------------------------- */

static void test_every_entity_has_canonical_and_rule(void **state)
{
    (void)state;
    td_doc *doc = run("BEIJING, Jan. 14 -- The General Administration of Customs (GAC) said "
                      "trade with the EU and ASEAN grew. \"It is strong,\" said Chen Yulan, a "
                      "senior analyst at Eastline Securities in Shanghai. Ms Chen expects more.");
    size_t n;
    td_annot *const *e = td_doc_layer(doc, "entity", &n);
    assert_true(n >= 7);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(td_annot_str(e[i], "canonical"));
        assert_non_null(td_annot_str(e[i], "rule"));
        td_annot *r = td_annot_ref(doc, e[i], "affiliation");
        if (r)
            assert_string_equal(r->label, "institution");
    }
    td_doc_free(doc);
}

static void test_bad_options(void **state)
{
    (void)state;
    td_harness *h = td_harness_new();
    assert_int_equal(td_harness_add(h, "segment", NULL), 0);
    assert_int_equal(td_harness_add(h, "entities", (const char *[]){"gazetteers=planets", NULL}), -1);
    assert_non_null(strstr(td_harness_errmsg(h), "unknown list 'planets'"));
    td_harness_free(h);
    h = td_harness_new();
    assert_int_equal(td_harness_add(h, "segment", NULL), 0);
    assert_int_equal(
        td_harness_add(h, "entities", (const char *[]){"words=/nonexistent/words.tsv", NULL}), -1);
    td_harness_free(h);
    /* a gazetteer of one's own, of a known kind */
    char path[] = "/tmp/tidings-entities-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *rows = "Quorvex\tQuorvex Mining\t\tcompany\n";
    assert_int_equal(write(fd, rows, strlen(rows)), (ssize_t)strlen(rows));
    close(fd);
    char opt[256];
    snprintf(opt, sizeof(opt), "gazetteers=countries institutions=%s", path);
    h = entities_chain((const char *[]){opt, NULL});
    const char *text = "Quorvex signed a deal with China.";
    td_doc *doc = entities_run(h, text, strlen(text));
    expect(doc, "Quorvex", "institution", "Quorvex Mining");
    expect(doc, "China", "country", "China");
    td_doc_free(doc);
    td_harness_free(h);
    unlink(path);
}

/* A list file of the test's own, in a temporary file. */
static void write_list(char *path, const char *rows, size_t len)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, rows, len), (ssize_t)len);
    close(fd);
}

/* The stage reads its lists itself (tsv.c): the format of every tidings
 * list, and a bad line fails the start with "path:line: problem". */
static void test_list_format_and_errors(void **state)
{
    (void)state;
    static const struct {
        const char *option, *rows, *problem;
    } bad[] = {
        {"words", "# a comment\nbank\n  river\n", ":3: pattern '  river' has leading or trailing white space"},
        {"words", "bank\n\tbanks\n", ":2: empty pattern"},
        {"family_names", "Wang\nLi\xff\n", ":2: invalid UTF-8 at byte 3"},
        {"surnames", "#@case sideways\nBrown\n", ":1: '#@case' takes 'exact' or 'fold', not 'sideways'"},
        {"roles", "#@stem on\neconomist\thead\n", ":1: unknown directive '#@stem'"},
        {"org_keywords", "Bank\tboth\nCo\0rp\tsuffix\n", ":2: NUL byte"},
        {"gazetteers", "Quorvex\tQuorvex Mining\t\tcompany\n Vantorix\tVantorix\t\tcompany\n",
         ":2: pattern ' Vantorix' has leading or trailing white space"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char path[] = "/tmp/tidings-entities-XXXXXX";
        size_t len = strlen(bad[i].rows);
        if (strstr(bad[i].problem, "NUL"))
            len += strlen(bad[i].rows + len + 1) + 1; /* the rows go on after the NUL */
        write_list(path, bad[i].rows, len);
        char opt[256], want[512];
        if (strcmp(bad[i].option, "gazetteers") == 0)
            snprintf(opt, sizeof(opt), "gazetteers=countries institutions=%s", path);
        else
            snprintf(opt, sizeof(opt), "%s=%s", bad[i].option, path);
        snprintf(want, sizeof(want), "%s%s", path, bad[i].problem);
        td_harness *h = td_harness_new();
        assert_int_equal(td_harness_add(h, "segment", NULL), 0);
        assert_int_equal(td_harness_add(h, "entities", (const char *[]){opt, NULL}), -1);
        if (!strstr(td_harness_errmsg(h), want))
            fail_msg("%s: \"%s\", expected \"%s\"", bad[i].option, td_harness_errmsg(h), want);
        td_harness_free(h);
        unlink(path);
    }
    /* a byte order mark, CRLF ends, blank lines, a last line without an
     * end, and "#@case fold" are read as the matcher's loader reads them */
    char path[] = "/tmp/tidings-entities-XXXXXX";
    const char *rows = "\xEF\xBB\xBFQuorvex\tQuorvex Mining\t\tcompany\r\n  \t \n\n"
                       "#@case fold\r\nbrantholm vale\tBrantholm Vale\t\tcompany";
    write_list(path, rows, strlen(rows));
    char opt[256];
    snprintf(opt, sizeof(opt), "gazetteers=countries institutions=%s", path);
    td_harness *h = entities_chain((const char *[]){opt, NULL});
    const char *text = "Quorvex and Brantholm Vale signed a deal with China.";
    td_doc *doc = entities_run(h, text, strlen(text));
    expect(doc, "Quorvex", "institution", "Quorvex Mining");
    expect(doc, "Brantholm Vale", "institution", "Brantholm Vale");
    expect(doc, "China", "country", "China");
    td_annot *const *e;
    size_t n;
    e = td_doc_layer(doc, "entity", &n);
    bool line5 = false;
    for (size_t i = 0; i < n; i++) {
        const char *r = td_annot_str(e[i], "rule");
        if (r && strstr(r, "tidings-entities-") && strcmp(r + strlen(r) - 2, ":5") == 0)
            line5 = true;
    }
    assert_true(line5); /* "gazetteer:FILE:5": the line of the folded entry */
    td_doc_free(doc);
    td_harness_free(h);
    unlink(path);
}

/* ---- hard inputs ----------------------------------------------------------------- */

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *repeat(const char *unit, size_t bytes, size_t *len)
{
    size_t ul = strlen(unit), n = bytes / ul + 1;
    char *s = malloc(n * ul + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * ul, unit, ul);
    *len = n * ul;
    s[*len] = '\0';
    return s;
}

static size_t run_hard(const char *what, const char *text, size_t len)
{
    double t0 = seconds();
    td_doc *doc = entities_run(chain, text, len);
    size_t n;
    td_doc_layer(doc, "entity", &n);
    printf("  %-32s %9zu bytes: %6zu entities in %.3f s\n", what, len, n, seconds() - t0);
    td_doc_free(doc);
    return n;
}

static void test_hard_inputs(void **state)
{
    (void)state;
    size_t len;
    const char *para = "Lu Ting, chief China economist at Nomura, said the People's Bank of "
                       "China would cut rates. Goldman Sachs and Mr Lu agreed; Wang said so. ";
    char *s = repeat(para, 1u << 20, &len);
    size_t one = run_hard("1 MB article", s, len);
    free(s);
    s = repeat(para, 10u << 20, &len);
    size_t ten = run_hard("10 MB article", s, len);
    free(s);
    assert_true(ten >= 9 * one); /* the same work everywhere: coref stays bounded */
    /* definitions, confirmations and short forms everywhere: the look-backs stay bounded */
    const char *defs = "The Northern Grain Council (NGC) met. Investors JQ Velloway agreed. "
                       "Mr Velloway said the NGC would act, and the council agreed. ";
    s = repeat(defs, 1u << 20, &len);
    size_t d1 = run_hard("1 MB of acronyms and titles", s, len);
    free(s);
    s = repeat(defs, 4u << 20, &len);
    size_t d4 = run_hard("4 MB of acronyms and titles", s, len);
    free(s);
    assert_true(d1 > 0 && d4 >= 3 * d1);
    s = repeat("THE GENERAL ADMINISTRATION OF CUSTOMS SAID CHINA WILL GROW. ", 64 << 10, &len);
    run_hard("a page of capitals (64 KB)", s, len);
    free(s);
    s = repeat("\"", 3000, &len);
    run_hard("3,000 quote marks", s, len);
    free(s);
    s = repeat("7", 5000, &len);
    run_hard("a number of 5,000 digits", s, len);
    free(s);
    s = repeat("Bank of ", 200000, &len);
    run_hard("'Bank of' 200,000 times", s, len);
    free(s);
    s = repeat("Wang Jun, ", 100000, &len);
    run_hard("one name 100,000 times", s, len);
    free(s);
    run_hard("empty", "", 0);
}

/* ---- end to end ----------------------------------------------------------------- */

static void test_command_end_to_end(void **state)
{
    (void)state;
    char dir[] = "/tmp/tidings-entities-e2e-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char in[256], conf[256], out[256], cmd[2048];
    snprintf(in, sizeof(in), "%s/in.jsonl", dir);
    snprintf(conf, sizeof(conf), "%s/p.conf", dir);
    snprintf(out, sizeof(out), "%s/out.jsonl", dir);
    FILE *f = fopen(in, "w");
    assert_non_null(f);
    /* curly quotes and a fullwidth comma: offsets are the original's code points */
    fputs("{\"id\":\"e1\",\"text\":\"\\u201cWe are cautious,\\u201d said Priya Raman, chief "
          "economist at Meridian Capital in Singapore. Raman expects a cut.\"}\n",
          f);
    fclose(f);
    f = fopen(conf, "w");
    assert_non_null(f);
    fputs("[pipeline]\nstages = normalise segment entities\n", f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s/core/tidings run -c %s -o %s %s", TD_TEST_BUILDDIR, conf, out,
             in);
    assert_int_equal(system(cmd), 0);
    json_error_t err;
    json_t *o = json_load_file(out, 0, &err);
    assert_non_null(o);
    const char *text = json_string_value(json_object_get(o, "text"));
    json_t *annots = json_object_get(o, "annotations");
    size_t i;
    json_t *a;
    int persons = 0, refs = 0;
    json_array_foreach(annots, i, a) {
        if (strcmp(json_string_value(json_object_get(a, "layer")), "entity") != 0)
            continue;
        json_t *attrs = json_object_get(a, "attrs");
        assert_non_null(json_object_get(attrs, "canonical"));
        assert_non_null(json_object_get(attrs, "rule"));
        const char *label = json_string_value(json_object_get(a, "label"));
        if (strcmp(label, "official") == 0) {
            persons++;
            assert_string_equal(json_string_value(json_object_get(attrs, "canonical")),
                                "Priya Raman");
        }
        /* a reference names an annotation the output holds */
        const char *key;
        json_t *v;
        json_object_foreach(attrs, key, v) {
            if (strcmp(key, "affiliation") != 0 && strcmp(key, "antecedent") != 0)
                continue;
            refs++;
            json_int_t id = json_is_integer(v) ? json_integer_value(v)
                                                : json_integer_value(json_object_get(v, "ref"));
            bool there = false;
            size_t j;
            json_t *b;
            json_array_foreach(annots, j, b) there |= json_integer_value(json_object_get(b, "id")) == id;
            assert_true(there);
        }
        (void)text;
    }
    assert_int_equal(persons, 2);
    assert_true(refs >= 2);
    json_decref(o);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_countries_and_demonyms),
        cmocka_unit_test(test_regions_with_kind_and_country),
        cmocka_unit_test(test_lower_case_and_currency_signs_are_no_places),
        cmocka_unit_test(test_longest_match_wins),
        cmocka_unit_test(test_symbol_ending_name),
        cmocka_unit_test(test_title_before_ordinary_word),
        cmocka_unit_test(test_name_built_on_a_name),
        cmocka_unit_test(test_towns_and_short_names),
        cmocka_unit_test(test_title_and_name),
        cmocka_unit_test(test_body_title_and_name),
        cmocka_unit_test(test_body_name_not_in_title),
        cmocka_unit_test(test_appositive_after_said),
        cmocka_unit_test(test_appositive_before_said),
        cmocka_unit_test(test_role_before_name_with_its),
        cmocka_unit_test(test_given_name_and_capitalised_word),
        cmocka_unit_test(test_honorific_alone),
        cmocka_unit_test(test_given_name_outranks_company_or_city),
        cmocka_unit_test(test_uk_parties_and_counties),
        cmocka_unit_test(test_honorific_possessive_company),
        cmocka_unit_test(test_given_name_before_ordinary_word),
        cmocka_unit_test(test_context_body_named_again),
        cmocka_unit_test(test_organisation_key_words),
        cmocka_unit_test(test_a_head_that_names_no_body),
        cmocka_unit_test(test_companies_from_context),
        cmocka_unit_test(test_acronym_defined_in_text),
        cmocka_unit_test(test_context_rules_more),
        cmocka_unit_test(test_speaker_and_family_name),
        cmocka_unit_test(test_title_confirms_and_looks_ahead),
        cmocka_unit_test(test_affiliation_by_key_noun),
        cmocka_unit_test(test_bloc_as_place_and_dateline),
        cmocka_unit_test(test_surname_resolves_to_nearest),
        cmocka_unit_test(test_short_company_name_and_definite),
        cmocka_unit_test(test_coref_off),
        cmocka_unit_test(test_sentence_initial_ordinary_word),
        cmocka_unit_test(test_every_entity_has_canonical_and_rule),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_list_format_and_errors),
        cmocka_unit_test(test_hard_inputs),
        cmocka_unit_test(test_command_end_to_end),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
