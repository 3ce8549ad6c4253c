/* Input as it comes: RSS and Atom feeds (and broken and hostile ones),
 * gzip streams, folders of every kind, and what --resume reads back. The
 * HTML to text and the dates are tests/test_html_text.c's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "feed.h"
#include "input.h"
#include "resume.h"

static char tmpdir[64];

static char *tmp(const char *name)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    return p;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void write_gz(const char *path, const char *data, size_t len)
{
    gzFile g = gzopen(path, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(g), Z_OK);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Every record of the inputs, as JSON objects (feed items and JSON lines)
 * or failures (their messages in errs, joined by newlines). */
static json_t *read_all(const char *const *paths, size_t n, char *errs, size_t errlen)
{
    td_input *in = td_input_open(paths, n);
    assert_non_null(in);
    json_t *all = json_array();
    errs[0] = '\0';
    td_record *rec;
    int rc;
    while ((rc = td_input_next(in, &rec)) == 1) {
        if (rec->status == TD_RECORD_FAILED) {
            size_t used = strlen(errs);
            snprintf(errs + used, errlen - used, "%s\n", rec->error);
        } else if (rec->kind == TD_RECORD_TEXT) {
            json_array_append_new(all, json_pack("{s:s%}", "text_file", rec->raw, rec->raw_len));
        } else {
            json_error_t jerr;
            json_t *o = json_loadb(rec->raw, rec->raw_len, 0, &jerr);
            if (!o)
                fail_msg("record of %s:%llu is not JSON: %s", rec->source,
                         (unsigned long long)rec->line, jerr.text);
            json_object_set_new(o, "_line", json_integer((json_int_t)rec->line));
            json_array_append_new(all, o);
        }
        td_record_free(rec);
    }
    assert_int_equal(rc, 0);
    td_input_close(in);
    return all;
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v ? json_string_value(v) : NULL;
}

static const char RSS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    "     xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "<channel>\n"
    "  <title>Harbour &amp; Ledger</title>\n"
    "  <link>https://example.com/</link>\n"
    "  <image><title>Logo</title><url>https://example.com/logo.png</url></image>\n"
    "  <item>\n"
    "    <title>Copper &#8217;s slide deepens</title>\n"
    "    <link>https://example.com/copper</link>\n"
    "    <guid isPermaLink=\"false\">hl-copper-0114</guid>\n"
    "    <pubDate>Wed, 14 Jan 2026 09:30:00 +0800</pubDate>\n"
    "    <description>Copper fell.</description>\n"
    "    <content:encoded><![CDATA[<p>Copper fell 2.1% to $8,950 a tonne on "
    "Tuesday.</p><p>Traders at Ngata &amp; Sons said &ldquo;demand is soft&rdquo;."
    "<script>track()</script></p>]]></content:encoded>\n"
    "  </item>\n"
    "  <item>\n"
    "    <title>Port volumes hold up</title>\n"
    "    <guid>https://example.com/ports</guid>\n"
    "    <dc:date>2026-01-15T08:00:00Z</dc:date>\n"
    "    <description>&lt;p&gt;Container volumes at the three largest ports rose "
    "4.2 percent in December.&lt;/p&gt;&lt;p&gt;Officials expect a quieter "
    "spring.&lt;/p&gt;</description>\n"
    "  </item>\n"
    "  <item>\n"
    "    <title>No id, no date</title>\n"
    "    <link>https://example.com/bare</link>\n"
    "    <pubDate>sometime in January</pubDate>\n"
    "    <description>Short.</description>\n"
    "  </item>\n"
    "</channel>\n"
    "</rss>\n";

