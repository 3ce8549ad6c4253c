/*
 * The feed reader: libxml2's push parser builds the tree, fed in chunks
 * from our stream (plain or gzip). At the end tag of each item or entry
 * (our endElementNs, after libxml2's own), the item is whole: it becomes a
 * JSON line (feed_item.c), its content is freed, and so is everything
 * before it, so a feed of any size reads in bounded memory. Items whose end
 * tag came before a syntax error are all given; libxml2 calls us no more
 * after a fatal error, so nothing half-parsed is.
 *
 * Safety: XML_PARSE_NONET forbids the network; without XML_PARSE_NOENT,
 * XML_PARSE_DTDLOAD and XML_PARSE_DTDVALID libxml2 neither loads an
 * external DTD nor reads or substitutes an entity, our resolveEntity
 * refuses every external one, and feed_item.c skips entity references.
 */
#include "feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#define CHUNK (64 * 1024)

typedef enum feed_kind { FEED_UNKNOWN = 0, FEED_RSS, FEED_RDF, FEED_ATOM } feed_kind;

typedef struct feed_item {
    char *json;
    size_t len;
    uint64_t line;
} feed_item;

struct td_feed {
    td_stream *stream;
    char *head;
    size_t head_len, head_pos;
    xmlParserCtxtPtr ctxt;
    xmlSAXHandler sax;
    feed_kind kind;
    char *source;      /* the channel's or feed's title */
    feed_item *queue;  /* items parsed, not yet given */
    size_t nqueue, qcap, qnext;
    bool finished;     /* the parser has seen the end, or stopped */
    bool oom;
    bool reported;
    bool root_seen;    /* an element started: the file is XML of some kind */
    char error[512];
    uint64_t error_line;
    char *chunk;
};


static void on_error(void *ctx, xmlErrorPtr err)
{
    xmlParserCtxtPtr ctxt = ctx;
    td_feed *f = ctxt ? ctxt->_private : NULL;
    /* The first fatal error is the one that tells; a namespace slip is an
     * error the feed still reads through. */
    if (!f || !err || err->level != XML_ERR_FATAL || f->error[0])
        return;
    const char *msg = err->message ? err->message : "malformed XML";
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        len--;
    snprintf(f->error, sizeof(f->error), "not well-formed XML: %.*s", (int)len, msg);
    f->error_line = err->line > 0 ? (uint64_t)err->line : 0;
}

static bool is(const xmlChar *name, const char *want)
{
    return name && strcmp((const char *)name, want) == 0;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attr,
                     int nb_defaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    td_feed *f = ctxt->_private;
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_ns, ns, nb_attr, nb_defaulted, attrs);
    f->root_seen = true;
    if (f->kind != FEED_UNKNOWN || ctxt->nodeNr != 1)
        return;
    if (is(localname, "rss"))
        f->kind = FEED_RSS;
    else if (is(localname, "RDF"))
        f->kind = FEED_RDF;
    else if (is(localname, "feed"))
        f->kind = FEED_ATOM;
    if (f->kind == FEED_UNKNOWN) {
        char name[64];
        snprintf(name, sizeof(name), "%s", (const char *)localname);
        if (!f->error[0]) {
            snprintf(f->error, sizeof(f->error),
                     "not an RSS or Atom feed: the root element is <%s>", name);
            f->error_line = (uint64_t)xmlSAX2GetLineNumber(ctx);
        }
        xmlStopParser(ctxt);
    }
}

static int queue_item(td_feed *f, char *json, size_t len, uint64_t line)
{
    if (f->nqueue == f->qcap) {
        size_t cap = f->qcap ? f->qcap * 2 : 16;
        feed_item *q = realloc(f->queue, cap * sizeof(*q));
        if (!q)
            return -1;
        f->queue = q;
        f->qcap = cap;
    }
    f->queue[f->nqueue++] = (feed_item){json, len, line};
    return 0;
}

/* The item is read: its nodes and every earlier sibling go. The item's
 * element stays, empty, as its parent's last child, so libxml2's text
 * coalescing never meets a freed node. */
