/* JSON Lines in and out: a record's raw input becomes a document, and a
 * processed document becomes its output line (docs/FORMAT.md). */
#ifndef TD_CODEC_H
#define TD_CODEC_H

#include "pipeline_conf.h"
#include "record.h"
#include "strbuf.h"

/*
 * Make rec->doc from rec->raw: a JSON object with a "text" string (and any
 * other fields, kept), or a whole text file. 0, or -1 with the record
 * marked failed and a message naming source:line and the problem.
 */
int td_decode_record(td_record *rec);

/* Which layers to write: all but "token" when emit is NULL. */
typedef bool (*td_emit_fn)(const void *user, const char *layer);

/* Write rec->output: the input object plus "annotations" and "tidings".
 * 0, or -1 with the record marked failed. */
int td_encode_record(td_record *rec, td_emit_fn emits, const void *user);

/* Attributes as a JSON object. Output form (typed false): a reference is
 * {"ref":id}, a NaN or infinity null. Wire form (typed true, for Redis
 * splits): {"r":id} and {"n":"nan"|"inf"|"-inf"}, so both come back. */
void td_json_attrs(td_strbuf *b, const td_attr *at, bool typed);

#endif
