/* entities: a compact view of the token layer.
 *
 * One walk over the tokens and sentences that `segment` made: each token's
 * case (read from the text, not from `shape`, so a case-folding normaliser
 * upstream does not hide it), whether it starts a sentence or a quotation,
 * and whether its sentence is a title-case heading, where capitals say
 * little. The sentence-initial capitalised word rule runs after the
 * gazetteer scan (ent_mark_ordinary), since given names and titles there
 * are never taken for ordinary words. */
#include <string.h>

#include "entities.h"
#include "lextable.h"
#include "wordset.h"



bool ent_tok_is_lower_word(const ent_doc *d, size_t i)
{
    return i < d->ntok && (d->tok[i].flags & (TK_WORD | TK_LOWER)) == (TK_WORD | TK_LOWER);
}

/* "Lisbon-based", "Chinese-made": a hyphenated word whose last part is a
 * lower-case participle is an adjective, not part of a name
 * ("Okonjo-Iweala", "Co-operation" and "Director-General" stay names). */
static bool is_adjective(const char *s, size_t n)
{
    size_t h = n;
    while (h > 0 && s[h - 1] != '-')
        h--;
    if (h == 0 || h >= n || !(s[h] >= 'a' && s[h] <= 'z'))
        return false;
    const char *p = s + h;
    size_t m = n - h;
    static const char *const whole[] = {"born", "run", "made", "built", "grown", "style",
                                        "speaking", "bound", "wide", "owned", "led", NULL};
    for (size_t k = 0; whole[k]; k++)
        if (strlen(whole[k]) == m && memcmp(p, whole[k], m) == 0)
            return true;
    return m > 3 && p[m - 2] == 'e' && p[m - 1] == 'd';
}

/* What bytes a word has after its first: one table look-up a byte tells
 * the rules below whether to look closer (most words have no capital, no
 * digit, no hyphen and no UTF-8 after their first letter). */
enum { B_LOWER = 1, B_UPPER = 2, B_DIGIT = 4, B_HYPHEN = 8, B_HIGH = 16 };
static const uint8_t byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0,
    0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
};

static unsigned rest_classes(const char *s, size_t n)
{
    unsigned acc = 0;
    for (size_t i = 1; i < n; i++)
        acc |= byte_class[(unsigned char)s[i]];
    return acc;
}

static uint32_t case_flags_slow(const char *s, size_t n)
{
    int32_t cp;
    size_t k = 1;
    uint32_t f = 0;
    unsigned char c0 = (unsigned char)s[0];
    if (c0 >= 'a' && c0 <= 'z')
        f |= TK_LOWER; /* most words: no decoding */
    else if (c0 >= 'A' && c0 <= 'Z')
        f |= TK_CAP;
    else if (c0 >= 0x80) {
        k = td_utf8_decode(s, n, &cp);
        if (td_utf8_is_upper(cp))
            f |= TK_CAP;
        else if (td_utf8_is_lower(cp))
            f |= TK_LOWER;
    }
    if (!(f & TK_CAP)) {
        if (c0 >= '0' && c0 <= '9')
            f |= TK_DIGIT; /* "3M": digits matter only in capitalised words and first */
        return f;
    }
    /* all upper: two letters or more, no lower-case letter */
    size_t letters = 1;
    bool upper = true;
    for (size_t i = k; i < n && upper;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c >= 'a' && c <= 'z')
                upper = false;
            else if (c >= 'A' && c <= 'Z')
                letters++;
            i++;
        } else {
            size_t l = td_utf8_decode(s + i, n - i, &cp);
            if (td_utf8_is_lower(cp))
                upper = false;
            else if (td_utf8_is_upper(cp))
                letters++;
            i += l;
        }
    }
    if (upper && letters >= 2)
        f |= TK_UPPER;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9') {
            f |= TK_DIGIT; /* "C180", "A380": a model, not a name */
            break;
        }
    if (is_adjective(s, n))
        f = (f & ~(uint32_t)(TK_CAP | TK_UPPER)) | TK_ADJ;
    return f;
}

/* case_flags_slow's answer, from the classes of the bytes after the first
 * (`rest`) when the word is ASCII, without its loops. */
