/* A byte stream from one input file: plain or gzip, told apart by the
 * content (zlib reads a file that is not gzip as it is), so .gz archives,
 * plain files and a gzip piped to stdin all read the same way. */
#ifndef TD_STREAM_H
#define TD_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct td_stream td_stream;

/* Open `path` ("-" for stdin). NULL with errno set when it cannot be
 * opened (ENOMEM when out of memory). */
td_stream *td_stream_open(const char *path);

/*
 * Up to n bytes into buf: the count, 0 at the end, -1 on a read error or a
 * corrupt or truncated archive (td_stream_error says which).
 */
ssize_t td_stream_read(td_stream *s, void *buf, size_t n);

/* What went wrong, as "cannot read: ..." or "corrupt or truncated gzip
 * data: ...". */
const char *td_stream_error(const td_stream *s);

/* Bytes of the file consumed so far (compressed bytes for an archive), to
 * set against its size for an ETA. */
uint64_t td_stream_consumed(const td_stream *s);

/* The file is gzip (known once something was read). */
bool td_stream_compressed(const td_stream *s);

void td_stream_close(td_stream *s); /* NULL is a no-op */

#endif
