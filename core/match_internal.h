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
/* ... and every one of them ends with a letter or digit, so none counts
 * when one follows: the scan loop settles that from the next byte alone
 * ("in" inside "ministry"), the commonest case by far. */
#define MATCH_WORD 0x40000000u
#define MATCH_STATE_MASK 0x3FFFFFFFu
/* The same two bits on a label in match->lab, for the state it leads to;
 * shifted left by MATCH_LAB_SHIFT they become MATCH_OUT and MATCH_WORD. */
#define MATCH_LAB_OUT 0x200u
#define MATCH_LAB_WORD 0x100u
#define MATCH_LAB_SHIFT 22

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
    uint32_t line;              /* line in `source`, 0 for td_matcher_add */
    const char *source;         /* the TSV file it came from (pooled), or NULL */
} match_pattern;

/* Chunked storage for the patterns' strings: pointers stay put as it grows. */
typedef struct match_pool_chunk match_pool_chunk;
typedef struct match_pool {
    match_pool_chunk *head;
    char *cur, *end;
    size_t bytes; /* malloc'd, for td_matcher_memory */
} match_pool;

/* A state: its children are the states child .. child + nkids - 1, sorted
 * by label. Deep states are numbered depth first, so a pattern's tail of
 * one-child states lies in consecutive records: a scan walking it reads
 * memory in order. */
typedef struct match_node {
    uint32_t child;
    uint32_t fail;
    uint16_t nkids;
    uint16_t lab; /* class of the edge into this state | MATCH_LAB_* */
} match_node;

/* What a scan needs at a state where some pattern ends, in one place. */
typedef struct match_state_info {
    uint32_t out;   /* first term on the state's suffix chain, or NONE */
    uint32_t depth; /* key bytes from the start state */
} match_state_info;

/* A state where patterns end: plist[first .. first+count) and the next such
 * state along the failure chain (the dictionary suffix link). Its patterns
 * share one key, so one key length and one start for a match. */
typedef struct match_term {
    uint32_t first, count, next;
    uint32_t keylen;
    uint32_t all; /* flags every pattern of the term has */
} match_term;

/* A plist entry: pattern id, and its flags in the top bits, so checking a
 * candidate does not touch the pattern table. */
#define MATCH_PL_SHIFT 29
#define MATCH_PL_ID 0x1FFFFFFFu
#define MATCH_MAX_PATTERNS MATCH_PL_ID

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
    /* ndense * nclass targets, | MATCH_OUT | MATCH_WORD, as scan ids: a
     * dense state k is k * nclass (the offset of its row, so a step is one
     * add and one load, no multiply on the chain from byte to byte), a
     * sparse state j is dense_end + j - ndense. match_state_id() undoes it. */
    uint32_t *dense;
    uint32_t dense_end;  /* ndense * nclass: scan ids below it are dense rows */
    match_node *nodes;   /* nstates */
    match_state_info *info; /* nstates */
    match_term *terms;
    uint32_t nterms;
    uint32_t *plist;     /* id | flags << MATCH_PL_SHIFT, per term in id order */
    uint32_t maxkey;     /* longest key, bytes */
    size_t automaton_bytes;
    size_t dense_bytes; /* budget for dense rows, td_matcher_set_dense_bytes */
    td_match_warn_fn warn; /* td_matcher_on_warning */
    void *warn_user;

    char errmsg[512];
};

/* The state of a scan id (see td_matcher.dense), and back. */
static inline uint32_t match_state_id(const struct td_matcher *m, uint32_t scan_id)
{
    return scan_id < m->dense_end ? scan_id / m->nclass : scan_id - m->dense_end + m->ndense;
}

static inline uint32_t match_scan_id(const struct td_matcher *m, uint32_t state)
{
    return state < m->ndense ? state * m->nclass : m->dense_end + state - m->ndense;
}

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
