/* A record: one input document on its way through the pipeline, from the
 * raw bytes the reader found to the output line the writer prints. */
#ifndef TD_RECORD_H
#define TD_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tidings/doc.h>

typedef enum td_record_kind {
    TD_RECORD_JSON = 0, /* one line of JSON Lines */
    TD_RECORD_TEXT      /* a whole .txt file */
} td_record_kind;

typedef enum td_record_status {
    TD_RECORD_PENDING = 0,
    TD_RECORD_OK,      /* output holds the annotated line */
    TD_RECORD_DROPPED, /* a stage filtered it out */
    TD_RECORD_FAILED,  /* error holds "source:line: problem" */
    TD_RECORD_SKIPPED  /* already in the output (--resume) */
} td_record_status;

typedef struct td_record {
    uint64_t seq;        /* input order, from 0 */
    td_record_kind kind;
    char *source;        /* file name as given, "-" for stdin */
    uint64_t line;       /* line in the source (JSON Lines), 0 for text files */
    char *raw;           /* the input bytes; owned */
    size_t raw_len;
    td_doc *doc;         /* after decoding; owned */
    td_record_status status;
    bool repaired;       /* invalid UTF-8 was replaced */
    char *output;        /* the JSON line to write, without newline; owned */
    size_t output_len;
    char *error;         /* owned */
    void *backend;       /* queue backend's handle (e.g. a Redis entry id) */
} td_record;

td_record *td_record_new(uint64_t seq, td_record_kind kind, const char *source, uint64_t line,
                         char *raw, size_t raw_len);
void td_record_free(td_record *rec); /* NULL is a no-op */
/* Mark failed with a message: "source:line: what" (or "source: what"). */
void td_record_fail(td_record *rec, const char *fmt, ...) TD_PRINTF(2, 3);

#endif
