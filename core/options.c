#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct opt_value {
    const td_option *opt;
    bool set; /* given in the config or by a default */
    char *raw;
    long long i;
    double d;
    bool b;
    char **items;
    size_t nitems;
} opt_value;

struct td_stage_config {
    const td_option *table;
    char *owner;  /* for messages: the stage (and plugin), or the config section */
    char *stage;
    char *plugin; /* the plugin's name, for its data files; NULL for a section */
    char *plugin_file;
    char *base_dir; /* the config file's folder: relative data paths start there */
    const td_paths *paths;
    opt_value *values;
    size_t n;
    char errmsg[512];
    char misuse[512]; /* options the plugin read wrongly, for td_stage_create */
    char *warnings;   /* td_config_warn: lines, malloc'd, or NULL */
    size_t warnings_len;
    unsigned warnings_dropped;
};

static int parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

static int parse_int(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int td_option_check(const td_option *opt, const char *value, char *why, size_t whylen)
{
    long long i;
    double d;
    bool b;
    int bad = 0;
    switch (opt->type) {
    case TD_OPT_INT: bad = parse_int(value, &i); break;
    case TD_OPT_DOUBLE: bad = parse_double(value, &d); break;
    case TD_OPT_BOOL: bad = parse_bool(value, &b); break;
    case TD_OPT_STRING:
    case TD_OPT_LIST: break;
    }
    if (bad) {
        static const char *const expect[] = {
            [TD_OPT_INT] = "a whole number such as 4",
            [TD_OPT_DOUBLE] = "a number such as 0.5",
            [TD_OPT_BOOL] = "true or false (also yes/no, on/off, 1/0)",
        };
        snprintf(why, whylen, "'%s' is not %s", value, expect[opt->type]);
        return -1;
    }
    return 0;
}

static void value_clear(opt_value *v)
{
    free(v->raw);
    for (size_t i = 0; i < v->nitems; i++)
        free(v->items[i]);
    free(v->items);
    v->raw = NULL;
    v->items = NULL;
    v->nitems = 0;
    v->set = false;
}

static int value_assign(opt_value *v, const char *text)
{
    value_clear(v);
    if (!(v->raw = strdup(text)))
        return -1;
    switch (v->opt->type) {
    case TD_OPT_INT: parse_int(text, &v->i); break;
    case TD_OPT_DOUBLE: parse_double(text, &v->d); break;
    case TD_OPT_BOOL: parse_bool(text, &v->b); break;
    case TD_OPT_STRING: break;
    case TD_OPT_LIST: {
        /* Words separated by spaces or commas; the array ends with NULL. */
        size_t cap = 1;
        for (const char *s = text; *s; s++)
            cap += (*s == ' ' || *s == ',' || *s == '\t');
        if (!(v->items = calloc(cap + 1, sizeof(char *))))
            return -1;
        const char *s = text;
        while (*s) {
            while (*s == ' ' || *s == ',' || *s == '\t')
                s++;
            size_t len = strcspn(s, " ,\t");
            if (len && !(v->items[v->nitems++] = strndup(s, len)))
                return -1;
            s += len;
        }
        break;
    }
    }
    v->set = true;
    return 0;
}

td_stage_config *td_stage_config_new(const td_option *table, const char *owner,
                                     const char *stage, const td_paths *paths)
{
    td_stage_config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        return NULL;
    cfg->table = table;
    cfg->paths = paths;
    for (const td_option *o = table; o && o->name; o++)
        cfg->n++;
    cfg->owner = strdup(owner);
    cfg->stage = strdup(stage);
    cfg->values = calloc(cfg->n ? cfg->n : 1, sizeof(opt_value));
    if (!cfg->owner || !cfg->stage || !cfg->values)
        goto fail;
    for (size_t i = 0; i < cfg->n; i++) {
        cfg->values[i].opt = &table[i];
        const char *dflt = table[i].default_value;
        if (dflt && value_assign(&cfg->values[i], dflt) != 0)
            goto fail;
    }
    return cfg;
fail:
    td_stage_config_free(cfg);
    return NULL;
}

void td_stage_config_free(td_stage_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; cfg->values && i < cfg->n; i++)
        value_clear(&cfg->values[i]);
    free(cfg->values);
    free(cfg->owner);
    free(cfg->stage);
    free(cfg->plugin);
    free(cfg->plugin_file);
    free(cfg->base_dir);
    free(cfg->warnings);
    free(cfg);
}

