/*
 * Matcher benchmark.
 *
 *   match_bench gen N CORPUS.txt PREFIX [SEED]
 *       Make N patterns: word n-grams taken from the corpus and synthetic
 *       names of people, institutions and places, half folded, half exact
 *       (deterministic for a seed). Writes PREFIX-fold.tsv and
 *       PREFIX-exact.tsv (pattern, kind, number) and PREFIX.txt (patterns
 *       only, for grep -F -f).
 *   match_bench run CORPUS.txt PREFIX [--dense BYTES] [--repeat R]
 *       Load and build (timed), report td_matcher_memory and RSS, then scan
 *       every line of the corpus as one document, both modes, best of R.
 *   match_bench once CORPUS.txt PREFIX
 *       Load, build, one leftmost-longest scan; print the match count
 *       (end to end, for hyperfine beside grep).
 *
 * Prints figures only; it never passes or fails on a timing.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <tidings/match.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "match_bench: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: cannot open", path);
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        die("%s: out of memory", path);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                die("%s: out of memory", path);
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f))
        die("%s: read error", path);
    fclose(f);
    *len = n;
    return buf;
}

/* VmRSS or VmHWM from /proc/self/status, in KiB (0 if unknown). */
static long proc_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    char line[256];
    long v = 0;
    size_t fl = strlen(field);
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, field, fl) == 0 && line[fl] == ':')
            v = strtol(line + fl + 1, NULL, 10);
    fclose(f);
    return v;
}

/* ---- pattern generation ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A set of strings (open addressing), for distinct patterns. */
typedef struct strset {
    char **slot;
    size_t cap, n;
} strset;

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Adds s unless a string equal to it but for ASCII case is in: a folded
 * pattern would be a duplicate of it. */
static bool strset_add(strset *set, const char *orig)
{
    char s[512];
    size_t i = 0;
    for (; orig[i] && i < sizeof(s) - 1; i++)
        s[i] = (char)(orig[i] >= 'A' && orig[i] <= 'Z' ? orig[i] + 32 : orig[i]);
    s[i] = '\0';
    if ((set->n + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        char **ns = calloc(cap, sizeof(*ns));
        if (!ns)
            die("%s", "out of memory");
        for (size_t k = 0; k < set->cap; k++) {
            if (!set->slot[k])
                continue;
            size_t j = str_hash(set->slot[k]) & (cap - 1);
            while (ns[j])
                j = (j + 1) & (cap - 1);
            ns[j] = set->slot[k];
        }
        free(set->slot);
        set->slot = ns;
        set->cap = cap;
    }
    size_t j = str_hash(s) & (set->cap - 1);
    while (set->slot[j]) {
        if (strcmp(set->slot[j], s) == 0)
            return false;
        j = (j + 1) & (set->cap - 1);
    }
    set->slot[j] = strdup(s);
    if (!set->slot[j])
        die("%s", "out of memory");
    set->n++;
    return true;
}

static const char *const syllables[] = {
    "ka", "ro", "vel", "mar", "ten", "sa", "lin", "dor", "vi", "an", "ber", "gu", "tho",
    "el", "ris", "mo", "na", "zu", "ha", "kir", "len", "ost", "ra", "din", "pe", "wa",
    "stö", "bé", "ño", "ça", "lu", "tan", "fer", "go", "mi", "sk", "var", "ul"};
#define NSYL (sizeof(syllables) / sizeof(syllables[0]))

static const char *const topics[] = {"Finance", "Trade", "Commerce", "Agriculture",
                                     "Energy", "Foreign Affairs", "Industry", "Transport",
                                     "Economy", "Labour", "Fisheries", "Digital Affairs"};
static const char *const orgs[] = {"Central Bank", "Trade Commission", "Holdings",
                                   "Development Bank", "Statistics Office", "Port Authority",
                                   "Chamber of Commerce", "Airlines", "Stock Exchange",
                                   "Customs Administration", "Investment Fund", "Group"};
static const char *const titles[] = {"Minister", "Governor", "President", "Commissioner",
                                     "Deputy Governor", "Prime Minister", "Chairman"};

/* A made-up proper name: capitalised syllables (ASCII-capitalised first). */
static void make_name(char *out, size_t cap)
{
    size_t n = 2 + rnd() % 2, len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *s = syllables[rnd() % NSYL];
        if (i == 0 && ((unsigned char)s[0] & 0x80))
            s = "ar";
        len += (size_t)snprintf(out + len, cap - len, "%s", s);
    }
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 32);
}

