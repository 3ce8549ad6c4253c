#include "record.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

td_record *td_record_new(uint64_t seq, td_record_kind kind, const char *source, uint64_t line,
                         char *raw, size_t raw_len)
{
    td_record *rec = calloc(1, sizeof(*rec));
    if (!rec)
        return NULL;
    rec->seq = seq;
    rec->kind = kind;
    rec->line = line;
    rec->raw = raw;
    rec->raw_len = raw_len;
    rec->source = strdup(source ? source : "-");
    if (!rec->source) {
        free(rec);
        return NULL;
    }
    return rec;
}

void td_record_free(td_record *rec)
{
    if (!rec)
        return;
    td_doc_free(rec->doc);
    free(rec->source);
    free(rec->raw);
    free(rec->output);
    free(rec->error);
    free(rec);
}

void td_record_fail(td_record *rec, const char *fmt, ...)
{
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    free(rec->error);
    rec->error = NULL;
    int n = rec->line ? asprintf(&rec->error, "%s:%llu: %s", rec->source,
                                 (unsigned long long)rec->line, what)
                      : asprintf(&rec->error, "%s: %s", rec->source, what);
    if (n < 0)
        rec->error = NULL;
    rec->status = TD_RECORD_FAILED;
}
