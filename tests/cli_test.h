/* Running the real `tidings` binary from a cmocka test: a scratch folder,
 * a command run through the shell with both outputs captured, and checks on
 * text. Shared by the command-line suites (test_cli, test_feeds_cli); each
 * fills `tmpdir` with mkdtemp in its setup. */
#ifndef TD_CLI_TEST_H
#define TD_CLI_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define TIDINGS TD_TEST_BUILDDIR "/core/tidings"

typedef struct result {
    int status;
    char *out, *err;
    size_t out_len;
} result;

static char tmpdir[64];

/* A file's bytes, NUL-terminated; "" (and *len 0) when it cannot be read. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (len)
            *len = 0;
        return strdup("");
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    if (len)
        *len = got;
    return buf;
}

/* A path in the scratch folder; the last eight stay valid. */
static inline char *tmp(const char *name)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    return p;
}

/* Run `tidings ARGS` through the shell, capturing both outputs. */
static inline result run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline result run(const char *fmt, ...)
{
    char args[4096], cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof(cmd), "%s %s >%s/out 2>%s/err", TIDINGS, args, tmpdir, tmpdir);
    int st = system(cmd);
    result r = {.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1};
    r.out = slurp(tmp("out"), &r.out_len);
    r.err = slurp(tmp("err"), NULL);
    return r;
}

static inline void done(result *r)
{
    free(r->out);
    free(r->err);
}

static inline void assert_has(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

static inline void assert_lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect \"%s\" in:\n%s", needle, hay);
}

#endif
