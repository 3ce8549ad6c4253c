/* Resuming a batch (tidings run --resume -o OUT): what OUT already holds. */
#ifndef TD_RESUME_H
#define TD_RESUME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A set of document ids. */
typedef struct td_idset td_idset;

td_idset *td_idset_new(void);
/* 0, or -1 out of memory. */
int td_idset_add(td_idset *s, const char *id, size_t len);
bool td_idset_has(const td_idset *s, const char *id, size_t len);
size_t td_idset_size(const td_idset *s);
void td_idset_free(td_idset *s); /* NULL is a no-op */

typedef struct td_resume_scan {
    uint64_t lines;      /* complete lines kept */
    uint64_t cut_bytes;  /* a partial last line cut off */
    uint64_t other_stamp_line; /* a line made by another pipeline, or 0 */
    char other_stamp[13];
} td_resume_scan;

/*
 * Read OUT: the id of every complete line (one that ends in a newline)
 * into ids; a partial last line (a killed run's) is cut off the file. A
 * line whose "tidings" member has a pipeline stamp other than `stamp` is
 * noted in *scan. 0 (also when OUT does not exist), or -1 with the reason
 * in err: OUT unreadable, or a complete line that is not an output line.
 */
int td_resume_scan_output(const char *path, const char *stamp, td_idset *ids,
                          td_resume_scan *scan, char *err, size_t errlen);

#endif