static void test_rss(void **state)
{
    (void)state;
    write_file(tmp("day.rss"), RSS, sizeof(RSS) - 1);
    const char *paths[] = {tmp("day.rss")};
    char errs[1024];
    json_t *all = read_all(paths, 1, errs, sizeof(errs));
    assert_string_equal(errs, "");
    assert_int_equal(json_array_size(all), 3);
    json_t *a = json_array_get(all, 0), *b = json_array_get(all, 1), *c = json_array_get(all, 2);
    assert_string_equal(str(a, "id"), "hl-copper-0114");
    assert_string_equal(str(a, "title"), "Copper \xE2\x80\x99s slide deepens");
    assert_string_equal(str(a, "url"), "https://example.com/copper");
    assert_string_equal(str(a, "published"), "2026-01-14T09:30:00+08:00");
    assert_string_equal(str(a, "source"), "Harbour & Ledger");
    /* content:encoded is fuller than the description: its text wins */
    assert_string_equal(str(a, "text"), "Copper fell 2.1% to $8,950 a tonne on Tuesday.\n\n"
                                        "Traders at Ngata & Sons said \xE2\x80\x9C" "demand is "
                                        "soft\xE2\x80\x9D.");
    assert_int_equal(json_integer_value(json_object_get(a, "_line")), 8);
    /* a permalink guid is the id and the url; escaped HTML in description */
    assert_string_equal(str(b, "id"), "https://example.com/ports");
    assert_string_equal(str(b, "url"), "https://example.com/ports");
    assert_string_equal(str(b, "published"), "2026-01-15T08:00:00Z");
    assert_string_equal(str(b, "text"), "Container volumes at the three largest ports rose 4.2 "
                                        "percent in December.\n\nOfficials expect a quieter "
                                        "spring.");
    /* no guid: the link is the id; a date we cannot read is kept as written */
    assert_string_equal(str(c, "id"), "https://example.com/bare");
    assert_null(str(c, "published"));
    assert_string_equal(str(c, "published_raw"), "sometime in January");
    /* the member order of docs/FORMAT.md */
    const char *order[] = {"id", "title", "url", "published_raw", "source", "text", "_line"};
    size_t k = 0;
    const char *key;
    json_t *v;
    json_object_foreach(c, key, v) assert_string_equal(key, order[k++]);
    json_decref(all);
}

