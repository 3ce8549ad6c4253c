/* The `tidings` command's subcommands. Each returns the exit status:
 * 0 fine, 1 some documents failed, 2 usage or config error. */
#ifndef TD_CLI_H
#define TD_CLI_H

#include <stdio.h>

#define TD_EXIT_OK 0
#define TD_EXIT_FAILED_DOCS 1
#define TD_EXIT_USAGE 2

int td_cmd_run(int argc, char **argv);
int td_cmd_plugins(int argc, char **argv);
int td_cmd_check(int argc, char **argv);
int td_cmd_submit(int argc, char **argv);
int td_cmd_worker(int argc, char **argv);
int td_cmd_collect(int argc, char **argv);
int td_cmd_status(int argc, char **argv);

/* The config to use: -c's, or the installed (or source tree's) news.conf. */
const char *td_cli_config_path(const char *given, const char *pipelines_dir, char *buf,
                               size_t buflen);

#endif
