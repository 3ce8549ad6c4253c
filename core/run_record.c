/*
 * The pipeline as resolved, its hash, and the run record.
 *
 * The hash is FNV-1a (64 bits) of the resolved pipeline's JSON: a
 * fingerprint that says "the same stages, plugins, versions and options",
 * not a defence against forgery, which nothing here needs.
 */
#include "run_record.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tidings/version.h>

#include "strbuf.h"

static void json_str(td_strbuf *b, const char *s)
{
    if (s)
        td_strbuf_json_string(b, s, strlen(s));
    else
        td_strbuf_puts(b, "null");
}

int td_pipeline_resolve(td_pipeline_conf *conf)
{
    td_strbuf b;
    td_strbuf_init(&b);
    td_strbuf_puts(&b, "{\"stages\":[");
    for (size_t i = 0; i < conf->chain.n; i++) {
        const td_stage *st = conf->chain.stages[i];
        td_strbuf_puts(&b, i ? ",{\"name\":" : "{\"name\":");
        json_str(&b, st->name);
        td_strbuf_puts(&b, ",\"plugin\":");
        json_str(&b, st->plugin->api.name);
        td_strbuf_puts(&b, ",\"version\":");
        json_str(&b, st->plugin->api.version);
        td_strbuf_puts(&b, ",\"options\":{");
        size_t n = st->cfg ? td_stage_config_count(st->cfg) : 0;
        for (size_t k = 0; k < n; k++) {
            if (k)
                td_strbuf_putc(&b, ',');
            json_str(&b, td_stage_config_name(st->cfg, k));
            td_strbuf_putc(&b, ':');
            json_str(&b, td_stage_config_value(st->cfg, k));
        }
        td_strbuf_puts(&b, "}}");
    }
    td_strbuf_puts(&b, "],\"emit\":");
    if (!conf->emit) {
        td_strbuf_puts(&b, "null");
    } else {
        td_strbuf_putc(&b, '[');
        for (size_t i = 0; i < conf->nemit; i++) {
            if (i)
                td_strbuf_putc(&b, ',');
            json_str(&b, conf->emit[i]);
        }
        td_strbuf_putc(&b, ']');
    }
    td_strbuf_putc(&b, '}');
    if (b.oom) {
        td_strbuf_free(&b);
        return -1;
    }
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < b.len; i++) {
        h ^= (unsigned char)b.data[i];
        h *= 0x100000001b3u;
    }
    snprintf(conf->hash, sizeof(conf->hash), "%016" PRIx64, h);
    memcpy(conf->stamp, conf->hash, sizeof(conf->stamp) - 1);
    conf->stamp[sizeof(conf->stamp) - 1] = '\0';
    free(conf->resolved);
    conf->resolved = td_strbuf_take(&b, NULL);
    return conf->resolved ? 0 : -1;
}

double td_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void iso_time(td_strbuf *b, double t)
{
    if (t <= 0) {
        td_strbuf_puts(b, "null");
        return;
    }
    time_t secs = (time_t)t;
    struct tm tm;
    gmtime_r(&secs, &tm);
    char buf[40];
    int ms = (int)((t - (double)secs) * 1000);
    if (ms > 999)
        ms = 999;
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
    td_strbuf_printf(b, "\"%s.%03dZ\"", buf, ms);
}

