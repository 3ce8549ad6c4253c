/* Test plugin: a slow stage (sleeps `ms` per document), so that a worker
 * killed in the Redis tests dies in the middle of a batch; and a document
 * that kills its worker (the process SIGKILLs itself on `crash`), the
 * poison that only max_deliveries stops. Never in a real pipeline: stages
 * do not sleep. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tidings/tidings.h>

static const td_option options[] = {
    {"ms", TD_OPT_INT, "0", "milliseconds to sleep per document"},
    {"crash", TD_OPT_STRING, "", "kill the whole process on documents containing this"},
    {NULL, 0, NULL, NULL},
};

typedef struct state {
    long long ms;
    char *crash;
} state;

static void destroy(void *p)
{
    state *st = p;
    if (!st)
        return;
    free(st->crash);
    free(st);
}

static int create(td_stage_config *cfg, void **out)
{
    state *st = calloc(1, sizeof(*st));
    if (!st || !(st->crash = strdup(td_config_str(cfg, "crash")))) {
        destroy(st);
        return td_config_fail(cfg, "out of memory");
    }
    st->ms = td_config_int(cfg, "ms");
    if (st->ms < 0 || st->ms > 60000) {
        destroy(st);
        return td_config_fail(cfg, "ms must be 0 to 60000");
    }
    *out = st;
    return 0;
}

static int process(td_stage_ctx *ctx, td_doc *doc)
{
    const state *st = td_stage_state(ctx);
    if (st->crash[0] && strstr(td_doc_text(doc, NULL), st->crash))
        kill(getpid(), SIGKILL);
    if (st->ms) {
        struct timespec ts = {(time_t)(st->ms / 1000), (long)(st->ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    return TD_OK;
}

TD_STAGE_DEFINE(.name = "testslow", .version = "0", .summary = "test: sleeps, or crashes",
                .options = options, .create = create, .process = process, .destroy = destroy);
