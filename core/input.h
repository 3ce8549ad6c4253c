/* The reader: files, folders and stdin turned into records, in order. */
#ifndef TD_INPUT_H
#define TD_INPUT_H

#include "record.h"

typedef struct td_input td_input;

/* Inputs as given on the command line: JSON Lines files, .txt files (one
 * document each), folders (searched for both), "-" for stdin. */
td_input *td_input_open(const char *const *paths, size_t n);
/*
 * The next record in *rec: 1, or 0 at the end. A file that cannot be read
 * comes back as a record already failed with the reason, so the caller
 * counts it and goes on. -1 only when out of memory.
 */
int td_input_next(td_input *in, td_record **rec);
/* Blank lines passed over so far. */
uint64_t td_input_skipped(const td_input *in);
void td_input_close(td_input *in); /* NULL is a no-op */

#endif