int td_stage_config_set_base_dir(td_stage_config *cfg, const char *dir)
{
    free(cfg->base_dir);
    cfg->base_dir = dir ? strdup(dir) : NULL;
    return !dir || cfg->base_dir ? 0 : -1;
}

int td_stage_config_set_plugin(td_stage_config *cfg, const char *plugin, const char *file)
{
    free(cfg->plugin);
    free(cfg->plugin_file);
    cfg->plugin = strdup(plugin);
    cfg->plugin_file = file ? strdup(file) : NULL;
    return cfg->plugin && (!file || cfg->plugin_file) ? 0 : -1;
}

static opt_value *find(const td_stage_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->n; i++)
        if (strcmp(cfg->values[i].opt->name, key) == 0)
            return &cfg->values[i];
    return NULL;
}

int td_stage_config_set(td_stage_config *cfg, const char *key, const char *value, char *err,
                        size_t errlen)
{
    opt_value *v = find(cfg, key);
    if (!v) {
        int off = snprintf(err, errlen, "unknown option '%s' for %s; ", key, cfg->owner);
        if (cfg->n == 0) {
            snprintf(err + off, errlen - (size_t)off, "it takes no options");
        } else {
            off += snprintf(err + off, errlen - (size_t)off, "valid options:");
            for (size_t i = 0; i < cfg->n && (size_t)off < errlen; i++)
                off += snprintf(err + off, errlen - (size_t)off, " %s", cfg->values[i].opt->name);
        }
        return -1;
    }
    char why[256];
    if (td_option_check(v->opt, value, why, sizeof(why)) != 0) {
        snprintf(err, errlen, "option '%s' of %s must be %s: %s", key, cfg->owner,
                 td_opt_type_name(v->opt->type), why);
        return -1;
    }
    if (value_assign(v, value) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

const char *td_stage_config_errmsg(const td_stage_config *cfg) { return cfg->errmsg; }

size_t td_stage_config_describe(const td_stage_config *cfg, char *buf, size_t buflen)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cfg->n; i++) {
        const opt_value *v = &cfg->values[i];
        int n = snprintf(buf + off, buflen - off, "%s%s=%s", off ? " " : "", v->opt->name,
                         v->set ? v->raw : "(unset)");
        if (n < 0 || (size_t)n >= buflen - off)
            break;
        off += (size_t)n;
    }
    return off;
}

/* ---- the plugin's side (stage.h) -------------------------------------- */

const char *td_config_stage(const td_stage_config *cfg) { return cfg->stage; }

const char *td_config_plugin(const td_stage_config *cfg)
{
    return cfg->plugin ? cfg->plugin : cfg->stage;
}

/* A plugin asking for an option it did not declare, or as another type,
 * is a bug in the plugin: the getter returns the zero value, and the
 * stage fails to start with a message naming the plugin and the option
 * (td_stage_config_misuse). The getters take a const config, as a plugin
 * only reads it; the note is the config's own bookkeeping. */
static void misuse(const td_stage_config *ccfg, const char *fmt, ...) TD_PRINTF(2, 3);

static void misuse(const td_stage_config *ccfg, const char *fmt, ...)
{
    td_stage_config *cfg = (td_stage_config *)ccfg;
    size_t len = strlen(cfg->misuse);
    if (len + 1 >= sizeof(cfg->misuse))
        return;
    if (len) {
        int n = snprintf(cfg->misuse + len, sizeof(cfg->misuse) - len, ", and ");
        if (n < 0)
            return;
        len += (size_t)n < sizeof(cfg->misuse) - len ? (size_t)n : sizeof(cfg->misuse) - len - 1;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cfg->misuse + len, sizeof(cfg->misuse) - len, fmt, ap);
    va_end(ap);
}

