/* The multi-pattern matcher: spans, boundaries, folding, TSV files, and a
 * comparison with a brute-force matcher on random texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include <tidings/match.h>
#include <tidings/utf8.h>

/* ---- helpers ---- */

/* Matches rendered as "span@start" joined by '|', e.g. "EU@4|IMF@20". */
typedef struct hits {
    const char *text;
    char out[4096];
    size_t len;
    int calls;
    int stop_after; /* return 7 on this call (1-based), 0 never */
} hits;

static int collect(const td_match *mt, void *user)
{
    hits *h = user;
    h->calls++;
    assert_true(mt->start < mt->end);
    int n = snprintf(h->out + h->len, sizeof(h->out) - h->len, "%s%.*s@%zu",
                     h->len ? "|" : "", (int)(mt->end - mt->start), h->text + mt->start,
                     mt->start);
    assert_true(n > 0 && (size_t)n < sizeof(h->out) - h->len);
    h->len += (size_t)n;
    return h->stop_after && h->calls == h->stop_after ? 7 : 0;
}

static const char *scan(const td_matcher *m, const char *text, enum td_scan_mode mode,
                        hits *h)
{
    memset(h, 0, sizeof(*h));
    h->text = text;
    assert_int_equal(td_matcher_scan(m, text, strlen(text), mode, collect, h), 0);
    return h->out;
}

static uint32_t add(td_matcher *m, const char *pattern, unsigned flags)
{
    uint32_t id = UINT32_MAX;
    assert_int_equal(td_matcher_add(m, pattern, strlen(pattern), flags, NULL, 0, &id), 0);
    return id;
}

static td_matcher *matcher_of(const char *const *patterns, unsigned flags)
{
    td_matcher *m = td_matcher_new();
    assert_non_null(m);
    for (size_t i = 0; patterns[i]; i++)
        add(m, patterns[i], flags);
    assert_int_equal(td_matcher_build(m), 0);
    return m;
}

/* ---- spans ---- */

static void test_nested_longest_and_all(void **state)
{
    (void)state;
    const char *pats[] = {"Bank", "People's Bank of China", "Bank of China", "China", NULL};
    td_matcher *m = matcher_of(pats, 0);
    const char *text = "The People's Bank of China held its loan prime rate; "
                       "Bank of China shares rose and China's exporters cheered.";
    hits h;
    assert_string_equal(scan(m, text, TD_SCAN_LONGEST, &h),
                        "People's Bank of China@4|Bank of China@53|China@83");
    assert_string_equal(scan(m, text, TD_SCAN_ALL, &h),
                        "People's Bank of China@4|Bank of China@13|Bank@13|China@21|"
                        "Bank of China@53|Bank@53|China@61|China@83");
    td_matcher_free(m);
}

static void test_overlaps(void **state)
{
    (void)state;
    const char *pats[] = {"trade deficit", "deficit reduction", "reduction", NULL};
    td_matcher *m = matcher_of(pats, 0);
    const char *text = "A trade deficit reduction plan was tabled.";
    hits h;
    assert_string_equal(scan(m, text, TD_SCAN_LONGEST, &h), "trade deficit@2|reduction@16");
    assert_string_equal(scan(m, text, TD_SCAN_ALL, &h),
                        "trade deficit@2|deficit reduction@8|reduction@16");
    td_matcher_free(m);
}

static void test_leftmost_beats_longer_later(void **state)
{
    (void)state;
    /* The leftmost match wins even when a longer one starts inside it. */
    const char *pats[] = {"Reserve Bank", "Bank of India", "India", NULL};
    td_matcher *m = matcher_of(pats, 0);
    hits h;
    assert_string_equal(scan(m, "the Reserve Bank of India said", TD_SCAN_LONGEST, &h),
                        "Reserve Bank@4|India@20");
    td_matcher_free(m);
}

/* ---- boundaries ---- */

static void test_boundaries(void **state)
{
    (void)state;
    const char *pats[] = {"EU", "tariff", NULL};
    td_matcher *m = matcher_of(pats, 0);
    hits h;
    assert_string_equal(scan(m, "EU", TD_SCAN_ALL, &h), "EU@0");
    assert_string_equal(scan(m, "Prices in EUR; NEUTRAL stance; EU27 data", TD_SCAN_ALL, &h), "");
    assert_string_equal(scan(m, "The EU's tariff-free quota (EU).", TD_SCAN_ALL, &h),
                        "EU@4|tariff@9|EU@28");
    assert_string_equal(scan(m, "tariffs, retariff, \"tariff\"", TD_SCAN_ALL, &h), "tariff@20");
    assert_string_equal(scan(m, "EU-China talks end in the EU", TD_SCAN_ALL, &h), "EU@0|EU@26");
    td_matcher_free(m);
}

