/* The entities stage against tests/entities_gold.tsv, the gold of
 * samples/feed.jsonl: per label, precision, recall and F1 of the canonical
 * set of each article (what the BBC dev scorer measures) and of the
 * mention spans. Printed in tests/test_entities_gold.log; the suite fails
 * when a label's set F1 or the mentions' F1 falls below 0.90. */
#include "entities_test.h"

#include <jansson.h>

#define FEED TD_TEST_SRCDIR "/samples/feed.jsonl"
#define GOLD TD_TEST_SRCDIR "/tests/entities_gold.tsv"
#define FLOOR 0.90

static const char *const labels[] = {"official", "institution", "country", "region"};
#define NLABEL 4

typedef struct gold_row {
    char id[16];
    int label;
    char canonical[256];
    size_t spans[64][2];
    size_t nspan;
    bool found;
} gold_row;

typedef struct found_row {
    char id[16];
    int label;
    char canonical[256];
    size_t start, end; /* code points in the original text */
} found_row;

typedef struct counts {
    size_t tp, fp, fn;
} counts;

static int label_index(const char *s)
{
    for (int i = 0; i < NLABEL; i++)
        if (strcmp(labels[i], s) == 0)
            return i;
    return -1;
}

static gold_row *read_gold(size_t *n)
{
    FILE *f = fopen(GOLD, "r");
    assert_non_null(f);
    gold_row *rows = calloc(512, sizeof(*rows));
    assert_non_null(rows);
    char line[8192];
    *n = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *id = strtok(line, "\t"), *label = strtok(NULL, "\t"), *canon = strtok(NULL, "\t"),
             *spans = strtok(NULL, "\t");
        assert_non_null(canon);
        assert_true(*n < 512);
        gold_row *g = &rows[(*n)++];
        snprintf(g->id, sizeof(g->id), "%s", id);
        g->label = label_index(label);
        assert_true(g->label >= 0);
        snprintf(g->canonical, sizeof(g->canonical), "%s", canon);
        for (char *s = spans ? strtok(spans, " ") : NULL; s; s = strtok(NULL, " ")) {
            assert_true(g->nspan < 64);
            assert_int_equal(sscanf(s, "%zu-%zu", &g->spans[g->nspan][0], &g->spans[g->nspan][1]), 2);
            g->nspan++;
        }
    }
    fclose(f);
    return rows;
}

static found_row *run_feed(size_t *n)
{
    td_harness *h = entities_chain(NULL);
    FILE *f = fopen(FEED, "r");
    assert_non_null(f);
    size_t cap = 1024;
    found_row *rows = calloc(cap, sizeof(*rows));
    assert_non_null(rows);
    *n = 0;
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, f) > 0) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        assert_non_null(o);
        const char *id = json_string_value(json_object_get(o, "id"));
        const char *text = json_string_value(json_object_get(o, "text"));
        td_doc *doc = entities_run(h, text, strlen(text));
        size_t ne;
        td_annot *const *e = td_doc_layer(doc, "entity", &ne);
        for (size_t i = 0; i < ne; i++) {
            assert_true(*n < cap);
            found_row *r = &rows[(*n)++];
            snprintf(r->id, sizeof(r->id), "%s", id);
            r->label = label_index(e[i]->label);
            assert_true(r->label >= 0);
            snprintf(r->canonical, sizeof(r->canonical), "%s", td_annot_str(e[i], "canonical"));
            size_t os, oe;
            td_doc_span_original(doc, e[i]->start, e[i]->end, &os, &oe);
            r->start = td_doc_cp_offset(doc, os);
            r->end = td_doc_cp_offset(doc, oe);
        }
        td_doc_free(doc);
        json_decref(o);
    }
    free(line);
    fclose(f);
    td_harness_free(h);
    return rows;
}

