/* entities: the state, the per-document work area and the passes.
 *
 * A document goes through the passes in this order (entities.c):
 *   tokens.c     a compact view of the token layer: case, sentence starts,
 *                each word's classes in the rules' lexicon (lexicon.c), the
 *                sentence-initial capitalised word rule
 *   gazetteer.c  one matcher scan for every list, over the stretches where
 *                a pattern can be (patterns.c): entities (countries,
 *                regions, institutions) and token features (given names,
 *                titles, role words, organisation key words)
 *   names.c      capitalised sequences: titles + names, given name +
 *                capitalised word, organisation key words; role phrases
 *                are read by roles.c
 *   context.c    context rules that type a sequence from its neighbours;
 *                acronyms defined in the text
 *   coref.c      short forms of entities found earlier in the article
 *   resolve.c    longest match wins, no overlaps; the annotations
 * wordset.c holds the hash sets every list lives in, lextable.c the
 * perfect hash of the lexicon's short words that each token asks; tsv.c
 * reads the lists.
 */
#ifndef ENTITIES_H
#define ENTITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tidings/tidings.h>

enum ent_label { ENT_NONE = 0, ENT_OFFICIAL, ENT_INSTITUTION, ENT_COUNTRY, ENT_REGION };
extern const char *const ent_label_names[];

/* Where a matcher pattern came from: which list, so what its payload means. */
enum ent_src {
    SRC_COUNTRY = 0, /* payload: iso canonical form */
    SRC_REGION,      /* canonical kind country */
    SRC_INSTITUTION, /* canonical acronym type */
    SRC_TITLE,       /* kind */
    SRC_ROLE,        /* kind: head, modifier */
    SRC_ORGKEY,      /* position: suffix, prefix, both; type */
    SRC_GIVEN,       /* gender */
    SRC_NSRC
};

/* A hash set of words (exact bytes), read-only once built. */
typedef struct ent_wordset {
    struct ent_word *slot;
    size_t cap, n;
    char *strings;
    /* a one-probe filter on a word's length and a few of its bytes: most
     * words of a text are in no list, and one bit says so before hashing */
    uint64_t *filter;
    uint64_t *skey; /* words of up to four bytes: packed keys, and values */
    uint32_t *sval;
    size_t scap;
    uint64_t first[4]; /* the first bytes of its words */
    /* a loaded list (ent_wordset_load) is a plain set: its words in one
     * table of 8-byte slots into `strings`, a third of the bytes of the
     * slots above, which a list of 65,000 words faulted in page by page
     * at start-up (wordset.c) */
    struct ent_plain_slot *plain;
    size_t pcap, pn;
} ent_wordset;

/* The lexicon's words of up to 14 bytes, for one probe a token
 * (lextable.h): a perfect hash, each word in a slot of its own. */
typedef struct ent_lex_slot {
    /* the word's key; the top byte of key[1] is the index of its classes
     * in `classes`. {0, 0}: empty (a key has its length) */
    uint64_t key[2];
} ent_lex_slot;

typedef struct ent_lextable {
    ent_lex_slot *slot;
    uint16_t *disp;    /* per group of words: what moves them to free slots */
    uint32_t *classes; /* 256 LX_* combinations; 0 at index 0 */
    uint64_t seed;
    uint32_t smask;  /* slots - 1 */
    unsigned gshift; /* 64 - log2(groups): a word's group from its hash's top bits */
} ent_lextable;

/* A word of the lexicon and its class bits (LX_*). */
typedef struct ent_lexeme {
    const char *word;
    uint32_t bits;
} ent_lexeme;

/* tsv.c: a list file, read whole, its rows cut in place. */
typedef struct ent_tsv {
    const char *path;
    char *buf; /* the file's bytes, NUL-terminated lines once read */
    size_t len, pos;
    size_t len0; /* the bytes of the last row's first column */
    unsigned long line;
    unsigned flags; /* TD_MATCH_FOLD while "#@case fold" holds */
    char *err;
    size_t errlen;
} ent_tsv;

