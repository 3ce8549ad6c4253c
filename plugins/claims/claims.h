/*
 * claims: the stage's shared types and its passes.
 *
 * One matcher scan marks every lexicon word ("bn", "yuan", "rose", "said",
 * "year on year", ...) on the token it starts at; the passes then walk the
 * tokens of each sentence once, looking only a bounded number of tokens to
 * either side. README.md beside this file has the rules.
 */
#ifndef CLAIMS_H
#define CLAIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tidings/tidings.h>

/* What a lexicon entry is (column 2 of the cue files). */
typedef enum cl_class {
    CL_NONE = 0,
    CL_CURRENCY,  /* str: ISO 4217; minor: 1/100 of the main unit */
    CL_SCALE,     /* num: multiplier (bn, million) */
    CL_PERCENT,   /* percent, per cent, % */
    CL_POINTS,    /* percentage point(s) */
    CL_BASISPT,   /* basis point(s): 1/100 of a percentage point */
    CL_UNIT,      /* str: counted noun in the singular (tonnes -> tonne) */
    CL_NOTUNIT,   /* a word after a number that is never a counted noun */
    CL_QUALIFIER, /* str: the qualifier as written in the lexicon */
    CL_UP,        /* a change word: rose, jumped, up, increase */
    CL_DOWN,      /* fell, slumped, down, cut */
    CL_FLAT,      /* unchanged, flat */
    CL_FROM,      /* "from", "up from", "down from": num = direction */
    CL_BASIS,     /* str: year-on-year, month-on-month, ... */
    CL_MONTH,     /* num: 1..12 */
    CL_ORDINAL,   /* num: first 1, second 2, ... (quarters, halves) */
    CL_NUMWORD,   /* num: one, two, ... twelve, half, a */
    CL_PERIOD,    /* str: quarter, half, month(s), year, this/last/next */
    CL_TIME,      /* a.m., p.m., GMT: the number before is a time */
    CL_RANK,      /* No., number, #: the number after is a rank */
    CL_AGE,       /* aged, age: the number after is an age */
    CL_SHARE,     /* "accounting for", "a share of": num = 1 before, 2 after */
    CL_LEVEL,     /* reached, hit, totalled, stood at: a level follows */
    CL_REPORT,    /* said, told, added, warned: a reporting verb */
    CL_ACCORDING, /* according to */
    CL_FORECAST,  /* forecast, expects, is projected to: str = how */
    CL_PRONOUN,   /* str: male, female, plural, neuter */
    CL_CLAUSE,    /* while, but, whereas, which: a clause starts */
    CL_TITLE,     /* minister, chief, representative: a role before a name */
    CL_MODAL,     /* will, would, could: a change word after it is a forecast */
    CL_NCLASSES
} cl_class;

typedef struct cl_entry {
    uint8_t cls;   /* cl_class */
    bool minor;    /* currency: pence, cents */
    bool prefix;   /* currency: may stand before the number (a symbol or code) */
    double num;
    const char *str; /* owned by the state */
    const char *source; /* "file:line", for `rule` */
} cl_entry;

#define CL_MAX_WORDS 8 /* tokens in a pattern */
#define CL_MAX_WORD 48 /* bytes in one of them */

/* A pattern: its words as tokens (folded unless exact), its entry. */
typedef struct cl_pattern {
    const char *word[CL_MAX_WORDS];
    uint8_t len[CL_MAX_WORDS];
    uint8_t nwords;
    bool exact;
    const char *key; /* the first word, folded */
    uint32_t hash;   /* of the folded first word */
    uint32_t next; /* the next pattern with this first word, longest first */
    cl_entry entry;
} cl_pattern;

/* A chain head of cl_lexicon.heads: the first word (folded) inline, so
 * that a probe compares it without touching the patterns. */
typedef struct cl_head {
    uint64_t w8;    /* its first eight bytes, zero-padded (cl_fold8) */
    uint32_t chain; /* its first pattern, or UINT32_MAX in an empty slot */
    uint32_t len;   /* its length */
} cl_head;

/* What cl_mark_cues reads of a pattern while it walks a chain, 8 bytes
 * beside the pattern's 128 (cl_lexicon.links, by pattern index). */
