/* The Redis backend without a server: the wire format of a document at a
 * split (round trip, whole, and refusals), result entries, URLs and key
 * names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec.h"
#include "doc_internal.h"
#include "redis_conn.h"
#include "redis_stream.h"
#include "redis_wire.h"

/* ---- fake replies -------------------------------------------------------- */

static redisReply *str_reply(const char *s, size_t len)
{
    redisReply *r = calloc(1, sizeof(*r));
    r->type = REDIS_REPLY_STRING;
    r->str = malloc(len + 1);
    memcpy(r->str, s, len);
    r->str[len] = '\0';
    r->len = len;
    return r;
}

/* A flat [field, value, ...] array; values given with their lengths. */
typedef struct fields {
    redisReply *r;
} fields;

static fields fields_new(void)
{
    fields f = {calloc(1, sizeof(redisReply))};
    f.r->type = REDIS_REPLY_ARRAY;
    f.r->element = calloc(64, sizeof(redisReply *));
    return f;
}

static void fields_add(fields *f, const char *name, const char *value, size_t len)
{
    f->r->element[f->r->elements++] = str_reply(name, strlen(name));
    f->r->element[f->r->elements++] = str_reply(value, len);
}

static void fields_adds(fields *f, const char *name, const char *value)
{
    fields_add(f, name, value, strlen(value));
}

/* ---- a document that uses everything ------------------------------------- */

static const char raw_line[] =
    "{\"id\":\"w1\",\"title\":\"T\",\"text\":\"Caf\xC3 \xE2\x80\x9Cquoted\xE2\x80\x9D "
    "AT&amp;T \\u0000 rose 4.5%\"}";

static td_record *make_record(void)
{
    td_record *rec = td_record_new(7, TD_RECORD_JSON, "feed.jsonl", 3, strdup(raw_line),
                                   sizeof(raw_line) - 1);
    assert_non_null(rec);
    assert_int_equal(td_decode_record(rec), 0);
    td_doc *doc = rec->doc;
    assert_true(td_doc_repaired(doc) > 0);
    /* rewrite: curly quotes to '"', &amp; to & */
    size_t len;
    const char *t = td_doc_text(doc, &len);
    td_rewrite *rw = td_rewrite_begin(doc);
    size_t i = 0;
    while (i < len) {
        if (strncmp(t + i, "\xE2\x80\x9C", 3) == 0 || strncmp(t + i, "\xE2\x80\x9D", 3) == 0) {
            td_rewrite_replace(rw, 3, "\"", 1);
            i += 3;
        } else if (strncmp(t + i, "&amp;", 5) == 0) {
            td_rewrite_replace(rw, 5, "&", 1);
            i += 5;
        } else {
            td_rewrite_keep(rw, 1);
            i++;
        }
    }
    assert_int_equal(td_rewrite_commit(rw), 0);
    assert_true(doc->nedits > 0);
    t = td_doc_text(doc, &len);
    /* annotations in two layers, the second added out of order */
    td_annot *w1 = td_doc_add(doc, "token", "word", 0, 4);
    td_annot *w2 = td_doc_add(doc, "token", "word", 5, 13);
    td_annot *e2 = td_doc_add(doc, "entity", "institution", 14, 18);
    td_annot *e1 = td_doc_add(doc, "entity", "country", 0, 4);
    td_annot *c = td_doc_add(doc, "claim", "statistic", 14, len);
    assert_non_null(w1 && w2 && e1 && e2 && c);
    assert_int_equal(td_annot_set_str(doc, e2, "canonical", "AT&T \"Inc\" \xC3\xA9\n"), 0);
    assert_int_equal(td_annot_set_num(doc, c, "value", 4.547e13), 0);
    assert_int_equal(td_annot_set_num(doc, c, "change_pct", -0.1), 0);
    assert_int_equal(td_annot_set_num(doc, c, "tiny", 1e-300), 0);
    assert_int_equal(td_annot_set_num(doc, c, "nan", NAN), 0);
    assert_int_equal(td_annot_set_num(doc, c, "inf", INFINITY), 0);
    assert_int_equal(td_annot_set_num(doc, c, "ninf", -INFINITY), 0);
    assert_int_equal(td_annot_set_bool(doc, c, "hedged", true), 0);
    assert_int_equal(td_annot_set_ref(doc, c, "subject", e2), 0);
    assert_int_equal(td_annot_set_ref(doc, w1, "later", c), 0); /* forward reference */
    assert_int_equal(td_annot_set_str(doc, w1, "empty", ""), 0);
    assert_int_equal(td_doc_set_num(doc, "count", 3), 0);
    assert_int_equal(td_doc_set_str(doc, "lang", "en"), 0);
    assert_int_equal(td_doc_set_bool(doc, "checked", false), 0);
    return rec;
}

