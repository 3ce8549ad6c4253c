/* tidings run: a batch through the pipeline. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pipeline_conf.h"
#include "input.h"
#include "paths.h"
#include "redis.h"
#include "run.h"

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: tidings run [-c CONFIG] [-o OUT] [--workers N] [--stats]\n"
            "                   [--errors FILE] [--plugin-path DIRS] INPUT...\n\n"
            "Runs the pipeline over every INPUT: JSON Lines files (one object per line\n"
            "with a \"text\" field), .txt files (one document each), folders of both,\n"
            "or - for stdin. Writes the documents with their annotations as JSON Lines\n"
            "to OUT (stdout by default), in input order.\n\n"
            "  -c, --config FILE     pipeline config (default: the installed news.conf)\n"
            "  -o, --output FILE     write here instead of stdout\n"
            "  -w, --workers N       worker threads (default: the config's, or one per core)\n"
            "  -s, --stats           per-stage counts and timings on stderr\n"
            "  -e, --errors FILE     also write failed inputs there, as JSON Lines\n"
            "  -p, --plugin-path DIRS  more plugin folders, colon-separated, searched first\n\n"
            "Bad lines are reported as FILE:LINE and the rest goes on. Exit status: 0 all\n"
            "documents went through, 1 some failed, 2 usage or config error.\n");
}

const char *td_cli_config_path(const char *given, const char *pipelines_dir, char *buf,
                               size_t buflen)
{
    if (given)
        return given;
    snprintf(buf, buflen, "%s/news.conf", pipelines_dir);
    return buf;
}

int td_cmd_run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},  {"output", required_argument, NULL, 'o'},
        {"workers", required_argument, NULL, 'w'}, {"stats", no_argument, NULL, 's'},
        {"errors", required_argument, NULL, 'e'},  {"plugin-path", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *output = NULL, *errors = NULL, *plugin_path = NULL;
    td_run_opts opts = {.log = stderr};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:o:w:se:p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'o': output = optarg; break;
        case 'e': errors = optarg; break;
        case 'p': plugin_path = optarg; break;
        case 's': opts.stats = true; break;
        case 'w': {
            char *end;
            long w = strtol(optarg, &end, 10);
            if (*end || w < 1 || w > 1024) {
                fprintf(stderr, "tidings run: --workers wants 1 to 1024, not '%s'\n", optarg);
                return TD_EXIT_USAGE;
            }
            opts.workers = (unsigned)w;
            break;
        }
        case 'h': run_usage(stdout); return TD_EXIT_OK;
        default: run_usage(stderr); return TD_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "tidings run: no input; give files, folders, or - for stdin\n\n");
        run_usage(stderr);
        return TD_EXIT_USAGE;
    }

    int status = TD_EXIT_USAGE;
    td_paths paths;
    td_pipeline_conf conf;
    td_input *in = NULL;
    bool conf_ok = false;
    if (td_paths_init(&paths, plugin_path) != 0) {
        fprintf(stderr, "tidings: out of memory\n");
        return TD_EXIT_USAGE;
    }
    char pathbuf[4096], err[8192];
    const char *cfg = td_cli_config_path(config, td_paths_pipelines_dir(&paths), pathbuf,
                                         sizeof(pathbuf));
    if (td_pipeline_conf_load(&conf, cfg, &paths, true, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    conf_ok = true;
    td_pipeline_conf_print_warnings(&conf);
    opts.out = stdout;
    if (output && !(opts.out = fopen(output, "w"))) {
        fprintf(stderr, "tidings run: cannot write %s: %s\n", output, strerror(errno));
        goto out;
    }
    if (errors && !(opts.errors = fopen(errors, "w"))) {
        fprintf(stderr, "tidings run: cannot write %s: %s\n", errors, strerror(errno));
        goto out;
    }
    in = td_input_open((const char *const *)argv + optind, (size_t)(argc - optind));
    if (!in) {
        fprintf(stderr, "tidings: out of memory\n");
        goto out;
    }
    td_run_summary sum;
    int rc = strcmp(conf.queue, "redis") == 0 ? td_run_redis(&conf, in, &opts, &sum)
                                              : td_run_memory(&conf, in, &opts, &sum);
    if (rc < 0) {
        status = rc == -2 ? TD_EXIT_USAGE : TD_EXIT_FAILED_DOCS;
        goto out;
    }
    td_run_report(&conf, &sum, &opts);
    status = sum.failed ? TD_EXIT_FAILED_DOCS : TD_EXIT_OK;
out:
    td_input_close(in);
    if (opts.out && opts.out != stdout && fclose(opts.out) != 0) {
        fprintf(stderr, "tidings run: cannot write %s: %s\n", output, strerror(errno));
        status = TD_EXIT_FAILED_DOCS;
    }
    if (opts.errors)
        fclose(opts.errors);
    if (conf_ok)
        td_pipeline_conf_free(&conf);
    td_paths_free(&paths);
    return status;
}