static const opt_value *get(const td_stage_config *cfg, const char *name, td_opt_type type)
{
    const opt_value *v = name ? find(cfg, name) : NULL;
    if (v && v->opt->type == type)
        return v->set ? v : NULL;
    /* The first problem says whose; the next ones follow it. */
    char who[256] = "";
    if (!cfg->misuse[0])
        snprintf(who, sizeof(who), "plugin '%s' read ", td_config_plugin(cfg));
    if (v) {
        misuse(cfg, "%soption '%s' as %s, but it is a %s", who, name, td_opt_type_name(type),
               td_opt_type_name(v->opt->type));
        return NULL;
    }
    char declared[256] = "";
    size_t off = 0;
    for (size_t i = 0; i < cfg->n && off < sizeof(declared); i++) {
        int n = snprintf(declared + off, sizeof(declared) - off, "%s%s", i ? " " : "",
                         cfg->values[i].opt->name);
        if (n < 0)
            break;
        off += (size_t)n;
    }
    misuse(cfg, "%soption '%s', which its option table does not declare (it declares: %s)",
           who, name ? name : "(null)", cfg->n ? declared : "no options");
    return NULL;
}

const char *td_stage_config_misuse(const td_stage_config *cfg) { return cfg->misuse; }

bool td_config_has(const td_stage_config *cfg, const char *name)
{
    const opt_value *v = find(cfg, name);
    return v && v->set;
}

const char *td_config_str(const td_stage_config *cfg, const char *name)
{
    const opt_value *v = get(cfg, name, TD_OPT_STRING);
    return v ? v->raw : NULL;
}

long long td_config_int(const td_stage_config *cfg, const char *name)
{
    const opt_value *v = get(cfg, name, TD_OPT_INT);
    return v ? v->i : 0;
}

double td_config_double(const td_stage_config *cfg, const char *name)
{
    const opt_value *v = get(cfg, name, TD_OPT_DOUBLE);
    return v ? v->d : 0;
}

bool td_config_bool(const td_stage_config *cfg, const char *name)
{
    const opt_value *v = get(cfg, name, TD_OPT_BOOL);
    return v ? v->b : false;
}

const char *const *td_config_list(const td_stage_config *cfg, const char *name, size_t *n)
{
    const opt_value *v = get(cfg, name, TD_OPT_LIST);
    static const char *const empty[] = {NULL};
    if (n)
        *n = v ? v->nitems : 0;
    return v ? (const char *const *)v->items : empty;
}

int td_config_fail(td_stage_config *cfg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cfg->errmsg, sizeof(cfg->errmsg), fmt, ap);
    va_end(ap);
    return -1;
}

/* Enough for every warning a sane list gives; the rest are counted. */
#define TD_WARNINGS_MAX (64 * 1024)

void td_config_warn(td_stage_config *cfg, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = strlen(line);
    if (cfg->warnings_len + len + 2 > TD_WARNINGS_MAX) {
        cfg->warnings_dropped++;
        return;
    }
    char *grown = realloc(cfg->warnings, cfg->warnings_len + len + 2);
    if (!grown) {
        cfg->warnings_dropped++;
        return;
    }
    cfg->warnings = grown;
    memcpy(grown + cfg->warnings_len, line, len);
    cfg->warnings_len += len;
    grown[cfg->warnings_len++] = '\n';
    grown[cfg->warnings_len] = '\0';
}

char *td_stage_config_take_warnings(td_stage_config *cfg)
{
    if (cfg->warnings_dropped) {
        unsigned dropped = cfg->warnings_dropped;
        cfg->warnings_dropped = 0;
        cfg->warnings_len = cfg->warnings_len > TD_WARNINGS_MAX - 100 ? TD_WARNINGS_MAX - 100
                                                                      : cfg->warnings_len;
        td_config_warn(cfg, "... and %u more warnings", dropped);
    }
    char *w = cfg->warnings;
    cfg->warnings = NULL;
    cfg->warnings_len = 0;
    return w;
}

int td_config_data_file(td_stage_config *cfg, const char *file, char *buf, size_t buflen)
{
    if (!file || !*file)
        return td_config_fail(cfg, "no data file named (an empty file name)");
    char tried[1024] = "";
    td_data_query q = {.plugin = td_config_plugin(cfg), .plugin_file = cfg->plugin_file,
                       .base_dir = cfg->base_dir, .file = file};
    if (cfg->paths && td_paths_find_data(cfg->paths, &q, buf, buflen, tried, sizeof(tried)) == 0)
        return 0;
    if (strchr(file, '/'))
        return td_config_fail(cfg, "data file '%s' not found: no file %s (a path with a '/' "
                              "is read as it is, relative to the config file's folder)",
                              file, *tried ? tried : file);
    return td_config_fail(cfg, "data file '%s' not found; looked in %s", file,
                          *tried ? tried : "no folder");
}
