/* The normalise stage: pass-through, NFC/NFKC, case folding, white space,
 * quotes, dashes, invisible characters, invalid UTF-8, alignment back to
 * the original, options, large and odd inputs, and Unicode's conformance
 * data (NormalizationTest.txt) when the machine has it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include <tidings/doc.h>
#include <tidings/harness.h>
#include <tidings/utf8.h>

/* ---- helpers ------------------------------------------------------------ */

static td_harness *stage(const char *const *opts)
{
    td_harness *h = td_harness_new();
    assert_non_null(h);
    if (td_harness_add(h, "normalise", opts) != 0)
        fail_msg("cannot add normalise: %s", td_harness_errmsg(h));
    return h;
}

static td_doc *run_raw(td_harness *h, const char *text, size_t len)
{
    td_doc *doc = td_doc_new("n1", text, len);
    assert_non_null(doc);
    if (td_harness_run(h, doc) != 0)
        fail_msg("normalise failed: %s", td_harness_errmsg(h));
    return doc;
}

static td_doc *run(td_harness *h, const char *text)
{
    return run_raw(h, text, strlen(text));
}

/* Normalise `in` with `opts` and compare the working text. */
static td_doc *expect(const char *const *opts, const char *in, const char *out)
{
    td_harness *h = stage(opts);
    td_doc *doc = run(h, in);
    td_harness_free(h);
    assert_string_equal(td_doc_text(doc, NULL), out);
    return doc;
}

static double doc_num(const td_doc *doc, const char *key)
{
    const td_attr *a = td_doc_attr(doc, key);
    assert_non_null(a);
    assert_int_equal(a->type, TD_ATTR_NUMBER);
    return a->v.n;
}

/* The working text's `nth` (from 0) occurrence of `needle` maps back to
 * `orig` in the original, at code points [cps, cpe). */
static void span_is(td_doc *doc, const char *needle, int nth, const char *orig, size_t cps,
                    size_t cpe)
{
    size_t wlen, olen, nlen = strlen(needle);
    const char *w = td_doc_text(doc, &wlen);
    const char *o = td_doc_original(doc, &olen);
    const char *hit = w - 1;
    for (int k = 0; k <= nth; k++) {
        hit = memmem(hit + 1, wlen - (size_t)(hit + 1 - w), needle, nlen);
        if (!hit)
            fail_msg("'%s' (#%d) is not in the working text '%s'", needle, nth, w);
    }
    size_t os, oe;
    td_doc_span_original(doc, (size_t)(hit - w), (size_t)(hit - w) + nlen, &os, &oe);
    assert_true(os <= oe && oe <= olen);
    char got[512];
    assert_true(oe - os < sizeof(got));
    memcpy(got, o + os, oe - os);
    got[oe - os] = '\0';
    assert_string_equal(got, orig);
    size_t gs = td_doc_cp_offset(doc, os), ge = td_doc_cp_offset(doc, oe);
    if (gs != cps || ge != cpe)
        fail_msg("'%s' maps to code points [%zu, %zu), not [%zu, %zu)", needle, gs, ge, cps, cpe);
}

static size_t cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

#define OPTS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- behaviour ------------------------------------------------------------ */

static void test_plain_text_passes_through(void **state)
{
    (void)state;
    const char *ascii = "The central bank held its benchmark rate at 3.45% on Tuesday, "
                        "citing slower growth in the second quarter.\n"
                        "Analysts had expected a cut of 25 basis points.";
    td_doc *doc = expect(NULL, ascii, ascii);
    assert_false(td_doc_rewritten(doc));
    assert_int_equal(doc_num(doc, "normalise.changes"), 0);
    assert_int_equal(doc_num(doc, "normalise.invalid_utf8"), 0);
    td_doc_free(doc);

    /* Already in NFC: accented Latin, CJK, Hangul, Cyrillic, emoji. */
    const char *nfc = "Zürich-based UBS said café prices in São Paulo rose 4.2%. "
                      "国内生产总值增长5.2%。한국은행 기준금리 3.5%. "
                      "Центробанк сохранил ставку. Markets 📈 rallied.";
    doc = expect(NULL, nfc, nfc);
    assert_false(td_doc_rewritten(doc));
    td_doc_free(doc);
    /* And under NFKC with case folding too, when nothing needs folding. */
    doc = expect(OPTS("form=NFKC", "casefold=true"), "exports rose 6.1% in 2025.",
                 "exports rose 6.1% in 2025.");
    assert_false(td_doc_rewritten(doc));
    td_doc_free(doc);
}