/* 0, or -1 with "path: problem" in err. */
int ent_tsv_open(ent_tsv *t, const char *path, unsigned flags, char *err, size_t errlen);
/* The next row: up to maxcol (>= 1) columns (the first t->len0 bytes
 * long), 1; 0 at the end; -1 with
 * "path:line: problem" in err, in td_matcher_load_tsv's words. */
int ent_tsv_next(ent_tsv *t, const char **col, size_t maxcol, size_t *ncol);
/* The buffer the columns point into, now the caller's to free. */
char *ent_tsv_take(ent_tsv *t);
void ent_tsv_close(ent_tsv *t);

int ent_wordset_load(ent_wordset *ws, const char *path, char *err, size_t errlen);
/* From a static table (the words are not copied); values are OR-ed. */
int ent_wordset_build(ent_wordset *ws, const ent_lexeme *words, size_t n);
/* ent_wordset_get(ws, s, n): the word's bits, 0 when absent (wordset.h) */
/* Could a word of the set start with byte c? */
static inline bool ent_wordset_may_start(const ent_wordset *ws, unsigned char c)
{
    return ws->first[c >> 6] >> (c & 63) & 1;
}
bool ent_wordset_has(const ent_wordset *ws, const char *s, size_t n);
/* Lower-cases ASCII letters of s (up to 63 bytes) before the lookup. */
bool ent_wordset_has_lower(const ent_wordset *ws, const char *s, size_t n);
uint32_t ent_wordset_get_lower(const ent_wordset *ws, const char *s, size_t n);
void ent_wordset_free(ent_wordset *ws);

#define ENT_MAX_LISTS 32

/* A row of a feature list (titles, roles, organisation key words, given
 * names), while create() turns them into lexicon classes. */
typedef struct ent_feature {
    const char *word; /* the first column, in the list's buffer */
    const char *kind; /* the second, or NULL when absent or empty */
    uint32_t len;
    uint8_t src;
} ent_feature;

typedef struct ent_state {
    td_matcher *m;
    /* Only while create() runs (freed by ent_gazetteer_lexicon): the
     * feature lists' rows and the buffers they point into, and per
     * pattern of m whether it was read under "#@case fold". */
    ent_feature *feat;
    size_t nfeat, capfeat;
    char *feat_text[ENT_MAX_LISTS];
    size_t nfeat_text;
    uint8_t *fold;
    size_t nfold, capfold;
    /* and per pattern its text, in the entity lists' buffers kept till
     * then: the lexicon reads them there while m is being built */
    const char **pat_text;
    char *pat_buf[ENT_MAX_LISTS];
    size_t npat_buf;
    /* the patterns from range[i].first up to range[i + 1].first came from
     * one list, of kind range[i].src */
    struct {
        uint32_t first;
        uint8_t src;
    } range[ENT_MAX_LISTS + 1];
    size_t nrange;
    bool src_loaded[SRC_NSRC];
    const char **rules; /* per pattern: "gazetteer:countries.tsv:14" */
    char *rule_text;
    ent_wordset words;  /* the lower-case word list */
    ent_wordset family; /* family names written first (Wang Jun, Nguyen Thi) */
    ent_wordset surnames; /* surnames, for a name whose last word is also a word */
    ent_wordset lex;    /* the rules' own words, with their classes (lexicon.c) */
    /* the same words of up to 14 bytes, for the token look-up: those
     * in lower case first ([1]: the small table most tokens ask) and the
     * others ([0]) */
    ent_lextable lextab[2];
    char *lex_words;    /* the strings of the lexicon's words from the gazetteers */
    bool coref;
} ent_state;

