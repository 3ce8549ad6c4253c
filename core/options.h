/* A stage's options: checked against the plugin's table, defaulted, and
 * handed to create() as a td_stage_config. */
#ifndef TD_OPTIONS_H
#define TD_OPTIONS_H

#include <tidings/stage.h>

#include "paths.h"
#include "plugin.h"

/* 0 if `value` reads as the option's type, else -1 with the reason. */
int td_option_check(const td_option *opt, const char *value, char *why, size_t whylen);

/* A config for the option table `table` (ends with {NULL}). `owner` names
 * it in messages ("segment", "tariffs (plugin example)", "[queue.redis]");
 * `stage` is the stage's name. */
td_stage_config *td_stage_config_new(const td_option *table, const char *owner,
                                     const char *stage, const td_paths *paths);
/* For a plugin's config: its name (under which its data files are found)
 * and the path of its .so (beside which they may lie). 0 or -1. */
int td_stage_config_set_plugin(td_stage_config *cfg, const char *plugin, const char *file);
/* The folder of the config file the options came from: a data file given
 * as a relative path with a '/' is found from there. NULL: the working
 * folder. 0 or -1. */
int td_stage_config_set_base_dir(td_stage_config *cfg, const char *dir);
void td_stage_config_free(td_stage_config *cfg);

/*
 * Set an option from text. -1 with a message when the key is not in the
 * plugin's table (the message lists the valid keys) or the value is not of
 * the option's type.
 */
int td_stage_config_set(td_stage_config *cfg, const char *key, const char *value, char *err,
                        size_t errlen);

/* The message left by td_config_fail() in create(). */
const char *td_stage_config_errmsg(const td_stage_config *cfg);
/* Options create() read that its table does not declare, or as another
 * type: "" when none, else a message naming the plugin and each option. */
const char *td_stage_config_misuse(const td_stage_config *cfg);
/* The warnings create() gave (td_config_warn), one a line, each ending in
 * '\n': malloc'd for the caller, or NULL when none. */
char *td_stage_config_take_warnings(td_stage_config *cfg);

/* "key=value key=value" of every option, for --stats and messages. */
size_t td_stage_config_describe(const td_stage_config *cfg, char *buf, size_t buflen);

#endif
