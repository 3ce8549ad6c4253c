/* The segment stage: tokenisation rules, token attributes, sentence rules,
 * options, hard documents (empty, NUL bytes, U+FFFD, 5 MB on one line).
 * Boundary precision and recall are test_segment_gold.c's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tidings/tidings.h>

#include "segment_test.h"

/* The tokens' texts joined by " | ". */
static const char *token_list(td_doc *doc)
{
    static char buf[4096];
    size_t n, len = 0;
    td_annot *const *t = td_doc_layer(doc, "token", &n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof(buf) - 1; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " | " : "",
                                span(doc, t[i]));
    return buf;
}

/* The sentences' texts joined by " || ". */
static const char *sentence_list(td_doc *doc)
{
    static char buf[8192];
    size_t n, len = 0;
    td_annot *const *s = td_doc_layer(doc, "sentence", &n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof(buf) - 1; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " || " : "",
                                span(doc, s[i]));
    return buf;
}

static td_annot *token_at(td_doc *doc, size_t i)
{
    size_t n;
    td_annot *const *t = td_doc_layer(doc, "token", &n);
    assert_true(i < n);
    return t[i];
}

/* ---- tokens --------------------------------------------------------------- */

static void test_tokenisation_rules(void **state)
{
    (void)state;
    static const struct {
        const char *text, *tokens;
    } cases[] = {
        /* currency signs are their own tokens; "US$" is one */
        {"$6.5 trillion", "$ | 6.5 | trillion"},
        {"US$1.2 billion", "US$ | 1.2 | billion"},
        {"HK$12.30", "HK$ | 12.30"},
        {"€300 million", "€ | 300 | million"},
        {"¥8.1bn", "¥ | 8.1 | bn"},
        /* percent signs and ranges */
        {"2%-4%", "2 | % | - | 4 | %"},
        {"0.5%", "0.5 | %"},
        {"3.50%-3.75%", "3.50 | % | - | 3.75 | %"},
        /* hyphens join words, not numbers */
        {"year-on-year", "year-on-year"},
        {"3.8-percent", "3.8 | - | percent"},
        {"COVID-19", "COVID-19"},
        {"mid-2026", "mid-2026"},
        {"737-800", "737 | - | 800"},
        {"A.P. Moller-Maersk", "A.P. | Moller-Maersk"},
        /* clitics split off, Penn Treebank style */
        {"China's", "China | 's"},
        {"China’s", "China | ’s"},
        {"don't", "do | n't"},
        {"they're we've it'll I'd I'm", "they | 're | we | 've | it | 'll | I | 'd | I | 'm"},
        {"O'Brien d'Ivoire", "O'Brien | d'Ivoire"},
        {"2025's the 1990’s", "2025 | 's | the | 1990 | ’s"},
        {"rock'n'roll isn't", "rock'n'roll | is | n't"},
        {"exporters' margins", "exporters | ' | margins"},
        /* periods */
        {"U.S.", "U.S."},
        {"U.S.-China", "U.S. | - | China"},
        {"a.m. p.m. e.g. i.e.", "a.m. | p.m. | e.g. | i.e."},
        {"Mr. Li", "Mr. | Li"},
        {"Apple Inc.", "Apple | Inc."},
        {"Ph.D. holders", "Ph.D. | holders"},
        {"the end.", "the | end | ."},
        {"No. 1", "No. | 1"},
        {"said no.", "said | no | ."},
        {"John F. Kennedy", "John | F. | Kennedy"},
        {"Amazon.com JD.com", "Amazon.com | JD.com"},
        {"wait...", "wait | ..."},
        {"wait…", "wait | …"},
        /* numbers */
        {"45.47", "45.47"},
        {"350,000", "350,000"},
        {"1,234,567.89", "1,234,567.89"},
        {"2025,China's", "2025 | , | China | 's"},
        {"2024,450", "2024 | , | 450"},
        {"12.01.2026", "12.01.2026"},
        {"9:30", "9 | : | 30"},
        {"10bn 5m 3pct", "10 | bn | 5 | m | 3 | pct"},
        {"1990s 10th 5G Q1 3D", "1990s | 10th | 5G | Q1 | 3D"},
        {"-5", "- | 5"},
        /* emails and URLs are one token; trailing punctuation is not theirs */
        {"li@example.com.", "li@example.com | ."},
        {"mail first.last+tag@mail.example.org now", "mail | first.last+tag@mail.example.org | now"},
        {"see https://www.mofcom.gov.cn/article/x?id=1.", "see | https://www.mofcom.gov.cn/article/x?id=1 | ."},
        {"(www.example.com/a_(b))", "( | www.example.com/a_(b) | )"},
        {"(http://example.com/x)", "( | http://example.com/x | )"},
        {"user@localhost", "user | @ | localhost"},
        /* quotes and brackets */
        {"\"rise.\"", "\" | rise | . | \""},
        {"“rise,” he said", "“ | rise | , | ” | he | said"},
        /* scripts without spaces: digits part from letters */
        {"总值45.47万亿元。", "总值 | 45.47 | 万亿元 | 。"},
        /* fullwidth digits, as received without normalisation */
        {"４５．４７", "４５．４７"},
        {"Šefčovič", "Šefčovič"},
        {"cafe\xCC\x81s", "cafe\xCC\x81s"}, /* a combining accent stays in its word */
        {"a\xC2\xA0" "b", "a | b"},            /* no-break space */
        {"", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        td_doc *doc = run(cases[i].text);
        const char *got = token_list(doc);
        if (strcmp(got, cases[i].tokens) != 0)
            fail_msg("tokens of \"%s\":\n  want %s\n  got  %s", cases[i].text, cases[i].tokens,
                     got);
        td_doc_free(doc);
    }
}

static void test_token_labels_and_shapes(void **state)
{
    (void)state;
    td_doc *doc = run("China GDP exports 45.47 % , iPhone Q1 U.S. $ US$ Asia-Pacific "
                      "x@example.com http://a.org A “ 中国");
    static const struct {
        const char *label, *shape;
    } want[] = {
        {"word", "Xx"},   {"word", "XX"},     {"word", "x"},      {"number", "d"},
        {"symbol", "punct"}, {"punct", "punct"}, {"word", "mixed"}, {"word", "mixed"},
        {"word", "XX"},   {"symbol", "punct"}, {"symbol", "punct"}, {"word", "Xx"},
        {"email", "mixed"}, {"url", "mixed"}, {"word", "Xx"},     {"punct", "punct"},
        {"word", "x"},
    };
    size_t n;
    td_annot *const *t = td_doc_layer(doc, "token", &n);
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i]->label, want[i].label) != 0 ||
            strcmp(td_annot_str(t[i], "shape"), want[i].shape) != 0)
            fail_msg("token %zu '%s': want %s/%s, got %s/%s", i, span(doc, t[i]), want[i].label,
                     want[i].shape, t[i]->label, td_annot_str(t[i], "shape"));
        assert_string_equal(t[i]->layer, "token");
    }
    td_doc_free(doc);
}

