/*
 * One feed item or entry as a JSON object: which element gives which
 * field, and how each field's markup becomes text.
 *
 *   id         RSS guid, Atom id; else the link
 *   title      title
 *   url        RSS link (else a permalink guid), Atom link rel=alternate
 *   published  RSS pubDate or dc:date, Atom published or updated (ISO 8601)
 *   source     the channel's (feed's) title
 *   text       the fullest of content:encoded, content, description, summary
 */
#include "feed.h"
#include "html_text.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_RSS1 "http://purl.org/rss/1.0/"

typedef enum markup { MARKUP_TEXT, MARKUP_HTML, MARKUP_XHTML } markup;

/* The raw character data under node: text and CDATA, never an entity
 * reference (what an undeclared or external entity would have said). */
static void raw_text(const xmlNode *node, td_strbuf *out)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                td_strbuf_puts(out, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            raw_text(c, out);
        }
    }
}

/* XHTML content: the element tree itself, read as HTML would be. */
static void xhtml_text(const xmlNode *node, td_text_builder *tb, int depth)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                td_text_html_chars(tb, (const char *)c->content, strlen((const char *)c->content));
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        size_t len = strlen(name);
        if (td_html_is_dropped(name, len))
            continue;
        bool block = td_html_is_block(name, len);
        if (block)
            td_text_break(tb);
        if (depth < 256) /* the parser's own limit is deeper; stay bounded */
            xhtml_text(c, tb, depth + 1);
        if (block)
            td_text_break(tb);
    }
}

static markup markup_of(const xmlNode *node, bool atom)
{
    if (!atom)
        return MARKUP_HTML; /* RSS: escaped HTML, by long custom */
    xmlChar *type = xmlGetProp(node, (const xmlChar *)"type");
    markup m = MARKUP_TEXT; /* Atom's default */
    if (type) {
        if (strcmp((const char *)type, "html") == 0 || strcmp((const char *)type, "text/html") == 0)
            m = MARKUP_HTML;
        else if (strcmp((const char *)type, "xhtml") == 0 ||
                 strcmp((const char *)type, "application/xhtml+xml") == 0)
            m = MARKUP_XHTML;
        xmlFree(type);
    }
    return m;
}

/* The element's text as plain text, appended to out. */
static void element_text(const xmlNode *node, bool atom, td_strbuf *out)
{
    td_text_builder tb;
    td_text_begin(&tb, out);
    markup m = markup_of(node, atom);
    if (m == MARKUP_XHTML) {
        xhtml_text(node, &tb, 0);
        return;
    }
    td_strbuf raw;
    td_strbuf_init(&raw);
    raw_text(node, &raw);
    if (raw.oom)
        out->oom = true;
    else if (raw.len && m == MARKUP_HTML)
        td_text_html(&tb, raw.data, raw.len);
    else if (raw.len)
        td_text_plain(&tb, raw.data, raw.len);
    td_strbuf_free(&raw);
}

static bool is_atom_node(const xmlNode *n)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, NS_ATOM) == 0;
}

int td_feed_node_text(xmlNode *node, td_strbuf *out)
{
    element_text(node, is_atom_node(node), out);
    return out->oom ? -1 : 0;
}

/* A field's value: text owned by a strbuf, empty when absent. */
typedef struct field {
    td_strbuf b;
    bool set;
} field;

