/* Reading and checking pipeline configs (see docs/PIPELINES.md). */
#include "pipeline_conf.h"
#include "redis_conn.h"
#include "run_record.h"
#include "strbuf.h"

#include <ini.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ini_kv {
    char *key, *value;
    int line;
} ini_kv;

typedef struct ini_section {
    char *name;
    int line;
    ini_kv *kv;
    size_t n;
} ini_section;

typedef struct ini_file {
    ini_section *sections;
    size_t n;
    int line;      /* lines read so far, to give the handler line numbers */
    bool oom;
    FILE *fp;
} ini_file;

/* Problems found, one per line. */
typedef struct errors {
    char *buf;
    size_t len, cap;
    int count;
    const char *path;
} errors;

static void problem(errors *e, int line, const char *fmt, ...) TD_PRINTF(3, 4);

static void problem(errors *e, int line, const char *fmt, ...)
{
    e->count++;
    if (e->len + 1 >= e->cap)
        return;
    int n = line > 0 ? snprintf(e->buf + e->len, e->cap - e->len, "%s%s:%d: ",
                                e->len ? "\n" : "", e->path, line)
                     : snprintf(e->buf + e->len, e->cap - e->len, "%s%s: ", e->len ? "\n" : "",
                                e->path);
    if (n < 0 || (size_t)n >= e->cap - e->len) {
        e->len = e->cap - 1;
        return;
    }
    e->len += (size_t)n;
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(e->buf + e->len, e->cap - e->len, fmt, ap);
    va_end(ap);
    e->len = n < 0 || (size_t)n >= e->cap - e->len ? e->cap - 1 : e->len + (size_t)n;
}

static ini_section *section_get(ini_file *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->sections[i].name, name) == 0)
            return &f->sections[i];
    return NULL;
}

static ini_section *section_add(ini_file *f, const char *name, size_t len)
{
    ini_section *grown = realloc(f->sections, (f->n + 1) * sizeof(*grown));
    if (!grown)
        return NULL;
    f->sections = grown;
    ini_section *s = &f->sections[f->n];
    *s = (ini_section){.name = strndup(name, len), .line = f->line};
    if (!s->name)
        return NULL;
    f->n++;
    return s;
}

/* inih reads through this, so the handler knows the line it is called for;
 * section headers are noted here too, as inih reports only their keys. */
static char *read_counting_lines(char *str, int num, void *stream)
{
    ini_file *f = stream;
    char *s = fgets(str, num, f->fp);
    if (!s)
        return NULL;
    f->line++;
    const char *p = s + strspn(s, " \t");
    const char *close = *p == '[' ? strchr(p, ']') : NULL;
    if (close) {
        const char *name = p + 1 + strspn(p + 1, " \t");
        size_t len = (size_t)(close - name);
        while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
            len--;
        char tmp[256];
        snprintf(tmp, sizeof(tmp), "%.*s", (int)len, name);
        if (!section_get(f, tmp) && !section_add(f, name, len))
            f->oom = true;
    }
    return s;
}

static int on_ini_line(void *user, const char *section, const char *name, const char *value)
{
    ini_file *f = user;
    ini_section *s = section_get(f, section);
    if (!s && !(s = section_add(f, section, strlen(section))))
        goto oom;
    if (!name) /* a section header with no keys yet (INI_CALL_HANDLER_ON_NEW_SECTION) */
        return 1;
    ini_kv *kv = realloc(s->kv, (s->n + 1) * sizeof(*kv));
    if (!kv)
        goto oom;
    s->kv = kv;
    kv[s->n] = (ini_kv){.key = strdup(name), .value = strdup(value ? value : ""),
                        .line = f->line};
    if (!kv[s->n].key || !kv[s->n].value) {
        free(kv[s->n].key);
        free(kv[s->n].value);
        goto oom;
    }
    s->n++;
    return 1;
oom:
    f->oom = true;
    return 0;
}

static void ini_file_free(ini_file *f)
{
    for (size_t i = 0; i < f->n; i++) {
        for (size_t j = 0; j < f->sections[i].n; j++) {
            free(f->sections[i].kv[j].key);
            free(f->sections[i].kv[j].value);
        }
        free(f->sections[i].kv);
        free(f->sections[i].name);
    }
    free(f->sections);
}

