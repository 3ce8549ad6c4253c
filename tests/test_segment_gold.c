/* The segment stage against tests/segment_gold.txt: boundary precision
 * and recall, printed and held above a floor; and counts on the seed
 * articles when they are beside the repository (never copied into it). */
#include "segment_test.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>

/* ---- the gold file -------------------------------------------------------- */

typedef struct gold_doc {
    char *text;
    size_t len, cap;
    size_t starts[256], ends[256];
    bool heading[256];
    size_t n;
} gold_doc;

static void gold_append(gold_doc *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        g->cap = (g->len + n + 1) * 2;
        g->text = realloc(g->text, g->cap);
        assert_non_null(g->text);
    }
    memcpy(g->text + g->len, s, n);
    g->len += n;
    g->text[g->len] = '\0';
}

typedef struct gold_score {
    size_t gold, found, right;            /* boundaries */
    size_t sentences, exact;              /* gold sentences, found exactly */
    size_t headings_right, headings_seen; /* labels of the exact ones */
} gold_score;

static void gold_score_doc(gold_doc *g, gold_score *sc, bool verbose)
{
    if (!g->n)
        return;
    td_doc *doc = run_with(plain, g->text, g->len);
    size_t n;
    td_annot *const *s = td_doc_layer(doc, "sentence", &n);
    /* boundaries: every sentence start but the first */
    size_t i = 1, j = 1;
    sc->gold += g->n - 1;
    sc->found += n ? n - 1 : 0;
    while (i < g->n && j < n) {
        if (g->starts[i] == s[j]->start) {
            sc->right++;
            i++;
            j++;
        } else if (g->starts[i] < s[j]->start) {
            if (verbose)
                printf("  missed: ...%.40s\n", g->text + g->starts[i]);
            i++;
        } else {
            if (verbose)
                printf("  extra:  ...%.40s\n", g->text + s[j]->start);
            j++;
        }
    }
    for (; verbose && i < g->n; i++)
        printf("  missed: ...%.40s\n", g->text + g->starts[i]);
    for (; verbose && j < n; j++)
        printf("  extra:  ...%.40s\n", g->text + s[j]->start);
    /* exact sentences, and their labels */
    sc->sentences += g->n;
    for (size_t a = 0, b = 0; a < g->n && b < n;) {
        if (g->starts[a] == s[b]->start && g->ends[a] == s[b]->end) {
            sc->exact++;
            sc->headings_seen++;
            bool h = strcmp(s[b]->label, "heading") == 0;
            if (h == g->heading[a])
                sc->headings_right++;
            else if (verbose)
                printf("  label %s, want %s: %.40s\n", s[b]->label,
                       g->heading[a] ? "heading" : "sentence", g->text + g->starts[a]);
            a++;
            b++;
        } else if (g->starts[a] <= s[b]->start) {
            a++;
        } else {
            b++;
        }
    }
    td_doc_free(doc);
}

