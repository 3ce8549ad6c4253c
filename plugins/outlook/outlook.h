/*
 * outlook: what the passes of the stage share.
 *
 * The stage works on one document in four passes, each linear:
 *   1. ol_scan() (scan.c): one scan of the working text finds every
 *      lexicon cue; the hits are kept in document order;
 *   2. per sentence, ol_sentence_cues() (cues.c) maps its hits onto token
 *      positions and cuts the sentence into parts at contrast words;
 *   3. ol_future() (future.c) decides which parts look ahead and finds
 *      their horizon; ol_tone() (tone.c) scores the parts;
 *   4. outlook.c writes the annotations, with holder and target from
 *      attribution.c.
 * The lexicon (lexicon.c) is built once in create() and read-only after.
 */
#ifndef TD_OUTLOOK_H
#define TD_OUTLOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tidings/tidings.h>

/* What a modifier does (modifiers.tsv, column 2). */
enum ol_mod {
    OL_MOD_NONE = 0,
    OL_MOD_NEGATION,   /* "not", "no longer", "lacks": flips the next cue */
    OL_MOD_INTENSIFIER, /* "sharply", "significantly": multiplies it (column 3) */
    OL_MOD_DIMINISHER, /* "slightly", "a mere": multiplies it (column 3, < 1) */
    OL_MOD_CONCESSIVE, /* "despite", "although": its clause weighs less */
    OL_MOD_ADVERSATIVE, /* "but", "however": what comes before weighs less */
    OL_MOD_SPLIT,      /* "while", "whereas", ";": two parts of equal weight */
    OL_MOD_FILLER,     /* "up to", "step down": a phrase that is no cue at all */
    OL_MOD_COMPARE,    /* "compared to", "versus": what follows is the baseline */
    OL_MOD_MIXED       /* "mixed at best", "a mixed picture": the text says it is mixed */
};

/* What a forward-looking cue is (future.tsv, column 2). */
enum ol_future {
    OL_FUT_NONE = 0,
    OL_FUT_MODAL,   /* "will", "is set to", "is poised for" */
    OL_FUT_MAYBE,   /* "would", "could", "may": forward unless the clause is past */
    OL_FUT_EXPECT,  /* "is expected to", "forecast", "expects", "outlook" */
    OL_FUT_PLAN,    /* "plans to", "hopes to", "intends to" */
    OL_FUT_HORIZON, /* "next year", "in the coming years", "looking ahead" */
    OL_FUT_WHEN,    /* "this year", "in the second half": a horizon, no cue alone */
    OL_FUT_PAST     /* "had been expected to", "than forecast", "last year": the past */
};

/* Everything one lexicon pattern means; a pattern listed in several files
 * (e.g. "growth": a metric and a positive word) has all its roles. */
typedef struct ol_cue {
    const char *entry;  /* the lexicon entry it came from ("grow" for "grew") */
    float tone;         /* tone.tsv polarity, 0 when none */
    int8_t metric;      /* metrics.tsv: +1 more is good, -1 more is bad */
    float metric_weight; /* how much the metric matters (profit 1.5, default 1) */
    int8_t dir;         /* directions.tsv: +1 up, -1 down */
    uint8_t mod;        /* enum ol_mod */
    uint8_t future;     /* enum ol_future */
    float weight;       /* intensifier/diminisher factor; direction strength */
    int8_t year_offset; /* horizon phrases naming a year: "next year" +1 */
    bool has_year;      /* year_offset is meaningful */
    bool noun_dir;      /* a direction that names its metric after it: "rise in" */
    bool after_name;    /* a cue only after a name or "we": "the OECD projects" */
    int16_t year;       /* a year, 1900-2100 ("2026", in "mid-2026" too) */
    uint8_t month;      /* a month's name or abbreviation, 1-12 */
} ol_cue;

/* The patterns of the lexicon and the tables the scan looks them up in
 * (patterns.c); read-only once built. */
#define OL_PAT_ALNUM_FIRST 0x1u /* a letter or digit first: no letter or digit before it */
#define OL_PAT_ALNUM_LAST 0x2u  /* ... last: none after it */

typedef struct ol_pattern {
    uint32_t key;    /* its folded text: offset into keys */
    uint32_t keylen;
    uint32_t next;   /* the next pattern with the same first word (or byte), not longer */
    uint16_t wlen;   /* bytes of its first word (ASCII letters and digits), 0 if none */
    uint8_t flags;   /* OL_PAT_* */
    uint32_t rest4, rest4_mask; /* up to 4 bytes after the first word, each | 0x20: a
                                   text whose bytes | 0x20 differ cannot match */
} ol_pattern;

/* A first word of patterns, in the open-addressing table of the scan: all
 * a look-up reads is in this one 32-byte slot (half a cache line). */
typedef struct ol_word {
    uint64_t packed;          /* its first 8 bytes in one integer, zero after its
                                 end; 0: an empty slot */
    uint64_t follow;          /* follow_bit() (patterns.c) of the two bytes after the word, for
                                 each longer pattern: most words of a text that start
                                 a phrase ("the", "in") are not followed by its rest */
    uint32_t chain;           /* its patterns, longest first */
    uint32_t key, wlen;       /* the word: the first wlen bytes of keys + key */
    bool alone;               /* the word is a pattern by itself */
    bool only;                /* ... and no longer pattern starts with it */
} ol_word;

