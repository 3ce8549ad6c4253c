/* The segment tokeniser's inner loop (fast_words) makes again what its
 * general path makes for the most frequent tokens. This suite tokenises
 * texts with both, the plugin's tokeniser and the general path alone
 * (segment_general.c), and asserts the same tokens, attributes, numbers and
 * sentences: a rule changed in one place and not the other fails here.
 * Texts: the gold documents (tests/segment_gold.txt, one text each way
 * of joining its lines), and texts made of pieces that sit on the edges
 * of the inner loop's cases (clitics, hyphens, periods after words,
 * thousands, decimals, runs of punctuation, UTF-8, 16-byte words), put
 * together by a fixed pseudo-random sequence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

#include "segment.h"

int seg_tokenise_general(const seg_lexicon *lex, const char *text, size_t len, seg_toks *out);
void seg_toks_free_general(seg_toks *t);
extern const char *const seg_label_names_general[SEG_NLABELS];

static seg_lexicon lex;

static int setup(void **state)
{
    (void)state;
    char err[512];
    lex.line_breaks = true;
    if (seg_wordset_load(&lex.abbrev, TD_TEST_SRCDIR "/plugins/segment/data/abbreviations.tsv",
                         true, err, sizeof(err)) != 0 ||
        seg_wordset_load(&lex.starters, TD_TEST_SRCDIR "/plugins/segment/data/starters.tsv",
                         false, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    seg_wordset_free(&lex.abbrev);
    seg_wordset_free(&lex.starters);
    return 0;
}

/* text[0, len) (text[len] a NUL) the same both ways; returns its tokens. */
static size_t same_both_ways(const char *text, size_t len)
{
    seg_toks a = {.labels = seg_label_names}, b = {.labels = seg_label_names_general};
    assert_int_equal(seg_tokenise(&lex, text, len, &a), 0);
    assert_int_equal(seg_tokenise_general(&lex, text, len, &b), 0);
    if (a.n != b.n)
        fail_msg("%zu tokens, %zu by the general path, in \"%.*s\"", a.n, b.n, (int)len, text);
    for (size_t i = 0; i < a.n; i++) {
        const td_annot_spec *x = &a.span[i], *y = &b.span[i];
        if (x->start != y->start || x->end != y->end || strcmp(x->label, y->label) != 0 ||
            strcmp(a.shape[i], b.shape[i]) != 0 || memcmp(&a.v[i], &b.v[i], sizeof(seg_tok)) != 0)
            fail_msg("token %zu: \"%.*s\" %s %s, by the general path \"%.*s\" %s %s, in \"%.*s\"",
                     i, (int)(x->end - x->start), text + x->start, x->label, a.shape[i],
                     (int)(y->end - y->start), text + y->start, y->label, b.shape[i], (int)len,
                     text);
    }
    assert_int_equal(a.nnumbers, b.nnumbers);
    for (size_t i = 0; i < a.nnumbers; i++)
        assert_int_equal(a.numbers[i], b.numbers[i]);
    seg_sent *sa, *sb;
    size_t na = seg_split(&lex, text, &a, &sa), nb = seg_split(&lex, text, &b, &sb);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(sa[i].first, sb[i].first);
        assert_int_equal(sa[i].paragraph, sb[i].paragraph);
        assert_int_equal(sa[i].heading, sb[i].heading);
    }
    free(sa);
    free(sb);
    size_t n = a.n;
    seg_toks_free(&a);
    seg_toks_free_general(&b);
    return n;
}

static void test_gold_documents(void **state)
{
    (void)state;
    FILE *f = fopen(TD_TEST_SRCDIR "/tests/segment_gold.txt", "r");
    assert_non_null(f);
    static char text[1 << 16];
    char line[8192];
    size_t len = 0, docs = 0, tokens = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#')
            continue;
        size_t n = strlen(line);
        if (strcmp(line, "%%\n") == 0 || len + n + 1 >= sizeof(text)) {
            text[len] = '\0';
            tokens += same_both_ways(text, len);
            docs++;
            len = 0;
            continue;
        }
        /* the line as it is, prefix and all ("| ", "+"): both ways see
         * the same bytes, which is all that counts here */
        memcpy(text + len, line, n);
        len += n;
    }
    fclose(f);
    text[len] = '\0';
    tokens += same_both_ways(text, len);
    assert_true(docs >= 30);
    assert_true(tokens > 1000);
}