typedef struct cl_link {
    uint32_t next;  /* cl_pattern.next */
    uint8_t nwords; /* cl_pattern.nwords */
    uint8_t len1;   /* the second word's length; 0 for one word */
    uint8_t exact;  /* cl_pattern.exact */
    uint8_t has;    /* the CL_HAS_* bits the entry's class gives a sentence */
} cl_link;

/* Patterns by their first word: open addressing over chain heads. */
typedef struct cl_lexicon {
    cl_pattern *pats;
    size_t npats, pcap;
    uint32_t *slots; /* pattern index of a chain head, or UINT32_MAX */
    /* the same heads for cl_mark_cues, rebuilt by cl_lexicon_load */
    cl_head *heads;
    size_t nheads; /* a power of two, at least twice the heads */
    cl_link *links; /* npats of them, rebuilt with the heads */
    /* bit n of first_len[b]: a first word of n bytes starts with byte b
     * (or its lower case); rules out most tokens before any hashing */
    uint64_t first_len[256];
    uint64_t bloom[1024]; /* bit (key hash & 0xFFFF) set for every first word */
    size_t maxlen;   /* the longest first word */
    size_t nslots;   /* a power of two, at least twice the patterns */
    /* owned strings, packed into blocks that never move (one malloc per
     * block, not per string: create() keeps some 6,000) */
    char **blocks;
    size_t nblocks, bcap;
    size_t used, room; /* in the last block */
} cl_lexicon;

int cl_lexicon_load(cl_lexicon *lex, const char *path, bool currency, char *err, size_t errlen);
int cl_lexicon_add(cl_lexicon *lex, const char *pattern, bool exact, const cl_entry *e,
                   const char *where, char *err, size_t errlen);
void cl_lexicon_free(cl_lexicon *lex);

/* The key of a word: its length and first four bytes with ASCII letters
 * folded (bit 0x20 set; other bytes may change too, which only makes
 * more words share a key: a probe compares the whole word). A
 * multiply-shift of it picks the slot. Cheaper than hashing every byte
 * of every token; the four bytes are read at once, without a loop. */
static inline uint32_t cl_word_key(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t x;
    switch (n) {
    case 0:
        x = 0;
        break;
    case 1:
        x = (uint32_t)(u[0] | 0x20);
        break;
    case 2:
        x = ((uint32_t)u[0] | (uint32_t)u[1] << 8) | 0x2020u;
        break;
    case 3:
        x = ((uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16) | 0x202020u;
        break;
    default:
        x = ((uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
             (uint32_t)u[3] << 24) | 0x20202020u;
        break;
    }
    uint64_t h = ((uint64_t)n << 32 | x) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32);
}

/* cl_word_key of a token whose four first bytes may be read (the text
 * is NUL-terminated, so all but its last three bytes have them): one
 * load and a mask instead of the switch on the length, whose branch the
 * predictor misses on every other token. The same key. */
static inline uint32_t cl_word_key4(const char *s, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* n bytes of it (none for n = 0), the letters' 0x20 bit set; the mask
     * from a table (a load, not a shift by a computed count) */
    static const uint32_t first_bytes[5] = {0, 0xFFu, 0xFFFFu, 0xFFFFFFu, 0xFFFFFFFFu};
    uint32_t x;
    memcpy(&x, s, 4);
    x = (x | 0x20202020u) & first_bytes[n < 4 ? n : 4];
    uint64_t h = ((uint64_t)n << 32 | x) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32);
#else
    return cl_word_key(s, n);
#endif
}

/* n bytes of s (n <= 8; eight may be read) as a little-endian word,
 * zero-padded, ASCII capitals folded to lower case (bytes >= 0x80 kept):
 * what same_folded compares byte by byte, at once. */
static inline uint64_t cl_fold8(const char *s, size_t n)
{
    uint64_t x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* the mask from a table: a load, not a branch on the length that the
     * predictor misses */
    static const uint64_t first_n[9] = {0,
                                        0xFFull,
                                        0xFFFFull,
                                        0xFFFFFFull,
                                        0xFFFFFFFFull,
                                        0xFFFFFFFFFFull,
                                        0xFFFFFFFFFFFFull,
                                        0xFFFFFFFFFFFFFFull,
                                        ~0ull};
    memcpy(&x, s, 8);
    x &= first_n[n < 8 ? n : 8];
#else
    for (size_t k = 0; k < n && k < 8; k++)
        x |= (uint64_t)(unsigned char)s[k] << (8 * k);
#endif
    const uint64_t ones = 0x0101010101010101ull;
    uint64_t b = x & (0x7F * ones);
    /* bit 7 of a byte: its low seven bits are >= 'A', > 'Z' */
    uint64_t ge_a = b + (0x80 - 'A') * ones, gt_z = b + (0x80 - 'Z' - 1) * ones;
    uint64_t upper = ge_a & ~gt_z & ~x & (0x80 * ones);
    return x | upper >> 2;
}