static double f1(counts c, double *p, double *r)
{
    *p = c.tp + c.fp ? (double)c.tp / (double)(c.tp + c.fp) : 1.0;
    *r = c.tp + c.fn ? (double)c.tp / (double)(c.tp + c.fn) : 1.0;
    return *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

static void test_samples_gold(void **state)
{
    (void)state;
    size_t ng, nf;
    gold_row *gold = read_gold(&ng);
    found_row *found = run_feed(&nf);
    counts set[NLABEL] = {{0}}, mention[NLABEL] = {{0}};

    /* sets: a gold row is found when some entity of its article and label
     * has a matching canonical; an entity matching no gold row is wrong */
    for (size_t i = 0; i < nf; i++) {
        bool dup = false; /* count each distinct canonical once */
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(found[j].id, found[i].id) == 0 && found[j].label == found[i].label &&
                  strcmp(found[j].canonical, found[i].canonical) == 0;
        bool hit = false;
        for (size_t g = 0; g < ng; g++) {
            if (strcmp(gold[g].id, found[i].id) != 0 || gold[g].label != found[i].label ||
                !canonical_matches(found[i].canonical, gold[g].canonical))
                continue;
            gold[g].found = true;
            hit = true;
        }
        if (!hit && !dup) {
            set[found[i].label].fp++;
            printf("  set, extra:   %s %s \"%s\"\n", found[i].id, labels[found[i].label],
                   found[i].canonical);
        }
    }
    for (size_t g = 0; g < ng; g++) {
        if (gold[g].found) {
            set[gold[g].label].tp++;
        } else {
            set[gold[g].label].fn++;
            printf("  set, missed:  %s %s \"%s\"\n", gold[g].id, labels[gold[g].label],
                   gold[g].canonical);
        }
    }
    /* mentions: the same label over the same span */
    size_t gold_mentions = 0;
    for (size_t g = 0; g < ng; g++)
        for (size_t s = 0; s < gold[g].nspan; s++) {
            gold_mentions++;
            bool hit = false;
            for (size_t i = 0; i < nf && !hit; i++)
                hit = strcmp(found[i].id, gold[g].id) == 0 && found[i].label == gold[g].label &&
                      found[i].start == gold[g].spans[s][0] && found[i].end == gold[g].spans[s][1];
            if (hit)
                mention[gold[g].label].tp++;
            else
                mention[gold[g].label].fn++;
        }
    for (size_t i = 0; i < nf; i++) {
        bool hit = false;
        for (size_t g = 0; g < ng && !hit; g++) {
            if (strcmp(gold[g].id, found[i].id) != 0 || gold[g].label != found[i].label)
                continue;
            for (size_t s = 0; s < gold[g].nspan && !hit; s++)
                hit = found[i].start == gold[g].spans[s][0] && found[i].end == gold[g].spans[s][1];
        }
        if (!hit) {
            mention[found[i].label].fp++;
            printf("  mention, extra: %s %s %zu-%zu \"%s\"\n", found[i].id, labels[found[i].label],
                   found[i].start, found[i].end, found[i].canonical);
        }
    }

    printf("entities gold (samples/feed.jsonl: %zu entities, %zu mentions)\n", ng, gold_mentions);
    printf("  %-12s %25s   %25s\n", "", "sets: P R F1", "mentions: P R F1");
    counts all_set = {0}, all_mention = {0};
    bool below = false;
    for (int l = 0; l < NLABEL; l++) {
        double sp, sr, mp, mr;
        double sf = f1(set[l], &sp, &sr), mf = f1(mention[l], &mp, &mr);
        printf("  %-12s %8.3f %7.3f %7.3f   %8.3f %7.3f %7.3f\n", labels[l], sp, sr, sf, mp, mr, mf);
        below |= sf < FLOOR;
        all_set.tp += set[l].tp, all_set.fp += set[l].fp, all_set.fn += set[l].fn;
        all_mention.tp += mention[l].tp, all_mention.fp += mention[l].fp,
            all_mention.fn += mention[l].fn;
    }
    double sp, sr, mp, mr;
    double sf = f1(all_set, &sp, &sr), mf = f1(all_mention, &mp, &mr);
    printf("  %-12s %8.3f %7.3f %7.3f   %8.3f %7.3f %7.3f\n", "all", sp, sr, sf, mp, mr, mf);
    free(gold);
    free(found);
    if (below || mf < FLOOR)
        fail_msg("an F1 is below %.2f (see above)", FLOOR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples_gold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