/* The entry a worker would write at a split. */
static fields split_entry(td_record *rec, td_strbuf *json)
{
    fields f = fields_new();
    char num[32];
    snprintf(num, sizeof(num), "%llu", (unsigned long long)rec->seq);
    fields_adds(&f, "seq", num);
    fields_adds(&f, "src", rec->source);
    snprintf(num, sizeof(num), "%llu", (unsigned long long)rec->line);
    fields_adds(&f, "line", num);
    fields_adds(&f, "kind", "json");
    fields_add(&f, "raw", rec->raw, rec->raw_len);
    size_t wlen;
    const char *w = td_doc_text(rec->doc, &wlen);
    fields_add(&f, "work", w, wlen);
    fields_add(&f, "doc", json->data, json->len);
    return f;
}

static void assert_attrs_equal(const td_attr *a, const td_attr *b)
{
    for (; a && b; a = a->next, b = b->next) {
        assert_string_equal(a->key, b->key);
        assert_int_equal(a->type, b->type);
        switch (a->type) {
        case TD_ATTR_STRING: assert_string_equal(a->v.s, b->v.s); break;
        case TD_ATTR_BOOL: assert_int_equal(a->v.b, b->v.b); break;
        case TD_ATTR_REF: assert_int_equal(a->v.ref, b->v.ref); break;
        case TD_ATTR_NUMBER:
            if (isnan(a->v.n))
                assert_true(isnan(b->v.n));
            else
                assert_memory_equal(&a->v.n, &b->v.n, sizeof(double));
            break;
        }
    }
    assert_null(a);
    assert_null(b);
}

static void assert_docs_equal(td_doc *a, td_doc *b)
{
    assert_string_equal(td_doc_id(a), td_doc_id(b));
    assert_int_equal(a->orig_len, b->orig_len);
    assert_memory_equal(a->orig, b->orig, a->orig_len);
    assert_int_equal(a->work_len, b->work_len);
    assert_memory_equal(a->work, b->work, a->work_len);
    assert_int_equal(td_doc_rewritten(a), td_doc_rewritten(b));
    assert_int_equal(a->repaired, b->repaired);
    assert_int_equal(a->nedits, b->nedits);
    assert_memory_equal(a->edits, b->edits, a->nedits * sizeof(td_edit));
    assert_int_equal(a->nannots, b->nannots);
    assert_int_equal(a->nlayers, b->nlayers);
    for (size_t i = 0; i < a->nlayers; i++) {
        assert_string_equal(a->layers[i].name, b->layers[i].name);
        assert_int_equal(a->layers[i].n, b->layers[i].n);
        for (size_t j = 0; j < a->layers[i].n; j++)
            assert_int_equal(a->layers[i].items[j]->id, b->layers[i].items[j]->id);
    }
    for (uint32_t id = 1; id <= a->nannots; id++) {
        td_annot *x = td_doc_get(a, id), *y = td_doc_get(b, id);
        assert_non_null(x);
        assert_non_null(y);
        assert_string_equal(x->layer, y->layer);
        assert_string_equal(x->label, y->label);
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_attrs_equal(x->attrs, y->attrs);
        size_t os1, oe1, os2, oe2;
        td_doc_span_original(a, x->start, x->end, &os1, &oe1);
        td_doc_span_original(b, y->start, y->end, &os2, &oe2);
        assert_int_equal(os1, os2);
        assert_int_equal(oe1, oe2);
    }
    assert_attrs_equal(a->attrs, b->attrs);
    const char *ta = td_doc_meta(a, "title"), *tb = td_doc_meta(b, "title");
    if (ta || tb)
        assert_string_equal(ta, tb);
}

static bool emit_all(const void *user, const char *layer)
{
    (void)user, (void)layer;
    return true;
}