/* A short fixed list of words ("sales", "output", ...) as a hash set,
 * built once by create(): the passes ask it about many tokens, and a
 * walk of the list compared every word. */
#define CL_SET_SLOTS 128 /* a power of two, over twice the longest list */
typedef struct cl_wordset {
    const char *word[CL_SET_SLOTS]; /* NULL: empty slot */
    uint8_t len[CL_SET_SLOTS];
    bool fold; /* ASCII case-insensitive; the words are in lower case */
    /* bit n: a word of n bytes (< 64); bit b of first: a word starts with
     * byte b (both cases when folded): most tokens are ruled out here */
    uint64_t lens;
    uint64_t first[4];
} cl_wordset;

/* The word lists the passes look tokens up in (cl_state.sets). */
typedef enum cl_set {
    CL_SET_QUANTITY, /* forecasts.c: nouns of a measurable trend */
    CL_SET_STOP,     /* metric.c: words that end a noun phrase (folded) */
    CL_SET_AUX,      /* metric.c: auxiliaries and adverbs before a verb */
    CL_SET_DET,      /* metric.c: determiners (folded) */
    CL_SET_PREP,     /* indirect.c: words after a verb that start no clause */
    CL_SET_BARE,     /* indirect.c: verbs whose clause may follow without "that" */
    CL_SET_FILLER,   /* links.c: words between a change word and its figure (folded) */
    CL_SET_SPEAKER_AUX, /* speakers.c: words between a subject and its verb */
    CL_SET_TREND,    /* forecasts.c: verbs of a trend that are no change words */
    CL_SET_DEAL,     /* forecasts.c: verbs of a deal's terms */
    CL_SET_PERIOD,   /* forecasts.c: words of a time ahead */
    CL_SET_OUTCOME,  /* forecasts.c: verbs that put a figure on an outcome */
    CL_SET_VERB_NEXT, /* figures.c: words after a plural that make it a verb */
    CL_SET_MODIFIER_STOP, /* figures.c: function words that are no modifier */
    CL_NSETS
} cl_set;

/* The lists, NULL-terminated, each beside the rule that uses it. */
extern const char *const cl_quantity_nouns[]; /* forecasts.c */
extern const char *const cl_stop_words[], *const cl_aux_words[], *const cl_determiners[]; /* metric.c */
extern const char *const cl_prepositions[], *const cl_bare_verbs[]; /* indirect.c */
extern const char *const cl_fillers[]; /* links.c */
extern const char *const cl_speaker_aux[]; /* speakers.c */
extern const char *const cl_trend_verbs[], *const cl_deal_verbs[]; /* forecasts.c */
extern const char *const cl_period_words[], *const cl_outcome_verbs[]; /* forecasts.c */
extern const char *const cl_verb_next[], *const cl_modifier_stop[]; /* figures.c */

/* Builds every set of st->sets; -1 when a list does not fit (a bug in
 * the lists, caught the first time the stage is created). */
int cl_wordsets_build(cl_wordset *sets);

/* The probe of cl_wordset_has, for the words its filter lets through. */
bool cl_wordset_probe(const cl_wordset *s, const char *w, size_t n);

/* The filter inline (most words stop here), the probe a call. */
static inline bool cl_wordset_has(const cl_wordset *s, const char *w, size_t n)
{
    unsigned char c0 = (unsigned char)w[0];
    if (n >= 64 || !(s->lens >> n & 1u) || !(s->first[c0 >> 6] >> (c0 & 63) & 1u))
        return false;
    return cl_wordset_probe(s, w, n);
}

typedef struct cl_state {
    cl_lexicon lex;
    cl_wordset sets[CL_NSETS];
    bool quotes, forecasts;
    unsigned max_quote_sentences; /* a quote without a closing mark ends after this many */
} cl_state;

