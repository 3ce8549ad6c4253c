/*
 * The document's annotation paths and the output encoder, alone: adding
 * many annotations with attributes, and writing them as the output line.
 * bench/run-annotations runs it; it prints figures, never fails on them.
 *
 * usage: annot_bench [PHASE [ROUNDS]]
 *   PHASE: all (default: every phase timed, a table), or one of
 *   none tokens tokens-named tokens-bulk entities read-entities encode-tokens
 *   encode-entities:
 *   that phase once (ROUNDS times, default 1), for callgrind to count
 *   (`none` makes the documents and adds nothing: the baseline).
 *
 * The text is ours: a sentence of business news repeated to 16 KB, with a
 * non-ASCII place name in every copy so code point offsets take their
 * slow path. Phases:
 *   tokens        what segment adds per token, with literal names:
 *                 td_doc_add + shape (const), sent_start on every 12th,
 *                 value (number) on numbers
 *   tokens-named  the same with the names taken once (td_doc_name) and
 *                 the layer reserved (td_doc_reserve)
 *   tokens-bulk   the same added 20 at a time (td_doc_add_many), as
 *                 segment does
 *   entities      what an analysis stage adds: one annotation every 40
 *                 bytes with 8 attributes (canonical and surname copied,
 *                 rule, iso and gender constant, value and score numbers,
 *                 affiliation a reference)
 *   read-entities the entities' 8 attributes read back by literal names
 *                 (td_annot_attr), as a later stage reads them
 *   encode-*      the output line of a document holding those, every
 *                 layer written (td_encode_record)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tidings/doc.h>

#include "codec.h"
#include "doc_internal.h"
#include "record.h"

#define TEXT_BYTES 16384

static const char sentence[] =
    "Exports from Z\xC3\xBCrich rose 6.1% to $1.13bn in 2025, the customs office said on "
    "Tuesday, while imports fell 2.3%. ";

static char *make_text(size_t *len)
{
    size_t n = sizeof(sentence) - 1, copies = TEXT_BYTES / n;
    char *t = malloc(copies * n + 1);
    if (!t)
        exit(2);
    for (size_t i = 0; i < copies; i++)
        memcpy(t + i * n, sentence, n);
    t[copies * n] = '\0';
    *len = copies * n;
    return t;
}

/* A JSON line {"id":"bench-1","text":"..."} (the text needs no escaping). */
static char *make_line(const char *text, size_t len, size_t *line_len)
{
    static const char head[] = "{\"id\":\"bench-1\",\"source\":\"bench\",\"text\":\"";
    size_t n = sizeof(head) - 1 + len + 2;
    char *l = malloc(n + 1);
    if (!l)
        exit(2);
    memcpy(l, head, sizeof(head) - 1);
    memcpy(l + sizeof(head) - 1, text, len);
    memcpy(l + sizeof(head) - 1 + len, "\"}", 3);
    *line_len = n;
    return l;
}

static td_record *new_record(const char *line, size_t len)
{
    char *raw = malloc(len + 1);
    if (!raw)
        exit(2);
    memcpy(raw, line, len + 1);
    td_record *rec = td_record_new(0, TD_RECORD_JSON, "bench", 1, raw, len);
    if (!rec || td_decode_record(rec) != 0) {
        fprintf(stderr, "annot_bench: cannot decode the line\n");
        exit(2);
    }
    return rec;
}

static void check(int ok, td_doc *doc)
{
    if (!ok) {
        fprintf(stderr, "annot_bench: %s\n", td_doc_errmsg(doc));
        exit(2);
    }
}

