/*
 * tidings stage plugins.
 *
 * A plugin is a shared object that exports one symbol, `tidings_stage`, a
 * const td_stage_plugin made with TD_STAGE_DEFINE. The loader reads
 * `abi_version` and `struct_size` before anything else and refuses a plugin
 * built for another ABI. The struct only ever grows at its end: a plugin
 * built against an older header (smaller struct_size) still loads, and the
 * fields it lacks read as zero.
 *
 *     static const td_option opts[] = {
 *         {"min_length", TD_OPT_INT, "3", "shortest word to count"},
 *         {NULL}
 *     };
 *     static int create(td_stage_config *cfg, void **state) { ... }
 *     static int process(td_stage_ctx *ctx, td_doc *doc) { ... }
 *     static void destroy(void *state) { ... }
 *
 *     TD_STAGE_DEFINE(
 *         .name = "wordcount", .version = "1.0",
 *         .summary = "counts words",
 *         .options = opts,
 *         .requires = TD_LAYERS("token"),
 *         .create = create, .process = process, .destroy = destroy);
 *
 * Threads: create() runs once per pipeline; the state it makes is read-only
 * afterwards, and process() is called on many documents at once from many
 * threads with the same state. Keep per-call scratch on the stack or in the
 * document's arena (td_doc_alloc).
 */
#ifndef TIDINGS_STAGE_H
#define TIDINGS_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tidings/doc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when td_stage_plugin changes other than by growing at its end,
 * or any function a plugin calls changes its meaning.
 * 2: provides_fn; td_doc_meta gives numbers as text; td_matcher_add keeps
 *    the same text with another payload; a plugin's file must be NAME.so. */
#define TD_ABI_VERSION 2u

/* What process() returns. */
enum td_status {
    TD_OK = 0,    /* go on to the next stage */
    TD_DROP = 1,  /* filter the document out; counted, not an error */
    TD_ERROR = -1 /* failed: the message set with td_stage_fail() is reported */
};

typedef enum td_opt_type {
    TD_OPT_STRING = 1,
    TD_OPT_INT,    /* a whole number, range of long long */
    TD_OPT_DOUBLE, /* a number */
    TD_OPT_BOOL,   /* true/false, yes/no, on/off, 1/0 */
    TD_OPT_LIST    /* words separated by spaces or commas */
} td_opt_type;

typedef struct td_option {
    const char *name;
    td_opt_type type;
    const char *default_value; /* NULL: no default, td_config_has() is false */
    const char *help;          /* one line, shown by `tidings plugins` */
} td_option;

/* Flags in td_stage_plugin.flags. */
#define TD_STAGE_REWRITES_TEXT 0x1u /* changes the working text: must come
                                       before any stage that annotates */

/* Validated options and context handed to create(). Valid during create()
 * only; copy what you keep. */
typedef struct td_stage_config td_stage_config;
/* What process() gets: the state and the means to report a failure. */
typedef struct td_stage_ctx td_stage_ctx;

typedef struct td_stage_plugin {
    uint32_t abi_version; /* TD_ABI_VERSION */
    uint32_t struct_size; /* sizeof(td_stage_plugin) when built */
    const char *name;     /* the plugin's one name; its file must be NAME.so */
    const char *version;
    const char *summary;       /* one line */
    const td_option *options;  /* ends with {NULL}; NULL for none */
    const char *const *requires; /* layers needed upstream, NULL-terminated */
    const char *const *provides; /* layers this stage adds */
    uint32_t flags;

    /* 0 on success with *state set (may be NULL); -1 after td_config_fail(). */
    int (*create)(td_stage_config *cfg, void **state);
    /* TD_OK, TD_DROP or TD_ERROR (via td_stage_fail). Reentrant. */
    int (*process)(td_stage_ctx *ctx, td_doc *doc);
    void (*destroy)(void *state); /* may be NULL; gets NULL state safely */

    /*
     * Optional (ABI 2): the layers this stage adds with the options it was
     * given, when they depend on them (segment with tokens = false adds no
     * token layer). A NULL-terminated list in static storage (a string
     * literal list such as TD_LAYERS(...) at file scope), and a subset of
     * `provides`, which still lists every layer the plugin can add (for
     * `tidings plugins`). Called with the options final, before create();
     * the layer check of a pipeline and of the harness uses it. NULL:
     * `provides` whatever the options.
     */
    const char *const *(*provides_fn)(const td_stage_config *cfg);
    /* New fields go here, at the end. */
} td_stage_plugin;