/* One token as the passes see it. */
typedef enum cl_kind { K_WORD, K_NUMBER, K_PUNCT, K_SYMBOL, K_OTHER } cl_kind;

/* 48 bytes, not 64: prepare() writes one per token and every pass reads
 * them, so three tokens share what was two tokens' cache lines (the
 * offsets are 32-bit: prepare() refuses a text over 4 GiB). */
typedef struct cl_tok {
    uint32_t start, end;
    const cl_entry *cue; /* lexicon entry starting at this token, or NULL */
    uint32_t cue_end;    /* one past the cue's last token */
    uint32_t sent;       /* sentence index */
    double value;
    td_annot *entity; /* the entity annotation covering the token, or NULL */
    uint8_t kind;        /* cl_kind */
    uint8_t qnoun; /* forecasts.c's quantity noun test, memoised: 0 not yet, 1 no, 2 yes */
    /* copies the inline questions below read without a pointer chase */
    uint8_t cls;   /* cue->cls, CL_NONE without a cue */
    char c0;       /* the first byte */
    char byte1;    /* the byte of a one-byte token, else 0 */
    bool cap;            /* first letter upper case */
    bool sent_start;
    /* bits, set on few tokens and after the view is made */
    bool has_value : 1;
    bool spent : 1; /* a reporting verb already used by a direct quote */
} cl_tok;

typedef struct cl_sent {
    uint32_t t0, t1; /* tokens [t0, t1) */
    uint32_t paragraph;
    uint8_t has; /* CL_HAS_*: what the sentence holds, so passes skip the rest */
    bool heading;
    uint8_t may_period; /* cl_find_periods: 0 not looked yet, 1 no period can start here, 2 may */
    size_t start, end;
} cl_sent;

/* What a sentence holds (cl_sent.has), set while the cues are marked. */
#define CL_HAS_NUMBER 0x1u /* a number token, a number word, a digit-led word */
#define CL_HAS_SPEECH 0x2u /* a reporting verb, "according to", a forecast word */
#define CL_HAS_FUTURE 0x4u /* a forecast word or a modal */
#define CL_HAS_MARK 0x8u   /* a double quote mark */

/* A figure found in the text (one statistic, or part of one). */
typedef enum cl_role { R_LEVEL = 0, R_ABSORBED } cl_role;

typedef struct cl_fig {
    uint32_t t0, t1;   /* tokens covered, currency and unit included */
    uint32_t num;      /* the number token */
    uint32_t sent;
    double value;
    const char *unit;  /* ISO code, "percent", "percentage_points", noun */
    bool money, is_pct, is_pp;
    const char *qualifier;
    bool range;
    double vmin, vmax;
    bool alt;
    double alt_value;
    const char *alt_unit;
    bool change;
    double change_pct;
    int dir; /* 0 none, 1 up, -1 down, 2 flat */
    bool prev;
    double prev_value;
    const char *basis;
    bool share;
    double share_pct;
    char period[32];
    size_t metric_start, metric_end; /* bytes; equal when none */
    td_annot *subject;
    uint8_t role;
    uint32_t lead; /* first token of a change tied to it ("rose 6.1 percent to") */
    const char *rule;      /* how the figure was read */
    const char *link_rule; /* how a change, share, alt was tied to it */
    td_annot *annot;       /* once emitted */
} cl_fig;

typedef struct cl_speaker {
    td_annot *entity;  /* official or institution, or NULL */
    const char *name;  /* canonical, or NULL */
    const char *how;   /* the rule */
} cl_speaker;

/* A quote found (direct or reported), for the forecasts after it. */
typedef struct cl_quote {
    uint32_t q0, q1; /* tokens of the quoted words or reported clause */
    uint32_t open, close; /* the marks of a direct quote; close = nt when missing */
    bool direct, attributed;
    bool unnamed; /* attributed to a person the article does not name */
    cl_speaker sp;
    const char *rule;
} cl_quote;

/* The names the stage writes (layer, labels, attribute keys) as the
 * document's own copies (td_doc_name), each taken the first time it is
 * written: the core then finds a name by its pointer, where a literal
 * had it compare the text on every annotation and attribute. */
