/*
 * entities: officials, institutions, countries and regions, each with a
 * canonical form that is the same across articles.
 *
 * One matcher scan finds every entry of the entity gazetteers; the words
 * the rules need (given names, role words, organisation key words) are
 * classes of a lexicon looked up once per token; rules in the
 * manner of GATE's ANNIE type capitalised sequences from their words and
 * their neighbours; short forms take the canonical of the full form
 * earlier in the article; the longest mention wins. README.md beside this
 * file has the labels, attributes and rules; entities.h the passes.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

#include "entities.h"
#include "lextable.h"

static const td_option options[] = {
    {"gazetteers", TD_OPT_LIST,
     "countries regions regions=region_adjectives.tsv institutions titles given_names",
     "lists to load: countries, regions, institutions, titles, given_names; KIND=FILE adds a "
     "file of that kind (institutions=my_companies.tsv)"},
    {"roles", TD_OPT_STRING, "roles.tsv", "role words (economist, minister) and honorifics, a TSV file"},
    {"org_keywords", TD_OPT_STRING, "org_keywords.tsv",
     "organisation key words (Bank, Corp, Ministry) and heads that name no body (Index), a TSV file"},
    {"words", TD_OPT_STRING, "words.tsv",
     "the lower-case word list, for the sentence-initial capitalised word rule"},
    {"family_names", TD_OPT_STRING, "family_names.tsv",
     "family names written first (Wang Jun, Nguyen Thi Lan), a TSV file"},
    {"surnames", TD_OPT_STRING, "surnames.tsv",
     "surnames (Brown, Bond), a TSV file: a given name and an ordinary word are a person's name "
     "only when the word is one of them"},
    {"coref", TD_OPT_BOOL, "true",
     "resolve short forms (Wang, Mr Wang, Goldman, the Commission, acronyms) to earlier full names"},
    {NULL, 0, NULL, NULL},
};

static void destroy(void *state)
{
    ent_state *st = state;
    if (!st)
        return;
    td_matcher_free(st->m);
    ent_gazetteer_load_free(st);
    ent_wordset_free(&st->words);
    ent_wordset_free(&st->family);
    ent_wordset_free(&st->surnames);
    ent_wordset_free(&st->lex);
    ent_lextable_free(&st->lextab[0]);
    ent_lextable_free(&st->lextab[1]);
    free(st->lex_words);
    free(st->rules);
    free(st->rule_text);
    free(st);
}

/* The three word lists, read on a thread of their own while create()
 * builds the gazetteer: they share nothing, and the two together are
 * most of the pipeline's start-up. The paths are found first, since the
 * config is not for two threads. */
typedef struct word_lists {
    const char *option[3];
    char path[3][PATH_MAX];
    ent_wordset *set[3];
    char err[512];
    int failed; /* index + 1 of the list that failed, or 0 */
} word_lists;

static void *load_word_lists(void *arg)
{
    word_lists *wl = arg;
    for (int i = 0; i < 3 && !wl->failed; i++)
        if (ent_wordset_load(wl->set[i], wl->path[i], wl->err, sizeof(wl->err)) != 0)
            wl->failed = i + 1;
    return NULL;
}

/* The gazetteer's automaton, built on a thread of its own while create()
 * makes the lexicon from the same lists: the two share nothing (the
 * lexicon reads the lists' own rows, not the matcher), and the build was
 * a third of the stage's start-up. */
typedef struct build_job {
    ent_state *st;
    int rc;
} build_job;

static void *build_gazetteer(void *arg)
{
    build_job *job = arg;
    job->rc = ent_gazetteer_build(job->st);
    return NULL;
}

static int create(td_stage_config *cfg, void **state)
{
    ent_state *st = calloc(1, sizeof(*st));
    if (!st)
        return td_config_fail(cfg, "out of memory");
    st->coref = td_config_bool(cfg, "coref");
    word_lists wl = {.option = {"words", "family_names", "surnames"},
                     .set = {&st->words, &st->family, &st->surnames}};
    for (int i = 0; i < 3; i++)
        if (td_config_data_file(cfg, td_config_str(cfg, wl.option[i]), wl.path[i],
                                sizeof(wl.path[i])) != 0) {
            destroy(st);
            return -1;
        }
    pthread_t lists;
    bool threaded = pthread_create(&lists, NULL, load_word_lists, &wl) == 0;
    if (!threaded)
        load_word_lists(&wl);
    /* -1: reported; -2, -3: the lexicon's, out of memory or too many classes */
    int rc = ent_gazetteer_load(st, cfg) != 0 ? -1 : 0;
    if (rc == 0) {
        build_job job = {st, 0};
        pthread_t builder;
        bool apart = pthread_create(&builder, NULL, build_gazetteer, &job) == 0;
        if (!apart)
            build_gazetteer(&job);
        int lex = ent_gazetteer_lexicon(st);
        if (apart)
            pthread_join(builder, NULL);
        /* a failed build is told first, as when it ran before the lexicon */
        if (job.rc != 0)
            rc = td_config_fail(cfg, "cannot build the gazetteer: %s", td_matcher_errmsg(st->m));
        else if (lex != 0)
            rc = lex == -2 ? -3 : -2;
    }
    if (threaded)
        pthread_join(lists, NULL);
    if (wl.failed)
        rc = td_config_fail(cfg, "%s: %s", wl.option[wl.failed - 1], wl.err);
    else if (rc == -2)
        rc = td_config_fail(cfg, "out of memory");
    else if (rc == -3)
        rc = td_config_fail(cfg, "the lists make more than 255 combinations of word classes");
    if (rc != 0) {
        destroy(st);
        return -1;
    }
    *state = st;
    return 0;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    ent_doc d = {0};
    d.doc = doc;
    d.st = td_stage_state(ctx);
    d.text = td_doc_text(doc, &d.len);
    if (ent_tokens(&d) != 0)
        goto oom;
    if (d.ntok == 0)
        return TD_OK;
    if (ent_gazetteer_scan(&d) != 0 || ent_mark_ordinary(&d) != 0 ||
        ent_gazetteer_cands(&d) != 0 || ent_names(&d) != 0 || ent_context(&d) != 0 ||
        ent_coref(&d) != 0 || d.oom)
        goto oom;
    if (ent_resolve(&d) != 0)
        return td_stage_fail(ctx, "cannot add an entity: %s", td_doc_errmsg(doc));
    return TD_OK;
oom:
    return td_stage_fail(ctx, "out of memory on a document of %zu bytes", d.len);
}

TD_STAGE_DEFINE(
    .name = "entities",
    .version = "1.0",
    .summary = "officials, institutions, countries and regions, with canonical names",
    .options = options,
    .requires = TD_LAYERS("sentence", "token"),
    .provides = TD_LAYERS("entity"),
    .create = create,
    .process = process,
    .destroy = destroy);