static uint32_t case_flags(const char *s, size_t n, unsigned rest)
{
    unsigned char c0 = (unsigned char)s[0];
    if (c0 >= 'a' && c0 <= 'z')
        return TK_LOWER;
    if (c0 >= 0x80 || (rest & B_HIGH))
        return case_flags_slow(s, n);
    if (!(c0 >= 'A' && c0 <= 'Z'))
        return c0 >= '0' && c0 <= '9' ? TK_DIGIT : 0;
    uint32_t f = TK_CAP;
    if (!(rest & B_LOWER) && (rest & B_UPPER))
        f |= TK_UPPER; /* two letters or more, no lower-case one */
    if (rest & B_DIGIT)
        f |= TK_DIGIT;
    if ((rest & B_HYPHEN) && is_adjective(s, n))
        f = (f & ~(uint32_t)(TK_CAP | TK_UPPER)) | TK_ADJ;
    return f;
}

/* The feature lists' classes of a word (given name, honorific, role,
 * organisation key word), from its lexicon entry: role words are there in
 * the cases texts write them ("minister", "Minister", "CEO"). */
/* The bits features() reads: most words of the lexicon have none. */
#define FEATURE_BITS                                                                               \
    (LX_GIVEN | LX_HON | LX_ROLE | LX_RMOD | LX_OKSUF | LX_OKPRE | LX_NOTORG)

/* The LX_* bits of a token (the lower-case words' walk asks its table
 * itself): one probe of the table of its first byte's case, or for a long
 * word (half a percent of a text's) the hash set. */
ENT_INLINE uint32_t lex_bits(const ent_state *st, const char *p, size_t len, const char *end)
{
    if (len <= ENT_LEX_MAXLEN) {
        uint64_t key[2];
        ent_lex_key(p, len, end, key);
        return ent_lextable_get(&st->lextab[p[0] >= 'a' && p[0] <= 'z'], key);
    }
    return ent_wordset_get(&st->lex, p, len);
}

static void features(ent_tok *k)
{
    uint32_t lx = k->lex, rl = lx;
    if (lx & LX_GIVEN) {
        k->flags |= TK_GIVEN;
        k->gender = (lx & LX_MALE) ? 1 : (lx & LX_FEMALE) ? 2 : 3;
    }
    if (lx & LX_HON) {
        k->flags |= TK_TITLE;
        k->title_len = 1;
        k->hon = (lx & LX_MALE) ? 1 : (lx & LX_FEMALE) ? 2 : 3;
    }
    if ((rl & LX_ROLE) && !(rl & LX_NOTROLE)) {
        k->flags |= TK_ROLE;
        k->role_len = 1;
    }
    if (rl & LX_RMOD)
        k->flags |= TK_RMOD;
    if (lx & LX_OKSUF)
        k->flags |= TK_OKSUF;
    if (lx & LX_OKPRE)
        k->flags |= TK_OKPRE;
    if (lx & LX_NOTORG)
        k->flags |= TK_NOTORG;
}

/* Has either of the two words a byte c? The zero-byte test (exact on
 * whether there is one), for both at once. */
static inline bool has_byte2(const uint64_t v[2], unsigned char c)
{
    const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
    uint64_t x = v[0] ^ (lo * c), y = v[1] ^ (lo * c);
    return (((x - lo) & ~x) | ((y - lo) & ~y)) & hi;
}

/* A hyphen before a capital ("pro-China"): a pattern may start there. */
static uint8_t hyphen_starts(const char *s, size_t n)
{
    for (size_t j = 1; j + 1 < n; j++)
        if (s[j] == '-' && ent_starts_upper(s + j + 1))
            return 1;
    return 0;
}

/* Where a gazetteer pattern may start (gazetteer.c scans from there): a
 * word with a capital first ("China", "Lisbon-based"), a word with a digit
 * first ("3M"), a hyphen before a capital ("pro-China"), or the first word
 * of a pattern that starts in lower case, with that pattern's most words.
 * ent_tokens answers the lower-case words itself. */
static uint8_t start_words(uint32_t flags, uint32_t lex, const char *s, size_t n, unsigned rest)
{
    /* the pattern count and the capital test without a branch: whether a
     * word starts a pattern ("the") is the lexicon's answer, which no
     * predictor guesses */
    bool capital = (flags & (TK_CAP | TK_ADJ | TK_UPPER)) || (s[0] >= '0' && s[0] <= '9');
    uint8_t starts = capital ? 1 : (uint8_t)LX_PSTART(lex);
    if (starts || !(rest & B_HYPHEN))
        return starts;
    return hyphen_starts(s, n);
}

