/*
 * The reader. Every file is read as a stream (core/stream.c: plain or
 * gzip, told by its content); what a file holds is told by its name, and,
 * for anything not named .txt, by its first character: '<' is a feed
 * (core/feed.c), anything else JSON Lines.
 */
#include "input.h"
#include "feed.h"
#include "stream.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define READ_BLOCK (1 << 20)

typedef enum file_kind {
    FILE_AUTO = 0, /* JSON Lines, unless the content starts as XML */
    FILE_TEXT,     /* .txt: one document */
    FILE_FEED      /* .rss .atom .xml */
} file_kind;

typedef struct input_file {
    char *path;
    file_kind kind;
    int64_t size;     /* -1: not known */
    const char *read; /* what it was read as */
} input_file;

struct td_input {
    input_file *files;
    size_t nfiles, cap, next_file;
    /* the file being read */
    td_stream *stream;
    input_file *cur;
    td_feed *feed;     /* when it is a feed */
    uint64_t line;     /* JSON Lines: the line number */
    uint64_t file_docs;
    char *buf;         /* READ_BLOCK bytes read ahead */
    size_t pos, len;
    bool eof;
    uint64_t seq, skipped;
    uint64_t done_bytes; /* of the files closed */
    uint64_t total;
    bool total_known;
    _Atomic uint64_t consumed;
};

static bool has_suffix(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

typedef enum name_kind { NAME_OTHER, NAME_JSON, NAME_TEXT, NAME_FEED } name_kind;

/* What a file's name says it holds, looking through a ".gz" end. */
static name_kind kind_of_name(const char *path)
{
    size_t n = strlen(path);
    if (has_suffix(path, n, ".gz"))
        n -= 3;
    char name[64];
    const char *dot = NULL;
    for (size_t i = n; i-- > 0 && path[i] != '/';)
        if (path[i] == '.') {
            dot = path + i;
            break;
        }
    if (!dot || (size_t)(path + n - dot) >= sizeof(name))
        return NAME_OTHER;
    memcpy(name, dot, (size_t)(path + n - dot));
    name[path + n - dot] = '\0';
    if (strcmp(name, ".txt") == 0)
        return NAME_TEXT;
    if (strcmp(name, ".rss") == 0 || strcmp(name, ".atom") == 0 || strcmp(name, ".xml") == 0)
        return NAME_FEED;
    if (strcmp(name, ".jsonl") == 0 || strcmp(name, ".ndjson") == 0 ||
        strcmp(name, ".json") == 0)
        return NAME_JSON;
    return NAME_OTHER;
}

static int add_file(td_input *in, const char *path, file_kind kind, const struct stat *st)
{
    if (in->nfiles == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        input_file *f = realloc(in->files, cap * sizeof(*f));
        if (!f)
            return -1;
        in->files = f;
        in->cap = cap;
    }
    char *p = strdup(path);
    if (!p)
        return -1;
    int64_t size = st && S_ISREG(st->st_mode) ? (int64_t)st->st_size : -1;
    if (size < 0)
        in->total_known = false;
    else
        in->total += (uint64_t)size;
    in->files[in->nfiles++] = (input_file){p, kind, size, NULL};
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder: its JSON Lines, text and feed files (gzipped or not), and its
 * sub-folders', in name order so a run is repeatable. */
static int add_dir(td_input *in, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return add_file(in, dir, FILE_AUTO, NULL); /* reported when read */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof(*grown));
            if (!grown) {
                rc = -1;
                break;
            }
            names = grown;
        }
        if (asprintf(&names[n], "%s/%s", dir, e->d_name) < 0) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp_str);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0) {
            name_kind k = kind_of_name(names[i]);
            if (S_ISDIR(st.st_mode))
                rc = add_dir(in, names[i]);
            else if (k == NAME_TEXT)
                rc = add_file(in, names[i], FILE_TEXT, &st);
            else if (k == NAME_FEED)
                rc = add_file(in, names[i], FILE_FEED, &st);
            else if (k == NAME_JSON)
                rc = add_file(in, names[i], FILE_AUTO, &st);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

td_input *td_input_open(const char *const *paths, size_t n)
{
    td_input *in = calloc(1, sizeof(*in));
    if (!in)
        return NULL;
    in->total_known = true;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        bool is_stdin = strcmp(paths[i], "-") == 0;
        bool found = !is_stdin && stat(paths[i], &st) == 0;
        int rc;
        if (found && S_ISDIR(st.st_mode)) {
            rc = add_dir(in, paths[i]);
        } else {
            name_kind k = is_stdin ? NAME_OTHER : kind_of_name(paths[i]);
            rc = add_file(in, paths[i],
                          k == NAME_TEXT   ? FILE_TEXT
                          : k == NAME_FEED ? FILE_FEED
                                           : FILE_AUTO,
                          found ? &st : NULL);
        }
        if (rc != 0) {
            td_input_close(in);
            return NULL;
        }
    }
    return in;
}