typedef struct cl_names {
    const char *claim, *statistic, *quote, *forecast, *value, *unit, *qualifier, *value_min,
        *value_max, *alt_value, *alt_unit, *change_pct, *direction, *previous_value,
        *change_basis, *share_pct, *period, *metric, *subject, *rule, *direct, *speaker,
        *speaker_name, *source, *horizon;
    /* keys of the entity layer the stage reads */
    const char *canonical, *gender, *title, *antecedent, *affiliation;
} cl_names;

/* Everything one process() call works on. Scratch memory is malloc'd once
 * per document and freed at the end. */
typedef struct cl_doc {
    td_doc *doc;
    const cl_state *st;
    const char *text;
    size_t len;
    cl_tok *t;
    size_t nt;
    /* the tokens a lexicon entry may start at (prepare()), in order:
     * pairs of the token and its cl_word_key */
    uint32_t *cand;
    size_t ncand;
    /* the tokens a figure may start at, in order, in two lists of one
     * block of 4 * nt: num[0, nnum) numbers and tokens led by a digit
     * (prepare()), num[nt, nt + nnumw) words with a number word's cue
     * (cl_mark_cues); and num[2 * nt, 2 * nt + nspeech) the tokens with a
     * cue reported speech starts at (CL_REPORT, CL_ACCORDING,
     * CL_FORECAST), where cl_indirect_sentence() looks, from speech_at on;
     * num[3 * nt, 3 * nt + nmark) the tokens that may be quote marks
     * (prepare()), where pair_marks looks */
    uint32_t *num;
    size_t nnum, nnumw, nspeech, speech_at, nmark;
    cl_sent *s;
    size_t ns;
    cl_fig *f;
    size_t nf, fcap;
    cl_quote *q;
    size_t nq, qcap, ndirect; /* d->q[0, ndirect): direct quotes, in order */
    bool pub_read;
    int pub_year, pub_month; /* the `published` date (cl_published); 0 when unknown */
    bool future; /* resolve periods forwards (forecast horizons) */ /* from the `published` meta; 0 when unknown */
    bool have_entities;
    cl_names names; /* NULL until first written */
} cl_doc;

/* The document's copy of name `lit` kept in *slot; the literal itself
 * when the document is out of memory (the call given it then fails). */
static inline const char *cl_name(cl_doc *d, const char **slot, const char *lit)
{
    if (!*slot)
        *slot = td_doc_name(d->doc, lit);
    return *slot ? *slot : lit;
}
#define CL_NAME(d, field) cl_name((d), &(d)->names.field, #field)
/* The same for a key read from a const document view: the names are
 * per-call scratch (like cl_published), never const themselves. */
#define CL_KEY(d, field) cl_name((cl_doc *)(d), &((cl_doc *)(d))->names.field, #field)

size_t cl_after_dateline(const cl_doc *d, size_t a, size_t hi); /* indirect.c */

/* lexicon.c: whether a lexicon entry may start at a token of n bytes
 * (its first word's first byte, length and key filter: rules out most
 * tokens without a probe); then mark the cues on the candidate tokens
 * (d->cand). */
static inline bool cl_cue_candidate(const cl_lexicon *lex, const char *s, size_t n)
{
    /* no bit is set past the longest first word (lex->maxlen < 64) */
    if (n >= 64 || !(lex->first_len[(unsigned char)s[0]] >> n & 1u))
        return false;
    /* most tokens are no first word: one bit says so, without a probe */
    uint32_t hash = cl_word_key(s, n);
    return lex->bloom[(hash & 0xFFFF) >> 6] & (1ull << (hash & 63));
}
int cl_mark_cues(cl_doc *d);

/* Questions about tokens every pass asks, inline: they run on every
 * token of every clause. A word compared is a literal or a short list's. */
static inline bool cl_tok_is(const cl_doc *d, size_t i, const char *word)
{
    /* the first byte decides most calls */
    if (i >= d->nt || d->t[i].c0 != word[0])
        return false;
    size_t n = d->t[i].end - d->t[i].start;
    for (size_t k = 1; k < n; k++)
        if (d->text[d->t[i].start + k] != word[k] || !word[k])
            return false;
    return word[n] == '\0';
}

