/* tidings run: a batch through the pipeline. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "pipeline_conf.h"
#include "input.h"
#include "paths.h"
#include "progress.h"
#include "redis.h"
#include "resume.h"
#include "run.h"
#include "run_record.h"

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: tidings run [-c CONFIG] [-o OUT] [--workers N] [--stats]\n"
            "                   [--errors FILE] [--plugin-path DIRS] [--progress | --quiet]\n"
            "                   [--record FILE] [--resume [--force]] INPUT...\n\n"
            "Runs the pipeline over every INPUT: JSON Lines files (one object per line\n"
            "with a \"text\" field), .txt files (one document each), RSS and Atom feeds\n"
            "(.rss .atom .xml, or any file that starts as one: a document per item), any\n"
            "of them gzipped (.gz), folders of these, or - for stdin. Writes the\n"
            "documents with their annotations as JSON Lines to OUT (stdout by default),\n"
            "in input order.\n\n"
            "  -c, --config FILE     pipeline config (default: the installed news.conf)\n"
            "  -o, --output FILE     write here instead of stdout, and the run record to\n"
            "                        FILE.run.json (when FILE is a file, not a device)\n"
            "  -w, --workers N       worker threads (default: the config's, or one per core)\n"
            "  -s, --stats           per-stage counts and timings on stderr\n"
            "  -e, --errors FILE     also write failed inputs there, as JSON Lines\n"
            "  -p, --plugin-path DIRS  more plugin folders, colon-separated, searched first\n"
            "  -P, --progress        the progress line on stderr even when it is not a\n"
            "                        terminal (on a terminal it is on by default)\n"
            "  -q, --quiet           no progress line and no summary\n"
            "  -r, --record FILE     write the run record here (also without -o)\n"
            "  -R, --resume          with -o: skip the documents OUT already holds, cut a\n"
            "                        partial last line, append the rest\n"
            "  -f, --force           resume even when OUT was made by another pipeline\n\n"
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

/* --resume: refuse another pipeline's output, read the ids OUT holds and
 * cut its partial last line. TD_EXIT_OK to go on, else the exit status. */
static int prepare_resume(const td_pipeline_conf *conf, const char *output, const char *record,
                          bool force, bool quiet, td_idset *ids, td_run_info *info)
{
    char err[1024], hash[17];
    int got = record ? td_run_record_hash(record, hash, err, sizeof(err)) : 0;
    if (got < 0 && !force) {
        fprintf(stderr, "tidings run: %s; --force resumes anyway\n", err);
        return TD_EXIT_USAGE;
    }
    if (got > 0 && strcmp(hash, conf->hash) != 0 && !force) {
        fprintf(stderr,
                "tidings run: %s was made by another pipeline (hash %s, this one is %s); "
                "resuming would mix their results. Run it again without --resume, or "
                "--force\n",
                output, hash, conf->hash);
        return TD_EXIT_USAGE;
    }
    td_resume_scan scan;
    if (td_resume_scan_output(output, conf->stamp, ids, &scan, err, sizeof(err)) != 0) {
        fprintf(stderr, "tidings run: %s\n", err);
        return TD_EXIT_USAGE;
    }
    if (scan.other_stamp_line && !force) {
        fprintf(stderr,
                "tidings run: %s:%llu was made by another pipeline (stamp %s, this one is "
                "%s); run again without --resume, or --force\n",
                output, (unsigned long long)scan.other_stamp_line, scan.other_stamp,
                conf->stamp);
        return TD_EXIT_USAGE;
    }
    info->resumed = true;
    info->kept_lines = scan.lines;
    info->cut_bytes = scan.cut_bytes;
    if (!quiet) {
        fprintf(stderr, "tidings: resuming %s: %llu lines kept", output,
                (unsigned long long)scan.lines);
        if (scan.cut_bytes)
            fprintf(stderr, ", a partial last line of %llu bytes cut",
                    (unsigned long long)scan.cut_bytes);
        fputc('\n', stderr);
    }
    return TD_EXIT_OK;
}

