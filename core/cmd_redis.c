/* The Redis commands: being written (issue: Redis queue). */
#include <stdio.h>

#include "cli.h"
#include "redis.h"

static int not_yet(const char *what)
{
    fprintf(stderr, "tidings %s: the Redis backend is not in this build yet\n", what);
    return TD_EXIT_USAGE;
}

int td_run_redis(td_pipeline_conf *conf, td_input *in, const td_run_opts *opts,
                 td_run_summary *sum)
{
    (void)conf, (void)in, (void)opts, (void)sum;
    not_yet("run");
    return -2;
}

int td_cmd_submit(int argc, char **argv) { (void)argc, (void)argv; return not_yet("submit"); }
int td_cmd_worker(int argc, char **argv) { (void)argc, (void)argv; return not_yet("worker"); }
int td_cmd_collect(int argc, char **argv) { (void)argc, (void)argv; return not_yet("collect"); }
int td_cmd_status(int argc, char **argv) { (void)argc, (void)argv; return not_yet("status"); }