static void test_patterns_with_punctuation_edges(void **state)
{
    (void)state;
    const char *pats[] = {"U.S.", "$", "(IMF)", NULL};
    td_matcher *m = matcher_of(pats, 0);
    hits h;
    /* "U.S." checks its start only; "$" and "(IMF)" check nothing. */
    assert_string_equal(scan(m, "The U.S. economy grew; US$5 billion flowed.", TD_SCAN_ALL, &h),
                        "U.S.@4|$@25");
    assert_string_equal(scan(m, "AU.S. is no match, U.S.A. is", TD_SCAN_ALL, &h), "U.S.@19");
    assert_string_equal(scan(m, "Fund(IMF)staff", TD_SCAN_ALL, &h), "(IMF)@4");
    td_matcher_free(m);
}

/* ---- UTF-8 and folding ---- */

static void test_multibyte_text_and_patterns(void **state)
{
    (void)state;
    td_matcher *m = td_matcher_new();
    add(m, "Ministère de l'Économie", TD_MATCH_FOLD);
    add(m, "Банк России", TD_MATCH_FOLD);
    add(m, "Россия", 0);
    add(m, "São Paulo", 0);
    assert_int_equal(td_matcher_build(m), 0);
    hits h;
    const char *t1 = "Selon le MINISTÈRE DE L'ÉCONOMIE, les exportations ont reculé.";
    assert_string_equal(scan(m, t1, TD_SCAN_LONGEST, &h), "MINISTÈRE DE L'ÉCONOMIE@9");
    const char *t2 = "«БАНК РОССИИ» сохранил ставку; Россия и россиянин.";
    assert_string_equal(scan(m, t2, TD_SCAN_LONGEST, &h), "БАНК РОССИИ@2|Россия@57");
    /* Cyrillic letters are letters: no match inside "Россиянин". */
    assert_string_equal(scan(m, "Россиянин", TD_SCAN_ALL, &h), "");
    assert_string_equal(scan(m, "Exports from São Paulo – and SÃO PAULO.", TD_SCAN_ALL, &h),
                        "São Paulo@13");
    td_matcher_free(m);
}

static void test_folded_and_exact_in_one_matcher(void **state)
{
    (void)state;
    td_matcher *m = td_matcher_new();
    uint32_t us = add(m, "US", 0);
    uint32_t fed = add(m, "Federal Reserve", TD_MATCH_FOLD);
    uint32_t turkey = add(m, "Turkey", 0);
    uint32_t turkey_f = add(m, "turkey", TD_MATCH_FOLD);
    assert_true(us != fed && turkey != turkey_f);
    assert_int_equal(td_matcher_count(m), 4);
    assert_int_equal(td_matcher_build(m), 0);
    hits h;
    const char *t = "The US FEDERAL RESERVE told us that federal reserve policy holds.";
    assert_string_equal(scan(m, t, TD_SCAN_LONGEST, &h),
                        "US@4|FEDERAL RESERVE@7|federal reserve@36");
    /* The very same span from two patterns: both reported, in id order. */
    assert_string_equal(scan(m, "Turkey and TURKEY", TD_SCAN_LONGEST, &h),
                        "Turkey@0|Turkey@0|TURKEY@11");
    td_matcher_free(m);
}

static void test_folding_that_changes_length(void **state)
{
    (void)state;
    td_matcher *m = td_matcher_new();
    add(m, "Straße", TD_MATCH_FOLD);
    add(m, "ministry", TD_MATCH_FOLD);
    add(m, "f", TD_MATCH_FOLD);
    add(m, "10 K", TD_MATCH_FOLD);
    assert_int_equal(td_matcher_build(m), 0);
    hits h;
    /* ß -> ss (2 bytes both), ẞ (3 bytes) -> ss, K (Kelvin sign, 3 bytes) -> k. */
    assert_string_equal(scan(m, "STRASSE, Strasse, straße, STRAẞE", TD_SCAN_ALL, &h),
                        "STRASSE@0|Strasse@9|straße@18|STRAẞE@27");
    /* Offsets after folds that shrink and grow: ẞ 3->2, İ 2->3, K 3->1. */
    assert_string_equal(scan(m, "ẞ İ \xE2\x84\xAA ministry", TD_SCAN_ALL, &h), "ministry@11");
    assert_string_equal(scan(m, "at 10 \xE2\x84\xAA the ministry", TD_SCAN_ALL, &h),
                        "10 \xE2\x84\xAA@3|ministry@14");
    /* "f" may not match half of the ligature ﬁ (folds to "fi"), nor ﬀ. */
    assert_string_equal(scan(m, "\xEF\xAC\x81 \xEF\xAC\x80 f F", TD_SCAN_ALL, &h), "f@8|F@10");
    td_matcher_free(m);
}

/* Long ASCII runs (stepped eight bytes at a time) between code points whose
 * folding shrinks (ẞ 3->2), grows (İ 2->3) or keeps their length (Ö): every
 * match, at every alignment of the text, keeps its original offsets. */