static const char ATOM[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
    "  <title type=\"text\">Meridian Economic Wire</title>\n"
    "  <id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id>\n"
    "  <updated>2026-01-16T12:00:00Z</updated>\n"
    "  <entry>\n"
    "    <title type=\"html\">Rates &lt;em&gt;held&lt;/em&gt; at 3.75%</title>\n"
    "    <link rel=\"self\" href=\"https://example.org/self/1\"/>\n"
    "    <link rel=\"alternate\" href=\"https://example.org/rates-held\"/>\n"
    "    <id>tag:example.org,2026:rates-held</id>\n"
    "    <updated>2026-01-16T10:00:00Z</updated>\n"
    "    <published>2026-01-16T09:00:00+01:00</published>\n"
    "    <summary>The bank held rates.</summary>\n"
    "    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
    "<p>The central bank held its main rate at <b>3.75%</b> on Friday.</p>"
    "<p>Governor Ilse Marwick said inflation &amp; wages were easing.</p></div></content>\n"
    "  </entry>\n"
    "  <entry>\n"
    "    <title>Wheat &lt;plain&gt; text</title>\n"
    "    <link href=\"https://example.org/wheat\"/>\n"
    "    <id>tag:example.org,2026:wheat</id>\n"
    "    <updated>2026-01-17T07:30:00Z</updated>\n"
    "    <summary type=\"text\">Wheat futures rose 1.4 percent.\n\nStocks are "
    "thin.</summary>\n"
    "  </entry>\n"
    "</feed>\n";

static void test_atom(void **state)
{
    (void)state;
    write_file(tmp("wire.atom"), ATOM, sizeof(ATOM) - 1);
    const char *paths[] = {tmp("wire.atom")};
    char errs[1024];
    json_t *all = read_all(paths, 1, errs, sizeof(errs));
    assert_string_equal(errs, "");
    assert_int_equal(json_array_size(all), 2);
    json_t *a = json_array_get(all, 0), *b = json_array_get(all, 1);
    assert_string_equal(str(a, "id"), "tag:example.org,2026:rates-held");
    assert_string_equal(str(a, "title"), "Rates held at 3.75%");
    assert_string_equal(str(a, "url"), "https://example.org/rates-held");
    assert_string_equal(str(a, "published"), "2026-01-16T09:00:00+01:00");
    assert_string_equal(str(a, "source"), "Meridian Economic Wire");
    assert_string_equal(str(a, "text"), "The central bank held its main rate at 3.75% on "
                                        "Friday.\n\nGovernor Ilse Marwick said inflation & "
                                        "wages were easing.");
    /* type text: markup-looking characters are text; updated when no
     * published */
    assert_string_equal(str(b, "title"), "Wheat <plain> text");
    assert_string_equal(str(b, "published"), "2026-01-17T07:30:00Z");
    assert_string_equal(str(b, "text"), "Wheat futures rose 1.4 percent.\n\nStocks are thin.");
    json_decref(all);
}

static void test_broken_feed_keeps_items_before(void **state)
{
    (void)state;
    const char broken[] = "<?xml version=\"1.0\"?>\n"
                          "<rss version=\"2.0\"><channel><title>Ledger</title>\n"
                          "<item><guid>k1</guid><description>Steel output rose.</description></item>\n"
                          "<item><guid>k2</guid><description>Coal fell.</description></item>\n"
                          "<item><guid>k3</guid><description>Oil &amp; gas\n"
                          "flat.</descriptio></item>\n"
                          "<item><guid>k4</guid><description>Never read.</description></item>\n"
                          "</channel></rss>\n";
    write_file(tmp("broken.xml"), broken, sizeof(broken) - 1);
    /* not a feed at all, named as one; and a feed named .jsonl */
    write_file(tmp("page.rss"), "<html><body>Hi</body></html>", 28);
    write_file(tmp("empty.atom"), "", 0);
    write_file(tmp("sniffed.jsonl"), RSS, sizeof(RSS) - 1);
    const char *paths[] = {tmp("broken.xml"), tmp("page.rss"), tmp("empty.atom"),
                           tmp("sniffed.jsonl")};
    char errs[2048];
    json_t *all = read_all(paths, 4, errs, sizeof(errs));
    assert_int_equal(json_array_size(all), 2 + 3);
    assert_string_equal(str(json_array_get(all, 0), "id"), "k1");
    assert_string_equal(str(json_array_get(all, 1), "id"), "k2");
    assert_string_equal(str(json_array_get(all, 2), "id"), "hl-copper-0114");
    char want[512];
    snprintf(want, sizeof(want),
             "%s:6: not well-formed XML: Opening and ending tag mismatch: description line 5 "
             "and descriptio; 2 documents read before it\n",
             tmp("broken.xml"));
    if (!strstr(errs, want))
        fail_msg("expected\n%s\nin\n%s", want, errs);
    assert_non_null(strstr(errs, "page.rss:1: not an RSS or Atom feed: the root element is "
                                 "<html>; 0 documents read before it"));
    assert_non_null(strstr(errs, "empty.atom: not an RSS or Atom feed: no XML element in it; "
                                 "0 documents read before it"));
    json_decref(all);
}

/* An XXE attempt: an external entity naming a local file and one on the
 * network. Neither is read; the item is, without them. */
static void test_external_entities_never_read(void **state)
{
    (void)state;
    write_file(tmp("secret.txt"), "LEAKED-7731", 11);
    char feed[2048];
    snprintf(feed, sizeof(feed),
             "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE rss [\n"
             "  <!ENTITY file SYSTEM \"file://%s\">\n"
             "  <!ENTITY net SYSTEM \"http://127.0.0.1:9/x.xml\">\n"
             "  <!ENTITY %% dtd SYSTEM \"file://%s\"> %%dtd;\n"
             "  <!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;\">\n"
             "]>\n"
             "<rss version=\"2.0\"><channel><title>T&file;</title>\n"
             "<item><guid>x1</guid><title>&file;</title>"
             "<description>Rates &file; held &net; &lol2;.</description></item>\n"
             "</channel></rss>\n",
             tmp("secret.txt"), tmp("secret.txt"));
    write_file(tmp("xxe.rss"), feed, strlen(feed));
    const char *paths[] = {tmp("xxe.rss")};
    char errs[1024];
    json_t *all = read_all(paths, 1, errs, sizeof(errs));
    char *dump = json_dumps(all, 0);
    if (strstr(dump, "LEAKED") || strstr(errs, "LEAKED"))
        fail_msg("an external entity was read: %s %s", dump, errs);
    assert_string_equal(errs, "");
    assert_int_equal(json_array_size(all), 1);
    assert_string_equal(str(json_array_get(all, 0), "text"), "Rates held .");
    free(dump);
    json_decref(all);
}

static void test_gzip_inputs(void **state)
{
    (void)state;
    const char jsonl[] = "{\"id\":\"g1\",\"text\":\"Exports rose.\"}\n"
                         "{\"id\":\"g2\",\"text\":\"Imports fell.\"}\n"
                         "{\"id\":\"g3\",\"text\":\"The surplus widened.\"}\n";
    write_gz(tmp("month.jsonl.gz"), jsonl, sizeof(jsonl) - 1);
    write_gz(tmp("day.rss.gz"), RSS, sizeof(RSS) - 1);
    write_gz(tmp("memo.txt.gz"), "A memo on tariffs.", 18);
    const char *paths[] = {tmp("month.jsonl.gz"), tmp("day.rss.gz"), tmp("memo.txt.gz")};
    char errs[1024];
    json_t *all = read_all(paths, 3, errs, sizeof(errs));
    assert_string_equal(errs, "");
    assert_int_equal(json_array_size(all), 3 + 3 + 1);
    assert_string_equal(str(json_array_get(all, 2), "text"), "The surplus widened.");
    assert_string_equal(str(json_array_get(all, 3), "id"), "hl-copper-0114");
    assert_string_equal(str(json_array_get(all, 6), "text_file"), "A memo on tariffs.");
    json_decref(all);

    /* gzip piped in, told by its content; sizes of what was read */
    td_input *in = td_input_open(paths, 3);
    td_record *rec;
    while (td_input_next(in, &rec) == 1)
        td_record_free(rec);
    const char *path, *kind;
    int64_t size;
    td_input_file(in, 1, &path, &size, &kind);
    assert_string_equal(kind, "feed.gz");
    struct stat st;
    assert_int_equal(stat(tmp("day.rss.gz"), &st), 0);
    assert_int_equal(size, st.st_size);
    uint64_t consumed, total;
    assert_true(td_input_position(in, &consumed, &total));
    assert_int_equal(consumed, total);
    td_input_close(in);
}

/* A JSON Lines archive of n documents with ids PREFIX0, PREFIX1, ... */
static char *archive(const char *path, const char *prefix, int n, size_t *gzlen)
{
    char *jsonl = malloc((size_t)n * 160);
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += (size_t)sprintf(jsonl + len,
                               "{\"id\":\"%s%d\",\"text\":\"Freight rates on lane %d rose "
                               "%d.%d percent in week %d, brokers said.\"}\n",
                               prefix, i, i * 7 % 113, i % 9, i % 10, i % 52 + 1);
    write_gz(path, jsonl, len);
    free(jsonl);
    return slurp(path, gzlen);
}

/* The documents of `all` whose id starts with prefix: PREFIX0, 1, ... in
 * order, none missing. */
static size_t run_of(json_t *all, const char *prefix)
{
    size_t n = 0, i;
    json_t *o;
    json_array_foreach(all, i, o)
    {
        const char *id = str(o, "id");
        if (!id || strncmp(id, prefix, strlen(prefix)) != 0)
            continue;
        char want[32];
        snprintf(want, sizeof(want), "%s%zu", prefix, n);
        assert_string_equal(id, want);
        n++;
    }
    return n;
}

static void test_truncated_and_corrupt_gzip(void **state)
{
    (void)state;
    size_t gzlen;
    char *gz = archive(tmp("whole.jsonl.gz"), "t", 8000, &gzlen);
    write_file(tmp("cut.jsonl.gz"), gz, gzlen / 2);
    free(gz);
    gz = archive(tmp("whole2.jsonl.gz"), "u", 8000, &gzlen);
    gz[gzlen * 3 / 4] ^= 0x55; /* flipped bits three quarters in */
    gz[gzlen * 3 / 4 + 1] ^= 0xAA;
    write_file(tmp("bad.jsonl.gz"), gz, gzlen);
    free(gz);
    write_gz(tmp("day.rss.gz"), RSS, sizeof(RSS) - 1);
    gz = slurp(tmp("day.rss.gz"), &gzlen);
    write_file(tmp("cut.rss.gz"), gz, gzlen - 12);
    free(gz);
    const char *paths[] = {tmp("cut.jsonl.gz"), tmp("bad.jsonl.gz"), tmp("cut.rss.gz")};
    char errs[2048];
    json_t *all = read_all(paths, 3, errs, sizeof(errs));
    print_message("  %s", errs);
    /* The documents before the cut, whole and in order (a cut line is not
     * one); those before the corruption, less what zlib held back of the
     * read it failed in; then each error, naming the file. */
    size_t cut = run_of(all, "t"), bad = run_of(all, "u");
    print_message("  %zu of 8000 before the cut, %zu before the corruption\n", cut, bad);
    assert_true(cut > 3000 && cut < 8000);
    assert_true(bad > 2000 && bad < 8000);
    /* the RSS items before its cut (only the trailer and the last tags) */
    assert_string_equal(str(json_array_get(all, (size_t)json_array_size(all) - 3), "id"),
                        "hl-copper-0114");
    char want[512];
    snprintf(want, sizeof(want),
             "%s: corrupt or truncated gzip data: unexpected end of file; %zu documents read "
             "before it\n",
             tmp("cut.jsonl.gz"), cut);
    assert_non_null(strstr(errs, want));
    snprintf(want, sizeof(want), "%s: corrupt or truncated gzip data: ", tmp("bad.jsonl.gz"));
    assert_non_null(strstr(errs, want));
    snprintf(want, sizeof(want), "%s: corrupt or truncated gzip data: unexpected end of file",
             tmp("cut.rss.gz"));
    assert_non_null(strstr(errs, want));
    json_decref(all);
}

static void test_folder_of_mixed_kinds(void **state)
{
    (void)state;
    char dir[256];
    snprintf(dir, sizeof(dir), "%s/mixed", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    write_file(tmp("mixed/a.rss"), RSS, sizeof(RSS) - 1);
    write_file(tmp("mixed/b.atom"), ATOM, sizeof(ATOM) - 1);
    write_gz(tmp("mixed/c.jsonl.gz"), "{\"id\":\"c1\",\"text\":\"x\"}\n", 23);
    write_file(tmp("mixed/d.txt"), "A plain note.", 13);
    write_gz(tmp("mixed/e.xml.gz"), ATOM, sizeof(ATOM) - 1);
    write_file(tmp("mixed/f.md"), "# not read", 10);
    write_gz(tmp("mixed/g.tar.gz"), "not read either", 15);
    const char *paths[] = {dir};
    char errs[1024];
    json_t *all = read_all(paths, 1, errs, sizeof(errs));
    assert_string_equal(errs, "");
    assert_int_equal(json_array_size(all), 3 + 2 + 1 + 1 + 2);
    assert_string_equal(str(json_array_get(all, 3), "source"), "Meridian Economic Wire");
    assert_string_equal(str(json_array_get(all, 5), "id"), "c1");
    assert_string_equal(str(json_array_get(all, 6), "text_file"), "A plain note.");
    json_decref(all);
}

/* One item with an 8 MB body, and a body of 3,000 tags in a row: read
 * whole, in time linear in the file. */
static void test_huge_and_dense_items(void **state)
{
    (void)state;
    const char head[] = "<rss version=\"2.0\"><channel><title>Big</title><item><guid>big"
                        "</guid><content:encoded xmlns:content=\"http://purl.org/rss/1.0/"
                        "modules/content/\"><![CDATA[";
    const char para[] = "<p>Output at the smelter rose 4.1% in the quarter, the company "
                        "said &amp; analysts agreed.</p>";
    const char tail[] = "]]></content:encoded></item><item><guid>dense</guid><description>";
    const char end[] = "</description></item></channel></rss>";
    size_t n = 8u << 20, copies = n / (sizeof(para) - 1);
    char *feed = malloc(n + 64 * 1024);
    size_t len = 0;
    memcpy(feed, head, sizeof(head) - 1);
    len = sizeof(head) - 1;
    for (size_t i = 0; i < copies; i++, len += sizeof(para) - 1)
        memcpy(feed + len, para, sizeof(para) - 1);
    memcpy(feed + len, tail, sizeof(tail) - 1);
    len += sizeof(tail) - 1;
    for (int i = 0; i < 3000; i++, len += 7)
        memcpy(feed + len, "&lt;br>", 7); /* <br> once the XML is read */
    memcpy(feed + len, end, sizeof(end) - 1);
    len += sizeof(end) - 1;
    write_file(tmp("big.rss"), feed, len);
    free(feed);
    const char *paths[] = {tmp("big.rss")};
    char errs[1024];
    clock_t t0 = clock();
    json_t *all = read_all(paths, 1, errs, sizeof(errs));
    print_message("  an 8 MB item and 3,000 tags: %.3f s\n",
                  (double)(clock() - t0) / CLOCKS_PER_SEC);
    assert_string_equal(errs, "");
    assert_int_equal(json_array_size(all), 2);
    const char *text = str(json_array_get(all, 0), "text");
    size_t want = copies * strlen("Output at the smelter rose 4.1% in the quarter, the company "
                                  "said & analysts agreed.") +
                  (copies - 1) * 2;
    assert_int_equal(strlen(text), want);
    assert_string_equal(str(json_array_get(all, 1), "text"), "");
    json_decref(all);
}

static void test_idset(void **state)
{
    (void)state;
    td_idset *s = td_idset_new();
    char id[32];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(id, sizeof(id), "doc-%d", i * 3);
        assert_int_equal(td_idset_add(s, id, (size_t)n), 0);
    }
    assert_int_equal(td_idset_add(s, "doc-0", 5), 0); /* again: no change */
    assert_int_equal(td_idset_size(s), 100000);
    for (int i = 0; i < 300000; i++) {
        int n = snprintf(id, sizeof(id), "doc-%d", i);
        assert_int_equal(td_idset_has(s, id, (size_t)n), i % 3 == 0);
    }
    assert_false(td_idset_has(s, "", 0));
    td_idset_free(s);
    td_idset_free(NULL);
}

static void test_resume_scan(void **state)
{
    (void)state;
    const char out[] = "{\"id\":\"r1\",\"text\":\"a\",\"annotations\":[],\"tidings\":{\"pipeline\":\"aaaaaaaaaaaa\"}}\n"
                       "{\"id\":17,\"text\":\"b\",\"annotations\":[],\"tidings\":{}}\n"
                       "{\"id\":\"r\\u0033\",\"x\":1e5,\"tidings\":{\"pipeline\":\"bbbbbbbbbbbb\"}}\n"
                       "{\"id\":\"r4\",\"text\":\"cut sh";
    write_file(tmp("out.jsonl"), out, sizeof(out) - 1);
    td_idset *ids = td_idset_new();
    td_resume_scan scan;
    char err[512];
    assert_int_equal(td_resume_scan_output(tmp("out.jsonl"), "aaaaaaaaaaaa", ids, &scan, err,
                                           sizeof(err)),
                     0);
    assert_int_equal(scan.lines, 3);
    assert_int_equal(scan.cut_bytes, strlen("{\"id\":\"r4\",\"text\":\"cut sh"));
    assert_int_equal(scan.other_stamp_line, 3);
    assert_string_equal(scan.other_stamp, "bbbbbbbbbbbb");
    assert_true(td_idset_has(ids, "r1", 2));
    assert_true(td_idset_has(ids, "17", 2));
    assert_true(td_idset_has(ids, "r3", 2));
    assert_false(td_idset_has(ids, "r4", 2));
    size_t len;
    char *after = slurp(tmp("out.jsonl"), &len);
    assert_int_equal(len, sizeof(out) - 1 - scan.cut_bytes);
    assert_int_equal(after[len - 1], '\n');
    free(after);
    td_idset_free(ids);

    /* no file: nothing to skip; a line that is not ours: refused */
    ids = td_idset_new();
    assert_int_equal(td_resume_scan_output(tmp("none.jsonl"), "x", ids, &scan, err, sizeof(err)),
                     0);
    assert_int_equal(scan.lines, 0);
    write_file(tmp("other.jsonl"), "{\"id\":\"a\"}\n[1,2]\n", 17);
    assert_int_equal(
        td_resume_scan_output(tmp("other.jsonl"), "x", ids, &scan, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "other.jsonl:2: not a tidings output line"));
    td_idset_free(ids);
}

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/tidings-feeds-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_broken_feed_keeps_items_before),
        cmocka_unit_test(test_external_entities_never_read),
        cmocka_unit_test(test_gzip_inputs),
        cmocka_unit_test(test_truncated_and_corrupt_gzip),
        cmocka_unit_test(test_folder_of_mixed_kinds),
        cmocka_unit_test(test_huge_and_dense_items),
        cmocka_unit_test(test_idset),
        cmocka_unit_test(test_resume_scan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
