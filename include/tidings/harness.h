/*
 * tidings harness: run stages on a document without the runner.
 *
 * For unit tests of a stage and for plugin authors:
 *
 *     td_harness *h = td_harness_new();
 *     if (td_harness_add(h, "segment", NULL) != 0)          // by name, on the plugin path
 *         fprintf(stderr, "%s\n", td_harness_errmsg(h));
 *     td_harness_add(h, "./mystage.so", (const char *[]){"min_length=4", NULL});
 *     td_doc *doc = td_doc_new("d1", text, strlen(text));
 *     td_doc_set_meta(doc, "published", "2026-01-14");       // input fields, if rules read them
 *     if (td_harness_run(h, doc) != TD_OK) ... td_harness_errmsg(h)
 *     size_t n; td_annot *const *toks = td_doc_layer(doc, "token", &n);
 *     td_doc_free(doc);
 *     td_harness_free(h);
 *
 * Stages run in the order they were added, with the same option checking,
 * layer checking and plugin loading as a pipeline.
 */
#ifndef TIDINGS_HARNESS_H
#define TIDINGS_HARNESS_H

#include <tidings/doc.h>
#include <tidings/stage.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct td_harness td_harness;

td_harness *td_harness_new(void);
/* `plugin`: a name found on the plugin path, or a path to a .so.
 * `options`: "key=value" strings, NULL-terminated, or NULL. 0 or -1. */
int td_harness_add(td_harness *h, const char *plugin, const char *const *options);
/* The same, as a stage called `name` (NULL: the plugin's name), so one
 * plugin can run as several stages with their own options, as
 * [stage.NAME] plugin = PLUGIN does in a pipeline. */
int td_harness_add_stage(td_harness *h, const char *name, const char *plugin,
                         const char *const *options);
/* Runs every stage in turn: TD_OK, TD_DROP, or TD_ERROR (message in errmsg). */
int td_harness_run(td_harness *h, td_doc *doc);
const char *td_harness_errmsg(const td_harness *h);
/* What the stages' create() warned of (td_config_warn), one "stage: message"
 * a line, each ending in '\n'; "" when nothing. Lives as long as h. */
const char *td_harness_warnings(const td_harness *h);
/*
 * Gives up the caller's use of the harness; NULL is a no-op. Documents run
 * through it stay safe to read until they are freed: their strings may
 * point into a stage's state or its plugin's code (td_annot_set_const with
 * a literal, a matcher payload), so the stages are destroyed and the
 * plugins unloaded only when the harness is freed AND every document run
 * through it has been freed with td_doc_free(), whichever comes last.
 * Documents may be freed before or after the harness, in any order.
 */
void td_harness_free(td_harness *h);

#ifdef __cplusplus
}
#endif
#endif