/* Token flags. */
#define TK_WORD 0x0001u    /* a word token (not number, punct, symbol) */
#define TK_CAP 0x0002u     /* first letter upper case: "China", "U.S.", "GAC" */
#define TK_UPPER 0x0004u   /* two or more letters, all upper: "GAC", "U.S." */
#define TK_SSTART 0x0008u  /* first word of a sentence (or of a quotation) */
#define TK_ORD 0x0010u     /* sentence-initial capitalised ordinary word ("Private") */
#define TK_ADJ 0x0020u     /* "Lisbon-based": a hyphenated adjective */
#define TK_GIVEN 0x0040u   /* a given name */
#define TK_TITLE 0x0080u   /* starts a title ("Mr", "Vice Minister") */
#define TK_ROLE 0x0100u    /* a role head word ("economist", "minister") */
#define TK_RMOD 0x0200u    /* a role modifier ("chief", "deputy") */
#define TK_OKSUF 0x0400u   /* organisation key word after a name ("Corp", "Bank") */
#define TK_OKPRE 0x0800u   /* organisation key word before "of" ("Ministry", "Bank") */
#define TK_HEADING 0x1000u /* in a title-case heading: capitals say little */
#define TK_LOWER 0x2000u   /* first letter lower case */
#define TK_NOTORG 0x4000u  /* a head that names no body ("Index", "Sea", "Law") */
#define TK_PUNCT 0x8000u
#define TK_DIGIT 0x10000u  /* a word with a digit: "C180", "G20" */

/* Classes of the rules' own words (lexicon.c), looked up once per token. */
#define LX_STOP 0x0001u      /* function words: "the", "said", "which" (either case) */
#define LX_DET 0x0002u       /* "a", "the", "its", "their" (either case) */
#define LX_PARTICLE 0x0004u  /* inside names: "von", "der", "de", "bin" */
#define LX_REPORT 0x0008u    /* "said", "told", "added" */
#define LX_ORGNOUN 0x0010u   /* "firm", "company", "carmaker" */
#define LX_ORGTHING 0x0020u  /* what a body has: "shares", "chief", "profits" */
#define LX_STATEMENT 0x0040u /* "statement", "filing", "note" */
#define LX_DEFINITE 0x0080u  /* "administration", "ministry": "the administration" */
#define LX_HE 0x0100u
#define LX_SHE 0x0200u
#define LX_ECONOMY 0x0400u /* "EU growth": "growth", "exports", "markets" */
#define LX_PLACEPREP 0x0800u /* "in", "to", "from", "across" */
#define LX_ITS 0x1000u       /* "its", "their" (either case) */
#define LX_CONN 0x2000u      /* inside names: "of", "for", "and", "&", "'s", "von" */
#define LX_FIRST 0x4000u     /* the first word of a gazetteer pattern ("China", "Bank") */
#define LX_DIRECTION 0x8000u /* "North", "Central": "Bristol South" is a place */
/* The words of the feature lists (titles, roles, organisation key words,
 * given names), looked up per token instead of matched: */
#define LX_ROLE 0x10000u     /* a role head ("economist", "minister"), in lower case */
#define LX_RMOD 0x20000u     /* a word before a head ("chief", "vice"), in lower case */
#define LX_NOTROLE 0x40000u  /* roles.tsv cancels a head of titles.tsv ("national") */
#define LX_HON 0x80000u      /* an honorific ("Mr", "Ms."), as written */
#define LX_OKSUF 0x100000u   /* ends a body's name ("Corp", "Bank"), as written */
#define LX_OKPRE 0x200000u   /* starts one before of/for/on ("Ministry") */
#define LX_NOTORG 0x400000u  /* ends no body's name ("Index") */
#define LX_GIVEN 0x800000u   /* a given name, as written */
#define LX_MALE 0x1000000u   /* of LX_GIVEN or LX_HON */
#define LX_FEMALE 0x2000000u
/* bits 28-31: a gazetteer pattern that does not start with a capital
 * starts with this word, and has at most this many words (up to 15: "the
 * mainland"); the scan looks there too */
#define LX_PSTART_SHIFT 28
#define LX_PSTART(v) ((v) >> LX_PSTART_SHIFT)

