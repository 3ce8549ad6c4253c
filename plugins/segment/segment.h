/*
 * segment: what the tokeniser, the sentence splitter and the plugin share.
 *
 * The stage works in three passes over one document, each linear:
 *   1. seg_tokenise(): the working text into the token arrays (seg_toks:
 *      the specs and shape names the core takes as they are, and a seg_tok
 *      a token with its role for sentence splitting and the white space
 *      before it);
 *   2. seg_split(): the sentences (seg_sent: first token, paragraph,
 *      heading) from the seg_toks;
 *   3. the plugin (segment.c) hands both to the core as annotations.
 * Nothing here allocates per token except the arrays themselves.
 */
#ifndef TD_SEGMENT_H
#define TD_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tidings/tidings.h>

/* Token labels (the annotation's label). */
enum seg_label {
    SEG_WORD,   /* letters, or letters with digits: "China", "COVID-19", "Q1", "U.S." */
    SEG_NUMBER, /* starts with a digit: "45.47", "350,000", "2025" */
    SEG_PUNCT,  /* . , ; : ! ? quotes brackets dashes ... */
    SEG_SYMBOL, /* currency signs, %, +, =, and other symbols; "US$" */
    SEG_URL,    /* http://..., www.... */
    SEG_EMAIL,  /* name@example.com */
    SEG_NLABELS
};

/* Token shapes (the `shape` attribute). */
enum seg_shape {
    SHAPE_CAP,   /* "Xx": first letter upper case, the others lower ("China", "Asia-Pacific") */
    SHAPE_UPPER, /* "XX": two or more letters, all upper case ("GDP", "U.S.") */
    SHAPE_LOWER, /* "x": no upper-case letter ("exports", "year-on-year", uncased scripts) */
    SHAPE_DIGIT, /* "d": a number */
    SHAPE_MIXED, /* "mixed": letters with digits, or upper case inside ("Q1", "iPhone") */
    SHAPE_PUNCT, /* "punct": punctuation and symbols */
    SEG_NSHAPES
};

/* What a token is to the sentence splitter. */
enum seg_kind {
    K_PLAIN = 0,  /* a word, number or symbol with no role of its own */
    K_ABBR_INNER, /* abbreviation that never does: "Mr.", "e.g.", "No." before a number */
    K_OPEN,       /* opening quote or bracket */
    K_CLOSE,      /* closing quote or bracket */
    K_QUOTE,      /* straight quote: closes when attached to what precedes it */
    K_COMMA,      /* "," ";" and their CJK forms: a line break after them is a wrap */
    K_COLON,      /* ":" */
    K_DASH,       /* "-", "--", en and em dashes */
    /* the stops, which may end a sentence: K_STOP set in each */
    K_PERIOD = 8, /* "." */
    K_ELLIPSIS,   /* "..." or U+2026 */
    K_TERM,       /* "!" "?" (runs of them) and the CJK full stops */
    K_ABBR        /* abbreviation that may end a sentence: "Inc.", "U.S.", "F." */
};
enum { K_STOP = 8 };

/* The class of a token's first character. */
enum seg_first { FC_OTHER = 0, FC_UPPER, FC_LOWER, FC_DIGIT, FC_UNCASED };

/* What the sentence splitter reads of a token: 8 bytes, so that its pass
 * over the tokens reads few cache lines (and can test one for line
 * breaks and a stop with one load). The token's span and shape are in
 * arrays of their own (seg_toks). */
typedef struct seg_tok {
    uint8_t label;      /* enum seg_label */
    uint8_t kind;       /* enum seg_kind */
    uint8_t first;      /* enum seg_first */
    uint8_t nl;         /* line breaks in the white space before: 0, 1, 2 (or more) */
    uint8_t space;      /* white space before the token (or the start of the text) */
    uint8_t pad[3];
} seg_tok;

/* The tokens of one document, as arrays the plugin hands to the core as
 * they are: span[i] is token i's td_annot_spec (its label as the
 * document's name, its byte offsets), shape[i] its shape's name; v[i]
 * the rest. numbers lists the SEG_NUMBER tokens in order. The arrays
 * are one block, which span starts. */