static void test_nfc_composes(void **state)
{
    (void)state;
    /* "Cafe" + U+0301, "Ho" + U+0302 "\u0323" (o, circumflex, dot below). */
    td_doc *doc = expect(NULL, "The Cafe\u0301 de Flore in Ha\u0300 No\u0323\u0302i reopened.",
                         "The Café de Flore in Hà Nội reopened.");
    assert_true(td_doc_rewritten(doc));
    span_is(doc, "Café", 0, "Cafe\u0301", 4, 9);
    span_is(doc, "Caf", 0, "Caf", 4, 7);
    span_is(doc, "é", 0, "e\u0301", 7, 9);
    span_is(doc, "Nội", 0, "No\u0323\u0302i", 26, 31);
    span_is(doc, "reopened", 0, "reopened", 32, 40);
    assert_int_equal(doc_num(doc, "normalise.changes"), 3);
    td_doc_free(doc);

    /* form=none leaves the decomposed text alone. */
    doc = expect(OPTS("form=none"), "Cafe\u0301", "Cafe\u0301");
    assert_false(td_doc_rewritten(doc));
    td_doc_free(doc);
}

static void test_nfkc_fullwidth_digits(void **state)
{
    (void)state;
    const char *in = "GDP reached ４５．４７ trillion yuan in 2023, up 5.2%.";
    td_doc *doc = expect(OPTS("form=NFKC"), in, "GDP reached 45.47 trillion yuan in 2023, up 5.2%.");
    span_is(doc, "45.47", 0, "４５．４７", 12, 17);
    span_is(doc, "5", 0, "５", 13, 14); /* one digit maps to one digit */
    span_is(doc, "45.47 trillion yuan", 0, "４５．４７ trillion yuan", 12, 31);
    span_is(doc, "2023", 0, "2023", 35, 39);
    assert_int_equal(doc_num(doc, "normalise.changes"), 5);
    td_doc_free(doc);

    /* NFC keeps compatibility forms. */
    doc = expect(NULL, in, in);
    assert_false(td_doc_rewritten(doc));
    td_doc_free(doc);
}

static void test_nfkc_ligature(void **state)
{
    (void)state;
    td_doc *doc = expect(OPTS("form=NFKC"), "The ﬁnance ministry's oﬃce cut ﬁscal targets.",
                         "The finance ministry's office cut fiscal targets.");
    span_is(doc, "finance", 0, "ﬁnance", 4, 10);
    span_is(doc, "nance", 0, "nance", 5, 10);
    span_is(doc, "f", 0, "ﬁ", 4, 5); /* half a ligature grows to all of it */
    span_is(doc, "office", 0, "oﬃce", 22, 26);
    span_is(doc, "fiscal", 0, "ﬁscal", 31, 36);
    span_is(doc, "targets", 0, "targets", 37, 44);
    td_doc_free(doc);
}

static void test_quotes_and_dashes(void **state)
{
    (void)state;
    const char *in = "“We will act,” the minister said — adding that the 2024–2025 budget’s "
                     "deficit of −3.1% was ‘manageable’ and prices rose—sharply.";
    td_doc *doc = expect(NULL, in,
                         "\"We will act,\" the minister said - adding that the 2024-2025 "
                         "budget's deficit of -3.1% was 'manageable' and prices rose - sharply.");
    span_is(doc, "\"We", 0, "“We", 0, 3);
    span_is(doc, "We will act,\"", 0, "We will act,”", 1, 14);
    span_is(doc, "-", 0, "—", 33, 34);
    span_is(doc, "2024-2025", 0, "2024–2025", 51, 60);
    span_is(doc, "budget's", 0, "budget’s", 61, 69);
    span_is(doc, "-3.1%", 0, "−3.1%", 81, 86);
    /* The unspaced em dash gets spaces that map to the dash alone. */
    span_is(doc, "rose", 0, "rose", 115, 119);
    span_is(doc, " - ", 1, "—", 119, 120);
    span_is(doc, "sharply", 0, "sharply", 120, 127);
    td_doc_free(doc);

    doc = expect(OPTS("quotes=false", "dashes=false"), in, in);
    assert_false(td_doc_rewritten(doc));
    td_doc_free(doc);

    /* Primes and low quotes; dashes next to dashes and at the edges. */
    doc = expect(NULL, "„Nein“, sagte er. The 6′2″ guard‚ ‛x‟ ——redacted—", "\"Nein\", sagte er. The 6'2\" guard' 'x\" -- redacted -");
    td_doc_free(doc);
}