/* Token-like annotations every 6 bytes (5-byte spans); returns how many. */
static size_t add_tokens(td_doc *doc, bool named)
{
    static const char *const labels[] = {"word", "word", "punct", "number", "word"};
    static const char *const shapes[] = {"Xx", "x", "punct", "d", "x"};
    const char *token = "token", *shape = "shape", *sent_start = "sent_start", *value = "value";
    const char *lab[5];
    for (int i = 0; i < 5; i++)
        lab[i] = labels[i];
    if (named) {
        token = td_doc_name(doc, token);
        shape = td_doc_name(doc, shape);
        sent_start = td_doc_name(doc, sent_start);
        value = td_doc_name(doc, value);
        for (int i = 0; i < 5; i++)
            lab[i] = td_doc_name(doc, labels[i]);
    }
    size_t len, n = 0;
    td_doc_text(doc, &len);
    if (named)
        check(td_doc_reserve(doc, token, len / 6 + 1) == 0, doc);
    for (size_t at = 0; at + 5 <= len; at += 6, n++) {
        int k = (int)(n % 5);
        td_annot *a = td_doc_add(doc, token, lab[k], at, at + 5);
        check(a && td_annot_set_const(doc, a, shape, shapes[k]) == 0, doc);
        if (n % 12 == 0)
            check(td_annot_set_bool(doc, a, sent_start, true) == 0, doc);
        if (k == 3)
            check(td_annot_set_num(doc, a, value, (double)n * 0.25) == 0, doc);
    }
    return n;
}

/* The same tokens added a sentence (20) at a time with td_doc_add_many,
 * then their attributes, with the names taken once: what segment does. */
static size_t add_tokens_bulk(td_doc *doc)
{
    static const char *const labels[] = {"word", "word", "punct", "number", "word"};
    static const char *const shapes[] = {"Xx", "x", "punct", "d", "x"};
    const char *token = td_doc_name(doc, "token"), *shape = td_doc_name(doc, "shape");
    const char *sent_start = td_doc_name(doc, "sent_start"), *value = td_doc_name(doc, "value");
    const char *lab[5];
    for (int i = 0; i < 5; i++)
        lab[i] = td_doc_name(doc, labels[i]);
    size_t len, n = 0;
    td_doc_text(doc, &len);
    check(td_doc_reserve(doc, token, len / 6 + 1) == 0, doc);
    td_annot_spec spec[20];
    for (size_t at = 0; at + 5 <= len;) {
        size_t m = 0;
        for (; m < 20 && at + 5 <= len; m++, at += 6)
            spec[m] = (td_annot_spec){lab[(n + m) % 5], at, at + 5};
        td_annot *a = td_doc_add_many(doc, token, spec, m);
        check(a != NULL, doc);
        for (size_t i = 0; i < m; i++, n++) {
            int k = (int)(n % 5);
            check(td_annot_set_const(doc, &a[i], shape, shapes[k]) == 0, doc);
            if (n % 12 == 0)
                check(td_annot_set_bool(doc, &a[i], sent_start, true) == 0, doc);
            if (k == 3)
                check(td_annot_set_num(doc, &a[i], value, (double)n * 0.25) == 0, doc);
        }
    }
    return n;
}

/* Entity-like annotations every 40 bytes, 8 attributes each. */
static size_t add_entities(td_doc *doc)
{
    static const char *const labels[] = {"official", "institution", "country", "region"};
    static const char *const names[] = {"Li Wei", "General Administration of Customs",
                                        "Switzerland", "Zhejiang"};
    size_t len, n = 0;
    td_doc_text(doc, &len);
    td_annot *prev = NULL;
    for (size_t at = 0; at + 12 <= len; at += 40, n++) {
        int k = (int)(n % 4);
        td_annot *a = td_doc_add(doc, "entity", labels[k], at, at + 12);
        check(a && td_annot_set_str(doc, a, "canonical", names[k]) == 0 &&
                  td_annot_set_const(doc, a, "rule", "gazetteer:names") == 0 &&
                  td_annot_set_const(doc, a, "iso", "CH") == 0 &&
                  td_annot_set_num(doc, a, "value", 1.13e9 + (double)n) == 0 &&
                  td_annot_set_strn(doc, a, "surname", names[k], 2) == 0 &&
                  td_annot_set_const(doc, a, "gender", k ? "female" : "male") == 0 &&
                  td_annot_set_num(doc, a, "score", -0.25 * (double)(n % 5)) == 0 &&
                  (!prev || td_annot_set_ref(doc, a, "affiliation", prev) == 0),
              doc);
        prev = a;
    }
    return n;
}

/* What a later stage reads back: every entity's attributes by their
 * literal names, the last first (the longest walk). Returns a checksum. */