static void test_ascii_runs_between_multibyte_folds(void **state)
{
    (void)state;
    td_matcher *m = td_matcher_new();
    add(m, "ministry of finance", TD_MATCH_FOLD);
    add(m, "ministry", TD_MATCH_FOLD);
    add(m, "straße", TD_MATCH_FOLD);
    add(m, "Zölle", TD_MATCH_FOLD);
    add(m, "tariffs", 0);
    assert_int_equal(td_matcher_build(m), 0);
    const char *spans[] = {"ZÖLLE", "MINISTRY of Finance", "Ministry", "tariffs", "STRAẞE",
                           "Ministry of FINANCE"};
    for (int pad = 0; pad < 17; pad++) {
        char text[512];
        int n = snprintf(text, sizeof(text),
                         "%*sZÖLLE: the MINISTRY of Finance said ẞ on Monday that the "
                         "Ministry İ raised tariffs (TARIFFS unchanged) on STRAẞE and "
                         "Ministry of FINANCE.",
                         pad, "");
        assert_true(n > 0 && (size_t)n < sizeof(text));
        char want[1024];
        size_t wl = 0;
        for (size_t k = 0; k < sizeof(spans) / sizeof(*spans); k++) {
            const char *at = strstr(text, spans[k]);
            assert_non_null(at);
            wl += (size_t)snprintf(want + wl, sizeof(want) - wl, "%s%s@%td", wl ? "|" : "",
                                   spans[k], at - text);
        }
        hits h;
        assert_string_equal(scan(m, text, TD_SCAN_LONGEST, &h), want);
    }
    td_matcher_free(m);
}

static void test_invalid_utf8_text_is_scanned(void **state)
{
    (void)state;
    const char *pats[] = {"OPEC", NULL};
    td_matcher *m = matcher_of(pats, TD_MATCH_FOLD);
    const char text[] = "\xC3 opec \xE2\x82 OPEC\x80 x";
    hits h;
    memset(&h, 0, sizeof(h));
    h.text = text;
    assert_int_equal(td_matcher_scan(m, text, sizeof(text) - 1, TD_SCAN_ALL, collect, &h), 0);
    assert_string_equal(h.out, "opec@2|OPEC@10");
    td_matcher_free(m);
}

static int count_ss(const td_match *mt, void *user)
{
    size_t *n = user;
    /* "ß " repeated: the k-th match is at byte 3k, whatever folding did. */
    assert_int_equal(mt->start, *n * 3);
    assert_int_equal(mt->end, *n * 3 + 2);
    (*n)++;
    return 0;
}

static void test_many_pending_matches(void **state)
{
    (void)state;
    /* A long pattern keeps every match pending until it can no longer be
     * preceded: hundreds wait at once, each behind a folding event. */
    char longpat[400], text[1200];
    size_t lp = 0, lt = 0;
    while (lp + 7 < sizeof(longpat)) {
        memcpy(longpat + lp, "STRASSE", 7);
        lp += 7;
    }
    for (int i = 0; i < 400; i++) {
        memcpy(text + lt, "\xC3\x9F ", 3);
        lt += 3;
    }
    td_matcher *m = td_matcher_new();
    assert_int_equal(td_matcher_add(m, longpat, lp, TD_MATCH_FOLD, NULL, 0, NULL), 0);
    add(m, "SS", TD_MATCH_FOLD);
    assert_int_equal(td_matcher_build(m), 0);
    size_t n = 0;
    assert_int_equal(td_matcher_scan(m, text, lt, TD_SCAN_ALL, count_ss, &n), 0);
    assert_int_equal(n, 400);
    n = 0;
    assert_int_equal(td_matcher_scan(m, text, lt, TD_SCAN_LONGEST, count_ss, &n), 0);
    assert_int_equal(n, 400);
    td_matcher_free(m);
}

/* ---- building ---- */

static void test_empty_matcher(void **state)
{
    (void)state;
    td_matcher *m = td_matcher_new();
    assert_int_equal(td_matcher_build(m), 0);
    assert_int_equal(td_matcher_count(m), 0);
    assert_true(td_matcher_memory(m) > 0);
    hits h;
    assert_string_equal(scan(m, "Nothing to find in this bulletin.", TD_SCAN_LONGEST, &h), "");
    assert_int_equal(h.calls, 0);
    assert_int_equal(td_matcher_scan(m, NULL, 0, TD_SCAN_ALL, collect, &h), 0);
    td_matcher_free(m);
}

