/* Test plugin: create() asks for an option its table does not declare,
 * and reads another as the wrong type; the core must name both the
 * plugin and the option instead of aborting. */
#include <stdlib.h>

#include <tidings/tidings.h>

static const td_option options[] = {
    {"fold", TD_OPT_BOOL, "true", "declared as fold..."},
    {"label", TD_OPT_STRING, "x", "a string"},
    {NULL, 0, NULL, NULL},
};

static int create(td_stage_config *cfg, void **state)
{
    int *st = malloc(sizeof(*st));
    if (!st)
        return td_config_fail(cfg, "out of memory");
    *st = td_config_bool(cfg, "fold_case") ? 1 : 0; /* ...read as fold_case */
    *st += (int)td_config_int(cfg, "label");        /* a string read as an integer */
    *state = st;
    return 0;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    (void)ctx;
    (void)doc;
    return TD_OK;
}

static void destroy(void *state) { free(state); }

TD_STAGE_DEFINE(.name = "testtypo", .version = "0",
                .summary = "test: reads an option it does not declare", .options = options,
                .create = create, .process = process, .destroy = destroy);
