/* The claims stage against tests/claims_gold.tsv, a gold set written by
 * hand for samples/feed.jsonl: precision and recall per kind (a statistic
 * counts when value, unit and change all match; a quote or forecast when
 * its span holds the gold anchor), speaker accuracy on matched quotes and
 * forecasts. Printed to the log with every miss and every extra claim;
 * fails below 0.90 precision or recall on statistics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TIDINGS TD_TEST_BUILDDIR "/core/tidings"
#define FEED TD_TEST_SRCDIR "/samples/feed.jsonl"
#define GOLD TD_TEST_SRCDIR "/tests/claims_gold.tsv"
#define CONF TD_TEST_SRCDIR "/tests/claims-pipeline.conf"

enum { KIND_STAT, KIND_QUOTE, KIND_FORECAST, NKINDS };
static const char *kind_names[NKINDS] = {"statistic", "quote", "forecast"};

typedef struct claim {
    char id[16];
    int kind;
    char anchor[128], unit[64], speaker[256], text[4096];
    double value, vmin, vmax, change;
    bool has_value, has_change, has_direct, direct, has_range;
    bool used;
} claim;

typedef struct claims {
    claim *v;
    size_t n, cap;
} claims;

static claim *push(claims *c)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->v = realloc(c->v, c->cap * sizeof(*c->v));
        assert_non_null(c->v);
    }
    memset(&c->v[c->n], 0, sizeof(claim));
    return &c->v[c->n++];
}

static int kind_of(const char *s)
{
    for (int k = 0; k < NKINDS; k++)
        if (strcmp(s, kind_names[k]) == 0)
            return k;
    return -1;
}

static void load_gold(claims *g)
{
    FILE *f = fopen(GOLD, "r");
    assert_non_null(f);
    char line[2048];
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *col[8] = {0};
        int n = 0;
        char *p = line;
        while (n < 8) {
            col[n++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        assert_true(n >= 3);
        claim *c = push(g);
        snprintf(c->id, sizeof(c->id), "%s", col[0]);
        c->kind = kind_of(col[1]);
        assert_true(c->kind >= 0);
        snprintf(c->anchor, sizeof(c->anchor), "%s", col[2]);
        if (n > 3 && *col[3]) {
            c->has_value = true;
            c->value = strtod(col[3], NULL);
        }
        if (n > 4)
            snprintf(c->unit, sizeof(c->unit), "%s", col[4]);
        if (n > 5 && *col[5]) {
            c->has_change = true;
            c->change = strtod(col[5], NULL);
        }
        if (n > 6)
            snprintf(c->speaker, sizeof(c->speaker), "%s", col[6]);
        if (n > 7 && *col[7]) {
            c->has_direct = true;
            c->direct = strcmp(col[7], "true") == 0;
        }
    }
    fclose(f);
}

static void run_stage(claims *p)
{
    char out[] = "/tmp/claims-gold-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "%s run -c %s %s >%s 2>/dev/null", TIDINGS, CONF, FEED, out);
    int st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t err;
        json_t *doc = json_loads(line, 0, &err);
        assert_non_null(doc);
        const char *id = json_string_value(json_object_get(doc, "id"));
        size_t k;
        json_t *a;
        json_array_foreach(json_object_get(doc, "annotations"), k, a)
        {
            if (strcmp(json_string_value(json_object_get(a, "layer")), "claim") != 0)
                continue;
            claim *c = push(p);
            json_t *attrs = json_object_get(a, "attrs");
            snprintf(c->id, sizeof(c->id), "%s", id);
            c->kind = kind_of(json_string_value(json_object_get(a, "label")));
            assert_true(c->kind >= 0);
            snprintf(c->text, sizeof(c->text), "%s", json_string_value(json_object_get(a, "text")));
            json_t *v = json_object_get(attrs, "value");
            c->has_value = json_is_number(v);
            c->value = json_number_value(v);
            c->has_range = json_is_number(json_object_get(attrs, "value_max"));
            c->vmin = json_number_value(json_object_get(attrs, "value_min"));
            c->vmax = json_number_value(json_object_get(attrs, "value_max"));
            json_t *ch = json_object_get(attrs, "change_pct");
            c->has_change = json_is_number(ch);
            c->change = json_number_value(ch);
            const char *u = json_string_value(json_object_get(attrs, "unit"));
            snprintf(c->unit, sizeof(c->unit), "%s", u ? u : "");
            const char *sp = json_string_value(json_object_get(attrs, "speaker_name"));
            snprintf(c->speaker, sizeof(c->speaker), "%s", sp ? sp : "");
            json_t *dr = json_object_get(attrs, "direct");
            c->has_direct = json_is_boolean(dr);
            c->direct = json_is_true(dr);
            assert_non_null(json_object_get(attrs, "rule"));
        }
        json_decref(doc);
    }
    free(line);
    fclose(f);
    unlink(out);
}

static bool same(double a, double b) { return fabs(a - b) <= 1e-6 * fmax(1, fabs(b)); }

static bool value_matches(const claim *g, const claim *p)
{
    if (!g->has_value)
        return true;
    if (!p->has_value)
        return false;
    if (same(p->value, g->value) || (p->has_range && (same(p->vmin, g->value) || same(p->vmax, g->value))))
        return strcmp(p->unit, g->unit) == 0;
    return false;
}

static bool stat_matches(const claim *g, const claim *p)
{
    return value_matches(g, p) && g->has_change == p->has_change &&
           (!g->has_change || same(g->change, p->change));
}

/* Case-folded, without "the", company suffixes and punctuation. */
static void norm(const char *s, char *out, size_t n)
{
    char buf[256];
    size_t k = 0;
    for (; *s && k + 1 < sizeof(buf); s++)
        if (isalnum((unsigned char)*s) || *s == ' ' || (unsigned char)*s >= 0x80)
            buf[k++] = (char)tolower((unsigned char)*s);
    buf[k] = '\0';
    char *b = buf;
    if (strncmp(b, "the ", 4) == 0)
        b += 4;
    static const char *const suffixes[] = {" inc", " co", " corp", " plc", " ltd", " group", " sa"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        size_t l = strlen(b), m = strlen(suffixes[i]);
        if (l > m && strcmp(b + l - m, suffixes[i]) == 0)
            b[l - m] = '\0';
    }
    snprintf(out, n, "%s", b);
}