static const td_option pipeline_options[] = {
    {"stages", TD_OPT_LIST, NULL, "the stages, in the order they run"},
    {"queue", TD_OPT_STRING, "memory", "memory (one machine) or redis (many)"},
    {"workers", TD_OPT_STRING, "auto", "worker threads: a number, or auto for one per core"},
    {"queue_size", TD_OPT_INT, "256", "documents in flight at once (backpressure)"},
    {"split", TD_OPT_LIST, "", "redis: the stages that get a stream before them"},
    {"name", TD_OPT_STRING, NULL, "the pipeline's name in Redis keys (default: file name)"},
    {"emit", TD_OPT_LIST, NULL, "layers written out (default: every layer but token)"},
    {NULL, 0, NULL, NULL},
};

/* Set a section's keys on a config made from an option table; a stage
 * section's `plugin` key is the core's, not an option. */
static void apply_section(errors *e, td_stage_config *cfg, const ini_section *s, bool stage)
{
    for (size_t i = 0; s && i < s->n; i++) {
        char why[1024];
        if (stage && strcmp(s->kv[i].key, "plugin") == 0)
            continue;
        if (td_stage_config_set(cfg, s->kv[i].key, s->kv[i].value, why, sizeof(why)) != 0)
            problem(e, s->kv[i].line, "[%s] %s: %s", s->name, s->kv[i].key, why);
    }
}

static int key_line(const ini_section *s, const char *key)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (strcmp(s->kv[i].key, key) == 0)
            return s->kv[i].line;
    return s ? s->line : 0;
}

/* Which plugin could give `layer`: a later stage of this pipeline, or one
 * on the plugin path. Only runs to explain an error. */
typedef struct provider_search {
    const char *layer;
    const char *const *later; /* the stages after the one that needs it */
    size_t nlater;
    char found[128];
    bool found_later; /* found is one of them: the answer */
} provider_search;

static void look_for_provider(const char *path, void *user)
{
    provider_search *ps = user;
    char err[256];
    if (ps->found_later)
        return;
    td_plugin *p = td_plugin_open(path, err, sizeof(err));
    if (p && td_plugin_provides(p, ps->layer)) {
        bool listed = false;
        for (size_t i = 0; i < ps->nlater; i++)
            listed |= strcmp(ps->later[i], p->api.name) == 0;
        if (listed || !ps->found[0]) {
            snprintf(ps->found, sizeof(ps->found), "%s", p->api.name);
            ps->found_later = listed;
        }
    }
    td_plugin_close(p);
}

/* "; fix: move/add X before Y" for a layer no earlier stage provides. */
static void missing_layer_hint(const td_paths *paths, const char *const *stages, size_t nstages,
                               size_t at, const td_stage *st, const char *layer, char *hint,
                               size_t hintlen)
{
    hint[0] = '\0';
    provider_search ps = {.layer = layer, .later = stages + at + 1, .nlater = nstages - at - 1};
    td_paths_each_plugin(paths, look_for_provider, &ps);
    if (ps.found[0])
        snprintf(hint, hintlen, "; fix: %s '%s' before '%s'", ps.found_later ? "move" : "add",
                 ps.found, st->name);
}

static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".conf") == 0)
        len -= 5;
    return strndup(base, len);
}