static void test_whitespace(void **state)
{
    (void)state;
    const char *in = "Oil  prices\u00A0rose\t 2%.\n\n\n  Brent crude settled\r\nat $82.\u2003Traders   \n"
                     "   \n  cheered.\u2029Next\u2028line\r\r\rend ";
    td_doc *doc = expect(NULL, in,
                         "Oil prices rose 2%.\n\nBrent crude settled\nat $82. Traders\n\ncheered."
                         "\n\nNext\nline\n\nend ");
    span_is(doc, "prices rose", 0, "prices\u00A0rose", 5, 16);
    span_is(doc, "Oil prices", 0, "Oil  prices", 0, 11);
    span_is(doc, "Brent", 0, "Brent", 26, 31);
    span_is(doc, "settled\nat", 0, "settled\r\nat", 38, 49);
    span_is(doc, "Traders", 0, "Traders", 55, 62);
    span_is(doc, "cheered.", 0, "cheered.", 72, 80);
    td_doc_free(doc);

    doc = expect(OPTS("whitespace=false"), "Oil  prices\u00A0rose\t 2%.\r\n",
                 "Oil  prices\u00A0rose\t 2%.\r\n");
    assert_false(td_doc_rewritten(doc));
    td_doc_free(doc);
    /* NFKC turns the NBSP into a space even without collapsing. */
    doc = expect(OPTS("whitespace=false", "form=NFKC"), "a\u00A0 b", "a  b");
    td_doc_free(doc);
}

/* The fast path takes ASCII eight bytes at a time: a second space, a tab,
 * a DEL or a capital to fold at any position of a block (and a space as
 * a block's last byte) must still be seen. */
static void test_ascii_blocks(void **state)
{
    (void)state;
    const char *base = "Exports rose 6.1% in the third quarter, officials said on Monday.";
    size_t n = strlen(base);
    td_harness *h = stage(NULL);
    td_harness *keep = stage(OPTS("controls=false"));
    td_harness *fold = stage(OPTS("casefold=true"));
    char in[128], low[128];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(base[i] >= 'A' && base[i] <= 'Z' ? base[i] + 32 : base[i]);
    low[n] = '\0';
    for (size_t k = 0; k <= n; k++) {
        /* an extra space, or a DEL, at k */
        for (int what = 0; what < 2; what++) {
            memcpy(in, base, k);
            in[k] = what ? '\x7f' : ' ';
            memcpy(in + k + 1, base + k, n - k + 1);
            td_doc *doc = run(h, in);
            bool collapses = what == 1 || (k > 0 && base[k - 1] == ' ') || base[k] == ' ';
            assert_string_equal(td_doc_text(doc, NULL), collapses ? base : in);
            td_doc_free(doc);
            doc = run(keep, in);
            assert_string_equal(td_doc_text(doc, NULL), what || !collapses ? in : base);
            td_doc_free(doc);
        }
        if (k < n && base[k] == ' ') { /* a tab for the space */
            memcpy(in, base, n + 1);
            in[k] = '\t';
            td_doc *doc = run(h, in);
            assert_string_equal(td_doc_text(doc, NULL), base);
            td_doc_free(doc);
        }
    }
    td_doc *doc = run(fold, base);
    assert_string_equal(td_doc_text(doc, NULL), low);
    td_doc_free(doc);
    td_harness_free(h);
    td_harness_free(keep);
    td_harness_free(fold);
}

