/* HTML (and plain text) to the plain text of a document: tags removed,
 * script and style dropped, block elements made paragraph breaks, white
 * space collapsed, entities and numeric references decoded. One pass,
 * linear in the input, whatever it holds. */
#ifndef TD_HTML_TEXT_H
#define TD_HTML_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* Text built piece by piece: runs of white space become one space, breaks
 * a blank line ("\n\n"), and nothing leads or trails. */
typedef struct td_text_builder {
    td_strbuf *out;
    size_t start;   /* where this builder's text begins in out */
    int pending;    /* 0 nothing, 1 a space, 2 a paragraph break */
} td_text_builder;

void td_text_begin(td_text_builder *tb, td_strbuf *out);
/* Text as written in HTML: every white space run is one space. */
void td_text_html_chars(td_text_builder *tb, const char *s, size_t n);
/* Plain text: a white space run holding a blank line is a paragraph
 * break, any other one a space. */
void td_text_plain(td_text_builder *tb, const char *s, size_t n);
void td_text_break(td_text_builder *tb);
void td_text_space(td_text_builder *tb);

/* HTML markup, decoded and appended. */
void td_text_html(td_text_builder *tb, const char *html, size_t n);

/* Element names (lower case, n bytes): a block that breaks paragraphs; one
 * whose content is dropped (script, style). */
bool td_html_is_block(const char *name, size_t n);
bool td_html_is_dropped(const char *name, size_t n);

#endif
