/* segment: sentence and paragraph boundaries over the token array.
 *
 * One pass. A sentence ends
 *   - at a blank line (always; a new paragraph starts);
 *   - at a single line break, unless the next line starts in lower case or
 *     the line ends in a comma, an opening bracket or quote, or a title
 *     such as "Mr." (hard-wrapped text); a new paragraph starts;
 *   - after a stop (". ! ? ..." or an abbreviation that may end a sentence)
 *     and any closing quotes and brackets, when what follows looks like the
 *     start of a sentence (see ends_here()).
 * A sentence that is a whole line (or lines) with no stop at its end is a
 * heading: headlines, bylines, datelines.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"

/* What starts at a token. */
enum seg_break { BRK_NONE = 0, BRK_SENTENCE, BRK_PARAGRAPH };

static bool is_stop(const seg_tok *t)
{
    return (SEG_STOP_KINDS >> t->kind) & 1u;
}

/* Closing quotes and brackets stay with the sentence they close. A straight
 * quote closes when it touches what is before it: `rise."` */
static bool is_closer(const seg_tok *t)
{
    return t->nl == 0 && (t->kind == K_CLOSE || (t->kind == K_QUOTE && !t->space));
}

static bool is_opener(const seg_tok *t)
{
    return t->kind == K_OPEN || (t->kind == K_QUOTE && t->space);
}

/* After a full stop: a capitalised or uncased word, a number, a symbol
 * ("$", "€") starts a sentence; lower case and punctuation do not. */
static bool starts_after_stop(const seg_tok *n)
{
    switch (n->label) {
    case SEG_WORD: case SEG_URL: case SEG_EMAIL:
        return n->first == FC_UPPER || n->first == FC_UNCASED || n->first == FC_DIGIT;
    case SEG_NUMBER: case SEG_SYMBOL:
        return true;
    default:
        return false;
    }
}

/* Does the sentence end before t[k], given the stop at t[pend] and only
 * closers between them? */
static bool ends_here(const seg_lexicon *lex, const char *text, const seg_tok *t,
                      const td_annot_spec *sp, size_t n, size_t pend, size_t k)
{
    /* look past opening quotes and brackets: `said. "We ...` */
    size_t m = k;
    while (m < n && m < k + 3 && is_opener(&t[m]) && (m == k || t[m].nl == 0))
        m++;
    if (m >= n)
        return false;
    const seg_tok *next = &t[m];
    const td_annot_spec *nsp = &sp[m];
    bool closed = k > pend + 1; /* quotes or brackets closed after the stop */
    switch (t[pend].kind) {
    case K_TERM:
        return next->first != FC_LOWER &&
               (next->label == SEG_WORD || next->label == SEG_NUMBER ||
                next->label == SEG_SYMBOL || next->label == SEG_URL ||
                next->label == SEG_EMAIL);
    case K_PERIOD:
        if (!closed && !t[k].space) /* "last year.The ministry" */
            return m == k && next->label == SEG_WORD && next->first == FC_UPPER &&
                   nsp->end - nsp->start >= 2;
        return starts_after_stop(next);
    case K_ELLIPSIS:
        return next->label == SEG_WORD &&
               (next->first == FC_UPPER || next->first == FC_UNCASED);
    case K_ABBR:
        /* "U.S. Treasury" goes on, "the U.S. The ministry" ends: only a
         * word that usually starts sentences ends one after an
         * abbreviation; a closing quote after it makes it a full stop. */
        if (closed)
            return starts_after_stop(next);
        return next->label == SEG_WORD &&
               seg_wordset_get(&lex->starters, text + nsp->start, nsp->end - nsp->start);
    default:
        return false;
    }
}

/* A single line break inside a sentence of hard-wrapped text. */
static bool wraps(const seg_tok *prev, const seg_tok *next)
{
    return next->first == FC_LOWER || prev->kind == K_COMMA || prev->kind == K_OPEN ||
           prev->kind == K_ABBR_INNER || (prev->kind == K_QUOTE && prev->space);
}

/* The sentence t[first..last] ends a line: it is a heading if it is the
 * whole line and ends with no stop. A line ending in a colon introduces
 * what follows and one starting with a dash or bullet is a list item:
 * neither is a heading. */