/* ASCII case-insensitive; `word` in lower case. */
static inline bool cl_tok_isi(const cl_doc *d, size_t i, const char *word)
{
    if (i >= d->nt || (d->t[i].c0 | 0x20) != word[0])
        return false;
    size_t n = d->t[i].end - d->t[i].start;
    for (size_t k = 1; k < n; k++) {
        char c = d->text[d->t[i].start + k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[k] || !word[k])
            return false;
    }
    return word[n] == '\0';
}

/* A one-byte punctuation token. */
static inline bool cl_tok_punct(const cl_doc *d, size_t i, char c)
{
    return i < d->nt && d->t[i].byte1 == c; /* 0 on longer tokens; c is never 0 */
}

/* No space between tokens i and i+1. */
static inline bool cl_adjacent(const cl_doc *d, size_t i)
{
    return i + 1 < d->nt && d->t[i].end == d->t[i + 1].start;
}

/* Token i is a word of the list `set` (cl_set). */
static inline bool cl_tok_in(const cl_doc *d, size_t i, int set)
{
    return i < d->nt &&
           cl_wordset_has(&d->st->sets[set], d->text + d->t[i].start, d->t[i].end - d->t[i].start);
}

/* The cue class at token i, or CL_NONE. */
static inline int cl_cls(const cl_doc *d, size_t i)
{
    return i < d->nt ? d->t[i].cls : CL_NONE;
}

/* A four-digit year, 1900..2100. */
static inline bool cl_is_year(const cl_doc *d, size_t i)
{
    if (i >= d->nt || d->t[i].kind != K_NUMBER || !d->t[i].has_value)
        return false;
    if (d->t[i].end - d->t[i].start != 4)
        return false;
    double v = d->t[i].value;
    return v >= 1900 && v <= 2100 && v == (double)(long)v;
}

/* figures.c: numbers with scale and unit; the not-a-statistic filters. */
int cl_find_figures(cl_doc *d);

/* links.c: ranges, alt values, changes, previous values, shares, basis. */
void cl_link_figures(cl_doc *d);

/* claims.c: reads the `published` date into d once */
void cl_published(const cl_doc *d);

/* Period strings without snprintf (which cost more than the search for
 * them): text appended at *len into out[0, n), cut as snprintf cuts it;
 * a number in decimal, zero-padded to `width` digits. */
