/* Running the entities stage in its tests (test_entities.c,
 * test_entities_gold.c): the default chain, spans in code points, and the
 * canonical-name comparison the bench scorers use. */
#ifndef ENTITIES_TEST_H
#define ENTITIES_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tidings/tidings.h>

/* normalise, segment, entities with `options` for entities. */
static inline td_harness *entities_chain(const char *const *options)
{
    td_harness *h = td_harness_new();
    assert_non_null(h);
    if (td_harness_add(h, "normalise", NULL) != 0 || td_harness_add(h, "segment", NULL) != 0 ||
        td_harness_add(h, "entities", options) != 0)
        fail_msg("%s", td_harness_errmsg(h));
    return h;
}

static inline td_doc *entities_run(td_harness *h, const char *text, size_t len)
{
    td_doc *doc = td_doc_new("t", text, len);
    assert_non_null(doc);
    if (td_harness_run(h, doc) != TD_OK)
        fail_msg("entities failed: %s", td_harness_errmsg(h));
    return doc;
}

/* The text of an annotation's span (working text), in a static buffer. */
static inline const char *entity_text(td_doc *doc, const td_annot *a)
{
    static char buf[1024];
    const char *t = td_doc_text(doc, NULL);
    snprintf(buf, sizeof(buf), "%.*s", (int)(a->end - a->start), t + a->start);
    return buf;
}

/* A canonical name as the scorers compare it: case-folded (ASCII), a
 * leading "the", trailing company suffixes (Inc, Co, Corp, plc, Ltd,
 * Group) and punctuation ignored. `out` gets at most n - 1 bytes. */
static inline void canonical_key(const char *s, char *out, size_t n)
{
    size_t o = 0;
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 2 < n; p++) {
        unsigned char c = *p;
        if (c >= 0x80) { /* keep letters of other scripts; drop curly quotes */
            if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x99 || p[2] == 0x98)) {
                p += 2;
                continue;
            }
            if (space && o)
                out[o++] = ' ';
            space = false;
            out[o++] = (char)c;
            continue;
        }
        if (isalnum(c)) {
            if (space && o)
                out[o++] = ' ';
            space = false;
            out[o++] = (char)tolower(c);
        } else if (c == ' ' || c == '-' || c == '&' || c == '/') {
            space = true;
        }
    }
    out[o] = '\0';
    if (strncmp(out, "the ", 4) == 0)
        memmove(out, out + 4, strlen(out + 4) + 1);
    static const char *const suffixes[] = {" inc", " co", " corp", " plc", " ltd", " group", NULL};
    for (bool again = true; again;) {
        again = false;
        size_t len = strlen(out);
        for (size_t k = 0; suffixes[k]; k++) {
            size_t sl = strlen(suffixes[k]);
            if (len > sl && strcmp(out + len - sl, suffixes[k]) == 0) {
                out[len - sl] = '\0';
                again = true;
                break;
            }
        }
    }
}

/* Does `canonical` match one of the "|"-separated alternatives of `gold`? */
static inline bool canonical_matches(const char *canonical, const char *gold)
{
    char want[512], alt[512], key[512];
    canonical_key(canonical, want, sizeof(want));
    for (const char *p = gold;;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n >= sizeof(alt))
            n = sizeof(alt) - 1;
        memcpy(alt, p, n);
        alt[n] = '\0';
        canonical_key(alt, key, sizeof(key));
        if (strcmp(key, want) == 0)
            return true;
        if (!bar)
            return false;
        p = bar + 1;
    }
}

#endif
