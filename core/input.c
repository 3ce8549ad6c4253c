#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define READ_BLOCK (1 << 20)

typedef struct input_file {
    char *path;
    td_record_kind kind;
} input_file;

struct td_input {
    input_file *files;
    size_t nfiles, cap, next_file;
    /* the JSON Lines file being read */
    FILE *fp;
    const char *cur; /* its path */
    uint64_t line;
    char *buf;       /* READ_BLOCK bytes read ahead */
    size_t pos, len;
    bool eof;
    uint64_t seq, skipped;
};

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int add_file(td_input *in, const char *path, td_record_kind kind)
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
    in->files[in->nfiles++] = (input_file){p, kind};
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder: its .jsonl/.ndjson/.json and .txt files, and its sub-folders',
 * in name order so a run is repeatable. */
static int add_dir(td_input *in, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return add_file(in, dir, TD_RECORD_JSON); /* reported when read */
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
            if (S_ISDIR(st.st_mode))
                rc = add_dir(in, names[i]);
            else if (has_suffix(names[i], ".txt"))
                rc = add_file(in, names[i], TD_RECORD_TEXT);
            else if (has_suffix(names[i], ".jsonl") || has_suffix(names[i], ".ndjson") ||
                     has_suffix(names[i], ".json"))
                rc = add_file(in, names[i], TD_RECORD_JSON);
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
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        int rc;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = add_dir(in, paths[i]);
        else
            rc = add_file(in, paths[i],
                          has_suffix(paths[i], ".txt") ? TD_RECORD_TEXT : TD_RECORD_JSON);
        if (rc != 0) {
            td_input_close(in);
            return NULL;
        }
    }
    return in;
}

static td_record *failed_file(td_input *in, const char *path, const char *what, int err)
{
    td_record *rec = td_record_new(in->seq++, TD_RECORD_JSON, path, 0, NULL, 0);
    if (rec)
        td_record_fail(rec, "%s: %s", what, strerror(err));
    return rec;
}

/* Whole .txt file as one record. */
static int read_text_file(td_input *in, const char *path, td_record **rec)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return (*rec = failed_file(in, path, "cannot open", errno)) ? 1 : -1;
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + READ_BLOCK > cap) {
            cap = cap ? cap * 2 : READ_BLOCK;
            char *grown = realloc(data, cap);
            if (!grown) {
                free(data);
                fclose(fp);
                return -1;
            }
            data = grown;
        }
        size_t got = fread(data + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    int err = ferror(fp) ? errno : 0;
    fclose(fp);
    if (err) {
        free(data);
        return (*rec = failed_file(in, path, "cannot read", err)) ? 1 : -1;
    }
    *rec = td_record_new(in->seq++, TD_RECORD_TEXT, path, 0, data, len);
    if (!*rec) {
        free(data);
        return -1;
    }
    return 1;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
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
            if (in->eof)
                break;
            in->len = fread(in->buf, 1, READ_BLOCK, in->fp);
            in->pos = 0;
            if (in->len < READ_BLOCK)
                in->eof = true;
            if (in->len == 0)
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
    *rec = td_record_new(in->seq++, TD_RECORD_JSON, in->cur, in->line, line, line_len);
    if (!*rec) {
        free(line);
        return -1;
    }
    return 1;
}

static void close_current(td_input *in)
{
    if (in->fp && in->fp != stdin)
        fclose(in->fp);
    in->fp = NULL;
}

int td_input_next(td_input *in, td_record **rec)
{
    *rec = NULL;
    for (;;) {
        if (in->fp) {
            int rc = read_json_line(in, rec);
            if (rc != 0)
                return rc;
            if (ferror(in->fp)) {
                int err = errno;
                const char *path = in->cur;
                close_current(in);
                return (*rec = failed_file(in, path, "read error", err)) ? 1 : -1;
            }
            close_current(in);
        }
        if (in->next_file >= in->nfiles)
            return 0;
        input_file *f = &in->files[in->next_file++];
        if (f->kind == TD_RECORD_TEXT)
            return read_text_file(in, f->path, rec);
        if (!in->buf && !(in->buf = malloc(READ_BLOCK)))
            return -1;
        in->fp = strcmp(f->path, "-") == 0 ? stdin : fopen(f->path, "rb");
        if (!in->fp)
            return (*rec = failed_file(in, f->path, "cannot open", errno)) ? 1 : -1;
        in->cur = f->path;
        in->line = 0;
        in->pos = in->len = 0;
        in->eof = false;
    }
}

uint64_t td_input_skipped(const td_input *in) { return in->skipped; }

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
