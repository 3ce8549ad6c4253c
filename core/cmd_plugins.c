/* tidings plugins, tidings check. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pipeline_conf.h"
#include "paths.h"
#include "plugin.h"

static void print_layers(const char *what, const char *const *layers)
{
    printf("    %-9s", what);
    if (!layers || !*layers)
        printf(" -");
    for (; layers && *layers; layers++)
        printf(" %s", *layers);
    printf("\n");
}

typedef struct listing {
    size_t broken;
} listing;

static void describe_plugin(const char *path, void *user)
{
    listing *l = user;
    char err[1024];
    td_plugin *p = td_plugin_open(path, err, sizeof(err));
    if (!p) {
        printf("! %s\n", err);
        l->broken++;
        return;
    }
    const td_stage_plugin *api = &p->api;
    printf("%s %s — %s\n", api->name, api->version ? api->version : "?",
           api->summary ? api->summary : "");
    printf("    %-9s %s\n", "file", path);
    print_layers("requires", api->requires);
    print_layers("provides", api->provides);
    if (api->provides_fn)
        printf("    %-9s provides some layers only with some options\n", "note");
    if (api->flags & TD_STAGE_REWRITES_TEXT)
        printf("    %-9s rewrites the text: runs before any stage that annotates\n", "note");
    if (!api->options || !api->options->name)
        printf("    %-9s none\n", "options");
    for (const td_option *o = api->options; o && o->name; o++)
        printf("    %-9s %s (%s, default %s): %s\n", o == api->options ? "options" : "",
               o->name, td_opt_type_name(o->type),
               o->default_value ? (*o->default_value ? o->default_value : "empty") : "none",
               o->help ? o->help : "");
    printf("\n");
    td_plugin_close(p);
}

static int parse_common(int argc, char **argv, const char *usage, const char **plugin_path,
                        const char **config)
{
    static const struct option longopts[] = {
        {"plugin-path", required_argument, NULL, 'p'},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:c:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': *plugin_path = optarg; break;
        case 'c': *config = optarg; break;
        case 'h': fputs(usage, stdout); return TD_EXIT_OK;
        default: fputs(usage, stderr); return TD_EXIT_USAGE;
        }
    }
    return -1;
}

/* The stages of a pipeline: each with its plugin and the options it gets. */
static int describe_pipeline(const td_paths *paths, const char *config)
{
    char pathbuf[4096], err[8192];
    const char *cfg = td_cli_config_path(config, td_paths_pipelines_dir(paths), pathbuf,
                                         sizeof(pathbuf));
    td_pipeline_conf conf;
    if (td_pipeline_conf_load(&conf, cfg, paths, false, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        return TD_EXIT_USAGE;
    }
    printf("stages of %s:\n\n", cfg);
    for (size_t i = 0; i < conf.chain.n; i++) {
        const td_stage *st = conf.chain.stages[i];
        const td_stage_plugin *api = &st->plugin->api;
        printf("%s: plugin %s %s — %s\n", st->name, api->name, api->version ? api->version : "?",
               api->summary ? api->summary : "");
        printf("    %-9s %s\n", "file", st->plugin->path);
        print_layers("requires", api->requires);
        print_layers("provides", td_stage_provides(st));
        char opts[4096];
        td_stage_config_describe(st->cfg, opts, sizeof(opts));
        printf("    %-9s %s\n\n", "options", *opts ? opts : "none");
    }
    td_pipeline_conf_free(&conf);
    return TD_EXIT_OK;
}

int td_cmd_plugins(int argc, char **argv)
{
    static const char usage[] =
        "usage: tidings plugins [--plugin-path DIRS] [-c CONFIG]\n\n"
        "Lists every stage plugin on the plugin path (--plugin-path, then\n"
        "TIDINGS_PLUGIN_PATH, then the installed plugins) with its version, what it\n"
        "does, the layers it needs and gives, and its options. A file that is not a\n"
        "loadable plugin is listed with '!' and the reason; the exit status is 1 then.\n"
        "With -c CONFIG, lists the stages of that pipeline instead: each stage's\n"
        "plugin (several stages may share one), its layers and its options' values.\n";
    const char *plugin_path = NULL, *config = NULL;
    int rc = parse_common(argc, argv, usage, &plugin_path, &config);
    if (rc >= 0)
        return rc;
    td_paths paths;
    if (td_paths_init(&paths, plugin_path) != 0)
        return TD_EXIT_USAGE;
    if (config) {
        rc = describe_pipeline(&paths, config);
        td_paths_free(&paths);
        return rc;
    }
    char where[4096];
    td_paths_describe(&paths, where, sizeof(where));
    printf("plugin path: %s\n\n", where);
    listing l = {0};
    size_t n = td_paths_each_plugin(&paths, describe_plugin, &l);
    if (n == 0)
        printf("no plugins found\n");
    td_paths_free(&paths);
    return l.broken ? TD_EXIT_FAILED_DOCS : TD_EXIT_OK;
}

int td_cmd_check(int argc, char **argv)
{
    static const char usage[] =
        "usage: tidings check [--plugin-path DIRS] [CONFIG]\n\n"
        "Checks a pipeline config without reading any document: every section and\n"
        "key, every option against its plugin's table, that each stage's layers\n"
        "are provided by the stages before it, and that every stage starts (its data\n"
        "files load). Prints each problem as FILE:LINE: [section] key: problem; fix.\n"
        "Exit status: 0 the config is good, 2 it is not.\n";
    const char *plugin_path = NULL, *config = NULL;
    int rc = parse_common(argc, argv, usage, &plugin_path, &config);
    if (rc >= 0)
        return rc;
    if (optind < argc)
        config = argv[optind];
    td_paths paths;
    if (td_paths_init(&paths, plugin_path) != 0)
        return TD_EXIT_USAGE;
    char pathbuf[4096], err[8192];
    const char *cfg = td_cli_config_path(config, td_paths_pipelines_dir(&paths), pathbuf,
                                         sizeof(pathbuf));
    td_pipeline_conf conf;
    if (td_pipeline_conf_load(&conf, cfg, &paths, true, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        td_paths_free(&paths);
        return TD_EXIT_USAGE;
    }
    td_pipeline_conf_print_warnings(&conf);
    printf("%s: ok\n  stages:", cfg);
    for (size_t i = 0; i < conf.chain.n; i++) {
        for (size_t s = 0; s < conf.nsplits; s++)
            if (conf.splits[s] == i)
                printf(" |");
        const td_stage *st = conf.chain.stages[i];
        if (strcmp(st->name, st->plugin->api.name) == 0)
            printf(" %s", st->name);
        else
            printf(" %s (%s)", st->name, st->plugin->api.name);
    }
    printf("\n  queue: %s, workers: ", conf.queue);
    if (conf.workers)
        printf("%u\n", conf.workers);
    else
        printf("auto\n");
    td_pipeline_conf_free(&conf);
    td_paths_free(&paths);
    return TD_EXIT_OK;
}