static void test_roundtrip_whole(void **state)
{
    (void)state;
    td_record *rec = make_record();
    td_strbuf json;
    td_strbuf_init(&json);
    assert_int_equal(td_wire_encode(rec->doc, &json), 0);
    fields f = split_entry(rec, &json);
    char err[256];
    td_record *back = td_wire_record(f.r, true, err, sizeof(err));
    assert_non_null(back);
    if (back->status == TD_RECORD_FAILED)
        fail_msg("%s", back->error);
    assert_int_equal(back->seq, 7);
    assert_int_equal(back->line, 3);
    assert_string_equal(back->source, "feed.jsonl");
    assert_true(back->repaired);
    assert_docs_equal(rec->doc, back->doc);

    /* the same output line, and the same wire form again */
    assert_int_equal(td_encode_record(rec, emit_all, NULL), 0);
    assert_int_equal(td_encode_record(back, emit_all, NULL), 0);
    assert_int_equal(rec->output_len, back->output_len);
    assert_memory_equal(rec->output, back->output, rec->output_len);
    td_strbuf again;
    td_strbuf_init(&again);
    assert_int_equal(td_wire_encode(back->doc, &again), 0);
    assert_int_equal(again.len, json.len);
    assert_memory_equal(again.data, json.data, json.len);

    td_strbuf_free(&again);
    td_strbuf_free(&json);
    freeReplyObject(f.r);
    td_record_free(back);
    td_record_free(rec);
}

static void test_roundtrip_plain(void **state)
{
    (void)state;
    /* not rewritten, no annotations, a text file with a NUL */
    td_record *rec = td_record_new(0, TD_RECORD_TEXT, "in/b.txt", 0, malloc(9), 9);
    memcpy(rec->raw, "a\0b \xFF yuan", 9);
    assert_int_equal(td_decode_record(rec), 0);
    td_strbuf json;
    td_strbuf_init(&json);
    assert_int_equal(td_wire_encode(rec->doc, &json), 0);
    assert_string_equal(json.data, "{\"v\":1,\"l\":[],\"r\":1}");
    fields f = fields_new();
    fields_adds(&f, "seq", "0");
    fields_adds(&f, "src", "in/b.txt");
    fields_adds(&f, "line", "0");
    fields_adds(&f, "kind", "text");
    fields_add(&f, "raw", rec->raw, rec->raw_len);
    fields_add(&f, "doc", json.data, json.len);
    char err[256];
    td_record *back = td_wire_record(f.r, true, err, sizeof(err));
    assert_non_null(back);
    assert_int_equal(back->status, TD_RECORD_PENDING);
    assert_int_equal(back->kind, TD_RECORD_TEXT);
    assert_docs_equal(rec->doc, back->doc);
    assert_string_equal(td_doc_id(back->doc), "b");
    td_strbuf_free(&json);
    freeReplyObject(f.r);
    td_record_free(back);
    td_record_free(rec);
}

/* A broken `doc` field fails the document with the reason, never crashes. */
static void expect_refused(const char *doc, const char *work, const char *why)
{
    fields f = fields_new();
    fields_adds(&f, "seq", "1");
    fields_adds(&f, "src", "x.jsonl");
    fields_adds(&f, "line", "1");
    fields_adds(&f, "kind", "json");
    fields_adds(&f, "raw", "{\"id\":\"d\",\"text\":\"short text\"}");
    if (work)
        fields_adds(&f, "work", work);
    fields_adds(&f, "doc", doc);
    char err[256];
    td_record *rec = td_wire_record(f.r, true, err, sizeof(err));
    assert_non_null(rec);
    assert_int_equal(rec->status, TD_RECORD_FAILED);
    if (!strstr(rec->error, why))
        fail_msg("expected \"%s\" in \"%s\"", why, rec->error);
    assert_non_null(strstr(rec->error, "x.jsonl:1: document 'd'"));
    td_record_free(rec);
    freeReplyObject(f.r);
}

