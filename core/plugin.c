#include "plugin.h"
#include "options.h"

#include <tidings/version.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fields every plugin must have: up to and including destroy. Later
 * ones (provides_fn) read as zero in a shorter struct. */
#define TD_PLUGIN_MIN_SIZE (offsetof(td_stage_plugin, destroy) + sizeof(void (*)(void *)))

const char *td_opt_type_name(td_opt_type type)
{
    switch (type) {
    case TD_OPT_STRING: return "string";
    case TD_OPT_INT: return "integer";
    case TD_OPT_DOUBLE: return "number";
    case TD_OPT_BOOL: return "bool";
    case TD_OPT_LIST: return "list";
    }
    return "unknown";
}

/* The plugin's own tables must make sense before a config is checked
 * against them: a bad table is the plugin author's bug, named here. */
static int check_tables(const td_stage_plugin *api, const char *path, char *err, size_t errlen)
{
    if (!api->name || !*api->name || strchr(api->name, ' ')) {
        snprintf(err, errlen, "%s: plugin has no name (or one with spaces)", path);
        return -1;
    }
    if (!api->process) {
        snprintf(err, errlen, "%s: plugin '%s' has no process function", path, api->name);
        return -1;
    }
    for (const td_option *o = api->options; o && o->name; o++) {
        if (strcmp(o->name, "plugin") == 0) {
            snprintf(err, errlen, "%s: plugin '%s' declares an option 'plugin', which is the "
                     "core's ([stage.NAME] plugin = ... names a stage's plugin); fix: rename "
                     "it", path, api->name);
            return -1;
        }
        if (o->type < TD_OPT_STRING || o->type > TD_OPT_LIST) {
            snprintf(err, errlen, "%s: option '%s' of plugin '%s' has an unknown type %d", path,
                     o->name, api->name, (int)o->type);
            return -1;
        }
        for (const td_option *p = api->options; p < o; p++)
            if (strcmp(p->name, o->name) == 0) {
                snprintf(err, errlen, "%s: plugin '%s' declares option '%s' twice", path,
                         api->name, o->name);
                return -1;
            }
        char why[128];
        if (o->default_value && td_option_check(o, o->default_value, why, sizeof(why)) != 0) {
            snprintf(err, errlen, "%s: the default of option '%s' of plugin '%s' is bad: %s",
                     path, o->name, api->name, why);
            return -1;
        }
    }
    return 0;
}

/* The plugin's .name rules: `stages =`, [stage.NAME] and `tidings plugins`
 * all use it, and the loader finds a plugin by its file name, so a file
 * named otherwise would be listed under one name and found under the other. */
static int check_file_name(const td_stage_plugin *api, const char *path, char *err,
                           size_t errlen)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 3 && strcmp(base + len - 3, ".so") == 0)
        len -= 3;
    if (strlen(api->name) == len && strncmp(base, api->name, len) == 0)
        return 0;
    snprintf(err, errlen, "%s: the plugin is named '%s' (its .name) but its file is '%s'; "
             "tidings finds a plugin by its file name, so they must agree; fix: rename the "
             "file to %s.so, or set .name = \"%.*s\"", path, api->name, base, api->name,
             (int)len, base);
    return -1;
}

td_plugin *td_plugin_open(const char *path, char *err, size_t errlen)
{
    td_plugin *p = calloc(1, sizeof(*p));
    if (!p || !(p->path = strdup(path))) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    dlerror();
    p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!p->handle) {
        const char *why = dlerror();
        snprintf(err, errlen, "%s: cannot load as a shared object: %s", path,
                 why ? why : "unknown error");
        goto fail;
    }
    const td_stage_plugin *sym = dlsym(p->handle, TD_STAGE_SYMBOL);
    if (!sym) {
        snprintf(err, errlen,
                 "%s: no '%s' symbol: not a tidings stage plugin (define one with "
                 "TD_STAGE_DEFINE)",
                 path, TD_STAGE_SYMBOL);
        goto fail;
    }
    /* Only the two leading words are read until they check out. */
    uint32_t abi = sym->abi_version, size = sym->struct_size;
    if (abi != TD_ABI_VERSION) {
        snprintf(err, errlen,
                 "%s: plugin ABI version %u, but this tidings loads version %u: rebuild the "
                 "plugin against tidings " TD_VERSION_STRING,
                 path, abi, TD_ABI_VERSION);
        goto fail;
    }
    if (size < TD_PLUGIN_MIN_SIZE) {
        snprintf(err, errlen, "%s: plugin struct is %u bytes, smaller than ABI %u's %zu", path,
                 size, TD_ABI_VERSION, (size_t)TD_PLUGIN_MIN_SIZE);
        goto fail;
    }
    memcpy(&p->api, sym, size < sizeof(p->api) ? size : sizeof(p->api));
    if (check_tables(&p->api, path, err, errlen) != 0 ||
        check_file_name(&p->api, path, err, errlen) != 0)
        goto fail;
    return p;
fail:
    td_plugin_close(p);
    return NULL;
}

void td_plugin_close(td_plugin *p)
{
    if (!p)
        return;
    if (p->handle)
        dlclose(p->handle);
    free(p->path);
    free(p);
}

const td_option *td_plugin_option(const td_plugin *p, const char *name)
{
    for (const td_option *o = p->api.options; o && o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

bool td_plugin_provides(const td_plugin *p, const char *layer)
{
    for (const char *const *l = p->api.provides; l && *l; l++)
        if (strcmp(*l, layer) == 0)
            return true;
    return false;
}