static void test_controls_and_zero_width(void **state)
{
    (void)state;
    const char *in = "The Bun\u00ADdes\u00ADbank\u200B said\x01"
                     " exports\u200D fell \xC2\x80\xC2\x9F"
                     "4%\uFEFF.";
    td_doc *doc = expect(NULL, in, "The Bundesbank said exports fell 4%.");
    span_is(doc, "Bundesbank", 0, "Bun\u00ADdes\u00ADbank", 4, 16);
    span_is(doc, "said", 0, "said", 18, 22);
    span_is(doc, "exports", 0, "exports", 24, 31);
    span_is(doc, "4%", 0, "4%", 40, 42);
    span_is(doc, "4%.", 0, "4%\uFEFF.", 40, 44);
    td_doc_free(doc);

    /* NUL bytes, through td_doc_new with a length. */
    const char raw[] = "rate\0 cut\0\0 expected";
    td_harness *h = stage(NULL);
    doc = run_raw(h, raw, sizeof(raw) - 1);
    assert_string_equal(td_doc_text(doc, NULL), "rate cut expected");
    span_is(doc, "cut", 0, "cut", 6, 9);
    td_doc_free(doc);
    td_harness_free(h);

    doc = expect(OPTS("controls=false"), "zero\u200Bwidth", "zero\u200Bwidth");
    assert_false(td_doc_rewritten(doc));
    td_doc_free(doc);
    /* Tab and line breaks are white space, not controls. */
    doc = expect(OPTS("whitespace=false"), "a\tb\r\nc\x0B\x0C\x02", "a\tb\r\nc\x0B\x0C");
    td_doc_free(doc);
}

static void test_casefold(void **state)
{
    (void)state;
    td_doc *doc = expect(OPTS("casefold=true"),
                         "The ECB and the Straße Group: İstanbul ΣΟΦΊΑ, CAFE\u0301.",
                         "the ecb and the strasse group: i\u0307stanbul σοφία, café.");
    span_is(doc, "strasse", 0, "Straße", 16, 22);
    span_is(doc, "ecb", 0, "ECB", 4, 7);
    span_is(doc, "café", 0, "CAFE\u0301", 46, 51);
    td_doc_free(doc);
    doc = expect(OPTS("casefold=true", "form=NFKC"), "ＧＤＰ ﬁgures", "gdp figures");
    span_is(doc, "gdp", 0, "ＧＤＰ", 0, 3);
    td_doc_free(doc);
    doc = expect(OPTS("casefold=true", "form=none"), "ΣΟΦΊΑ Straße", "σοφία strasse");
    td_doc_free(doc);
}

static void test_invalid_utf8_counted(void **state)
{
    (void)state;
    const char raw[] = "Exports \xFF rose \xE2\x82 4% \xC3\xA9\xC0\xAF to \xEF\xBF\xBD.";
    td_harness *h = stage(NULL);
    td_doc *doc = run_raw(h, raw, sizeof(raw) - 1);
    assert_int_equal(td_doc_repaired(doc), 4);
    assert_int_equal(doc_num(doc, "normalise.invalid_utf8"), 4);
    assert_string_equal(td_doc_text(doc, NULL),
                        "Exports \uFFFD rose \uFFFD 4% é\uFFFD\uFFFD to \uFFFD.");
    assert_false(td_doc_rewritten(doc)); /* U+FFFD itself stays */
    td_doc_free(doc);
    td_harness_free(h);
}

