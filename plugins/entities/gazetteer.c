/* entities: the gazetteer pass, one matcher scan for every entity list.
 *
 * The entity lists (countries, regions, institutions) go into one matcher.
 * Each list's patterns get consecutive ids, so an id says which list (and
 * so what the payload columns mean). The feature lists the name rules read
 * (given names, titles, role words, organisation key words) are words, not
 * names: they are read with the same TSV loader, then become classes of
 * the rules' lexicon (patterns.c), looked up once per token; the scan
 * stays small and runs only where an entity can be. */
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

/* Where each pattern of the matcher came from, for its rule
 * ("gazetteer:countries.tsv:14"), while the lists are read. */
typedef struct origin {
    char *file[2 * ENT_MAX_LISTS]; /* the lists' base names */
    size_t nfile;
    uint32_t *line;
    uint8_t *list; /* index into file[] */
    size_t n, cap;
} origin;

static int make_rules(ent_state *st, const origin *o);

static int list_of(const char *name)
{
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        if (strcmp(lists[i].name, name) == 0)
            return (int)i;
    return -1;
}

static bool is_feature(uint8_t src)
{
    return src == SRC_TITLE || src == SRC_ROLE || src == SRC_ORGKEY || src == SRC_GIVEN;
}

/* A new pattern of the matcher: its origin, its case mode and its text. */
static int note_pattern(ent_state *st, origin *o, uint32_t line, bool fold, const char *text)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 4096;
        uint32_t *nl = realloc(o->line, cap * sizeof(*nl));
        if (nl)
            o->line = nl;
        uint8_t *nf = realloc(o->list, cap);
        if (nf)
            o->list = nf;
        uint8_t *nc = realloc(st->fold, cap);
        if (nc)
            st->fold = nc;
        const char **nt = realloc(st->pat_text, cap * sizeof(*nt));
        if (nt)
            st->pat_text = nt;
        if (!nl || !nf || !nc || !nt)
            return -1;
        o->cap = cap;
    }
    o->line[o->n] = line;
    o->list[o->n] = (uint8_t)(o->nfile - 1);
    st->fold[o->n] = fold;
    st->pat_text[o->n] = text;
    o->n++;
    st->nfold = o->n;
    return 0;
}

static int add_feature(ent_state *st, const char *const *col, size_t ncol, size_t len, uint8_t src)
{
    if (st->nfeat == st->capfeat) {
        size_t cap = st->capfeat ? 2 * st->capfeat : 4096;
        ent_feature *nv = realloc(st->feat, cap * sizeof(*nv));
        if (!nv)
            return -1;
        st->feat = nv;
        st->capfeat = cap;
    }
    st->feat[st->nfeat++] =
        (ent_feature){col[0], ncol > 1 && col[1][0] ? col[1] : NULL, (uint32_t)len, src};
    return 0;
}

/* One list: an entity list's rows into the matcher, a feature list's rows
 * kept for the lexicon (patterns.c). The file is read by tsv.c, so a
 * bad line fails with "path:line: problem" as for every tidings list. */
static int load_list(ent_state *st, td_stage_config *cfg, origin *o, int li, const char *file)
{
    char path[PATH_MAX], err[1024];
    if (td_config_data_file(cfg, file, path, sizeof(path)) != 0)
        return -1;
    bool feat = is_feature(lists[li].src);
    if ((feat ? st->nfeat_text : st->nrange) >= ENT_MAX_LISTS)
        return td_config_fail(cfg, "more than %d lists", ENT_MAX_LISTS);
    ent_tsv t;
    if (ent_tsv_open(&t, path, lists[li].flags, err, sizeof(err)) != 0)
        return td_config_fail(cfg, "%s", err);
    o->file[o->nfile] = strdup(base_name(path));
    if (!o->file[o->nfile]) {
        ent_tsv_close(&t);
        return td_config_fail(cfg, "out of memory");
    }
    o->nfile++;
    if (!feat) {
        st->range[st->nrange].first = (uint32_t)td_matcher_count(st->m);
        st->range[st->nrange].src = lists[li].src;
        st->nrange++;
    }
    /* payload columns past 15: no list here has them, nothing reads them */
    const char *col[16];
    size_t ncol;
    int r;
    while ((r = ent_tsv_next(&t, col, 16, &ncol)) > 0) {
        if (feat) {
            if (add_feature(st, col, ncol, t.len0, lists[li].src) != 0)
                break;
            continue;
        }
        uint32_t before = (uint32_t)td_matcher_count(st->m), id;
        if (td_matcher_add(st->m, col[0], t.len0, t.flags, col + 1, ncol - 1, &id) != 0) {
            ent_tsv_close(&t);
            return td_config_fail(cfg, "%s:%lu: %s", path, t.line, td_matcher_errmsg(st->m));
        }
        /* a repeated row (same text, case mode and payload) adds nothing */
        if (id == before &&
            note_pattern(st, o, (uint32_t)t.line, t.flags & TD_MATCH_FOLD, col[0]) != 0)
            break;
    }
    if (r < 0) {
        ent_tsv_close(&t);
        return td_config_fail(cfg, "%s", err);
    }
    if (r > 0) {
        ent_tsv_close(&t);
        return td_config_fail(cfg, "out of memory");
    }
    if (feat)
        st->feat_text[st->nfeat_text++] = ent_tsv_take(&t); /* the rows point into it */
    else
        st->pat_buf[st->npat_buf++] = ent_tsv_take(&t); /* st->pat_text points into it */
    st->src_loaded[lists[li].src] = true;
    return 0;
}