typedef struct ent_tok {
    size_t start, end;
    uint32_t flags;
    uint32_t lex; /* LX_* */
    uint32_t sent;     /* sentence number */
    int32_t hit;       /* entity hit starting at this token, or -1 */
    uint8_t gender;    /* given name: 1 male, 2 female, 3 either */
    uint8_t title_len; /* tokens of the title starting here */
    uint8_t role_len;  /* tokens of the role phrase head starting here */
    uint8_t hon;       /* honorific (Mr, Ms, Dr): 1 male, 2 female, 3 none */
    uint8_t starts;    /* words of the longest pattern that may start here, or 0 */
} ent_tok;

/* An entity found by the gazetteer, before resolution. */
typedef struct ent_hit {
    size_t start, end; /* bytes */
    uint32_t t0, t1;   /* tokens [t0, t1) touched */
    bool aligned;      /* starts and ends on token boundaries */
    uint8_t src;
    uint32_t pattern;
    const char *const *payload;
    size_t npayload;
} ent_hit;

/* A mention proposed by a rule. */
typedef struct ent_cand {
    size_t start, end; /* bytes */
    uint32_t t0, t1;   /* tokens */
    uint8_t label;
    uint8_t prio;   /* higher wins between spans of one length */
    bool dropped;
    const char *canonical; /* NUL-terminated, arena or state */
    const char *rule;
    const char *iso, *form, *kind, *country, *acronym;
    const char *title, *surname, *gender;
    int32_t affiliation; /* candidate index, or -1 */
    int32_t antecedent;  /* candidate index, or -1 */
    int32_t aff_definite; /* "of the administration": that noun's token, or 0 */
    td_annot *annot;     /* once emitted */
} ent_cand;

/* A capitalised run no rule of names.c typed, for context.c and coref.c. */
typedef struct ent_run {
    uint32_t t0, t1;
    bool done;
    int32_t person; /* the person a later Mr confirmed it as, or -1 */
} ent_run;

typedef struct ent_doc {
    td_doc *doc;
    const ent_state *st;
    const char *text;
    size_t len;
    ent_tok *tok;
    size_t ntok;
    size_t nsstart; /* tokens with TK_SSTART */
    uint32_t *caps; /* the tokens with TK_CAP, in order: the few a rule on capitals visits */
    size_t ncaps;
    uint32_t *startable; /* the tokens where a gazetteer pattern may start (starts > 0) */
    size_t nstartable;
    uint32_t *definite; /* the tokens with LX_DEFINITE ("administration"), in order */
    size_t ndefinite;
    uint32_t *sent_first; /* per sentence number: its first token (ntok after the last) */
    size_t nsent;         /* entries of sent_first, less one */
    ent_hit *hit;
    size_t nhit, caphit;
    ent_hit *feat;
    size_t nfeat, capfeat;
    ent_cand *cand;
    size_t ncand, capcand;
    ent_run *run;
    size_t nrun, caprun;
    int32_t *owner; /* per token: the longest candidate over it, or -1 */
    bool oom;
} ent_doc;

/* A role phrase: the title's tokens [t0, t1); the body named with it,
 * [org0, org1) (org1 == 0: none). */
typedef struct ent_role {
    size_t t0, t1, org0, org1;
    bool earlier_body; /* "the firm's head": the nearest body named before */
    size_t definite;   /* "head of the administration": the key noun's token, or 0 */
} ent_role;

/* roles.c */
bool ent_role_after(const ent_doc *d, size_t i, size_t limit, ent_role *r);
bool ent_role_before(const ent_doc *d, size_t j, size_t floor, ent_role *r);
bool ent_is_determiner(const ent_doc *d, size_t i);
bool ent_is_function_word(const ent_doc *d, size_t i);
/* The token is `word`, whatever the case of its first letter. */
bool ent_tok_is_ci(const ent_doc *d, size_t i, const char *word);

