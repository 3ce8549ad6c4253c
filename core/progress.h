/* The progress line of a run on stderr: documents, MB, docs/s, MB/s, and
 * the ETA when the input's total size is known. */
#ifndef TD_PROGRESS_H
#define TD_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "input.h"

typedef struct td_progress td_progress;
struct td_run_summary;

/* On a terminal (redraw) the line is drawn over itself a few times a
 * second; elsewhere (--progress into a file) it is written as a new line
 * every second. NULL when out of memory. */
td_progress *td_progress_new(FILE *out, bool redraw, const td_input *in);

/* After each document is written (from the writer thread only): redraws
 * when it is time. Cheap otherwise: one clock read. */
void td_progress_note(td_progress *p, const struct td_run_summary *sum);

/* The run is over: a terminal's line is cleared for the summary, a log
 * gets its last line. */
void td_progress_end(td_progress *p, const struct td_run_summary *sum);

void td_progress_free(td_progress *p); /* NULL is a no-op */

#endif