/* The scan's filter of first words (their length and first 8 bytes,
 * hashed), small enough to stay in the L1 cache: most words of a text
 * start no pattern, and one bit (wrong for about 3,500 of the 318,000
 * words of the 2 MB bench corpus) saves them the probe of the table
 * (16 KiB cut the wrong ones by half but missed the cache more often). */
#define OL_ALONE_BITS 16 /* log2 of the filter's bits: 8 KiB for 4,800 first words */

typedef struct ol_patterns {
    char *keys; /* folded texts, each NUL-terminated */
    size_t keys_len, keys_cap;
    ol_pattern *v; /* by id, in order of adding */
    size_t n, cap;
    uint32_t *hash; /* folded text -> id, while adding */
    size_t hashcap;
    ol_word *words;    /* first words, open addressing, a third full at most */
    size_t wordmask;
    uint64_t alone_bits[(1u << OL_ALONE_BITS) / 64]; /* a first word's hash: it may start one */
    uint32_t by_byte[256]; /* patterns starting with no ASCII letter or digit */
    uint8_t alnum[256];    /* an ASCII letter or digit, lowered; 0 for any other byte */
    uint8_t lower[256];    /* A-Z lowered, every other byte itself */
    uint8_t kind[256];     /* for the scan: 0 no pattern starts here, 1 alnum, 2 look */
    uint8_t look[4];       /* the ASCII bytes of kind 2 but NUL, then NULs ... */
    bool look_fits;        /* ... when there are at most 4 (";", "'" in the lexicon) */
} ol_patterns;

/* Add a pattern, case-folded (the same folded text twice is one pattern:
 * *id gets the first one's id). 0, or -1 with the problem in err. */
int ol_patterns_add(ol_patterns *pt, const char *pattern, size_t len, uint32_t *id, char *err,
                    size_t errlen);
/* Make the look-up tables, after the last add. 0, or -1 out of memory. */
int ol_patterns_build(ol_patterns *pt);
void ol_patterns_free(ol_patterns *pt);

typedef struct ol_lexicon {
    ol_patterns pats;
    ol_cue *cues; /* by pattern id */
    size_t ncues;
    char *pool;   /* entry strings */
} ol_lexicon;

/* Build the lexicon from the data files (paths already resolved); the
 * irregular forms and families files may be NULL. 0, or -1 with a message in err. */
typedef struct ol_files {
    const char *tone, *metrics, *directions, *modifiers, *future, *irregular;
    const char *families; /* families.tsv (make-families), or NULL: stem every entry */
} ol_files;
int ol_lexicon_load(ol_lexicon *lex, const ol_files *files, bool families, char *err,
                    size_t errlen);
void ol_lexicon_free(ol_lexicon *lex);

/* ---- per document ------------------------------------------------------- */

typedef struct ol_hit {
    size_t start, end;   /* bytes in the working text */
    const ol_cue *cue;
} ol_hit;

typedef struct ol_hits {
    ol_hit *v;
    size_t n, cap;
} ol_hits;

/* Every cue of the text, in order; text[len] must be a NUL (td_doc_text()
 * promises it: it ends the scan's runs of letters without a bounds check).
 * 0, or -1 out of memory. */
int ol_scan(const ol_lexicon *lex, const char *text, size_t len, ol_hits *out);

/* A cue placed in its sentence: token positions relative to the sentence. */
typedef struct ol_item {
    const ol_hit *hit;
    uint32_t tok, tok_end; /* [tok, tok_end) token indices in the sentence */
    uint16_t part;         /* the part (clause) it belongs to */
    bool subordinate;      /* inside a concessive clause ("despite ...") */
    bool used;             /* consumed by a pair or a modifier */
} ol_item;

#define OL_MAX_PARTS 16
#define OL_MAX_ITEMS 256 /* cues looked at per sentence (a bound for long ones) */

typedef struct ol_part {
    uint32_t tok, tok_end; /* token range in the sentence */
    float weight;          /* 0.5 before "but", 1 otherwise */
    bool forward;          /* set by ol_future() */
    bool past;             /* a past year or a past expectation in it */
    uint8_t future;        /* the first forward cue's kind */
    const ol_item *future_item;
} ol_part;

/* One sentence as the passes see it. */
typedef struct ol_sentence {
    const char *text;        /* the document's working text */
    td_annot *const *toks;   /* its tokens */
    size_t ntoks;
    size_t start, end;       /* bytes */
    bool heading;            /* a headline: capitals are no sign of a name */
    /* the document's own copies of the token labels "word" and "number"
     * (td_doc_name): a token's label is one of its names, so a pointer
     * compare says what strcmp() said */
    const char *word, *number;
    ol_item items[OL_MAX_ITEMS];
    size_t nitems;
    ol_part parts[OL_MAX_PARTS];
    size_t nparts;
} ol_sentence;