static bool opens_quote(const char *s, size_t n)
{
    return (n == 1 && (s[0] == '"' || s[0] == '\'')) ||
           (n == 3 && (memcmp(s, "\xe2\x80\x9c", 3) == 0 || memcmp(s, "\xe2\x80\x98", 3) == 0)) ||
           (n == 2 && memcmp(s, "--", 2) == 0) || (n == 3 && memcmp(s, "\xe2\x80\x94", 3) == 0) ||
           (n == 1 && s[0] == ':');
}

/* Title-case headlines and text in capitals: capitals say nothing there.
 * A heading (a line with no final stop) with most words capitalised, or
 * any sentence nearly all in capitals. */
typedef struct sent_counts {
    size_t words, caps, upper;
} sent_counts;

static void mark_headings(ent_doc *d, size_t from, size_t to, bool heading, sent_counts *c)
{
    if ((heading && c->words >= 4 && c->caps * 3 >= c->words * 2) ||
        (c->words >= 4 && c->upper * 5 >= c->words * 4))
        for (size_t i = from; i < to; i++)
            d->tok[i].flags |= TK_HEADING;
    *c = (sent_counts){0, 0, 0};
}

int ent_tokens(ent_doc *d)
{
    size_t n, ns;
    td_annot *const *t = td_doc_layer(d->doc, "token", &n);
    td_annot *const *s = td_doc_layer(d->doc, "sentence", &ns);
    d->ntok = n;
    if (n == 0)
        return 0;
    d->tok = td_doc_alloc(d->doc, n * sizeof(*d->tok));
    d->owner = td_doc_alloc(d->doc, n * sizeof(*d->owner));
    d->sent_first = td_doc_alloc(d->doc, (ns + 2) * sizeof(*d->sent_first));
    d->caps = td_doc_alloc(d->doc, n * sizeof(*d->caps));
    d->definite = td_doc_alloc(d->doc, n * sizeof(*d->definite));
    d->startable = td_doc_alloc(d->doc, n * sizeof(*d->startable));
    if (!d->tok || !d->owner || !d->sent_first || !d->caps || !d->definite || !d->startable)
        return -1;
    /* -1: no candidate yet. (Cachegrind counts memset's rep stosb a byte
     * an instruction, 1.4M on the 2 MB corpus; a store a token in the walk
     * below counts less and costs more.) */
    memset(d->owner, 0xff, n * sizeof(*d->owner));
    d->nsent = ns + 1;
    d->sent_first[0] = 0;
    size_t si = 0, sent_first = 0;
    /* of the sentence being read, for mark_headings (locals, not the
     * struct: they stay in registers) */
    size_t words = 0, caps = 0, upper = 0;
    /* TK_SSTART while the next word starts a sentence or a quotation, else
     * 0: or-ed into the word's flags as it is */
    uint32_t next_starts = TK_SSTART;
    size_t sent_end = ns ? s[0]->end : SIZE_MAX;
    const char *text = d->text, *end = text + d->len;
    /* the lists' lengths in locals too, stored after the walk */
    size_t ncaps = d->ncaps, nstartable = d->nstartable, nsstart = d->nsstart;
    uint32_t *caplist = d->caps, *startable = d->startable;
    for (size_t i = 0; i < n; i++) {
        const td_annot *a = t[i];
        size_t start = a->start, stop = a->end;
        while (start >= sent_end) { /* past the sentence's end: the next one */
            sent_counts sc = {words, caps, upper};
            mark_headings(d, sent_first, i, s[si]->label[0] == 'h', &sc);
            words = caps = upper = 0;
            sent_first = i;
            si++;
            d->sent_first[si] = (uint32_t)i;
            next_starts = TK_SSTART;
            sent_end = si < ns ? s[si]->end : SIZE_MAX;
        }
        const char *p = text + start;
        size_t len = stop - start;
        char c = a->label[0];
        /* the token's fields in locals, stored at once below */
        uint32_t flags, lex = 0;
        uint32_t feat = 0; /* a word's feature and key-noun classes, for after the store */
        uint8_t starts = 0;
        if (c == 'w') {
            if (p[0] >= 'a' && p[0] <= 'z') {
                /* most words: in lower case, no capital to test, a
                 * pattern start only from the lexicon or a hyphen */
                flags = TK_WORD | TK_LOWER;
                if (len <= ENT_LEX_MAXLEN) {
                    uint64_t key[2];
                    ent_lex_key(p, len, end, key);
                    lex = ent_lextable_get(&d->st->lextab[1], key);
                    starts = (uint8_t)LX_PSTART(lex);
                    /* a hyphen among the key's bytes: a test of both
                     * words for a byte of '-' at once, no loop */
                    if (!starts && has_byte2(key, '-'))
                        starts = hyphen_starts(p, len);
                } else {
                    if (len <= 24)
                        lex = ent_wordset_get(&d->st->lex, p, len);
                    starts = (uint8_t)LX_PSTART(lex);
                    if (!starts && memchr(p, '-', len))
                        starts = hyphen_starts(p, len);
                }
            } else {
                unsigned rest = rest_classes(p, len);
                flags = TK_WORD | case_flags(p, len, rest);
                /* appended without a branch: the slot past the list is free */
                caplist[ncaps] = (uint32_t)i;
                ncaps += (flags & TK_CAP) != 0;
                caps += (flags & TK_CAP) != 0;
                upper += (flags & TK_UPPER) != 0;
                if (len <= 24)
                    lex = lex_bits(d->st, p, len, end);
                starts = start_words(flags, lex, p, len, rest);
            }
            words++;
            feat = lex & (FEATURE_BITS | LX_DEFINITE);
            flags |= next_starts;
            nsstart += next_starts / TK_SSTART;
            next_starts = 0;
            startable[nstartable] = (uint32_t)i;
            nstartable += starts != 0;
        } else if (c == 'p') {
            flags = TK_PUNCT;
            /* most punctuation ("," ".") starts no word of the lexicon */
            if (len <= 4 && ent_wordset_may_start(&d->st->lex, (unsigned char)p[0]))
                lex = lex_bits(d->st, p, len, end);
            if (opens_quote(p, len))
                next_starts = TK_SSTART;
        } else {
            flags = 0;
            /* "&" */
            if (c == 's' && len <= 4 && ent_wordset_may_start(&d->st->lex, (unsigned char)p[0]))
                lex = lex_bits(d->st, p, len, end);
            next_starts = 0;
        }
        ent_tok *k = &d->tok[i];
        *k = (ent_tok){.start = start, .end = stop, .flags = flags, .lex = lex,
                       .sent = (uint32_t)si, .hit = -1, .starts = starts};
        if (feat) {
            if (feat & FEATURE_BITS)
                features(k);
            if (feat & LX_DEFINITE)
                d->definite[d->ndefinite++] = (uint32_t)i;
        }
    }
    d->ncaps = ncaps;
    d->nstartable = nstartable;
    d->nsstart = nsstart;
    sent_counts sc = {words, caps, upper};
    mark_headings(d, sent_first, n, si < ns && s[si]->label[0] == 'h', &sc);
    for (size_t f = si + 1; f <= d->nsent; f++)
        d->sent_first[f] = (uint32_t)n;
    return 0;
}