static void test_bad_patterns_and_misuse(void **state)
{
    (void)state;
    td_matcher_free(NULL);
    td_matcher *m = td_matcher_new();
    hits h = {0};
    assert_int_equal(td_matcher_scan(m, "x", 1, TD_SCAN_ALL, collect, &h), -1);
    assert_int_equal(td_matcher_add(m, "", 0, 0, NULL, 0, NULL), -1);
    assert_string_equal(td_matcher_errmsg(m), "empty pattern");
    assert_int_equal(td_matcher_add(m, "EU\xFF", 3, 0, NULL, 0, NULL), -1);
    assert_string_equal(td_matcher_errmsg(m), "invalid UTF-8 in pattern at byte 3");
    assert_int_equal(td_matcher_add(m, "a\0b", 3, 0, NULL, 0, NULL), -1);
    assert_int_equal(td_matcher_add(m, "EU", 2, 0x80, NULL, 0, NULL), -1);
    assert_int_equal(td_matcher_count(m), 0);
    add(m, "IMF", 0);
    assert_int_equal(td_matcher_set_dense_bytes(m, 4096), 0);
    assert_int_equal(td_matcher_build(m), 0);
    assert_int_equal(td_matcher_build(m), -1);
    assert_int_equal(td_matcher_add(m, "WTO", 3, 0, NULL, 0, NULL), -1);
    assert_non_null(strstr(td_matcher_errmsg(m), "after td_matcher_build"));
    assert_int_equal(td_matcher_load_tsv(m, "/nonexistent.tsv", 0), -1);
    assert_int_equal(td_matcher_set_dense_bytes(m, 0), -1);
    assert_int_equal(td_matcher_count(m), 1);
    assert_null(td_matcher_pattern(m, 1));
    size_t n = 9;
    assert_null(td_matcher_payload(m, 5, &n));
    assert_int_equal(n, 0);
    td_matcher_free(m);
}

static void test_duplicates_keep_the_first(void **state)
{
    (void)state;
    td_matcher *m = td_matcher_new();
    const char *first[] = {"GB", "first"}, *again[] = {"GB", "first"};
    uint32_t a, b, c, d, e;
    assert_int_equal(td_matcher_add(m, "Bank of England", 15, 0, first, 2, &a), 0);
    assert_int_equal(td_matcher_add(m, "Bank of England", 15, 0, again, 2, &b), 0);
    assert_int_equal(a, b); /* same text, flags and payload */
    assert_int_equal(td_matcher_add(m, "IMF", 3, TD_MATCH_FOLD, NULL, 0, &c), 0);
    assert_int_equal(td_matcher_add(m, "imf", 3, TD_MATCH_FOLD, NULL, 0, &d), 0);
    assert_int_equal(c, d); /* same folded text */
    assert_int_equal(td_matcher_add(m, "IMF", 3, 0, NULL, 0, &e), 0);
    assert_true(e != c); /* exact and folded are different patterns */
    assert_int_equal(td_matcher_count(m), 3);
    size_t n;
    const char *const *pl = td_matcher_payload(m, a, &n);
    assert_int_equal(n, 2);
    assert_string_equal(pl[1], "first");
    assert_int_equal(td_matcher_build(m), 0);
    hits h;
    assert_string_equal(scan(m, "the Bank of England and the IMF", TD_SCAN_LONGEST, &h),
                        "Bank of England@4|IMF@28|IMF@28");
    td_matcher_free(m);
}

/* Payloads of the matches, "start:payload0" joined by '|'. */
typedef struct payloads {
    char out[1024];
    size_t len;
} payloads;

static int collect_payload(const td_match *mt, void *user)
{
    payloads *p = user;
    int n = snprintf(p->out + p->len, sizeof(p->out) - p->len, "%s%zu:%s", p->len ? "|" : "",
                     mt->start, mt->npayload ? mt->payload[0] : "-");
    assert_true(n > 0 && (size_t)n < sizeof(p->out) - p->len);
    p->len += (size_t)n;
    return 0;
}

typedef struct warnings {
    char out[2048];
    size_t len;
    int count;
} warnings;

static void collect_warning(const char *msg, void *user)
{
    warnings *w = user;
    w->count++;
    int n = snprintf(w->out + w->len, sizeof(w->out) - w->len, "%s\n", msg);
    assert_true(n > 0 && (size_t)n < sizeof(w->out) - w->len);
    w->len += (size_t)n;
}

static void test_one_text_several_payloads(void **state)
{
    (void)state;
    td_matcher *m = td_matcher_new();
    warnings w = {0};
    td_matcher_on_warning(m, collect_warning, &w);
    const char *country[] = {"country", "GE"}, *us_state[] = {"region", "US"};
    uint32_t a, b, c;
    assert_int_equal(td_matcher_add(m, "Georgia", 7, TD_MATCH_FOLD, country, 2, &a), 0);
    assert_int_equal(td_matcher_add(m, "GEORGIA", 7, TD_MATCH_FOLD, us_state, 2, &b), 0);
    assert_int_equal(td_matcher_add(m, "georgia", 7, TD_MATCH_FOLD, country, 2, &c), 0);
    assert_true(a != b);
    assert_int_equal(c, a);
    assert_int_equal(td_matcher_count(m), 2);
    assert_int_equal(w.count, 2);
    assert_string_equal(w.out,
                        "td_matcher_add: 'Georgia' is also at td_matcher_add with another "
                        "payload; a match reports both\n"
                        "td_matcher_add: 'Georgia' repeats td_matcher_add exactly (same case "
                        "mode and payload); skipped\n");
    assert_int_equal(td_matcher_build(m), 0);
    payloads p = {0};
    const char *t = "Tbilisi, Georgia, and Atlanta, Georgia.";
    assert_int_equal(td_matcher_scan(m, t, strlen(t), TD_SCAN_LONGEST, collect_payload, &p), 0);
    assert_string_equal(p.out, "9:country|9:region|31:country|31:region");
    td_matcher_free(m);
}