/* Words the scanner shapes as it reads them (ASCII letters and digits up to
 * a byte that cannot join them) and the ones it leaves to the general
 * path, side by side, up to a word that ends the text. */
static void test_word_shapes_as_scanned(void **state)
{
    (void)state;
    td_doc *doc = run("McDonald B2B COVID19 NASA, I a Fed. ECB) eBay x9 "
                      "Abc-def ABC's Zoë ÉTAT Amazon.com rose");
    static const struct {
        const char *text, *shape;
    } want[] = {
        {"McDonald", "mixed"}, {"B2B", "mixed"},  {"COVID19", "mixed"}, {"NASA", "XX"},
        {",", "punct"},        {"I", "Xx"},       {"a", "x"},           {"Fed", "Xx"},
        {".", "punct"},        {"ECB", "XX"},     {")", "punct"},       {"eBay", "mixed"},
        {"x9", "mixed"},       {"Abc-def", "Xx"}, {"ABC", "XX"},        {"'s", "x"},
        {"Zoë", "Xx"},         {"ÉTAT", "XX"},    {"Amazon.com", "Xx"}, {"rose", "x"},
    };
    size_t n;
    td_annot *const *t = td_doc_layer(doc, "token", &n);
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n; i++)
        if (strcmp(span(doc, t[i]), want[i].text) != 0 ||
            strcmp(td_annot_str(t[i], "shape"), want[i].shape) != 0)
            fail_msg("token %zu: want '%s' %s, got '%s' %s", i, want[i].text, want[i].shape,
                     span(doc, t[i]), td_annot_str(t[i], "shape"));
    td_doc_free(doc);
}