static void load_stages(errors *e, td_pipeline_conf *conf, ini_file *f, const td_paths *paths,
                        const char *const *stages, size_t nstages, int stages_line)
{
    /* Relative data paths in the config are relative to its folder. */
    char conf_dir[4096];
    const char *slash = strrchr(conf->path, '/');
    if (slash)
        snprintf(conf_dir, sizeof(conf_dir), "%.*s",
                 (int)(slash == conf->path ? 1 : slash - conf->path), conf->path);
    else
        conf_dir[0] = '\0';
    for (size_t i = 0; i < nstages; i++) {
        char why[4096], section[256];
        /* A stage's plugin is its name, unless its section says plugin = ... */
        snprintf(section, sizeof(section), "stage.%s", stages[i]);
        const ini_section *ss = section_get(f, section);
        const char *plugin = stages[i];
        int plugin_line = stages_line;
        for (size_t k = 0; ss && k < ss->n; k++)
            if (strcmp(ss->kv[k].key, "plugin") == 0) {
                plugin = ss->kv[k].value;
                plugin_line = ss->kv[k].line;
            }
        if (plugin != stages[i] && (!*plugin || strchr(plugin, ' '))) {
            problem(e, plugin_line, "[%s] plugin: '%s' is not a plugin name; fix: one name "
                    "from `tidings plugins`", section, plugin);
            continue;
        }
        td_stage *st = td_stage_load(paths, plugin != stages[i] ? stages[i] : NULL, plugin,
                                     why, sizeof(why));
        if (!st) {
            if (plugin != stages[i])
                problem(e, plugin_line, "[%s] plugin: %s", section, why);
            else
                problem(e, stages_line, "[pipeline] stages: %s", why);
            continue;
        }
        if (strcmp(st->name, stages[i]) != 0) { /* a plugin given by its path */
            snprintf(section, sizeof(section), "stage.%s", st->name);
            ss = section_get(f, section);
        }
        if (*conf_dir && td_stage_config_set_base_dir(st->cfg, conf_dir) != 0)
            problem(e, stages_line, "out of memory");
        apply_section(e, st->cfg, ss, true);
        const char *missing;
        if (td_chain_check_next(&conf->chain, st, &missing, why, sizeof(why)) != 0) {
            char hint[256] = "";
            if (missing)
                missing_layer_hint(paths, stages, nstages, i, st, missing, hint, sizeof(hint));
            problem(e, stages_line, "[pipeline] stages: %s%s", why, hint);
        }
        /* Kept even after a problem, so the stages after it are checked
         * against what it provides and report their own problems only. */
        if (td_chain_append(&conf->chain, st) != 0) {
            problem(e, stages_line, "out of memory");
            td_stage_free(st);
        }
    }
}

static void check_sections(errors *e, ini_file *f, const char *const *stages, size_t nstages)
{
    for (size_t i = 0; i < f->n; i++) {
        const char *name = f->sections[i].name;
        if (strcmp(name, "pipeline") == 0 || strcmp(name, "queue.redis") == 0)
            continue;
        if (strncmp(name, "stage.", 6) == 0) {
            bool listed = false;
            for (size_t j = 0; j < nstages; j++)
                listed |= strcmp(stages[j], name + 6) == 0;
            if (!listed)
                problem(e, f->sections[i].line,
                        "[%s] configures a stage that [pipeline] stages does not list; fix: add "
                        "'%s' to stages or remove the section", name, name + 6);
            continue;
        }
        if (name[0] == '\0')
            problem(e, f->sections[i].line,
                    "'%s' sits before any section; fix: put it under [pipeline]",
                    f->sections[i].n ? f->sections[i].kv[0].key : "?");
        else
            problem(e, f->sections[i].line,
                    "unknown section [%s]; sections are [pipeline], [stage.NAME] and "
                    "[queue.redis]", name);
    }
}

static void read_pipeline_keys(errors *e, td_pipeline_conf *conf, const td_stage_config *pc,
                               const ini_section *ps)
{
    const char *queue = td_config_str(pc, "queue");
    if (strcmp(queue, "memory") != 0 && strcmp(queue, "redis") != 0)
        problem(e, key_line(ps, "queue"), "[pipeline] queue: '%s' is not a queue; fix: memory "
                "or redis", queue);
    conf->queue = strdup(queue);

    const char *workers = td_config_str(pc, "workers");
    if (strcmp(workers, "auto") != 0) {
        char *end;
        long w = strtol(workers, &end, 10);
        if (*end || end == workers || w < 1 || w > 1024)
            problem(e, key_line(ps, "workers"), "[pipeline] workers: '%s' is not a number of "
                    "threads; fix: 1 to 1024, or auto", workers);
        else
            conf->workers = (unsigned)w;
    }
    long long qs = td_config_int(pc, "queue_size");
    if (qs < 1 || qs > 1000000)
        problem(e, key_line(ps, "queue_size"), "[pipeline] queue_size: %lld is out of range; "
                "fix: 1 to 1000000", qs);
    conf->queue_size = qs > 0 ? (size_t)qs : 1;

    conf->name = td_config_has(pc, "name") ? strdup(td_config_str(pc, "name"))
                                            : name_from_path(conf->path);
    if (td_config_has(pc, "emit")) {
        size_t n;
        const char *const *layers = td_config_list(pc, "emit", &n);
        conf->emit = calloc(n + 1, sizeof(char *));
        for (size_t i = 0; conf->emit && i < n; i++)
            conf->emit[conf->nemit++] = strdup(layers[i]);
    }
}