static void test_refusals(void **state)
{
    (void)state;
    expect_refused("{\"v\":1,\"l\":", NULL, "expected '['");
    expect_refused("{\"v\":1,\"l\":[]} x", NULL, "bytes after the document");
    expect_refused("{\"v\":1,\"l\":[],\"zz\":1}", NULL, "an unknown member");
    expect_refused("{\"v\":1}", NULL, "not in wire format 1");
    expect_refused("{\"v\":1,\"l\":[[\"t\\q\",[]]]}", NULL, "a broken escape");
    expect_refused("{\"v\":1,\"l\":[[\"t\\ud800x\",[]]]}", NULL, "surrogate pair");
    expect_refused("{\"v\":1,\"l\":[[\"t\n\",[]]]}", NULL, "a control character");
    expect_refused("{\"v\":1,\"l\":[[\"t\",[[1,\"w\",0,1,{\"k\":\"unterminated}]]]]}",
                   NULL, "without its closing quote");
    expect_refused("{\"v\":1,\"l\":[[\"t\",[[99999999999,\"w\",0,1]]]]}", NULL,
                   "out of range");
    expect_refused("{\"v\":2,\"l\":[]}", NULL, "not in wire format 1");
    expect_refused("{\"v\":1,\"l\":[[\"token\",[[1,\"w\",0,99]]]]}", NULL, "outside the text");
    expect_refused("{\"v\":1,\"l\":[[\"token\",[[0,\"w\",0,1]]]]}", NULL, "out of range");
    expect_refused("{\"v\":1,\"l\":[[\"t\",[[1,\"w\",0,1],[1,\"w\",1,2]]]]}", NULL,
                   "id 1 is taken");
    expect_refused("{\"v\":1,\"l\":[[\"t\",[[1,\"w\",0,1,{\"r\":{\"r\":9}}]]]]}", NULL,
                   "not there");
    expect_refused("{\"v\":1,\"l\":[[\"t\",[[1,\"w\",0,1,{\"k\":[1]}]]]]}", NULL,
                   "no known kind");
    expect_refused("{\"v\":1,\"e\":[0,1,0,1],\"l\":[]}", NULL, "edits without");
    expect_refused("{\"v\":1,\"e\":[0,1,0,99],\"l\":[]}", "short", "does not fit");
    expect_refused("{\"v\":1,\"e\":[0,1],\"l\":[]}", "short", "not a list of edits");

    /* an entry without the fields every entry has */
    fields f = fields_new();
    fields_adds(&f, "seq", "x");
    char err[256];
    assert_null(td_wire_record(f.r, false, err, sizeof(err)));
    assert_non_null(strstr(err, "lacks"));
    freeReplyObject(f.r);
}

static void test_results(void **state)
{
    (void)state;
    char err[256];
    fields ok = fields_new();
    fields_adds(&ok, "seq", "4");
    fields_adds(&ok, "id", "s01");
    fields_adds(&ok, "inb", "120");
    fields_adds(&ok, "rep", "1");
    fields_adds(&ok, "out", "{\"id\":\"s01\"}");
    td_record *rec = td_wire_result(ok.r, false, err, sizeof(err));
    assert_int_equal(rec->status, TD_RECORD_OK);
    assert_int_equal(rec->seq, 4);
    assert_int_equal(rec->raw_len, 120);
    assert_true(rec->repaired);
    assert_string_equal(rec->output, "{\"id\":\"s01\"}");
    td_record_free(rec);
    freeReplyObject(ok.r);

    fields dead = fields_new();
    fields_adds(&dead, "seq", "5");
    fields_adds(&dead, "src", "f.jsonl");
    fields_adds(&dead, "line", "6");
    fields_adds(&dead, "kind", "json");
    fields_adds(&dead, "error", "f.jsonl:6: document 'p': testfail: found the marker");
    fields_adds(&dead, "raw", "{\"id\":\"p\"}");
    rec = td_wire_result(dead.r, true, err, sizeof(err));
    assert_int_equal(rec->status, TD_RECORD_FAILED);
    assert_string_equal(rec->error, "f.jsonl:6: document 'p': testfail: found the marker");
    assert_string_equal(rec->raw, "{\"id\":\"p\"}");
    assert_int_equal(rec->line, 6);
    td_record_free(rec);
    freeReplyObject(dead.r);
}

/* ---- URLs --------------------------------------------------------------- */