static void test_number_values(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double value;
        bool has;
    } cases[] = {
        {"45.47", 45.47, true},
        {"350,000", 350000, true},
        {"6.5", 6.5, true},
        {"0.5", 0.5, true},
        {"7.0103", 7.0103, true},
        {"1,234,567.89", 1234567.89, true},
        {"2025", 2025, true},
        {"0.1", 0.1, true},
        {"０", 0, true},             /* fullwidth zero, not normalised */
        {"４５．４７", 45.47, true},  /* fullwidth digits and full stop */
        {"٣", 3, true},              /* ARABIC-INDIC DIGIT THREE */
        {"12345678901234567890", 12345678901234567890.0, true}, /* past the fast path */
        {"3.14159265358979323846", 3.14159265358979323846, true},
        {"12.01.2026", 0, false},    /* dotted: no value */
        {"1234567890123456789012345678901234567890123", 0, false}, /* over 40 digits */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        td_doc *doc = run(cases[i].text);
        size_t n;
        td_annot *const *t = td_doc_layer(doc, "token", &n);
        assert_int_equal(n, 1);
        assert_string_equal(t[0]->label, "number");
        assert_string_equal(td_annot_str(t[0], "shape"), "d");
        const td_attr *v = td_annot_attr(t[0], "value");
        if (!cases[i].has) {
            assert_null(v);
        } else {
            assert_non_null(v);
            assert_int_equal(v->type, TD_ATTR_NUMBER);
            if (v->v.n != cases[i].value)
                fail_msg("value of \"%s\": want %.17g, got %.17g", cases[i].text,
                         cases[i].value, v->v.n);
        }
        td_doc_free(doc);
    }
    /* words carry no value */
    td_doc *doc = run("Q1 10th");
    assert_null(td_annot_attr(token_at(doc, 0), "value"));
    assert_null(td_annot_attr(token_at(doc, 1), "value"));
    td_doc_free(doc);
}

static void test_sent_start(void **state)
{
    (void)state;
    td_doc *doc = run("Exports rose. \"Imports fell,\" he said.\nNew line");
    size_t n;
    td_annot *const *t = td_doc_layer(doc, "token", &n);
    /* Exports rose . " Imports fell , " he said . New line */
    static const bool want[] = {1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0};
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(td_annot_bool(t[i], "sent_start", false), want[i]);
        /* set only where true */
        if (!want[i])
            assert_null(td_annot_attr(t[i], "sent_start"));
    }
    td_doc_free(doc);
}

/* ---- sentences ------------------------------------------------------------ */

