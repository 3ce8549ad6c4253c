/* Loading stage plugins: dlopen, the ABI check, and the plugin's tables. */
#ifndef TD_PLUGIN_H
#define TD_PLUGIN_H

#include <tidings/stage.h>

typedef struct td_plugin {
    void *handle;
    char *path;
    /* The plugin's struct, copied; fields past its struct_size read zero. */
    td_stage_plugin api;
} td_plugin;

/*
 * Load the plugin at `path`. The ABI version and struct size are checked
 * before any other field is read. On failure returns NULL with a message
 * naming the file in err.
 */
td_plugin *td_plugin_open(const char *path, char *err, size_t errlen);
void td_plugin_close(td_plugin *p); /* NULL is a no-op */

const td_option *td_plugin_option(const td_plugin *p, const char *name);
bool td_plugin_provides(const td_plugin *p, const char *layer);
const char *td_opt_type_name(td_opt_type type);

#endif