static void prune(xmlNodePtr node)
{
    xmlFreeNodeList(node->children);
    node->children = node->last = NULL;
    while (node->prev) {
        xmlNodePtr prev = node->prev;
        xmlUnlinkNode(prev);
        xmlFreeNode(prev);
    }
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    td_feed *f = ctxt->_private;
    xmlNodePtr node = ctxt->node;
    int depth = ctxt->nodeNr - 1; /* the root is 0 */
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
    if (!node || f->oom)
        return;
    bool channel_title = is(localname, "title") && !f->source &&
                         ((f->kind == FEED_ATOM && depth == 1) ||
                          (f->kind != FEED_ATOM && f->kind != FEED_UNKNOWN && depth == 2));
    bool item = (f->kind == FEED_ATOM && depth == 1 && is(localname, "entry")) ||
                (f->kind == FEED_RSS && depth == 2 && is(localname, "item")) ||
                (f->kind == FEED_RDF && depth == 1 && is(localname, "item"));
    td_strbuf b;
    td_strbuf_init(&b);
    if (channel_title) {
        if (td_feed_node_text(node, &b) != 0 || !(f->source = td_strbuf_take(&b, NULL)))
            f->oom = true;
    } else if (item) {
        long line = xmlGetLineNo(node);
        size_t len;
        char *json;
        if (td_feed_item_json(node, f->source, &b) != 0 || !(json = td_strbuf_take(&b, &len)))
            f->oom = true;
        else if (queue_item(f, json, len, line > 0 ? (uint64_t)line : 0) != 0) {
            free(json);
            f->oom = true;
        }
        prune(node);
    }
    td_strbuf_free(&b);
    if (f->oom)
        xmlStopParser(ctxt);
}

/* An external entity is never resolved, whatever the options say. */
static xmlParserInputPtr no_entity(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
    (void)ctx;
    (void)public_id;
    (void)system_id;
    return NULL;
}

td_feed *td_feed_open(td_stream *s, const char *path, const char *head, size_t head_len)
{
    td_feed *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->stream = s;
    f->head = malloc(head_len ? head_len : 1);
    f->chunk = malloc(CHUNK);
    if (!f->head || !f->chunk) {
        td_feed_close(f);
        return NULL;
    }
    memcpy(f->head, head, head_len);
    f->head_len = head_len;
    xmlSAXVersion(&f->sax, 2); /* libxml2's tree builder, with our hooks */
    f->sax.startElementNs = on_start;
    f->sax.endElementNs = on_end;
    f->sax.serror = on_error;
    f->sax.resolveEntity = no_entity;
    f->ctxt = xmlCreatePushParserCtxt(&f->sax, NULL, NULL, 0, path);
    if (!f->ctxt) {
        td_feed_close(f);
        return NULL;
    }
    f->ctxt->_private = f;
    /* No XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or
     * XML_PARSE_DTDVALID: see the top of the file. */
    xmlCtxtUseOptions(f->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
                                   XML_PARSE_BIG_LINES);
    f->ctxt->linenumbers = 1;
    return f;
}

/* One more chunk through the parser. */
static void parse_more(td_feed *f)
{
    size_t n = 0;
    bool broken = false;
    if (f->head_pos < f->head_len) {
        n = f->head_len - f->head_pos;
        if (n > CHUNK)
            n = CHUNK;
        memcpy(f->chunk, f->head + f->head_pos, n);
        f->head_pos += n;
    } else {
        ssize_t got = td_stream_read(f->stream, f->chunk, CHUNK);
        broken = got < 0;
        n = got > 0 ? (size_t)got : 0;
    }
    bool last = n == 0;
    int rc = xmlParseChunk(f->ctxt, f->chunk, (int)n, last);
    if (broken || last || rc != 0 || f->ctxt->disableSAX || f->oom || f->error[0])
        f->finished = true;
}

int td_feed_next(td_feed *f, char **json, size_t *len, uint64_t *line)
{
    *json = NULL;
    while (f->qnext == f->nqueue && !f->finished) {
        f->qnext = f->nqueue = 0;
        parse_more(f);
    }
    if (f->oom)
        return -2;
    if (f->qnext < f->nqueue) {
        feed_item *it = &f->queue[f->qnext++];
        *json = it->json;
        *len = it->len;
        *line = it->line;
        it->json = NULL;
        return 1;
    }
    if (f->reported)
        return 0;
    f->reported = true;
    const char *serr = td_stream_error(f->stream);
    if (serr && *serr) {
        /* A truncated archive: what the parser made of it is beside the
         * point. */
        snprintf(f->error, sizeof(f->error), "%s", serr);
        f->error_line = 0;
        return -1;
    }
    if (f->kind == FEED_UNKNOWN && !f->root_seen) {
        /* Empty, or white space only: libxml2 words it as "Extra content
         * at the end of the document", which misleads. */
        snprintf(f->error, sizeof(f->error), "not an RSS or Atom feed: no XML element in it");
        f->error_line = 0;
    }
    return f->error[0] ? -1 : 0;
}

const char *td_feed_error(const td_feed *f) { return f->error; }

uint64_t td_feed_error_line(const td_feed *f) { return f->error_line; }

void td_feed_close(td_feed *f)
{
    if (!f)
        return;
    if (f->ctxt) {
        xmlFreeDoc(f->ctxt->myDoc);
        f->ctxt->myDoc = NULL;
        xmlFreeParserCtxt(f->ctxt);
    }
    for (size_t i = f->qnext; i < f->nqueue; i++)
        free(f->queue[i].json);
    free(f->queue);
    free(f->source);
    free(f->head);
    free(f->chunk);
    free(f);
}