static void test_sentence_rules(void **state)
{
    (void)state;
    static const struct {
        const char *text, *sentences;
    } cases[] = {
        /* abbreviations inside sentences */
        {"Mr. Li arrived on Dec. 27 at 9 a.m. Beijing time. He left.",
         "Mr. Li arrived on Dec. 27 at 9 a.m. Beijing time. || He left."},
        {"Harbor Co. and Delta Corp. signed. Acme Inc. Chief Executive Sara Lim spoke.",
         "Harbor Co. and Delta Corp. signed. || Acme Inc. Chief Executive Sara Lim spoke."},
        {"Port No. 4 reopened. The U.S. Treasury agreed.",
         "Port No. 4 reopened. || The U.S. Treasury agreed."},
        /* ... and at their ends: before a sentence starter they end one */
        {"Exports went to the U.S. The ministry said so.",
         "Exports went to the U.S. || The ministry said so."},
        {"It was sold to Acme Inc. The deal closed.", "It was sold to Acme Inc. || The deal closed."},
        {"He said no. The talks go on.", "He said no. || The talks go on."},
        {"Bought by the U.S. Congress.", "Bought by the U.S. Congress."},
        /* decimals and figures never end one */
        {"It rose 3.8% to 45.47 trillion yuan, or $6.5 trillion. Imports rose 350,000 tonnes.",
         "It rose 3.8% to 45.47 trillion yuan, or $6.5 trillion. || Imports rose 350,000 tonnes."},
        /* closing quotes go with the sentence they close */
        {"\"Trade will rise.\" Wang said so.", "\"Trade will rise.\" || Wang said so."},
        {"\"Trade will rise,\" Wang said.", "\"Trade will rise,\" Wang said."},
        {"“It is fine.” She left.", "“It is fine.” || She left."},
        {"He said. \"We will grow.\"", "He said. || \"We will grow.\""},
        {"(See the table.) Exports rose.", "(See the table.) || Exports rose."},
        {"\"Why?\" asked Li. \"Because!\"", "\"Why?\" asked Li. || \"Because!\""},
        {"\"It is the U.S.\" Li said.", "\"It is the U.S.\" || Li said."},
        /* ellipses */
        {"It rose... but slowly. Then... Nothing.", "It rose... but slowly. || Then... || Nothing."},
        {"It rose… but slowly.", "It rose… but slowly."},
        /* run-on text */
        {"It rose last year.The ministry said so.", "It rose last year. || The ministry said so."},
        {"In 2025,China's exports rose.", "In 2025,China's exports rose."},
        {"It rose 5%.Imports fell.", "It rose 5%. || Imports fell."},
        /* lines and paragraphs */
        {"Headline Here\nBy A Writer\nBody text here.", "Headline Here || By A Writer || Body text here."},
        {"One.\n\nTwo.", "One. || Two."},
        {"wrapped line,\nstill going\nand done.", "wrapped line,\nstill going\nand done."},
        {"A\r\nB", "A || B"},
        {"A\rB", "A || B"},
        {"One\xE2\x80\xA9Two", "One || Two"}, /* PARAGRAPH SEPARATOR */
        /* numbers and symbols start sentences after a full stop */
        {"It rose. 2025 was good. $1 bought 7 yuan.", "It rose. || 2025 was good. || $1 bought 7 yuan."},
        /* questions and exclamations */
        {"Why? Because. \"Why?\" he asked.", "Why? || Because. || \"Why?\" he asked."},
        /* CJK */
        {"增长3.8%。出口增加。", "增长3.8%。 || 出口增加。"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        td_doc *doc = run(cases[i].text);
        const char *got = sentence_list(doc);
        if (strcmp(got, cases[i].sentences) != 0)
            fail_msg("sentences of \"%s\":\n  want %s\n  got  %s", cases[i].text,
                     cases[i].sentences, got);
        td_doc_free(doc);
    }
}

static void test_headings_and_paragraphs(void **state)
{
    (void)state;
    const char *text = "Trade Hits a Record\n"     /* heading, paragraph 0 */
                       "BEIJING, Jan. 14\n"         /* heading, 1 */
                       "\n"
                       "Exports rose. Imports fell.\n" /* 2, 2 */
                       "The survey found:\n"        /* 3: a colon, not a heading */
                       "- 62% of firms\n"           /* 4: a list item */
                       "\n\n"
                       "Reporting by Jane Doe";     /* heading, 5 */
    td_doc *doc = run(text);
    size_t n;
    td_annot *const *s = td_doc_layer(doc, "sentence", &n);
    static const struct {
        const char *label;
        double paragraph;
    } want[] = {{"heading", 0},  {"heading", 1},  {"sentence", 2}, {"sentence", 2},
                {"sentence", 3}, {"sentence", 4}, {"heading", 5}};
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s[i]->label, want[i].label) != 0 ||
            td_annot_num(s[i], "paragraph", -1) != want[i].paragraph)
            fail_msg("sentence %zu '%s': want %s in paragraph %g, got %s in %g", i,
                     span(doc, s[i]), want[i].label, want[i].paragraph, s[i]->label,
                     td_annot_num(s[i], "paragraph", -1));
        assert_string_equal(s[i]->layer, "sentence");
    }
    /* a sentence covers its tokens exactly: no white space at its edges */
    size_t nt;
    td_annot *const *t = td_doc_within(doc, "token", s[2]->start, s[2]->end, &nt);
    assert_int_equal(nt, 3);
    assert_int_equal(t[0]->start, s[2]->start);
    assert_int_equal(t[nt - 1]->end, s[2]->end);
    assert_true(td_annot_bool(t[0], "sent_start", false));
    td_doc_free(doc);
}

