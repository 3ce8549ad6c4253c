/* The outlook stage end to end: the `tidings` command runs `normalise
 * segment outlook` on samples/feed.jsonl, and the outlooks are scored
 * against tests/outlook_gold.tsv (label accuracy, printed, held above
 * 0.85); with `scope = all` every sentence has its sentiment; after
 * entities and claims, outlooks have holders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TIDINGS TD_TEST_BUILDDIR "/core/tidings"
#define FEED TD_TEST_SRCDIR "/samples/feed.jsonl"
#define GOLD TD_TEST_SRCDIR "/tests/outlook_gold.tsv"
#define FLOOR 0.85

/* Run `stages` with `options` for the outlook stage; one json_t per
 * output line, NULL-terminated. */
static json_t **run_stages(const char *stages, const char *options, size_t *n)
{
    char conf[] = "/tmp/td-outlook-XXXXXX";
    int fd = mkstemp(conf);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, "[pipeline]\nstages = %s\n[stage.outlook]\n%s\n", stages, options);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "%s run -p %s/plugins -c %s %s 2>/dev/null", TIDINGS,
             TD_TEST_BUILDDIR, conf, FEED);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    json_t **docs = calloc(64, sizeof(*docs));
    char *line = NULL;
    size_t cap = 0;
    *n = 0;
    while (getline(&line, &cap, p) > 0 && *n < 63) {
        json_error_t err;
        docs[*n] = json_loads(line, 0, &err);
        if (!docs[*n])
            fail_msg("output line %zu is not JSON: %s", *n + 1, err.text);
        (*n)++;
    }
    free(line);
    assert_int_equal(pclose(p), 0);
    unlink(conf);
    return docs;
}

static json_t **run_feed(const char *options, size_t *n)
{
    return run_stages("normalise segment outlook", options, n);
}

static void free_docs(json_t **docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_decref(docs[i]);
    free(docs);
}

static json_t *doc_by_id(json_t **docs, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(json_string_value(json_object_get(docs[i], "id")), id) == 0)
            return docs[i];
    return NULL;
}

/* The label of the outlook overlapping the sentence that starts with
 * `prefix`, "none" when there is none; NULL when no sentence does. */
static const char *judged(json_t *doc, const char *prefix)
{
    json_t *anns = json_object_get(doc, "annotations");
    size_t i, plen = strlen(prefix);
    json_t *a;
    long long s0 = -1, s1 = -1;
    json_array_foreach(anns, i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "layer")), "sentence") != 0)
            continue;
        if (strncmp(json_string_value(json_object_get(a, "text")), prefix, plen) == 0) {
            s0 = json_integer_value(json_object_get(a, "start"));
            s1 = json_integer_value(json_object_get(a, "end"));
            break;
        }
    }
    if (s0 < 0)
        return NULL;
    json_array_foreach(anns, i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "layer")), "outlook") != 0)
            continue;
        long long a0 = json_integer_value(json_object_get(a, "start"));
        long long a1 = json_integer_value(json_object_get(a, "end"));
        if (a0 < s1 && a1 > s0)
            return json_string_value(json_object_get(a, "label"));
    }
    return "none";
}

static void test_gold_accuracy(void **state)
{
    (void)state;
    size_t n;
    json_t **docs = run_feed("", &n);
    assert_int_equal(n, 12);
    FILE *g = fopen(GOLD, "r");
    assert_non_null(g);
    static const char *const labels[] = {"positive", "negative", "neutral", "mixed", "none"};
    unsigned confusion[5][5] = {{0}};
    char line[1024];
    size_t rows = 0, right = 0, lineno = 0;
    while (fgets(line, sizeof(line), g)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line || *line == '#')
            continue;
        char *id = strtok(line, "\t"), *want = strtok(NULL, "\t"), *prefix = strtok(NULL, "");
        if (!id || !want || !prefix)
            fail_msg("outlook_gold.tsv:%zu: needs id, label and the sentence's first words", lineno);
        json_t *doc = doc_by_id(docs, n, id);
        if (!doc)
            fail_msg("outlook_gold.tsv:%zu: no document %s", lineno, id);
        const char *got = judged(doc, prefix);
        if (!got)
            fail_msg("outlook_gold.tsv:%zu: no sentence of %s starts with \"%s\"", lineno, id,
                     prefix);
        int wi = -1, gi = -1;
        for (int k = 0; k < 5; k++) {
            if (strcmp(labels[k], want) == 0)
                wi = k;
            if (strcmp(labels[k], got) == 0)
                gi = k;
        }
        if (wi < 0 || gi < 0)
            fail_msg("outlook_gold.tsv:%zu: unknown label %s / %s", lineno, want, got);
        confusion[wi][gi]++;
        rows++;
        if (wi == gi)
            right++;
        else
            printf("  %s: want %-8s got %-8s %.60s\n", id, want, got, prefix);
    }
    fclose(g);
    free_docs(docs, n);
    printf("outlook gold: %zu of %zu right, accuracy %.3f (floor %.2f)\n", right, rows,
           (double)right / (double)rows, FLOOR);
    printf("  gold \\ found  positive negative  neutral    mixed     none\n");
    for (int w = 0; w < 5; w++) {
        printf("  %-12s", labels[w]);
        for (int k = 0; k < 5; k++)
            printf(" %8u", confusion[w][k]);
        printf("\n");
    }
    /* outlook or not, whatever the tone */
    unsigned fwd_right = 0;
    for (int w = 0; w < 5; w++)
        for (int k = 0; k < 5; k++)
            if ((w == 4) == (k == 4))
                fwd_right += confusion[w][k];
    printf("  forward-looking or not: %.3f\n", (double)fwd_right / (double)rows);
    assert_true(rows >= 80);
    assert_true((double)right / (double)rows >= FLOOR);
}

