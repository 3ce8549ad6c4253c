/* The matcher's insides, shared by match.c (patterns, TSV), match_build.c
 * (the automaton), match_scan.c and match_fold.c. */
#ifndef TD_MATCH_INTERNAL_H
#define TD_MATCH_INTERNAL_H

#include <tidings/match.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MATCH_NONE UINT32_MAX
/* On a state id coming out of a transition: some pattern ends here. Kept in
 * the id so the scan loop tests one bit instead of loading another array. */
#define MATCH_OUT 0x80000000u
#define MATCH_STATE_MASK 0x7FFFFFFFu
/* On a label in match->lab: the state it leads to has outputs. */
#define MATCH_LAB_OUT 0x100u

/* Pattern flags beside TD_MATCH_FOLD. */
#define MATCH_ALNUM_FIRST 0x2u /* first code point is a letter or digit */
#define MATCH_ALNUM_LAST 0x4u  /* last code point is a letter or digit */

/* Default budget for the dense rows: they cover the states a scan spends
 * most of its time in; a budget near the L2 cache size measured best
 * (bench/README.md). */
#define MATCH_DENSE_DEFAULT (1u << 20)

/* Longest UTF-8 a single code point folds to (utf8proc: at most 3 code
 * points of at most 4 bytes). */
#define MATCH_FOLD_MAX 16

typedef struct match_pattern {
    const char *text;           /* as added, NUL-terminated */
    const char *key;            /* folded text for folded patterns (may be text) */
    const char *const *payload; /* npayload NUL-terminated strings */
    uint32_t len;               /* bytes of text */
    uint32_t keylen;            /* bytes of key; at build, of what the automaton matches */
    uint32_t npayload;
    uint32_t flags;             /* TD_MATCH_FOLD | MATCH_ALNUM_* */
} match_pattern;

/* Chunked storage for the patterns' strings: pointers stay put as it grows. */
typedef struct match_pool_chunk match_pool_chunk;
typedef struct match_pool {
    match_pool_chunk *head;
    char *cur, *end;
    size_t bytes; /* malloc'd, for td_matcher_memory */
} match_pool;

/* A state: its children are the states child .. next state's child - 1
 * (breadth-first numbering keeps siblings together, sorted by label). */
typedef struct match_node {
    uint32_t child;
    uint32_t fail;
} match_node;

/* A state where patterns end: plist[first .. first+count) and the next such
 * state along the failure chain (the dictionary suffix link). */
typedef struct match_term {
    uint32_t first, count, next;
} match_term;

struct td_matcher {
    match_pool pool;
    match_pattern *pats;
    uint32_t npats, cappats;
    uint32_t *hash; /* duplicate detection while adding; freed by build */
    uint32_t hashcap;
    bool built;
    bool fold; /* some pattern is folded: the text is folded while scanning */

    /* The automaton over byte classes: bytes no pattern uses share class 0;
     * in fold mode 'A'..'Z' share the class of 'a'..'z' (ASCII folding for
     * free). The first ndense states (the shallowest, breadth-first) have a
     * full DFA row; deeper ones keep sorted labels and a failure link. */
    uint8_t cls[256];
    uint32_t nclass, nstates, ndense;
    uint32_t *dense;     /* ndense * nclass targets, | MATCH_OUT */
    match_node *nodes;   /* nstates + 1; the last is a sentinel */
    uint16_t *lab;       /* nstates: class of the edge into the state | MATCH_LAB_OUT */
    uint32_t *out;       /* nstates: first term on the state's suffix chain, or NONE */
    match_term *terms;
    uint32_t nterms;
    uint32_t *plist;     /* pattern ids, per term in id order */
    uint32_t maxkey;     /* longest key, bytes */
    size_t automaton_bytes;
    size_t dense_bytes; /* budget for dense rows, td_matcher_set_dense_bytes */

    char errmsg[512];
};

/* match.c */
int match_fail(td_matcher *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* match_fold.c: the one case folding used for patterns and text alike. */
/* Fold cp (a scalar value >= 0x80) into out (MATCH_FOLD_MAX bytes). Returns
 * 0 when folding leaves it as it is, else the folded length; *ncp gets the
 * number of code points written. */
size_t match_fold_cp(int32_t cp, char *out, int *ncp);
/* Fold valid UTF-8 s into a new malloc'd NUL-terminated buffer; NULL when
 * out of memory. */
char *match_fold_str(const char *s, size_t len, size_t *out_len);

/* match_build.c */
int match_build(td_matcher *m);
void match_automaton_free(td_matcher *m);

#endif
