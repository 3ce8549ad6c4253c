/* Building the matcher's automaton (Aho-Corasick over byte classes).
 *
 * The keys (what the automaton matches: the folded text of every pattern
 * when any pattern is folded, else the patterns as they are) are sorted, so
 * the trie is built in one pass without searching sibling lists; it is then
 * renumbered breadth-first, which puts each state's children next to each
 * other (sorted by label) and the shallow, busy states first. Those first
 * states get full DFA rows within a fixed budget; the deeper ones keep their
 * sorted labels and a failure link.
 */
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct key_entry {
    const char *key;
    uint32_t len;
    uint32_t id;
} key_entry;

static int key_entry_cmp(const void *a, const void *b)
{
    const key_entry *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

void match_automaton_free(td_matcher *m)
{
    free(m->dense);
    free(m->nodes);
    free(m->info);
    free(m->terms);
    free(m->plist);
    m->dense = NULL;
    m->nodes = NULL;
    m->info = NULL;
    m->terms = NULL;
    m->plist = NULL;
    m->nstates = m->ndense = m->nterms = m->dense_end = 0;
    m->automaton_bytes = 0;
}

/* Where state z goes on class c, following failure links; every state
 * below the one being settled is complete. */
static uint32_t go(const td_matcher *m, uint32_t z, unsigned c)
{
    for (;;) {
        if (z < m->ndense) /* the rows hold scan ids already */
            return match_state_id(m, m->dense[(size_t)z * m->nclass + c] & MATCH_STATE_MASK);
        uint32_t end = m->nodes[z].child + m->nodes[z].nkids;
        for (uint32_t j = m->nodes[z].child; j < end; j++) {
            unsigned l = m->nodes[j].lab & 0xFFu;
            if (l == c)
                return j;
            if (l > c)
                break;
        }
        z = m->nodes[z].fail;
    }
}

/* The keys: for an exact pattern in a folding matcher, its folded text
 * (kept in *kbuf, freed by the caller). */
static int make_keys(td_matcher *m, key_entry *ents, char ***kbufs)
{
    for (uint32_t i = 0; i < m->npats; i++) {
        match_pattern *p = &m->pats[i];
        ents[i].key = p->key;
        ents[i].len = p->keylen;
        ents[i].id = i;
        if (!m->fold || (p->flags & TD_MATCH_FOLD))
            continue;
        size_t flen;
        char *f = match_fold_str(p->text, p->len, &flen);
        if (!f)
            return -1;
        if (flen == p->len && memcmp(f, p->text, flen) == 0) {
            free(f);
            continue;
        }
        if (flen > UINT32_MAX / 4) {
            free(f);
            return -1;
        }
        if (!*kbufs && !(*kbufs = calloc(m->npats, sizeof(**kbufs)))) {
            free(f);
            return -1;
        }
        (*kbufs)[i] = f;
        ents[i].key = f;
        ents[i].len = (uint32_t)flen;
    }
    return 0;
}

/* Give trie node order[x]'s children the next ids. */
static void expand(td_matcher *m, const uint32_t *fc, const uint32_t *ns, const uint8_t *tl,
                   uint32_t *order, uint32_t x, uint32_t *tail)
{
    match_node *nx = &m->nodes[x];
    nx->child = *tail;
    nx->nkids = 0;
    for (uint32_t v = fc[order[x]]; v != MATCH_NONE; v = ns[v]) {
        m->nodes[*tail].lab = tl[v];
        order[(*tail)++] = v;
        nx->nkids++;
    }
}

int match_build(td_matcher *m)
{
    int rc = -1;
    uint32_t n = m->npats;
    key_entry *ents = NULL;
    char **kbufs = NULL;
    uint32_t *fc = NULL, *ns = NULL, *order = NULL, *path = NULL, *stack = NULL;
    uint8_t *tl = NULL;

    m->fold = false;
    for (uint32_t i = 0; i < n; i++)
        if (m->pats[i].flags & TD_MATCH_FOLD)
            m->fold = true;

    ents = malloc((n ? n : 1) * sizeof(*ents));
    if (!ents || make_keys(m, ents, &kbufs) != 0)
        goto oom;

    /* Byte classes: only the bytes some key uses are told apart. */
    bool used[256] = {false};
    size_t total = 0;
    uint32_t maxkey = 0;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < ents[i].len; j++)
            used[(unsigned char)ents[i].key[j]] = true;
        total += ents[i].len;
        if (ents[i].len > maxkey)
            maxkey = ents[i].len;
    }
    if (total >= MATCH_STATE_MASK - 1) {
        match_fail(m, "patterns too long in total (%zu bytes)", total);
        goto out;
    }
    unsigned k = 1;
    for (unsigned b = 0; b < 256; b++)
        m->cls[b] = used[b] ? (uint8_t)k++ : 0;
    if (m->fold) /* keys hold no upper case: 'A' reads as 'a' */
        for (unsigned b = 'A'; b <= 'Z'; b++)
            m->cls[b] = m->cls[b + 32];
    m->nclass = k;
    m->maxkey = maxkey;

    qsort(ents, n, sizeof(*ents), key_entry_cmp);

    /* The trie from sorted keys: a new child is always its parent's last. */
    size_t cap = total + 1;
    fc = malloc(cap * sizeof(*fc));
    ns = malloc(cap * sizeof(*ns));
    tl = malloc(cap);
    path = malloc(((size_t)maxkey + 1) * sizeof(*path));
    uint32_t *endnode = malloc((n ? n : 1) * sizeof(*endnode));
    if (!fc || !ns || !tl || !path || !endnode) {
        free(endnode);
        goto oom;
    }
    uint32_t ntmp = 1;
    fc[0] = ns[0] = MATCH_NONE;
    tl[0] = 0;
    path[0] = 0;
    const char *prev = NULL;
    uint32_t prevlen = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *key = ents[i].key;
        uint32_t len = ents[i].len, lcp = 0;
        uint32_t lim = len < prevlen ? len : prevlen;
        while (lcp < lim && key[lcp] == prev[lcp])
            lcp++;
        for (uint32_t d = lcp; d < len; d++) {
            uint32_t v = ntmp++;
            fc[v] = ns[v] = MATCH_NONE;
            tl[v] = m->cls[(unsigned char)key[d]];
            if (d == lcp && d < prevlen)
                ns[path[d + 1]] = v; /* the previous key's branch was the last child */
            else
                fc[path[d]] = v;
            path[d + 1] = v;
        }
        endnode[i] = path[len];
        prev = key;
        prevlen = len;
    }

    /* Renumbering, order[new id] = trie node: breadth first while the
     * dense rows last (they need the shallowest states first), then depth
     * first. Either way a state's children get consecutive ids. */
    m->nstates = ntmp;
    size_t rows = m->dense_bytes / ((size_t)m->nclass * sizeof(uint32_t));
    m->ndense = rows < 1 ? 1 : rows > ntmp ? ntmp : (uint32_t)rows;
    order = malloc((size_t)ntmp * sizeof(*order));
    stack = malloc((size_t)ntmp * sizeof(*stack));
    m->nodes = malloc((size_t)ntmp * sizeof(*m->nodes));
    m->info = malloc((size_t)ntmp * sizeof(*m->info));
    if (!order || !stack || !m->nodes || !m->info) {
        free(endnode);
        goto oom;
    }
    uint32_t head = 0, tail = 1;
    order[0] = 0;
    m->nodes[0].lab = 0;
    while (head < tail && tail < m->ndense)
        expand(m, fc, ns, tl, order, head++, &tail);
    size_t sp = 0;
    for (uint32_t x = tail; x-- > head;)
        stack[sp++] = x;
    while (sp) {
        uint32_t x = stack[--sp];
        uint32_t first = tail;
        expand(m, fc, ns, tl, order, x, &tail);
        for (uint32_t y = tail; y-- > first;)
            stack[sp++] = y;
    }
    /* fc is free now: reuse it as trie node -> new id. */
    for (uint32_t x = 0; x < ntmp; x++)
        fc[order[x]] = x;

    /* Terms: the patterns ending at each state, in id order. */
    m->terms = malloc((n ? n : 1) * sizeof(*m->terms));
    m->plist = malloc((n ? n : 1) * sizeof(*m->plist));
    if (!m->terms || !m->plist) {
        free(endnode);
        goto oom;
    }
    for (uint32_t x = 0; x < ntmp; x++)
        m->info[x].out = MATCH_NONE;
    m->nterms = 0;
    for (uint32_t i = 0; i < n;) {
        uint32_t node = endnode[i], j = i, all = UINT32_MAX;
        while (j < n && endnode[j] == node) {
            m->plist[j] = ents[j].id | m->pats[ents[j].id].flags << MATCH_PL_SHIFT;
            all &= m->pats[ents[j].id].flags;
            j++;
        }
        m->terms[m->nterms] = (match_term){.first = i, .count = j - i, .next = MATCH_NONE,
                                           .keylen = ents[i].len, .all = all};
        m->info[fc[node]].out = m->nterms++;
        i = j;
    }
    free(endnode);

    /* Failure links, outputs along them, and the dense rows, state by state
     * breadth first (order[] again, as a queue): whatever a state needs is
     * settled before it. */
    /* The rows hold scan ids (td_matcher.dense), written as they are made. */
    if ((uint64_t)m->ndense * m->nclass + (m->nstates - m->ndense) > MATCH_STATE_MASK) {
        match_fail(m, "too many patterns: the automaton needs more than %u states",
                   MATCH_STATE_MASK);
        goto out;
    }
    m->dense_end = m->ndense * m->nclass;
    m->dense = calloc((size_t)m->ndense * m->nclass, sizeof(*m->dense));
    if (!m->dense)
        goto oom;
    m->nodes[0].fail = 0;
    m->info[0].depth = 0;
    uint32_t qh = 0, qt = 1;
    order[0] = 0;
    while (qh < qt) {
        uint32_t x = order[qh++];
        match_node *nx = &m->nodes[x];
        uint32_t a = nx->child, b = nx->child + nx->nkids;
        for (uint32_t y = a; y < b; y++) {
            match_node *ny = &m->nodes[y];
            match_state_info *iy = &m->info[y];
            unsigned c = ny->lab & 0xFFu;
            uint32_t f = x == 0 ? 0 : go(m, nx->fail, c);
            ny->fail = f;
            iy->depth = m->info[x].depth + 1;
            uint32_t fout = m->info[f].out;
            bool word_after = fout == MATCH_NONE || (m->nodes[f].lab & MATCH_LAB_WORD);
            if (iy->out != MATCH_NONE) {
                m->terms[iy->out].next = fout;
                word_after = word_after && (m->terms[iy->out].all & MATCH_ALNUM_LAST);
            } else {
                iy->out = fout;
            }
            if (iy->out != MATCH_NONE)
                ny->lab |= MATCH_LAB_OUT | (word_after ? MATCH_LAB_WORD : 0);
            order[qt++] = y;
        }
        if (x < m->ndense) {
            uint32_t *row = m->dense + (size_t)x * m->nclass;
            if (x > 0)
                memcpy(row, m->dense + (size_t)nx->fail * m->nclass, m->nclass * sizeof(*row));
            for (uint32_t y = a; y < b; y++)
                row[m->nodes[y].lab & 0xFFu] =
                    match_scan_id(m, y) |
                    (uint32_t)(m->nodes[y].lab & (MATCH_LAB_OUT | MATCH_LAB_WORD))
                        << MATCH_LAB_SHIFT;
        }
    }

    m->automaton_bytes = (size_t)m->ndense * m->nclass * sizeof(*m->dense) +
                         (size_t)ntmp * (sizeof(*m->nodes) + sizeof(*m->info)) +
                         (size_t)n * (sizeof(*m->terms) + sizeof(*m->plist));
    /* From now on keylen is what the automaton matches (set last: adding
     * after a failed build still compares keys by it). */
    for (uint32_t i = 0; i < n; i++)
        m->pats[ents[i].id].keylen = ents[i].len;
    rc = 0;
    goto out;
oom:
    match_fail(m, "out of memory");
out:
    if (rc != 0)
        match_automaton_free(m);
    if (kbufs)
        for (uint32_t i = 0; i < n; i++)
            free(kbufs[i]);
    free(kbufs);
    free(ents);
    free(fc);
    free(ns);
    free(tl);
    free(order);
    free(stack);
    free(path);
    return rc;
}