static void test_scope_all_gives_every_sentence_a_sentiment(void **state)
{
    (void)state;
    size_t n;
    json_t **docs = run_feed("scope = all", &n);
    assert_int_equal(n, 12);
    size_t sentences = 0, sentiments = 0, outlooks = 0;
    for (size_t d = 0; d < n; d++) {
        json_t *a;
        size_t i;
        json_array_foreach(json_object_get(docs[d], "annotations"), i, a)
        {
            const char *layer = json_string_value(json_object_get(a, "layer"));
            json_t *attrs = json_object_get(a, "attrs");
            if (strcmp(layer, "sentence") == 0) {
                sentences++;
            } else if (strcmp(layer, "sentiment") == 0) {
                sentiments++;
                double score = json_number_value(json_object_get(attrs, "score"));
                assert_true(score >= -1 && score <= 1);
                assert_non_null(json_object_get(attrs, "rule"));
            } else if (strcmp(layer, "outlook") == 0) {
                outlooks++;
                assert_non_null(json_object_get(attrs, "rule"));
                /* no claims stage ran: nobody holds the view */
                assert_null(json_object_get(attrs, "holder"));
            }
        }
    }
    printf("scope = all: %zu sentences, %zu sentiments, %zu outlooks\n", sentences, sentiments,
           outlooks);
    assert_true(sentences > 100);
    assert_int_equal(sentiments, sentences);
    assert_true(outlooks > 30 && outlooks < sentences);
    free_docs(docs, n);
}

/* The default pipeline with entities and claims before outlook, and
 * scope = all: holders are references to the speakers' entity annotations. */
static void test_full_pipeline_gives_holders(void **state)
{
    (void)state;
    size_t n;
    json_t **docs = run_stages("normalise segment entities claims outlook", "scope = all", &n);
    assert_int_equal(n, 12);
    size_t outlooks = 0, held = 0, sentences = 0, sentiments = 0;
    for (size_t d = 0; d < n; d++) {
        json_t *anns = json_object_get(docs[d], "annotations"), *a;
        size_t i;
        json_array_foreach(anns, i, a)
        {
            const char *layer = json_string_value(json_object_get(a, "layer"));
            sentences += strcmp(layer, "sentence") == 0;
            sentiments += strcmp(layer, "sentiment") == 0;
            if (strcmp(layer, "outlook") != 0)
                continue;
            outlooks++;
            json_t *ref = json_object_get(json_object_get(a, "attrs"), "holder");
            if (!ref)
                continue;
            held++;
            json_int_t id = json_integer_value(json_object_get(ref, "ref"));
            json_t *b, *target = NULL;
            size_t k;
            json_array_foreach(anns, k, b)
            {
                if (json_integer_value(json_object_get(b, "id")) == id)
                    target = b;
            }
            if (!target)
                fail_msg("holder %lld of an outlook in %s is not in the output", (long long)id,
                         json_string_value(json_object_get(docs[d], "id")));
            assert_string_equal(json_string_value(json_object_get(target, "layer")), "entity");
        }
    }
    printf("full pipeline: %zu outlooks, %zu with a holder; %zu sentences, %zu sentiments\n",
           outlooks, held, sentences, sentiments);
    assert_int_equal(sentiments, sentences);
    assert_true(held >= outlooks / 3);
    assert_true(held < outlooks); /* the outlet's own voice has none */
    free_docs(docs, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gold_accuracy),
        cmocka_unit_test(test_scope_all_gives_every_sentence_a_sentiment),
        cmocka_unit_test(test_full_pipeline_gives_holders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