/* ---- the sentence-initial capitalised word rule ------------------------- */

/* A small set of byte strings in the document's arena. */
typedef struct strset {
    const char **s;
    uint32_t *len;
    size_t cap;
} strset;

/* Returns the slot of s, inserting it when `add`; SIZE_MAX when absent. */
static size_t strset_find(strset *ss, const char *s, size_t n, bool add)
{
    size_t i = hash_bytes(s, n) & (ss->cap - 1); /* wordset.h's, as its compare */
    while (ss->s[i]) {
        if (ss->len[i] == n && same_bytes(ss->s[i], s, n))
            return i;
        i = (i + 1) & (ss->cap - 1);
    }
    if (!add)
        return SIZE_MAX;
    ss->s[i] = s;
    ss->len[i] = (uint32_t)n;
    return i;
}

static bool one_word_place_or_body(const ent_doc *d, size_t i)
{
    const ent_hit *h = &d->hit[d->tok[i].hit];
    return h->t0 == i && h->t1 == i + 1 && (h->src == SRC_INSTITUTION || h->src == SRC_REGION);
}

/* A filter of 1,024 bits on a word's length, first and last bytes, before
 * the string set is asked: most capitalised words inside sentences are no
 * sentence-initial candidate, and one bit says so. */
#define ORD_SEEN_WORDS 16
static inline size_t ord_seen_bit(const char *s, size_t n)
{
    if (n == 0)
        return 0; /* no token is empty; nothing read if one were */
    uint32_t h = (uint32_t)n * 0x9E3779B1u ^ (unsigned char)s[0] * 0x85EBCA77u ^
                 (unsigned char)s[n - 1] * 0xC2B2AE3Du;
    return (h >> 22) & (ORD_SEEN_WORDS * 64 - 1);
}