static void test_empty_and_odd_inputs(void **state)
{
    (void)state;
    td_harness *h = stage(NULL);
    td_doc *doc = run_raw(h, "", 0);
    assert_string_equal(td_doc_text(doc, NULL), "");
    assert_false(td_doc_rewritten(doc));
    assert_int_equal(doc_num(doc, "normalise.changes"), 0);
    td_doc_free(doc);
    td_harness_free(h);

    /* A lone combining mark, at the start and after white space. */
    td_doc_free(expect(NULL, "\u0301rates \u0301 rose", "\u0301rates \u0301 rose"));
    /* Conjoining Hangul jamo compose; a syllable and a trailing jamo too. */
    doc = expect(NULL, "\u1112\u1161\u11AB\uAC00\u11A8 은행", "한각 은행");
    span_is(doc, "한", 0, "\u1112\u1161\u11AB", 0, 3);
    td_doc_free(doc);
    /* Emoji ZWJ sequences: the joiners are zero-width and go, unless kept. */
    td_doc_free(expect(NULL, "family \U0001F468\u200D\U0001F469\u200D\U0001F467 day",
                       "family \U0001F468\U0001F469\U0001F467 day"));
    td_doc_free(expect(OPTS("controls=false"), "\U0001F468\u200D\U0001F469\uFE0F",
                       "\U0001F468\u200D\U0001F469\uFE0F"));
    /* A zero-width space between a letter and its accent: both join. */
    td_doc_free(expect(NULL, "e\u200B\u0301", "é"));
    /* Only removed characters, only white space. */
    td_doc_free(expect(NULL, "\u200B\u200B\x01", ""));
    td_doc_free(expect(NULL, " \t\u00A0 ", " "));
    td_doc_free(expect(NULL, "\n\n\n", "\n\n"));
    /* Marks out of canonical order are put in order. */
    td_doc_free(expect(NULL, "x\u0301\u0316", "x\u0316\u0301"));
    /* A long run of marks in reverse order ends, and in bounded time. */
    size_t n = 20000;
    char *marks = malloc(1 + n * 4 + 1);
    assert_non_null(marks);
    size_t len = 0;
    marks[len++] = 'a';
    for (size_t i = 0; i < n; i++)
        len += td_utf8_encode(i % 2 ? 0x0316 : 0x0301, marks + len);
    h = stage(NULL);
    doc = run_raw(h, marks, len);
    size_t wlen;
    td_doc_text(doc, &wlen);
    assert_true(wlen > n);
    td_doc_free(doc);
    td_harness_free(h);
    free(marks);
}

static void test_bad_options_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"form=NFD", "form=NFKD", "form=", "casefold=maybe",
                                      "whitespace=2", "quotes=sometimes", "dashes=yes please",
                                      "controls=", "lowercase=true"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        td_harness *h = td_harness_new();
        assert_int_equal(td_harness_add(h, "normalise", (const char *[]){bad[i], NULL}), -1);
        const char *msg = td_harness_errmsg(h);
        assert_true(msg && *msg);
        if (strncmp(bad[i], "form=", 5) == 0) {
            assert_non_null(strstr(msg, "NFC"));
            assert_non_null(strstr(msg, "NFKC"));
            assert_non_null(strstr(msg, "none"));
        }
        td_harness_free(h);
    }
    /* The good spellings load. */
    td_harness_free(stage(OPTS("form=nfkc", "casefold=yes", "whitespace=off", "quotes=0",
                               "dashes=false", "controls=on")));
}