/* ---- hard documents ----------------------------------------------------- */

static void test_empty_and_blank(void **state)
{
    (void)state;
    const char *texts[] = {"", " ", "\n\n\n", " \t\r\n \xC2\xA0\xE3\x80\x80 \xE2\x80\x8B\n"};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        td_doc *doc = run(texts[i]);
        assert_int_equal(td_doc_count(doc), 0);
        td_doc_free(doc);
    }
}

static void test_nul_and_replacement(void **state)
{
    (void)state;
    /* NUL bytes are white space; invalid UTF-8 was replaced by U+FFFD when
     * the document was made, and U+FFFD is a symbol token */
    const char text[] = "Exports\0rose. \xFF\xFE Imports \xEF\xBF\xBD fell.\0\0Done\xC3";
    td_doc *doc = run_with(plain, text, sizeof(text) - 1);
    assert_int_equal(td_doc_repaired(doc), 3);
    assert_string_equal(token_list(doc), "Exports | rose | . | \xEF\xBF\xBD | \xEF\xBF\xBD | "
                                         "Imports | \xEF\xBF\xBD | fell | . | Done | \xEF\xBF\xBD");
    assert_string_equal(token_at(doc, 3)->label, "symbol");
    assert_string_equal(td_annot_str(token_at(doc, 3), "shape"), "punct");
    size_t len;
    const char *t = td_doc_text(doc, &len);
    for (uint32_t id = 1; id <= td_doc_count(doc); id++) {
        const td_annot *a = td_doc_get(doc, id);
        assert_true(a->start < a->end && a->end <= len);
        if (strcmp(a->layer, "token") == 0)
            assert_null(memchr(t + a->start, '\0', a->end - a->start));
    }
    /* the sentences, byte for byte (the first holds a NUL) */
    static const struct {
        const char *text;
        size_t len;
    } want[] = {
        {"Exports\0rose.", 13},
        {"\xEF\xBF\xBD\xEF\xBF\xBD Imports \xEF\xBF\xBD fell.", 24},
        {"Done\xEF\xBF\xBD", 7},
    };
    size_t n;
    td_annot *const *s = td_doc_layer(doc, "sentence", &n);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(s[i]->end - s[i]->start, want[i].len);
        assert_memory_equal(t + s[i]->start, want[i].text, want[i].len);
    }
    td_doc_free(doc);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Time to segment `size` bytes of `unit` repeated on one line; checks the
 * sentence count when `sentences_per_unit` is not 0. */
static double time_single_line(const char *unit, size_t size, size_t sentences_per_unit)
{
    size_t ulen = strlen(unit), reps = size / ulen;
    char *text = malloc(reps * ulen + 1);
    assert_non_null(text);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * ulen, unit, ulen);
    text[reps * ulen] = '\0';
    double best = 1e9;
    for (int round = 0; round < 2; round++) {
        double t0 = seconds();
        td_doc *doc = run_with(plain, text, reps * ulen);
        double t = seconds() - t0;
        if (t < best)
            best = t;
        size_t n;
        td_doc_layer(doc, "sentence", &n);
        if (sentences_per_unit)
            assert_int_equal(n, reps * sentences_per_unit);
        td_doc_free(doc);
    }
    free(text);
    return best;
}

static void test_long_single_lines(void **state)
{
    (void)state;
    static const struct {
        const char *name, *unit;
        size_t sentences;
    } units[] = {
        {"news", "China's trade rose 3.8% to 45.47 trillion yuan in 2025, Mr. Li said. ", 1},
        /* one endless run without spaces: commas, periods, initials, '@'s */
        {"run-on", "a,b.c-d'e", 0},
        {"initials", "A.B.C.D.", 0},
        {"at signs", "ab.cd@ef", 0},
        {"email-ish", "x.y.z.w@", 0},
        {"digits", "1,234.5", 0},
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        double small = time_single_line(units[i].unit, 1u << 20, units[i].sentences);
        double big = time_single_line(units[i].unit, 5u << 20, units[i].sentences);
        /* Printed, not judged: tests never pass or fail on time (a loaded
         * machine would fail them). Five times the text should take about
         * five times as long; a quadratic pass would take 25 times. */
        printf("segment single line (%s): 1 MB %.3f s, 5 MB %.3f s (%.1f MB/s, ratio %.1f)\n",
               units[i].name, small, big, 5.0 * 1.048576 / big, big / (small > 0 ? small : 1e-9));
    }
}

