/* outlook: a lexicon entry's word family (families.c), shared by the stage
 * and by make-families.c, which writes data/families.tsv with it. */
#ifndef TD_OUTLOOK_FAMILIES_H
#define TD_OUTLOOK_FAMILIES_H

#include <stddef.h>

#include <libstemmer.h>

/* Called with each form of the family, NUL-terminated; non-zero stops. */
typedef int (*ol_form_fn)(const char *form, size_t len, void *user);

/* The inflections of w[0, n) that Snowball's English stemmer gives w's
 * stem, in a fixed order (the bases, then the suffixes, as tried): none
 * for a word that is not plain (a-z only, 3 to 40 letters). 0, -1 out of
 * memory, or fn's non-zero value. */
int ol_family_forms(struct sb_stemmer *stemmer, const char *w, size_t n, ol_form_fn fn,
                    void *user);

#endif