static bool speaker_matches(const char *gold, const char *pred)
{
    if (strcmp(gold, "*") == 0)
        return true;
    if (!*gold || !*pred)
        return !*gold && !*pred;
    char p[256], alt[256], g[256];
    norm(pred, p, sizeof(p));
    snprintf(alt, sizeof(alt), "%s", gold);
    for (char *tok = strtok(alt, "|"); tok; tok = strtok(NULL, "|")) {
        norm(tok, g, sizeof(g));
        if (strcmp(g, p) == 0)
            return true;
    }
    return false;
}

static void test_gold(void **state)
{
    (void)state;
    claims gold = {0}, pred = {0};
    load_gold(&gold);
    run_stage(&pred);
    size_t tp[NKINDS] = {0}, ng[NKINDS] = {0}, np[NKINDS] = {0};
    size_t spk_ok[NKINDS] = {0}, spk_n[NKINDS] = {0}, dir_ok = 0, dir_n = 0, val_ok = 0, val_n = 0;
    for (size_t i = 0; i < pred.n; i++)
        np[pred.v[i].kind]++;
    for (size_t i = 0; i < gold.n; i++) {
        claim *g = &gold.v[i];
        ng[g->kind]++;
        /* the first claim that fits; for a quote, one of the gold's kind
         * (direct or reported) before one of the other */
        claim *hit = NULL;
        for (int pass = 0; pass < 2 && !hit; pass++)
            for (size_t j = 0; j < pred.n && !hit; j++) {
                claim *p = &pred.v[j];
                if (p->used || p->kind != g->kind || strcmp(p->id, g->id) != 0)
                    continue;
                if (pass == 0 && g->has_direct && p->has_direct && p->direct != g->direct)
                    continue;
                if (g->kind == KIND_STAT ? stat_matches(g, p) : strstr(p->text, g->anchor) != NULL)
                    hit = p;
            }
        if (!hit) {
            printf("missed %s %s \"%s\"\n", g->id, kind_names[g->kind], g->anchor);
            continue;
        }
        hit->used = true;
        tp[g->kind]++;
        if (g->kind == KIND_STAT)
            continue;
        if (strcmp(g->speaker, "*") != 0) {
            spk_n[g->kind]++;
            if (speaker_matches(g->speaker, hit->speaker))
                spk_ok[g->kind]++;
            else
                printf("speaker %s %s \"%s\": '%s', gold '%s'\n", g->id, kind_names[g->kind],
                       g->anchor, hit->speaker, g->speaker);
        }
        if (g->has_direct) {
            dir_n++;
            dir_ok += hit->has_direct && hit->direct == g->direct;
        }
        if (g->kind == KIND_FORECAST && g->has_value) {
            val_n++;
            if (value_matches(g, hit))
                val_ok++;
            else
                printf("value %s forecast \"%s\": %g %s, gold %g %s\n", g->id, g->anchor,
                       hit->value, hit->unit, g->value, g->unit);
        }
    }
    for (size_t j = 0; j < pred.n; j++)
        if (!pred.v[j].used)
            printf("extra %s %s \"%.80s\" %g %s\n", pred.v[j].id, kind_names[pred.v[j].kind],
                   pred.v[j].text, pred.v[j].value, pred.v[j].unit);
    double p_stat = 0, r_stat = 0;
    for (int k = 0; k < NKINDS; k++) {
        double p = np[k] ? (double)tp[k] / np[k] : 0, r = ng[k] ? (double)tp[k] / ng[k] : 0;
        printf("claims gold: %-9s precision %.3f recall %.3f (%zu gold, %zu found, %zu right)", kind_names[k],
               p, r, ng[k], np[k], tp[k]);
        if (spk_n[k])
            printf("; speaker %.3f of %zu", (double)spk_ok[k] / spk_n[k], spk_n[k]);
        printf("\n");
        if (k == KIND_STAT) {
            p_stat = p;
            r_stat = r;
        }
    }
    if (dir_n)
        printf("claims gold: quote direct/indirect right %.3f of %zu\n", (double)dir_ok / dir_n, dir_n);
    if (val_n)
        printf("claims gold: forecast value+unit right %.3f of %zu\n", (double)val_ok / val_n, val_n);
    free(gold.v);
    free(pred.v);
    assert_true(p_stat >= 0.90);
    assert_true(r_stat >= 0.90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_gold)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
