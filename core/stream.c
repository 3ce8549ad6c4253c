#include "stream.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* zlib's own buffer: large reads of a plain file go straight to read(2)
 * past it, so only archives pay for it. */
#define GZ_BUFFER (256 * 1024)
/* An archive is inflated this much at a time: zlib gives nothing of a read
 * that ends in corrupt data, so a smaller read loses less before it. */
#define GZ_READ (128 * 1024)

struct td_stream {
    gzFile gz;
    bool failed;
    char error[256];
};

td_stream *td_stream_open(const char *path)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    td_stream *s = calloc(1, sizeof(*s));
    if (!s) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    s->gz = gzdopen(fd, "rb");
    if (!s->gz) {
        close(fd);
        free(s);
        errno = ENOMEM;
        return NULL;
    }
    gzbuffer(s->gz, GZ_BUFFER);
    return s;
}

ssize_t td_stream_read(td_stream *s, void *buf, size_t n)
{
    if (s->failed)
        return -1;
    if (n > INT_MAX)
        n = INT_MAX;
    if (n > GZ_READ && !gzdirect(s->gz))
        n = GZ_READ;
    int got = gzread(s->gz, buf, (unsigned)n);
    if (got > 0)
        return got;
    int code;
    const char *msg = gzerror(s->gz, &code);
    /* A truncated archive reads as an early end, with Z_BUF_ERROR set. */
    if (got == 0 && code != Z_BUF_ERROR)
        return 0;
    s->failed = true;
    if (code == Z_ERRNO)
        snprintf(s->error, sizeof(s->error), "cannot read: %s", strerror(errno));
    else {
        /* zlib puts the file's name first, here "<fd:N>: ": the caller
         * names the file. */
        const char *colon = msg && strncmp(msg, "<fd:", 4) == 0 ? strstr(msg, ": ") : NULL;
        if (colon)
            msg = colon + 2;
        snprintf(s->error, sizeof(s->error), "corrupt or truncated gzip data: %s",
                 msg && *msg ? msg : "unknown error");
    }
    return -1;
}

const char *td_stream_error(const td_stream *s) { return s->error; }

uint64_t td_stream_consumed(const td_stream *s)
{
    z_off_t off = gzoffset(s->gz);
    return off > 0 ? (uint64_t)off : 0;
}

bool td_stream_compressed(const td_stream *s) { return gzdirect(s->gz) == 0; }

void td_stream_close(td_stream *s)
{
    if (!s)
        return;
    gzclose_r(s->gz);
    free(s);
}