/* ---- options ------------------------------------------------------------ */

static char *write_temp(const char *content)
{
    static char paths[4][64];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, 64, "/tmp/tidings-segment-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    return path;
}

static void test_options(void **state)
{
    (void)state;
    /* tokens = false: sentences only */
    td_harness *h = stage((const char *[]){"tokens=false", NULL});
    const char *text = "Mr. Li spoke. Trade rose.";
    td_doc *doc = run_with(h, text, strlen(text));
    size_t n;
    assert_null(td_doc_layer(doc, "token", &n));
    assert_int_equal(n, 0);
    assert_string_equal(sentence_list(doc), "Mr. Li spoke. || Trade rose.");
    td_doc_free(doc);
    td_harness_free(h);

    /* line_breaks = false: hard-wrapped text, only blank lines end sentences */
    h = stage((const char *[]){"line_breaks=false", NULL});
    text = "Exports to\nEurope doubled\nin 2025.\n\nNext Paragraph";
    doc = run_with(h, text, strlen(text));
    assert_string_equal(sentence_list(doc), "Exports to\nEurope doubled\nin 2025. || Next Paragraph");
    td_doc_free(doc);
    td_harness_free(h);

    /* our own lists, by path */
    char opt1[128], opt2[128];
    snprintf(opt1, sizeof(opt1), "abbreviations=%s",
             write_temp("# test\nAcme.\tinner\nCo.\tabbr\nNo.\tnumber\n"));
    snprintf(opt2, sizeof(opt2), "starters=%s", write_temp("Then\n"));
    h = stage((const char *[]){opt1, opt2, NULL});
    text = "Bought by Acme. Then sold. Sold to Co. The end. Sold to Co. Then again. Mr. Li.";
    doc = run_with(h, text, strlen(text));
    assert_string_equal(sentence_list(doc),
                        "Bought by Acme. Then sold. || Sold to Co. The end. || "
                        "Sold to Co. || Then again. || Mr. || Li.");
    td_doc_free(doc);
    td_harness_free(h);
    unlink(opt1 + strlen("abbreviations="));
    unlink(opt2 + strlen("starters="));

    /* broken lists fail the stage's start with the reason */
    static const struct {
        const char *content, *message;
    } bad[] = {
        {"Acme.\tsometimes\n", "unknown class 'sometimes'"},
        {"Acme\tabbr\n", "does not end with a period"},
        {" Acme.\tabbr\n", ":1:"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(opt1, sizeof(opt1), "abbreviations=%s", write_temp(bad[i].content));
        h = td_harness_new();
        assert_int_equal(td_harness_add(h, "segment", (const char *[]){opt1, NULL}), -1);
        if (!strstr(td_harness_errmsg(h), bad[i].message))
            fail_msg("want '%s' in: %s", bad[i].message, td_harness_errmsg(h));
        td_harness_free(h);
        unlink(opt1 + strlen("abbreviations="));
    }
    h = td_harness_new();
    assert_int_equal(td_harness_add(h, "segment", (const char *[]){"starters=nosuch.tsv", NULL}),
                     -1);
    assert_non_null(strstr(td_harness_errmsg(h), "nosuch.tsv"));
    assert_int_equal(td_harness_add(h, "segment", (const char *[]){"tokens=maybe", NULL}), -1);
    td_harness_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenisation_rules),
        cmocka_unit_test(test_token_labels_and_shapes),
        cmocka_unit_test(test_word_shapes_as_scanned),
        cmocka_unit_test(test_number_values),
        cmocka_unit_test(test_sent_start),
        cmocka_unit_test(test_sentence_rules),
        cmocka_unit_test(test_headings_and_paragraphs),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_nul_and_replacement),
        cmocka_unit_test(test_long_single_lines),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
