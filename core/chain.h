/* An ordered list of stage instances that run one after another on a
 * document, as a pipeline, a worker's share of one, or the harness. */
#ifndef TD_CHAIN_H
#define TD_CHAIN_H

#include "stage.h"

typedef struct td_chain {
    td_stage **stages;
    size_t n, cap;
} td_chain;

void td_chain_init(td_chain *c);
void td_chain_free(td_chain *c); /* frees the stages too */
int td_chain_append(td_chain *c, td_stage *st);
td_stage *td_chain_find(const td_chain *c, const char *name);

/*
 * Can `next` run after the stages already in c? -1 with the reason when it
 * is there already, when a layer it requires is provided by none of them
 * (then *missing, if not NULL, gets that layer; else NULL), or when it
 * rewrites the text after a stage that annotates.
 */
int td_chain_check_next(const td_chain *c, td_stage *next, const char **missing, char *err,
                        size_t errlen);

/* Run stages [from, to) on doc: TD_OK, TD_DROP (stops there) or TD_ERROR. */
int td_chain_run(td_chain *c, size_t from, size_t to, td_doc *doc, unsigned worker, char *err,
                 size_t errlen);

#endif