static double read_entities(td_doc *doc)
{
    static const char *const keys[] = {"affiliation", "score", "gender", "surname",
                                       "value", "iso", "rule", "canonical"};
    size_t n;
    td_annot *const *ents = td_doc_layer(doc, "entity", &n);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
            const td_attr *at = td_annot_attr(ents[i], keys[k]);
            sum += at ? (double)at->type : -1;
        }
    return sum;
}

static bool emit_all(const void *user, const char *layer)
{
    (void)user;
    (void)layer;
    return true;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct figures {
    double add_s, encode_s;
    size_t annots, bytes;
} figures;

/* One round of a phase on a fresh document; adds the times. */
static void run_phase(const char *phase, const char *line, size_t line_len, figures *f)
{
    td_record *rec = new_record(line, line_len);
    bool tokens = strstr(phase, "tokens") != NULL, named = strcmp(phase, "tokens-named") == 0;
    bool entities = strstr(phase, "entities") != NULL; /* read-entities too */
    double t0 = now();
    size_t n = 0;
    if (strcmp(phase, "tokens-bulk") == 0)
        n = add_tokens_bulk(rec->doc);
    else if (tokens)
        n = add_tokens(rec->doc, named);
    else if (entities)
        n = add_entities(rec->doc);
    double t1 = now();
    if (strcmp(phase, "read-entities") == 0) {
        if (read_entities(rec->doc) < 0)
            exit(2); /* never: the sum of types is positive */
        f->encode_s += now() - t1;
    }
    if (strncmp(phase, "encode", 6) == 0) {
        if (td_encode_record(rec, emit_all, NULL) != 0) {
            fprintf(stderr, "annot_bench: cannot encode: %s\n", rec->error);
            exit(2);
        }
        f->encode_s += now() - t1;
        f->bytes += rec->output_len;
    }
    f->add_s += t1 - t0;
    f->annots += n;
    td_record_free(rec);
}

int main(int argc, char **argv)
{
    const char *phase = argc > 1 ? argv[1] : "all";
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    size_t len, line_len;
    char *text = make_text(&len);
    char *line = make_line(text, len, &line_len);
    static const char *const phases[] = {"none", "tokens", "tokens-named", "tokens-bulk", "entities",
                                         "read-entities", "encode-tokens", "encode-entities",
                                         NULL};
    int known = strcmp(phase, "all") == 0;
    for (int i = 0; phases[i]; i++)
        known |= strcmp(phase, phases[i]) == 0;
    if (!known || rounds < 1) {
        fprintf(stderr, "usage: annot_bench [all|none|tokens|tokens-named|tokens-bulk|entities|"
                        "read-entities|"
                        "encode-tokens|encode-entities [ROUNDS]]\n");
        return 2;
    }
    if (strcmp(phase, "all") != 0) {
        figures f = {0};
        for (int r = 0; r < rounds; r++)
            run_phase(phase, line, line_len, &f);
        printf("%s: %zu annotations, %zu output bytes\n", phase, f.annots, f.bytes);
        free(line);
        free(text);
        return 0;
    }
    /* Timed: best of 5 batches of 20 rounds, per annotation. */
    printf("text %zu bytes (a non-ASCII letter in every %zu); best of 5 x 20 documents\n", len,
           sizeof(sentence) - 1);
    printf("%-16s %8s %12s %12s\n", "phase", "annots", "add ns/ann", "encode ns/ann");
    for (int i = 1; phases[i]; i++) {
        double best_add = 1e9, best_enc = 1e9;
        size_t per_doc = 0;
        for (int b = 0; b < 5; b++) {
            figures f = {0};
            for (int r = 0; r < 20; r++)
                run_phase(phases[i], line, line_len, &f);
            per_doc = f.annots / 20;
            if (f.add_s / (double)f.annots < best_add)
                best_add = f.add_s / (double)f.annots;
            if (f.encode_s / (double)f.annots < best_enc)
                best_enc = f.encode_s / (double)f.annots;
        }
        bool enc = strncmp(phases[i], "encode", 6) == 0 || strcmp(phases[i], "read-entities") == 0;
        if (enc)
            printf("%-16s %8zu %12s %12.1f\n", phases[i], per_doc, "", best_enc * 1e9);
        else
            printf("%-16s %8zu %12.1f %12s\n", phases[i], per_doc, best_add * 1e9, "");
    }
    free(line);
    free(text);
    return 0;
}
