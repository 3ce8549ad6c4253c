/* tidings: the command. */
#include <stdio.h>
#include <string.h>

#include <tidings/version.h>

#include "cli.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"run", td_cmd_run, "run a pipeline over files, folders or stdin"},
    {"plugins", td_cmd_plugins, "list the stage plugins on the plugin path, with options"},
    {"check", td_cmd_check, "check a pipeline config without running it"},
    {"submit", td_cmd_submit, "feed documents into a Redis pipeline"},
    {"worker", td_cmd_worker, "run stages of a Redis pipeline until stopped"},
    {"collect", td_cmd_collect, "write finished documents of a Redis pipeline"},
    {"status", td_cmd_status, "show a Redis pipeline's streams"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: tidings COMMAND [OPTIONS] ...\n\n"
               "tidings reads news feeds (JSON Lines, text files, RSS and Atom, gzipped or\n"
               "not) and annotates them with a pipeline of stage plugins.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`tidings COMMAND --help` tells more; `tidings --version` the version.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return TD_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 ||
        strcmp(cmd, "version") == 0) {
        printf("tidings %s\n", TD_VERSION_STRING);
        return TD_EXIT_OK;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        if (argc > 2 && strcmp(cmd, "help") == 0) {
            /* `tidings help run` is `tidings run --help` */
            for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (strcmp(commands[i].name, argv[2]) == 0) {
                    char *args[] = {argv[2], "--help", NULL};
                    return commands[i].fn(2, args);
                }
        }
        usage(stdout);
        return TD_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(commands[i].name, cmd) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "tidings: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return TD_EXIT_USAGE;
}
