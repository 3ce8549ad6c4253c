/* Where tidings looks for plugins, their data and the ready pipelines. */
#ifndef TD_PATHS_H
#define TD_PATHS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct td_paths {
    char **plugin_dirs; /* searched in order */
    size_t nplugin_dirs;
    char **data_dirs;   /* extra data folders (TIDINGS_DATA_PATH) */
    size_t ndata_dirs;
    bool build_tree;    /* running from the build tree, not installed */
} td_paths;

/*
 * Folders from `extra` (--plugin-path, colon-separated, may be NULL), then
 * TIDINGS_PLUGIN_PATH, then the build tree's plugins/ when this program
 * runs from the build tree, else the installed $(pkglibdir). 0 or -1.
 */
int td_paths_init(td_paths *paths, const char *extra);
void td_paths_free(td_paths *paths);

/* Find plugin `name` (a path when it has a '/'). 0 with the path in buf, or -1. */
int td_paths_find_plugin(const td_paths *paths, const char *name, char *buf, size_t buflen);

/* Every plugin file on the path, first occurrence of each name only.
 * Calls fn(path, user) for each; returns how many. */
size_t td_paths_each_plugin(const td_paths *paths, void (*fn)(const char *path, void *user),
                            void *user);

/* What td_paths_find_data looks for. */
typedef struct td_data_query {
    const char *plugin;      /* the plugin's name */
    const char *plugin_file; /* its .so, or NULL */
    const char *base_dir;    /* the config file's folder, or NULL (the working folder) */
    const char *file;        /* a file name, or a path with a '/' */
} td_data_query;

/*
 * Find a data file. A path with a '/' is used as it is when absolute, else
 * relative to base_dir. A file name is looked for in each TIDINGS_DATA_PATH
 * folder (DIR/<plugin>/FILE, then DIR/FILE), beside the plugin's .so
 * (SODIR/<plugin>/data/FILE, then SODIR/data/FILE, for a plugin outside
 * tidings' own folder), then in tidings' own data: the source tree's
 * plugins/<plugin>/data/ when run from the build tree, else
 * $(pkgdatadir)/<plugin>/. 0 with the path in buf, or -1 with `tried` (if
 * not NULL) saying where it looked, with real folder names.
 */
int td_paths_find_data(const td_paths *paths, const td_data_query *q, char *buf, size_t buflen,
                       char *tried, size_t triedlen);

/* The folder of the ready pipelines (pipelines/ in the source tree, or
 * $(pkgdatadir)/pipelines installed). */
const char *td_paths_pipelines_dir(const td_paths *paths);

/* The plugin path joined by ':' for messages. */
void td_paths_describe(const td_paths *paths, char *buf, size_t buflen);

#endif