static void test_callback_stops_scan(void **state)
{
    (void)state;
    const char *pats[] = {"tariff", NULL};
    td_matcher *m = matcher_of(pats, TD_MATCH_FOLD);
    hits h = {0};
    const char *t = "Tariff talks: a tariff truce, then tariffs... TARIFF";
    h.text = t;
    h.stop_after = 2;
    assert_int_equal(td_matcher_scan(m, t, strlen(t), TD_SCAN_ALL, collect, &h), 7);
    assert_int_equal(h.calls, 2);
    assert_string_equal(h.out, "Tariff@0|tariff@16");
    td_matcher_free(m);
}

/* ---- TSV files ---- */

typedef struct tmpdir {
    char path[64];
} tmpdir;

static void write_file(const char *path, const char *content, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int tsv_setup(void **state)
{
    tmpdir *d = malloc(sizeof(*d));
    if (!d)
        return -1;
    snprintf(d->path, sizeof(d->path), "/tmp/td-match-XXXXXX");
    if (!mkdtemp(d->path)) {
        free(d);
        return -1;
    }
    *state = d;
    return 0;
}

static int tsv_teardown(void **state)
{
    tmpdir *d = *state;
    const char *names[] = {"countries.tsv", "bad.tsv", "utf8.tsv", "case.tsv", "regions.tsv",
                           NULL};
    char p[128];
    for (size_t i = 0; names[i]; i++) {
        snprintf(p, sizeof(p), "%s/%s", d->path, names[i]);
        unlink(p);
    }
    rmdir(d->path);
    free(d);
    return 0;
}

static void test_tsv_loading(void **state)
{
    tmpdir *d = *state;
    char path[128];
    snprintf(path, sizeof(path), "%s/countries.tsv", d->path);
    const char tsv[] = "\xEF\xBB\xBF# pattern\tcanonical\tiso\r\n"
                       "Germany\tGermany\tDE\r\n"
                       "\r\n"
                       "   \n"
                       "Federal Republic of Germany\tGermany\tDE\n"
                       "Côte d'Ivoire\tCôte d'Ivoire\tCI\n"
                       "GERMANY\tGermany\tDE\n"
                       "Japan\t\tJP\n"
                       "Chad";
    write_file(path, tsv, sizeof(tsv) - 1);
    td_matcher *m = td_matcher_new();
    assert_int_equal(td_matcher_load_tsv(m, path, TD_MATCH_FOLD), 0);
    assert_int_equal(td_matcher_count(m), 5);
    assert_string_equal(td_matcher_pattern(m, 0), "Germany");
    assert_string_equal(td_matcher_pattern(m, 4), "Chad");
    size_t n;
    const char *const *pl = td_matcher_payload(m, 0, &n);
    assert_int_equal(n, 2);
    assert_string_equal(pl[0], "Germany");
    assert_string_equal(pl[1], "DE");
    pl = td_matcher_payload(m, 3, &n);
    assert_int_equal(n, 2);
    assert_string_equal(pl[0], "");
    assert_string_equal(pl[1], "JP");
    td_matcher_payload(m, 4, &n);
    assert_int_equal(n, 0);
    assert_int_equal(td_matcher_build(m), 0);
    hits h;
    assert_string_equal(scan(m, "Exports from the FEDERAL REPUBLIC OF GERMANY to CÔTE D'IVOIRE "
                                "and Japan rose; Chad's cotton too.",
                             TD_SCAN_LONGEST, &h),
                        "FEDERAL REPUBLIC OF GERMANY@17|CÔTE D'IVOIRE@48|Japan@67|Chad@79");
    td_matcher_free(m);
}

static void test_tsv_bad_lines(void **state)
{
    tmpdir *d = *state;
    char path[128], want[256];
    snprintf(path, sizeof(path), "%s/bad.tsv", d->path);
    const char tsv[] = "# institutions\nWorld Bank\tWB\nIMF\tIMF\n\tnothing\nWTO\tWTO\n";
    write_file(path, tsv, sizeof(tsv) - 1);
    td_matcher *m = td_matcher_new();
    add(m, "OECD", 0);
    assert_int_equal(td_matcher_load_tsv(m, path, 0), -1);
    snprintf(want, sizeof(want), "%s:4: empty pattern", path);
    assert_string_equal(td_matcher_errmsg(m), want);
    assert_int_equal(td_matcher_count(m), 1); /* nothing from the file stays */

    snprintf(path, sizeof(path), "%s/utf8.tsv", d->path);
    const char bad_utf8[] = "Bank\tok\nBan\xE9 de France\tBDF\n";
    write_file(path, bad_utf8, sizeof(bad_utf8) - 1);
    assert_int_equal(td_matcher_load_tsv(m, path, TD_MATCH_FOLD), -1);
    snprintf(want, sizeof(want), "%s:2: invalid UTF-8 at byte 4", path);
    assert_string_equal(td_matcher_errmsg(m), want);

    const char spaced[] = "ECB \tECB\n";
    write_file(path, spaced, sizeof(spaced) - 1);
    assert_int_equal(td_matcher_load_tsv(m, path, 0), -1);
    snprintf(want, sizeof(want), "%s:1: pattern 'ECB ' has leading or trailing white space", path);
    assert_string_equal(td_matcher_errmsg(m), want);

    assert_int_equal(td_matcher_load_tsv(m, "/nonexistent/x.tsv", 0), -1);
    assert_string_equal(td_matcher_errmsg(m), "/nonexistent/x.tsv: No such file or directory");

    /* The matcher still works after failed loads. */
    assert_int_equal(td_matcher_count(m), 1);
    add(m, "IMF", 0);
    assert_int_equal(td_matcher_build(m), 0);
    hits h;
    assert_string_equal(scan(m, "OECD and IMF and World Bank", TD_SCAN_ALL, &h), "OECD@0|IMF@9");
    td_matcher_free(m);
}

static void test_tsv_case_directives(void **state)
{
    tmpdir *d = *state;
    char path[128], want[512];
    snprintf(path, sizeof(path), "%s/case.tsv", d->path);
    const char tsv[] = "# pattern\tcanonical\n"
                       "china\tChina\n"
                       "#@case exact\n"
                       "US\tUnited States\n"
                       "WHO\tWorld Health Organization\n"
                       "#@case   fold  \n"
                       "the fed\tFederal Reserve\n"
                       "#@case exact\r\n"
                       "May\tTheresa May\n";
    write_file(path, tsv, sizeof(tsv) - 1);
    td_matcher *m = td_matcher_new();
    /* The file starts exact (flags 0) until its directives say otherwise;
     * "china" comes before any directive, so it is exact. */
    assert_int_equal(td_matcher_load_tsv(m, path, 0), 0);
    assert_int_equal(td_matcher_count(m), 5);
    unsigned line = 99;
    assert_string_equal(td_matcher_source(m, 2, &line), path);
    assert_int_equal(line, 5);
    assert_string_equal(td_matcher_source(m, 4, &line), path);
    assert_int_equal(line, 9);
    assert_int_equal(td_matcher_build(m), 0);
    hits h;
    assert_string_equal(scan(m, "China and us: the US and the who, the WHO, The Fed in may "
                                "and May; china.",
                             TD_SCAN_LONGEST, &h),
                        "US@18|WHO@38|The Fed@43|May@62|china@67");
    td_matcher_free(m);

    /* Started folded: the same directives win over the flags given. */
    m = td_matcher_new();
    assert_int_equal(td_matcher_load_tsv(m, path, TD_MATCH_FOLD), 0);
    assert_int_equal(td_matcher_build(m), 0);
    assert_string_equal(scan(m, "CHINA, us, US", TD_SCAN_LONGEST, &h), "CHINA@0|US@11");
    td_matcher_free(m);

    /* A pattern added by hand has no source. */
    m = td_matcher_new();
    add(m, "OECD", 0);
    line = 7;
    assert_null(td_matcher_source(m, 0, &line));
    assert_int_equal(line, 0);
    assert_null(td_matcher_source(m, 1, NULL));

    const char typo[] = "IMF\tIMF\n#@cases exact\nUS\tUS\n";
    write_file(path, typo, sizeof(typo) - 1);
    assert_int_equal(td_matcher_load_tsv(m, path, 0), -1);
    snprintf(want, sizeof(want), "%s:2: unknown directive '#@cases'; the one directive is "
             "'#@case exact' or '#@case fold' (write '# @' for a comment)", path);
    assert_string_equal(td_matcher_errmsg(m), want);
    const char value[] = "#@case upper\nUS\tUS\n";
    write_file(path, value, sizeof(value) - 1);
    assert_int_equal(td_matcher_load_tsv(m, path, 0), -1);
    snprintf(want, sizeof(want), "%s:1: '#@case' takes 'exact' or 'fold', not 'upper'", path);
    assert_string_equal(td_matcher_errmsg(m), want);
    const char comment[] = "# @handle is a comment\nUS\tUS\n";
    write_file(path, comment, sizeof(comment) - 1);
    assert_int_equal(td_matcher_load_tsv(m, path, 0), 0);
    assert_int_equal(td_matcher_count(m), 2); /* nothing from the failed loads */
    td_matcher_free(m);
}

static void test_tsv_repeats_across_files(void **state)
{
    tmpdir *d = *state;
    char countries[128], regions[128], want[1024];
    snprintf(countries, sizeof(countries), "%s/countries.tsv", d->path);
    snprintf(regions, sizeof(regions), "%s/regions.tsv", d->path);
    const char c[] = "France\tcountry\tFR\nGeorgia\tcountry\tGE\n";
    const char r[] = "Texas\tregion\tUS\nGeorgia\tregion\tUS\nFrance\tcountry\tFR\n";
    write_file(countries, c, sizeof(c) - 1);
    write_file(regions, r, sizeof(r) - 1);
    td_matcher *m = td_matcher_new();
    warnings w = {0};
    td_matcher_on_warning(m, collect_warning, &w);
    assert_int_equal(td_matcher_load_tsv(m, countries, TD_MATCH_FOLD), 0);
    assert_int_equal(td_matcher_load_tsv(m, regions, TD_MATCH_FOLD), 0);
    assert_int_equal(td_matcher_count(m), 4);
    snprintf(want, sizeof(want),
             "%s:2: 'Georgia' is also at %s:2 with another payload; a match reports both\n"
             "%s:3: 'France' repeats %s:1 exactly (same case mode and payload); skipped\n",
             regions, countries, regions, countries);
    assert_string_equal(w.out, want);
    unsigned line;
    assert_string_equal(td_matcher_source(m, 3, &line), regions);
    assert_int_equal(line, 2);
    assert_int_equal(td_matcher_build(m), 0);
    payloads p = {0};
    const char *t = "From Georgia to France.";
    assert_int_equal(td_matcher_scan(m, t, strlen(t), TD_SCAN_LONGEST, collect_payload, &p), 0);
    assert_string_equal(p.out, "5:country|5:region|16:country");
    p.len = 0;
    assert_int_equal(td_matcher_scan(m, t, strlen(t), TD_SCAN_ALL, collect_payload, &p), 0);
    assert_string_equal(p.out, "5:country|5:region|16:country");
    td_matcher_free(m);
}

/* ---- against a brute-force matcher ---- */

/* Units random texts and patterns are made of: ASCII, letters that fold
 * to other lengths (ß, ẞ, Kelvin sign, ﬁ, İ, ŉ), a non-ASCII letter (é/É). */
static const char *const units[] = {"a", "b", "s", "S", "f", "i", "k", "K", " ", ".", "1",
                                    "ß", "ẞ", "\xE2\x84\xAA", "ﬁ", "İ", "é", "É", "ŉ", "n"};
#define NUNITS (sizeof(units) / sizeof(units[0]))

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static size_t random_string(uint64_t *rng, char *out, size_t maxunits)
{
    size_t n = 1 + rng_next(rng) % maxunits, len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *u = units[rng_next(rng) % NUNITS];
        memcpy(out + len, u, strlen(u));
        len += strlen(u);
    }
    out[len] = '\0';
    return len;
}