/* A capitalised word that starts a sentence is an ordinary word when its
 * lower-case form is in the word list, unless the article also writes it
 * capitalised inside a sentence (then it is a name: "Sterling", "Shell").
 * Given names, titles and organisation key words are left to the name
 * rules, which look at what follows them. */
int ent_mark_ordinary(ent_doc *d)
{
    const uint32_t keep = TK_TITLE | TK_ROLE | TK_RMOD | TK_OKPRE | TK_OKSUF | TK_UPPER;
    size_t cands = 0, sents = d->nsstart;
    uint32_t *cand = td_doc_alloc(d->doc, 2 * (sents + 1) * sizeof(*cand));
    if (!cand)
        return -1;
    uint32_t *cand_tok = cand + sents + 1;
    /* (length, first byte) of the candidates: most capitalised words inside
     * sentences are none of them, and a bit says so before any hashing */
    uint64_t seen[ORD_SEEN_WORDS] = {0};
    for (size_t ci = 0; ci < d->ncaps; ci++) {
        size_t i = d->caps[ci];
        ent_tok *k = &d->tok[i];
        if ((k->flags & (TK_SSTART | TK_CAP)) != (TK_SSTART | TK_CAP) || (k->flags & keep))
            continue;
        /* a given name before a capitalised word: "Grace Okafor said", also
         * before a one-word company or city entry ("John Houston, 54") */
        if ((k->flags & TK_GIVEN) && i + 1 < d->ntok && (d->tok[i + 1].flags & TK_CAP) &&
            (d->tok[i + 1].hit < 0 || one_word_place_or_body(d, i + 1)))
            continue;
        if (ent_wordset_has_lower(&d->st->words, d->text + k->start, k->end - k->start)) {
            k->flags |= TK_ORD;
            cand[cands++] = (uint32_t)i;
            size_t b = ord_seen_bit(d->text + k->start, k->end - k->start);
            seen[b / 64] |= (uint64_t)1 << (b % 64);
        }
    }
    if (cands == 0)
        return 0;
    strset ss = {0};
    ss.cap = 16;
    while (ss.cap < 2 * cands)
        ss.cap *= 2;
    ss.s = td_doc_alloc(d->doc, ss.cap * sizeof(*ss.s));
    ss.len = td_doc_alloc(d->doc, ss.cap * sizeof(*ss.len));
    bool *mid = td_doc_alloc(d->doc, ss.cap * sizeof(*mid));
    if (!ss.s || !ss.len || !mid)
        return -1;
    memset(ss.s, 0, ss.cap * sizeof(*ss.s));
    memset(mid, 0, ss.cap * sizeof(*mid));
    /* each candidate's slot kept (in place of its token, read first), for
     * the last loop: no second look-up */
    for (size_t c = 0; c < cands; c++) {
        size_t i = cand[c];
        size_t slot = strset_find(&ss, d->text + d->tok[i].start, ent_tok_len(d, i), true);
        cand[c] = (uint32_t)slot;
        cand_tok[c] = (uint32_t)i;
    }
    for (size_t ci = 0; ci < d->ncaps; ci++) {
        const ent_tok *k = &d->tok[d->caps[ci]];
        if ((k->flags & (TK_CAP | TK_SSTART | TK_HEADING)) != TK_CAP)
            continue;
        size_t n = k->end - k->start;
        size_t b = ord_seen_bit(d->text + k->start, n);
        if (!(seen[b / 64] >> (b % 64) & 1))
            continue;
        size_t slot = strset_find(&ss, d->text + k->start, n, false);
        if (slot != SIZE_MAX)
            mid[slot] = true;
    }
    for (size_t c = 0; c < cands; c++)
        if (mid[cand[c]])
            d->tok[cand_tok[c]].flags &= ~(uint32_t)TK_ORD;
    return 0;
}