static void test_gold(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof(path), "%s/tests/segment_gold.txt", TD_TEST_SRCDIR);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    bool verbose = getenv("TD_SEGMENT_VERBOSE") != NULL;
    gold_score sc = {0};
    gold_doc g = {0};
    bool blank = false;
    char line[8192];
    while (fgets(line, sizeof(line), f)) {
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line[0] == '#')
            continue;
        if (strcmp(line, "%%") == 0) {
            gold_score_doc(&g, &sc, verbose);
            g.len = g.n = 0;
            blank = false;
            continue;
        }
        if (len == 0) {
            blank = g.n > 0;
            continue;
        }
        const char *p = line, *sep = " ";
        if (strncmp(p, "| ", 2) == 0) {
            sep = "\n";
            p += 2;
        } else if (p[0] == '+') {
            sep = "";
            p += 1;
        }
        if (blank)
            sep = "\n\n";
        bool heading = false;
        size_t plen = strlen(p);
        if (plen >= 4 && strcmp(p + plen - 4, " [H]") == 0) {
            heading = true;
            plen -= 4;
        }
        assert_true(g.n < 256);
        if (g.n)
            gold_append(&g, sep, strlen(sep));
        g.starts[g.n] = g.len;
        for (size_t k = 0; k < plen; k++) {
            if (p[k] == '\\' && p[k + 1] == 'n') {
                gold_append(&g, "\n", 1);
                k++;
            } else {
                gold_append(&g, p + k, 1);
            }
        }
        g.ends[g.n] = g.len;
        g.heading[g.n] = heading;
        g.n++;
        blank = false;
    }
    gold_score_doc(&g, &sc, verbose);
    fclose(f);
    free(g.text);

    double precision = sc.found ? (double)sc.right / (double)sc.found : 0;
    double recall = sc.gold ? (double)sc.right / (double)sc.gold : 0;
    printf("segment gold: precision %.3f recall %.3f (%zu boundaries, %zu found, %zu right)\n",
           precision, recall, sc.gold, sc.found, sc.right);
    printf("segment gold: %zu of %zu sentences exact; heading labels right on %zu of %zu\n",
           sc.exact, sc.sentences, sc.headings_right, sc.headings_seen);
    assert_true(sc.gold >= 150);
    /* The gold keeps three cases the rules get wrong on purpose (two missed
     * boundaries, one extra): the best the stage can score is about 0.99
     * both ways. 0.95 allows no more than a handful of regressions. */
    assert_true(precision >= 0.95);
    assert_true(recall >= 0.95);
    assert_true(sc.headings_right == sc.headings_seen);
}

/* ---- the seed articles (not copied here): counts to eyeball ----------------- */

static void test_seed_articles(void **state)
{
    (void)state;
    char dir[4096];
    const char *shared = getenv("TD_SHARED");
    snprintf(dir, sizeof(dir), "%s/seeds", shared ? shared : TD_TEST_SRCDIR "/../shared");
    DIR *d = opendir(dir);
    if (!d) {
        printf("segment seeds: %s not found, skipped\n", dir);
        return;
    }
    struct dirent *e;
    char *names[64];
    size_t nnames = 0;
    while ((e = readdir(d)) != NULL && nnames < 64) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0)
            names[nnames++] = strdup(e->d_name);
    }
    closedir(d);
    for (size_t a = 0; a < nnames; a++) /* sorted, for a stable printout */
        for (size_t b = a + 1; b < nnames; b++)
            if (strcmp(names[a], names[b]) > 0) {
                char *t = names[a];
                names[a] = names[b];
                names[b] = t;
            }
    for (size_t i = 0; i < nnames; i++) {
        char path[8192];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char *buf = malloc(1 << 20);
        size_t len = fread(buf, 1, 1 << 20, f);
        fclose(f);
        td_doc *doc = run_with(plain, buf, len);
        size_t ns, nt;
        td_annot *const *s = td_doc_layer(doc, "sentence", &ns);
        td_doc_layer(doc, "token", &nt);
        size_t headings = 0, longest = 0, short3 = 0, paragraphs = 0;
        for (size_t k = 0; k < ns; k++) {
            size_t toks;
            td_doc_within(doc, "token", s[k]->start, s[k]->end, &toks);
            headings += strcmp(s[k]->label, "heading") == 0;
            longest = toks > longest ? toks : longest;
            short3 += toks <= 3;
            paragraphs = (size_t)td_annot_num(s[k], "paragraph", 0) + 1;
        }
        printf("segment seeds: %s: %zu bytes, %zu paragraphs, %zu sentences (%zu headings, "
               "%zu of 3 tokens or fewer), %zu tokens, %.1f tokens a sentence, longest %zu\n",
               names[i], len, paragraphs, ns, headings, short3, nt,
               ns ? (double)nt / (double)ns : 0.0, longest);
        td_doc_free(doc);
        free(buf);
        free(names[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gold),
        cmocka_unit_test(test_seed_articles),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