static char *fold(const char *s, size_t len)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                                      UTF8PROC_CASEFOLD);
    assert_true(n >= 0);
    return (char *)dst;
}

static bool alnum_cp_at(const char *s, size_t len, size_t pos)
{
    int32_t cp;
    td_utf8_decode(s + pos, len - pos, &cp);
    return td_utf8_is_alnum(cp);
}

typedef struct found {
    size_t s, e;
    uint32_t id;
} found;

static int found_cmp(const void *a, const void *b)
{
    const found *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->e != y->e)
        return x->e > y->e ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct gotlist {
    found f[4096];
    size_t n;
} gotlist;

static int collect_found(const td_match *mt, void *user)
{
    gotlist *g = user;
    assert_true(g->n < 4096);
    g->f[g->n++] = (found){mt->start, mt->end, mt->pattern};
    return 0;
}

/* Every match of pattern p (flags fl) in text, by definition. */
static size_t brute_force(const char *text, size_t len, const char *p, unsigned fl, uint32_t id,
                          found *out, size_t n)
{
    size_t plen = strlen(p);
    int32_t cp;
    td_utf8_decode(p, plen, &cp);
    bool alnum_first = td_utf8_is_alnum(cp);
    size_t lp = td_utf8_prev(p, plen);
    td_utf8_decode(p + lp, plen - lp, &cp);
    bool alnum_last = td_utf8_is_alnum(cp);
    char *fp = fold(p, plen);
    for (size_t s = 0; s < len; s++) {
        if (((unsigned char)text[s] & 0xC0) == 0x80)
            continue;
        if (alnum_first && s > 0 && alnum_cp_at(text, len, td_utf8_prev(text, s)))
            continue;
        /* A span folds to at least one byte per code point: no longer than
         * four bytes per folded byte. */
        size_t emax = s + 4 * strlen(fp);
        for (size_t e = s + 1; e <= len && e <= emax; e++) {
            if (e < len && ((unsigned char)text[e] & 0xC0) == 0x80)
                continue;
            if (alnum_last && e < len && alnum_cp_at(text, len, e))
                continue;
            bool hit;
            if (fl & TD_MATCH_FOLD) {
                char *ft = fold(text + s, e - s);
                hit = strcmp(ft, fp) == 0;
                free(ft);
            } else {
                hit = e - s == plen && memcmp(text + s, p, plen) == 0;
            }
            if (hit) {
                assert_true(n < 4096);
                out[n++] = (found){s, e, id};
            }
        }
    }
    free(fp);
    return n;
}