/* Pieces of text for the made-up documents (written for this test). */
static const char *const pieces[] = {
    "the", "The", "exports", "Exports", "GDP", "iPhone", "Q1", "5G", "10th", "1990s", "A", "I",
    "a", "x", "year-on-year", "Asia-Pacific", "COVID-19", "mid-2026", "a-B", "X-Y-Z", "q1-Q2",
    "A-1", "1-A", "a--b", "-a-", "x-", "state-owned's", "China's", "China’s", "don't", "we're",
    "they've", "it'll", "she'd", "I'm", "IT'S", "x's", "x'ss", "O'Brien", "d'Ivoire", "ab'cd",
    "2025's", "U.S.", "U.S", "a.m.", "J.P.", "F.", "e.g.", "i.e.", "Mr.", "Dr.", "Inc.", "inc.",
    "Co.", "CO.", "Corp.", "Ltd.", "No.", "no.", "Fig.", "Jan.", "Dec.", "etc.", "vs.", "Ph.D.",
    "year.", "us.", "ab.", "AB.", "x.", "www.", "Www.", "www.example.com", "Amazon.com",
    "Amazon.Com", "ab.cd", "http://example.com/a(b)", "li@example.com", "a@b", "x_y@z.org",
    "2025", "5", "0", "09", "350,000", "1,234,567", "1,234.5", "45.47", "6.5", "1,23", "1,2345",
    "12,34", "2025,", "5.", "5.x", "1.2.3", "3.8-percent", "10bn", "5m", "3pct", "737-800",
    "9:30", "1234567890123456789", "99999999999999999", "0.5%", "$6.5", "US$1.2", "€300",
    "45.47万亿元", "٣", "４５．４７", "1,٣٣٣", "1,22٣", "1.٣", "café", "naïve", "Zürich", "東京",
    "abcdefghijklmnop", "abcdefghijklmnopq", "ABCDEFGHIJKLMNOPQRS", "Abcdefghijklmnopqr-st",
    ",", ".", "...", "…", "!", "?", "!?", ";", ":", "(", ")", "[", "]", "{", "}", "\"", "'", "“",
    "”", "‘", "’", "-", "--", "—", "–", "*", "/", "\\", "_", "#", "&", "@", "%", "+", "=", "<",
    ">", "|", "~", "^", "`", "$", "\n", "\n\n", "\r\n", "\r", "\t", "  ", "\xc2\xa0",
    "\xe2\x80\x8b", "\xc2\xad", "\x01",
};

/* xorshift64*: a fixed sequence, the same texts every run. */
static uint64_t next(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717u;
}

static void test_made_up_documents(void **state)
{
    (void)state;
    const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
    static char text[1 << 14];
    uint64_t x = 0x5eed5eed5eedULL;
    for (int d = 0; d < 3000; d++) {
        size_t len = 0, count = 1 + next(&x) % 150;
        for (size_t k = 0; k < count && len + 64 < sizeof(text); k++) {
            const char *p = pieces[next(&x) % npieces];
            size_t n = strlen(p);
            memcpy(text + len, p, n);
            len += n;
            uint64_t r = next(&x) % 10;
            if (r < 5)
                text[len++] = ' '; /* pieces apart, else run together */
        }
        text[len] = '\0';
        same_both_ways(text, len);
    }
    /* dense runs of one-byte tokens, which fill the arrays fast */
    for (int d = 0; d < 100; d++) {
        static const char dense[] = ",.\"a1 -()'";
        size_t len = 100 + next(&x) % 4000;
        for (size_t k = 0; k < len; k++)
            text[k] = dense[next(&x) % (sizeof(dense) - 1)];
        text[len] = '\0';
        same_both_ways(text, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gold_documents),
        cmocka_unit_test(test_made_up_documents),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