/* A record already failed: "what; why" (or "what: why" with colon). */
static td_record *failed_file(td_input *in, const char *path, uint64_t line, const char *what,
                              bool colon, const char *why)
{
    td_record *rec = td_record_new(in->seq++, TD_RECORD_JSON, path, line, NULL, 0);
    if (rec)
        td_record_fail(rec, "%s%s %s", what, colon ? ":" : ";", why);
    return rec;
}

/* After a file's last record: what it read counts as consumed. */
static void close_current(td_input *in)
{
    if (!in->stream)
        return;
    td_feed_close(in->feed);
    in->feed = NULL;
    td_stream_close(in->stream);
    in->stream = NULL;
    if (in->cur && in->cur->size > 0)
        in->done_bytes += (uint64_t)in->cur->size;
    atomic_store_explicit(&in->consumed, in->done_bytes, memory_order_relaxed);
    in->cur = NULL;
}

static void note_position(td_input *in)
{
    atomic_store_explicit(&in->consumed, in->done_bytes + td_stream_consumed(in->stream),
                          memory_order_relaxed);
}

/* A stream that broke: the records before it stand, this one says why. */
static int stream_failed(td_input *in, td_record **rec)
{
    char after[64];
    snprintf(after, sizeof(after), "%llu documents read before it",
             (unsigned long long)in->file_docs);
    *rec = failed_file(in, in->cur->path, 0, td_stream_error(in->stream), false, after);
    in->eof = true;
    in->pos = in->len = 0;
    return *rec ? 1 : -1;
}

