/* RSS 2.0 (and 1.0) and Atom 1.0 feeds read with libxml2's streaming
 * reader: one JSON Lines object per item or entry (docs/FORMAT.md). */
#ifndef TD_FEED_H
#define TD_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "stream.h"
#include "strbuf.h"

typedef struct td_feed td_feed;

/*
 * Read a feed from `head` (bytes already taken from the stream to tell what
 * the file is; copied) and then the rest of the stream. The network is
 * never used and external entities are never loaded. NULL when out of
 * memory.
 */
td_feed *td_feed_open(td_stream *s, const char *path, const char *head, size_t head_len);

/*
 * The next item as one JSON object ({"id","title","url","published",
 * "source","text"}, members left out when the feed has none), its line in
 * the file in *line. 1, 0 at the end of the feed, -1 when the feed is
 * malformed or cannot be read (td_feed_error, td_feed_error_line), -2 out
 * of memory. Items before an error have all been given.
 */
int td_feed_next(td_feed *f, char **json, size_t *len, uint64_t *line);

const char *td_feed_error(const td_feed *f);
uint64_t td_feed_error_line(const td_feed *f); /* 0 when not known */

void td_feed_close(td_feed *f); /* NULL is a no-op */

/* ---- inside the reader (feed_item.c) ------------------------------------ */

struct _xmlNode;
/*
 * One <item> or <entry>, expanded, as a JSON object into out. `source`
 * is the channel's title or NULL. 0, or -1 out of memory.
 */
int td_feed_item_json(struct _xmlNode *item, const char *source, td_strbuf *out);
/* The text of a title-like element (as td_feed_item_json reads it). */
int td_feed_node_text(struct _xmlNode *node, td_strbuf *out);

/* A feed date (RFC 822 as RSS writes it, or ISO 8601) as ISO 8601 in out:
 * "2026-01-14T09:30:00+08:00". 0, or -1 when it is no date we can read. */
int td_feed_date_iso(const char *s, char out[40]);

#endif
