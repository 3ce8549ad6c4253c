/* The reader: files, folders and stdin turned into records, in order. */
#ifndef TD_INPUT_H
#define TD_INPUT_H

#include "record.h"

typedef struct td_input td_input;

/* Inputs as given on the command line: JSON Lines files, .txt files (one
 * document each), RSS and Atom feeds (one document per item), any of them
 * gzipped, folders (searched for all of these), "-" for stdin. */
td_input *td_input_open(const char *const *paths, size_t n);
/*
 * The next record in *rec: 1, or 0 at the end. A file that cannot be read
 * comes back as a record already failed with the reason, so the caller
 * counts it and goes on. -1 only when out of memory.
 */
int td_input_next(td_input *in, td_record **rec);
/* Blank lines passed over so far. */
uint64_t td_input_skipped(const td_input *in);

/* The files to read, folders expanded: path, size in bytes (-1 when not
 * known: stdin, a pipe) and what it was read as ("jsonl", "text", "feed",
 * each with ".gz" when compressed; NULL before it was opened). */
size_t td_input_count(const td_input *in);
void td_input_file(const td_input *in, size_t i, const char **path, int64_t *size,
                   const char **kind);
/* Bytes of the input files consumed so far (compressed bytes of an
 * archive), and their total: false when a size is not known. Safe to call
 * from another thread while the input is read. */
bool td_input_position(const td_input *in, uint64_t *consumed, uint64_t *total);

void td_input_close(td_input *in); /* NULL is a no-op */

#endif
