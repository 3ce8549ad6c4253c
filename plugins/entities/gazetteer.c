/* entities: the gazetteer pass, one matcher scan for every list.
 *
 * All lists go into one matcher. Each list's patterns get consecutive ids,
 * so an id says which list (and so what the payload columns mean). A scan
 * gives two kinds of hits: entities (countries, regions, institutions),
 * kept for resolution, and token features (given names, titles, role
 * words, organisation key words) that the name rules read. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"

/* The lists a `gazetteers` entry names, and the rule lists always loaded. */
static const struct {
    const char *name;
    uint8_t src;
    unsigned flags; /* case mode until the file's own #@case says otherwise */
} lists[] = {
    {"countries", SRC_COUNTRY, 0},
    {"regions", SRC_REGION, 0},
    {"institutions", SRC_INSTITUTION, 0},
    {"titles", SRC_TITLE, TD_MATCH_FOLD},
    {"roles", SRC_ROLE, TD_MATCH_FOLD},
    {"org_keywords", SRC_ORGKEY, 0},
    {"given_names", SRC_GIVEN, 0},
};

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int make_rules(ent_state *st);

static int list_of(const char *name)
{
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        if (strcmp(lists[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int load_list(ent_state *st, td_stage_config *cfg, int li, const char *file)
{
    char path[PATH_MAX];
    if (td_config_data_file(cfg, file, path, sizeof(path)) != 0)
        return -1;
    if (st->nrange >= ENT_MAX_LISTS)
        return td_config_fail(cfg, "more than %d lists", ENT_MAX_LISTS);
    st->range[st->nrange].first = (uint32_t)td_matcher_count(st->m);
    st->range[st->nrange].src = lists[li].src;
    st->nrange++;
    if (td_matcher_load_tsv(st->m, path, lists[li].flags) != 0)
        return td_config_fail(cfg, "%s", td_matcher_errmsg(st->m));
    st->src_loaded[lists[li].src] = true;
    return 0;
}

int ent_gazetteer_load(ent_state *st, td_stage_config *cfg)
{
    size_t n;
    const char *const *names = td_config_list(cfg, "gazetteers", &n);
    char file[PATH_MAX];
    st->m = td_matcher_new();
    if (!st->m)
        return td_config_fail(cfg, "out of memory");
    /* Entity lists first: the order of payloads on one span follows it. */
    for (size_t i = 0; i < n; i++) {
        /* "countries" is the shipped list; "countries=my.tsv" another file of that kind */
        const char *eq = strchr(names[i], '=');
        size_t kl = eq ? (size_t)(eq - names[i]) : strlen(names[i]);
        char kind[64];
        if (kl >= sizeof(kind))
            return td_config_fail(cfg, "gazetteers: '%s' is not a list name", names[i]);
        memcpy(kind, names[i], kl);
        kind[kl] = '\0';
        int li = list_of(kind);
        if (li < 0 || lists[li].src == SRC_ROLE || lists[li].src == SRC_ORGKEY)
            return td_config_fail(cfg,
                                  "gazetteers: unknown list '%s'; fix: one of countries, "
                                  "regions, institutions, titles, given_names (or KIND=FILE)",
                                  kind);
        if (eq)
            snprintf(file, sizeof(file), "%s", eq + 1);
        else
            snprintf(file, sizeof(file), "%s.tsv", kind);
        if (load_list(st, cfg, li, file) != 0)
            return -1;
    }
    if (load_list(st, cfg, list_of("roles"), td_config_str(cfg, "roles")) != 0 ||
        load_list(st, cfg, list_of("org_keywords"), td_config_str(cfg, "org_keywords")) != 0)
        return -1;
    st->range[st->nrange].first = (uint32_t)td_matcher_count(st->m);
    /* full transition rows for more of the automaton's states: every
     * capitalised stretch of every article goes through it */
    if (td_matcher_set_dense_bytes(st->m, (size_t)8 << 20) != 0 || td_matcher_build(st->m) != 0)
        return td_config_fail(cfg, "cannot build the gazetteer: %s", td_matcher_errmsg(st->m));
    if (make_rules(st) != 0)
        return td_config_fail(cfg, "out of memory");
    return 0;
}

/* ---- where the scan looks --------------------------------------------------- */

static bool starts_upper(const char *s)
{
    int32_t cp;
    td_utf8_decode(s, 4, &cp);
    return td_utf8_is_upper(cp);
}

typedef struct pstart {
    char *word;
    unsigned words; /* 0: a word inside a pattern (LX_CONN) */
} pstart;

static int by_word(const void *a, const void *b)
{
    const pstart *x = a, *y = b;
    int c = strcmp(x->word, y->word);
    if (c)
        return c;
    return x->words < y->words ? 1 : x->words > y->words ? -1 : 0;
}

static int whole_match(const td_match *m, void *user)
{
    const uint32_t *want = user;
    return m->pattern == want[0] && m->start == 0 && m->end == want[1] ? 1 : 0;
}

/* Does pattern `id` match whatever the case? Its text in lower case is
 * scanned: a folded pattern finds itself there. */
static bool folded(const td_matcher *m, uint32_t id, const char *p)
{
    char buf[256];
    size_t n = strlen(p);
    if (n >= sizeof(buf))
        return true; /* long names: look everywhere, as if folded */
    bool upper = false;
    for (size_t i = 0; i < n; i++) {
        buf[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] + 32) : p[i];
        upper |= p[i] >= 'A' && p[i] <= 'Z';
    }
    if (!upper)
        return true; /* in lower case already: its case is the text's */
    uint32_t want[2] = {id, (uint32_t)n};
    return td_matcher_scan(m, buf, n, TD_SCAN_ALL, whole_match, want) == 1;
}

/* The words the scan must look at besides capitalised ones: the first
 * word of every pattern that starts otherwise ("chief executive", "the
 * mainland"), with its most words, and the lower-case words inside
 * patterns ("of", "am", "without"). Into the lexicon (LX_PSTART, LX_CONN). */
int ent_gazetteer_lexicon(ent_state *st)
{
    size_t n = td_matcher_count(st->m), np = 0, cap = 1024, bytes = 0;
    pstart *ps = malloc(cap * sizeof(*ps));
    int rc = -1;
    if (!ps)
        return -1;
    for (uint32_t id = 0; id < n; id++) {
        const char *p = td_matcher_pattern(st->m, id);
        if (!p || !p[0])
            continue;
        bool first = true, fold = folded(st->m, id, p);
        unsigned words = 1;
        for (const char *q = p; *q; q++)
            words += *q == ' ';
        for (const char *w = p; *w;) {
            const char *e = strchr(w, ' ');
            size_t len = e ? (size_t)(e - w) : strlen(w);
            /* a first word in lower case starts a stretch; a later one
             * goes on through it, in lower case for a folded pattern
             * ("the Shenzhen stock exchange") */
            bool lower = !starts_upper(w) && !(w[0] >= '0' && w[0] <= '9');
            if (len > 0 && len <= 24 && (lower || (fold && !first))) {
                if (np == cap) {
                    cap *= 2;
                    pstart *nv = realloc(ps, cap * sizeof(*ps));
                    if (!nv)
                        goto out;
                    ps = nv;
                }
                char *word = malloc(len + 1);
                if (!word)
                    goto out;
                for (size_t i = 0; i < len; i++)
                    word[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
                word[len] = '\0';
                ps[np++] = (pstart){word, first ? (words > 255 ? 255 : words) : 0};
                bytes += len + 1;
            }
            first = false;
            if (!e)
                break;
            w = e + 1;
        }
    }
    qsort(ps, np, sizeof(*ps), by_word);
    /* one lexeme a word: its most words as a start, LX_CONN if inside */
    ent_lexeme *lx = malloc((np ? np : 1) * sizeof(*lx));
    st->lex_words = malloc(bytes + 1);
    if (!lx || !st->lex_words) {
        free(lx);
        goto out;
    }
    size_t nl = 0;
    char *o = st->lex_words;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        uint32_t bits = 0;
        while (j < np && strcmp(ps[j].word, ps[i].word) == 0) {
            if (ps[j].words && bits >> LX_PSTART_SHIFT < ps[j].words)
                bits = (bits & ((1u << LX_PSTART_SHIFT) - 1)) | (uint32_t)ps[j].words << LX_PSTART_SHIFT;
            if (!ps[j].words)
                bits |= LX_CONN;
            j++;
        }
        size_t len = strlen(ps[i].word);
        memcpy(o, ps[i].word, len + 1);
        lx[nl++] = (ent_lexeme){o, bits};
        o += len + 1;
        i = j;
    }
    rc = ent_lexicon_build(&st->lex, lx, nl);
    free(lx);
out:
    for (size_t i = 0; i < np; i++)
        free(ps[i].word);
    free(ps);
    return rc;
}

static uint8_t src_of(const ent_state *st, uint32_t id)
{
    for (size_t i = st->nrange; i-- > 0;)
        if (id >= st->range[i].first)
            return st->range[i].src;
    return SRC_NSRC;
}

static int push(ent_doc *d, ent_hit **v, size_t *n, size_t *cap, const ent_hit *h)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        ent_hit *nv = td_doc_alloc(d->doc, nc * sizeof(*nv));
        if (!nv)
            return -1;
        if (*n)
            memcpy(nv, *v, *n * sizeof(*nv));
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = *h;
    return 0;
}

typedef struct scan {
    ent_doc *d;
    size_t cursor; /* first token that may end after the next match's start */
    size_t base;   /* the scanned stretch's offset in the text */
} scan;

static const char *col(const td_match *m, size_t i)
{
    return i < m->npayload && m->payload[i][0] ? m->payload[i] : NULL;
}

/* A feature on the token where a hit of `len` tokens starts. */
static void feature(ent_doc *d, const ent_hit *h, const td_match *m)
{
    ent_tok *k = &d->tok[h->t0];
    uint32_t len = h->t1 - h->t0;
    const char *c0 = col(m, 0);
    switch (h->src) {
    case SRC_GIVEN:
        if (len != 1)
            return;
        k->flags |= TK_GIVEN;
        if (c0 && c0[0] == 'm')
            k->gender |= 1;
        else if (c0 && c0[0] == 'f')
            k->gender |= 2;
        else
            k->gender |= 3;
        break;
    case SRC_TITLE:
    case SRC_ROLE:
        if (c0 && strncmp(c0, "honorific", 9) == 0) {
            /* "honorific", "honorific male", "honorific female" */
            if (len == 1) {
                uint8_t g = (uint8_t)(strstr(c0, "female") ? 2 : strstr(c0, "male") ? 1 : 3);
                if (!k->hon || g != 3)
                    k->hon = g;
                k->flags |= TK_TITLE;
                k->title_len = 1;
            }
            return;
        }
        if (c0 && strcmp(c0, "suffix") == 0)
            return; /* "Jr", "CBE": after a name */
        if (c0 && strcmp(c0, "notrole") == 0) {
            k->flags &= ~(uint32_t)TK_ROLE; /* roles.tsv cancels a title of titles.tsv */
            k->role_len = 0;
            return;
        }
        if (c0 && strcmp(c0, "modifier") == 0) {
            if (len == 1)
                k->flags |= TK_RMOD;
            return;
        }
        /* a head: "economist", "chief executive", "commerce minister" */
        k->flags |= TK_ROLE;
        if (len > k->role_len)
            k->role_len = (uint8_t)(len > 255 ? 255 : len);
        break;
    case SRC_ORGKEY:
        if (!c0 || strcmp(c0, "notorg") == 0) {
            d->tok[h->t1 - 1].flags |= TK_NOTORG;
            return;
        }
        if (strcmp(c0, "suffix") == 0 || strcmp(c0, "both") == 0)
            d->tok[h->t1 - 1].flags |= TK_OKSUF;
        if (strcmp(c0, "prefix") == 0 || strcmp(c0, "both") == 0)
            k->flags |= TK_OKPRE;
        break;
    default:
        break;
    }
}

static int on_match(const td_match *hit, void *user)
{
    scan *s = user;
    ent_doc *d = s->d;
    td_match at = *hit;
    at.start += s->base;
    at.end += s->base;
    const td_match *m = &at;
    while (s->cursor < d->ntok && d->tok[s->cursor].end <= m->start)
        s->cursor++;
    if (s->cursor >= d->ntok)
        return 0;
    ent_hit h = {0};
    h.start = m->start;
    h.end = m->end;
    h.t0 = (uint32_t)s->cursor;
    h.t1 = h.t0;
    while (h.t1 < d->ntok && d->tok[h.t1].start < m->end)
        h.t1++;
    if (h.t1 == h.t0)
        return 0; /* inside white space: cannot happen for a token-bounded pattern */
    h.aligned = d->tok[h.t0].start == m->start && d->tok[h.t1 - 1].end == m->end;
    h.src = src_of(d->st, m->pattern);
    h.pattern = m->pattern;
    h.payload = m->payload;
    h.npayload = m->npayload;
    switch (h.src) {
    case SRC_COUNTRY:
    case SRC_REGION:
    case SRC_INSTITUTION:
        if (push(d, &d->hit, &d->nhit, &d->caphit, &h) != 0) {
            d->oom = true;
            return 1;
        }
        if (h.aligned && d->tok[h.t0].hit < 0)
            d->tok[h.t0].hit = (int32_t)(d->nhit - 1);
        break;
    case SRC_NSRC:
        break;
    default:
        if (h.aligned)
            feature(d, &h, m);
        break;
    }
    return 0;
}

/* Where a pattern may start: a word with a capital first ("China",
 * "Lisbon-based"), a word with a digit first ("3M"), a hyphen before a
 * capital ("pro-China"), or the first word of a pattern that starts in
 * lower case. */
static size_t start_words(const ent_doc *d, size_t i)
{
    const ent_tok *k = &d->tok[i];
    if (!(k->flags & TK_WORD))
        return 0;
    if (k->flags & (TK_CAP | TK_ADJ | TK_UPPER))
        return 1;
    const char *s = d->text + k->start;
    size_t n = k->end - k->start;
    if (s[0] >= '0' && s[0] <= '9')
        return 1;
    if (LX_PSTART(k->lex))
        return LX_PSTART(k->lex);
    const char *h = NULL; /* a hyphen before a capital: "pro-China" */
    for (size_t j = 1; j + 1 < n && !h; j++)
        if (s[j] == '-')
            h = s + j;
    return h && starts_upper(h + 1) ? 1 : 0;
}

/* One scan of the gazetteers over the stretches of the text where a
 * pattern can be: from each word where one may start, through the
 * capitalised words and the words found inside patterns after it. Every
 * stretch starts and ends on token boundaries, so the matcher's own
 * boundary checks hold, and the stretches are scanned in order: the
 * result is the whole text's scan, for a fraction of its bytes. */
int ent_gazetteer_scan(ent_doc *d)
{
    scan s = {d, 0, 0};
    size_t i = 0;
    while (i < d->ntok) {
        size_t w = start_words(d, i);
        if (!w) {
            i++;
            continue;
        }
        size_t a = i, end = i + w; /* tokens [a, end) at least */
        for (size_t j = i + 1; j < d->ntok && j < a + 64; j++) {
            const ent_tok *k = &d->tok[j];
            if (k->start > d->tok[j - 1].end + 8)
                break; /* a wide gap: no pattern crosses it */
            size_t sw = start_words(d, j);
            if (j < end || (k->lex & LX_CONN)) {
                if (sw && j + sw > end)
                    end = j + sw;
                continue;
            }
            if (!sw)
                break;
            if (j + sw > end)
                end = j + sw;
        }
        if (end > d->ntok)
            end = d->ntok;
        while (end < d->ntok && end < a + 64 && (d->tok[end].lex & LX_CONN))
            end++;
        size_t from = d->tok[a].start, to = d->tok[end - 1].end;
        s.base = from;
        int rc = td_matcher_scan(d->st->m, d->text + from, to - from, TD_SCAN_LONGEST, on_match, &s);
        if (rc < 0 || d->oom)
            return -1;
        i = end;
    }
    return 0;
}


/* "gazetteer:countries.tsv:80", the entry that made an entity: made for
 * every pattern once, when the lists are loaded. */
static int make_rules(ent_state *st)
{
    size_t n = td_matcher_count(st->m), bytes = 0;
    for (uint32_t id = 0; id < n; id++) {
        unsigned line = 0;
        const char *src = td_matcher_source(st->m, id, &line);
        bytes += strlen("gazetteer:") + (src ? strlen(base_name(src)) : 1) + 12;
    }
    st->rules = malloc((n ? n : 1) * sizeof(*st->rules));
    st->rule_text = malloc(bytes + 1);
    if (!st->rules || !st->rule_text)
        return -1;
    char *o = st->rule_text;
    for (uint32_t id = 0; id < n; id++) {
        unsigned line = 0;
        const char *src = td_matcher_source(st->m, id, &line);
        int w = snprintf(o, bytes + 1 - (size_t)(o - st->rule_text), "gazetteer:%s:%u",
                         src ? base_name(src) : "?", line);
        st->rules[id] = o;
        o += w + 1;
    }
    return 0;
}

static bool lower_start(const char *s)
{
    int32_t cp;
    td_utf8_decode(s, 4, &cp);
    return td_utf8_is_lower(cp);
}

static bool used_as_place(const ent_doc *d, size_t t0, size_t t1)
{
    /* "EU growth", "ASEAN economies": the bloc's economy is a place's */
    if (ent_lex(d, t1, LX_ECONOMY))
        return true;
    size_t p = t0;
    if (p > 0 && ent_tok_is(d, p - 1, "the"))
        p--;
    /* "in the U.S. and the EU": the preposition before the first place */
    if (p >= 2 && (ent_tok_is(d, p - 1, "and") || ent_tok_is(d, p - 1, "or"))) {
        int32_t first = -1;
        for (size_t q = p - 1; q-- > 0 && q + 4 > p;) {
            int32_t h = d->tok[q].hit;
            if (h >= 0 && d->hit[h].t1 == p - 1 &&
                (d->hit[h].src == SRC_COUNTRY || d->hit[h].src == SRC_REGION)) {
                first = (int32_t)q;
                break;
            }
        }
        if (first >= 0) {
            p = (size_t)first;
            if (p > 0 && ent_tok_is(d, p - 1, "the"))
                p--;
        }
    }
    if (p == 0 || (p >= 2 && ent_tok_is(d, p - 1, "to") && ent_tok_is(d, p - 2, "according")))
        return false;
    if (!ent_lex(d, p - 1, LX_PLACEPREP))
        return false;
    /* "in the EU's", "to the IMF board": the body, not the place */
    return !(t1 < d->ntok && (ent_tok_is(d, t1, "'s") || ent_tok_is_lower_word(d, t1) ||
                              ent_tok_is(d, t1, "(") || (d->tok[t1].flags & TK_CAP)));
}

typedef struct dl_scan {
    ent_doc *d;
    size_t t0, t1, len;
} dl_scan;

static int on_dateline(const td_match *m, void *user)
{
    dl_scan *s = user;
    ent_doc *d = s->d;
    uint8_t src = src_of(d->st, m->pattern);
    if (m->start != 0 || m->end != s->len || (src != SRC_COUNTRY && src != SRC_REGION))
        return 0;
    ent_hit h = {0};
    h.start = d->tok[s->t0].start;
    h.end = d->tok[s->t1 - 1].end;
    h.t0 = (uint32_t)s->t0;
    h.t1 = (uint32_t)s->t1;
    h.aligned = true;
    h.src = src;
    h.pattern = m->pattern;
    h.payload = m->payload;
    h.npayload = m->npayload;
    if (push(d, &d->hit, &d->nhit, &d->caphit, &h) != 0) {
        d->oom = true;
        return 1;
    }
    if (d->tok[s->t0].hit < 0)
        d->tok[s->t0].hit = (int32_t)(d->nhit - 1);
    return 0;
}

/* A dateline in capitals ("GENEVA, Jan. 21", "KUALA LUMPUR, Jan. 19"): the
 * words in title case looked up again, for the places listed in exact
 * case only. */
static int datelines(ent_doc *d)
{
    for (size_t i = 0; i < d->ntok; i++) {
        const ent_tok *k = &d->tok[i];
        if ((k->flags & (TK_SSTART | TK_UPPER)) != (TK_SSTART | TK_UPPER) || k->hit >= 0)
            continue;
        size_t e = i;
        while (e < d->ntok && e < i + 4 && (d->tok[e].flags & TK_UPPER) && d->tok[e].hit < 0)
            e++;
        if (e >= d->ntok || !ent_tok_is(d, e, ",") || d->tok[e - 1].end - k->start > 63)
            continue;
        char buf[64];
        size_t n = d->tok[e - 1].end - k->start;
        memcpy(buf, d->text + k->start, n);
        for (size_t j = 1; j < n; j++)
            if (buf[j] >= 'A' && buf[j] <= 'Z' && buf[j - 1] != ' ' && buf[j - 1] != '-')
                buf[j] = (char)(buf[j] + 32);
        dl_scan dl = {d, i, e, n};
        if (td_matcher_scan(d->st->m, buf, n, TD_SCAN_LONGEST, on_dateline, &dl) < 0 || d->oom)
            return -1;
    }
    return 0;
}

int ent_gazetteer_cands(ent_doc *d)
{
    if (datelines(d) != 0)
        return -1;
    for (size_t i = 0; i < d->nhit; i++) {
        const ent_hit *h = &d->hit[i];
        /* a folded pattern met in lower case: "china" the dishes, "turkey" */
        const char *pat = td_matcher_pattern(d->st->m, h->pattern);
        if (lower_start(d->text + h->start) && !(pat && lower_start(pat)))
            continue;
        const ent_tok *k = &d->tok[h->t0];
        if (!(k->flags & TK_WORD))
            continue; /* "US$": a currency sign */
        /* "Reading", "Mobile" opening a sentence: ordinary words */
        if (h->src == SRC_REGION && h->aligned && h->t1 - h->t0 == 1 && (k->flags & TK_ORD))
            continue;
        static const uint8_t label[] = {[SRC_COUNTRY] = ENT_COUNTRY,
                                        [SRC_REGION] = ENT_REGION,
                                        [SRC_INSTITUTION] = ENT_INSTITUTION};
        ent_cand *c = ent_cand_span(d, label[h->src], h->start, h->end, h->t0, h->t1, NULL);
        if (!c)
            return -1;
        c->rule = d->st->rules[h->pattern];
        const char *const *p = h->payload;
        size_t n = h->npayload;
#define COL(i) ((i) < n && p[i][0] ? p[i] : NULL)
        switch (h->src) {
        case SRC_COUNTRY:
            c->iso = COL(0);
            c->canonical = COL(1);
            c->form = COL(2);
            if (c->form && strcmp(c->form, "demonym") != 0)
                c->form = NULL; /* only demonyms are marked */
            c->prio = 6;
            break;
        case SRC_REGION:
            c->canonical = COL(0);
            c->kind = COL(1);
            c->country = COL(2);
            c->prio = 5;
            break;
        default: {
            c->canonical = COL(0);
            c->acronym = COL(1);
            c->prio = 7;
            /* a bloc used as a place: "demand in the EU", "exports to ASEAN" */
            const char *type = COL(2);
            /* "the G8": a group of states named by their number is no place */
            if (type && strcmp(type, "international") == 0 && h->aligned &&
                strncmp(c->canonical, "Group of", 8) != 0 && used_as_place(d, h->t0, h->t1)) {
                c->label = ENT_REGION;
                c->kind = "region";
            }
            break;
        }
        }
#undef COL
        if (!c->canonical)
            c->canonical = ent_span_name(d, h->start, h->end);
    }
    return d->oom ? -1 : 0;
}
