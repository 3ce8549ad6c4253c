/*
 * What a document looks like in a stream entry (docs/DISTRIBUTED.md,
 * "Wire format"). Every entry of a work stream carries the input as it came
 * (`raw`, with `seq`, `src`, `line`, `kind`), so the next worker rebuilds
 * the id, original text and metadata by decoding it as the first worker
 * did. At a split the entry adds what the stages made: the working text
 * when rewritten (`work`, raw bytes) and `doc`, a compact JSON object with
 * the alignment, the annotations with their ids and attributes, and the
 * document's attributes.
 */
#ifndef TD_REDIS_WIRE_H
#define TD_REDIS_WIRE_H

#include <hiredis/hiredis.h>

#include "record.h"
#include "redis_conn.h"
#include "strbuf.h"

/* The `doc` field of a document: 0, or -1 when out of memory. */
int td_wire_encode(td_doc *doc, td_strbuf *json);
/*
 * Put back what td_wire_encode wrote into doc, freshly decoded from the
 * same input: working text (work, wlen; NULL when not rewritten), edits,
 * annotations, attributes. 0, or -1 with the reason.
 */
int td_wire_decode(td_doc *doc, const char *json, size_t len, const char *work, size_t wlen,
                   char *err, size_t errlen);

/*
 * A record from a work stream entry. With `with_doc` (a split stream) the
 * input is decoded and the stages' work put back; a document that cannot
 * be put back comes out failed with the reason. NULL when the entry lacks
 * the fields every entry has (err says which), or out of memory.
 */
td_record *td_wire_record(const redisReply *fields, bool with_doc, char *err, size_t errlen);

/* A finished or failed record from an out or dead entry (what `tidings run`'s
 * writer and the collector read). */
td_record *td_wire_result(const redisReply *fields, bool dead, char *err, size_t errlen);

/* XADD commands (into a; strings are borrowed from rec until appended). */
void td_wire_xadd_input(td_rargs *a, const char *key, const td_record *rec);
void td_wire_xadd_split(td_rargs *a, const char *key, const td_record *rec, const char *doc,
                        size_t doclen);
/* A finished record: its output line, or a tombstone when dropped. */
void td_wire_xadd_out(td_rargs *a, const char *key, const td_record *rec);
void td_wire_xadd_dead(td_rargs *a, const char *key, const td_record *rec, const char *stage,
                       uint64_t deliveries);

#endif