static int load_lists(ent_state *st, td_stage_config *cfg, origin *o)
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
        if (load_list(st, cfg, o, li, file) != 0)
            return -1;
    }
    if (load_list(st, cfg, o, list_of("roles"), td_config_str(cfg, "roles")) != 0 ||
        load_list(st, cfg, o, list_of("org_keywords"), td_config_str(cfg, "org_keywords")) != 0)
        return -1;
    st->range[st->nrange].first = (uint32_t)td_matcher_count(st->m);
    if (make_rules(st, o) != 0)
        return td_config_fail(cfg, "out of memory");
    return 0;
}

int ent_gazetteer_build(ent_state *st)
{
    /* 4 MiB of full transition rows instead of the default 1: the scan
     * then steps through sparse states a third as often (4.4M fewer
     * instructions on the 2 MB corpus, 0.5M more to build); 8 MiB made no
     * difference in time measured on the seed corpus (bench/run-entities) */
    if (td_matcher_set_dense_bytes(st->m, 4u << 20) != 0 || td_matcher_build(st->m) != 0)
        return -1;
    return 0;
}

void ent_gazetteer_load_free(ent_state *st)
{
    free(st->feat);
    st->feat = NULL;
    st->nfeat = st->capfeat = 0;
    for (size_t i = 0; i < st->nfeat_text; i++)
        free(st->feat_text[i]);
    st->nfeat_text = 0;
    free(st->fold);
    st->fold = NULL;
    st->nfold = 0;
    free(st->pat_text);
    st->pat_text = NULL;
    for (size_t i = 0; i < st->npat_buf; i++)
        free(st->pat_buf[i]);
    st->npat_buf = 0;
}

int ent_gazetteer_load(ent_state *st, td_stage_config *cfg)
{
    origin o = {0};
    int rc = load_lists(st, cfg, &o);
    for (size_t i = 0; i < o.nfile; i++)
        free(o.file[i]);
    free(o.line);
    free(o.list);
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


static bool ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int on_match(const td_match *hit, void *user)
{
    scan *s = user;
    ent_doc *d = s->d;
    td_match at = *hit;
    at.start += s->base;
    at.end += s->base;
    const td_match *m = &at;
    /* A pattern ending in a symbol ("e&") has no word boundary at its end
     * for the matcher to check: a letter or digit straight after it makes
     * it part of a longer name ("E&Y"), not the name. */
    if (m->end < d->len && m->end > m->start && ascii_alnum(d->text[m->end]) &&
        !ascii_alnum(d->text[m->end - 1]) && (unsigned char)d->text[m->end - 1] < 0x80)
        return 0;
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
    default:
        break;
    }
    return 0;
}

static size_t start_words(const ent_doc *d, size_t i) { return d->tok[i].starts; }

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
    /* stretches start at the tokens ent_tokens listed, past the last stretch */
    for (size_t si = 0; si < d->nstartable; si++) {
        if (d->startable[si] < i)
            continue;
        i = d->startable[si];
        size_t w = start_words(d, i);
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
        s.cursor = a; /* every match starts in the stretch: no walk over the tokens between */
        int rc = td_matcher_scan(d->st->m, d->text + from, to - from, TD_SCAN_LONGEST, on_match, &s);
        if (rc < 0 || d->oom)
            return -1;
        i = end;
    }
    return 0;
}


/* "gazetteer:countries.tsv:80", the entry that made an entity: made for
 * every pattern once, when the lists are loaded (by hand: snprintf for
 * each of thousands of patterns was a tenth of the start-up). */
static int make_rules(ent_state *st, const origin *o)
{
    static const char prefix[] = "gazetteer:";
    size_t n = td_matcher_count(st->m), bytes = 0;
    if (n != o->n)
        return -1; /* cannot happen: every new pattern was noted */
    size_t flen[2 * ENT_MAX_LISTS];
    for (size_t f = 0; f < o->nfile; f++)
        flen[f] = strlen(o->file[f]);
    for (size_t id = 0; id < n; id++)
        bytes += sizeof(prefix) - 1 + flen[o->list[id]] + 1 + 10 + 1;
    st->rules = malloc((n ? n : 1) * sizeof(*st->rules));
    st->rule_text = malloc(bytes + 1);
    if (!st->rules || !st->rule_text)
        return -1;
    char *w = st->rule_text;
    for (size_t id = 0; id < n; id++) {
        st->rules[id] = w;
        memcpy(w, prefix, sizeof(prefix) - 1);
        w += sizeof(prefix) - 1;
        memcpy(w, o->file[o->list[id]], flen[o->list[id]]);
        w += flen[o->list[id]];
        *w++ = ':';
        char digits[10];
        size_t nd = 0;
        uint32_t line = o->line[id];
        do
            digits[nd++] = (char)('0' + line % 10);
        while ((line /= 10) != 0);
        while (nd)
            *w++ = digits[--nd];
        *w++ = '\0';
    }
    return 0;
}

static bool lower_start(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) /* what the decoding gives an ASCII byte, without it */
        return c >= 'a' && c <= 'z';
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
    for (size_t ci = 0; ci < d->ncaps; ci++) { /* TK_UPPER words are capitalised */
        size_t i = d->caps[ci];
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
        if (lower_start(d->text + h->start)) {
            const char *pat = td_matcher_pattern(d->st->m, h->pattern);
            if (!(pat && lower_start(pat)))
                continue;
        }
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
            /* "the Phoenix consortium", "the Halifax bank": a body named
             * like a place */
            if (h->aligned && h->t1 - h->t0 == 1 && h->t0 > 0 && ent_lex(d, h->t0 - 1, LX_DET) &&
                ent_lex(d, h->t1, LX_ORGNOUN) && (d->tok[h->t1].flags & TK_LOWER)) {
                c->label = ENT_INSTITUTION;
                c->canonical = ent_span_name(d, h->start, h->end);
                c->kind = c->country = NULL;
                c->rule = "context:descriptor";
            }
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