/* names.c: a run of capitalised tokens from `i`, ending before `limit` */
size_t ent_run_end(const ent_doc *d, size_t i, size_t limit);
size_t ent_run_start(const ent_doc *d, size_t e, size_t floor);

/* lexicon.c */
/* `extra`: words the gazetteer adds (the first words of its patterns that
 * start in lower case, with LX_PSTART counts). */
/* 0; -1 out of memory; -2 with more combinations of classes than the
 * token table indexes (lextable.h) */
int ent_lexicon_build(ent_wordset *ws, ent_lextable lt[2], const ent_lexeme *extra, size_t nextra);

/* The token is the literal `w` (exact bytes). */
static inline bool ent_tok_is_n(const struct ent_doc *d, size_t i, const char *w, size_t n);
#define ent_tok_is(d, i, w) ent_tok_is_n((d), (i), (w), sizeof(w) - 1)
#define ent_lex(d, i, bits) ((i) < (d)->ntok && ((d)->tok[i].lex & (bits)) != 0)

/* tokens.c */
int ent_tokens(ent_doc *d);
int ent_mark_ordinary(ent_doc *d);

bool ent_tok_is_lower_word(const ent_doc *d, size_t i);

/* gazetteer.c */
/* Reads the lists into st->m, not yet built; 0 or -1, reported. */
int ent_gazetteer_load(ent_state *st, td_stage_config *cfg);
/* Builds st->m: 0, or -1 with td_matcher_errmsg(st->m). Touches st->m
 * only, so it may run beside ent_gazetteer_lexicon. */
int ent_gazetteer_build(ent_state *st);
/* Frees what only create() needs (the lexicon frees it too). */
void ent_gazetteer_load_free(ent_state *st);
int ent_gazetteer_scan(ent_doc *d);
int ent_gazetteer_cands(ent_doc *d);
/* patterns.c */
int ent_gazetteer_lexicon(ent_state *st);
/* Does the UTF-8 text start with an upper-case letter? */
bool ent_starts_upper(const char *s);

/* names.c, context.c, coref.c, resolve.c */
int ent_names(ent_doc *d);
int ent_context(ent_doc *d);
/* context.c: the acronym's letters follow the initials of tokens [a, b) */
bool ent_initials_match(const ent_doc *d, size_t a, size_t b, const char *acr, size_t n);
int ent_coref(ent_doc *d);
int ent_resolve(ent_doc *d);

/* candidates (resolve.c) */
ent_cand *ent_cand_add(ent_doc *d, uint8_t label, uint32_t t0, uint32_t t1, const char *rule);
ent_cand *ent_cand_span(ent_doc *d, uint8_t label, size_t start, size_t end, uint32_t t0,
                        uint32_t t1, const char *rule);
const char *ent_title_text(ent_doc *d, size_t t0, size_t t1);
/* qsort_r, without its allocation for the few dozen items of an article */
void ent_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *),
              void *arg);
int ent_run_add(ent_doc *d, size_t t0, size_t t1);
/* Candidate indices in text order (start, then index), without qsort's
 * calls through a pointer. 0, or -1 out of memory. */
int ent_sort_by_start(ent_doc *d, uint32_t *order, size_t n);
/* names.c */
bool ent_name_ok(const ent_doc *d, size_t a, size_t b);
int32_t ent_body(ent_doc *d, size_t a, size_t b, const char *rule);
/* The span's text with runs of white space as one space, "The " and a
 * possessive "'s" taken off, in the arena. */
const char *ent_span_name(ent_doc *d, size_t start, size_t end);

static inline size_t ent_tok_len(const ent_doc *d, size_t i)
{
    return d->tok[i].end - d->tok[i].start;
}

static inline bool ent_tok_is_n(const ent_doc *d, size_t i, const char *w, size_t n)
{
    return i < d->ntok && d->tok[i].end - d->tok[i].start == n &&
           d->text[d->tok[i].start] == w[0] && memcmp(d->text + d->tok[i].start, w, n) == 0;
}

#endif