/* A feed-sized document: many megabytes, every kind of change. */
static void test_large_document(void **state)
{
    (void)state;
    const char *para = "“Exports rose 6.1%,” the ministry said — the ﬁrst gain\u00A0since March.\n"
                       "Cafe\u0301 owners in Ha\u0300 No\u0323\u0302i and 서울 cheered\u200B; "
                       "GDP hit ４５．４７ trillion yuan \U0001F468\u200D\U0001F469.  \n\n";
    const char *want = "\"Exports rose 6.1%,\" the ministry said - the ﬁrst gain since March.\n"
                       "Café owners in Hà Nội and 서울 cheered; "
                       "GDP hit ４５．４７ trillion yuan \U0001F468\U0001F469.\n\n";
    size_t plen = strlen(para), wantlen = strlen(want);
    size_t reps = 5 * 1024 * 1024 / plen + 1;
    char *big = malloc(reps * plen + 1);
    assert_non_null(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * plen, para, plen);
    td_harness *h = stage(NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    td_doc *doc = run_raw(h, big, reps * plen);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    print_message("normalise: %.1f MB of mixed text in %.3f s\n",
                  (double)(reps * plen) / 1e6, secs);
    size_t wlen;
    const char *w = td_doc_text(doc, &wlen);
    assert_int_equal(wlen, reps * wantlen);
    assert_memory_equal(w, want, wantlen);
    assert_memory_equal(w + (reps - 1) * wantlen, want, wantlen);
    /* The last "Café" maps to the last "Cafe\u0301", by code points. */
    size_t at = (reps - 1) * wantlen + (size_t)(strstr(want, "Café") - want), os, oe;
    td_doc_span_original(doc, at, at + strlen("Café"), &os, &oe);
    size_t cafe = (size_t)(strstr(para, "Cafe") - para);
    assert_int_equal(os, (reps - 1) * plen + cafe);
    assert_int_equal(oe, (reps - 1) * plen + cafe + strlen("Cafe\u0301"));
    size_t pcps = cp_count(para, plen), before = cp_count(para, cafe);
    assert_int_equal(td_doc_cp_offset(doc, os), (reps - 1) * pcps + before);
    assert_int_equal(td_doc_cp_offset(doc, oe), (reps - 1) * pcps + before + 5);
    td_doc_free(doc);

    /* Plain ASCII of the same size is not copied at all. */
    for (size_t i = 0; i < reps * plen; i++)
        big[i] = (char)("Markets rallied on Friday. "[i % 27]);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    doc = run_raw(h, big, reps * plen);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    print_message("normalise: %.1f MB of ASCII in %.3f s\n", (double)(reps * plen) / 1e6, secs);
    assert_false(td_doc_rewritten(doc));
    td_doc_free(doc);
    td_harness_free(h);
    free(big);
}

/* ---- against utf8proc on the whole text, and idempotence ----------------- */

/* Starters, marks in and out of order, things that compose, that are
 * excluded from composition, singletons, Hangul jamo, compatibility forms,
 * case pairs, and characters beyond the BMP. */
static const int32_t pool[] = {
    'a', 'e', 'o', 'E', 'K', 'A', '<', '=', '.', 0x0301, 0x0323, 0x0308, 0x0316, 0x0338,
    0x0302, 0x030A, 0x0345, 0x093C, 0x094D, 0x0915, 0x0958, 0x1100, 0x1112, 0x1161, 0x11AB,
    0x11A8, 0xAC00, 0xD55C, 0xFB01, 0xFF14, 0xFF21, 0xFF9E, 0x3099, 0x304B, 0x00E9, 0x00EA,
    0x00C5, 0x212B, 0x212A, 0x2126, 0x1E9B, 0x0344, 0x0F73, 0x0F71, 0x0F72, 0x0B47, 0x0B3E,
    0x0CBF, 0x0CD5, 0x00DF, 0x0130, 0x03A3, 0x03C2, 0x0385, 0x00A8, 0x1F600, 0x1D15E,
    0x1D165, 0x2F800, 0x11099, 0x110BA, 0xFDFA, 0xFFFD, 0x2033, 0x2014, 0xFE58, 0x00A0,
};

/* TD_TEST_SEED=n picks another sequence (to shake out more cases by hand). */
static uint32_t rng_state = 12345u;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static size_t random_text(char *buf, const int32_t *from, size_t nfrom, size_t maxcps)
{
    size_t n = 1 + rng() % maxcps, len = 0;
    for (size_t i = 0; i < n; i++)
        len += td_utf8_encode(from[rng() % nfrom], buf + len);
    buf[len] = '\0';
    return len;
}

static void test_matches_utf8proc(void **state)
{
    (void)state;
    static const struct {
        const char *form, *casefold;
        int opts;
    } cases[] = {
        {"form=NFC", "casefold=false", UTF8PROC_COMPOSE},
        {"form=NFKC", "casefold=false", UTF8PROC_COMPOSE | UTF8PROC_COMPAT},
        {"form=NFC", "casefold=true", UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD},
        {"form=NFKC", "casefold=true", UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD},
        {"form=none", "casefold=true", UTF8PROC_CASEFOLD},
    };
    char in[24 * 4 + 1];
    if (getenv("TD_TEST_SEED"))
        rng_state = (uint32_t)strtoul(getenv("TD_TEST_SEED"), NULL, 10);
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        td_harness *h = stage(OPTS(cases[c].form, cases[c].casefold, "whitespace=false",
                                   "quotes=false", "dashes=false", "controls=false"));
        for (int iter = 0; iter < 3000; iter++) {
            size_t len = random_text(in, pool, sizeof(pool) / sizeof(pool[0]), 24);
            utf8proc_uint8_t *ref = NULL;
            utf8proc_ssize_t rlen = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len,
                                                 &ref, UTF8PROC_STABLE | cases[c].opts);
            assert_true(rlen >= 0);
            td_doc *doc = run_raw(h, in, len);
            size_t wlen, olen;
            const char *w = td_doc_text(doc, &wlen);
            td_doc_original(doc, &olen);
            if ((size_t)rlen != wlen || memcmp(w, ref, wlen) != 0)
                fail_msg("%s %s: '%s' gave '%s', utf8proc '%s'", cases[c].form,
                         cases[c].casefold, in, w, (const char *)ref);
            size_t os, oe;
            td_doc_span_original(doc, 0, wlen, &os, &oe);
            assert_int_equal(os, 0);
            assert_int_equal(oe, olen);
            /* Normalised text passes again untouched (NFC and NFKC are
             * idempotent; case folding then composing need not be). */
            if (strcmp(cases[c].casefold, "casefold=false") == 0) {
                td_doc *again = run_raw(h, w, wlen);
                if (td_doc_rewritten(again))
                    fail_msg("%s: '%s' changed again to '%s'", cases[c].form, w,
                             td_doc_text(again, NULL));
                td_doc_free(again);
            }
            td_doc_free(doc);
            free(ref);
        }
        td_harness_free(h);
    }
}