/* Fill s->items from the hits lying in the sentence (from *cursor on, which
 * advances) and cut it into parts. */
void ol_sentence_cues(ol_sentence *s, const ol_hits *hits, size_t *cursor);

/* ---- looking ahead (future.c) ------------------------------------------- */

typedef struct ol_horizon {
    size_t start, end; /* bytes of the words naming it; start == end when none */
    int year;          /* the year a phrase resolves to ("next year"), 0 when none */
} ol_horizon;

/* A calendar date; 0 for what is not known. */
typedef struct ol_date {
    int year, month, day;
} ol_date;

/* The document's `published` date, read on first need: finding a field of
 * the input record scans the whole record, text included. */
typedef struct ol_published {
    td_doc *doc;
    bool read;
    ol_date date; /* all 0 when unknown */
} ol_published;
const ol_date *ol_published_date(ol_published *p);

/* Mark the parts that look ahead. True when any part does. */
bool ol_future(ol_sentence *s, ol_published *published, ol_horizon *horizon);

/* ---- tone (tone.c) ------------------------------------------------------ */

#define OL_MAX_REASONS 8

typedef struct ol_reason {
    const ol_item *what;   /* the deciding cue (the direction of a pair) */
    const ol_item *metric; /* its metric, for a pair */
    float value;           /* its signed contribution */
    bool negated;
} ol_reason;

typedef struct ol_tone {
    float score;      /* in [-1, 1] */
    float pos, neg;   /* the positive and negative weight behind it */
    bool pairs;       /* a direction-metric pair decided (rule "pair") */
    bool said_mixed;  /* a phrase of modifiers.tsv's kind `mixed` */
    ol_reason reasons[OL_MAX_REASONS]; /* the largest contributions */
    size_t nreasons;
    const ol_item *target; /* the metric of the largest pair, if any */
} ol_tone;

/* Score the parts whose `forward` equals `forward_only` (all parts when
 * false). */
void ol_tone_score(ol_sentence *s, bool forward_only, ol_tone *out);

/* Labels from a score: thresholds are options of the stage. */
typedef struct ol_thresholds {
    float polar;      /* |score| >= this is positive or negative */
    float mixed;      /* both pos and neg at least this: mixed */
} ol_thresholds;

/* ---- who and what (attribution.c) --------------------------------------- */

/* The document's claims, found on the first outlook's need (asking for
 * the layer sorts it) and once: the claim layer's array stays valid while
 * the stage adds to its own layers only. Start with doc and the three
 * names set, the rest 0. */
typedef struct ol_claims {
    td_doc *doc;
    /* the document's names of the claim labels and key asked about
     * (td_doc_name): pointer compares, no strcmp() */
    const char *quote, *forecast, *speaker;
    td_annot *const *v; /* by start; NULL when no stage made claims */
    size_t n;
    size_t maxlen; /* the longest claim: how far back one can start and cover a byte */
    bool ready;
} ol_claims;

/* The speaker of a quote or forecast claim covering byte `pos` or
 * overlapping [start, end), or NULL. */
td_annot *ol_holder(ol_claims *claims, size_t start, size_t end, size_t pos);
/* The words naming what a pair is about ("China's foreign trade"): bytes. */
void ol_target(const ol_sentence *s, const ol_item *metric, size_t *start, size_t *end);

/* Token helpers. */
static inline bool ol_is_word(const ol_sentence *s, size_t i) { return s->toks[i]->label == s->word; }
static inline bool ol_is_number(const ol_sentence *s, size_t i)
{
    return s->toks[i]->label == s->number;
}
static inline const char *ol_tok_text(const ol_sentence *s, size_t i, size_t *n)
{
    *n = s->toks[i]->end - s->toks[i]->start;
    return s->text + s->toks[i]->start;
}
/* Is token i `word` (lower case), whatever its case? Inline: the passes
 * ask it of a few tokens each, hundreds of thousands of times a corpus, and
 * most answers are settled by the first byte. */
static inline bool ol_tok_is(const ol_sentence *s, size_t i, const char *word)
{
    size_t n;
    const char *t = ol_tok_text(s, i, &n);
    /* no strlen: most calls fail on the first byte (stop-word lists) */
    for (size_t k = 0; k < n; k++) {
        char c = t[k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[k]) /* also stops at the end of a shorter word */
            return false;
    }
    return word[n] == '\0';
}

/* Is token i one of the n words (lower case)? Only words with its first
 * letter are compared. */
static inline bool ol_tok_in(const ol_sentence *s, size_t i, const char *const *words, size_t n)
{
    size_t len;
    const char *t = ol_tok_text(s, i, &len);
    if (!len)
        return false;
    char c = t[0] >= 'A' && t[0] <= 'Z' ? (char)(t[0] - 'A' + 'a') : t[0];
    for (size_t k = 0; k < n; k++)
        if (words[k][0] == c && ol_tok_is(s, i, words[k]))
            return true;
    return false;
}
#define OL_TOK_IN(s, i, list) ol_tok_in(s, i, list, sizeof(list) / sizeof(*list))

#endif