static inline void cl_put_text(char *out, size_t n, size_t *len, const char *s, size_t m)
{
    if (*len + 1 >= n)
        return;
    if (m > n - 1 - *len)
        m = n - 1 - *len;
    memcpy(out + *len, s, m);
    *len += m;
    out[*len] = '\0';
}
static inline void cl_put_int(char *out, size_t n, size_t *len, long v, int width)
{
    char buf[24];
    size_t k = sizeof(buf);
    bool neg = v < 0;
    unsigned long u = neg ? 0ul - (unsigned long)v : (unsigned long)v;
    do {
        buf[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (sizeof(buf) - k + neg < (size_t)width) /* the width counts the sign */
        buf[--k] = '0';
    if (neg)
        buf[--k] = '-';
    cl_put_text(out, n, len, buf + k, sizeof(buf) - k);
}

/* period.c */
/* Whether a period may start at token i (cl_period_at's first tests:
 * the passes ask it of up to 44 tokens around every figure). The token's
 * own kind and first letter inline, the rest in period.c. */
bool cl_period_may_follow(const cl_doc *d, size_t i);
static inline bool cl_period_may_start(const cl_doc *d, size_t i, size_t limit)
{
    if (i >= limit)
        return false;
    const cl_tok *t = &d->t[i];
    if (t->kind == K_PUNCT || t->kind == K_SYMBOL)
        return false;
    /* every form starts at a lexicon word, a year or one of these letters
     * ("in", "for", "during", "by", "through", "the", "this", "last",
     * "next", "mid-", "Jan-Nov"): most tokens are ruled out here */
    if (!t->cue && t->kind != K_NUMBER) {
        unsigned c = ((unsigned char)t->c0 | 0x20u) - 'a';
        const uint32_t starts = 1u << ('i' - 'a') | 1u << ('f' - 'a') | 1u << ('d' - 'a') |
                                1u << ('b' - 'a') | 1u << ('t' - 'a') | 1u << ('l' - 'a') |
                                1u << ('n' - 'a') | 1u << ('m' - 'a') | 1u << ('j' - 'a') |
                                1u << ('a' - 'a') | 1u << ('s' - 'a') | 1u << ('o' - 'a');
        if (c >= 26 || !(starts >> c & 1u))
            return false;
    }
    return cl_period_may_follow(d, i);
}
bool cl_period_at_slow(const cl_doc *d, size_t i, size_t limit, char *out, size_t outlen,
                       size_t *end);
static inline bool cl_period_at(const cl_doc *d, size_t i, size_t limit, char *out,
                                size_t outlen, size_t *end)
{
    return cl_period_may_start(d, i, limit) && cl_period_at_slow(d, i, limit, out, outlen, end);
}
void cl_find_periods(cl_doc *d);

/* metric.c */
void cl_find_metrics(cl_doc *d);

/* statistics.c */
int cl_emit_statistics(cl_doc *d);

/* quotes.c, speakers.c, forecasts.c */
int cl_find_quotes(cl_doc *d);
/* indirect.c: the reported speech of sentence s; d->q[0, ndirect) are the direct quotes */
int cl_indirect_sentence(cl_doc *d, size_t s, size_t ndirect);
cl_quote *cl_new_quote(cl_doc *d);
/* The first quote of d->q[from, to) (sorted by q0) with q0 >= tok. */
size_t cl_quote_lower(const cl_doc *d, size_t from, size_t to, size_t tok);
/* The quote of d->q[from, to) covering token tok (q0 <= tok < q1), or NULL:
 * quotes there do not nest, so only the last one starting at or before tok can. */
const cl_quote *cl_quote_covering(const cl_doc *d, size_t from, size_t to, size_t tok);
int cl_find_forecasts(cl_doc *d);
/* unforecasts.c: what looks like a forecast and is none (asked of a cue) */
bool cl_modal_predicts_nothing(const cl_doc *d, size_t v, size_t c1);
bool cl_beats_forecast(const cl_doc *d, size_t k);
bool cl_option_noun(const cl_doc *d, size_t k);
bool cl_in_question(const cl_doc *d, size_t v);
bool cl_embedded_question(const cl_doc *d, size_t c0, size_t v);
bool cl_particle(const cl_doc *d, size_t k);
bool cl_past_perfect(const cl_doc *d, size_t v);
bool cl_changes_no_measure(const cl_doc *d, size_t v, size_t c1);
bool cl_supposed(const cl_doc *d, size_t k);

/* The speaker named by the tokens [i, j) (a name, a pronoun, "the firm"),
 * looking back from token `before` for pronouns. */
bool cl_speaker_of(cl_doc *d, size_t i, size_t j, size_t before, cl_speaker *sp);
/* The subject of a reporting verb at token v: "X said", "X, title, said".
 * *subj0 gets where the subject phrase starts whenever there is one, also
 * when it names nobody and false is returned. */
bool cl_subject_before(cl_doc *d, size_t v, size_t lo, cl_speaker *sp, size_t *subj0);
/* A speaker after a reporting verb at v: "said X". */
bool cl_subject_after(cl_doc *d, size_t v, size_t hi, cl_speaker *sp, size_t *subj1);
/* Like cl_subject_before, following ", adding that" and "and said" back to
 * the verb whose subject they share. */
bool cl_sentence_subject(cl_doc *d, size_t v, size_t lo, cl_speaker *sp);
/* 1 when token i is a noun for a person ("the official"), 2 for a body
 * ("the company"), else 0. */
int cl_role_noun(const cl_doc *d, size_t i);
int cl_set_speaker(cl_doc *d, td_annot *a, const cl_speaker *sp);
/* fragments.c: the quotes d->q[k0, k1) that opened in sentence s and have
 * no speaker take the one of the sentence's reporting clause (its reported
 * speech is d->q[nq0, nq)) or of an attitude verb ("attacked ... as"). */
void cl_fragment_speakers(cl_doc *d, size_t s, size_t k0, size_t k1, size_t nq0);
/* A passive reporting verb at v ("is described as", "was widely called"). */
bool cl_passive_at(const cl_doc *d, size_t v, size_t lo);
/* A verb that judges ("attacked", "accused", "branded", "described"). */
bool cl_attitude_verb(const cl_doc *d, size_t i);

#endif