/* Whole .txt file as one record. */
static int read_text_file(td_input *in, td_record **rec)
{
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + READ_BLOCK > cap) {
            cap = cap ? cap * 2 : READ_BLOCK;
            char *grown = realloc(data, cap);
            if (!grown) {
                free(data);
                return -1;
            }
            data = grown;
        }
        ssize_t got = td_stream_read(in->stream, data + len, cap - len);
        if (got < 0) {
            free(data);
            return stream_failed(in, rec);
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    *rec = td_record_new(in->seq++, TD_RECORD_TEXT, in->cur->path, 0, data, len);
    if (!*rec) {
        free(data);
        return -1;
    }
    in->eof = true;
    return 1;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* More bytes into buf: 1, 0 at the end, -1 when the stream broke. */
static int refill(td_input *in)
{
    in->pos = in->len = 0;
    if (in->eof)
        return 0;
    ssize_t got = td_stream_read(in->stream, in->buf, READ_BLOCK);
    if (got < 0)
        return -1;
    note_position(in);
    if (got == 0) {
        in->eof = true;
        return 0;
    }
    in->len = (size_t)got;
    return 1;
}

/* The next line of the open JSON Lines file, or 0 at its end. */
static int read_json_line(td_input *in, td_record **rec)
{
    char *line;
    size_t line_len;
next_line:
    line = NULL;
    line_len = 0;
    for (;;) {
        if (in->pos == in->len) {
            int got = refill(in);
            if (got < 0) {
                free(line); /* cut short by the break: not a line */
                return stream_failed(in, rec);
            }
            if (got == 0)
                break;
        }
        const char *start = in->buf + in->pos;
        const char *nl = memchr(start, '\n', in->len - in->pos);
        size_t take = nl ? (size_t)(nl - start) : in->len - in->pos;
        char *grown = realloc(line, line_len + take + 1);
        if (!grown) {
            free(line);
            return -1;
        }
        line = grown;
        memcpy(line + line_len, start, take);
        line_len += take;
        line[line_len] = '\0';
        in->pos += take + (nl != NULL);
        if (nl)
            goto got_line;
    }
    if (!line) /* end of file */
        return 0;
got_line:
    in->line++;
    if (in->line == 1 && line_len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        /* A byte order mark some editors put first: not part of the JSON. */
        memmove(line, line + 3, line_len - 2);
        line_len -= 3;
    }
    if (blank(line, line_len)) {
        in->skipped++;
        free(line);
        goto next_line;
    }
    *rec = td_record_new(in->seq++, TD_RECORD_JSON, in->cur->path, in->line, line, line_len);
    if (!*rec) {
        free(line);
        return -1;
    }
    in->file_docs++;
    return 1;
}

static int read_feed_item(td_input *in, td_record **rec)
{
    char *json;
    size_t len;
    uint64_t line;
    int rc = td_feed_next(in->feed, &json, &len, &line);
    note_position(in);
    if (rc == 1) {
        *rec = td_record_new(in->seq++, TD_RECORD_JSON, in->cur->path, line, json, len);
        if (!*rec) {
            free(json);
            return -1;
        }
        in->file_docs++;
        return 1;
    }
    if (rc == 0)
        return 0;
    if (rc == -2)
        return -1;
    char after[64];
    snprintf(after, sizeof(after), "%llu documents read before it",
             (unsigned long long)in->file_docs);
    *rec = failed_file(in, in->cur->path, td_feed_error_line(in->feed), td_feed_error(in->feed),
                       false, after);
    return *rec ? 1 : -1;
}

/* Open the next file and tell what it holds. 1 with a record (a text file,
 * or a failure), 0 when it is open for reading, -1 out of memory. */
static int open_file(td_input *in, input_file *f, td_record **rec)
{
    in->stream = td_stream_open(f->path);
    if (!in->stream)
        return (*rec = failed_file(in, f->path, 0, "cannot open", true, strerror(errno)))
                   ? 1
                   : -1;
    in->cur = f;
    in->line = 0;
    in->file_docs = 0;
    in->pos = in->len = 0;
    in->eof = false;
    if (f->kind == FILE_TEXT) {
        int rc = read_text_file(in, rec);
        f->read = td_stream_compressed(in->stream) ? "text.gz" : "text";
        close_current(in);
        return rc;
    }
    if (!in->buf && !(in->buf = malloc(READ_BLOCK)))
        return -1;
    if (refill(in) < 0)
        return stream_failed(in, rec);
    bool gz = td_stream_compressed(in->stream);
    size_t at = 0;
    if (in->len >= 3 && memcmp(in->buf, "\xEF\xBB\xBF", 3) == 0)
        at = 3;
    while (at < in->len && strchr(" \t\r\n", in->buf[at]))
        at++;
    if (f->kind == FILE_FEED || (at < in->len && in->buf[at] == '<')) {
        in->feed = td_feed_open(in->stream, f->path, in->buf, in->len);
        if (!in->feed)
            return -1;
        in->pos = in->len;
        f->read = gz ? "feed.gz" : "feed";
    } else {
        f->read = gz ? "jsonl.gz" : "jsonl";
    }
    return 0;
}

int td_input_next(td_input *in, td_record **rec)
{
    *rec = NULL;
    for (;;) {
        if (in->stream) {
            int rc = in->feed ? read_feed_item(in, rec) : read_json_line(in, rec);
            if (rc != 0)
                return rc;
            close_current(in);
        }
        if (in->next_file >= in->nfiles)
            return 0;
        int rc = open_file(in, &in->files[in->next_file++], rec);
        if (rc != 0)
            return rc;
    }
}

uint64_t td_input_skipped(const td_input *in) { return in->skipped; }

size_t td_input_count(const td_input *in) { return in->nfiles; }

void td_input_file(const td_input *in, size_t i, const char **path, int64_t *size,
                   const char **kind)
{
    *path = in->files[i].path;
    *size = in->files[i].size;
    *kind = in->files[i].read;
}

bool td_input_position(const td_input *in, uint64_t *consumed, uint64_t *total)
{
    *consumed = atomic_load_explicit(&in->consumed, memory_order_relaxed);
    *total = in->total;
    return in->total_known;
}

void td_input_close(td_input *in)
{
    if (!in)
        return;
    close_current(in);
    for (size_t i = 0; i < in->nfiles; i++)
        free(in->files[i].path);
    free(in->files);
    free(in->buf);
    free(in);
}