static void make_synthetic(char *out, size_t cap)
{
    char a[64], b[64];
    make_name(a, sizeof(a));
    make_name(b, sizeof(b));
    switch (rnd() % 9) {
    case 0: snprintf(out, cap, "%s %s", a, b); break;
    case 1: snprintf(out, cap, "%s %s %s", titles[rnd() % 7], a, b); break;
    case 2: snprintf(out, cap, "Bank of %s", a); break;
    case 3: snprintf(out, cap, "%s %s", a, orgs[rnd() % 12]); break;
    case 4: snprintf(out, cap, "Ministry of %s of %s", topics[rnd() % 12], a); break;
    case 5: snprintf(out, cap, "Ministère de l'Économie de %s", a); break;
    case 6: snprintf(out, cap, "%sstraße", a); break;
    case 7: snprintf(out, cap, "%s", a); break;
    default: snprintf(out, cap, "Port of %s", a); break;
    }
}

static bool is_edge_punct(char c)
{
    return strchr(".,;:!?\"()[]'", c) != NULL;
}

/* Words of the first MiB of the corpus (it repeats), edge punctuation off. */
static char **corpus_words(const char *path, size_t *nwords)
{
    size_t len;
    char *text = read_file(path, &len);
    if (len > (1u << 20))
        len = 1u << 20;
    size_t cap = 1024, n = 0;
    char **w = malloc(cap * sizeof(*w));
    if (!w)
        die("%s", "out of memory");
    size_t i = 0;
    while (i < len) {
        while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
            i++;
        size_t s = i;
        while (i < len && text[i] != ' ' && text[i] != '\n' && text[i] != '\t')
            i++;
        size_t e = i;
        while (s < e && is_edge_punct(text[s]))
            s++;
        while (e > s && is_edge_punct(text[e - 1]))
            e--;
        if (e == s)
            continue;
        if (n == cap) {
            cap *= 2;
            char **nw = realloc(w, cap * sizeof(*w));
            if (!nw)
                die("%s", "out of memory");
            w = nw;
        }
        w[n] = strndup(text + s, e - s);
        if (!w[n])
            die("%s", "out of memory");
        n++;
    }
    free(text);
    *nwords = n;
    return w;
}

static int cmd_gen(int argc, char **argv)
{
    if (argc < 5)
        die("%s", "usage: match_bench gen N CORPUS.txt PREFIX [SEED]");
    size_t want = strtoul(argv[2], NULL, 10);
    const char *prefix = argv[4];
    rng_state = argc > 5 ? strtoull(argv[5], NULL, 10) : 20250101;
    if (!rng_state)
        rng_state = 1;
    size_t nw;
    char **words = corpus_words(argv[3], &nw);
    if (nw < 8)
        die("%s: too few words", argv[3]);

    char path[4096];
    FILE *ff, *fe, *fa;
    snprintf(path, sizeof(path), "%s-fold.tsv", prefix);
    if (!(ff = fopen(path, "w")))
        die("%s: cannot write", path);
    snprintf(path, sizeof(path), "%s-exact.tsv", prefix);
    if (!(fe = fopen(path, "w")))
        die("%s: cannot write", path);
    snprintf(path, sizeof(path), "%s.txt", prefix);
    if (!(fa = fopen(path, "w")))
        die("%s: cannot write", path);

    strset seen = {0};
    size_t ngrams = 0, names = 0, tries = 0;
    char pat[512];
    /* Up to half n-grams of 1-4 words (as many as the corpus has), the
     * rest synthetic names. */
    while (ngrams < want / 2 && tries < want * 20) {
        tries++;
        size_t n = 1 + rnd() % 4, at = rnd() % (nw - n), len = 0;
        pat[0] = '\0';
        for (size_t k = 0; k < n && len < sizeof(pat) - 64; k++)
            len += (size_t)snprintf(pat + len, sizeof(pat) - len, "%s%s", k ? " " : "",
                                    words[at + k]);
        if (!strset_add(&seen, pat))
            continue;
        bool fold = rnd() % 2;
        fprintf(fold ? ff : fe, "%s\tngram\t%zu\n", pat, ngrams);
        fprintf(fa, "%s\n", pat);
        ngrams++;
    }
    while (ngrams + names < want) {
        make_synthetic(pat, sizeof(pat));
        if (!strset_add(&seen, pat))
            continue;
        bool fold = rnd() % 2;
        fprintf(fold ? ff : fe, "%s\tname\t%zu\n", pat, names);
        fprintf(fa, "%s\n", pat);
        names++;
    }
    if (fclose(ff) || fclose(fe) || fclose(fa))
        die("%s", "write error");
    printf("%zu patterns: %zu n-grams from the corpus, %zu synthetic names -> %s.txt\n",
           ngrams + names, ngrams, names, prefix);
    for (size_t i = 0; i < seen.cap; i++)
        free(seen.slot[i]);
    free(seen.slot);
    for (size_t i = 0; i < nw; i++)
        free(words[i]);
    free(words);
    return 0;
}