#define TD_LAYERS(...) ((const char *const[]){__VA_ARGS__, NULL})

#if defined(__GNUC__)
#define TD_EXPORT __attribute__((visibility("default")))
#else
#define TD_EXPORT
#endif

#define TD_STAGE_SYMBOL "tidings_stage"
#define TD_STAGE_DEFINE(...)                                                   \
    TD_EXPORT extern const td_stage_plugin tidings_stage;                       \
    const td_stage_plugin tidings_stage = {.abi_version = TD_ABI_VERSION,       \
                                           .struct_size = sizeof(td_stage_plugin), \
                                           __VA_ARGS__}

/* ---- create(): options and data files ---------------------------------- */

/* The stage's name as configured ("tariffs" for [stage.tariffs] plugin =
 * example), and its plugin's name ("example"); the same unless the
 * pipeline made a second stage of one plugin. Valid during create(). */
const char *td_config_stage(const td_stage_config *cfg);
const char *td_config_plugin(const td_stage_config *cfg);

/* Options, already checked against the plugin's table and defaulted.
 * Asking for a name not in the table, or as another type, returns the
 * zero value (NULL, 0, false, an empty list), and the stage then fails to
 * start with a message naming the plugin and the option ("plugin 'x' read
 * option 'typo', which its option table does not declare (it declares:
 * words case_sensitive)"), whatever create() returns. */
bool td_config_has(const td_stage_config *cfg, const char *name);
const char *td_config_str(const td_stage_config *cfg, const char *name);
long long td_config_int(const td_stage_config *cfg, const char *name);
double td_config_double(const td_stage_config *cfg, const char *name);
bool td_config_bool(const td_stage_config *cfg, const char *name);
/* A list option's items; `*n` gets the count. */
const char *const *td_config_list(const td_stage_config *cfg, const char *name, size_t *n);

/*
 * Find a data file of the plugin (<plugin> is td_config_plugin(cfg)):
 *   - `file` with a '/' is a path: as it is when absolute, else relative
 *     to the folder of the pipeline config that set it (the working folder
 *     in the harness);
 *   - a file name is looked for in each TIDINGS_DATA_PATH folder DIR as
 *     DIR/<plugin>/<file> and DIR/<file>; then beside the plugin's .so
 *     (SODIR/<plugin>/data/<file>, SODIR/data/<file>) for a plugin that
 *     is not one of tidings' own; then in tidings' data folder:
 *     plugins/<plugin>/data/ of the source tree when run from the build
 *     tree, else $(pkgdatadir)/<plugin>/ (`pkg-config --variable=
 *     plugindatadir tidings`, where installed plugins keep their data).
 * Writes the path into buf; 0, or -1 with td_config_fail() already called
 * with a message naming every folder it looked in.
 */
int td_config_data_file(td_stage_config *cfg, const char *file, char *buf, size_t buflen);

/* Report why create() failed; returns -1 for `return td_config_fail(...)`. */
int td_config_fail(td_stage_config *cfg, const char *fmt, ...) TD_PRINTF(2, 3);

/* Something worth knowing about the stage's setup that does not stop it:
 * a word list that repeats a word (td_matcher_on_warning passes such
 * messages on). `tidings check` and `tidings run` print each on stderr as
 * "FILE:LINE: [stage.NAME] warning: message"; the harness keeps them for
 * td_harness_warnings(). During create() only. */
void td_config_warn(td_stage_config *cfg, const char *fmt, ...) TD_PRINTF(2, 3);

/* ---- process() --------------------------------------------------------- */

/* The state create() made (read-only). */
const void *td_stage_state(const td_stage_ctx *ctx);
/* Index of the calling worker thread, from 0 (for messages and tests). */
unsigned td_stage_worker(const td_stage_ctx *ctx);

/* Report why process() failed; returns TD_ERROR for `return td_stage_fail(...)`. */
int td_stage_fail(td_stage_ctx *ctx, const char *fmt, ...) TD_PRINTF(2, 3);

#ifdef __cplusplus
}
#endif
#endif