static bool name_is(const xmlNode *n, const char *name, const char *ns)
{
    if (strcmp((const char *)n->name, name) != 0)
        return false;
    if (!ns) /* RSS 2.0's own elements, in no namespace; RSS 1.0's; Atom's */
        return !n->ns || is_atom_node(n) ||
               (n->ns->href && strcmp((const char *)n->ns->href, NS_RSS1) == 0);
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

static void set_text(field *f, const xmlNode *node, bool atom)
{
    if (f->set)
        return; /* the first of repeated elements */
    element_text(node, atom, &f->b);
    f->set = true;
}

/* An identifier or address: the characters, trimmed, no markup read. */
static void set_plain(field *f, const xmlNode *node)
{
    if (f->set)
        return;
    td_strbuf raw;
    td_strbuf_init(&raw);
    raw_text(node, &raw);
    size_t s = 0, e = raw.len;
    while (s < e && strchr(" \t\r\n", raw.data[s]))
        s++;
    while (e > s && strchr(" \t\r\n", raw.data[e - 1]))
        e--;
    if (e > s) {
        td_strbuf_append(&f->b, raw.data + s, e - s);
        f->set = true;
    }
    if (raw.oom)
        f->b.oom = true;
    td_strbuf_free(&raw);
}

static void set_attr(field *f, const xmlNode *node, const char *attr)
{
    if (f->set)
        return;
    xmlChar *v = xmlGetProp(node, (const xmlChar *)attr);
    if (v && *v) {
        td_strbuf_puts(&f->b, (const char *)v);
        f->set = true;
    }
    xmlFree(v);
}

/* The body candidates; the longest text wins. */
enum { BODY_ENCODED, BODY_CONTENT, BODY_DESCRIPTION, BODY_SUMMARY, NBODY };

static void member(td_strbuf *out, bool *first, const char *key, const field *f)
{
    if (!f->set)
        return;
    td_strbuf_puts(out, *first ? "{\"" : ",\"");
    td_strbuf_puts(out, key);
    td_strbuf_puts(out, "\":");
    td_strbuf_json_string(out, f->b.data ? f->b.data : "", f->b.len);
    *first = false;
}

int td_feed_item_json(xmlNode *item, const char *source, td_strbuf *out)
{
    bool atom = is_atom_node(item);
    field id = {0}, title = {0}, link = {0}, permalink = {0}, date = {0}, updated = {0};
    field body[NBODY];
    memset(body, 0, sizeof(body));
    field *all[] = {&id, &title, &link, &permalink, &date, &updated, &body[0], &body[1],
                    &body[2], &body[3]};
    for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
        td_strbuf_init(&all[i]->b);

    for (const xmlNode *c = item->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "title", NULL)) {
            set_text(&title, c, atom);
        } else if (name_is(c, "guid", NULL) || (atom && name_is(c, "id", NULL))) {
            set_plain(&id, c);
            if (!atom) {
                xmlChar *perma = xmlGetProp(c, (const xmlChar *)"isPermaLink");
                if (!perma || strcmp((const char *)perma, "false") != 0)
                    set_plain(&permalink, c);
                xmlFree(perma);
            }
        } else if (name_is(c, "link", NULL)) {
            if (!atom) {
                set_plain(&link, c);
            } else {
                xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
                if (!rel || strcmp((const char *)rel, "alternate") == 0)
                    set_attr(&link, c, "href");
                xmlFree(rel);
            }
        } else if (name_is(c, "pubDate", NULL) || (atom && name_is(c, "published", NULL)) ||
                   name_is(c, "date", NS_DC)) {
            set_plain(&date, c);
        } else if (atom && name_is(c, "updated", NULL)) {
            set_plain(&updated, c);
        } else if (name_is(c, "encoded", NS_CONTENT)) {
            set_text(&body[BODY_ENCODED], c, false);
        } else if (atom && name_is(c, "content", NULL)) {
            set_text(&body[BODY_CONTENT], c, true);
        } else if (name_is(c, "description", NULL)) {
            set_text(&body[BODY_DESCRIPTION], c, atom);
        } else if (atom && name_is(c, "summary", NULL)) {
            set_text(&body[BODY_SUMMARY], c, true);
        }
    }

    if (!link.set && permalink.set && strncmp(permalink.b.data, "http", 4) == 0) {
        td_strbuf_append(&link.b, permalink.b.data, permalink.b.len);
        link.set = true;
    }
    if (!id.set && link.set) {
        td_strbuf_append(&id.b, link.b.data, link.b.len);
        id.set = true;
    }
    field *when = date.set ? &date : updated.set ? &updated : NULL;
    field published = {0}, published_raw = {0};
    td_strbuf_init(&published.b);
    td_strbuf_init(&published_raw.b);
    if (when) {
        char iso[40];
        if (td_feed_date_iso(when->b.data, iso) == 0) {
            td_strbuf_puts(&published.b, iso);
            published.set = true;
        } else {
            /* Kept as the feed wrote it, under a name that says so. */
            td_strbuf_append(&published_raw.b, when->b.data, when->b.len);
            published_raw.set = true;
        }
    }
    field *text = &body[0];
    for (size_t i = 1; i < NBODY; i++)
        if (body[i].set && (!text->set || body[i].b.len > text->b.len))
            text = &body[i];
    field src = {0};
    td_strbuf_init(&src.b);
    if (source && *source) {
        td_strbuf_puts(&src.b, source);
        src.set = true;
    }

    bool first = true;
    member(out, &first, "id", &id);
    member(out, &first, "title", &title);
    member(out, &first, "url", &link);
    member(out, &first, "published", &published);
    member(out, &first, "published_raw", &published_raw);
    member(out, &first, "source", &src);
    text->set = true; /* always a text, if an empty one */
    member(out, &first, "text", text);
    td_strbuf_putc(out, '}');

    bool oom = published.b.oom || published_raw.b.oom || src.b.oom;
    for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++) {
        oom |= all[i]->b.oom;
        td_strbuf_free(&all[i]->b);
    }
    td_strbuf_free(&published.b);
    td_strbuf_free(&published_raw.b);
    td_strbuf_free(&src.b);
    return oom || out->oom ? -1 : 0;
}
