/* Small questions about tokens that every pass asks. */
#include <string.h>

#include "claims.h"

bool cl_tok_is(const cl_doc *d, size_t i, const char *word)
{
    if (i >= d->nt)
        return false;
    size_t n = strlen(word);
    return d->t[i].end - d->t[i].start == n && memcmp(d->text + d->t[i].start, word, n) == 0;
}

bool cl_tok_isi(const cl_doc *d, size_t i, const char *word)
{
    if (i >= d->nt)
        return false;
    size_t n = strlen(word);
    if (d->t[i].end - d->t[i].start != n)
        return false;
    const char *s = d->text + d->t[i].start;
    for (size_t k = 0; k < n; k++) {
        char a = s[k], b = word[k];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

bool cl_tok_punct(const cl_doc *d, size_t i, char c)
{
    return i < d->nt && d->t[i].end - d->t[i].start == 1 && d->text[d->t[i].start] == c;
}

bool cl_adjacent(const cl_doc *d, size_t i)
{
    return i + 1 < d->nt && d->t[i].end == d->t[i + 1].start;
}

int cl_cls(const cl_doc *d, size_t i)
{
    return i < d->nt && d->t[i].cue ? d->t[i].cue->cls : CL_NONE;
}

bool cl_is_year(const cl_doc *d, size_t i)
{
    if (i >= d->nt || d->t[i].kind != K_NUMBER || !d->t[i].has_value)
        return false;
    if (d->t[i].end - d->t[i].start != 4)
        return false;
    double v = d->t[i].value;
    return v >= 1900 && v <= 2100 && v == (double)(long)v;
}
