/*
 * tidings matcher: many patterns found in one pass over a text.
 *
 * Aho-Corasick over UTF-8 bytes. Every gazetteer and lexicon in tidings
 * uses it. Patterns are case-sensitive or case-folded one by one; a match
 * counts only at token boundaries (no letter or digit just outside it), so
 * "EU" is found in "the EU's" but not in "EUR" or "NEUTRAL".
 *
 *     td_matcher *m = td_matcher_new();
 *     if (td_matcher_load_tsv(m, path, TD_MATCH_FOLD) != 0)   // "file:line: problem"
 *         fail(td_matcher_errmsg(m));
 *     td_matcher_build(m);
 *     td_matcher_scan(m, text, len, TD_SCAN_LONGEST, on_match, user);
 *
 * After td_matcher_build() the matcher is read-only: many threads may scan
 * with it at once.
 */
#ifndef TIDINGS_MATCH_H
#define TIDINGS_MATCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct td_matcher td_matcher;

/* Pattern flags. */
#define TD_MATCH_FOLD 0x1u /* match whatever the case (Unicode case folding) */

/* Scan modes. */
enum td_scan_mode {
    TD_SCAN_LONGEST = 0, /* leftmost-longest, not overlapping (the default) */
    TD_SCAN_ALL = 1      /* every match at token boundaries, overlaps included */
};

typedef struct td_match {
    uint32_t pattern;            /* the pattern's id, from 0 in order of adding */
    size_t start, end;           /* byte offsets into the scanned text */
    const char *const *payload;  /* the pattern's payload columns */
    size_t npayload;
} td_match;

/* Return 0 to go on, anything else to stop the scan (scan returns it). */
typedef int (*td_match_fn)(const td_match *match, void *user);

td_matcher *td_matcher_new(void);
void td_matcher_free(td_matcher *m); /* NULL is a no-op */

/* Add one pattern with its payload (copied). Empty patterns, NUL bytes and
 * invalid UTF-8 are refused. `*id` (if not NULL) gets the pattern's id.
 * The same text (same flags and the same text, or for TD_MATCH_FOLD the
 * same folded text) with ANOTHER payload is a pattern of its own: a scan
 * reports that span once per payload, in the order they were added
 * ("Georgia" a country and a US state). An exact duplicate (same text,
 * flags and payload) is not added again: `*id` gets the first one's id.
 * Either case is reported to the warning callback (td_matcher_on_warning)
 * when one is set. A boundary check applies only on a side
 * where the pattern's own first/last character is a letter or digit, so
 * "U.S." and "$" work as expected. Patterns are matched as given: give them
 * in the normalisation form of the texts (NFC). 0 or -1. */
int td_matcher_add(td_matcher *m, const char *pattern, size_t len, unsigned flags,
                   const char *const *payload, size_t npayload, uint32_t *id);

/*
 * Add every line of a TSV file: the pattern, then payload columns, separated
 * by tabs. Blank lines and lines starting with '#' are skipped; CRLF line
 * ends and a UTF-8 byte order mark are accepted. A bad line (empty pattern,
 * invalid UTF-8, NUL byte, white space around the pattern) fails the load
 * with "path:line: problem", and then nothing from the file is added.
 * Repeats are handled as in td_matcher_add.
 *
 * `flags` is the case mode the file starts with. A directive line sets it
 * for the lines after it, up to the next directive, whatever `flags` said:
 *
 *     #@case exact        the patterns below match their case exactly ("US", "WHO", "May")
 *     #@case fold         the patterns below match whatever the case ("china")
 *
 * Any other line starting with "#@" is an error ("path:line: unknown
 * directive"), so a typo never silently changes how a list matches; write
 * "# @" for a comment that starts with '@'. 0 or -1.
 */
int td_matcher_load_tsv(td_matcher *m, const char *path, unsigned flags);

/* Where a pattern came from: the path given to td_matcher_load_tsv (a copy
 * the matcher owns, valid until td_matcher_free) with its line in *line,
 * or NULL and 0 for a pattern added with td_matcher_add or an unknown id.
 * For a stage's own messages: "countries.tsv:12: unknown ISO code 'XX'". */
const char *td_matcher_source(const td_matcher *m, uint32_t id, unsigned *line);

/* Called while patterns are added, with a message such as
 * "regions.tsv:40: 'Georgia' is also at countries.tsv:80 with another
 * payload; a match reports both" or "...repeats ... exactly; skipped".
 * The message is valid during the call only. Set it before adding; NULL
 * turns it off. Nothing is reported by default. */
typedef void (*td_match_warn_fn)(const char *message, void *user);
void td_matcher_on_warning(td_matcher *m, td_match_warn_fn fn, void *user);

/* Freeze the patterns into the automaton. 0 or -1. Adding after build fails,
 * and so does a second build. */
int td_matcher_build(td_matcher *m);

/* Before build: bytes the automaton may spend on full transition rows for
 * its busiest (shallowest) states; the rest use compact sorted transitions.
 * Trades memory for speed, never changes results. Default 1 MiB; 0 keeps
 * one row (the start state). 0 or -1 (already built). */
int td_matcher_set_dense_bytes(td_matcher *m, size_t bytes);

size_t td_matcher_count(const td_matcher *m);
const char *td_matcher_pattern(const td_matcher *m, uint32_t id);
const char *const *td_matcher_payload(const td_matcher *m, uint32_t id, size_t *n);
/* Bytes held by the built matcher (for benchmarks). */
size_t td_matcher_memory(const td_matcher *m);

/* Calls fn for every match in order of start (then longer first, then by
 * pattern id). TD_SCAN_LONGEST reports spans that do not overlap, choosing
 * the leftmost, then the longest; when several patterns match that very
 * span (e.g. "Turkey" exact and "turkey" folded), each is reported. Offsets
 * are into `text` as given, also where folding changed lengths ("STRASSE"
 * matches "Straße"). 0 when the scan finished, the callback's non-zero value
 * when it stopped it, -1 if not built or out of memory. Thread-safe. */
int td_matcher_scan(const td_matcher *m, const char *text, size_t len,
                    enum td_scan_mode mode, td_match_fn fn, void *user);

const char *td_matcher_errmsg(const td_matcher *m);

#ifdef __cplusplus
}
#endif
#endif