static void read_splits(errors *e, td_pipeline_conf *conf, const td_stage_config *pc,
                        const ini_section *ps)
{
    size_t n;
    const char *const *split = td_config_list(pc, "split", &n);
    conf->splits = calloc(n + 1, sizeof(size_t));
    for (size_t i = 0; conf->splits && i < n; i++) {
        size_t at = conf->chain.n;
        for (size_t j = 0; j < conf->chain.n; j++)
            if (strcmp(conf->chain.stages[j]->name, split[i]) == 0)
                at = j;
        if (at == conf->chain.n)
            problem(e, key_line(ps, "split"), "[pipeline] split: '%s' is not one of the "
                    "stages", split[i]);
        else if (at == 0)
            problem(e, key_line(ps, "split"), "[pipeline] split: '%s' is the first stage, "
                    "which always has the input stream before it; fix: remove it", split[i]);
        else
            conf->splits[conf->nsplits++] = at;
    }
}

/* Each line of a stage's warnings, as "path:line: [section] warning: ...". */
static void add_warnings(td_pipeline_conf *conf, const char *path, int line,
                         const char *section, const char *lines)
{
    td_strbuf b;
    td_strbuf_init(&b);
    if (conf->warnings)
        td_strbuf_puts(&b, conf->warnings);
    for (const char *s = lines; *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        td_strbuf_printf(&b, "%s:%d: [%s] warning: %.*s\n", path, line, section, (int)len, s);
        s += len + (nl != NULL);
    }
    if (b.oom) {
        td_strbuf_free(&b);
        return;
    }
    free(conf->warnings);
    conf->warnings = td_strbuf_take(&b, NULL);
}

void td_pipeline_conf_print_warnings(const td_pipeline_conf *conf)
{
    if (conf->warnings)
        fputs(conf->warnings, stderr);
}

/* Starting the stages: each create() on a thread of its own, since loading
 * word lists and building matchers is most of a run's start-up and the
 * stages share nothing while they do it (PLUGINS.md says so to plugin
 * authors). Problems are reported afterwards in pipeline order, so the
 * messages read the same as from one thread. */
typedef struct stage_start {
    td_stage *st;
    int rc;
    char why[1024];
} stage_start;

static void *start_stage(void *arg)
{
    stage_start *s = arg;
    s->rc = td_stage_create(s->st, s->why, sizeof(s->why));
    return NULL;
}

static void create_stages(td_chain *chain, stage_start *starts)
{
    pthread_t *threads = calloc(chain->n, sizeof(*threads));
    bool *started = calloc(chain->n, sizeof(*started));
    for (size_t i = 0; i < chain->n; i++) {
        starts[i].st = chain->stages[i];
        /* the last one (and any without a thread) runs here */
        if (threads && started && i + 1 < chain->n &&
            pthread_create(&threads[i], NULL, start_stage, &starts[i]) == 0)
            started[i] = true;
    }
    for (size_t i = 0; i < chain->n; i++)
        if (!started || !started[i])
            start_stage(&starts[i]);
    for (size_t i = 0; started && i < chain->n; i++)
        if (started[i])
            pthread_join(threads[i], NULL);
    free(threads);
    free(started);
}