static void stage_stats(td_strbuf *b, const char *name, const td_stage_stats *s, double wall,
                        bool first)
{
    uint64_t docs = atomic_load(&s->docs), nanos = atomic_load(&s->nanos);
    uint64_t bytes = atomic_load(&s->bytes);
    double secs = (double)nanos / 1e9;
    td_strbuf_puts(b, first ? "\n  {\"stage\":" : ",\n  {\"stage\":");
    json_str(b, name);
    td_strbuf_printf(b, ",\"docs\":%" PRIu64 ",\"dropped\":%" PRIu64 ",\"failed\":%" PRIu64,
                     docs, (uint64_t)atomic_load(&s->dropped),
                     (uint64_t)atomic_load(&s->failed));
    td_strbuf_puts(b, ",\"busy_s\":");
    td_strbuf_json_number(b, secs);
    td_strbuf_puts(b, ",\"busy_pct\":");
    td_strbuf_json_number(b, wall > 0 ? 100.0 * secs / wall : 0.0);
    td_strbuf_puts(b, ",\"mb_s\":");
    td_strbuf_json_number(b, secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
    td_strbuf_putc(b, '}');
}

static void build(td_strbuf *b, const td_pipeline_conf *conf, const td_input *in,
                  const td_run_summary *sum, const td_run_info *info)
{
    td_strbuf_puts(b, "{\"tidings\":");
    json_str(b, TD_VERSION_STRING);
    td_strbuf_puts(b, ",\n \"complete\":");
    td_strbuf_puts(b, sum ? "true" : "false");
    td_strbuf_puts(b, ",\n \"config\":");
    json_str(b, info->config);
    td_strbuf_puts(b, ",\n \"pipeline\":{\"hash\":");
    json_str(b, conf->hash);
    td_strbuf_puts(b, ",\"stamp\":");
    json_str(b, conf->stamp);
    td_strbuf_puts(b, ",\"resolved\":");
    td_strbuf_puts(b, conf->resolved ? conf->resolved : "null");
    td_strbuf_puts(b, "},\n \"inputs\":[");
    for (size_t i = 0; in && i < td_input_count(in); i++) {
        const char *path, *kind;
        int64_t size;
        td_input_file(in, i, &path, &size, &kind);
        td_strbuf_puts(b, i ? ",\n  {\"path\":" : "\n  {\"path\":");
        json_str(b, path);
        td_strbuf_puts(b, ",\"bytes\":");
        if (size >= 0)
            td_strbuf_u64(b, (uint64_t)size);
        else
            td_strbuf_puts(b, "null");
        td_strbuf_puts(b, ",\"read_as\":");
        json_str(b, kind);
        td_strbuf_putc(b, '}');
    }
    td_strbuf_puts(b, "],\n \"output\":");
    json_str(b, info->output);
    td_strbuf_puts(b, ",\n \"started\":");
    iso_time(b, info->started);
    td_strbuf_puts(b, ",\"ended\":");
    iso_time(b, sum ? info->ended : 0);
    td_strbuf_puts(b, ",\n \"resume\":");
    if (info->resumed)
        td_strbuf_printf(b, "{\"kept_lines\":%" PRIu64 ",\"cut_bytes\":%" PRIu64 "}",
                         info->kept_lines, info->cut_bytes);
    else
        td_strbuf_puts(b, "null");
    if (sum) {
        td_strbuf_puts(b, ",\n \"seconds\":");
        td_strbuf_json_number(b, sum->seconds);
        td_strbuf_printf(b,
                         ",\n \"summary\":{\"documents\":%" PRIu64 ",\"ok\":%" PRIu64
                         ",\"repaired\":%" PRIu64 ",\"dropped\":%" PRIu64 ",\"failed\":%" PRIu64
                         ",\"blank_lines\":%" PRIu64 ",\"resumed_skipped\":%" PRIu64
                         ",\"bytes_in\":%" PRIu64 ",\"bytes_out\":%" PRIu64 "}",
                         sum->documents, sum->ok, sum->repaired, sum->dropped, sum->failed,
                         sum->skipped, sum->resumed, sum->bytes_in, sum->bytes_out);
        td_strbuf_puts(b, ",\n \"stages\":[");
        stage_stats(b, "(decode)", &conf->decode, sum->seconds, true);
        for (size_t i = 0; i < conf->chain.n; i++)
            stage_stats(b, conf->chain.stages[i]->name, &conf->chain.stages[i]->stats,
                        sum->seconds, false);
        stage_stats(b, "(encode)", &conf->encode, sum->seconds, false);
        td_strbuf_printf(b, "],\n \"exit_status\":%d", info->exit_status);
    }
    td_strbuf_puts(b, "}\n");
}

int td_run_record_write(const char *path, const td_pipeline_conf *conf, const td_input *in,
                        const td_run_summary *sum, const td_run_info *info)
{
    td_strbuf b;
    td_strbuf_init(&b);
    build(&b, conf, in, sum, info);
    if (b.oom) {
        td_strbuf_free(&b);
        errno = ENOMEM;
        return -1;
    }
    char *tmp;
    if (asprintf(&tmp, "%s.tmp", path) < 0) {
        td_strbuf_free(&b);
        errno = ENOMEM;
        return -1;
    }
    int rc = -1;
    FILE *f = fopen(tmp, "w");
    if (f) {
        bool ok = fwrite(b.data, 1, b.len, f) == b.len;
        ok = fclose(f) == 0 && ok;
        rc = ok && rename(tmp, path) == 0 ? 0 : -1;
        if (rc != 0) {
            int err = errno;
            remove(tmp);
            errno = err;
        }
    }
    free(tmp);
    td_strbuf_free(&b);
    return rc;
}

int td_run_record_hash(const char *path, char hash[17], char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    json_error_t jerr;
    json_t *root = json_loadf(f, 0, &jerr);
    fclose(f);
    const char *h = json_string_value(json_object_get(json_object_get(root, "pipeline"), "hash"));
    if (!h || strlen(h) != 16) {
        snprintf(err, errlen, "%s: not a tidings run record (%s)", path,
                 root ? "no pipeline hash" : jerr.text);
        json_decref(root);
        return -1;
    }
    memcpy(hash, h, 17);
    json_decref(root);
    return 1;
}