typedef struct seg_toks {
    td_annot_spec *span;
    const char **shape;
    seg_tok *v;
    size_t *numbers;
    size_t n, nnumbers, cap;
    const char *const *labels; /* seg_label_names or the document's copies */
} seg_toks;

/* The kinds that end a sentence ("." "..." "!" "Inc."): bit k for kind k. */
#define SEG_STOP_KINDS (1u << K_PERIOD | 1u << K_ELLIPSIS | 1u << K_TERM | 1u << K_ABBR)

void seg_toks_free(seg_toks *t);

/* A sentence: its first token, its paragraph, whether it is a heading.
 * Its tokens run to the next sentence's first (or the last token). */
typedef struct seg_sent {
    size_t first;
    uint32_t paragraph;
    bool heading;
} seg_sent;

/* Abbreviation classes (the second column of abbreviations.tsv). */
enum seg_abbr_class {
    ABBR_ENDS = 1,  /* "abbr": may end a sentence, when a sentence starter follows */
    ABBR_INNER,     /* "inner": never ends a sentence */
    ABBR_NUMBER     /* "number": an abbreviation only before a number */
};

/* A set of short strings with a small class number each: exact, case-
 * sensitive lookups of a token's bytes in O(length). */
typedef struct seg_wordset {
    struct seg_word *slots;
    size_t mask; /* slots - 1, a power of two minus one; 0 when empty */
    size_t n;
    char *pool;
    /* by first byte, the lengths of the entries: bit k for k bytes (bit 31
     * for 31 or more). Most words looked up are in no set, and most of
     * those fail this test, with no hashing. */
    uint32_t lens[256];
} seg_wordset;

/* false when s[0, n) is surely not in the set, true when it may be. */
static inline bool seg_wordset_may_have(const seg_wordset *ws, const char *s, size_t n)
{
    return n && (ws->lens[(unsigned char)s[0]] >> (n < 31 ? n : 31)) & 1u;
}

/* Fill a set from a TSV file (read with td_matcher_load_tsv, so the format
 * and its error messages are those of every tidings list). For `with_class`,
 * column 2 is an abbreviation class and each pattern must end in '.',
 * which is dropped from the key. 0, or -1 with a message in err. */
int seg_wordset_load(seg_wordset *ws, const char *path, bool with_class, char *err,
                     size_t errlen);
/* The entry's class (1 for sets without classes), or 0 if absent. */
int seg_wordset_get(const seg_wordset *ws, const char *s, size_t n);
void seg_wordset_free(seg_wordset *ws);

typedef struct seg_lexicon {
    seg_wordset abbrev;   /* abbreviations without their final '.' */
    seg_wordset starters; /* words that start sentences: "The", "But", ... */
    bool line_breaks;     /* a single line break ends a sentence */
} seg_lexicon;

/* Tokenise text[0, len) into out (appending; out->labels set, the rest
 * zero or earlier tokens). text[len] must be a NUL (as td_doc_text() gives
 * the working text): it ends the scan of a word without a bounds check per
 * byte, and lets a word's end be found from one 16-byte load. 0, or -1 out
 * of memory. */
int seg_tokenise(const seg_lexicon *lex, const char *text, size_t len, seg_toks *out);

/* The shape and first-letter class of a word over text[start, end): what
 * the tokeniser gives a word, for recomputing it over the original text. */
void seg_shape_of(const char *text, size_t len, size_t start, size_t end, uint8_t *shape,
                  uint8_t *first);

/* The sentences of the tokens (with their paragraphs and headings), into
 * *out (malloc'ed, the caller frees it; NULL when there are no tokens);
 * their count, or SIZE_MAX out of memory. */
size_t seg_split(const seg_lexicon *lex, const char *text, const seg_toks *toks,
                 seg_sent **out);

/* The number a SEG_NUMBER token stands for: digits (any script's decimal
 * digits), thousands separators dropped, one decimal point. false when the
 * token is not a plain number ("1.2.3") or has more than 40 digits. */
bool seg_number_value(const char *s, size_t n, double *value);

extern const char *const seg_label_names[SEG_NLABELS];
extern const char *const seg_shape_names[SEG_NSHAPES];

#endif