int td_pipeline_conf_load(td_pipeline_conf *conf, const char *path, const td_paths *paths,
                          bool create, char *err, size_t errlen)
{
    memset(conf, 0, sizeof(*conf));
    td_chain_init(&conf->chain);
    errors e = {.buf = err, .cap = errlen, .path = path};
    err[0] = '\0';
    ini_file f = {0};
    td_stage_config *pc = NULL;

    conf->path = strdup(path);
    f.fp = fopen(path, "r");
    if (!f.fp) {
        problem(&e, 0, "cannot read the pipeline config: %m");
        goto out;
    }
    int rc = ini_parse_stream(read_counting_lines, &f, on_ini_line, &f);
    fclose(f.fp);
    if (f.oom || rc < 0) {
        problem(&e, 0, "out of memory reading the config");
        goto out;
    }
    if (rc > 0) {
        problem(&e, rc, "not a [section] or key = value line");
        goto out;
    }
    const ini_section *ps = section_get(&f, "pipeline");
    pc = td_stage_config_new(pipeline_options, "[pipeline]", "pipeline", paths);
    conf->redis = td_stage_config_new(td_redis_options, "[queue.redis]", "queue.redis", paths);
    if (!pc || !conf->redis || !conf->path) {
        problem(&e, 0, "out of memory");
        goto out;
    }
    if (!ps) {
        problem(&e, 0, "no [pipeline] section; fix: add one with stages = ...");
        goto out;
    }
    apply_section(&e, pc, ps, false);
    apply_section(&e, conf->redis, section_get(&f, "queue.redis"), false);
    size_t nstages = 0;
    const char *const *stages = td_config_list(pc, "stages", &nstages);
    if (nstages == 0)
        problem(&e, ps->line, "[pipeline] stages: no stages; fix: stages = normalise segment "
                "...");
    check_sections(&e, &f, stages, nstages);
    read_pipeline_keys(&e, conf, pc, ps);
    const ini_section *rs = section_get(&f, "queue.redis");
    if (rs || (conf->queue && strcmp(conf->queue, "redis") == 0)) {
        /* The values' ranges and the URL, as a Redis command would read
         * them, so `tidings check` catches them too. */
        td_redis_cfg rcfg;
        char why[512];
        if (td_redis_cfg_load(&rcfg, conf->redis, why, sizeof(why)) != 0)
            problem(&e, rs ? rs->line : ps->line, "%s", why);
        else
            td_redis_cfg_free(&rcfg);
    }
    load_stages(&e, conf, &f, paths, stages, nstages, key_line(ps, "stages"));
    if (e.count == 0)
        read_splits(&e, conf, pc, ps);
    if (e.count == 0 && td_pipeline_resolve(conf) != 0)
        problem(&e, 0, "out of memory");
    stage_start *starts = NULL;
    if (create && e.count == 0 && conf->chain.n > 0) {
        starts = calloc(conf->chain.n, sizeof(*starts));
        if (!starts)
            problem(&e, 0, "out of memory");
        else
            create_stages(&conf->chain, starts);
    }
    for (size_t i = 0; starts && i < conf->chain.n; i++) {
        td_stage *st = conf->chain.stages[i];
        char section[256];
        snprintf(section, sizeof(section), "stage.%s", st->name);
        const ini_section *ss = section_get(&f, section);
        int line = ss ? ss->line : key_line(ps, "stages");
        if (starts[i].rc != 0)
            problem(&e, line, "[%s] %s", section, starts[i].why);
        else if (st->warnings)
            add_warnings(conf, path, line, section, st->warnings);
    }
    free(starts);
out:
    td_stage_config_free(pc);
    ini_file_free(&f);
    if (e.count) {
        td_pipeline_conf_free(conf);
        return -1;
    }
    return 0;
}

void td_pipeline_conf_free(td_pipeline_conf *conf)
{
    td_chain_free(&conf->chain);
    for (size_t i = 0; i < conf->nemit; i++)
        free(conf->emit[i]);
    free(conf->emit);
    free(conf->splits);
    free(conf->queue);
    free(conf->name);
    free(conf->path);
    free(conf->warnings);
    td_stage_config_free(conf->redis);
    free(conf->resolved);
    memset(conf, 0, sizeof(*conf));
}

bool td_pipeline_conf_emits(const td_pipeline_conf *conf, const char *layer)
{
    if (!conf->emit)
        return strcmp(layer, "token") != 0;
    for (size_t i = 0; i < conf->nemit; i++)
        if (strcmp(conf->emit[i], layer) == 0)
            return true;
    return false;
}