/* ---- running ---- */

typedef struct counter {
    size_t matches;
    uint64_t sum;
} counter;

static int count_match(const td_match *m, void *user)
{
    counter *c = user;
    c->matches++;
    c->sum += m->pattern + m->start;
    return 0;
}

static td_matcher *load(const char *prefix, size_t dense, bool set_dense, double *t_load,
                        double *t_build)
{
    td_matcher *m = td_matcher_new();
    if (!m)
        die("%s", "out of memory");
    if (set_dense)
        td_matcher_set_dense_bytes(m, dense);
    char path[4096];
    double t0 = now();
    snprintf(path, sizeof(path), "%s-fold.tsv", prefix);
    if (td_matcher_load_tsv(m, path, TD_MATCH_FOLD) != 0)
        die("%s", td_matcher_errmsg(m));
    snprintf(path, sizeof(path), "%s-exact.tsv", prefix);
    if (td_matcher_load_tsv(m, path, 0) != 0)
        die("%s", td_matcher_errmsg(m));
    double t1 = now();
    if (td_matcher_build(m) != 0)
        die("%s", td_matcher_errmsg(m));
    *t_load = t1 - t0;
    *t_build = now() - t1;
    return m;
}

/* Scan every line as a document; seconds taken. */
static double scan_lines(const td_matcher *m, const char *text, size_t len,
                         enum td_scan_mode mode, counter *c)
{
    double t0 = now();
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        if (td_matcher_scan(m, text + i, e - i, mode, count_match, c) < 0)
            die("%s", "scan failed");
        i = e + 1;
    }
    return now() - t0;
}

static int cmd_run(int argc, char **argv, bool once)
{
    if (argc < 4)
        die("%s", "usage: match_bench run|once CORPUS.txt PREFIX [--dense BYTES] [--repeat R]");
    const char *corpus = argv[2], *prefix = argv[3];
    size_t dense = 0;
    bool set_dense = false;
    int repeat = 3;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--dense") == 0 && i + 1 < argc) {
            dense = strtoul(argv[++i], NULL, 10);
            set_dense = true;
        } else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
        } else {
            die("unknown option %s", argv[i]);
        }
    }
    if (repeat < 1)
        repeat = 1;
    long rss0 = proc_kib("VmRSS");
    double t_load, t_build;
    td_matcher *m = load(prefix, dense, set_dense, &t_load, &t_build);
    long rss1 = proc_kib("VmRSS"), hwm1 = proc_kib("VmHWM");
    size_t len;
    char *text = read_file(corpus, &len);
    counter c = {0};
    if (once) {
        scan_lines(m, text, len, TD_SCAN_LONGEST, &c);
        printf("%zu\n", c.matches);
        free(text);
        td_matcher_free(m);
        return 0;
    }
    printf("patterns            %zu\n", td_matcher_count(m));
    printf("load TSV            %.1f ms\n", t_load * 1e3);
    printf("build               %.1f ms\n", t_build * 1e3);
    printf("td_matcher_memory   %.1f MiB\n", (double)td_matcher_memory(m) / (1 << 20));
    printf("RSS after build     +%.1f MiB (peak while building +%.1f MiB)\n",
           (double)(rss1 - rss0) / 1024, (double)(hwm1 - rss0) / 1024);
    const enum td_scan_mode modes[] = {TD_SCAN_LONGEST, TD_SCAN_ALL};
    const char *names[] = {"longest", "all"};
    for (int k = 0; k < 2; k++) {
        double best = 1e9;
        for (int r = 0; r < repeat; r++) {
            counter cc = {0};
            double t = scan_lines(m, text, len, modes[k], &cc);
            if (t < best)
                best = t;
            c = cc;
        }
        printf("scan %-8s       %.1f MB/s (%.3f s for %.1f MB, %zu matches)\n", names[k],
               (double)len / 1e6 / best, best, (double)len / 1e6, c.matches);
    }
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        printf("peak RSS (process)  %.1f MiB, corpus text included\n", (double)ru.ru_maxrss / 1024);
    free(text);
    td_matcher_free(m);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "gen") == 0)
        return cmd_gen(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc, argv, false);
    if (argc >= 2 && strcmp(argv[1], "once") == 0)
        return cmd_run(argc, argv, true);
    fprintf(stderr, "usage: match_bench gen N CORPUS.txt PREFIX [SEED]\n"
                    "       match_bench run CORPUS.txt PREFIX [--dense BYTES] [--repeat R]\n"
                    "       match_bench once CORPUS.txt PREFIX\n");
    return 2;
}