int td_cmd_run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},  {"output", required_argument, NULL, 'o'},
        {"workers", required_argument, NULL, 'w'}, {"stats", no_argument, NULL, 's'},
        {"errors", required_argument, NULL, 'e'},  {"plugin-path", required_argument, NULL, 'p'},
        {"progress", no_argument, NULL, 'P'},      {"quiet", no_argument, NULL, 'q'},
        {"record", required_argument, NULL, 'r'},  {"resume", no_argument, NULL, 'R'},
        {"force", no_argument, NULL, 'f'},         {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *output = NULL, *errors = NULL, *plugin_path = NULL;
    const char *record = NULL;
    bool progress = false, quiet = false, resume = false, force = false;
    td_run_opts opts = {.log = stderr};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:o:w:se:p:Pqr:Rfh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'o': output = optarg; break;
        case 'e': errors = optarg; break;
        case 'p': plugin_path = optarg; break;
        case 's': opts.stats = true; break;
        case 'P': progress = true; break;
        case 'q': quiet = true; break;
        case 'r': record = optarg; break;
        case 'R': resume = true; break;
        case 'f': force = true; break;
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
    if (resume && !output) {
        fprintf(stderr, "tidings run: --resume needs -o OUT, the output to resume\n");
        return TD_EXIT_USAGE;
    }
    if (force && !resume) {
        fprintf(stderr, "tidings run: --force only goes with --resume\n");
        return TD_EXIT_USAGE;
    }
    if (progress && quiet) {
        fprintf(stderr, "tidings run: --progress and --quiet say opposite things; give one\n");
        return TD_EXIT_USAGE;
    }

    int status = TD_EXIT_USAGE;
    td_paths paths;
    td_pipeline_conf conf;
    td_input *in = NULL;
    td_idset *done = NULL;
    char *record_buf = NULL;
    bool conf_ok = false;
    td_run_info info = {.output = output};
    if (td_paths_init(&paths, plugin_path) != 0) {
        fprintf(stderr, "tidings: out of memory\n");
        return TD_EXIT_USAGE;
    }
    char pathbuf[4096], err[8192];
    const char *cfg = td_cli_config_path(config, td_paths_pipelines_dir(&paths), pathbuf,
                                         sizeof(pathbuf));
    info.config = cfg;
    if (td_pipeline_conf_load(&conf, cfg, &paths, true, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    conf_ok = true;
    td_pipeline_conf_print_warnings(&conf);
    struct stat out_st;
    /* Beside a file, not beside /dev/null or a pipe. */
    bool out_is_file = output && (stat(output, &out_st) != 0 || S_ISREG(out_st.st_mode));
    if (!record && out_is_file) {
        if (asprintf(&record_buf, "%s.run.json", output) < 0) {
            fprintf(stderr, "tidings: out of memory\n");
            goto out;
        }
        record = record_buf;
    }
    bool redis = strcmp(conf.queue, "redis") == 0;
    if (resume) {
        if (redis) {
            fprintf(stderr, "tidings run: --resume works with queue = memory; a Redis run "
                            "already resumes through its streams (docs/DISTRIBUTED.md)\n");
            goto out;
        }
        if (!(done = td_idset_new())) {
            fprintf(stderr, "tidings: out of memory\n");
            goto out;
        }
        status = prepare_resume(&conf, output, record, force, quiet, done, &info);
        if (status != TD_EXIT_OK)
            goto out;
        status = TD_EXIT_USAGE;
        opts.resume = done;
    }
    opts.out = stdout;
    if (output && !(opts.out = fopen(output, resume ? "a" : "w"))) {
        fprintf(stderr, "tidings run: cannot write %s: %s\n", output, strerror(errno));
        goto out;
    }
    if (errors && !(opts.errors = fopen(errors, resume ? "a" : "w"))) {
        fprintf(stderr, "tidings run: cannot write %s: %s\n", errors, strerror(errno));
        goto out;
    }
    in = td_input_open((const char *const *)argv + optind, (size_t)(argc - optind));
    if (!in) {
        fprintf(stderr, "tidings: out of memory\n");
        goto out;
    }
    info.started = td_wall_now();
    /* Written at the start too: a killed run leaves its pipeline behind. */
    if (record && td_run_record_write(record, &conf, in, NULL, &info) != 0) {
        fprintf(stderr, "tidings run: cannot write the run record %s: %s\n", record,
                strerror(errno));
        goto out;
    }
    bool tty = isatty(STDERR_FILENO);
    if (!quiet && (progress || tty) && !(opts.progress = td_progress_new(stderr, tty, in))) {
        fprintf(stderr, "tidings: out of memory\n");
        goto out;
    }
    td_run_summary sum;
    int rc = redis ? td_run_redis(&conf, in, &opts, &sum) : td_run_memory(&conf, in, &opts, &sum);
    td_progress_end(opts.progress, &sum);
    if (rc < 0) {
        status = rc == -2 ? TD_EXIT_USAGE : TD_EXIT_FAILED_DOCS;
        goto out;
    }
    if (!quiet || opts.stats)
        td_run_report(&conf, &sum, &opts);
    status = sum.failed ? TD_EXIT_FAILED_DOCS : TD_EXIT_OK;
    if (opts.out != stdout && fflush(opts.out) != 0) {
        fprintf(stderr, "tidings run: cannot write %s: %s\n", output, strerror(errno));
        status = TD_EXIT_FAILED_DOCS;
    }
    info.ended = td_wall_now();
    info.exit_status = status;
    if (record && td_run_record_write(record, &conf, in, &sum, &info) != 0) {
        fprintf(stderr, "tidings run: cannot write the run record %s: %s\n", record,
                strerror(errno));
        status = TD_EXIT_FAILED_DOCS;
    }
out:
    td_progress_free(opts.progress);
    td_input_close(in);
    td_idset_free(done);
    if (opts.out && opts.out != stdout && fclose(opts.out) != 0) {
        fprintf(stderr, "tidings run: cannot write %s: %s\n", output, strerror(errno));
        status = TD_EXIT_FAILED_DOCS;
    }
    if (opts.errors)
        fclose(opts.errors);
    if (conf_ok)
        td_pipeline_conf_free(&conf);
    td_paths_free(&paths);
    free(record_buf);
    return status;
}
