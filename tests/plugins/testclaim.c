/* testclaim: what the outlook tests need of the entities and claims
 * stages. In each sentence whose second token is "expects" or "said",
 * the first token becomes an `official` entity and the sentence a
 * `forecast` claim with that entity as `speaker`; with option
 * `speaker = false` the claim has no speaker. */
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

static const td_option options[] = {
    {"speaker", TD_OPT_BOOL, "true", "give the claims a speaker"},
    {NULL, 0, NULL, NULL},
};

static int create(td_stage_config *cfg, void **state)
{
    *state = td_config_bool(cfg, "speaker") ? (void *)1 : NULL;
    return 0;
}

static bool is(const char *text, const td_annot *t, const char *w)
{
    size_t n = strlen(w);
    return t->end - t->start == n && memcmp(text + t->start, w, n) == 0;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    bool speaker = td_stage_state(ctx) != NULL;
    size_t ns;
    const char *text = td_doc_text(doc, NULL);
    td_annot *const *sl = td_doc_layer(doc, "sentence", &ns);
    if (!ns)
        return TD_OK;
    td_annot **sents = malloc(ns * sizeof(*sents));
    if (!sents)
        return td_stage_fail(ctx, "out of memory");
    memcpy(sents, sl, ns * sizeof(*sents));
    int rc = TD_OK;
    for (size_t i = 0; i < ns && rc == TD_OK; i++) {
        size_t nt;
        td_annot *const *t = td_doc_within(doc, "token", sents[i]->start, sents[i]->end, &nt);
        if (nt < 3 || !(is(text, t[1], "expects") || is(text, t[1], "said")))
            continue;
        size_t s0 = t[0]->start, s1 = t[0]->end, c0 = t[2]->start, c1 = sents[i]->end;
        td_annot *who = td_doc_add(doc, "entity", "official", s0, s1);
        td_annot *claim = who ? td_doc_add(doc, "claim", "forecast", c0, c1) : NULL;
        if (!claim || td_annot_set_strn(doc, who, "canonical", text + s0, s1 - s0) != 0 ||
            td_annot_set_const(doc, claim, "rule", "testclaim") != 0 ||
            (speaker && td_annot_set_ref(doc, claim, "speaker", who) != 0))
            rc = td_stage_fail(ctx, "%s", td_doc_errmsg(doc));
    }
    free(sents);
    return rc;
}

TD_STAGE_DEFINE(
    .name = "testclaim",
    .version = "1.0",
    .summary = "test stand-in for entities and claims: 'NAME expects ...' is a forecast by NAME",
    .options = options,
    .requires = TD_LAYERS("sentence", "token"),
    .provides = TD_LAYERS("entity", "claim"),
    .create = create,
    .process = process,
    .destroy = NULL);