static void test_against_brute_force(void **state)
{
    (void)state;
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    for (int round = 0; round < 600; round++) {
        td_matcher *m = td_matcher_new();
        if (round % 2)
            td_matcher_set_dense_bytes(m, 0); /* exercise the sparse states */
        /* Every fourth round: a long text and one long pattern, so many
         * candidates and folding events wait at once. */
        bool longer = round % 4 == 3;
        char pats[12][256];
        unsigned flags[12];
        size_t npat = 1 + rng_next(&rng) % 12, ndistinct = 0;
        for (size_t i = 0; i < npat; i++) {
            random_string(&rng, pats[ndistinct], longer && i == 0 ? 40 : 4);
            flags[ndistinct] = round % 3 == 0 ? 0 : (unsigned)(rng_next(&rng) % 2);
            uint32_t id;
            assert_int_equal(td_matcher_add(m, pats[ndistinct], strlen(pats[ndistinct]),
                                            flags[ndistinct], NULL, 0, &id), 0);
            if (id == ndistinct) /* else a duplicate of an earlier one */
                ndistinct++;
        }
        assert_int_equal(td_matcher_count(m), ndistinct);
        assert_int_equal(td_matcher_build(m), 0);
        char text[1024];
        size_t len = random_string(&rng, text, longer ? 200 : 40);

        found want[4096];
        size_t nwant = 0;
        for (uint32_t id = 0; id < ndistinct; id++)
            nwant = brute_force(text, len, pats[id], flags[id], id, want, nwant);
        qsort(want, nwant, sizeof(*want), found_cmp);

        gotlist got = {.n = 0};
        assert_int_equal(td_matcher_scan(m, text, len, TD_SCAN_ALL, collect_found, &got), 0);
        assert_int_equal(got.n, nwant);
        for (size_t i = 0; i < nwant; i++) {
            assert_int_equal(got.f[i].s, want[i].s);
            assert_int_equal(got.f[i].e, want[i].e);
            assert_int_equal(got.f[i].id, want[i].id);
        }

        /* Leftmost-longest: greedy over the sorted full list. */
        found lon[4096];
        size_t nlon = 0, end = 0;
        for (size_t i = 0; i < nwant; i++) {
            if (nlon && lon[nlon - 1].s == want[i].s && lon[nlon - 1].e == want[i].e) {
                lon[nlon++] = want[i]; /* another pattern, the very same span */
                continue;
            }
            if (want[i].s < end)
                continue;
            lon[nlon++] = want[i];
            end = want[i].e;
        }
        got.n = 0;
        assert_int_equal(td_matcher_scan(m, text, len, TD_SCAN_LONGEST, collect_found, &got), 0);
        if (got.n != nlon) {
            fprintf(stderr, "round %d text '%s'\n", round, text);
            for (uint32_t id = 0; id < ndistinct; id++)
                fprintf(stderr, "  pat %u '%s' fold=%u\n", id, pats[id], flags[id]);
            for (size_t i = 0; i < nwant; i++)
                fprintf(stderr, "  all %zu-%zu #%u\n", want[i].s, want[i].e, want[i].id);
            for (size_t i = 0; i < got.n; i++)
                fprintf(stderr, "  got %zu-%zu #%u\n", got.f[i].s, got.f[i].e, got.f[i].id);
        }
        assert_int_equal(got.n, nlon);
        for (size_t i = 0; i < nlon; i++) {
            assert_int_equal(got.f[i].s, lon[i].s);
            assert_int_equal(got.f[i].e, lon[i].e);
            assert_int_equal(got.f[i].id, lon[i].id);
        }
        td_matcher_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_longest_and_all),
        cmocka_unit_test(test_overlaps),
        cmocka_unit_test(test_leftmost_beats_longer_later),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_patterns_with_punctuation_edges),
        cmocka_unit_test(test_multibyte_text_and_patterns),
        cmocka_unit_test(test_folded_and_exact_in_one_matcher),
        cmocka_unit_test(test_folding_that_changes_length),
        cmocka_unit_test(test_ascii_runs_between_multibyte_folds),
        cmocka_unit_test(test_invalid_utf8_text_is_scanned),
        cmocka_unit_test(test_many_pending_matches),
        cmocka_unit_test(test_empty_matcher),
        cmocka_unit_test(test_bad_patterns_and_misuse),
        cmocka_unit_test(test_duplicates_keep_the_first),
        cmocka_unit_test(test_one_text_several_payloads),
        cmocka_unit_test(test_callback_stops_scan),
        cmocka_unit_test_setup_teardown(test_tsv_loading, tsv_setup, tsv_teardown),
        cmocka_unit_test_setup_teardown(test_tsv_bad_lines, tsv_setup, tsv_teardown),
        cmocka_unit_test_setup_teardown(test_tsv_case_directives, tsv_setup, tsv_teardown),
        cmocka_unit_test_setup_teardown(test_tsv_repeats_across_files, tsv_setup, tsv_teardown),
        cmocka_unit_test(test_against_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