/* With every option on: output is stable under a second pass, and every
 * working code point maps into the original in order. */
static void test_default_options_stable_and_aligned(void **state)
{
    (void)state;
    static const int32_t mix[] = {
        'a', 'b', 'e', ' ', ' ', '\n', '\r', '\t', 0, 0x01, '-', '"', 0x0301, 0x0316, 0x00A0,
        0x2003, 0x2028, 0x2029, 0x201C, 0x2019, 0x2014, 0x2013, 0x2212, 0x200B, 0x200D, 0xFEFF,
        0x00AD, 0x0085, 0x1112, 0x1161, 0x11AB, 0xFB01, 0xFF14, 0x1F468, 0xFE58, 0x2033,
    };
    char in[40 * 4 + 1];
    static const char *const forms[] = {"form=NFC", "form=NFKC"};
    for (size_t f = 0; f < 2; f++) {
        td_harness *h = stage(OPTS(forms[f]));
        for (int iter = 0; iter < 3000; iter++) {
            size_t len = random_text(in, mix, sizeof(mix) / sizeof(mix[0]), 40);
            td_doc *doc = run_raw(h, in, len);
            size_t wlen, olen;
            const char *w = td_doc_text(doc, &wlen);
            td_doc_original(doc, &olen);
            assert_int_equal(td_utf8_valid_prefix(w, wlen), wlen);
            size_t prev_s = 0, prev_e = 0;
            for (size_t k = 0; k < wlen;) {
                int32_t cp;
                size_t l = td_utf8_decode(w + k, wlen - k, &cp), os, oe;
                td_doc_span_original(doc, k, k + l, &os, &oe);
                assert_true(os < oe && oe <= olen); /* every character has a source */
                assert_true(os >= prev_s && oe >= prev_e);
                prev_s = os;
                prev_e = oe;
                k += l;
            }
            td_doc *again = run_raw(h, w, wlen);
            if (td_doc_rewritten(again)) {
                for (size_t k = 0; k < len; k++)
                    fprintf(stderr, "%02x ", (unsigned char)in[k]);
                fprintf(stderr, "\n");
                fail_msg("'%s' changed again to '%s'", w, td_doc_text(again, NULL));
            }
            td_doc_free(again);
            td_doc_free(doc);
        }
        td_harness_free(h);
    }
}

/* ---- Unicode's conformance data ------------------------------------------ */

/* One field of NormalizationTest.txt ("1E0A 0323") as UTF-8 into out.
 * Returns the text after the ';', or NULL; *unknown when a code point is
 * unassigned in this utf8proc. */
static const char *parse_field(const char *s, char *out, size_t *outlen, bool *unknown)
{
    size_t len = 0;
    for (;;) {
        while (*s == ' ')
            s++;
        if (*s == ';') {
            out[len] = '\0';
            *outlen = len;
            return s + 1;
        }
        char *end;
        long cp = strtol(s, &end, 16);
        if (end == s || cp < 0 || cp > 0x10FFFF || len + 4 >= 256)
            return NULL;
        if (utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_CN)
            *unknown = true;
        len += td_utf8_encode((int32_t)cp, out + len);
        s = end;
    }
}

static bool same_after(td_harness *h, const char *in, size_t len, const char *want, size_t wantlen)
{
    td_doc *doc = run_raw(h, in, len);
    size_t wlen, olen, os, oe;
    const char *w = td_doc_text(doc, &wlen);
    td_doc_original(doc, &olen);
    td_doc_span_original(doc, 0, wlen, &os, &oe);
    bool ok = wlen == wantlen && memcmp(w, want, wlen) == 0 && os == 0 && oe == olen;
    td_doc_free(doc);
    return ok;
}

