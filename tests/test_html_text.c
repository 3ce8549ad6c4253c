/* HTML and plain text to a document's text, and feed dates to ISO 8601
 * (core/html_text.c, core/feed_date.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed.h"
#include "html_text.h"

/* HTML to text, into a NUL-terminated string the caller frees. */
static char *html(const char *s)
{
    td_strbuf b;
    td_strbuf_init(&b);
    td_text_builder tb;
    td_text_begin(&tb, &b);
    td_text_html(&tb, s, strlen(s));
    td_strbuf_putc(&b, '\0');
    return td_strbuf_take(&b, NULL);
}

static void assert_html(const char *in, const char *want)
{
    char *got = html(in);
    if (strcmp(got, want) != 0)
        fail_msg("html(\"%s\")\n  gave \"%s\"\n  want \"%s\"", in, got, want);
    free(got);
}

static void test_html_to_text(void **state)
{
    (void)state;
    assert_html("<p>Exports rose 6.1 percent.</p><p>Imports edged up.</p>",
                "Exports rose 6.1 percent.\n\nImports edged up.");
    /* inline elements join words as a browser does; white space collapses */
    assert_html("The <b>central</b>  bank\n held <a href=\"/r?a=1&amp;b=2\">rates</a>.",
                "The central bank held rates.");
    assert_html("Profits at AT&amp;T &amp; R&D units rose", "Profits at AT&T & R&D units rose");
    assert_html("&#8220;Severe&#8221; &#x2014; &lsquo;complex&rsquo; &eacute;&apos;&quot;",
                "\xE2\x80\x9CSevere\xE2\x80\x9D \xE2\x80\x94 \xE2\x80\x98" "complex\xE2\x80\x99"
                " \xC3\xA9'\"");
    /* numeric references in 128-159 are Windows-1252; impossible ones U+FFFD */
    assert_html("It&#146;s &#0; &#xD800; &#99999999999;",
                "It\xE2\x80\x99s \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD");
    assert_html("Q3<br>Q4<br/>Q1<li>one<li>two<h2>Outlook</h2>fine",
                "Q3\n\nQ4\n\nQ1\n\none\n\ntwo\n\nOutlook\n\nfine");
    assert_html("Before<script>var x = '<p>no</p>';</script> after<style>p { x: 1 }</style>.",
                "Before after.");
    assert_html("A <!-- hidden <p> --> visible <!DOCTYPE html><?php no ?>end",
                "A visible end");
    assert_html("if a < b and 3<4 then", "if a < b and 3<4 then");
    assert_html("<p title=\"a > b\">quoted</p>", "quoted");
    assert_html("&nbsp;&nbsp;Padded&nbsp;", "\xC2\xA0\xC2\xA0Padded\xC2\xA0");
    assert_html("   <div>  </div> <p> </p>  ", "");
    assert_html("unknown &bogus; and &amp", "unknown &bogus; and &");
    assert_html("cut <b", "cut");
    assert_html("cut <script>never closed <p>x</p>", "cut");
}

static void test_plain_text_paragraphs(void **state)
{
    (void)state;
    td_strbuf b;
    td_strbuf_init(&b);
    td_text_builder tb;
    td_text_begin(&tb, &b);
    const char *s = "  First line\nsame paragraph.\n\n  \n Second <b>kept</b> &amp; as is.  ";
    td_text_plain(&tb, s, strlen(s));
    assert_string_equal(b.data, "First line same paragraph.\n\nSecond <b>kept</b> &amp; as is.");
    td_strbuf_free(&b);
}

/* Markup that could make a careless scanner quadratic, 4 MB of each: the
 * time is printed, and the pass must end. */
static void test_html_hard_inputs(void **state)
{
    (void)state;
    const char *units[] = {"<", "&", "<!--", "<script>", "<p", "&#", "<a href=\"", "</"};
    size_t n = 4u << 20;
    char *s = malloc(n + 1);
    for (size_t u = 0; u < sizeof(units) / sizeof(*units); u++) {
        size_t len = strlen(units[u]);
        for (size_t i = 0; i < n; i++)
            s[i] = units[u][i % len];
        s[n] = '\0';
        td_strbuf b;
        td_strbuf_init(&b);
        td_text_builder tb;
        td_text_begin(&tb, &b);
        clock_t t0 = clock();
        td_text_html(&tb, s, n);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        print_message("  4 MB of \"%s\": %.3f s, %zu bytes of text\n", units[u], secs, b.len);
        assert_false(b.oom);
        td_strbuf_free(&b);
    }
    free(s);
}

static void assert_date(const char *in, const char *want)
{
    char out[40];
    int rc = td_feed_date_iso(in, out);
    if (!want) {
        if (rc == 0)
            fail_msg("\"%s\" read as a date: %s", in, out);
        return;
    }
    if (rc != 0)
        fail_msg("\"%s\" not read as a date", in);
    assert_string_equal(out, want);
}

static void test_feed_dates(void **state)
{
    (void)state;
    assert_date("Wed, 14 Jan 2026 09:30:00 +0800", "2026-01-14T09:30:00+08:00");
    assert_date("Wed, 14 Jan 2026 09:30:00 GMT", "2026-01-14T09:30:00Z");
    assert_date("14 Jan 2026 09:30 EST", "2026-01-14T09:30:00-05:00");
    assert_date("Thu, 5 Feb 26 17:05:09 -0330", "2026-02-05T17:05:09-03:30");
    assert_date("Mon, 29 December 2025 08:00:00 PST", "2025-12-29T08:00:00-08:00");
    assert_date("  2026-01-14T09:30:00Z ", "2026-01-14T09:30:00Z");
    assert_date("2026-01-14T09:30:00.250+01:00", "2026-01-14T09:30:00+01:00");
    assert_date("2026-01-14", "2026-01-14");
    assert_date("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z");
    assert_date("2025-02-29T00:00:00Z", NULL);
    assert_date("Wed, 32 Jan 2026 09:30:00 GMT", NULL);
    assert_date("yesterday afternoon", NULL);
    assert_date("Wed, 14 Jan 2026 25:30:00 GMT", NULL);
    assert_date("", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_to_text),
        cmocka_unit_test(test_plain_text_paragraphs),
        cmocka_unit_test(test_html_hard_inputs),
        cmocka_unit_test(test_feed_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