static bool heading(const seg_tok *t, size_t first, size_t last, bool line_start, bool stopped)
{
    if (!line_start || stopped)
        return false;
    if (t[last].kind == K_COLON || t[last].kind == K_COMMA)
        return false;
    if (t[first].label == SEG_PUNCT && (t[first].kind == K_DASH || t[first].kind == K_PLAIN))
        return false; /* "- item", "* item", "• item" */
    return true;
}

/* Whether t may start a sentence or starts the look for one: line
 * breaks before it, or a stop. */
static inline bool is_event(const seg_tok *t)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* one load: nl is byte 3, kind byte 1 */
    uint64_t x;
    memcpy(&x, t, sizeof(x));
    return x & ((uint64_t)0xFF << 24 | (uint64_t)K_STOP << 8);
#else
    return t->nl != 0 || (t->kind & K_STOP);
#endif
}

/* The first token from k that is an event, or n. */
static size_t next_event(const seg_tok *t, size_t k, size_t n)
{
    while (k + 4 <= n && !(is_event(&t[k]) | is_event(&t[k + 1]) | is_event(&t[k + 2]) |
                           is_event(&t[k + 3])))
        k += 4;
    while (k < n && !is_event(&t[k]))
        k++;
    return k;
}

/*
 * Only a token with line breaks before it, or one after a stop, can start
 * a sentence, and only a stop starts the look for one: while no stop is
 * pending, the pass goes from one such token to the next, four tokens a
 * test.
 */
size_t seg_split(const seg_lexicon *lex, const char *text, const seg_toks *toks,
                 seg_sent **out)
{
    size_t n = toks->n;
    *out = NULL;
    if (!n)
        return 0;
    const seg_tok *t = toks->v;
    /* news text has a sentence every 30 tokens or so */
    size_t cap = n / 16 + 16;
    seg_sent *sents = malloc(cap * sizeof(*sents));
    if (!sents)
        return SIZE_MAX;
    size_t ns = 1;
    sents[0] = (seg_sent){.first = 0, .paragraph = 0, .heading = false};
    size_t first = 0;          /* the current sentence's first token */
    bool line_start = true;    /* ... which started a line */
    size_t pend = 0;           /* a stop followed only by closers ... */
    bool pending = false;      /* ... when this is true */
    uint32_t paragraph = 0;
    for (size_t k = 0; k < n; k++) {
        if (!pending && k > 0 && (k = next_event(t, k, n)) == n)
            break; /* nothing can happen before the next event */
        int brk = k == 0 ? BRK_PARAGRAPH : BRK_NONE;
        if (k > 0 && (t[k].nl != 0 || pending)) {
            if (t[k].nl >= 2)
                brk = BRK_PARAGRAPH;
            else if (t[k].nl == 1 && lex->line_breaks && !wraps(&t[k - 1], &t[k]))
                brk = BRK_PARAGRAPH;
            else if (pending && ends_here(lex, text, t, toks->span, n, pend, k))
                brk = BRK_SENTENCE;
            if (brk != BRK_NONE) {
                if (brk == BRK_PARAGRAPH && heading(t, first, k - 1, line_start, pending))
                    sents[ns - 1].heading = true;
                paragraph += brk == BRK_PARAGRAPH;
                if (ns == cap) {
                    seg_sent *more = realloc(sents, 2 * cap * sizeof(*sents));
                    if (!more) {
                        free(sents);
                        return SIZE_MAX;
                    }
                    sents = more;
                    cap *= 2;
                }
                sents[ns++] = (seg_sent){.first = k, .paragraph = paragraph, .heading = false};
                first = k;
                line_start = brk == BRK_PARAGRAPH;
            }
        }
        if (is_stop(&t[k])) {
            pend = k;
            pending = true;
        } else if (!(pending && is_closer(&t[k]) && brk == BRK_NONE)) {
            pending = false;
        }
    }
    if (heading(t, first, n - 1, line_start, pending))
        sents[ns - 1].heading = true; /* the text's last line */
    *out = sents;
    return ns;
}