static void test_unicode_conformance(void **state)
{
    (void)state;
    const char *path = getenv("TD_NORMALIZATION_TEST");
    FILE *fp = NULL;
    bool piped = false;
    if (path)
        fp = fopen(path, "r");
    else if ((fp = fopen("/usr/share/unicode/NormalizationTest.txt", "r")))
        path = "/usr/share/unicode/NormalizationTest.txt";
    else if ((fp = fopen("/usr/share/unicode/NormalizationTest.txt.bz2", "r"))) {
        /* Debian's unicode-data ships it compressed. */
        fclose(fp);
        path = "/usr/share/unicode/NormalizationTest.txt.bz2";
        fp = popen("bzip2 -dc /usr/share/unicode/NormalizationTest.txt.bz2 2>/dev/null", "r");
        piped = fp != NULL;
    }
    if (!fp) {
        print_message("NormalizationTest.txt not found (apt-get install unicode-data, or "
                      "set TD_NORMALIZATION_TEST): conformance test skipped\n");
        skip();
    }
    static const char *const off[] = {"whitespace=false", "quotes=false", "dashes=false",
                                      "controls=false"};
    td_harness *nfc = stage(OPTS("form=NFC", off[0], off[1], off[2], off[3]));
    td_harness *nfkc = stage(OPTS("form=NFKC", off[0], off[1], off[2], off[3]));
    char line[2048], c[5][256];
    size_t clen[5], checked = 0, skipped = 0, failed = 0;
    char version[64] = "?";
    while (fgets(line, sizeof(line), fp)) {
        if (line[0] == '#' || line[0] == '@' || line[0] == '\n') {
            if (strncmp(line, "# NormalizationTest-", 20) == 0)
                sscanf(line + 20, "%63[0-9.]", version);
            for (size_t n = strlen(version); n > 0 && version[n - 1] == '.'; n--)
                version[n - 1] = '\0';
            continue;
        }
        bool unknown = false;
        const char *s = line;
        for (int k = 0; k < 5 && s; k++)
            s = parse_field(s, c[k], &clen[k], &unknown);
        if (!s) {
            fail_msg("cannot parse: %s", line);
        }
        if (unknown) {
            skipped++;
            continue;
        }
        checked++;
        bool ok = true;
        for (int k = 0; k < 3; k++)
            ok = ok && same_after(nfc, c[k], clen[k], c[1], clen[1]);
        for (int k = 3; k < 5; k++)
            ok = ok && same_after(nfc, c[k], clen[k], c[3], clen[3]);
        for (int k = 0; k < 5; k++)
            ok = ok && same_after(nfkc, c[k], clen[k], c[3], clen[3]);
        if (!ok && failed++ < 10)
            print_message("conformance failure: %s", line);
    }
    if (piped)
        pclose(fp);
    else
        fclose(fp);
    td_harness_free(nfc);
    td_harness_free(nfkc);
    if (checked + skipped == 0) {
        print_message("%s gave no test lines: conformance test skipped\n", path);
        skip();
    }
    print_message("NormalizationTest %s (utf8proc %s, Unicode %s): %zu lines checked, "
                  "%zu skipped (unassigned in utf8proc), %zu failed\n",
                  version, utf8proc_version(), utf8proc_unicode_version(), checked, skipped,
                  failed);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_passes_through),
        cmocka_unit_test(test_nfc_composes),
        cmocka_unit_test(test_nfkc_fullwidth_digits),
        cmocka_unit_test(test_nfkc_ligature),
        cmocka_unit_test(test_quotes_and_dashes),
        cmocka_unit_test(test_whitespace),
        cmocka_unit_test(test_ascii_blocks),
        cmocka_unit_test(test_controls_and_zero_width),
        cmocka_unit_test(test_casefold),
        cmocka_unit_test(test_invalid_utf8_counted),
        cmocka_unit_test(test_empty_and_odd_inputs),
        cmocka_unit_test(test_bad_options_refused),
        cmocka_unit_test(test_large_document),
        cmocka_unit_test(test_matches_utf8proc),
        cmocka_unit_test(test_default_options_stable_and_aligned),
        cmocka_unit_test(test_unicode_conformance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