static void test_urls(void **state)
{
    (void)state;
    td_redis_cfg c = {0};
    char err[512];
    assert_int_equal(td_redis_url_parse(&c, "redis://127.0.0.1:6380/2", err, sizeof(err)), 0);
    assert_string_equal(c.host, "127.0.0.1");
    assert_int_equal(c.port, 6380);
    assert_int_equal(c.db, 2);
    assert_null(c.password);
    assert_string_equal(c.url_shown, "redis://127.0.0.1:6380/2");

    assert_int_equal(td_redis_url_parse(&c, "redis://alice:p%40ss%3Aw@db.example:7000/0", err,
                                        sizeof(err)), 0);
    assert_string_equal(c.user, "alice");
    assert_string_equal(c.password, "p@ss:w");
    assert_string_equal(c.host, "db.example");
    assert_string_equal(c.url_shown, "redis://alice:***@db.example:7000/0");

    assert_int_equal(td_redis_url_parse(&c, "redis://:secret@localhost", err, sizeof(err)), 0);
    assert_null(c.user);
    assert_string_equal(c.password, "secret");
    assert_int_equal(c.port, 6379);
    assert_int_equal(c.db, 0);
    assert_null(strstr(c.url_shown, "secret"));

    assert_int_equal(td_redis_url_parse(&c, "redis://[::1]:6390/1", err, sizeof(err)), 0);
    assert_string_equal(c.host, "::1");
    assert_int_equal(c.port, 6390);
    assert_string_equal(c.url_shown, "redis://[::1]:6390/1");

    assert_int_equal(td_redis_url_parse(&c, "unix:///run/redis.sock?db=3", err, sizeof(err)),
                     0);
    assert_null(c.host);
    assert_string_equal(c.socket, "/run/redis.sock");
    assert_int_equal(c.db, 3);

    const char *bad[][2] = {
        {"http://localhost", "expected redis://"},
        {"rediss://localhost", "TLS"},
        {"redis://localhost:0", "port"},
        {"redis://localhost:99999", "port"},
        {"redis://localhost:12ab", "port"},
        {"redis://:6379", "no host"},
        {"redis://localhost/x", "database number"},
        {"redis://u:%zz@localhost", "%-escape"},
        {"unix://relative.sock", "absolute path"},
        {"unix:///tmp/r.sock?timeout=1", "?db=N"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(td_redis_url_parse(&c, bad[i][0], err, sizeof(err)), -1);
        if (!strstr(err, bad[i][1]))
            fail_msg("%s: expected \"%s\" in \"%s\"", bad[i][0], bad[i][1], err);
    }
    td_redis_cfg_free(&c);
}

/* ---- key names ----------------------------------------------------------- */

static void test_keys(void **state)
{
    (void)state;
    char dir[] = "/tmp/tidings-wire-XXXXXX", path[128], err[8192];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/news.conf", dir);
    FILE *fp = fopen(path, "w");
    fputs("[pipeline]\nstages = testrewrite testtok testcount testfail\n"
          "split = testfail testtok\nqueue = redis\n[queue.redis]\nprefix = td\n",
          fp);
    fclose(fp);
    td_paths paths;
    td_pipeline_conf conf;
    assert_int_equal(td_paths_init(&paths, NULL), 0);
    if (td_pipeline_conf_load(&conf, path, &paths, false, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    td_redis_cfg cfg;
    assert_int_equal(td_redis_cfg_load(&cfg, conf.redis, err, sizeof(err)), 0);
    td_rkeys k;
    assert_int_equal(td_rkeys_init(&k, &cfg, &conf, NULL, err, sizeof(err)), 0);
    assert_string_equal(k.in, "td:{news}:in");
    assert_string_equal(k.out, "td:{news}:out");
    assert_string_equal(k.dead, "td:{news}:dead");
    assert_string_equal(k.seen, "td:{news}:seen");
    assert_int_equal(k.nat, 2);
    /* in stage order, whatever the order in split */
    assert_string_equal(k.at[0], "td:{news}:at:testtok");
    assert_string_equal(k.at[1], "td:{news}:at:testfail");
    td_rseg segs[3];
    td_rkeys_segments(&k, &conf, segs);
    assert_int_equal(segs[0].from, 0);
    assert_int_equal(segs[0].to, 1);
    assert_string_equal(segs[0].names, "testrewrite");
    assert_string_equal(segs[1].src, "td:{news}:at:testtok");
    assert_string_equal(segs[1].dst, "td:{news}:at:testfail");
    assert_string_equal(segs[1].names, "testtok testcount");
    assert_true(segs[2].last);
    assert_string_equal(segs[2].dst, "td:{news}:out");
    assert_int_equal(td_rkeys_segment_named(&k, &conf, NULL), 0);
    assert_int_equal(td_rkeys_segment_named(&k, &conf, "testfail"), 2);
    assert_int_equal(td_rkeys_segment_named(&k, &conf, "testcount"), -1);
    td_rkeys_free(&k);
    assert_int_equal(td_rkeys_init(&k, &cfg, &conf, "abc", err, sizeof(err)), 0);
    assert_string_equal(k.in, "td:{news}:run:abc:in");
    td_rkeys_free(&k);
    free(conf.name);
    conf.name = strdup("bad{name}");
    assert_int_equal(td_rkeys_init(&k, &cfg, &conf, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "cannot name Redis keys"));
    td_redis_cfg_free(&cfg);
    td_pipeline_conf_free(&conf);
    td_paths_free(&paths);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_whole), cmocka_unit_test(test_roundtrip_plain),
        cmocka_unit_test(test_refusals),        cmocka_unit_test(test_results),
        cmocka_unit_test(test_urls),            cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
