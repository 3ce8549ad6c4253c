#include "chain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void td_chain_init(td_chain *c) { memset(c, 0, sizeof(*c)); }

void td_chain_free(td_chain *c)
{
    /* Destroy in reverse: a later stage may lean on an earlier one's data. */
    for (size_t i = c->n; i > 0; i--)
        td_stage_free(c->stages[i - 1]);
    free(c->stages);
    td_chain_init(c);
}

int td_chain_append(td_chain *c, td_stage *st)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        td_stage **s = realloc(c->stages, cap * sizeof(*s));
        if (!s)
            return -1;
        c->stages = s;
        c->cap = cap;
    }
    c->stages[c->n++] = st;
    return 0;
}

td_stage *td_chain_find(const td_chain *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->stages[i]->name, name) == 0)
            return c->stages[i];
    return NULL;
}

int td_chain_check_next(const td_chain *c, td_stage *next, const char **missing, char *err,
                        size_t errlen)
{
    const td_stage_plugin *api = &next->plugin->api;
    if (missing)
        *missing = NULL;
    if (td_chain_find(c, next->name)) {
        snprintf(err, errlen, "stage '%s' appears twice; fix: remove one, or make a second "
                 "stage of plugin '%s' with a [stage.NAME] section that says plugin = %s",
                 next->name, api->name, api->name);
        return -1;
    }
    for (const char *const *layer = api->requires; layer && *layer; layer++) {
        bool found = false;
        for (size_t i = 0; i < c->n && !found; i++)
            found = td_stage_provides_layer(c->stages[i], *layer);
        if (found)
            continue;
        /* An earlier stage whose plugin could, with other options? */
        for (size_t i = 0; i < c->n; i++)
            if (td_plugin_provides(c->stages[i]->plugin, *layer)) {
                snprintf(err, errlen, "stage '%s' requires layer '%s', which no stage before "
                         "it provides ('%s' does, but not with the options it has here)",
                         next->name, *layer, c->stages[i]->name);
                return -1;
            }
        snprintf(err, errlen, "stage '%s' requires layer '%s', which no stage before it "
                 "provides", next->name, *layer);
        if (missing)
            *missing = *layer;
        return -1;
    }
    if (api->flags & TD_STAGE_REWRITES_TEXT) {
        for (size_t i = 0; i < c->n; i++) {
            const char *const *prev = td_stage_provides(c->stages[i]);
            if (prev && prev[0]) {
                snprintf(err, errlen, "stage '%s' rewrites the text, so it must come before "
                         "'%s', which annotates it", next->name, c->stages[i]->name);
                return -1;
            }
        }
    }
    return 0;
}

int td_chain_run(td_chain *c, size_t from, size_t to, td_doc *doc, unsigned worker, char *err,
                 size_t errlen)
{
    for (size_t i = from; i < to && i < c->n; i++) {
        int rc = td_stage_run(c->stages[i], doc, worker, err, errlen);
        if (rc != TD_OK)
            return rc;
    }
    return TD_OK;
}
